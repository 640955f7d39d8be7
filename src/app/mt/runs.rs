//! Pre-translation as a job: one run per article at a time, whichever instance is asked (the run is a row
//! of `pretranslations`); the run goes on in its own task, so a client that stops waiting does not stop
//! it, and its progress is stored with the drafts it counts, so every instance shows the same figures.

use std::time::Duration;

use sqlx::PgPool;
use tokio::task::JoinHandle;

use super::Machines;
use crate::app::terms::TermCache;
use crate::store::pretranslations::{self, Claim, Run};
use crate::store::{articles, StoreError};

/// How often a run tells it is alive, well within [`pretranslations::STALE_SECONDS`].
const HEARTBEAT: Duration = Duration::from_secs(20);

/// A run asked for: the one this request started (with its task, which answers the run as it ended), or
/// the one already running on the article.
#[derive(Debug)]
pub enum Asked {
    /// Started by this request.
    Started(Run, JoinHandle<Result<Run, StoreError>>),
    /// Already running (started by someone else, on any instance).
    Running(Run),
}

/// Starts pre-translating the article unless a run of it is going on.
pub async fn start(
    pool: &PgPool,
    cache: &TermCache,
    machines: &Machines,
    article: i64,
    author: i64,
) -> Result<Asked, StoreError> {
    articles::get(pool, article).await?;
    let run = match pretranslations::claim(pool, article, author).await? {
        Claim::Running(run) => return Ok(Asked::Running(run)),
        Claim::Started(run) => run,
    };
    let (pool, cache, machines, id) = (pool.clone(), cache.clone(), machines.clone(), run.id);
    let task = tokio::spawn(async move {
        let beat_pool = pool.clone();
        let beat = tokio::spawn(async move {
            loop {
                tokio::time::sleep(HEARTBEAT).await;
                if let Err(e) = pretranslations::heartbeat(&beat_pool, id).await {
                    tracing::warn!(run = id, error = %e, "pre-translation heartbeat failed");
                }
            }
        });
        let result = super::pretranslate(&pool, &cache, &machines, article, author, id).await;
        beat.abort();
        let error = result.err().map(|e| {
            tracing::error!(run = id, article, error = %e, "pre-translation stopped");
            match e {
                StoreError::Database(_) => "the pre-translation stopped: the database failed".to_owned(),
                other => format!("the pre-translation stopped: {other}"),
            }
        });
        pretranslations::finish(&pool, id, error.as_deref()).await
    });
    Ok(Asked::Started(run, task))
}

/// Pre-translates the article and answers when the run has ended (or answers the run already going on).
pub async fn run_to_end(
    pool: &PgPool,
    cache: &TermCache,
    machines: &Machines,
    article: i64,
    author: i64,
) -> Result<Run, StoreError> {
    match start(pool, cache, machines, article, author).await? {
        Asked::Running(run) => Ok(run),
        Asked::Started(_, task) => task.await.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic())),
    }
}
