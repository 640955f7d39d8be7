//! Pre-translation runs: one row per run of an article with its progress, written in the transaction of
//! the drafts it counts and announced on the article's event stream, so every instance reads and shows
//! the same figures; at most one run per article is running, whichever instance was asked.

use serde::{Deserialize, Serialize};
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

use super::StoreError;

/// Seconds without a heartbeat after which a running run counts as stopped (its instance is gone).
pub const STALE_SECONDS: f64 = 60.0;

/// Segments one engine drafted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngineCount {
    /// The engine.
    pub engine: String,
    /// Segments.
    pub segments: i64,
}

/// An engine's first failure in the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngineFailure {
    /// The engine.
    pub engine: String,
    /// Why.
    pub reason: String,
}

/// Where a run stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Segments nobody had written once the memory's exact matches were in.
    pub total: i64,
    /// Segments filled from exact memory matches.
    pub from_memory: i64,
    /// Segments drafted, per engine asked.
    pub drafted: Vec<EngineCount>,
    /// Each failing engine's first reason.
    pub failures: Vec<EngineFailure>,
    /// Segments left empty (every engine failed on them); known at the end.
    pub left_empty: i64,
}

/// A run as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Run {
    /// Its id.
    pub id: i64,
    /// The article.
    pub article_id: i64,
    /// `running`, `done` or `failed`.
    pub state: String,
    /// See [`Progress`].
    pub total: i32,
    /// See [`Progress`].
    pub from_memory: i32,
    /// See [`Progress`].
    pub drafted: Json<Vec<EngineCount>>,
    /// See [`Progress`].
    pub failures: Json<Vec<EngineFailure>>,
    /// See [`Progress`].
    pub left_empty: i32,
    /// Why a failed run stopped.
    pub error: Option<String>,
    /// When it started.
    pub started_at: OffsetDateTime,
    /// When it ended.
    pub finished_at: Option<OffsetDateTime>,
}

const COLUMNS: &str =
    "id, article_id, state, total, from_memory, drafted, failures, left_empty, error, started_at, finished_at";

/// What asking for a run gave.
#[derive(Debug)]
pub enum Claim {
    /// A new run, for the caller to carry out.
    Started(Run),
    /// The run already going on the article (on this instance or another).
    Running(Run),
}

/// Starts a run of the article unless one is running; a running one whose heartbeat stopped is ended as
/// failed first, so a killed instance does not hold the article forever.
pub async fn claim(pool: &PgPool, article: i64, user: i64) -> Result<Claim, StoreError> {
    // The running run may end between the insert that met it and the read: then ask again.
    for _ in 0..3 {
        let mut tx = pool.begin().await?;
        sqlx::query(
            "UPDATE pretranslations SET state = 'failed', finished_at = now(),
                    error = 'the server running it stopped before it finished'
             WHERE article_id = $1 AND state = 'running' AND heartbeat_at < now() - make_interval(secs => $2)",
        )
        .bind(article)
        .bind(STALE_SECONDS)
        .execute(&mut *tx)
        .await?;
        let started: Option<Run> = sqlx::query_as(&format!(
            "INSERT INTO pretranslations (article_id, requested_by) VALUES ($1, $2)
             ON CONFLICT (article_id) WHERE state = 'running' DO NOTHING RETURNING {COLUMNS}"
        ))
        .bind(article)
        .bind(user)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(run) = started {
            announce(&mut tx, run.id).await?;
            tx.commit().await?;
            return Ok(Claim::Started(run));
        }
        let running: Option<Run> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM pretranslations WHERE article_id = $1 AND state = 'running'"
        ))
        .bind(article)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        if let Some(run) = running {
            return Ok(Claim::Running(run));
        }
    }
    Err(StoreError::Constraint("the article's pre-translation keeps starting and ending: try again".into()))
}

/// Records the run's progress in the caller's transaction (the one writing the drafts it counts).
pub async fn progress(conn: &mut PgConnection, run: i64, progress: &Progress) -> Result<(), StoreError> {
    let int = |n: i64| i32::try_from(n).unwrap_or(i32::MAX);
    sqlx::query(
        "UPDATE pretranslations SET total = $2, from_memory = $3, drafted = $4, failures = $5, left_empty = $6,
                heartbeat_at = now()
         WHERE id = $1",
    )
    .bind(run)
    .bind(int(progress.total))
    .bind(int(progress.from_memory))
    .bind(Json(&progress.drafted))
    .bind(Json(&progress.failures))
    .bind(int(progress.left_empty))
    .execute(&mut *conn)
    .await?;
    announce(conn, run).await
}

/// Ends the run: `done`, or `failed` with the reason.
pub async fn finish(pool: &PgPool, run: i64, error: Option<&str>) -> Result<Run, StoreError> {
    let mut tx = pool.begin().await?;
    let ended: Run = sqlx::query_as(&format!(
        "UPDATE pretranslations SET state = CASE WHEN $2::text IS NULL THEN 'done' ELSE 'failed' END,
                error = $2, finished_at = now()
         WHERE id = $1 RETURNING {COLUMNS}"
    ))
    .bind(run)
    .bind(error)
    .fetch_one(&mut *tx)
    .await?;
    announce(&mut tx, run).await?;
    tx.commit().await?;
    Ok(ended)
}

/// Tells the run's owner is alive (see [`STALE_SECONDS`]).
pub async fn heartbeat(pool: &PgPool, run: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE pretranslations SET heartbeat_at = now() WHERE id = $1 AND state = 'running'")
        .bind(run)
        .execute(pool)
        .await?;
    Ok(())
}

/// The article's latest run.
pub async fn latest(pool: &PgPool, article: i64) -> Result<Option<Run>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM pretranslations WHERE article_id = $1 ORDER BY id DESC LIMIT 1"
    ))
    .bind(article)
    .fetch_optional(pool)
    .await?)
}

/// The run as an event of its article (`pretranslation`), with the fields the API shows.
async fn announce(conn: &mut PgConnection, run: i64) -> Result<(), StoreError> {
    sqlx::query(
        "SELECT article_event(p.article_id, 'pretranslation',
                              to_jsonb(p) - 'requested_by' - 'heartbeat_at' - 'article_id')
         FROM pretranslations p WHERE p.id = $1",
    )
    .bind(run)
    .execute(conn)
    .await?;
    Ok(())
}
