//! `/admin/users` and `/account`.

use axum::http::StatusCode;
use tarjuman::domain::Role;

use crate::support::api::Client;
use crate::support::browser_session::{Answer, Visitor};
use crate::support::db::TestDb;
use crate::support::http::{authed, send};

fn secret(answer: &Answer) -> String {
    let start =
        answer.body.find("<code id=\"secret\">").expect("a secret shown once") + "<code id=\"secret\">".len();
    answer.body[start..].split('<').next().unwrap().to_owned()
}

fn user_id(answer: &Answer, username: &str) -> String {
    let row = answer.body.find(&format!("data-user=\"{username}\"")).expect("the user's row");
    let action =
        answer.body[row..].find("action=\"/admin/users/").unwrap() + row + "action=\"/admin/users/".len();
    answer.body[action..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn an_admin_creates_a_user_who_can_then_sign_in() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Admin, "").await;
    let mut admin = Visitor::new(&db.pool);
    admin.sign_in("admin", "secret-password").await;
    let csrf = admin.get("/admin/users").await.csrf();
    let created = admin
        .post_form(
            "/admin/users",
            &[("csrf", &csrf), ("username", "sara"), ("display_name", "Sara"), ("role", "reviewer")],
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let password = secret(&created);
    let mut sara = Visitor::new(&db.pool);
    sara.sign_in("sara", &password).await;
    assert!(sara.get("/").await.body.contains("Sara (reviewer)"));
}

#[tokio::test]
async fn only_admins_see_or_change_users() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Translator, "").await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let csrf = visitor.get("/").await.csrf();
    assert_eq!(visitor.get("/admin/users").await.status, StatusCode::FORBIDDEN);
    let answer = visitor
        .post_form("/admin/users", &[("csrf", &csrf), ("username", "mallory"), ("role", "admin")])
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_last_admin_cannot_be_demoted_and_a_disabled_user_is_locked_out() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Admin, "").await;
    Client::new(&db, Role::Translator, "").await;
    let mut admin = Visitor::new(&db.pool);
    admin.sign_in("admin", "secret-password").await;
    let page = admin.get("/admin/users").await;
    let (csrf, me, translator) = (page.csrf(), user_id(&page, "admin"), user_id(&page, "translator"));
    let demoted =
        admin.post_form(&format!("/admin/users/{me}"), &[("csrf", &csrf), ("role", "translator")]).await;
    assert_eq!(demoted.status, StatusCode::CONFLICT, "{}", demoted.body);
    assert!(demoted.body.contains("last enabled admin"));
    let mut translator_session = Visitor::new(&db.pool);
    translator_session.sign_in("translator", "secret-password").await;
    let disabled = admin
        .post_form(
            &format!("/admin/users/{translator}"),
            &[("csrf", &csrf), ("role", "translator"), ("disabled", "1")],
        )
        .await;
    assert_eq!(disabled.status, StatusCode::SEE_OTHER);
    assert_eq!(translator_session.get("/").await.status, StatusCode::SEE_OTHER, "the open session ends");
    let mut again = Visitor::new(&db.pool);
    let csrf = again.get("/login").await.csrf();
    let refused = again
        .post_form("/login", &[("csrf", &csrf), ("username", "translator"), ("password", "secret-password")])
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn tokens_made_on_the_page_work_until_revoked() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Admin, "").await;
    Client::new(&db, Role::Translator, "").await;
    let mut admin = Visitor::new(&db.pool);
    admin.sign_in("admin", "secret-password").await;
    let page = admin.get("/admin/users").await;
    let (csrf, translator) = (page.csrf(), user_id(&page, "translator"));
    let made = admin
        .post_form(
            &format!("/admin/users/{translator}/tokens"),
            &[("csrf", &csrf), ("name", "newsroom script")],
        )
        .await;
    let token = secret(&made);
    assert!(token.starts_with("tj_"));
    let (status, me) = send(&db.pool, authed("GET", "/api/v1/session", &token, None)).await;
    assert_eq!((status, me["username"].as_str()), (StatusCode::OK, Some("translator")));
    let listed = admin.get("/admin/users").await;
    let revoke = listed.body.find("newsroom script").unwrap();
    let action = listed.body[revoke..].find("action=\"/admin/tokens/").unwrap() + revoke + "action=\"".len();
    let path = listed.body[action..].split('"').next().unwrap().to_owned();
    assert_eq!(admin.post_form(&path, &[("csrf", &csrf)]).await.status, StatusCode::SEE_OTHER);
    let (status, _) = send(&db.pool, authed("GET", "/api/v1/session", &token, None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_user_changes_their_own_password() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Translator, "").await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let csrf = visitor.get("/account").await.csrf();
    let change = |current: &'static str, new: &'static str, repeat: &'static str| {
        [("csrf", csrf.clone()), ("current", current.into()), ("new", new.into()), ("repeat", repeat.into())]
    };
    for (fields, error) in [
        (change("wrong-password", "a-new-password", "a-new-password"), "the current password is wrong"),
        (change("secret-password", "short", "short"), "at least 10 characters"),
        (change("secret-password", "a-new-password", "another-one!"), "differ"),
    ] {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let answer = visitor.post_form("/account/password", &fields).await;
        assert!(answer.body.contains(error), "{error}: {}", answer.body);
    }
    let fields = change("secret-password", "a-new-password", "a-new-password");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert!(visitor.post_form("/account/password", &fields).await.body.contains("Your password is changed"));
    Visitor::new(&db.pool).sign_in("translator", "a-new-password").await;
}
