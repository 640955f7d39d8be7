//! Failed sign-ins, for rate limiting across every server instance. An attempt is recorded as a failure
//! before its password is checked, in the transaction that counted the earlier ones and under locks on its
//! account and address: parallel attempts are counted one after another, so none slips past the limit.

use sqlx::PgPool;

use super::StoreError;

/// Recent failures that bear on one more attempt.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct Recent {
    /// Of this account, from anywhere.
    pub by_account: i64,
    /// From this address, on any account.
    pub by_address: i64,
    /// Of this account from this address.
    pub by_pair: i64,
}

/// Counts the failures of the last `window_minutes` and, when `allowed` says so, records this attempt as
/// one, all in one transaction. Returns the counts, and the recorded attempt's id unless refused.
pub async fn reserve(
    pool: &PgPool,
    username: &str,
    address: &str,
    window_minutes: i32,
    allowed: impl FnOnce(&Recent) -> bool,
) -> Result<(Recent, Option<i64>), StoreError> {
    let username = username.to_lowercase();
    let mut tx = pool.begin().await?;
    // Always the account first, then the address: two attempts never wait for each other in a cycle.
    sqlx::query("SELECT pg_advisory_xact_lock(1, hashtext($1)), pg_advisory_xact_lock(2, hashtext($2))")
        .bind(&username)
        .bind(address)
        .execute(&mut *tx)
        .await?;
    let recent: Recent = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE username = $1) AS by_account,
                count(*) FILTER (WHERE address = $2) AS by_address,
                count(*) FILTER (WHERE username = $1 AND address = $2) AS by_pair
         FROM sign_in_failures
         WHERE at > now() - make_interval(mins => $3) AND (username = $1 OR address = $2)",
    )
    .bind(&username)
    .bind(address)
    .bind(window_minutes)
    .fetch_one(&mut *tx)
    .await?;
    if !allowed(&recent) {
        return Ok((recent, None));
    }
    let id = sqlx::query_scalar(
        "WITH expired AS (DELETE FROM sign_in_failures WHERE at < now() - interval '1 day')
         INSERT INTO sign_in_failures (username, address) VALUES ($1, $2) RETURNING id",
    )
    .bind(&username)
    .bind(address)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((recent, Some(id)))
}

/// The attempt `id` was right: it and the earlier failures of its account from its address are
/// forgotten. Failures of the account from elsewhere stay counted (someone else may be guessing).
pub async fn succeeded(pool: &PgPool, id: i64) -> Result<(), StoreError> {
    sqlx::query(
        "DELETE FROM sign_in_failures f USING sign_in_failures this
         WHERE this.id = $1 AND f.username = this.username AND f.address = this.address",
    )
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}
