//! Every change the router accepts, walked with a signed-in session cookie but without the right CSRF
//! token. The routes come from the application itself: the API's from its OpenAPI document (every
//! `/api/v1` handler is registered through it), the pages' from the table the page router is built
//! from. A route added without the check answers something other than 403 here and fails the test.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::Value;
use sqlx::PgPool;
use tarjuman::domain::Role;

use crate::support::api::{article, Client};
use crate::support::browser_session::{Answer, Visitor};
use crate::support::db::TestDb;
use crate::support::http::{get, send};

const CSRF_REFUSAL: &str = "security token is missing or out of date";

/// Every state-changing route: (method, path with each `{param}` as 1, whether it is a page).
async fn state_changing_routes(pool: &PgPool) -> Vec<(Method, String, bool)> {
    let (status, document) = send(pool, get("/api/v1/openapi.json")).await;
    assert_eq!(status, StatusCode::OK);
    let mut routes = Vec::new();
    for (path, operations) in document["paths"].as_object().expect("paths") {
        for method in operations.as_object().expect("operations").keys() {
            let method: Method = method.to_uppercase().parse().unwrap();
            routes.push((method, format!("/api/v1{}", with_ids(path)), false));
        }
    }
    routes.extend(
        tarjuman::web::page_routes().into_iter().map(|(method, path)| (method, with_ids(path), true)),
    );
    routes.retain(|(method, _, _)| !method.is_safe());
    routes
}

fn with_ids(path: &str) -> String {
    path.split('/').map(|part| if part.starts_with('{') { "1" } else { part }).collect::<Vec<_>>().join("/")
}

/// Everything the database holds, but the failed sign-ins (not changes of data) and the sessions' own
/// data (each request refreshes its expiry): a digest per table, plus how many sessions there are.
async fn snapshot(pool: &PgPool) -> Vec<(String, String)> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
           AND table_name NOT IN ('sign_in_failures', '_sqlx_migrations') ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut digests = Vec::new();
    for table in tables {
        let sql =
            format!("SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {table} t");
        digests.push((table, sqlx::query_scalar(&sql).fetch_one(pool).await.unwrap()));
    }
    let sessions: i64 =
        sqlx::query_scalar("SELECT count(*) FROM tower_sessions.session").fetch_one(pool).await.unwrap();
    digests.push(("sessions".into(), sessions.to_string()));
    digests
}

/// A page form posted both ways a browser posts forms; the route reads one of them.
async fn post_page(visitor: &mut Visitor, uri: &str, token: Option<&str>) -> Vec<Answer> {
    let fields: Vec<(&str, &str)> = match token {
        Some(token) => vec![("csrf", token), ("name", "x")],
        None => vec![("name", "x")],
    };
    vec![visitor.post_form(uri, &fields).await, visitor.post_multipart(uri, &fields, &[]).await]
}

async fn send_api(visitor: &mut Visitor, method: &Method, uri: &str, token: Option<&str>) -> Answer {
    let mut request =
        Request::builder().method(method).uri(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header("x-csrf-token", token);
    }
    visitor.send(request, Body::from("{}")).await
}

#[tokio::test]
async fn every_change_needs_the_sessions_own_token() {
    let db = TestDb::new().await;
    let admin = Client::new(&db, Role::Admin, "").await;
    Client::new(&db, Role::Reviewer, "").await;
    article(&db, &admin.user, &["جملة أولى.", "جملة ثانية."]).await;
    let glossary = serde_json::json!({"name": "g", "source_lang": "ar", "target_lang": "en"});
    assert_eq!(admin.post("/api/v1/glossaries", glossary).await.0, StatusCode::CREATED);
    let mut victim = Visitor::new(&db.pool);
    victim.sign_in("admin", "secret-password").await;
    let mut other = Visitor::new(&db.pool);
    other.sign_in("reviewer", "secret-password").await;
    let others_token = other.get("/").await.csrf();
    let wrong = "0".repeat(64);

    let routes = state_changing_routes(&db.pool).await;
    assert!(routes.len() >= 30, "the walk found too few routes: {routes:?}");
    let before = snapshot(&db.pool).await;
    for (method, uri, page) in routes {
        for (case, token) in [
            ("no token", None),
            ("a wrong token", Some(wrong.as_str())),
            ("another session's token", Some(others_token.as_str())),
        ] {
            let answers = match page {
                true => post_page(&mut victim, &uri, token).await,
                false => vec![send_api(&mut victim, &method, &uri, token).await],
            };
            // A form route reads one encoding and refuses the other (400/415) before any token is read.
            for answer in &answers {
                assert!(
                    [StatusCode::FORBIDDEN, StatusCode::BAD_REQUEST, StatusCode::UNSUPPORTED_MEDIA_TYPE]
                        .contains(&answer.status),
                    "{method} {uri} with {case}: {} {}",
                    answer.status,
                    answer.body
                );
            }
            assert!(
                answers.iter().any(|a| a.status == StatusCode::FORBIDDEN && a.body.contains(CSRF_REFUSAL)),
                "{method} {uri} with {case} was not refused for its token: {:?}",
                answers.iter().map(|a| (a.status, &a.body)).collect::<Vec<_>>()
            );
        }
    }
    assert_eq!(snapshot(&db.pool).await, before, "a refused request changed something");
    assert_eq!(victim.get("/").await.status, StatusCode::OK, "still signed in");
}

#[tokio::test]
async fn signing_out_through_the_api_with_only_the_cookie_is_refused() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Translator, "").await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let token = visitor.get("/").await.csrf();
    let refused = send_api(&mut visitor, &Method::DELETE, "/api/v1/session", None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let json: Value = serde_json::from_str(&refused.body).unwrap();
    assert!(json["error"]["message"].as_str().unwrap().contains(CSRF_REFUSAL), "{json}");
    assert_eq!(visitor.get("/").await.status, StatusCode::OK, "still signed in");
    let signed_out = send_api(&mut visitor, &Method::DELETE, "/api/v1/session", Some(&token)).await;
    assert_eq!(signed_out.status, StatusCode::NO_CONTENT);
    assert_eq!(visitor.get("/").await.status, StatusCode::SEE_OTHER, "signed out");
}
