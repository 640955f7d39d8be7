//! Signing in, for the JSON API and the sign-in form alike: the password check behind a limit on failed
//! attempts per account and per client address, counted in the database so every instance agrees.

use std::convert::Infallible;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use super::{ApiError, AppState};
use crate::store::sign_ins;
use crate::store::users::{self, User};

/// Failed attempts an account may have in the window before it is locked for the rest of it.
const PER_ACCOUNT: i64 = 5;
/// Failed attempts one address may make in the window, over all accounts.
const PER_ADDRESS: i64 = 20;
/// The window, in minutes.
const WINDOW_MINUTES: i32 = 15;

/// The client's address as the connection shows it ("unknown" in-process, where there is no socket).
pub struct ClientAddress(pub String);

impl<S: Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        let address = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
        Ok(Self(address.unwrap_or_else(|| "unknown".into())))
    }
}

/// The user, when the password is right and neither the account nor the address is over its limit.
pub async fn attempt(
    state: &AppState,
    username: &str,
    password: &str,
    address: &str,
) -> Result<User, ApiError> {
    let (by_account, by_address) =
        sign_ins::recent_failures(&state.pool, username, address, WINDOW_MINUTES).await?;
    if by_account >= PER_ACCOUNT || by_address >= PER_ADDRESS {
        return Err(ApiError::TooManyRequests(format!(
            "too many failed sign-ins; try again in {WINDOW_MINUTES} minutes"
        )));
    }
    let found = users::for_sign_in(&state.pool, username).await?;
    let passwords = state.passwords.clone();
    let password = password.to_owned();
    let user = tokio::task::spawn_blocking(move || match found {
        Some((user, hash)) => passwords.verify(&password, &hash).then_some(user),
        // Hash anyway, so that an unknown name takes as long to refuse as a wrong password: the timing
        // does not tell which user names exist.
        None => {
            passwords.hash(&password);
            None
        }
    })
    .await
    .map_err(|e| ApiError::Bug(e.to_string()))?;
    match user {
        Some(user) => {
            sign_ins::clear_account(&state.pool, username).await?;
            Ok(user)
        }
        None => {
            sign_ins::record_failure(&state.pool, username, address).await?;
            Err(ApiError::Unauthorized("wrong user name or password"))
        }
    }
}
