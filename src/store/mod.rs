//! Storage: all SQL, one file per aggregate. Functions take a pool (and open their own transaction when a
//! user action writes several rows) or a connection; every write of one action commits or rolls back whole.

pub mod analysis;
pub mod annotations;
pub mod articles;
pub mod assignments;
pub mod comments;
pub mod dashboard;
pub mod events;
pub mod exchange;
pub mod findings;
pub mod glossaries;
pub mod mt;
pub mod pretranslations;
pub mod replace;
pub mod segments;
pub mod sign_ins;
pub mod spelling;
pub mod statistics;
pub mod tm;
pub mod tokens;
pub mod updates;
pub mod users;
pub mod webhooks;
mod words;

use serde::Serialize;
use time::OffsetDateTime;

use crate::domain::{SegmentStatus, WriteRefusal};

/// What the store can answer instead of success.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A save was based on a revision that is no longer the current one; nothing was stored.
    #[error("the segment has changed since revision {base}: it is now at revision {}", current.revision)]
    Conflict {
        /// The revision the save was based on.
        base: i32,
        /// What the segment holds now.
        current: Box<RevisionInfo>,
    },
    /// The change collides with the data as it is now (a taken name, a segment already split or merged);
    /// the message says which, in the user's terms.
    #[error("{0}")]
    Constraint(String),
    /// The author's role may not write this segment as it is now (see [`crate::domain::Role::may_write`]);
    /// nothing was stored.
    #[error(transparent)]
    Refused(#[from] WriteRefusal),
    /// Only its owner may change this (a comment's author); the message says what.
    #[error("{0}")]
    NotYours(&'static str),
    /// The request cannot apply to this data at all (an offset outside the text, no next segment).
    #[error("{0}")]
    Invalid(String),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// A segment's revision as clients see it; revision 0 is "nothing written yet".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct RevisionInfo {
    /// The per-segment revision number, 0 before the first save.
    pub revision: i32,
    /// The translation.
    pub target: String,
    /// The life-cycle state.
    pub status: SegmentStatus,
    /// Who saved it (user name); null for revision 0.
    pub author: Option<String>,
    /// When; null for revision 0.
    #[serde(with = "time::serde::rfc3339::option")]
    pub at: Option<OffsetDateTime>,
}

impl RevisionInfo {
    /// The state of a segment nobody has translated yet.
    pub fn none() -> Self {
        Self { revision: 0, target: String::new(), status: SegmentStatus::Initial, author: None, at: None }
    }
}

/// Turns a violation of the named unique constraint or index into [`StoreError::Constraint`] with
/// `message`; every other error passes through.
fn on_unique(
    constraint: &'static str,
    message: impl FnOnce() -> String,
) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |e| match &e {
        sqlx::Error::Database(db) if db.constraint() == Some(constraint) => StoreError::Constraint(message()),
        _ => StoreError::Database(e),
    }
}
