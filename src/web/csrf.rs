//! Cross-site request forgery, decided in one place. A browser sends the session cookie with any request,
//! also one another site makes it send, so every change made with a cookie must also present a token
//! that other sites cannot read:
//!
//! - forms send it as the `csrf` field: [`CsrfForm`] and [`CsrfMultipart`] check it before the handler
//!   runs (before the body is even parsed), so a page handler cannot forget it;
//! - scripts send it as `X-CSRF-Token`: [`api_writes`] checks every API write made with a signed-in
//!   session cookie (bearer-token requests need none: no browser sends them on its own).
//!
//! The token lives in the session once someone signs in. Before that there is no session (an anonymous
//! page view stores nothing): the sign-in form's token is a double-submit cookie, which another site can
//! neither read nor send (SameSite=Strict, HttpOnly), and over HTTPS nor plant from a sibling subdomain
//! (the `__Host-` prefix).

use axum::extract::{FromRequest, FromRequestParts, Multipart, Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::Form;
use serde::de::DeserializeOwned;
use tower_sessions::cookie::{Cookie, SameSite};
use tower_sessions::Session;

use super::extract::refuse_nul;
use super::pages::PageError;
use super::{ApiError, AppState};
use crate::auth::csrf;
use crate::store::users::User;

/// The form field that carries the token.
const FIELD: &str = "csrf";
/// The header that carries the token on script requests made with the session cookie.
pub const HEADER: &str = "x-csrf-token";
/// The session key of the token.
const SESSION_KEY: &str = "csrf";
/// The cookie that carries the sign-in form's token before there is a session. Over HTTPS its name has the
/// `__Host-` prefix, which browsers take only from this very host, Secure, for the whole site: a sibling
/// subdomain cannot plant a token of its own. That is the attack a signed cookie would stop, without a
/// signing key that every instance would have to share.
fn pre_session_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-tarjuman_csrf"
    } else {
        "tarjuman_csrf"
    }
}

fn bug(e: tower_sessions::session::Error) -> ApiError {
    ApiError::Bug(e.to_string())
}

/// The session of a request.
pub async fn session(parts: &mut Parts, state: &AppState) -> Result<Session, ApiError> {
    Session::from_request_parts(parts, state).await.map_err(|(_, message)| ApiError::Bug(message.into()))
}

/// The session's token, made on first use (only signed-in sessions are asked: they are stored anyway).
pub async fn session_token(session: &Session) -> Result<String, ApiError> {
    if let Some(token) = session.get::<String>(SESSION_KEY).await.map_err(bug)? {
        return Ok(token);
    }
    let token = csrf::generate();
    session.insert(SESSION_KEY, &token).await.map_err(bug)?;
    Ok(token)
}

/// Puts `user` in the session after a successful sign-in: a new session id and a new token, so that an
/// id or token planted before it is worth nothing after. Returns the token.
pub async fn start_session(session: &Session, user: &User, stamp: &str) -> Result<String, ApiError> {
    session.cycle_id().await.map_err(bug)?;
    session.insert(super::auth::USER_ID, user.id).await.map_err(bug)?;
    session.insert(super::auth::STAMP, stamp).await.map_err(bug)?;
    let token = csrf::generate();
    session.insert(SESSION_KEY, &token).await.map_err(bug)?;
    Ok(token)
}

/// The sign-in form's token: the one the browser already holds, else a new one with the `Set-Cookie`
/// header that hands it over.
pub fn sign_in_token(headers: &HeaderMap, secure: bool) -> (String, Option<HeaderValue>) {
    if let Some(token) = pre_session_cookie(headers, secure) {
        return (token, None);
    }
    let token = csrf::generate();
    let cookie = Cookie::build((pre_session_cookie_name(secure), token.clone()))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .build();
    (token, HeaderValue::from_str(&cookie.to_string()).ok())
}

fn pre_session_cookie(headers: &HeaderMap, secure: bool) -> Option<String> {
    let cookies = headers.get_all(COOKIE).into_iter().filter_map(|v| v.to_str().ok());
    cookies
        .flat_map(|header| Cookie::split_parse(header.to_owned()).flatten())
        .find(|cookie| cookie.name() == pre_session_cookie_name(secure))
        .map(|cookie| cookie.value().to_owned())
}

/// The token this request must present: its session's, or before sign-in its cookie's.
async fn expected(parts: &mut Parts, state: &AppState) -> Result<Option<String>, ApiError> {
    let session = session(parts, state).await?;
    match session.get::<String>(SESSION_KEY).await.map_err(bug)? {
        Some(token) => Ok(Some(token)),
        None => Ok(pre_session_cookie(&parts.headers, state.secure_cookies)),
    }
}

/// Ok when `presented` is the `expected` token.
fn verify(expected: Option<String>, presented: &str) -> Result<(), ApiError> {
    match expected {
        Some(expected) if csrf::matches(&expected, presented) => Ok(()),
        _ => Err(ApiError::Forbidden(
            "the form's security token is missing or out of date; reload the page and try again".into(),
        )),
    }
}

/// A form (`application/x-www-form-urlencoded`) whose `csrf` field was checked before anything else was
/// read from it; `T` gets the other fields, each refused when it holds a NUL character.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = PageError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, PageError> {
        let (mut parts, body) = request.into_parts();
        let expected = expected(&mut parts, state).await?;
        let Form(fields): Form<Vec<(String, String)>> =
            Form::from_request(Request::from_parts(parts, body), state).await.map_err(ApiError::from)?;
        let presented = fields.iter().find(|(name, _)| name == FIELD).map_or("", |(_, value)| value);
        verify(expected, presented)?;
        let rest: Vec<_> = fields.iter().filter(|(name, _)| name != FIELD).collect();
        for (name, value) in &rest {
            refuse_nul(value, name)?;
        }
        let encoded = form_urlencoded::Serializer::new(String::new()).extend_pairs(rest).finish();
        let form = serde_urlencoded::from_str(&encoded).map_err(|e| ApiError::Validation(e.to_string()))?;
        Ok(Self(form))
    }
}

/// A multipart form whose first field, `csrf`, was checked before the rest (a file, maybe large) is read.
/// The forms put the token first, as browsers send fields in document order.
pub struct CsrfMultipart(pub Multipart);

impl FromRequest<AppState> for CsrfMultipart {
    type Rejection = PageError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, PageError> {
        let (mut parts, body) = request.into_parts();
        let expected = expected(&mut parts, state).await?;
        let mut multipart = Multipart::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|e| ApiError::BadRequest(e.body_text()))?;
        let presented = match multipart.next_field().await.map_err(ApiError::from)? {
            Some(field) if field.name() == Some(FIELD) => field.text().await.map_err(ApiError::from)?,
            _ => String::new(),
        };
        verify(expected, &presented)?;
        Ok(Self(multipart))
    }
}

/// Middleware of the API: a write (not GET/HEAD/OPTIONS) made with a signed-in session cookie needs the
/// session's token in `X-CSRF-Token`. Bearer-token requests pass, and so do requests without a signed-in
/// session (the handler answers 401 to those that need one).
pub async fn api_writes(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    if request.method().is_safe() || request.headers().contains_key(AUTHORIZATION) {
        return Ok(next.run(request).await);
    }
    let (mut parts, body) = request.into_parts();
    let session = session(&mut parts, &state).await?;
    if session.get::<i64>(super::auth::USER_ID).await.map_err(bug)?.is_some() {
        let expected = expected(&mut parts, &state).await?;
        let presented = parts.headers.get(HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
        verify(expected, presented)?;
    }
    Ok(next.run(Request::from_parts(parts, body)).await)
}
