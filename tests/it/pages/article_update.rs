//! The editor's «Update from a newer version» form (`POST /articles/{id}/update`): the API's update
//! behind a page, with its refusals shown as error pages that change nothing.

use axum::http::StatusCode;
use serde_json::Value;
use tarjuman::domain::Role;

use crate::support::api::Client;
use crate::support::browser_session::Visitor;
use crate::support::db::TestDb;
use crate::support::http::MAX_BODY_BYTES;

const FIRST: &str = "قال المتحدث إن الوضع مستقر في المدينة.";
const SECOND: &str = "وصلت فرق الإنقاذ إلى الموقع صباحا.";
const SECOND_REWORDED: &str = "وصلت فرق الإنقاذ والإسعاف إلى الموقع صباحا.";
const THIRD: &str = "ولم تعلن أي جهة مسؤوليتها عن الهجوم.";

fn page(sentences: &[&str]) -> Vec<u8> {
    let paragraphs: String = sentences.iter().map(|s| format!("<p>{s}</p>\n")).collect();
    format!("<!DOCTYPE html>\n<html><head><title>Wire</title></head><body>\n{paragraphs}</body></html>\n")
        .into_bytes()
}

/// An article imported from an HTML page, its first sentence translated.
async fn html_article(client: &Client) -> i64 {
    let uri = "/api/v1/articles/import?name=story.html&source_lang=ar&target_lang=en";
    let (status, body) = client.bytes("POST", uri, page(&[FIRST, SECOND])).await;
    assert_eq!(status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    let id = serde_json::from_slice::<Value>(&body).unwrap()["id"].as_i64().unwrap();
    let segment = &segments(client, id).await[0];
    let save = serde_json::json!({"target": "The spokesman said the city is calm.", "status": "translated", "base_revision": 0});
    let (status, _) = client.put(&format!("/api/v1/segments/{}", segment["id"]), save).await;
    assert_eq!(status, StatusCode::OK);
    id
}

async fn segments(client: &Client, id: i64) -> Vec<Value> {
    let (_, article) = client.get(&format!("/api/v1/articles/{id}")).await;
    article["segments"].as_array().unwrap().clone()
}

/// What a refused update must leave as it was: the segments, the history of updates, the file.
async fn state_of(client: &Client, id: i64) -> (Vec<Value>, Value, Vec<u8>) {
    let (_, updates) = client.get(&format!("/api/v1/articles/{id}/updates")).await;
    let (status, file) =
        client.bytes("GET", &format!("/api/v1/articles/{id}/export?format=html"), vec![]).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&file));
    (segments(client, id).await, updates, file)
}

#[tokio::test]
async fn a_newer_page_uploaded_in_the_editor_updates_the_article_and_says_what_it_did() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    Client::new(&db, Role::Reviewer, "").await;
    let id = html_article(&translator).await;
    let mut editor = Visitor::new(&db.pool);
    editor.sign_in("reviewer", "secret-password").await;
    let form = editor.get(&format!("/articles/{id}")).await;
    assert!(form.body.contains(&format!("action=\"/articles/{id}/update\"")), "the editor offers the form");

    let newer = page(&[FIRST, SECOND_REWORDED, THIRD]);
    let answer = editor
        .post_multipart(
            &format!("/articles/{id}/update"),
            &[("csrf", &form.csrf()), ("title", ""), ("text", "")],
            &[("file", "story-v2.html", &newer)],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(answer.location.as_deref(), Some(format!("/articles/{id}").as_str()));
    let shown = editor.get(&format!("/articles/{id}")).await;
    assert!(
        shown.body.contains(
            "Updated to the newer version: 1 sentence(s) kept with their translation, 1 changed (marked «source \
             changed»), 1 added, 0 removed (kept in the history), 0 drafted from translations in the file."
        ),
        "{}",
        shown.body
    );
    assert_eq!(shown.body.matches("class=\"badge source-changed\"").count(), 1);
    let now = segments(&translator, id).await;
    let sources: Vec<&str> = now.iter().map(|s| s["source"].as_str().unwrap()).collect();
    assert_eq!(sources, [FIRST, SECOND_REWORDED, THIRD]);
    assert_eq!(now[0]["target"], "The spokesman said the city is calm.");
    // The editor lists the update, as the API does.
    let (_, updates) = translator.get(&format!("/api/v1/articles/{id}/updates")).await;
    assert_eq!(updates[0]["by"], "reviewer", "{updates}");
    let at = updates[0]["at"].as_str().unwrap();
    let line = format!(
        "<li>Updated by <bdi>reviewer</bdi> at {} {} UTC: 1 kept, 1 changed, 1 added, 0 removed, 0 drafted</li>",
        &at[..10],
        &at[11..16]
    );
    assert!(shown.body.contains(&line), "{line} in {}", shown.body);
    // Said once: the next visit has no confirmation.
    let again = editor.get(&format!("/articles/{id}")).await;
    assert!(!again.body.contains("Updated to the newer version"));
}

#[tokio::test]
async fn a_refused_update_in_the_editor_is_an_error_page_and_changes_nothing() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    Client::new(&db, Role::Terminologist, "").await;
    let id = html_article(&translator).await;
    let before = state_of(&translator, id).await;
    let uri = format!("/articles/{id}/update");
    let newer = page(&[FIRST, SECOND_REWORDED]);

    // A role that may not translate: refused on the server, whatever the page shows it.
    let mut terminologist = Visitor::new(&db.pool);
    terminologist.sign_in("terminologist", "secret-password").await;
    let editor = terminologist.get(&format!("/articles/{id}")).await;
    assert!(!editor.body.contains(&format!("action=\"{uri}\"")), "no form for a read-only role");
    let csrf = editor.csrf();
    let answer =
        terminologist.post_multipart(&uri, &[("csrf", &csrf)], &[("file", "story-v2.html", &newer)]).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert!(answer.body.contains("Not allowed for your role"), "{}", answer.body);

    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let csrf = visitor.get(&format!("/articles/{id}")).await.csrf();
    // Without the session's token.
    let answer = visitor.post_multipart(&uri, &[("text", SECOND_REWORDED)], &[]).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    let answer = visitor
        .post_multipart(&uri, &[("csrf", "0".repeat(64).as_str())], &[("file", "v2.html", &newer)])
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);

    // Refusals a person can act on: a page saying why, with the way back to the form.
    let too_long = "ك".repeat(MAX_BODY_BYTES);
    let txt = SECOND_REWORDED.as_bytes();
    let cases = [
        Refusal::new("pasted text into an HTML article", SECOND_REWORDED, None, "imported from an HTML page"),
        Refusal::new("nothing pasted or chosen", "  ", None, "imported from an HTML page"),
        Refusal::new("a text file into an HTML article", "", Some(("v2.txt", txt)), "not text"),
        Refusal::new("a Word file's name on a page", "", Some(("v2.docx", &newer)), "That could not be used"),
        Refusal::new("text and a file both", SECOND_REWORDED, Some(("v2.html", &newer)), "both given"),
        Refusal {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            ..Refusal::new("too long", &too_long, None, "Too large")
        },
    ];
    for Refusal { case, text, file, status, says } in cases {
        let files: Vec<(&str, &str, &[u8])> =
            file.into_iter().map(|(name, bytes)| ("file", name, bytes)).collect();
        let answer = visitor.post_multipart(&uri, &[("csrf", &csrf), ("text", text)], &files).await;
        assert_eq!(answer.status, status, "{case}: {}", answer.body);
        assert!(answer.body.contains(says), "{case}: {}", answer.body);
        assert!(answer.body.contains("data-back"), "{case}: the error page leads back to the form");
    }
    assert_eq!(state_of(&translator, id).await, before, "a refused update changes nothing");
    let editor = visitor.get(&format!("/articles/{id}")).await;
    assert!(!editor.body.contains("id=\"update-history\""), "no update to list");
}

/// A form the update refuses, and what the page answers.
struct Refusal<'a> {
    case: &'a str,
    text: &'a str,
    file: Option<(&'a str, &'a [u8])>,
    status: StatusCode,
    says: &'a str,
}

impl<'a> Refusal<'a> {
    fn new(case: &'a str, text: &'a str, file: Option<(&'a str, &'a [u8])>, says: &'a str) -> Self {
        Self { case, text, file, status: StatusCode::UNPROCESSABLE_ENTITY, says }
    }
}
