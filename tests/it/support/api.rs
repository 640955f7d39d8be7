//! A signed-in API client over a fresh database, and fixtures made through the store.

use axum::http::StatusCode;
use serde_json::Value;
use tarjuman::auth::token;
use tarjuman::domain::{Role, Username};
use tarjuman::lang::LanguageTag;
use tarjuman::store::articles::{self, NewArticle, NewSegment};
use tarjuman::store::tokens;
use tarjuman::store::users::{self, NewUser, User};

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
    let (ar, en) = (LanguageTag::parse("ar").unwrap(), LanguageTag::parse("en").unwrap());
    let segments: Vec<NewSegment> = sentences
        .iter()
        .map(|s| NewSegment { paragraph: 0, source: (*s).to_owned(), codes: Vec::new() })
        .collect();
    let text = sentences.join(" ");
    let new = NewArticle {
        title: "fixture",
        source_lang: &ar,
        target_lang: &en,
        origin_file_name: None,
        text: &text,
        original: None,
        created_by: owner.id,
        glossaries: None,
        segments: &segments,
        pretranslate: false,
    };
    let info = articles::create(&db.pool, new).await.unwrap();
    let ids = articles::segments(&db.pool, info.id).await.unwrap().into_iter().map(|s| s.id).collect();
    (info.id, ids)
}
