//! `/login`, `/logout`, and what a session may do.

use axum::http::StatusCode;
use serde_json::json;
use tarjuman::domain::Role;

use crate::support::api::{article, Client};
use crate::support::browser_session::Visitor;
use crate::support::db::TestDb;

#[tokio::test]
async fn pages_send_strangers_to_sign_in_and_back_where_they_were_going() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let (id, _) = article(&db, &translator.user, &["جملة."]).await;
    let mut visitor = Visitor::new(&db.pool);
    let answer = visitor.get(&format!("/articles/{id}")).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(answer.location.as_deref(), Some(format!("/login?next=/articles/{id}").as_str()));
    let login = visitor.get(&format!("/login?next=/articles/{id}")).await;
    let csrf = login.csrf();
    let next = format!("/articles/{id}");
    let fields = [
        ("csrf", csrf.as_str()),
        ("username", "translator"),
        ("password", "secret-password"),
        ("next", &next),
    ];
    let answer = visitor.post_form("/login", &fields).await;
    assert_eq!((answer.status, answer.location.as_deref()), (StatusCode::SEE_OTHER, Some(next.as_str())));
    assert_eq!(visitor.get(&next).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_sign_in_without_the_form_token_is_refused() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Translator, "").await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.get("/login").await;
    let fields = [("csrf", "forged"), ("username", "translator"), ("password", "secret-password")];
    let answer = visitor.post_form("/login", &fields).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(visitor.get("/").await.status, StatusCode::SEE_OTHER, "still signed out");
}

#[tokio::test]
async fn an_offsite_next_is_ignored() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Translator, "").await;
    let mut visitor = Visitor::new(&db.pool);
    let csrf = visitor.get("/login").await.csrf();
    for next in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
        let fields = [
            ("csrf", csrf.as_str()),
            ("username", "translator"),
            ("password", "secret-password"),
            ("next", next),
        ];
        let mut fresh = Visitor::new(&db.pool);
        let csrf = fresh.get("/login").await.csrf();
        let fields = [("csrf", csrf.as_str()), fields[1], fields[2], fields[3]];
        let answer = fresh.post_form("/login", &fields).await;
        assert_eq!(answer.location.as_deref(), Some("/"), "{next}");
    }
}

#[tokio::test]
async fn failed_sign_ins_lock_the_account_for_a_while() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Translator, "").await;
    let mut visitor = Visitor::new(&db.pool);
    for _ in 0..5 {
        let csrf = visitor.get("/login").await.csrf();
        let answer = visitor
            .post_form("/login", &[("csrf", &csrf), ("username", "translator"), ("password", "guess")])
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert!(answer.body.contains("wrong user name or password"), "{}", answer.body);
    }
    let csrf = visitor.get("/login").await.csrf();
    let answer = visitor
        .post_form("/login", &[("csrf", &csrf), ("username", "translator"), ("password", "secret-password")])
        .await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    assert!(answer.body.contains("too many failed sign-ins"));
}

#[tokio::test]
async fn sign_out_needs_the_token_and_ends_the_session() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Translator, "").await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let page = visitor.get("/").await;
    assert_eq!(visitor.post_form("/logout", &[("csrf", "forged")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(visitor.get("/").await.status, StatusCode::OK);
    let answer = visitor.post_form("/logout", &[("csrf", &page.csrf())]).await;
    assert_eq!(answer.location.as_deref(), Some("/login"));
    assert_eq!(visitor.get("/").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn script_changes_with_the_session_cookie_need_the_csrf_header() {
    use axum::body::Body;
    use axum::http::Request;
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let (_, segments) = article(&db, &translator.user, &["جملة."]).await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let token = visitor.get("/").await.csrf();
    let save = json!({"target": "A sentence.", "status": "translated", "base_revision": 0}).to_string();
    let put = || {
        Request::put(format!("/api/v1/segments/{}", segments[0])).header("content-type", "application/json")
    };
    let refused = visitor.send(put(), Body::from(save.clone())).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let accepted = visitor.send(put().header("x-csrf-token", &token), Body::from(save)).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
}
