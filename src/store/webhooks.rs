//! Outgoing webhooks: the hooks an admin registered and their outbox of deliveries (filled by triggers in
//! the transaction of each event, see migration 0017), claimed by one instance at a time.

use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

use super::StoreError;

/// A registered hook (without its secret).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Webhook {
    /// Database id.
    pub id: i64,
    /// Where deliveries are posted.
    pub url: String,
    /// The events it receives.
    pub events: Vec<String>,
    /// Whether it receives anything.
    pub active: bool,
    /// When it was registered.
    pub created_at: OffsetDateTime,
}

/// A delivery as its log shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Delivery {
    /// Database id.
    pub id: i64,
    /// The event.
    pub event: String,
    /// When it was queued.
    pub created_at: OffsetDateTime,
    /// How many times it was sent.
    pub attempts: i32,
    /// When it will be sent again; none once delivered or given up.
    pub next_attempt_at: Option<OffsetDateTime>,
    /// When the receiver accepted it.
    pub delivered_at: Option<OffsetDateTime>,
    /// The receiver's last HTTP status.
    pub last_status: Option<i32>,
    /// The start of the receiver's last answer.
    pub last_response: Option<String>,
    /// Why the last attempt failed before an answer (connection refused, timeout).
    pub last_error: Option<String>,
}

/// A delivery to send now, with what signs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Due {
    /// The delivery.
    pub id: i64,
    /// The hook's URL.
    pub url: String,
    /// The hook's secret.
    pub secret: Vec<u8>,
    /// The JSON body.
    pub body: String,
    /// Attempts before this one.
    pub attempts: i32,
}

/// What one attempt got.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The receiver answered (2xx: delivered).
    Answered {
        /// HTTP status.
        status: u16,
        /// The start of the body.
        response: String,
    },
    /// No answer.
    Failed(String),
}

/// The event names a hook may ask for.
pub const EVENTS: [&str; 5] =
    ["article.imported", "article.translated", "article.reviewed", "comment.mentioned", "deadline.missed"];

/// Registers a hook.
pub async fn create(
    pool: &PgPool,
    url: &str,
    events: &[String],
    secret: &[u8; 32],
    by: i64,
) -> Result<Webhook, StoreError> {
    Ok(sqlx::query_as(
        "INSERT INTO webhooks (url, events, secret, created_by) VALUES ($1, $2, $3, $4)
         RETURNING id, url, events, active, created_at",
    )
    .bind(url)
    .bind(events)
    .bind(&secret[..])
    .bind(by)
    .fetch_one(pool)
    .await?)
}

/// Every hook, newest first.
pub async fn list(pool: &PgPool) -> Result<Vec<Webhook>, StoreError> {
    Ok(sqlx::query_as("SELECT id, url, events, active, created_at FROM webhooks ORDER BY id DESC")
        .fetch_all(pool)
        .await?)
}

/// Queues a test delivery (`ping`) to one hook.
pub async fn ping(pool: &PgPool, id: i64) -> Result<(), StoreError> {
    let done = sqlx::query(
        "INSERT INTO webhook_deliveries (webhook_id, event, body)
         SELECT id, 'ping', jsonb_build_object('event', 'ping', 'at', now(), 'data', jsonb_build_object('webhook', id))
         FROM webhooks WHERE id = $1",
    )
    .bind(id)
    .execute(pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("webhook"));
    }
    Ok(())
}

/// A hook's deliveries, newest first (the latest 100).
pub async fn deliveries(pool: &PgPool, hook: i64) -> Result<Vec<Delivery>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, event, created_at, attempts, next_attempt_at, delivered_at, last_status, last_response, last_error
         FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT 100",
    )
    .bind(hook)
    .fetch_all(pool)
    .await?)
}

/// Claims up to `limit` due deliveries for the caller's transaction: rows another instance holds are skipped,
/// so each is sent once.
pub async fn claim(conn: &mut PgConnection, limit: i64) -> Result<Vec<Due>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT d.id, w.url, w.secret, d.body::text AS body, d.attempts
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
         WHERE d.next_attempt_at <= now() AND w.active
         ORDER BY d.next_attempt_at LIMIT $1 FOR UPDATE OF d SKIP LOCKED",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// Records an attempt: delivered on a 2xx, else retried after `retry_in` seconds, or given up when none.
pub async fn record(
    conn: &mut PgConnection,
    id: i64,
    outcome: &Outcome,
    retry_in: Option<f64>,
) -> Result<(), StoreError> {
    let (status, response, error) = match outcome {
        Outcome::Answered { status, response } => (Some(i32::from(*status)), Some(response.as_str()), None),
        Outcome::Failed(error) => (None, None, Some(error.as_str())),
    };
    let delivered = status.is_some_and(|s| (200..300).contains(&s));
    sqlx::query(
        "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $2, last_response = $3, last_error = $4,
                delivered_at = CASE WHEN $5 THEN now() END,
                next_attempt_at = CASE WHEN $5 OR $6::float8 IS NULL THEN NULL ELSE now() + make_interval(secs => $6) END
         WHERE id = $1",
    )
    .bind(id)
    .bind(status)
    .bind(response)
    .bind(error)
    .bind(delivered)
    .bind(retry_in)
    .execute(conn)
    .await?;
    Ok(())
}
