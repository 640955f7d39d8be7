//! What every route refuses at the edge, before a handler runs: text holding NUL (U+0000), which
//! PostgreSQL cannot store, in JSON bodies, queries, forms, multipart fields and uploaded text files.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};
use tarjuman::domain::Role;

use crate::support::api::{article, Client};
use crate::support::browser_session::Visitor;
use crate::support::db::TestDb;
use crate::support::http::send;

async fn stored(db: &TestDb) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in ["articles", "revisions", "glossaries", "concepts", "tm_units", "users"] {
        let sql = format!("SELECT count(*) FROM {table}");
        counts.push(sqlx::query_scalar(&sql).fetch_one(&db.pool).await.unwrap());
    }
    counts
}

fn refused_for_nul(status: StatusCode, json: &Value, what: &str) {
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {json}");
    let message = json["error"]["message"].as_str().unwrap_or_else(|| json.as_str().unwrap_or_default());
    assert!(message.contains("NUL"), "{what}: {json}");
}

#[tokio::test]
async fn nul_is_a_422_on_every_kind_of_input() {
    let db = TestDb::new().await;
    let admin = Client::new(&db, Role::Admin, "").await;
    let (id, segments) = article(&db, &admin.user, &["جملة."]).await;
    let before = stored(&db).await;
    let nul = "a\u{0}b";
    let segment = format!("/api/v1/segments/{}", segments[0]);
    for (what, method, uri, body) in [
        (
            "a target",
            "PUT",
            segment.as_str(),
            json!({"target": nul, "status": "translated", "base_revision": 0}),
        ),
        (
            "a comment",
            "PUT",
            segment.as_str(),
            json!({"target": "x", "status": "translated", "base_revision": 0, "comment": nul}),
        ),
        (
            "a title",
            "POST",
            "/api/v1/articles",
            json!({"title": nul, "source_lang": "ar", "target_lang": "en", "text": "نص."}),
        ),
        (
            "a text",
            "POST",
            "/api/v1/articles",
            json!({"title": "t", "source_lang": "ar", "target_lang": "en", "text": nul}),
        ),
        (
            "a glossary name",
            "POST",
            "/api/v1/glossaries",
            json!({"name": nul, "source_lang": "ar", "target_lang": "en"}),
        ),
        (
            "a key",
            "POST",
            "/api/v1/glossaries",
            json!({"name": "g", "source_lang": "ar", "target_lang": "en", nul: 1}),
        ),
    ] {
        let (status, json) = admin.call(method, uri, Some(body)).await;
        refused_for_nul(status, &json, what);
    }
    let (status, json) = admin.get("/api/v1/tm/search?q=%00&source_lang=ar&target_lang=en").await;
    refused_for_nul(status, &json, "a search");
    let tmx = b"<?xml version=\"1.0\"?><tmx version=\"1.4\">\0</tmx>".to_vec();
    let upload = Request::post("/api/v1/tm/import")
        .header(header::AUTHORIZATION, format!("Bearer {}", admin.token))
        .body(Body::from(tmx))
        .unwrap();
    let (status, json) = send(&db.pool, upload).await;
    refused_for_nul(status, &json, "TMX bytes");

    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("admin", "secret-password").await;
    let csrf = visitor.get("/admin/users").await.csrf();
    let answer = visitor
        .post_form("/admin/users", &[("csrf", &csrf), ("username", "eve\0"), ("role", "translator")])
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "a user name: {}", answer.body);
    assert!(answer.body.contains("NUL"), "{}", answer.body);
    let glossary = format!("/glossaries/{id}/import");
    let csv = b"ar,en\n\xd9\x86\0,x\n";
    let answer = visitor.post_multipart(&glossary, &[("csrf", &csrf)], &[("file", "g.csv", csv)]).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "a CSV import: {}", answer.body);
    assert!(answer.body.contains("NUL byte (line 2)"), "{}", answer.body);
    assert_eq!(stored(&db).await, before, "nothing was stored");
}
