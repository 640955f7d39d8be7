//! `GET/POST /login`, `POST /logout`.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;
use tower_sessions::Session;

use super::{safe_next, PageError, TokenOnly};
use crate::web::auth::signed_in;
use crate::web::csrf::{self, CsrfForm};
use crate::web::extract::Query;
use crate::web::sign_in::{self, ClientAddress};
use crate::web::{templates, ApiError, AppState};

/// Where to go after signing in.
#[derive(Debug, Deserialize)]
pub struct Next {
    #[serde(default)]
    next: String,
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct SignIn {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// The sign-in page (or straight on, for someone already signed in).
pub async fn get_login(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Query(next): Query<Next>,
) -> Result<Response, PageError> {
    if signed_in(&session, &state).await?.is_some() {
        return Ok(Redirect::to(safe_next(&next.next)).into_response());
    }
    Ok(login_page(&state, &headers, &next.next, "", None))
}

/// Checks the password; on success a new session id and token, then the page asked for.
pub async fn post_login(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<SignIn>,
) -> Result<Response, PageError> {
    match sign_in::attempt(&state, &form.username, &form.password, &address).await {
        Ok(verified) => {
            csrf::start_session(&session, &verified.user, &verified.stamp).await?;
            Ok(Redirect::to(safe_next(&form.next)).into_response())
        }
        Err(e @ (ApiError::Unauthorized(_) | ApiError::TooManyRequests(_))) => {
            let page = login_page(&state, &headers, &form.next, &form.username, Some(&e.to_string()));
            Ok((e.status(), page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// Ends the session.
pub async fn post_logout(session: Session, _: CsrfForm<TokenOnly>) -> Result<Redirect, PageError> {
    session.flush().await.map_err(|e| ApiError::Bug(e.to_string()))?;
    Ok(Redirect::to("/login"))
}

/// The sign-in form, with the token the browser holds (or a new one, handed over in a cookie).
fn login_page(
    state: &AppState,
    headers: &HeaderMap,
    next: &str,
    username: &str,
    error: Option<&str>,
) -> Response {
    let (csrf, cookie) = csrf::sign_in_token(headers, state.secure_cookies);
    let context =
        json!({ "user": null, "csrf": csrf, "nav": "", "next": next, "username": username, "error": error });
    match templates::render("login.html", context) {
        Ok(html) => (cookie.map(|cookie| [(SET_COOKIE, cookie)]), html).into_response(),
        Err(e) => PageError(e).into_response(),
    }
}
