//! Authentication (tokens, sessions) and the role checks every route makes.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::json;
use tarjuman::domain::Role;
use tarjuman::store::tokens;
use tower::ServiceExt;

use crate::support::api::{article, Client};
use crate::support::db::TestDb;
use crate::support::http::{app, authed, get, send};

/// Every route under /api/v1 except sign-in and the OpenAPI document, with a plausible body.
fn every_route() -> Vec<(&'static str, &'static str, Option<serde_json::Value>)> {
    let save = json!({"target": "x", "status": "translated", "base_revision": 0});
    vec![
        ("GET", "/api/v1/session", None),
        ("GET", "/api/v1/articles", None),
        (
            "POST",
            "/api/v1/articles",
            Some(json!({"title": "t", "source_lang": "ar", "target_lang": "en", "text": "نص."})),
        ),
        ("GET", "/api/v1/articles/1", None),
        ("PATCH", "/api/v1/articles/1", Some(json!({"archived": true}))),
        ("GET", "/api/v1/articles/1/history", None),
        ("GET", "/api/v1/articles/1/progress", None),
        ("PUT", "/api/v1/segments/1", Some(save)),
        ("GET", "/api/v1/segments/1/revisions", None),
        ("POST", "/api/v1/segments/1/revert", Some(json!({"revision": 1, "base_revision": 1}))),
        ("POST", "/api/v1/segments/1/split", Some(json!({"offset": 1}))),
        ("POST", "/api/v1/segments/1/merge", None),
        ("GET", "/api/v1/glossaries", None),
        ("POST", "/api/v1/glossaries", Some(json!({"name": "g", "source_lang": "ar", "target_lang": "en"}))),
        ("GET", "/api/v1/glossaries/1/entries", None),
        ("POST", "/api/v1/glossaries/1/entries", Some(json!({"source_terms": [], "target_terms": []}))),
        ("PUT", "/api/v1/glossaries/1/entries/1", Some(json!({"source_terms": [], "target_terms": []}))),
        ("DELETE", "/api/v1/glossaries/1/entries/1", None),
        ("POST", "/api/v1/glossaries/1/import", None),
        ("GET", "/api/v1/glossaries/1/export?format=csv", None),
    ]
}

#[tokio::test]
async fn every_route_refuses_a_missing_or_invalid_token() {
    let db = TestDb::new().await;
    for (method, uri, body) in every_route() {
        let anonymous = Request::builder().method(method).uri(uri).body(Body::empty()).unwrap();
        let (status, json) = send(&db.pool, anonymous).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {uri} without credentials: {json}");
        assert_eq!(json["error"]["code"], "unauthorized", "{method} {uri}");
        let forged =
            authed(method, uri, "tj_0000000000000000000000000000000000000000000000000000000000000000", body);
        let (status, _) = send(&db.pool, forged).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {uri} with a forged token");
    }
}

#[tokio::test]
async fn a_non_bearer_authorization_header_is_refused() {
    let db = TestDb::new().await;
    let request = Request::get("/api/v1/glossaries")
        .header(header::AUTHORIZATION, "Basic YWRtaW46YWRtaW4=")
        .body(Body::empty())
        .unwrap();
    let (status, json) = send(&db.pool, request).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(json["error"]["message"].as_str().unwrap().contains("Bearer"), "{json}");
}

#[tokio::test]
async fn a_revoked_token_or_disabled_user_is_refused() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    assert_eq!(client.get("/api/v1/glossaries").await.0, StatusCode::OK);
    let id: i64 = sqlx::query_scalar("SELECT id FROM api_tokens").fetch_one(&db.pool).await.unwrap();
    tokens::revoke(&db.pool, id).await.unwrap();
    assert_eq!(client.get("/api/v1/glossaries").await.0, StatusCode::UNAUTHORIZED);

    let other = Client::new(&db, Role::Reviewer, "").await;
    sqlx::query("UPDATE users SET disabled = true WHERE id = $1")
        .bind(other.user.id)
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(other.get("/api/v1/glossaries").await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn token_use_is_recorded() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    client.get("/api/v1/glossaries").await;
    let used: Option<time::OffsetDateTime> =
        sqlx::query_scalar("SELECT last_used_at FROM api_tokens").fetch_one(&db.pool).await.unwrap();
    assert!(used.is_some());
}

#[tokio::test]
async fn roles_are_enforced() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let (_, segments) = article(&db, &translator.user, &["جملة أولى.", "جملة ثانية."]).await;
    let uri = format!("/api/v1/segments/{}", segments[0]);

    let (status, json) =
        translator.put(&uri, json!({"target": "x", "status": "final", "base_revision": 0})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a translator may not finalise: {json}");
    assert_eq!(json["error"]["code"], "forbidden");
    let (status, _) =
        terminologist.put(&uri, json!({"target": "x", "status": "initial", "base_revision": 0})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a terminologist does not translate");
    let (status, _) = terminologist.post(&format!("/api/v1/segments/{}/merge", segments[0]), json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = translator
        .post("/api/v1/glossaries", json!({"name": "g", "source_lang": "ar", "target_lang": "en"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a translator does not edit glossaries");
    // Nothing was stored by the refused calls.
    let revisions: i64 =
        sqlx::query_scalar("SELECT count(*) FROM revisions").fetch_one(&db.pool).await.unwrap();
    assert_eq!(revisions, 0);
}

#[tokio::test]
async fn sign_in_sets_a_session_that_authenticates_until_sign_out() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Reviewer, "").await;
    let router = app(db.pool.clone());
    let sign_in = |password: &str| {
        Request::post("/api/v1/session")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({"username": "REVIEWER", "password": password}).to_string()))
            .unwrap()
    };
    let (status, _) = send(&db.pool, sign_in("wrong")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let response = router.clone().oneshot(sign_in("secret-password")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie =
        response.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    let with_cookie = |method: &str, csrf: &str| {
        Request::builder()
            .method(method)
            .uri("/api/v1/session")
            .header(header::COOKIE, &cookie)
            .header("x-csrf-token", csrf)
            .body(Body::empty())
            .unwrap()
    };
    let (status, me) = send(&db.pool, with_cookie("GET", "")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["username"], client.user.username);
    assert_eq!(me["role"], "reviewer");

    // Signing out is a change: it needs the token too (tests/it/csrf.rs shows it refused without).
    let (status, _) = send(&db.pool, with_cookie("DELETE", me["csrf_token"].as_str().unwrap())).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = send(&db.pool, with_cookie("GET", "")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the session is gone after sign-out");
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s() {
    let db = TestDb::new().await;
    let (status, json) = send(&db.pool, get("/api/v1/nothing-here")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(json["error"]["code"], "not_found");
}
