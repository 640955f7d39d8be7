//! Who is calling: an API token (`Authorization: Bearer tj_...`) or the browser session, and the session
//! routes that sign in and out.

use axum::extract::{FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;
use utoipa::ToSchema;

use super::extract::Json;
use super::sign_in::{self, ClientAddress};
use super::{ApiError, AppState};
use crate::auth::token;
use crate::domain::Role;
use crate::store::users::User;
use crate::store::{tokens, users};

/// The session key holding the signed-in user's id.
pub(super) const USER_ID: &str = "user_id";

/// The authenticated caller. Extracting it is what makes a route require authentication.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub User);

/// Ok when `role` is `allowed`, else 403 saying what it may not do.
pub fn require(role: Role, allowed: impl Fn(Role) -> bool, what: &str) -> Result<(), ApiError> {
    if allowed(role) {
        Ok(())
    } else {
        Err(ApiError::forbidden(what))
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(header) = parts.headers.get(AUTHORIZATION) {
            let presented = header
                .to_str()
                .ok()
                .and_then(|h| h.strip_prefix("Bearer "))
                .ok_or(ApiError::Unauthorized("the Authorization header must be \"Bearer <token>\""))?;
            let user = tokens::user_for(&state.pool, &token::hash(presented.trim())).await?;
            return user.map(Self).ok_or(ApiError::Unauthorized("invalid or revoked token"));
        }
        let session = session(parts, state).await?;
        let id: Option<i64> = session.get(USER_ID).await.map_err(|e| ApiError::Bug(e.to_string()))?;
        let id = id.ok_or(ApiError::Unauthorized("sign in, or send Authorization: Bearer <token>"))?;
        // A browser sends the cookie with any request, also one another site makes it send: a change
        // needs the page's token too, which other sites cannot read.
        if !parts.method.is_safe() {
            let presented = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
            super::pages::check_csrf(&session, presented).await?;
        }
        let user = users::active(&state.pool, id).await?;
        user.map(Self).ok_or(ApiError::Unauthorized("the session's user is disabled or gone; sign in again"))
    }
}

/// The header that carries the CSRF token on script requests made with the session cookie.
pub const CSRF_HEADER: &str = "x-csrf-token";

async fn session(parts: &mut Parts, state: &AppState) -> Result<Session, ApiError> {
    Session::from_request_parts(parts, state).await.map_err(|(_, message)| ApiError::Bug(message.into()))
}

/// Sign-in credentials.
#[derive(Debug, Deserialize, ToSchema)]
pub struct Credentials {
    /// User name (any letter case).
    username: String,
    /// Password.
    password: String,
}

/// Signs in: checks the password and puts the user in a new session (the cookie `id`).
#[utoipa::path(post, path = "/session", tag = "session", request_body = Credentials,
    responses((status = 200, body = SessionView), (status = 401, description = "wrong user name or password"),
              (status = 429, description = "too many failed sign-ins for this account or address")))]
pub async fn create_session(
    State(state): State<AppState>,
    session: Session,
    ClientAddress(address): ClientAddress,
    Json(credentials): Json<Credentials>,
) -> Result<Json<SessionView>, ApiError> {
    let user = sign_in::attempt(&state, &credentials.username, &credentials.password, &address).await?;
    let csrf_token = super::pages::start_session(&session, &user).await?;
    Ok(Json(SessionView { user, csrf_token }))
}

/// The signed-in user, and the token that scripts using the session cookie send as `X-CSRF-Token` with
/// every change.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    #[serde(flatten)]
    user: User,
    /// Send it back as `X-CSRF-Token` on POST, PUT, PATCH and DELETE made with the session cookie.
    csrf_token: String,
}

/// The signed-in user.
#[utoipa::path(get, path = "/session", tag = "session",
    responses((status = 200, body = SessionView), (status = 401, description = "not signed in")))]
pub async fn get_session(
    CurrentUser(user): CurrentUser,
    session: Session,
) -> Result<Json<SessionView>, ApiError> {
    let csrf_token = super::pages::csrf_token(&session).await?;
    Ok(Json(SessionView { user, csrf_token }))
}

/// Signs out: the session is deleted.
#[utoipa::path(delete, path = "/session", tag = "session", responses((status = 204, description = "signed out")))]
pub async fn delete_session(session: Session) -> Result<StatusCode, ApiError> {
    session.flush().await.map_err(|e| ApiError::Bug(e.to_string()))?;
    Ok(StatusCode::NO_CONTENT)
}
