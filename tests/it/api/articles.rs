//! `/articles`: import, read with matches, read at a past time, history, progress.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};
use tarjuman::app::setup::{first_start, Options};
use tarjuman::domain::Role;

use crate::support::api::Client;
use crate::support::db::TestDb;
use crate::support::http::{send, test_passwords, MAX_BODY_BYTES};

const SEED: &str = include_str!("../../../samples/kazakhstan-csto.ar.txt");

/// A database with the shipped glossaries loaded (and no sample), and a translator.
async fn with_glossaries() -> (TestDb, Client) {
    let db = TestDb::new().await;
    first_start(&db.pool, &test_passwords(), Options { admin_password: Some("pw".into()), sample: false })
        .await
        .unwrap();
    let translator = Client::new(&db, Role::Translator, "").await;
    (db, translator)
}

async fn import_seed(client: &Client) -> Value {
    let (status, article) = client
        .post(
            "/api/v1/articles",
            json!({"title": "CSTO", "source_lang": "ar", "target_lang": "en", "text": SEED}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{article}");
    article
}

async fn count(db: &TestDb, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT count(*) FROM {table}")).fetch_one(&db.pool).await.unwrap()
}

fn targets(segment: &Value) -> Vec<&str> {
    segment["matches"].as_array().unwrap().iter().map(|m| m["target"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn the_seed_imports_as_24_segments_with_glossary_matches() {
    let (_db, client) = with_glossaries().await;
    let created = import_seed(&client).await;
    assert_eq!(created["glossaries"].as_array().unwrap().len(), 1, "the ar→en glossary is used by default");

    let (status, article) = client.get(&format!("/api/v1/articles/{}", created["id"])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(article["title"], "CSTO");
    let segments = article["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 24);
    let first = &segments[1];
    for key in ["id", "index", "source", "target", "status", "revision", "matches"] {
        assert!(first.get(key).is_some(), "segment lacks {key}: {first}");
    }
    assert_eq!((first["index"].as_i64(), first["revision"].as_i64()), (Some(1), Some(0)));
    assert_eq!((first["target"].as_str(), first["status"].as_str()), (Some(""), Some("initial")));
    assert!(targets(first).contains(&"Kazakhstan"), "{}", first["matches"]);
    let hit = &first["matches"][0];
    for key in ["source", "target", "surface", "start", "end", "kind"] {
        assert!(hit.get(key).is_some(), "match lacks {key}: {hit}");
    }
}

#[tokio::test]
async fn a_term_added_to_the_glossary_shows_up_at_once() {
    let (db, client) = with_glossaries().await;
    let created = import_seed(&client).await;
    let uri = format!("/api/v1/articles/{}", created["id"]);
    let (_, before) = client.get(&uri).await;
    assert!(!targets(&before["segments"][0]).contains(&"reactions"));

    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let glossary = created["glossaries"][0].as_i64().unwrap();
    // «وردود فعل» in the text: a noun entry is found with its proclitic.
    let entry = json!({"source_terms": [{"text": "ردود فعل"}], "target_terms": [{"text": "reactions"}], "part_of_speech": "noun"});
    let (status, _) = terminologist.post(&format!("/api/v1/glossaries/{glossary}/entries"), entry).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, after) = client.get(&uri).await;
    assert!(targets(&after["segments"][0]).contains(&"reactions"), "{}", after["segments"][0]["matches"]);
}

#[tokio::test]
async fn an_upload_is_imported_with_its_file_name() {
    let (db, client) = with_glossaries().await;
    let (status, created) =
        send(&db.pool, upload(&client.token, "kazakhstan.txt", SEED.as_bytes(), "ar")).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["origin_file_name"], "kazakhstan.txt");
    assert_eq!(count(&db, "segments").await, 24);
}

fn upload(token: &str, file_name: &str, content: &[u8], source_lang: &str) -> Request<Body> {
    let boundary = "XtarjumanX";
    let mut body = Vec::new();
    for (name, value) in [("title", "Upload"), ("source_lang", source_lang), ("target_lang", "en")] {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .bytes(),
        );
    }
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: text/plain\r\n\r\n")
            .bytes(),
    );
    body.extend_from_slice(content);
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    Request::post("/api/v1/articles")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn bad_imports_are_refused_and_store_nothing() {
    let (db, client) = with_glossaries().await;
    let article = |text: &str, lang: &str| json!({"title": "t", "source_lang": lang, "target_lang": "en", "text": text});
    for (name, body, expected) in [
        ("empty text", article("", "ar"), StatusCode::UNPROCESSABLE_ENTITY),
        ("blank text", article(" \n\n ", "ar"), StatusCode::UNPROCESSABLE_ENTITY),
        ("unknown language", article("نص.", "arabic"), StatusCode::UNPROCESSABLE_ENTITY),
        ("missing field", json!({"title": "t", "text": "نص."}), StatusCode::UNPROCESSABLE_ENTITY),
        (
            "unknown glossary",
            json!({"title": "t", "source_lang": "ar", "target_lang": "en", "text": "نص.", "glossaries": [999]}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let (status, json) = client.post("/api/v1/articles", body).await;
        assert_eq!(status, expected, "{name}: {json}");
        assert!(json["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{name}: {json}");
    }
    let (status, json) =
        send(&db.pool, upload(&client.token, "latin1.txt", b"caf\xe9\nline two", "fr")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
    assert!(json["error"]["message"].as_str().unwrap().contains("UTF-8"), "{json}");

    let huge = "كلمة ".repeat(MAX_BODY_BYTES / 5);
    let (status, json) = client.post("/api/v1/articles", article(&huge, "ar")).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{json}");
    assert_eq!(json["error"]["code"], "too_large");

    let plain = Request::post("/api/v1/articles")
        .header(header::AUTHORIZATION, format!("Bearer {}", client.token))
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("نص."))
        .unwrap();
    assert_eq!(send(&db.pool, plain).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(count(&db, "articles").await, 0);
    assert_eq!(count(&db, "segments").await, 0);
}

#[tokio::test]
async fn a_glossary_of_another_language_pair_is_refused() {
    let (db, client) = with_glossaries().await;
    let ar_en: i64 = sqlx::query_scalar("SELECT id FROM glossaries WHERE source_lang = 'ar'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let body = json!({"title": "t", "source_lang": "fr", "target_lang": "en", "text": "Une phrase.", "glossaries": [ar_en]});
    let (status, json) = client.post("/api/v1/articles", body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
    assert!(json["error"]["message"].as_str().unwrap().contains("is not fr→en like the article"), "{json}");
    assert_eq!(count(&db, "articles").await, 0);
}

#[tokio::test]
async fn terminologists_may_not_import_articles() {
    let (db, _) = with_glossaries().await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let body = json!({"title": "t", "source_lang": "ar", "target_lang": "en", "text": "نص."});
    assert_eq!(terminologist.post("/api/v1/articles", body).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn unknown_articles_are_404() {
    let (_db, client) = with_glossaries().await;
    for uri in ["/api/v1/articles/999", "/api/v1/articles/999/history", "/api/v1/articles/999/progress"] {
        let (status, json) = client.get(uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(json["error"]["code"], "not_found");
    }
}

#[tokio::test]
async fn list_shows_imported_articles_newest_first() {
    let (_db, client) = with_glossaries().await;
    let first = import_seed(&client).await;
    let second = import_seed(&client).await;
    let (status, list) = client.get("/api/v1/articles").await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&Value> = list.as_array().unwrap().iter().map(|a| &a["id"]).collect();
    assert_eq!(ids, [&second["id"], &first["id"]]);
    let (_, archived) = client.get("/api/v1/articles?archived=true").await;
    assert_eq!(archived, json!([]));
}

#[tokio::test]
async fn the_article_as_it_stood_at_a_past_time() {
    let (_db, client) = with_glossaries().await;
    let created = import_seed(&client).await;
    let uri = format!("/api/v1/articles/{}", created["id"]);
    let (_, article) = client.get(&uri).await;
    let segment = article["segments"][0]["id"].as_i64().unwrap();
    let save =
        |target: &str, base: i64| json!({"target": target, "status": "translated", "base_revision": base});
    let (_, first) = client.put(&format!("/api/v1/segments/{segment}"), save("First wording", 0)).await;
    client.put(&format!("/api/v1/segments/{segment}"), save("Second wording", 1)).await;
    let (status, _) = client.post(&format!("/api/v1/segments/{segment}/split"), json!({"offset": 10})).await;
    assert_eq!(status, StatusCode::OK);

    let (_, now) = client.get(&uri).await;
    assert_eq!(now["segments"].as_array().unwrap().len(), 25, "split into two");
    assert_eq!(now["segments"][0]["target"], "Second wording");

    let at = first["at"].as_str().unwrap().replace('+', "%2B");
    let (status, then) = client.get(&format!("{uri}?at={at}")).await;
    assert_eq!(status, StatusCode::OK, "{then}");
    let segments = then["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 24, "before the split");
    assert_eq!(
        (segments[0]["target"].as_str(), segments[0]["revision"].as_i64()),
        (Some("First wording"), Some(1))
    );

    let (status, _) = client.get(&format!("{uri}?at=yesterday")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn history_lists_every_change_newest_first_and_progress_counts_words() {
    let (db, client) = with_glossaries().await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let created = import_seed(&client).await;
    let uri = format!("/api/v1/articles/{}", created["id"]);
    let (_, article) = client.get(&uri).await;
    let ids: Vec<i64> =
        article["segments"].as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()).collect();
    client
        .put(
            &format!("/api/v1/segments/{}", ids[2]),
            json!({"target": "a", "status": "translated", "base_revision": 0}),
        )
        .await;
    reviewer
        .put(
            &format!("/api/v1/segments/{}", ids[2]),
            json!({"target": "b", "status": "reviewed", "base_revision": 1}),
        )
        .await;
    client
        .put(
            &format!("/api/v1/segments/{}", ids[5]),
            json!({"target": "c", "status": "translated", "base_revision": 0}),
        )
        .await;

    let (status, history) = client.get(&format!("{uri}/history")).await;
    assert_eq!(status, StatusCode::OK);
    let summary: Vec<(i64, &str, &str)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["index"].as_i64().unwrap(), h["author"].as_str().unwrap(), h["target"].as_str().unwrap()))
        .collect();
    assert_eq!(summary, [(5, "translator", "c"), (2, "reviewer", "b"), (2, "translator", "a")]);

    let (status, progress) = client.get(&format!("{uri}/progress")).await;
    assert_eq!(status, StatusCode::OK);
    let words =
        |i: usize| article["segments"][i]["source"].as_str().unwrap().split_whitespace().count() as u64;
    assert_eq!(progress["reviewed"], json!({"segments": 1, "words": words(2)}));
    assert_eq!(progress["translated"], json!({"segments": 1, "words": words(5)}));
    assert_eq!(progress["initial"]["segments"], 22);
    assert_eq!(progress["final"]["segments"], 0);
    let total: u64 = (0..24).map(words).sum();
    assert_eq!(progress["total"], json!({"segments": 24, "words": total}));
}

#[tokio::test]
async fn articles_are_assigned_and_archived() {
    let (db, client) = with_glossaries().await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let created = import_seed(&client).await;
    let uri = format!("/api/v1/articles/{}", created["id"]);

    let (status, updated) = client.call("PATCH", &uri, Some(json!({"assignee": "Reviewer"}))).await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(
        (updated["assignee"].as_str(), updated["archived"].as_bool()),
        (Some("reviewer"), Some(false))
    );
    let (_, updated) = client.call("PATCH", &uri, Some(json!({"archived": true}))).await;
    assert_eq!(updated["assignee"], "reviewer", "an absent field stays as it is");
    let (_, current) = reviewer.get("/api/v1/articles").await;
    assert_eq!(current, json!([]));
    let (_, archived) = reviewer.get("/api/v1/articles?archived=true").await;
    assert_eq!(archived.as_array().unwrap().len(), 1);
    let (_, updated) = client.call("PATCH", &uri, Some(json!({"assignee": null, "archived": false}))).await;
    assert_eq!((updated["assignee"].clone(), updated["archived"].as_bool()), (Value::Null, Some(false)));

    let (status, _) = client.call("PATCH", &uri, Some(json!({"assignee": "nobody"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = client.call("PATCH", "/api/v1/articles/999", Some(json!({"archived": true}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    assert_eq!(
        terminologist.call("PATCH", &uri, Some(json!({"archived": true}))).await.0,
        StatusCode::FORBIDDEN
    );
}
