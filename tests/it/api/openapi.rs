//! `GET /api/v1/openapi.json`.

use axum::http::StatusCode;

use crate::support::db::TestDb;
use crate::support::http::{get, send};

#[tokio::test]
async fn the_document_lists_every_route_with_its_methods() {
    let db = TestDb::new().await;
    let (status, doc) = send(&db.pool, get("/api/v1/openapi.json")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{}", doc["openapi"]);
    for (path, method) in [
        ("/session", "post"),
        ("/articles", "post"),
        ("/articles", "get"),
        ("/articles/{id}", "get"),
        ("/articles/{id}", "patch"),
        ("/articles/{id}/history", "get"),
        ("/articles/{id}/progress", "get"),
        ("/articles/{id}/analysis", "get"),
        ("/articles/{id}/analysis", "post"),
        ("/analysis/rates", "get"),
        ("/analysis/rates", "put"),
        ("/glossaries/{id}/import", "post"),
        ("/glossaries/{id}/export", "get"),
        ("/segments/{id}", "put"),
        ("/segments/{id}/revisions", "get"),
        ("/segments/{id}/revert", "post"),
        ("/segments/{id}/split", "post"),
        ("/segments/{id}/merge", "post"),
        ("/glossaries", "post"),
        ("/glossaries", "get"),
        ("/glossaries/{id}/entries", "get"),
        ("/glossaries/{id}/entries", "post"),
        ("/glossaries/{id}/entries/{entry}", "put"),
        ("/glossaries/{id}/entries/{entry}", "delete"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path} missing from the OpenAPI document");
    }
    assert!(doc["components"]["securitySchemes"]["token"].is_object());
}
