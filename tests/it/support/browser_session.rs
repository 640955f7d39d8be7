//! A browser's view of the app in-process: a cookie jar of one session, forms posted as a browser posts
//! them, pages read as HTML.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use sqlx::PgPool;
use tarjuman::web::AppState;
use tower::ServiceExt;

use super::http::app;

/// One browser session against the app.
pub struct Visitor {
    pool: PgPool,
    /// The server instance it talks to; none: a fresh one for each request.
    instance: Option<AppState>,
    cookie: Option<String>,
}

/// A page as the browser got it.
pub struct Answer {
    /// The status.
    pub status: StatusCode,
    /// Where a redirect points.
    pub location: Option<String>,
    /// The body as text.
    pub body: String,
}

impl Answer {
    /// The value of the hidden `csrf` field of the page's forms.
    pub fn csrf(&self) -> String {
        let marker = "name=\"csrf\" value=\"";
        let start = self.body.find(marker).map(|i| i + marker.len()).expect("a form with a csrf field");
        self.body[start..].split('"').next().unwrap_or_default().to_owned()
    }
}

impl Visitor {
    /// A new browser without cookies.
    pub fn new(pool: &PgPool) -> Self {
        Self { pool: pool.clone(), instance: None, cookie: None }
    }

    /// A new browser without cookies that talks to this one instance, whose caches last between requests.
    pub fn at(instance: &AppState) -> Self {
        Self { pool: instance.pool.clone(), instance: Some(instance.clone()), cookie: None }
    }

    /// Sends a request with the session cookie and keeps any new one.
    pub async fn send(&mut self, request: axum::http::request::Builder, body: Body) -> Answer {
        let request = match &self.cookie {
            Some(cookie) => request.header(header::COOKIE, cookie),
            None => request,
        };
        let app = match &self.instance {
            Some(instance) => tarjuman::web::router(instance.clone()),
            None => app(self.pool.clone()),
        };
        let response = app.oneshot(request.body(body).unwrap()).await.unwrap();
        if let Some(set) = response.headers().get(header::SET_COOKIE) {
            self.cookie = set.to_str().ok().and_then(|s| s.split(';').next()).map(str::to_owned);
        }
        let status = response.status();
        let location =
            response.headers().get(header::LOCATION).and_then(|l| l.to_str().ok()).map(str::to_owned);
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Answer { status, location, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    /// GET a page.
    pub async fn get(&mut self, uri: &str) -> Answer {
        self.send(Request::get(uri), Body::empty()).await
    }

    /// POST a form (`application/x-www-form-urlencoded`).
    pub async fn post_form(&mut self, uri: &str, fields: &[(&str, &str)]) -> Answer {
        let body: String =
            fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&");
        let request = Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        self.send(request, Body::from(body)).await
    }

    /// POST a multipart form; `files` are (field, file name, content).
    pub async fn post_multipart(
        &mut self,
        uri: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Answer {
        let boundary = "tarjuman-test-boundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .bytes(),
            );
        }
        for (name, file_name, content) in files {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .bytes(),
            );
            body.extend_from_slice(content);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").bytes());
        let request = Request::post(uri)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
        self.send(request, Body::from(body)).await
    }

    /// Signs in through the form; panics unless it works.
    pub async fn sign_in(&mut self, username: &str, password: &str) {
        let csrf = self.get("/login").await.csrf();
        let answer = self
            .post_form("/login", &[("csrf", &csrf), ("username", username), ("password", password)])
            .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "sign-in failed: {}", answer.body);
    }
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
