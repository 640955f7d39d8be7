//! Failed sign-ins, for rate limiting across every server instance.

use sqlx::PgPool;

use super::StoreError;

/// Failures in the last `window_minutes` for this account name and for this address.
pub async fn recent_failures(
    pool: &PgPool,
    username: &str,
    address: &str,
    window_minutes: i32,
) -> Result<(i64, i64), StoreError> {
    let counts = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE username = $1), count(*) FILTER (WHERE address = $2)
         FROM sign_in_failures
         WHERE at > now() - make_interval(mins => $3) AND (username = $1 OR address = $2)",
    )
    .bind(username.to_lowercase())
    .bind(address)
    .bind(window_minutes)
    .fetch_one(pool)
    .await?;
    Ok(counts)
}

/// Records a failure, and forgets failures older than a day.
pub async fn record_failure(pool: &PgPool, username: &str, address: &str) -> Result<(), StoreError> {
    sqlx::query(
        "WITH expired AS (DELETE FROM sign_in_failures WHERE at < now() - interval '1 day')
         INSERT INTO sign_in_failures (username, address) VALUES ($1, $2)",
    )
    .bind(username.to_lowercase())
    .bind(address)
    .execute(pool)
    .await?;
    Ok(())
}

/// After a successful sign-in the account's count starts again; the address keeps its own.
pub async fn clear_account(pool: &PgPool, username: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE username = $1")
        .bind(username.to_lowercase())
        .execute(pool)
        .await?;
    Ok(())
}
