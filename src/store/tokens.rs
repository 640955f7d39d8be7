//! API tokens.

use sqlx::{PgExecutor, PgPool};

use super::users::User;
use super::StoreError;

/// Stores a new token's hash for a user; returns its id.
pub async fn create(
    db: impl PgExecutor<'_>,
    user_id: i64,
    name: &str,
    hash: &[u8; 32],
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(user_id)
    .bind(name)
    .bind(&hash[..])
    .fetch_one(db)
    .await?)
}

/// The enabled user a live (unrevoked) token belongs to. Records the use when the last record is more than
/// a minute old, so that a script's every request is not also a write.
pub async fn user_for(pool: &PgPool, hash: &[u8; 32]) -> Result<Option<User>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        token_id: i64,
        stale: bool,
        #[sqlx(flatten)]
        user: User,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT t.id AS token_id,
                t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute' AS stale,
                u.id, u.username, u.display_name, u.role
         FROM api_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND NOT u.disabled",
    )
    .bind(&hash[..])
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    if row.stale {
        // Requests racing past the same stale mark find it fresh once the first has written it.
        sqlx::query(
            "UPDATE api_tokens SET last_used_at = now()
             WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')",
        )
        .bind(row.token_id)
        .execute(pool)
        .await?;
    }
    Ok(Some(row.user))
}

/// Revokes a token by id.
pub async fn revoke(db: impl PgExecutor<'_>, id: i64) -> Result<(), StoreError> {
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL")
        .bind(id)
        .execute(db)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("token"));
    }
    Ok(())
}

/// A token as its owner's admin page lists it (never the token itself, which is not stored).
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct TokenInfo {
    /// Database id, for revoking.
    pub id: i64,
    /// Whose.
    pub user_id: i64,
    /// What it is for.
    pub name: String,
    /// When it was made.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: time::OffsetDateTime,
    /// When it was last used (to the minute).
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<time::OffsetDateTime>,
    /// When it was revoked.
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<time::OffsetDateTime>,
}

/// Every token, newest first.
pub async fn list(pool: &PgPool) -> Result<Vec<TokenInfo>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens ORDER BY id DESC",
    )
    .fetch_all(pool)
    .await?)
}
