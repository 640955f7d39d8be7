//! `/admin/quality` (the review scoring, admins only), `/quality` (the report) and `/spelling` (the desk's
//! words, terminologists).

use axum::http::StatusCode;
use tarjuman::domain::Role;

use crate::support::api::Client;
use crate::support::browser_session::Visitor;
use crate::support::db::TestDb;

#[tokio::test]
async fn an_admin_sets_the_weights_and_thresholds_and_nobody_else_can() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Admin, "").await;
    Client::new(&db, Role::Reviewer, "").await;
    let mut reviewer = Visitor::new(&db.pool);
    reviewer.sign_in("reviewer", "secret-password").await;
    assert_eq!(reviewer.get("/admin/quality").await.status, StatusCode::FORBIDDEN);
    let csrf = reviewer.get("/quality").await.csrf();
    let refused = reviewer
        .post_form("/admin/quality", &[("csrf", &csrf), ("minor", "2"), ("major", "5"), ("critical", "25")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut admin = Visitor::new(&db.pool);
    admin.sign_in("admin", "secret-password").await;
    let form = admin.get("/admin/quality").await;
    assert!(
        form.body
            .contains("name=\"critical\" type=\"number\" min=\"0\" max=\"1000\" step=\"1\" value=\"25\""),
        "{}",
        form.body
    );
    assert!(form.body.contains("name=\"round_2\""), "{}", form.body);
    let csrf = form.csrf();
    let fields = |minor: &'static str, round: &'static str| {
        vec![("minor", minor), ("major", "6"), ("critical", "30"), ("round_1", round), ("round_2", "15")]
    };
    let mut invalid: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    invalid.extend(fields("2", "5000"));
    assert_eq!(admin.post_form("/admin/quality", &invalid).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut valid: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    valid.extend(fields("2", "30"));
    let saved = admin.post_form("/admin/quality", &valid).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let weights: Vec<(String, i32)> =
        sqlx::query_as("SELECT severity, points FROM mqm_weights ORDER BY points")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(weights, [("minor".into(), 2), ("major".into(), 6), ("critical".into(), 30)]);
    let threshold: f64 = sqlx::query_scalar("SELECT threshold FROM review_rounds WHERE round = 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(threshold, 30.0);
}

#[tokio::test]
async fn terminologists_keep_the_desk_words() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Terminologist, "").await;
    Client::new(&db, Role::Translator, "").await;
    let mut translator = Visitor::new(&db.pool);
    translator.sign_in("translator", "secret-password").await;
    let csrf = translator.get("/spelling").await.csrf();
    let refused = translator.post_form("/spelling/words", &[("csrf", &csrf), ("word", "akimat")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut terminologist = Visitor::new(&db.pool);
    terminologist.sign_in("terminologist", "secret-password").await;
    let csrf = terminologist.get("/spelling").await.csrf();
    let added = terminologist.post_form("/spelling/words", &[("csrf", &csrf), ("word", "akimat")]).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let page = terminologist.get("/spelling").await;
    assert!(page.body.contains("<td>akimat</td><td>terminologist</td>"), "{}", page.body);
    let id: i64 = sqlx::query_scalar("SELECT id FROM spelling_words").fetch_one(&db.pool).await.unwrap();
    let removed = terminologist.post_form(&format!("/spelling/words/{id}/remove"), &[("csrf", &csrf)]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    assert!(!terminologist.get("/spelling").await.body.contains("<td>akimat</td>"));
}
