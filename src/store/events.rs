//! Live events of articles (saves, structure changes, comments) and presence: read from the
//! `article_events` table that triggers fill in each change's own transaction, and announced with
//! `NOTIFY article_events` so that every instance hears of them.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::postgres::PgListener;
use sqlx::{PgExecutor, PgPool};

use super::StoreError;

/// The channel every instance listens on.
pub const CHANNEL: &str = "article_events";

/// A stored event, as its article's stream sends it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct StoredEvent {
    /// Its place in the stream (the Server-Sent Events id).
    pub id: i64,
    /// `save`, `structure`, `comment`, `update`.
    pub kind: String,
    /// What happened, as JSON.
    pub data: sqlx::types::Json<Value>,
}

/// What a notification on [`CHANNEL`] says: a stored event (its id, and the event itself when it fits in a
/// notification, migration 0034), or who is where (presence is not stored as an event: nobody needs to be
/// told later that someone was in a segment).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Notice {
    /// The article concerned.
    pub article: i64,
    /// A stored event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The stored event's kind, when the notification carries the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The stored event's data as JSON text, when the notification carries the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Box<serde_json::value::RawValue>>,
    /// A presence change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presence: Option<Presence>,
}

/// One person's place in an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Presence {
    /// User name.
    pub user: String,
    /// Name shown to others.
    pub display_name: String,
    /// The segment the person is in, if any.
    pub segment: Option<i64>,
    /// Whether the person is typing there (the soft lock).
    pub typing: bool,
    /// False when the person left.
    pub here: bool,
}

/// A transaction whose changes a crash may lose: who is where, and when they left.
const SOFT_STATE: &str = "BEGIN; SET LOCAL synchronous_commit = off";

/// How long a heartbeat keeps someone present.
pub const PRESENCE_TTL_SECONDS: i64 = 45;

/// How far back a reconnecting client is sent events again, before its last one: a transaction that
/// wrote an event earlier may commit after one that wrote a later id, and the client applies events
/// idempotently (by revision), so sending a few twice costs nothing.
const REPLAY_OVERLAP: &str = "10 seconds";

/// A listener on [`CHANNEL`] (one connection of its own; sqlx reconnects it and listens again).
pub async fn listen(pool: &PgPool) -> Result<PgListener, StoreError> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// The stored events of these ids that still exist, in id order.
pub async fn events(db: impl PgExecutor<'_>, ids: &[i64]) -> Result<Vec<StoredEvent>, StoreError> {
    Ok(sqlx::query_as("SELECT id, kind, data FROM article_events WHERE id = ANY($1) ORDER BY id")
        .bind(ids)
        .fetch_all(db)
        .await?)
}

/// The article's events after `after` (and those written shortly before it), in id order, at most `limit`.
pub async fn since(
    pool: &PgPool,
    article: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<StoredEvent>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT id, kind, data FROM article_events
         WHERE article_id = $1 AND id <> $2
           AND (id > $2 OR created_at > (SELECT created_at - interval '{REPLAY_OVERLAP}'
                                                             FROM article_events WHERE id = $2))
         ORDER BY id LIMIT $3"
    ))
    .bind(article)
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// The newest event id (0 when none): where a page rendered now starts its stream.
pub async fn latest(pool: &PgPool) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT COALESCE(max(id), 0) FROM article_events").fetch_one(pool).await?)
}

/// Deletes events older than a day (any instance may; the delete is idempotent).
pub async fn prune(pool: &PgPool) -> Result<u64, StoreError> {
    let deleted = sqlx::query("DELETE FROM article_events WHERE created_at < now() - interval '1 day'")
        .execute(pool)
        .await?;
    Ok(deleted.rows_affected())
}

/// Records that `user` is in the article (in `segment`, typing or not) and tells everyone.
pub async fn heartbeat(
    pool: &PgPool,
    article: i64,
    user: i64,
    segment: Option<i64>,
    typing: bool,
) -> Result<Presence, StoreError> {
    // Presence is the moment's, not a record: its commit need not wait for the disk while it holds the
    // notification queue's lock (migration 0027).
    let mut tx = pool.begin_with(SOFT_STATE).await?;
    let known: Option<bool> = sqlx::query_scalar(
        "SELECT $2::bigint IS NULL OR EXISTS (SELECT 1 FROM segments WHERE id = $2 AND article_id = $1)
         FROM articles WHERE id = $1",
    )
    .bind(article)
    .bind(segment)
    .fetch_optional(&mut *tx)
    .await?;
    match known {
        None => return Err(StoreError::NotFound("article")),
        Some(false) => {
            return Err(StoreError::Invalid(format!("segment {segment:?} is not in article {article}")))
        }
        Some(true) => {}
    }
    let presence: Presence = sqlx::query_as(
        "WITH seen AS (
             INSERT INTO presence (article_id, user_id, segment_id, typing) VALUES ($1, $2, $3, $4)
             ON CONFLICT (article_id, user_id)
             DO UPDATE SET segment_id = $3, typing = $4, seen_at = now()
             RETURNING user_id, segment_id, typing)
         SELECT u.username AS user, u.display_name, seen.segment_id AS segment, seen.typing, true AS here
         FROM seen JOIN users u ON u.id = seen.user_id",
    )
    .bind(article)
    .bind(user)
    .bind(segment)
    .bind(typing)
    .fetch_one(&mut *tx)
    .await?;
    announce(&mut *tx, article, &presence).await?;
    tx.commit().await?;
    Ok(presence)
}

/// Records that `user` left the article and tells everyone.
pub async fn leave(pool: &PgPool, article: i64, user: i64) -> Result<(), StoreError> {
    let mut tx = pool.begin_with(SOFT_STATE).await?;
    let gone: Option<Presence> = sqlx::query_as(
        "WITH gone AS (DELETE FROM presence WHERE article_id = $1 AND user_id = $2 RETURNING user_id)
         SELECT u.username AS user, u.display_name, NULL::bigint AS segment, false AS typing, false AS here
         FROM gone JOIN users u ON u.id = gone.user_id",
    )
    .bind(article)
    .bind(user)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(gone) = gone {
        announce(&mut *tx, article, &gone).await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn announce(db: impl PgExecutor<'_>, article: i64, presence: &Presence) -> Result<(), StoreError> {
    let notice = Notice { article, id: None, kind: None, data: None, presence: Some(presence.clone()) };
    let payload = serde_json::to_string(&notice).map_err(|e| StoreError::Invalid(e.to_string()))?;
    sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(payload).execute(db).await?;
    Ok(())
}

/// Who is in the article now (heartbeat within [`PRESENCE_TTL_SECONDS`]), by user name.
pub async fn present(pool: &PgPool, article: i64) -> Result<Vec<Presence>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT u.username AS user, u.display_name, p.segment_id AS segment, p.typing, true AS here
         FROM presence p JOIN users u ON u.id = p.user_id
         WHERE p.article_id = $1 AND p.seen_at > now() - make_interval(secs => $2)
         ORDER BY u.username",
    )
    .bind(article)
    .bind(PRESENCE_TTL_SECONDS as f64)
    .fetch_all(pool)
    .await?)
}

/// The live events a committed transaction stored, still to be announced: named by the transaction's id, as
/// the transaction read it (migration 0034).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use = "a committed change's events reach open editors only once announced"]
pub struct Committed(pub i64);

/// Announces on [`CHANNEL`] the events some committed transactions stored, in one transaction that does not
/// wait for the disk (the events are stored; only the notices would be lost to a crash, and a reconnecting
/// stream reads the table). A failure is logged, never the writers': the changes it announces stand.
pub async fn announce_committed(pool: &PgPool, transactions: &[Committed]) {
    let ids: Vec<i64> = transactions.iter().map(|c| c.0).collect();
    // `set_config(…, true)` holds for this statement's own transaction, up to and through its commit.
    let sent = sqlx::query(
        "SELECT set_config('synchronous_commit', 'off', true),
                pg_notify($2, article_event_notice(e.article_id, e.id, e.kind, e.data))
         FROM (SELECT article_id, id, kind, data FROM article_events
               WHERE xact = ANY(ARRAY(SELECT t::text::xid8 FROM unnest($1::bigint[]) AS t)) ORDER BY id) e",
    )
    .bind(&ids)
    .bind(CHANNEL)
    .execute(pool)
    .await;
    if let Err(e) = sent {
        tracing::error!(error = %e, transactions = ?ids, "live events stored but not announced");
    }
}
