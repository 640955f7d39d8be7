//! Pages for people, rendered on the server: sign-in, the article list, the editor. Thin like the API
//! handlers: parse, call the store, render a template. Every page needs a signed-in session (anyone else
//! is sent to the sign-in page); every form carries the session's CSRF token.

pub mod account;
pub mod admin;
pub mod analysis;
pub mod article_import;
pub mod article_update;
pub mod assignments;
pub mod dashboard;
pub mod editor;
pub mod glossaries;
pub mod inbox;
pub mod login;
pub mod mt;
pub mod quality;
pub mod review;
pub mod spelling;
pub mod tm;
pub mod webhooks;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::auth::signed_in;
use super::{csrf, templates, ApiError, AppState};
use crate::store::comments;
use crate::store::users::User;
use crate::store::StoreError;

/// Segment statuses in life-cycle order, for filters.
pub const STATUSES: [&str; 4] = ["initial", "translated", "reviewed", "final"];

/// A moment as pages show it: `YYYY-MM-DD HH:MM`, in UTC.
const MINUTE: &[time::format_description::BorrowedFormatItem<'_>] =
    time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");

/// A signed-in person looking at a page, with the token their forms must send back.
pub struct Page {
    /// Who.
    pub user: User,
    /// The session's CSRF token.
    pub csrf: String,
    session: Session,
    /// What the change before this page did, said once (see [`Page::confirm`]).
    done: Option<String>,
    /// How many comments mentioning the user are unread (the count beside «Inbox» in the menu).
    pub unread: i64,
}

/// What every page's template gets: the user for the header, the token for forms, the active menu entry,
/// and the confirmation of the change that led here.
#[derive(Serialize)]
pub struct Chrome<'a> {
    user: Option<&'a User>,
    csrf: &'a str,
    nav: &'a str,
    flash: Option<Flash<'a>>,
    unread: i64,
}

/// A message at the top of a page.
#[derive(Serialize)]
struct Flash<'a> {
    kind: &'static str,
    message: &'a str,
}

/// The session key of the confirmation waiting for the next page.
const DONE_KEY: &str = "done";

impl Page {
    /// The context every page starts from.
    pub fn chrome<'a>(&'a self, nav: &'a str) -> Chrome<'a> {
        let flash = self.done.as_deref().map(|message| Flash { kind: "done", message });
        Chrome { user: Some(&self.user), csrf: &self.csrf, nav, flash, unread: self.unread }
    }

    /// Says `message` on the next page this session sees: a change answered by a redirect confirms
    /// itself there (kept in the session, so any instance shows it, once).
    pub async fn confirm(&self, message: impl Into<String>) -> Result<(), ApiError> {
        self.session.insert(DONE_KEY, message.into()).await.map_err(|e| ApiError::Bug(e.to_string()))
    }
}

impl FromRequestParts<AppState> for Page {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let session = csrf::session(parts, state).await.map_err(|e| PageError(e).into_response())?;
        let user = signed_in(&session, state).await.map_err(|e| PageError(e).into_response())?;
        let Some(user) = user else {
            let next = parts.uri.path_and_query().map_or("/", |p| p.as_str());
            return Err(Redirect::to(&format!("/login?next={}", encode_query(next))).into_response());
        };
        let csrf = csrf::session_token(&session).await.map_err(|e| PageError(e).into_response())?;
        let done = match parts.method {
            Method::GET => session.remove::<String>(DONE_KEY).await.ok().flatten(),
            _ => None,
        };
        let unread =
            comments::unread(&state.pool, user.id).await.map_err(|e| PageError(e.into()).into_response())?;
        Ok(Self { user, csrf, session, done, unread })
    }
}

/// A form that carries nothing but its CSRF token (which `CsrfForm` checks): a button that does one thing.
#[derive(Debug, Deserialize)]
pub struct TokenOnly {}

/// A page that failed: the API error's status, shown as a page.
pub struct PageError(pub ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        Self(e)
    }
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        Self(e.into())
    }
}

/// What an error page says at the top, in words for people rather than HTTP's phrases.
fn title_of(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 | 422 => "That could not be used",
        401 => "Please sign in",
        403 => "Not allowed for your role",
        404 => "Not found",
        409 => "Changed meanwhile",
        413 => "Too large",
        429 => "Too many attempts",
        _ if status.is_server_error() => "Something went wrong",
        _ => "That did not work",
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        if status.is_server_error() {
            tracing::error!(error = ?self.0, "internal error");
        }
        let title = title_of(status);
        let message = if status.is_server_error() {
            "Something went wrong on our side.".into()
        } else {
            self.0.to_string()
        };
        let context =
            serde_json::json!({ "user": null, "csrf": "", "nav": "", "title": title, "message": message });
        match templates::render("error.html", context) {
            Ok(html) => (status, html).into_response(),
            Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response(),
        }
    }
}

/// Percent-encodes a value for a query string.
fn encode_query(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Where to go after signing in: only a path on this site. A second `/` or a `\\` after the first
/// would name another host (`//evil.example`, and browsers read `/\evil.example` the same way), and
/// browsers drop tabs and line breaks from a URL (`/\t/evil.example` is `//evil.example`); a control
/// character cannot be a `Location` header either.
fn safe_next(next: &str) -> &str {
    let mut chars = next.chars();
    let local = chars.next() == Some('/') && !matches!(chars.next(), Some('/' | '\\'));
    if local && !next.chars().any(char::is_control) {
        next
    } else {
        "/"
    }
}
