//! `/segments/{id}`: save (with conflicts), history, revert, split, merge.

use axum::http::StatusCode;
use serde_json::{json, Value};
use tarjuman::domain::Role;

use crate::support::api::{article, Client};
use crate::support::db::TestDb;

fn save(target: &str, status: &str, base: i64) -> Value {
    json!({"target": target, "status": status, "base_revision": base})
}

async fn revisions_of(db: &TestDb, segment: i64) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM revisions WHERE segment_id = $1")
        .bind(segment)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn saves_append_revisions_and_a_stale_base_is_a_conflict() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "1").await;
    let omar = Client::new(&db, Role::Translator, "2").await;
    let (_, segments) = article(&db, &sara.user, &["انسحبت كازاخستان من المنظمة."]).await;
    let uri = format!("/api/v1/segments/{}", segments[0]);

    let (status, first) = sara.put(&uri, save("Kazakhstan left the organisation.", "translated", 0)).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["revision"], 1);
    assert_eq!(first["author"], "translator1");
    assert_eq!(first["created"], true);

    // Omar started from revision 0 too: refused, told what is there now, nothing stored.
    let (status, conflict) = omar.put(&uri, save("Kazakhstan quit.", "translated", 0)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{conflict}");
    assert_eq!(conflict["error"]["code"], "conflict");
    let current = &conflict["current"];
    assert_eq!(current["revision"], 1);
    assert_eq!(current["target"], "Kazakhstan left the organisation.");
    assert_eq!(current["status"], "translated");
    assert_eq!(current["author"], "translator1");
    assert!(current["at"].as_str().unwrap().contains('T'), "RFC 3339 time: {current}");
    assert_eq!(revisions_of(&db, segments[0]).await, 1);

    let (status, second) = omar.put(&uri, save("Kazakhstan quit the organisation.", "translated", 1)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(second["revision"], 2);
}

#[tokio::test]
async fn saving_the_same_text_and_status_is_a_no_op() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "").await;
    let (_, segments) = article(&db, &sara.user, &["جملة."]).await;
    let uri = format!("/api/v1/segments/{}", segments[0]);
    sara.put(&uri, save("A sentence.", "translated", 0)).await;
    let (status, again) = sara.put(&uri, save("A sentence.", "translated", 1)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["revision"], 1);
    assert_eq!(again["created"], false);
    assert_eq!(revisions_of(&db, segments[0]).await, 1);
    // A status change alone is a change.
    let (_, reviewed) =
        Client::new(&db, Role::Reviewer, "").await.put(&uri, save("A sentence.", "reviewed", 1)).await;
    assert_eq!(reviewed["revision"], 2);
}

#[tokio::test]
async fn bad_saves_are_refused_with_the_right_status() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "").await;
    let (_, segments) = article(&db, &sara.user, &["جملة."]).await;
    let uri = format!("/api/v1/segments/{}", segments[0]);

    let (status, json) = sara.put("/api/v1/segments/999999", save("x", "translated", 0)).await;
    assert_eq!((status, json["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
    let (status, json) = sara.put(&uri, save("x", "done", 0)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "unknown status: {json}");
    let (status, _) = sara.put(&uri, json!({"target": "x"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "missing fields");
    let (status, _) = sara.put("/api/v1/segments/not-a-number", save("x", "translated", 0)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let broken = axum::http::Request::put(&uri)
        .header("authorization", format!("Bearer {}", sara.token))
        .header("content-type", "application/json")
        .body(axum::body::Body::from("{not json"))
        .unwrap();
    let (status, json) = crate::support::http::send(&db.pool, broken).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{json}");
    let untyped = axum::http::Request::put(&uri)
        .header("authorization", format!("Bearer {}", sara.token))
        .body(axum::body::Body::from(save("x", "translated", 0).to_string()))
        .unwrap();
    let (status, _) = crate::support::http::send(&db.pool, untyped).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(revisions_of(&db, segments[0]).await, 0);
}

#[tokio::test]
async fn twenty_concurrent_saves_on_one_base_store_exactly_one() {
    let db = TestDb::new().await;
    let mut clients = Vec::new();
    for i in 0..20 {
        clients.push(Client::new(&db, Role::Translator, &i.to_string()).await);
    }
    let (_, segments) = article(&db, &clients[0].user, &["جملة."]).await;
    let uri = format!("/api/v1/segments/{}", segments[0]);
    let tasks: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(i, client)| {
            let uri = uri.clone();
            tokio::spawn(
                async move { client.put(&uri, save(&format!("version {i}"), "translated", 0)).await },
            )
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        let (status, body) = task.await.unwrap();
        assert!(status == StatusCode::OK || status == StatusCode::CONFLICT, "{status}: {body}");
        statuses.push(status);
    }
    let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let conflicts = statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count();
    assert_eq!((ok, conflicts), (1, 19), "{statuses:?}");
    assert_eq!(revisions_of(&db, segments[0]).await, 1);
}

#[tokio::test]
async fn concurrent_saves_to_different_segments_all_land() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let sentences: Vec<String> = (0..20).map(|i| format!("جملة {i}.")).collect();
    let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let (_, segments) = article(&db, &client.user, &refs).await;
    let tasks: Vec<_> = segments
        .iter()
        .map(|id| {
            let (client, uri) = (client.clone(), format!("/api/v1/segments/{id}"));
            tokio::spawn(async move { client.put(&uri, save("done", "translated", 0)).await.0 })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::OK);
    }
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM revisions").fetch_one(&db.pool).await.unwrap();
    assert_eq!(stored, 20);
}

#[tokio::test]
async fn history_shows_word_diffs_and_revert_adds_a_revision() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "").await;
    let (_, segments) = article(&db, &sara.user, &["جملة."]).await;
    let uri = format!("/api/v1/segments/{}", segments[0]);
    sara.put(&uri, save("Kazakhstan left", "initial", 0)).await;
    sara.put(&uri, save("Kazakhstan left the CSTO", "translated", 1)).await;

    let (status, history) = sara.get(&format!("{uri}/revisions")).await;
    assert_eq!(status, StatusCode::OK);
    let history = history.as_array().unwrap();
    assert_eq!(history.len(), 2);
    let newest = &history[0];
    assert_eq!((newest["revision"].as_i64(), newest["origin"].as_str()), (Some(2), Some("manual")));
    assert_eq!(
        newest["diff"],
        json!([{"op": "equal", "text": "Kazakhstan left"}, {"op": "insert", "text": " the CSTO"}])
    );
    assert_eq!(history[1]["diff"], json!([{"op": "insert", "text": "Kazakhstan left"}]));

    let (status, reverted) =
        sara.post(&format!("{uri}/revert"), json!({"revision": 1, "base_revision": 2})).await;
    assert_eq!(status, StatusCode::OK, "{reverted}");
    assert_eq!(
        (reverted["revision"].as_i64(), reverted["target"].as_str()),
        (Some(3), Some("Kazakhstan left"))
    );
    assert_eq!(reverted["status"], "initial");
    let (_, history) = sara.get(&format!("{uri}/revisions")).await;
    assert_eq!(history[0]["origin"], "revert");
    assert_eq!(history.as_array().unwrap().len(), 3, "earlier revisions untouched");

    let (status, _) = sara.post(&format!("{uri}/revert"), json!({"revision": 9, "base_revision": 3})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = sara.post(&format!("{uri}/revert"), json!({"revision": 2, "base_revision": 1})).await;
    assert_eq!(status, StatusCode::CONFLICT, "revert checks the base revision too");
    let (status, _) = sara.get("/api/v1/segments/999999/revisions").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_translator_cannot_revert_to_a_final_revision() {
    let db = TestDb::new().await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let (_, segments) = article(&db, &reviewer.user, &["جملة."]).await;
    let uri = format!("/api/v1/segments/{}", segments[0]);
    reviewer.put(&uri, save("Signed off.", "final", 0)).await;
    translator.put(&uri, save("Changed.", "translated", 1)).await;
    let (status, _) =
        translator.post(&format!("{uri}/revert"), json!({"revision": 1, "base_revision": 2})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn split_retires_the_segment_and_keeps_its_history_reachable() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "").await;
    let (_, segments) = article(&db, &sara.user, &["الأولى والثانية معا.", "الأخيرة."]).await;
    let uri = format!("/api/v1/segments/{}", segments[0]);
    sara.put(&uri, save("The first and the second together.", "translated", 0)).await;

    // "الأولى " is 7 characters (and 13 bytes): the offset counts characters.
    let (status, parts) = sara.post(&format!("{uri}/split"), json!({"offset": 7})).await;
    assert_eq!(status, StatusCode::OK, "{parts}");
    let parts = parts.as_array().unwrap();
    assert_eq!(parts.len(), 2);
    assert_eq!((parts[0]["source"].as_str(), parts[0]["index"].as_i64()), (Some("الأولى"), Some(0)));
    assert_eq!((parts[1]["source"].as_str(), parts[1]["index"].as_i64()), (Some("والثانية معا."), Some(1)));
    assert_eq!(parts[0]["target"], "The first and the second together.");
    assert_eq!(parts[0]["revision"], 1);
    assert_eq!(parts[1]["revision"], 0);

    let (status, json) = sara.put(&uri, save("late edit", "translated", 1)).await;
    assert_eq!(status, StatusCode::CONFLICT, "the old segment is retired: {json}");
    let (status, old_history) = sara.get(&format!("{uri}/revisions")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(old_history.as_array().unwrap().len(), 1);
    let (_, first_history) = sara.get(&format!("/api/v1/segments/{}/revisions", parts[0]["id"])).await;
    assert_eq!(first_history[0]["origin"], "split");

    for offset in [0, 1000] {
        let (status, json) =
            sara.post(&format!("/api/v1/segments/{}/split", segments[1]), json!({"offset": offset})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "offset {offset}: {json}");
    }
}

#[tokio::test]
async fn merge_joins_with_the_next_segment() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "").await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let (_, segments) = article(&db, &sara.user, &["نصف", "جملة.", "أخرى."]).await;
    reviewer.put(&format!("/api/v1/segments/{}", segments[0]), save("Half", "reviewed", 0)).await;
    sara.put(&format!("/api/v1/segments/{}", segments[1]), save("a sentence.", "translated", 0)).await;

    // A reviewed segment is the reviewers' to merge (see `reviewed_segments`).
    let (status, merged) = reviewer.post(&format!("/api/v1/segments/{}/merge", segments[0]), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{merged}");
    assert_eq!(merged["source"], "نصف جملة.");
    assert_eq!(merged["target"], "Half a sentence.");
    assert_eq!(merged["status"], "translated", "the less advanced status of the two");
    assert_eq!(merged["index"], 0);

    let (status, _) = sara.post(&format!("/api/v1/segments/{}/merge", segments[2]), json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the last segment has no next");
    let (status, _) = sara.post(&format!("/api/v1/segments/{}/merge", segments[1]), json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "already merged");
    let (_, history) = sara.get(&format!("/api/v1/segments/{}/revisions", segments[1])).await;
    assert_eq!(history[0]["target"], "a sentence.", "the merged-away segment's history is still there");
}

#[tokio::test]
async fn revisions_cannot_be_changed_or_deleted_even_by_sql() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "").await;
    let (_, segments) = article(&db, &sara.user, &["جملة."]).await;
    sara.put(&format!("/api/v1/segments/{}", segments[0]), save("x", "translated", 0)).await;
    assert!(sqlx::query("UPDATE revisions SET target = 'y'").execute(&db.pool).await.is_err());
    assert!(sqlx::query("DELETE FROM revisions").execute(&db.pool).await.is_err());
    assert_eq!(revisions_of(&db, segments[0]).await, 1);
}

#[tokio::test]
async fn structural_edits_of_unknown_segments_are_404() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "").await;
    for (uri, body) in [
        ("/api/v1/segments/999999/split", json!({"offset": 1})),
        ("/api/v1/segments/999999/merge", json!({})),
        ("/api/v1/segments/999999/revert", json!({"revision": 1, "base_revision": 1})),
    ] {
        let (status, json) = sara.post(uri, body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {json}");
    }
}

#[tokio::test]
async fn a_reviewer_sends_a_segment_back_with_a_comment_kept_in_its_history() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let (_, segments) = article(&db, &translator.user, &["جملة."]).await;
    let uri = format!("/api/v1/segments/{}", segments[0]);
    let first = json!({"target": "A sentence.", "status": "translated", "base_revision": 0});
    assert_eq!(translator.put(&uri, first).await.0, StatusCode::OK);
    let back = json!({"target": "A sentence.", "status": "initial", "base_revision": 1, "comment": "  Check the tense.  "});
    let (status, saved) = reviewer.put(&uri, back).await;
    assert_eq!((status, saved["revision"].as_i64()), (StatusCode::OK, Some(2)));
    let (_, history) = reviewer.get(&format!("{uri}/revisions")).await;
    assert_eq!(history[0]["comment"], "Check the tense.");
    assert_eq!(history[0]["status"], "initial");
    assert!(history[1]["comment"].is_null());
}
