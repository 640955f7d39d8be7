//! Signing in, for the JSON API, the sign-in form and the current-password check of a password change
//! alike: the password check behind limits on failed attempts, counted in the database so every instance
//! agrees.
//!
//! The policy (README, "Sign-in limits"): an address may fail 20 times in 15 minutes over all accounts.
//! An account that failed 5 times in 15 minutes is under attack: an address that failed on it in that
//! time is refused, but an address with no recent failure on it is still heard, after a delay of one
//! second. Guessing needs a fresh address per guess, and nobody can lock the owner out by failing on
//! purpose.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use super::{ApiError, AppState};
use crate::auth::password;
use crate::store::sign_ins::{self, Recent};
use crate::store::users::{self, User};

/// Failed attempts an account may have in the window before only clean addresses may try it.
const PER_ACCOUNT: i64 = 5;
/// Failed attempts one address may make in the window, over all accounts.
const PER_ADDRESS: i64 = 20;
/// The window, in minutes.
const WINDOW_MINUTES: i32 = 15;
/// How long a clean address waits to try an account under attack.
const CLEAN_ADDRESS_DELAY: Duration = Duration::from_secs(1);

/// The client's address as the connection shows it ("unknown" in-process, where there is no socket).
pub struct ClientAddress(pub String);

impl<S: Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        let address = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
        Ok(Self(address.unwrap_or_else(|| "unknown".into())))
    }
}

/// A user whose password was right, and the stamp of that password for the session.
pub struct Verified {
    /// Who.
    pub user: User,
    /// [`password::stamp`] of the user's password hash.
    pub stamp: String,
}

fn may_try(recent: &Recent) -> bool {
    recent.by_address < PER_ADDRESS && (recent.by_account < PER_ACCOUNT || recent.by_pair == 0)
}

/// The user, when the password is right and the limits let this address try.
pub async fn attempt(
    state: &AppState,
    username: &str,
    password: &str,
    address: &str,
) -> Result<Verified, ApiError> {
    let (recent, reserved) =
        sign_ins::reserve(&state.pool, username, address, WINDOW_MINUTES, may_try).await?;
    let Some(attempt) = reserved else {
        return Err(ApiError::TooManyRequests(format!(
            "too many failed sign-ins; try again in {WINDOW_MINUTES} minutes"
        )));
    };
    if recent.by_account >= PER_ACCOUNT {
        tokio::time::sleep(CLEAN_ADDRESS_DELAY).await;
    }
    let found = users::for_sign_in(&state.pool, username).await?;
    let passwords = state.passwords.clone();
    let password = password.to_owned();
    let verified = tokio::task::spawn_blocking(move || match found {
        Some((user, hash)) => {
            passwords.verify(&password, &hash).then(|| Verified { user, stamp: password::stamp(&hash) })
        }
        // Hash anyway, so that an unknown name takes as long to refuse as a wrong password: the timing
        // does not tell which user names exist.
        None => {
            passwords.hash(&password);
            None
        }
    })
    .await
    .map_err(|e| ApiError::Bug(e.to_string()))?;
    // The attempt was recorded as a failure before the check; a right one is forgotten again.
    let verified = verified.ok_or(ApiError::Unauthorized("wrong user name or password"))?;
    sign_ins::succeeded(&state.pool, attempt).await?;
    Ok(verified)
}
