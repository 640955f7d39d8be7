//! The article read keeps its answer between requests: each test reads an article through one instance,
//! changes it through that instance or another over the same database, and reads again through the first.

use axum::http::StatusCode;
use serde_json::{json, Value};
use tarjuman::domain::Role;
use tarjuman::web::AppState;

use crate::support::api::Client;
use crate::support::db::TestDb;
use crate::support::http::{authed, send_to, state};

const SENTENCES: &str = "زار الوزير أوكرانيا أمس.\nقال الوزير إن المحادثات كانت مفيدة.";

struct Desk {
    db: TestDb,
    translator: Client,
    terminologist: Client,
    article: i64,
    glossary: i64,
}

/// An article of two sentences matched against an empty glossary of its own.
async fn desk() -> Desk {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let (status, glossary) = terminologist
        .post("/api/v1/glossaries", json!({"name": "desk", "source_lang": "ar", "target_lang": "en"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{glossary}");
    let glossary = glossary["id"].as_i64().unwrap();
    let new = json!({"title": "Visit", "source_lang": "ar", "target_lang": "en", "text": SENTENCES,
                     "glossaries": [glossary], "pretranslate": false});
    let (status, article) = translator.post("/api/v1/articles", new).await;
    assert_eq!(status, StatusCode::CREATED, "{article}");
    Desk { db, translator, terminologist, article: article["id"].as_i64().unwrap(), glossary }
}

/// One server instance: its own caches over the shared database.
fn instance(db: &TestDb) -> AppState {
    state(db.pool.clone())
}

async fn call(instance: &AppState, client: &Client, method: &str, uri: &str, body: Option<Value>) -> Value {
    let (status, answer) = send_to(instance.clone(), authed(method, uri, &client.token, body)).await;
    assert!(status.is_success(), "{method} {uri}: {status} {answer}");
    answer
}

async fn read(instance: &AppState, client: &Client, article: i64) -> Value {
    call(instance, client, "GET", &format!("/api/v1/articles/{article}"), None).await
}

fn segment(article: &Value, index: usize) -> &Value {
    &article["segments"][index]
}

async fn save(instance: &AppState, client: &Client, segment: &Value, target: &str, status: &str) {
    let body = json!({"target": target, "status": status, "base_revision": segment["revision"]});
    call(instance, client, "PUT", &format!("/api/v1/segments/{}", segment["id"]), Some(body)).await;
}

fn matched_targets(segment: &Value) -> Vec<&str> {
    segment["matches"].as_array().unwrap().iter().map(|m| m["target"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_read_shows_each_save_made_through_the_same_or_another_instance() {
    let desk = desk().await;
    let (here, there) = (instance(&desk.db), instance(&desk.db));
    let first = read(&here, &desk.translator, desk.article).await;
    assert_eq!(read(&here, &desk.translator, desk.article).await, first, "nothing changed");

    save(&here, &desk.translator, segment(&first, 0), "The minister visited Ukraine.", "initial").await;
    let after = read(&here, &desk.translator, desk.article).await;
    let saved = segment(&after, 0);
    assert_eq!(
        (saved["target"].as_str(), saved["revision"].as_i64()),
        (Some("The minister visited Ukraine."), Some(1))
    );

    save(&there, &desk.translator, saved, "The minister visited Ukraine yesterday.", "translated").await;
    let after = read(&here, &desk.translator, desk.article).await;
    let saved = segment(&after, 0);
    assert_eq!(saved["target"], "The minister visited Ukraine yesterday.", "saved through another instance");
    assert_eq!((saved["status"].as_str(), saved["revision"].as_i64()), (Some("translated"), Some(2)));
    assert_eq!(segment(&after, 1), segment(&first, 1), "the other segment is as it was");
}

#[tokio::test]
async fn a_read_shows_glossary_entries_added_and_edited_through_another_instance() {
    let desk = desk().await;
    let (here, there) = (instance(&desk.db), instance(&desk.db));
    let before = read(&here, &desk.translator, desk.article).await;
    assert!(matched_targets(segment(&before, 0)).is_empty());

    let entries = format!("/api/v1/glossaries/{}/entries", desk.glossary);
    let entry = json!({"source_terms": [{"text": "أوكرانيا"}], "target_terms": [{"text": "Ukraine"}],
                       "part_of_speech": "properNoun"});
    let added = call(&there, &desk.terminologist, "POST", &entries, Some(entry.clone())).await;
    let after = read(&here, &desk.translator, desk.article).await;
    assert_eq!(matched_targets(segment(&after, 0)), ["Ukraine"]);

    let mut edited = entry;
    edited["target_terms"] = json!([{"text": "the Ukraine"}]);
    let uri = format!("{entries}/{}", added["id"]);
    call(&there, &desk.terminologist, "PUT", &uri, Some(edited)).await;
    let after = read(&here, &desk.translator, desk.article).await;
    assert_eq!(matched_targets(segment(&after, 0)), ["the Ukraine"]);
}

#[tokio::test]
async fn a_read_shows_the_article_updated_through_another_instance() {
    let desk = desk().await;
    let (here, there) = (instance(&desk.db), instance(&desk.db));
    let before = read(&here, &desk.translator, desk.article).await;
    assert_eq!(before["archived"], false);

    let uri = format!("/api/v1/articles/{}", desk.article);
    call(&there, &desk.translator, "PATCH", &uri, Some(json!({"archived": true}))).await;
    assert_eq!(read(&here, &desk.translator, desk.article).await["archived"], true);

    let newer = "زار الوزير أوكرانيا أمس.\nقال الوزير إن المحادثات كانت صعبة.";
    let update = json!({"title": "", "source_lang": "ar", "target_lang": "en", "text": newer});
    call(&there, &desk.translator, "POST", &format!("{uri}/update"), Some(update)).await;
    let after = read(&here, &desk.translator, desk.article).await;
    let sources: Vec<&str> =
        after["segments"].as_array().unwrap().iter().map(|s| s["source"].as_str().unwrap()).collect();
    assert_eq!(sources, newer.lines().collect::<Vec<_>>(), "the new text");
}
