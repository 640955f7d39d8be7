//! A signed-in API client over a fresh database, and fixtures made through the store.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tarjuman::auth::token;
use tarjuman::domain::{Role, Username};
use tarjuman::inline::{Code, CodeClass, Marker};
use tarjuman::lang::LanguageTag;
use tarjuman::store::articles::{self, NewArticle, NewSegment};
use tarjuman::store::tokens;
use tarjuman::store::users::{self, NewUser, User};
use tower::ServiceExt;

use super::db::TestDb;
use super::http::{authed, send_to, state, test_passwords};

/// A user with a token, calling the app in-process.
#[derive(Clone)]
pub struct Client {
    /// The database behind the app.
    pub pool: sqlx::PgPool,
    /// Who the client is.
    pub user: User,
    /// Its bearer token.
    pub token: String,
    /// The machine translation engines of the app it calls.
    pub machines: tarjuman::app::mt::Machines,
}

impl Client {
    /// A new user with `role` (named after it, plus `suffix`) and a token.
    pub async fn new(db: &TestDb, role: Role, suffix: &str) -> Self {
        let name = Username::parse(&format!("{role}{suffix}")).unwrap();
        let hash = test_passwords().hash("secret-password");
        let new = NewUser { username: &name, display_name: "", password_hash: &hash, role };
        let user = users::create(&db.pool, new).await.unwrap();
        let (token, hash) = token::generate();
        tokens::create(&db.pool, user.id, "test", &hash).await.unwrap();
        Self { pool: db.pool.clone(), user, token, machines: Default::default() }
    }

    /// The same user calling an app with these engines.
    pub fn with_machines(&self, machines: tarjuman::app::mt::Machines) -> Self {
        Self { machines, ..self.clone() }
    }

    /// Sends a request as this user.
    pub async fn call(&self, method: &str, uri: &str, body: Option<Value>) -> (StatusCode, Value) {
        let state = tarjuman::web::AppState { machines: self.machines.clone(), ..state(self.pool.clone()) };
        send_to(state, authed(method, uri, &self.token, body)).await
    }

    /// Sends `body` as a raw file (`application/octet-stream`) as this user: the status and the answer's bytes
    /// (an export, or JSON).
    pub async fn bytes(&self, method: &str, uri: &str, body: Vec<u8>) -> (StatusCode, Vec<u8>) {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {}", self.token))
            .header(header::CONTENT_TYPE, "application/octet-stream")
            .body(Body::from(body))
            .unwrap();
        let state = tarjuman::web::AppState { machines: self.machines.clone(), ..state(self.pool.clone()) };
        let response = tarjuman::web::router(state).oneshot(request).await.unwrap();
        let status = response.status();
        (status, response.into_body().collect().await.unwrap().to_bytes().to_vec())
    }

    /// PATCH JSON as this user.
    pub async fn patch(&self, uri: &str, body: Value) -> (StatusCode, Value) {
        self.call("PATCH", uri, Some(body)).await
    }

    /// GET as this user.
    pub async fn get(&self, uri: &str) -> (StatusCode, Value) {
        self.call("GET", uri, None).await
    }

    /// POST JSON as this user.
    pub async fn post(&self, uri: &str, body: Value) -> (StatusCode, Value) {
        self.call("POST", uri, Some(body)).await
    }

    /// PUT JSON as this user.
    pub async fn put(&self, uri: &str, body: Value) -> (StatusCode, Value) {
        self.call("PUT", uri, Some(body)).await
    }
}

/// An article with the given sentences, one paragraph, made through the store (no segmenter involved);
/// returns its id and its segment ids in order.
pub async fn article(db: &TestDb, owner: &User, sentences: &[&str]) -> (i64, Vec<i64>) {
    let segments: Vec<NewSegment> = sentences
        .iter()
        .map(|s| NewSegment {
            paragraph: 0,
            source: (*s).to_owned(),
            codes: Vec::new(),
            ..NewSegment::default()
        })
        .collect();
    store_article(db, owner, &segments).await
}

/// `text` with the tags `{1}`, `{/1}` and `{1/}` (ids 1 to 9) written as inline-code markers.
pub fn coded(text: &str) -> String {
    let mut out = text.to_owned();
    for id in 1..=9 {
        for (tag, marker) in [
            (format!("{{{id}}}"), Marker::Open(id)),
            (format!("{{/{id}}}"), Marker::Close(id)),
            (format!("{{{id}/}}"), Marker::Standalone(id)),
        ] {
            out = out.replace(&tag, &marker.to_char().unwrap().to_string());
        }
    }
    out
}

/// The codes of [`coded_article`]: 1 a link to `https://example.org/report`, 2 bold, 3 an image.
pub fn sample_codes() -> Vec<Code> {
    let code = |id, class, disp: &str, title: Option<&str>, open: &str, close: Option<&str>| Code {
        id,
        class,
        disp: disp.into(),
        title: title.map(Into::into),
        open: open.into(),
        close: close.map(Into::into),
    };
    vec![
        code(
            1,
            CodeClass::Link,
            "link",
            Some("https://example.org/report"),
            "<a href=\"https://example.org/report\">",
            Some("</a>"),
        ),
        code(2, CodeClass::Fmt, "b", None, "<b>", Some("</b>")),
        code(3, CodeClass::Image, "img", Some("a map"), "<img src=\"map.png\" alt=\"a map\">", None),
    ]
}

/// An article as [`article`] makes it, its sentences written with [`coded`] tags and each segment carrying
/// [`sample_codes`].
pub async fn coded_article(db: &TestDb, owner: &User, sentences: &[&str]) -> (i64, Vec<i64>) {
    let segments: Vec<NewSegment> = sentences
        .iter()
        .map(|s| NewSegment {
            paragraph: 0,
            source: coded(s),
            codes: sample_codes(),
            ..NewSegment::default()
        })
        .collect();
    store_article(db, owner, &segments).await
}

async fn store_article(db: &TestDb, owner: &User, segments: &[NewSegment]) -> (i64, Vec<i64>) {
    let (ar, en) = (LanguageTag::parse("ar").unwrap(), LanguageTag::parse("en").unwrap());
    let sources: Vec<String> = segments.iter().map(|s| tarjuman::inline::plain(&s.source)).collect();
    let text = sources.join(" ");
    let new = NewArticle {
        title: "fixture",
        source_lang: &ar,
        target_lang: &en,
        origin_file_name: None,
        text: &text,
        original: None,
        created_by: owner.id,
        glossaries: None,
        segments,
        pretranslate: false,
    };
    let info = articles::create(&db.pool, new).await.unwrap();
    let ids = articles::segments(&db.pool, info.id).await.unwrap().into_iter().map(|s| s.id).collect();
    (info.id, ids)
}
