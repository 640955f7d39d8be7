//! `/login`, `/logout`, and what a session may do.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::json;
use tarjuman::domain::Role;
use tarjuman::web::AppState;
use tower::ServiceExt;

use crate::support::api::{article, Client};
use crate::support::browser_session::Visitor;
use crate::support::db::TestDb;
use crate::support::http::{send, state};

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
async fn over_https_a_sign_in_token_planted_by_a_sibling_subdomain_is_refused() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Translator, "").await;
    let app = tarjuman::web::router(AppState { secure_cookies: true, ..state(db.pool.clone()) });
    let login = app.clone().oneshot(Request::get("/login").body(Body::empty()).unwrap()).await.unwrap();
    let set = login.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(set.starts_with("__Host-tarjuman_csrf="), "{set}");
    assert!(set.contains("Secure") && set.contains("Path=/") && !set.contains("Domain"), "{set}");
    let sign_in = |cookie: &str, token: &str| {
        Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookie)
            .body(Body::from(format!("csrf={token}&username=translator&password=secret-password")))
            .unwrap()
    };
    // evil.newsroom.example sets `tarjuman_csrf=known; Domain=newsroom.example`, and posts the form.
    let planted = app.clone().oneshot(sign_in("tarjuman_csrf=known", "known")).await.unwrap();
    assert_eq!(planted.status(), StatusCode::FORBIDDEN);
    assert!(planted.headers().get(header::SET_COOKIE).is_none(), "no session was started");
    let token = set.split(';').next().unwrap().split_once('=').unwrap().1.to_owned();
    let ours = app.oneshot(sign_in(&format!("__Host-tarjuman_csrf={token}"), &token)).await.unwrap();
    assert_eq!(ours.status(), StatusCode::SEE_OTHER, "the host's own cookie signs in");
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

#[tokio::test]
async fn a_next_with_a_tab_or_line_break_goes_home() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Translator, "").await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    for next in [
        "%2F%09%2Fevil.example%2F",
        "/%0a",
        "/%0d%0aSet-Cookie:x=y",
        "%2F%5Cevil.example",
        "%09/evil.example",
    ] {
        let answer = visitor.get(&format!("/login?next={next}")).await;
        assert_eq!((answer.status, answer.location.as_deref()), (StatusCode::SEE_OTHER, Some("/")), "{next}");
    }
    let answer = visitor.get("/login?next=/articles%3Fq%3D1").await;
    assert_eq!(answer.location.as_deref(), Some("/articles?q=1"), "a path on this site is kept");
}

async fn session_rows(db: &TestDb) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM tower_sessions.session").fetch_one(&db.pool).await.unwrap()
}

#[tokio::test]
async fn anonymous_page_views_store_no_session() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Translator, "").await;
    for _ in 0..50 {
        let mut stranger = Visitor::new(&db.pool);
        assert_eq!(stranger.get("/login").await.status, StatusCode::OK);
        assert_eq!(stranger.get("/").await.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(session_rows(&db).await, 0, "50 views of /login stored sessions");
    // The sign-in form still works: its token rides in a cookie until there is a session.
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    assert_eq!(session_rows(&db).await, 1);
}

/// `POST /api/v1/session` from `address`.
fn sign_in_from(address: &str, password: &str) -> axum::http::Request<axum::body::Body> {
    let mut request = axum::http::Request::post("/api/v1/session")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(json!({"username": "translator", "password": password}).to_string()))
        .unwrap();
    let address: std::net::SocketAddr = format!("{address}:4000").parse().unwrap();
    request.extensions_mut().insert(axum::extract::ConnectInfo(address));
    request
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_passwords_cannot_race_past_the_limit() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Translator, "").await;
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let pool = db.pool.clone();
        attempts.spawn(async move { send(&pool, sign_in_from("10.0.0.1", "guess")).await.0 });
    }
    let statuses = attempts.join_all().await;
    let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    let heard = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    assert_eq!((heard, refused), (5, 15), "{statuses:?}");
}

#[tokio::test]
async fn a_locked_account_still_hears_a_clean_address_after_a_delay() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Translator, "").await;
    for _ in 0..5 {
        assert_eq!(send(&db.pool, sign_in_from("10.0.0.1", "guess")).await.0, StatusCode::UNAUTHORIZED);
    }
    let (status, json) = send(&db.pool, sign_in_from("10.0.0.1", "secret-password")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the guessing address waits: {json}");
    assert!(json["error"]["message"].as_str().unwrap().contains("too many failed sign-ins"));
    let started = std::time::Instant::now();
    let (status, json) = send(&db.pool, sign_in_from("10.0.0.2", "secret-password")).await;
    assert_eq!(status, StatusCode::OK, "the owner, elsewhere, gets in: {json}");
    assert!(started.elapsed() >= std::time::Duration::from_millis(900), "after a delay");
    // A second guesser gets one try, then waits too.
    assert_eq!(send(&db.pool, sign_in_from("10.0.0.3", "guess")).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(send(&db.pool, sign_in_from("10.0.0.3", "guess")).await.0, StatusCode::TOO_MANY_REQUESTS);
}

async fn password_hash(db: &TestDb) -> String {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE username = 'translator'")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_password_change_ends_the_users_other_sessions() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Translator, "").await;
    let (mut here, mut elsewhere) = (Visitor::new(&db.pool), Visitor::new(&db.pool));
    here.sign_in("translator", "secret-password").await;
    elsewhere.sign_in("translator", "secret-password").await;
    let csrf = here.get("/account").await.csrf();
    let fields = [
        ("csrf", csrf.as_str()),
        ("current", "secret-password"),
        ("new", "a-new-password"),
        ("repeat", "a-new-password"),
    ];
    assert!(here.post_form("/account/password", &fields).await.body.contains("Your password is changed"));
    assert_eq!(here.get("/").await.status, StatusCode::OK, "the session that changed it stays");
    assert_eq!(elsewhere.get("/").await.status, StatusCode::SEE_OTHER, "the other one ends");
}

#[tokio::test]
async fn an_admins_reset_ends_the_users_sessions() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Admin, "").await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let mut user = Visitor::new(&db.pool);
    user.sign_in("translator", "secret-password").await;
    let mut admin = Visitor::new(&db.pool);
    admin.sign_in("admin", "secret-password").await;
    let csrf = admin.get("/admin/users").await.csrf();
    let reset_path = format!("/admin/users/{}/password", translator.user.id);
    let unconfirmed = admin.post_form(&reset_path, &[("csrf", &csrf)]).await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY, "a reset is confirmed first");
    assert_eq!(user.get("/").await.status, StatusCode::OK, "nothing changed");
    let reset = admin.post_form(&reset_path, &[("csrf", &csrf), ("confirm", "yes")]).await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    assert_eq!(user.get("/").await.status, StatusCode::SEE_OTHER);
    assert_eq!(admin.get("/").await.status, StatusCode::OK);
}

#[tokio::test]
async fn guessing_the_current_password_is_limited() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Translator, "").await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let csrf = visitor.get("/account").await.csrf();
    let change = |current: &'static str| {
        [
            ("csrf", csrf.clone()),
            ("current", current.into()),
            ("new", "a-new-password".into()),
            ("repeat", "a-new-password".into()),
        ]
    };
    let stored = password_hash(&db).await;
    for _ in 0..5 {
        let fields = change("guess");
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let answer = visitor.post_form("/account/password", &fields).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert!(answer.body.contains("the current password is wrong"));
    }
    let fields = change("secret-password");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let answer = visitor.post_form("/account/password", &fields).await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS, "{}", answer.body);
    assert!(answer.body.contains("too many failed sign-ins"));
    assert_eq!(password_hash(&db).await, stored, "the password is unchanged");
}
