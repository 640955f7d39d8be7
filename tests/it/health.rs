//! `GET /healthz`.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::db::TestDb;
use crate::support::http::{get, send};

#[tokio::test]
async fn healthy_when_the_database_answers() {
    let db = TestDb::new().await;
    let (status, body) = send(&db.pool, get("/healthz")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"status": "ok", "database": "ok"}));
}

#[tokio::test]
async fn unavailable_when_the_database_is_gone() {
    let db = TestDb::new().await;
    let pool = db.pool.clone();
    pool.close().await;
    let (status, body) = send(&pool, get("/healthz")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["status"], "unavailable");
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    use tower::ServiceExt;
    let db = TestDb::new().await;
    let response = crate::support::http::app(db.pool.clone()).oneshot(get("/healthz")).await.unwrap();
    let id = response.headers().get("x-request-id").expect("x-request-id header");
    assert_eq!(id.len(), 36, "a UUID: {id:?}");
}

#[tokio::test]
async fn unknown_paths_are_404() {
    let db = TestDb::new().await;
    let (status, _) = send(&db.pool, get("/no-such-page")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
