//! Find and replace in an article's translations: what a replace would change (the preview), and the
//! change itself, one revision per segment in one transaction.

use sqlx::PgPool;

use super::segments::{self, Save, Saved, SegmentView, LIVE_SEGMENTS};
use super::{articles, RevisionInfo, StoreError};
use crate::diff::{self, Chunk};
use crate::domain::{RevisionOrigin, Role};

/// What to replace, as written (case and spelling exact: a translation is replaced only where it holds
/// `find` letter for letter).
#[derive(Debug, Clone, Copy)]
pub struct Replace<'a> {
    /// The text to find in translations; not empty.
    pub find: &'a str,
    /// What to put instead.
    pub with: &'a str,
}

impl Replace<'_> {
    /// `target` with every occurrence replaced, or `None` when it has none.
    fn apply(&self, target: &str) -> Option<String> {
        target.contains(self.find).then(|| target.replace(self.find, self.with))
    }
}

/// A segment a replace would change.
#[derive(Debug, Clone)]
pub struct Change {
    /// The segment.
    pub segment_id: i64,
    /// Its position in the article, from 0.
    pub index: i64,
    /// The revision the change is based on: send it back to apply.
    pub base_revision: i32,
    /// The translation now.
    pub before: String,
    /// The translation after the replace.
    pub after: String,
    /// Word diff from `before` to `after`.
    pub diff: Vec<Chunk>,
}

/// A segment holding the text that the user may not change.
#[derive(Debug, Clone)]
pub struct Skipped {
    /// The segment.
    pub segment_id: i64,
    /// Its position in the article, from 0.
    pub index: i64,
    /// Why (the refusal of `Role::may_write`).
    pub reason: String,
}

/// The preview of a replace.
#[derive(Debug, Clone)]
pub struct Preview {
    /// Segments that would change.
    pub changes: Vec<Change>,
    /// Segments that hold the text but that `role` may not change.
    pub skipped: Vec<Skipped>,
}

/// A change confirmed from a preview.
#[derive(Debug, Clone, Copy)]
pub struct Confirmed {
    /// The segment.
    pub segment_id: i64,
    /// Its revision in the preview.
    pub base_revision: i32,
}

/// A revision a replace made.
#[derive(Debug, Clone)]
pub struct Replaced {
    /// The segment.
    pub segment_id: i64,
    /// The new revision.
    pub revision: RevisionInfo,
}

/// What replacing would change in the article's live translations, for a user with `role`.
pub async fn preview(
    pool: &PgPool,
    article: i64,
    role: Role,
    replace: Replace<'_>,
) -> Result<Preview, StoreError> {
    let mut preview = Preview { changes: Vec::new(), skipped: Vec::new() };
    for segment in articles::segments(pool, article).await? {
        let Some(after) = replace.apply(&segment.current.target) else { continue };
        let status = segment.current.status;
        if segment.locked {
            let reason = "locked: its file marks it as not to be translated".to_owned();
            preview.skipped.push(Skipped { segment_id: segment.id, index: segment.index, reason });
            continue;
        }
        if let Err(refusal) = role.may_write(status, status) {
            preview.skipped.push(Skipped {
                segment_id: segment.id,
                index: segment.index,
                reason: refusal.to_string(),
            });
            continue;
        }
        preview.changes.push(Change {
            segment_id: segment.id,
            index: segment.index,
            base_revision: segment.current.revision,
            diff: diff::words(&segment.current.target, &after),
            before: segment.current.target,
            after,
        });
    }
    Ok(preview)
}

/// Applies the confirmed changes of a preview: one revision per segment (origin `manual`, status kept),
/// checked by `check`, all in one transaction. A segment changed since the preview (conflict), one the
/// author may no longer write (refused) or one not live in the article (not found) stores nothing at all:
/// the user previews again.
pub async fn apply(
    pool: &PgPool,
    article: i64,
    author: i64,
    replace: Replace<'_>,
    confirmed: &[Confirmed],
    check: super::findings::Checker<'_>,
) -> Result<Vec<Replaced>, StoreError> {
    let mut tx = pool.begin().await?;
    let ids: Vec<i64> = confirmed.iter().map(|c| c.segment_id).collect();
    let live: Vec<SegmentView> =
        sqlx::query_as(LIVE_SEGMENTS).bind(article).bind(&ids).fetch_all(&mut *tx).await?;
    let mut replaced = Vec::new();
    for change in confirmed {
        let segment =
            live.iter().find(|s| s.id == change.segment_id).ok_or(StoreError::NotFound("segment"))?;
        // Against the text as read here: if it moved since, save_in's base revision check refuses it.
        let Some(after) = replace.apply(&segment.current.target) else { continue };
        let status = segment.current.status;
        let findings = check(&segment.source, &segment.codes, &after, status);
        let save = Save {
            target: &after,
            status,
            base_revision: change.base_revision,
            author,
            origin: RevisionOrigin::Manual,
            comment: None,
            findings: &findings,
            judged_source: Some(&segment.source),
        };
        if let Saved::Created(revision) = segments::save_in(&mut tx, segment.id, save).await? {
            replaced.push(Replaced { segment_id: segment.id, revision });
        }
    }
    tx.commit().await?;
    Ok(replaced)
}
