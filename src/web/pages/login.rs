//! `GET/POST /login`, `POST /logout`.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use serde_json::json;
use tower_sessions::Session;

use super::{check_csrf, csrf_token, safe_next, signed_in, start_session, PageError, TokenOnly};
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
    csrf: String,
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// The sign-in page (or straight on, for someone already signed in).
pub async fn get_login(
    State(state): State<AppState>,
    session: Session,
    Query(next): Query<Next>,
) -> Result<Response, PageError> {
    if signed_in(&session, &state).await?.is_some() {
        return Ok(Redirect::to(safe_next(&next.next)).into_response());
    }
    let csrf = csrf_token(&session).await?;
    Ok(login_page(&csrf, &next.next, "", None).into_response())
}

/// Checks the password; on success a new session id and token, then the page asked for.
pub async fn post_login(
    State(state): State<AppState>,
    session: Session,
    ClientAddress(address): ClientAddress,
    Form(form): Form<SignIn>,
) -> Result<Response, PageError> {
    check_csrf(&session, &form.csrf).await?;
    match sign_in::attempt(&state, &form.username, &form.password, &address).await {
        Ok(user) => {
            start_session(&session, &user).await?;
            Ok(Redirect::to(safe_next(&form.next)).into_response())
        }
        Err(e @ (ApiError::Unauthorized(_) | ApiError::TooManyRequests(_))) => {
            let status = e.status();
            let csrf = csrf_token(&session).await?;
            Ok((status, login_page(&csrf, &form.next, &form.username, Some(&e.to_string()))).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// Ends the session.
pub async fn post_logout(session: Session, Form(form): Form<TokenOnly>) -> Result<Redirect, PageError> {
    check_csrf(&session, &form.csrf).await?;
    session.flush().await.map_err(|e| ApiError::Bug(e.to_string()))?;
    Ok(Redirect::to("/login"))
}

fn login_page(csrf: &str, next: &str, username: &str, error: Option<&str>) -> Response {
    let context =
        json!({ "user": null, "csrf": csrf, "nav": "", "next": next, "username": username, "error": error });
    match templates::render("login.html", context) {
        Ok(html) => html.into_response(),
        Err(e) => PageError(e).into_response(),
    }
}
