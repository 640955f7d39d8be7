//! Reviewed and final segments are the reviewers': every write path (save, revert, split, merge, import
//! into an article) refuses a translator's change with 403 and stores nothing, until a reviewer sends the
//! segment back; a reviewer's change goes through.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};
use tarjuman::domain::Role;

use crate::support::api::{article, Client};
use crate::support::db::TestDb;
use crate::support::http::send;

fn save(target: &str, status: &str, base: i64) -> Value {
    json!({"target": target, "status": status, "base_revision": base})
}

/// Every revision and every segment of the database: a refused write changes neither.
async fn stored(db: &TestDb) -> (i64, i64) {
    sqlx::query_as("SELECT (SELECT count(*) FROM revisions), (SELECT count(*) FROM segments)")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

/// A translator, a reviewer and an article of three sentences whose first segment the translator
/// translated (revision 1) and the reviewer then left in `status` (revision 2).
async fn signed_off(db: &TestDb, status: &str) -> (Client, Client, i64, Vec<i64>) {
    let translator = Client::new(db, Role::Translator, "").await;
    let reviewer = Client::new(db, Role::Reviewer, "").await;
    let (id, segments) = article(db, &translator.user, &["الأولى والثانية.", "جملة.", "أخرى."]).await;
    let uri = format!("/api/v1/segments/{}", segments[0]);
    assert_eq!(
        translator.put(&uri, save("The first and the second.", "translated", 0)).await.0,
        StatusCode::OK
    );
    let (code, json) = reviewer.put(&uri, save("The first and second.", status, 1)).await;
    assert_eq!(code, StatusCode::OK, "{json}");
    (translator, reviewer, id, segments)
}

/// A refusal: 403, the rule in words, nothing stored.
async fn assert_refused(db: &TestDb, before: (i64, i64), (code, json): (StatusCode, Value), status: &str) {
    assert_eq!(code, StatusCode::FORBIDDEN, "{json}");
    assert_eq!(json["error"]["code"], "forbidden");
    assert_eq!(
        json["error"]["message"],
        format!(
            "the segment is {status}: only a reviewer may change it, or send it back to you with a comment"
        )
    );
    assert_eq!(stored(db).await, before, "nothing stored");
}

#[tokio::test]
async fn a_translator_cannot_save_over_a_reviewed_or_final_segment() {
    for status in ["reviewed", "final"] {
        let db = TestDb::new().await;
        let (translator, reviewer, _, segments) = signed_off(&db, status).await;
        let uri = format!("/api/v1/segments/{}", segments[0]);
        let before = stored(&db).await;
        // Ctrl+Enter without editing (a silent downgrade), an autosave, a confirmed edit, a send-back.
        for body in [
            save("The first and second.", "translated", 2),
            save("The first and the second", "initial", 2),
            save("The first and the second.", "translated", 2),
            json!({"target": "x", "status": "initial", "base_revision": 2, "comment": "mine now"}),
        ] {
            assert_refused(&db, before, translator.put(&uri, body).await, status).await;
        }
        let (code, json) = reviewer.put(&uri, save("The first and the second.", status, 2)).await;
        assert_eq!((code, json["revision"].as_i64()), (StatusCode::OK, Some(3)), "{json}");
    }
}

#[tokio::test]
async fn once_a_reviewer_sends_it_back_the_translator_may_change_it() {
    let db = TestDb::new().await;
    let (translator, reviewer, _, segments) = signed_off(&db, "final").await;
    let uri = format!("/api/v1/segments/{}", segments[0]);
    let back = json!({"target": "The first and second.", "status": "initial", "base_revision": 2,
                      "comment": "Check the names."});
    assert_eq!(reviewer.put(&uri, back).await.0, StatusCode::OK);
    let (code, json) = translator.put(&uri, save("The first and the second one.", "translated", 3)).await;
    assert_eq!((code, json["status"].as_str()), (StatusCode::OK, Some("translated")), "{json}");
}

#[tokio::test]
async fn a_translator_cannot_revert_a_reviewed_or_final_segment() {
    for status in ["reviewed", "final"] {
        let db = TestDb::new().await;
        let (translator, reviewer, _, segments) = signed_off(&db, status).await;
        let uri = format!("/api/v1/segments/{}/revert", segments[0]);
        let before = stored(&db).await;
        // Back to the translator's own translated revision 1: allowed by status, not by the segment's.
        let answer = translator.post(&uri, json!({"revision": 1, "base_revision": 2})).await;
        assert_refused(&db, before, answer, status).await;
        let (code, json) = reviewer.post(&uri, json!({"revision": 1, "base_revision": 2})).await;
        assert_eq!((code, json["status"].as_str()), (StatusCode::OK, Some("translated")), "{json}");
    }
}

#[tokio::test]
async fn a_translator_cannot_split_a_reviewed_or_final_segment() {
    for status in ["reviewed", "final"] {
        let db = TestDb::new().await;
        let (translator, reviewer, _, segments) = signed_off(&db, status).await;
        let uri = format!("/api/v1/segments/{}/split", segments[0]);
        let before = stored(&db).await;
        assert_refused(&db, before, translator.post(&uri, json!({"offset": 7})).await, status).await;
        let (code, json) = reviewer.post(&uri, json!({"offset": 7})).await;
        assert_eq!(code, StatusCode::OK, "{json}");
        // The whole sentence's translation on half of it is a draft to cut, whoever split it.
        assert_eq!(json[0]["status"], "initial");
    }
}

#[tokio::test]
async fn a_translator_cannot_merge_a_reviewed_or_final_segment_with_another() {
    for status in ["reviewed", "final"] {
        let db = TestDb::new().await;
        let (translator, reviewer, _, segments) = signed_off(&db, status).await;
        let uri = |n: usize, action: &str| format!("/api/v1/segments/{}{action}", segments[n]);
        assert_eq!(translator.put(&uri(1, ""), save("A sentence.", "translated", 0)).await.0, StatusCode::OK);
        assert_eq!(reviewer.put(&uri(2, ""), save("Another.", status, 0)).await.0, StatusCode::OK);
        let before = stored(&db).await;
        // The signed-off segment first, or as the next one: either merge would lower its status.
        assert_refused(&db, before, translator.post(&uri(0, "/merge"), json!({})).await, status).await;
        assert_refused(&db, before, translator.post(&uri(1, "/merge"), json!({})).await, status).await;
        let (code, json) = reviewer.post(&uri(0, "/merge"), json!({})).await;
        assert_eq!((code, json["status"].as_str()), (StatusCode::OK, Some("translated")), "{json}");
    }
}

async fn import(client: &Client, uri: &str, file: String) -> (StatusCode, Value) {
    let request = Request::post(uri)
        .header(header::AUTHORIZATION, format!("Bearer {}", client.token))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(file))
        .unwrap();
    send(&client.pool, request).await
}

#[tokio::test]
async fn an_import_skips_reviewed_and_final_segments_of_a_translator_even_with_overwrite() {
    let db = TestDb::new().await;
    let (translator, reviewer, id, segments) = signed_off(&db, "reviewed").await;
    for (segment, target) in segments[1..].iter().zip(["target-2", "target-3"]) {
        let uri = format!("/api/v1/segments/{segment}");
        assert_eq!(translator.put(&uri, save(target, "translated", 0)).await.0, StatusCode::OK);
    }
    let (code, file) = translator.get(&format!("/api/v1/articles/{id}/export?format=xliff12")).await;
    assert_eq!(code, StatusCode::OK);
    let file = file.as_str().expect("an XLIFF as text").to_owned();
    // After the export, the reviewer signs off segment 2.
    let second = format!("/api/v1/segments/{}", segments[1]);
    assert_eq!(reviewer.put(&second, save("Target two.", "final", 1)).await.0, StatusCode::OK);
    // The file changes all three: the reviewed one (as exported), the one finalised since, and a free one.
    let edited = file
        .replace(">The first and second.<", ">from the file<")
        .replace(">target-2<", ">two from the file<")
        .replace(">target-3<", ">three from the file<");
    assert_ne!(edited, file);
    let before = stored(&db).await;
    let uri = format!("/api/v1/articles/{id}/import?overwrite=true");
    let (code, report) = import(&translator, &uri, edited).await;
    assert_eq!(code, StatusCode::OK, "{report}");
    assert_eq!(report["applied"], 1, "{report}");
    assert_eq!(
        report["skipped"],
        json!([
            {"segment": segments[0], "index": 0, "file_revision": 2, "current_revision": 2,
             "current_target": "The first and second."},
            {"segment": segments[1], "index": 1, "file_revision": 1, "current_revision": 2,
             "current_target": "Target two."},
        ]),
        "{report}"
    );
    assert_eq!(stored(&db).await, (before.0 + 1, before.1), "one revision: the free segment's");
    let (_, view) = translator.get(&format!("/api/v1/articles/{id}")).await;
    let shown: Vec<(&str, &str)> = view["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["target"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        shown,
        [
            ("The first and second.", "reviewed"),
            ("Target two.", "final"),
            ("three from the file", "translated")
        ]
    );
}
