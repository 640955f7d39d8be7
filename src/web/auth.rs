//! Who is calling: an API token (`Authorization: Bearer tj_...`) or the browser session, and the session
//! routes that sign in and out.

use axum::extract::{FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::Deserialize;
use tower_sessions::Session;
use utoipa::ToSchema;

use super::extract::Json;
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
    responses((status = 200, body = User), (status = 401, description = "wrong user name or password")))]
pub async fn create_session(
    State(state): State<AppState>,
    session: Session,
    Json(credentials): Json<Credentials>,
) -> Result<Json<User>, ApiError> {
    let found = users::for_sign_in(&state.pool, &credentials.username).await?;
    let passwords = state.passwords.clone();
    let user = tokio::task::spawn_blocking(move || match found {
        Some((user, hash)) => passwords.verify(&credentials.password, &hash).then_some(user),
        // Hash anyway, so that an unknown name takes as long to refuse as a wrong password: the timing
        // does not tell which user names exist.
        None => {
            passwords.hash(&credentials.password);
            None
        }
    })
    .await
    .map_err(|e| ApiError::Bug(e.to_string()))?
    .ok_or(ApiError::Unauthorized("wrong user name or password"))?;
    // A new session id at sign-in, so that an id planted before it is worth nothing after.
    session.cycle_id().await.map_err(|e| ApiError::Bug(e.to_string()))?;
    session.insert(USER_ID, user.id).await.map_err(|e| ApiError::Bug(e.to_string()))?;
    Ok(Json(user))
}

/// The signed-in user.
#[utoipa::path(get, path = "/session", tag = "session",
    responses((status = 200, body = User), (status = 401, description = "not signed in")))]
pub async fn get_session(CurrentUser(user): CurrentUser) -> Json<User> {
    Json(user)
}

/// Signs out: the session is deleted.
#[utoipa::path(delete, path = "/session", tag = "session", responses((status = 204, description = "signed out")))]
pub async fn delete_session(session: Session) -> Result<StatusCode, ApiError> {
    session.flush().await.map_err(|e| ApiError::Bug(e.to_string()))?;
    Ok(StatusCode::NO_CONTENT)
}
