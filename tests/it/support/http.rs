//! Requests to the app in-process (no socket), and to a server process over plain HTTP/1.1.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use sqlx::PgPool;
use tarjuman::auth::password::Passwords;
use tarjuman::web::AppState;
use tower::ServiceExt;

/// The body limit of the app under test: small, so that the 413 test does not allocate 20 MB.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// The application's state over `pool`, with cheap password hashing (debug builds hash slowly).
pub fn state(pool: PgPool) -> AppState {
    AppState {
        pool,
        passwords: test_passwords(),
        max_body_bytes: MAX_BODY_BYTES,
        terms: Default::default(),
        reads: Default::default(),
        secure_cookies: false,
        key_rarity: Default::default(),
        live: Default::default(),
        machines: Default::default(),
        analyses: Default::default(),
    }
}

/// Password hashing at the lowest cost argon2 accepts.
pub fn test_passwords() -> Passwords {
    Passwords::with_cost(8, 1).unwrap()
}

/// The application router over `pool`.
pub fn app(pool: PgPool) -> axum::Router {
    tarjuman::web::router(state(pool))
}

/// Sends `request` to the app and returns status and body as JSON (a JSON string when it is not JSON).
pub async fn send(pool: &PgPool, request: Request<Body>) -> (StatusCode, Value) {
    send_to(state(pool.clone()), request).await
}

/// Sends `request` to the app over `state`.
pub async fn send_to(state: AppState, request: Request<Body>) -> (StatusCode, Value) {
    let response = tarjuman::web::router(state).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let json = serde_json::from_slice(&bytes).unwrap_or_else(|_| String::from_utf8_lossy(&bytes).into());
    (status, json)
}

/// A GET request.
pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

/// A request with a bearer token and, when given, a JSON body.
pub fn authed(method: &str, uri: &str, token: &str, body: Option<Value>) -> Request<Body> {
    let builder =
        Request::builder().method(method).uri(uri).header(header::AUTHORIZATION, format!("Bearer {token}"));
    match body {
        Some(json) => {
            builder.header(header::CONTENT_TYPE, "application/json").body(Body::from(json.to_string()))
        }
        None => builder.body(Body::empty()),
    }
    .unwrap()
}

/// `GET path` over TCP against a running server; returns the status code and body.
pub fn get_over_tcp(base_url: &str, path: &str) -> std::io::Result<(u16, String)> {
    send_over_tcp(base_url, "GET", path, None, None)
}

/// A request over TCP against a running server, with an optional bearer token and JSON body.
pub fn send_over_tcp(
    base_url: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> std::io::Result<(u16, String)> {
    let authority = base_url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(authority)?;
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n");
    if let Some(token) = token {
        head.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    let body = body.map(Value::to_string).unwrap_or_default();
    if !body.is_empty() {
        head.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n", body.len()));
    }
    write!(stream, "{head}\r\n{body}")?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    Ok((status, body))
}
