//! Segments and their revisions: saving with optimistic concurrency, history, split and merge.
//!
//! Revisions are append-only (a trigger refuses UPDATE and DELETE); a save inserts revision n+1 and moves
//! the segment's pointer, inside one transaction holding the segment row's lock, so two saves on the same
//! base revision cannot both succeed. Every write, whoever makes it, is held to [`Role::may_write`] under
//! that lock, with the author's role as stored: reviewed and final segments are the reviewers'.

use std::sync::LazyLock;

use serde::Serialize;
use sqlx::postgres::PgArguments;
use sqlx::query::QueryAs;
use sqlx::{PgConnection, PgExecutor, PgPool, Postgres};

use super::events;
use super::findings::{self, StoredFinding};
use super::{RevisionInfo, StoreError};
use crate::diff::{self, Chunk};
use crate::domain::{RevisionOrigin, Role, SegmentStatus};
use crate::lang::LanguageTag;
use crate::qa::Finding;
use crate::text::normalize;
use crate::tm::keys::keys;

/// A live segment as an article shows it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct SegmentView {
    /// Database id.
    pub id: i64,
    /// Position among the article's live segments, from 0.
    pub index: i64,
    /// Paragraph number, from 0.
    pub paragraph: i32,
    /// Source sentence, its inline codes as markers ([`crate::inline`]).
    pub source: String,
    /// What the source's codes stand for.
    pub codes: sqlx::types::Json<Vec<crate::inline::Code>>,
    /// The file it came from marks it as not to be translated: nobody may change it.
    pub locked: bool,
    /// The current revision.
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub current: RevisionInfo,
}

/// The live segments of an article with their current revisions, in order; `$1` is the article id and
/// `$2` optionally restricts the answer to some segment ids (the ranks still count every live segment).
pub(super) const LIVE_SEGMENTS: &str = "
SELECT * FROM (
    SELECT s.id, row_number() OVER (ORDER BY s.sort_key) - 1 AS index, s.paragraph, s.source, s.codes,
           s.locked, COALESCE(r.number, 0) AS revision, COALESCE(r.target, '') AS target,
           COALESCE(r.status, 'initial') AS status, u.username AS author, r.created_at AS at
    FROM segments s
    LEFT JOIN revisions r ON r.id = s.current_revision_id
    LEFT JOIN users u ON u.id = r.author_id
    WHERE s.article_id = $1 AND s.retired_at IS NULL
) live WHERE $2::bigint[] IS NULL OR live.id = ANY($2) ORDER BY index";

/// A save: the new target and status, and the revision the author started from (0: none yet).
#[derive(Debug, Clone)]
pub struct Save<'a> {
    /// The translation.
    pub target: &'a str,
    /// The life-cycle state.
    pub status: SegmentStatus,
    /// The revision the author's text was based on.
    pub base_revision: i32,
    /// The author's user id.
    pub author: i64,
    /// Typed, reverted, ...
    pub origin: RevisionOrigin,
    /// Why, when the author says (a reviewer sending the segment back).
    pub comment: Option<&'a str>,
    /// What the per-segment quality checks found in `target`; stored with the consistency findings.
    pub findings: &'a [Finding],
    /// The source those checks judged, read before the save's transaction: while it is still the segment's,
    /// the lock reads the memory's translations of it in the same statement (one round trip less).
    pub judged_source: Option<&'a str>,
}

impl<'a> Save<'a> {
    /// A file's translation of a segment that has none yet, as an import or an update drafts it: checked
    /// with the article once it is all stored.
    pub fn first_from_file(target: &'a str, status: SegmentStatus, author: i64) -> Self {
        let (base_revision, origin, comment, findings) = (0, RevisionOrigin::Import, None, &[][..]);
        Self { target, status, base_revision, author, origin, comment, findings, judged_source: None }
    }
}

/// A segment's text as a save leaves it, for what is derived from it in the same transaction.
#[derive(Debug, Clone, Copy)]
pub struct SavedText<'a> {
    /// The segment.
    pub segment: i64,
    /// The translation saved.
    pub target: &'a str,
    /// Its status.
    pub status: SegmentStatus,
}

/// The outcome of a save that was not refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// A new revision was stored.
    Created(RevisionInfo),
    /// Same text and status as the current revision: nothing stored.
    Unchanged(RevisionInfo),
}

/// One revision in a segment's history, with what it changed.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    /// Number, text, status, author, time.
    pub revision: RevisionInfo,
    /// What made it.
    pub origin: RevisionOrigin,
    /// Why, when the author said.
    pub comment: Option<String>,
    /// The engine and model of a machine draft.
    pub machine: Option<(String, String)>,
    /// Word diff from the revision it replaced (or from nothing).
    pub diff: Vec<Chunk>,
}

/// The segment row and its current revision, read under the row's lock, and the role of who writes.
#[derive(Debug, sqlx::FromRow)]
struct Locked {
    article_id: i64,
    source: String,
    /// The segment is one the file marks as not to be translated (not the row lock this struct is held under).
    not_to_translate: bool,
    revision_id: Option<i64>,
    #[sqlx(flatten)]
    current: RevisionInfo,
    author_role: Role,
    /// The author's user name and the transaction's clock and id: what a revision stored in it will say.
    author_name: String,
    now: time::OffsetDateTime,
    xact: i64,
    /// The memory's translations of the judged source ([`findings::TRANSLATIONS_OF`]), when the lock read them.
    remembered_targets: Option<Vec<String>>,
    remembered_twins: Option<Vec<Option<i64>>>,
}

impl Locked {
    /// Refuses a write that would leave the segment in `next` when the author's role may not make it.
    fn may_become(&self, next: SegmentStatus) -> Result<(), StoreError> {
        if self.not_to_translate {
            return Err(locked_refusal());
        }
        Ok(self.author_role.may_write(self.current.status, next)?)
    }
}

/// Why nothing may change a segment its file marks as not to be translated (a save, split, merge,
/// replace or machine draft): 409, as for other writes the segment's state does not allow.
pub fn locked_refusal() -> StoreError {
    StoreError::Constraint(
        "the segment is locked: its file marks it as not to be translated (translate=\"no\"), so it is kept \
         and given back as the file has it"
            .into(),
    )
}

/// Saves a segment: refused with [`StoreError::Refused`] when the author's role may not write it as it is
/// now, and with [`StoreError::Conflict`] when `base_revision` is not the current one. Answers with the
/// segment's findings after the save, and with the live events a new revision stored, for the caller to
/// announce (`app::live`) without holding up the answer.
pub async fn save(
    pool: &PgPool,
    segment: i64,
    save: Save<'_>,
) -> Result<(Saved, Vec<StoredFinding>, Option<events::Committed>), StoreError> {
    // The consistency lookup and the findings' replacement take arrays, for which PostgreSQL would plan
    // every execution anew (the plan took twice as long as running it); their generic plans read the same
    // indexes. Every statement of a save reads rows by key, but a plan made while the memory's outbox was
    // nearly empty scanned the whole outbox on every save after it (one sequential scan a save under
    // load, computing the hash of every queued source). The save's live events are announced after its
    // commit (migration 0027). All in the BEGIN's own round trip.
    let mut tx = pool
        .begin_with(
            "BEGIN; SET LOCAL plan_cache_mode = force_generic_plan; SET LOCAL enable_seqscan = off;
             SET LOCAL tarjuman.notify = 'after_commit'",
        )
        .await?;
    let (saved, findings, transaction) = save_with_findings(&mut tx, segment, save).await?;
    tx.commit().await?;
    // Only a new revision writes events (its own, and a send-back's thread).
    let committed = matches!(saved, Saved::Created(_)).then_some(events::Committed(transaction));
    Ok((saved, findings, committed))
}

/// [`save`] inside the caller's transaction (an import saves many segments in one): locks the segment row
/// until that transaction ends. A [`StoreError::Conflict`] or [`StoreError::Refused`] stores nothing and
/// leaves the transaction usable.
pub async fn save_in(conn: &mut PgConnection, segment: i64, save: Save<'_>) -> Result<Saved, StoreError> {
    Ok(save_with_findings(conn, segment, save).await?.0)
}

/// A save in two statements after the lock: the lock reads what the save is judged against (with the
/// memory's translations of the source), and one statement stores the revision (with the segment's
/// pointer and its memory unit queued, migration 0012) and replaces the findings. Answers with the id of
/// the transaction, which names its live events.
async fn save_with_findings(
    conn: &mut PgConnection,
    segment: i64,
    save: Save<'_>,
) -> Result<(Saved, Vec<StoredFinding>, i64), StoreError> {
    crate::text::chars::exportable("the target", save.target).map_err(StoreError::Invalid)?;
    let locked = lock_for_save(conn, segment, &save).await?;
    crate::inline::check_target(&locked.source, save.target)
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    // Before the base revision: a stale page gains nothing from a conflict dialog it may not resolve.
    locked.may_become(save.status)?;
    if locked.current.revision != save.base_revision {
        return Err(StoreError::Conflict { base: save.base_revision, current: Box::new(locked.current) });
    }
    let remembered = match (&locked.remembered_targets, &locked.remembered_twins) {
        (Some(targets), Some(twins)) => targets.iter().cloned().zip(twins.iter().copied()).collect(),
        _ => findings::translations_of(conn, segment, &normalize(&locked.source)).await?,
    };
    let saved = SavedText { segment, target: save.target, status: save.status };
    let judged = findings::judged(conn, locked.article_id, saved, save.findings, &remembered).await?;
    let judged = [(segment, judged)];
    // A comment is news even on the same text and status.
    if locked.current.target == save.target && locked.current.status == save.status && save.comment.is_none()
    {
        // Re-checked all the same: the glossary or the rest of the article may have changed.
        let findings = findings::replace(conn, &judged).await?;
        return Ok((Saved::Unchanged(locked.current), findings, locked.xact));
    }
    let revision = NewRevision {
        segment,
        number: locked.current.revision + 1,
        target: save.target,
        status: save.status,
        author: save.author,
        origin: save.origin,
        previous: locked.revision_id,
        comment: save.comment,
        // In the same transaction: a translation acknowledged is also queued for the memory.
        remembered: super::tm::remembered(save.target, save.status).then_some(&locked.source),
    };
    // The revision as stored: its row takes the transaction's clock, which the lock read.
    let created = RevisionInfo {
        revision: revision.number,
        target: save.target.to_owned(),
        status: save.status,
        author: Some(locked.author_name.clone()),
        at: Some(locked.now),
    };
    let replacement = findings::Replacement::of(&judged);
    let rows =
        replacement.bind(revision.bind(sqlx::query_as(&REVISION_AND_FINDINGS))).fetch_all(conn).await?;
    let findings = rows.into_iter().map(Into::into).collect();
    Ok((Saved::Created(created), findings, locked.xact))
}

/// Stores the file's own target of a segment its file marks as not to be translated, as revision 1 (origin
/// `import`), in the transaction that creates the article: the one write a locked segment takes. It goes to
/// no memory: it was not translated here, and may not be a translation at all.
pub(super) async fn file_target_of_locked(
    conn: &mut PgConnection,
    segment: i64,
    target: &str,
    status: SegmentStatus,
    author: i64,
) -> Result<(), StoreError> {
    crate::text::chars::exportable("the target", target).map_err(StoreError::Invalid)?;
    let revision = NewRevision {
        segment,
        number: 1,
        target,
        status,
        author,
        origin: RevisionOrigin::Import,
        previous: None,
        comment: None,
        remembered: None,
    };
    insert_revision(conn, revision).await?;
    Ok(())
}

/// One revision of a segment, by number.
pub async fn revision(
    db: impl PgExecutor<'_>,
    segment: i64,
    number: i32,
) -> Result<RevisionInfo, StoreError> {
    sqlx::query_as(
        "SELECT r.number AS revision, r.target, r.status, u.username AS author, r.created_at AS at
         FROM revisions r JOIN users u ON u.id = r.author_id WHERE r.segment_id = $1 AND r.number = $2",
    )
    .bind(segment)
    .bind(number)
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound("revision"))
}

/// Every revision of a segment, live or retired, newest first, each with its diff.
pub async fn history(pool: &PgPool, segment: i64) -> Result<Vec<HistoryEntry>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        revision: RevisionInfo,
        origin: RevisionOrigin,
        comment: Option<String>,
        previous: Option<String>,
        engine: Option<String>,
        model: Option<String>,
    }
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM segments WHERE id = $1")
        .bind(segment)
        .fetch_optional(pool)
        .await?;
    exists.ok_or(StoreError::NotFound("segment"))?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.number AS revision, r.target, r.status, u.username AS author, r.created_at AS at, r.origin,
                r.comment, p.target AS previous, d.engine, d.model
         FROM revisions r JOIN users u ON u.id = r.author_id LEFT JOIN revisions p ON p.id = r.previous_id
         LEFT JOIN mt_drafts d ON d.revision_id = r.id
         WHERE r.segment_id = $1 ORDER BY r.number DESC",
    )
    .bind(segment)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| HistoryEntry {
            diff: diff::words(row.previous.as_deref().unwrap_or(""), &row.revision.target),
            origin: row.origin,
            comment: row.comment,
            machine: row.engine.zip(row.model),
            revision: row.revision,
        })
        .collect())
}

/// Splits a live segment at a character offset into two new segments; the old one is retired with its
/// history, and its translation goes with the first part as a draft (`initial`: it still translates the
/// whole sentence, and someone must cut it), as do the file's matches for it. Returns the two new segments.
pub async fn split(
    pool: &PgPool,
    segment: i64,
    offset: usize,
    author: i64,
) -> Result<Vec<SegmentView>, StoreError> {
    let mut tx = pool.begin().await?;
    let old = lock_live_in_article(&mut tx, segment, author).await?;
    old.may_become(old.current.status)?;
    let source: String = sqlx::query_scalar("SELECT source FROM segments WHERE id = $1")
        .bind(segment)
        .fetch_one(&mut *tx)
        .await?;
    let cut = source.char_indices().nth(offset).map(|(i, _)| i).filter(|_| offset > 0);
    let (left, right) = match cut {
        Some(i) => (source[..i].trim(), source[i..].trim()),
        None => ("", ""),
    };
    if left.is_empty() || right.is_empty() {
        let len = source.chars().count();
        return Err(StoreError::Invalid(format!(
            "offset {offset} does not split the segment into two non-empty parts (it has {len} characters)"
        )));
    }
    retire(&mut tx, &[segment]).await?;
    let first: i64 = sqlx::query_scalar(
        "INSERT INTO segments (article_id, sort_key, paragraph, source, codes, alternatives, split_from)
         SELECT article_id, sort_key, paragraph, $2, codes, alternatives, id FROM segments WHERE id = $1
         RETURNING id",
    )
    .bind(segment)
    .bind(left)
    .fetch_one(&mut *tx)
    .await?;
    // Halfway to the next key (of any segment, live or retired, so no key is ever reused); `* 0.5` keeps
    // numeric exact where `/ 2` would round after sixteen digits.
    let second: i64 = sqlx::query_scalar(
        "INSERT INTO segments (article_id, sort_key, paragraph, source, codes, split_from)
         SELECT s.article_id,
                (s.sort_key + COALESCE((SELECT min(n.sort_key) FROM segments n
                                        WHERE n.article_id = s.article_id AND n.sort_key > s.sort_key),
                                       s.sort_key + 2)) * 0.5,
                s.paragraph, $2, s.codes, s.id
         FROM segments s WHERE s.id = $1 RETURNING id",
    )
    .bind(segment)
    .bind(right)
    .fetch_one(&mut *tx)
    .await?;
    if let Some(previous) = old.revision_id {
        let c = &old.current;
        let revision = NewRevision {
            segment: first,
            number: 1,
            target: &c.target,
            status: SegmentStatus::Initial,
            author,
            origin: RevisionOrigin::Split,
            previous: Some(previous),
            comment: None,
            remembered: None,
        };
        insert_revision(&mut tx, revision).await?;
    }
    let views = views(&mut tx, old.article_id, &[first, second]).await?;
    tx.commit().await?;
    Ok(views)
}

/// A kept translation written again as `target` with its status, by `author`: the same words, its codes
/// numbered as the segment's new source numbers them (an update of a document renumbered them). The caller
/// holds the segment's lock.
pub(super) async fn renumbered(
    conn: &mut PgConnection,
    segment: i64,
    target: &str,
    author: i64,
) -> Result<(), StoreError> {
    let (previous, number, status): (i64, i32, SegmentStatus) = sqlx::query_as(
        "SELECT r.id, r.number, r.status FROM segments s JOIN revisions r ON r.id = s.current_revision_id
         WHERE s.id = $1",
    )
    .bind(segment)
    .fetch_one(&mut *conn)
    .await?;
    let revision = NewRevision {
        segment,
        number: number + 1,
        target,
        status,
        author,
        origin: RevisionOrigin::Import,
        previous: Some(previous),
        comment: None,
        remembered: None,
    };
    insert_revision(conn, revision).await?;
    Ok(())
}

/// Merges a live segment with the next live one of the same paragraph into a new segment (a heading is a
/// paragraph of its own, never joined to the text after it); both are retired with their history. The
/// translations are joined, and the status is the less advanced of the two; the file's matches for either
/// are the new segment's, in order, each once. Returns the new segment.
pub async fn merge(pool: &PgPool, segment: i64, author: i64) -> Result<SegmentView, StoreError> {
    let mut tx = pool.begin().await?;
    let first = lock_live_in_article(&mut tx, segment, author).await?;
    let next: Option<(i64, bool)> = sqlx::query_as(
        "SELECT n.id, n.paragraph = s.paragraph FROM segments s JOIN segments n ON n.article_id = s.article_id
         WHERE s.id = $1 AND n.retired_at IS NULL AND n.sort_key > s.sort_key ORDER BY n.sort_key LIMIT 1",
    )
    .bind(segment)
    .fetch_optional(&mut *tx)
    .await?;
    let next = match next {
        None => return Err(StoreError::Invalid("the last segment has no next segment to merge with".into())),
        Some((_, false)) => {
            return Err(StoreError::Invalid(
                "the segment ends its paragraph: only sentences of one paragraph merge".into(),
            ))
        }
        Some((next, true)) => next,
    };
    let second = lock(&mut tx, next, author).await?;
    let status = first.current.status.min(second.current.status);
    first.may_become(status)?;
    second.may_become(status)?;
    retire(&mut tx, &[segment, next]).await?;
    let merged: i64 = sqlx::query_scalar(
        "INSERT INTO segments (article_id, sort_key, paragraph, source, codes, alternatives, merged_from)
         SELECT a.article_id, a.sort_key, a.paragraph, a.source || ' ' || b.source, a.codes || b.codes,
                (SELECT COALESCE(jsonb_agg(m.match ORDER BY m.at), '[]')
                 FROM (SELECT DISTINCT ON (e.match) e.match, e.at
                       FROM jsonb_array_elements(a.alternatives || b.alternatives) WITH ORDINALITY AS e(match, at)
                       ORDER BY e.match, e.at) m),
                ARRAY[a.id, b.id]
         FROM segments a, segments b WHERE a.id = $1 AND b.id = $2 RETURNING id",
    )
    .bind(segment)
    .bind(next)
    .fetch_one(&mut *tx)
    .await?;
    if let Some(previous) = first.revision_id.or(second.revision_id) {
        let (a, b) = (&first.current, &second.current);
        let target = [a.target.as_str(), b.target.as_str()]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let revision = NewRevision {
            segment: merged,
            number: 1,
            target: &target,
            status,
            author,
            origin: RevisionOrigin::Merge,
            previous: Some(previous),
            comment: None,
            remembered: None,
        };
        insert_revision(&mut tx, revision).await?;
    }
    let view =
        views(&mut tx, first.article_id, &[merged]).await?.pop().ok_or(StoreError::NotFound("segment"))?;
    tx.commit().await?;
    Ok(view)
}

/// Locks a live segment for a save by its author based on its base revision (0: none), in one statement
/// when the base is still the current revision. The locked row is the newest version of the segment, so
/// its pointer tells whether the base is current; the base revision itself was committed before this
/// statement began and is read from its snapshot, as is the memory. Only when the pointer moved (a
/// conflict) is the current revision read again, in a statement of its own that sees what the lock waited
/// for.
async fn lock_for_save(conn: &mut PgConnection, segment: i64, save: &Save<'_>) -> Result<Locked, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        retired: bool,
        current_revision_id: Option<i64>,
        base_id: Option<i64>,
        judged: bool,
        #[sqlx(flatten)]
        locked: Locked,
    }
    let (base, judged) = (save.base_revision, save.judged_source.map(normalize));
    let row: Option<Row> = sqlx::query_as(&LOCK_FOR_SAVE)
        .bind(segment)
        .bind(judged.as_ref().map(std::slice::from_ref))
        .bind(save.author)
        .bind(base)
        .bind(save.judged_source)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(mut row) = row else { return Err(StoreError::NotFound("segment")) };
    if row.retired {
        return Err(retired(segment));
    }
    if !row.judged {
        // The source changed after the checks read it (an update of the document): looked up again.
        (row.locked.remembered_targets, row.locked.remembered_twins) = (None, None);
    }
    if row.current_revision_id == row.base_id && (base == 0 || row.base_id.is_some()) {
        return Ok(row.locked);
    }
    read_locked(conn, segment, save.author).await
}

/// The lock of a save ([`lock_for_save`]); `$2` is the judged source normalised (a one-element array, or
/// null), `$5` the judged source as read.
static LOCK_FOR_SAVE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "WITH {remembered}
         SELECT s.retired_at IS NOT NULL AS retired, s.current_revision_id, b.id AS base_id,
                s.article_id, s.source, s.locked AS not_to_translate, b.id AS revision_id,
                COALESCE(b.number, 0) AS revision, COALESCE(b.target, '') AS target,
                COALESCE(b.status, 'initial') AS status, u.username AS author, b.created_at AS at,
                w.role AS author_role, w.username AS author_name, now(), {XACT} AS xact,
                COALESCE(s.source = $5, false) AS judged, ARRAY(SELECT target FROM remembered) AS remembered_targets,
                ARRAY(SELECT twin FROM remembered) AS remembered_twins
         FROM segments s
         JOIN users w ON w.id = $3
         LEFT JOIN revisions b ON b.segment_id = s.id AND b.number = $4
         LEFT JOIN users u ON u.id = b.author_id
         WHERE s.id = $1 FOR UPDATE OF s",
        remembered = *findings::TRANSLATIONS_OF
    )
});

/// The id of the transaction, as a save's statements read it and its live events store it (migration 0034).
const XACT: &str = "pg_current_xact_id()::text::bigint";

/// Locks a live segment for a write by `author`; the author's role is read here, in the same transaction,
/// so no writer of revisions (editor, import, memory drafts, split, merge) can pass a wrong one or none.
async fn lock(conn: &mut PgConnection, segment: i64, author: i64) -> Result<Locked, StoreError> {
    // Lock first, read after, in two statements: a locking SELECT that waited for another transaction
    // re-checks only the locked row, and would hand back the revision joined from its stale snapshot.
    let retired_at: Option<bool> =
        sqlx::query_scalar("SELECT retired_at IS NOT NULL FROM segments WHERE id = $1 FOR UPDATE")
            .bind(segment)
            .fetch_optional(&mut *conn)
            .await?;
    match retired_at {
        None => return Err(StoreError::NotFound("segment")),
        Some(true) => return Err(retired(segment)),
        Some(false) => {}
    }
    read_locked(conn, segment, author).await
}

fn retired(segment: i64) -> StoreError {
    StoreError::Constraint(format!(
        "segment {segment} has been split or merged; reload the article to edit its replacement"
    ))
}

/// The segment and its current revision, as of now: the caller holds the row's lock.
async fn read_locked(conn: &mut PgConnection, segment: i64, author: i64) -> Result<Locked, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT s.article_id, s.source, s.locked AS not_to_translate, r.id AS revision_id,
                COALESCE(r.number, 0) AS revision, COALESCE(r.target, '') AS target,
                COALESCE(r.status, 'initial') AS status, u.username AS author, r.created_at AS at,
                w.role AS author_role, w.username AS author_name, now(), {XACT} AS xact,
                NULL::text[] AS remembered_targets, NULL::bigint[] AS remembered_twins
         FROM segments s JOIN users w ON w.id = $2
         LEFT JOIN revisions r ON r.id = s.current_revision_id LEFT JOIN users u ON u.id = r.author_id
         WHERE s.id = $1"
    ))
    .bind(segment)
    .bind(author)
    .fetch_one(conn)
    .await?)
}

/// Locks the article first (structural edits of one article queue up), then the segment.
async fn lock_live_in_article(
    conn: &mut PgConnection,
    segment: i64,
    author: i64,
) -> Result<Locked, StoreError> {
    let article: Option<i64> = sqlx::query_scalar(
        "SELECT a.id FROM articles a JOIN segments s ON s.article_id = a.id WHERE s.id = $1 FOR UPDATE OF a",
    )
    .bind(segment)
    .fetch_optional(&mut *conn)
    .await?;
    article.ok_or(StoreError::NotFound("segment"))?;
    lock(conn, segment, author).await
}

async fn retire(conn: &mut PgConnection, segments: &[i64]) -> Result<(), StoreError> {
    sqlx::query("UPDATE segments SET retired_at = now() WHERE id = ANY($1)")
        .bind(segments)
        .execute(conn)
        .await?;
    Ok(())
}

async fn views(conn: &mut PgConnection, article: i64, ids: &[i64]) -> Result<Vec<SegmentView>, StoreError> {
    Ok(sqlx::query_as(LIVE_SEGMENTS).bind(article).bind(ids).fetch_all(conn).await?)
}

/// A revision to append: the segment's `number`-th, replacing `previous`.
struct NewRevision<'a> {
    segment: i64,
    number: i32,
    target: &'a str,
    status: SegmentStatus,
    author: i64,
    origin: RevisionOrigin,
    previous: Option<i64>,
    comment: Option<&'a str>,
    /// The segment's source when the revision is memory (see `tm::remembered`): its unit is queued.
    remembered: Option<&'a str>,
}

/// Appends a revision, alone in its statement ([`REVISION`]).
async fn insert_revision(conn: &mut PgConnection, r: NewRevision<'_>) -> Result<(), StoreError> {
    let statement = format!("WITH {REVISION} SELECT 1 FROM r");
    r.bind(sqlx::query_as::<_, (i32,)>(&statement)).fetch_one(conn).await?;
    Ok(())
}

/// The common table expressions that append a revision in one statement: the revision (`r`), the pointer to
/// it with the article's live event (migration 0036), and the memory unit queued (drained into tm_units by
/// `tm::drain_continuously`); its parameters are the first [`REVISION_PARAMETERS`], bound by
/// [`NewRevision::bind`].
const REVISION: &str = "r AS (
        INSERT INTO revisions (segment_id, number, target, status, author_id, origin, previous_id, comment)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        RETURNING id
    ), moved AS (
        UPDATE segments SET current_revision_id = (SELECT id FROM r) WHERE id = $1
        RETURNING article_event(article_id, 'save', jsonb_build_object(
            'segment', id, 'revision', $2, 'author', (SELECT username FROM users WHERE id = $5),
            'target', $3, 'status', $4, 'origin', $6, 'comment', $8))
    ), queued AS (
        INSERT INTO tm_outbox (segment_id, article_id, source_lang, target_lang, source, source_normalized,
                               source_keys, target, status, author_id, codes)
        SELECT s.id, a.id, a.source_lang, a.target_lang, s.source, $9, $10, $3, $4, $5, s.codes
        FROM segments s JOIN articles a ON a.id = s.article_id WHERE s.id = $1 AND $9::text IS NOT NULL
    )";
const REVISION_PARAMETERS: usize = 10;

/// A save's write: [`REVISION`], then its findings replaced and read back ([`findings::Replacement`]).
static REVISION_AND_FINDINGS: LazyLock<String> =
    LazyLock::new(|| format!("WITH {REVISION}, {}", findings::Replacement::statement(REVISION_PARAMETERS)));

impl<'a> NewRevision<'a> {
    /// `query` (one with [`REVISION`]) with the revision bound as its first parameters.
    fn bind<'q, O>(
        self,
        query: QueryAs<'q, Postgres, O, PgArguments>,
    ) -> QueryAs<'q, Postgres, O, PgArguments>
    where
        'a: 'q,
    {
        let (normalized, keys) = match self.remembered {
            Some(source) => (Some(normalize(source)), Some(keys(source))),
            None => (None, None),
        };
        query
            .bind(self.segment)
            .bind(self.number)
            .bind(self.target)
            .bind(self.status)
            .bind(self.author)
            .bind(self.origin)
            .bind(self.previous)
            .bind(self.comment.map(str::trim).filter(|c| !c.is_empty()))
            .bind(normalized)
            .bind(keys)
    }
}

/// A segment's article and source text.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SegmentSource {
    /// The article.
    pub article_id: i64,
    /// The sentence.
    pub source: String,
    /// The translations its file offered for it (XLIFF `<alt-trans>`).
    pub alternatives: sqlx::types::Json<Vec<super::articles::FileMatch>>,
}

/// What the checks of a save of a segment start from.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CheckContext {
    /// The segment's article.
    pub article_id: i64,
    /// The segment's source.
    pub source: String,
    /// What the source's codes stand for.
    pub codes: sqlx::types::Json<Vec<crate::inline::Code>>,
    /// Its article's target language.
    pub target_lang: LanguageTag,
    glossary_ids: Vec<i64>,
    glossary_versions: Vec<i64>,
    /// What the article is spelt with.
    #[sqlx(flatten)]
    pub spelling: super::spelling::ArticleSpelling,
    /// Whether a machine drafted the segment, so a confirmation may have post-editing effort to measure.
    pub machine_drafted: bool,
}

impl CheckContext {
    /// The article's glossaries and their versions, in id order (the term cache's key).
    pub fn glossary_versions(&self) -> Vec<(i64, i64)> {
        self.glossary_ids.iter().copied().zip(self.glossary_versions.iter().copied()).collect()
    }
}

/// A segment's source, its article's target language, its glossaries' versions and its spelling settings,
/// in one query: a save asks it before its transaction, and every round trip counts there.
pub async fn check_context(pool: &PgPool, segment: i64) -> Result<CheckContext, StoreError> {
    sqlx::query_as(&format!(
        "SELECT s.article_id, s.source, s.codes, a.target_lang, g.ids AS glossary_ids,
                g.versions AS glossary_versions, d.spelling, d.known_words,
                EXISTS (SELECT 1 FROM mt_drafts m WHERE m.segment_id = s.id) AS machine_drafted
         FROM segments s JOIN articles a ON a.id = s.article_id,
              LATERAL (SELECT COALESCE(array_agg(g.id ORDER BY g.id), '{{}}') AS ids,
                              COALESCE(array_agg(g.version ORDER BY g.id), '{{}}') AS versions
                       FROM article_glossaries ag JOIN glossaries g ON g.id = ag.glossary_id
                       WHERE ag.article_id = a.id) g,
              LATERAL ({}) d
         WHERE s.id = $1",
        super::spelling::SETTINGS
    ))
    .bind(segment)
    .fetch_optional(pool)
    .await?
    .ok_or(StoreError::NotFound("segment"))
}

/// The article and source of a segment, live or retired, with the translations its file offered.
pub async fn source(pool: &PgPool, segment: i64) -> Result<SegmentSource, StoreError> {
    sqlx::query_as("SELECT article_id, source, alternatives FROM segments WHERE id = $1")
        .bind(segment)
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound("segment"))
}
