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
use super::{csrf, ApiError, AppState};
use crate::auth::{password, token};
use crate::domain::Role;
use crate::store::users::User;
use crate::store::{tokens, users};

/// The session key holding the signed-in user's id.
pub(super) const USER_ID: &str = "user_id";
/// The session key holding the stamp of the password it was signed in with ([`password::stamp`]).
pub(super) const STAMP: &str = "stamp";

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
        // Writes made with the cookie were checked for the CSRF token by `csrf::api_writes`.
        let session = csrf::session(parts, state).await?;
        let user = signed_in(&session, state).await?;
        user.map(Self).ok_or(ApiError::Unauthorized("sign in, or send Authorization: Bearer <token>"))
    }
}

/// The session's user, if it is still enabled and its password is still the one the session was signed
/// in with (a password change or reset ends every session signed in with the old one).
pub async fn signed_in(session: &Session, state: &AppState) -> Result<Option<User>, ApiError> {
    let bug = |e: tower_sessions::session::Error| ApiError::Bug(e.to_string());
    let Some(id) = session.get::<i64>(USER_ID).await.map_err(bug)? else {
        return Ok(None);
    };
    let stamp: Option<String> = session.get(STAMP).await.map_err(bug)?;
    let user = users::active(&state.pool, id).await?;
    Ok(user.filter(|(_, hash)| stamp.as_deref() == Some(&password::stamp(hash))).map(|(user, _)| user))
}

/// Restamps the session after its own user changed the password, so that this one stays signed in.
pub async fn restamp(session: &Session, password_hash: &str) -> Result<(), ApiError> {
    session.insert(STAMP, password::stamp(password_hash)).await.map_err(|e| ApiError::Bug(e.to_string()))
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
    let verified = sign_in::attempt(&state, &credentials.username, &credentials.password, &address).await?;
    let csrf_token = csrf::start_session(&session, &verified.user, &verified.stamp).await?;
    Ok(Json(SessionView { user: verified.user.into(), csrf_token }))
}

/// The signed-in user, and the token that scripts using the session cookie send as `X-CSRF-Token` with
/// every change.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    #[serde(flatten)]
    user: UserView,
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
    let csrf_token = csrf::session_token(&session).await?;
    Ok(Json(SessionView { user: user.into(), csrf_token }))
}

/// Signs out: the session is deleted. With the session cookie it needs `X-CSRF-Token`, like every write.
#[utoipa::path(delete, path = "/session", tag = "session", responses((status = 204, description = "signed out")))]
pub async fn delete_session(session: Session) -> Result<StatusCode, ApiError> {
    session.flush().await.map_err(|e| ApiError::Bug(e.to_string()))?;
    Ok(StatusCode::NO_CONTENT)
}

/// A user as the API shows one (never with the password hash).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = User)]
pub struct UserView {
    /// Database id.
    id: i64,
    /// Sign-in name.
    username: String,
    /// Name shown to others.
    display_name: String,
    /// What the user may do.
    role: Role,
}

impl From<User> for UserView {
    fn from(row: User) -> Self {
        let User { id, username, display_name, role } = row;
        Self { id, username, display_name, role }
    }
}
