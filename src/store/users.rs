//! Users.

use serde::Serialize;
use sqlx::PgExecutor;

use super::{on_unique, StoreError};
use crate::domain::{Role, Username};

/// A user as the rest of the application sees one (never with the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct User {
    /// Database id.
    pub id: i64,
    /// Sign-in name.
    pub username: String,
    /// Name shown to others.
    pub display_name: String,
    /// What the user may do.
    pub role: Role,
}

/// A user to create.
#[derive(Debug)]
pub struct NewUser<'a> {
    /// Sign-in name.
    pub username: &'a Username,
    /// Name shown to others; the user name when empty.
    pub display_name: &'a str,
    /// argon2 PHC string.
    pub password_hash: &'a str,
    /// Role.
    pub role: Role,
}

/// Creates a user; a taken name (in any letter case) is a [`StoreError::Constraint`].
pub async fn create(db: impl PgExecutor<'_>, user: NewUser<'_>) -> Result<User, StoreError> {
    let display_name =
        if user.display_name.trim().is_empty() { user.username.as_str() } else { user.display_name };
    sqlx::query_as(
        "INSERT INTO users (username, display_name, password_hash, role) VALUES ($1, $2, $3, $4)
         RETURNING id, username, display_name, role",
    )
    .bind(user.username.as_str())
    .bind(display_name.trim())
    .bind(user.password_hash)
    .bind(user.role)
    .fetch_one(db)
    .await
    .map_err(on_unique("users_username_key", || format!("user {:?} already exists", user.username.as_str())))
}

/// A user with its password hash.
#[derive(sqlx::FromRow)]
struct WithHash {
    #[sqlx(flatten)]
    user: User,
    password_hash: String,
}

/// An enabled user by sign-in name (any letter case), with the password hash to check.
pub async fn for_sign_in(
    db: impl PgExecutor<'_>,
    username: &str,
) -> Result<Option<(User, String)>, StoreError> {
    let row: Option<WithHash> = sqlx::query_as(
        "SELECT id, username, display_name, role, password_hash FROM users
         WHERE lower(username) = lower($1) AND NOT disabled",
    )
    .bind(username)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.user, r.password_hash)))
}

/// An enabled user by id, with its password hash (a session's user may have been disabled, or its
/// password changed, since it signed in).
pub async fn active(db: impl PgExecutor<'_>, id: i64) -> Result<Option<(User, String)>, StoreError> {
    let row: Option<WithHash> = sqlx::query_as(
        "SELECT id, username, display_name, role, password_hash FROM users WHERE id = $1 AND NOT disabled",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.user, r.password_hash)))
}

/// An enabled user by sign-in name.
pub async fn by_name(db: impl PgExecutor<'_>, username: &str) -> Result<User, StoreError> {
    sqlx::query_as(
        "SELECT id, username, display_name, role FROM users WHERE lower(username) = lower($1) AND NOT disabled",
    )
    .bind(username)
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound("user"))
}

/// A user as the admin page lists one.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Account {
    /// The user.
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub user: User,
    /// Whether the user may no longer sign in.
    pub disabled: bool,
}

/// Every user, enabled first, by name.
pub async fn list(db: impl PgExecutor<'_>) -> Result<Vec<Account>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, username, display_name, role, disabled FROM users ORDER BY disabled, lower(username)",
    )
    .fetch_all(db)
    .await?)
}

/// Sets a user's role and whether they are disabled. The last enabled admin can be neither demoted nor
/// disabled: nobody could manage users after that.
pub async fn update(pool: &sqlx::PgPool, id: i64, role: Role, disabled: bool) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    // Serialise changes to admins, so that two admins demoting each other at once cannot both succeed.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('tarjuman.users.admins'))").execute(&mut *tx).await?;
    let changed = sqlx::query("UPDATE users SET role = $2, disabled = $3 WHERE id = $1")
        .bind(id)
        .bind(role)
        .bind(disabled)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() == 0 {
        return Err(StoreError::NotFound("user"));
    }
    let admins: i64 = sqlx::query_scalar("SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled")
        .fetch_one(&mut *tx)
        .await?;
    if admins == 0 {
        return Err(StoreError::Constraint("the last enabled admin cannot be demoted or disabled".into()));
    }
    tx.commit().await?;
    Ok(())
}

/// Replaces a user's password hash.
pub async fn set_password(db: impl PgExecutor<'_>, id: i64, password_hash: &str) -> Result<(), StoreError> {
    let changed = sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
        .bind(id)
        .bind(password_hash)
        .execute(db)
        .await?;
    if changed.rows_affected() == 0 {
        return Err(StoreError::NotFound("user"));
    }
    Ok(())
}

/// A user's sign-in name, enabled or not.
pub async fn username_of(db: impl PgExecutor<'_>, id: i64) -> Result<String, StoreError> {
    sqlx::query_scalar("SELECT username FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or(StoreError::NotFound("user"))
}
