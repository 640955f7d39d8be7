//! Comment threads, mentions and the inbox.

use axum::http::StatusCode;
use serde_json::json;
use tarjuman::domain::Role;

use crate::support::api::{article, Client};
use crate::support::db::TestDb;

#[tokio::test]
async fn a_mention_reaches_the_inbox_of_the_person_named() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "1").await;
    let rami = Client::new(&db, Role::Reviewer, "").await;
    let (_, segments) = article(&db, &sara.user, &["قتل 12 شخصا."]).await;
    let uri = format!("/api/v1/segments/{}/comments", segments[0]);

    let (status, posted) =
        sara.post(&uri, json!({"body": "@Reviewer is **12** right? <b>not markup</b> @nobody"})).await;
    assert_eq!(status, StatusCode::OK, "{posted}");
    assert_eq!(posted["author"], "translator1");
    let styles: Vec<(&str, &str)> = posted["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["style"].as_str().unwrap(), p["text"].as_str().unwrap()))
        .collect();
    assert!(styles.contains(&("mention", "Reviewer")), "{styles:?}");
    assert!(styles.contains(&("strong", "12")), "{styles:?}");
    assert!(styles.iter().any(|(s, t)| *s == "plain" && t.contains("<b>not markup</b>")), "tags stay text");

    let (_, thread) = rami.get(&uri).await;
    assert_eq!(thread.as_array().unwrap().len(), 1);

    let (_, inbox) = rami.get("/api/v1/inbox").await;
    assert_eq!(inbox["unread"], 1, "{inbox}");
    assert_eq!(inbox["items"][0]["segment_id"], segments[0]);
    assert_eq!(inbox["items"][0]["article_title"], "fixture");
    let (_, own) = sara.get("/api/v1/inbox").await;
    assert_eq!(own["unread"], 0, "the author is not told of her own comment");

    let id = inbox["items"][0]["id"].as_i64().unwrap();
    let (status, after) = rami.post("/api/v1/inbox/read", json!({"comments": [id]})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(after["unread"], 0);
    assert_eq!(after["items"][0]["read"], true);
}

#[tokio::test]
async fn comments_are_edited_by_their_author_only_and_keep_their_history() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "1").await;
    let omar = Client::new(&db, Role::Translator, "2").await;
    let (id, _) = article(&db, &sara.user, &["جملة."]).await;
    let (_, posted) = sara.post(&format!("/api/v1/articles/{id}/comments"), json!({"body": "first"})).await;
    let uri = format!("/api/v1/comments/{}", posted["id"]);

    let (status, _) = omar.call("PATCH", &uri, Some(json!({"body": "hijacked"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, edited) = sara.call("PATCH", &uri, Some(json!({"body": "second, @translator2"}))).await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(edited["body"], "second, @translator2");
    assert!(edited["edited_at"].is_string());
    let (_, edits) = sara.get(&format!("{uri}/edits")).await;
    assert_eq!(edits[0]["body"], "first");
    let (_, inbox) = omar.get("/api/v1/inbox").await;
    assert_eq!(inbox["unread"], 1, "a name added by an edit is told too");

    let (status, empty) = sara.call("PATCH", &uri, Some(json!({"body": "  "}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{empty}");
    let (_, thread) = sara.get(&format!("/api/v1/articles/{id}/comments")).await;
    assert_eq!(thread[0]["body"], "second, @translator2", "a refused edit changes nothing");
}

#[tokio::test]
async fn threads_resolve_reopen_and_a_send_back_starts_one() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "1").await;
    let rami = Client::new(&db, Role::Reviewer, "").await;
    let (_, segments) = article(&db, &sara.user, &["انسحبت كازاخستان."]).await;
    let segment = format!("/api/v1/segments/{}", segments[0]);
    sara.put(&segment, json!({"target": "Kazakhstan left.", "status": "translated", "base_revision": 0}))
        .await;
    let (status, _) = rami
        .put(
            &segment,
            json!({"target": "Kazakhstan left.", "status": "initial", "base_revision": 1, "comment": "Withdrew, not left."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let (_, thread) = sara.get(&format!("{segment}/comments")).await;
    assert_eq!(thread[0]["body"], "Withdrew, not left.");
    assert_eq!(thread[0]["send_back"], true);
    assert_eq!(thread[0]["author"], "reviewer");

    let (_, answered) = sara.post(&format!("{segment}/comments"), json!({"body": "Fixed, thanks."})).await;
    assert_eq!(answered["resolved"], false);
    let (status, resolved) =
        rami.post(&format!("{segment}/comments/resolve"), json!({"resolved": true})).await;
    assert_eq!(status, StatusCode::OK);
    assert!(resolved
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["resolved"] == true && c["resolved_by"] == "reviewer"));
    let (_, reopened) = sara.post(&format!("{segment}/comments/resolve"), json!({"resolved": false})).await;
    assert!(reopened.as_array().unwrap().iter().all(|c| c["resolved"] == false));

    let (status, _) = sara.post("/api/v1/segments/999999/comments", json!({"body": "lost"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
