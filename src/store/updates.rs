//! Updated stories: a newer version of an article's text brought into the same article, in one
//! transaction under the article's lock (like splits and merges). Sentences whose source did not change
//! keep their segment (translation, status, history); reworded ones get a new segment that remembers
//! the one it replaces (`updated_from`), which the editor marks «source changed» with the old source and
//! translation until someone translates it; new sentences get segments in place; removed ones are retired
//! with their history. A document article's newer file replaces the one it is rebuilt from, and an XLIFF's
//! targets for new and reworded sentences become their drafts; such a sentence the file marks as not to be
//! translated is locked with the file's target, and the file's matches for it are offered, as on import. A
//! kept sentence is locked or unlocked and offered matches as the newer file says. The update itself is one
//! row of `article_updates` (with the text and file it replaced), and one live event.

use serde::Serialize;
use sqlx::types::Json;
use sqlx::PgPool;
use time::OffsetDateTime;

use super::articles::{FileMatch, NewSegment, OriginalFile};
use super::segments::{self, Save};
use super::StoreError;
use crate::domain::SegmentStatus;
use crate::inline::{self, Code};
use crate::text::realign::{realign, Fate};

/// What an update did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct UpdateCounts {
    /// Sentences unchanged: their segments untouched.
    pub kept: i32,
    /// Sentences reworded: marked «source changed».
    pub changed: i32,
    /// New sentences.
    pub added: i32,
    /// Sentences gone: their segments retired.
    pub removed: i32,
    /// New and reworded sentences given the translation the file brought, as a draft.
    pub drafted: i32,
}

/// One update in an article's history.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UpdateEntry {
    /// Who brought it in.
    pub by: String,
    /// When.
    pub at: OffsetDateTime,
    /// What it did.
    #[sqlx(flatten)]
    pub counts: UpdateCounts,
}

/// A segment whose source changed in an update and that nobody has translated since.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SourceChange {
    /// The new segment.
    pub segment_id: i64,
    /// Its source.
    pub source: String,
    /// The source of the segment it replaced.
    pub old_source: String,
    /// That segment's translation (empty when it had none).
    pub old_target: String,
}

/// A newer version of an article.
#[derive(Debug, Clone, Copy)]
pub struct NewVersion<'a> {
    /// A new title (none or blank: the title stays).
    pub title: Option<&'a str>,
    /// Its sources, a paragraph per line: the article's original text from now on.
    pub text: &'a str,
    /// Its sentences, in order.
    pub segments: &'a [NewSegment],
    /// Per sentence (or none at all), the translation the file brings (an XLIFF's target) and its status:
    /// the draft of a new or reworded sentence; a kept sentence keeps its own translation.
    pub drafts: &'a [Option<(&'a str, SegmentStatus)>],
    /// A document article's newer file: the article is rebuilt from it from now on.
    pub original: Option<OriginalFile<'a>>,
}

/// A live segment as an update finds it.
#[derive(sqlx::FromRow)]
struct Live {
    id: i64,
    source: String,
    codes: Json<Vec<Code>>,
    /// Its current translation, when it has a revision.
    target: Option<String>,
}

/// Brings the newer version into the article. Sentences are matched on their text between codes (what
/// the text engine reads), so a code numbered anew does not make a sentence new; a kept sentence takes the
/// new source and codes, and its translation its codes renumbered alike ([`inline::renumber`]) in a
/// revision by `author` with the same status, or, when they cannot be, it counts as reworded.
pub async fn update(
    pool: &PgPool,
    article: i64,
    author: i64,
    version: NewVersion<'_>,
) -> Result<UpdateCounts, StoreError> {
    let segments = version.segments;
    if segments.is_empty() {
        return Err(StoreError::Invalid("the text is empty".into()));
    }
    let mut tx = pool.begin().await?;
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE id = $1 FOR UPDATE")
        .bind(article)
        .fetch_optional(&mut *tx)
        .await?;
    found.ok_or(StoreError::NotFound("article"))?;
    // Locked: a save waiting on one of them finds it retired or carried, never overwritten.
    let live: Vec<Live> = sqlx::query_as(
        "SELECT s.id, s.source, s.codes, r.target FROM segments s
         LEFT JOIN revisions r ON r.id = s.current_revision_id
         WHERE s.article_id = $1 AND s.retired_at IS NULL ORDER BY s.sort_key FOR UPDATE OF s",
    )
    .bind(article)
    .fetch_all(&mut *tx)
    .await?;
    let old: Vec<String> = live.iter().map(|s| inline::plain(&s.source)).collect();
    let new: Vec<String> = segments.iter().map(|s| inline::plain(&s.source)).collect();
    let old: Vec<&str> = old.iter().map(String::as_str).collect();
    let new: Vec<&str> = new.iter().map(String::as_str).collect();
    let draft = |j: usize| version.drafts.get(j).copied().flatten();

    let mut counts = UpdateCounts::default();
    let (mut kept, mut retired, mut carried) = (Kept::default(), Vec::new(), Vec::new());
    // New segments in runs between kept ones: each placed after the run's anchor (the kept segment before
    // it, none at the start), at its position among the run's members.
    let mut fresh = Fresh::default();
    let mut anchor: Option<i64> = None;
    let mut run: Vec<usize> = Vec::new(); // indexes into `fresh`
    for fate in realign(&old, &new) {
        if let Fate::Kept(i, j) = fate {
            if let Some(target) = carry(&live[i], &segments[j]) {
                fresh.close_run(&mut run);
                anchor = Some(live[i].id);
                kept.push(live[i].id, &segments[j]);
                carried.extend(target.map(|t| (live[i].id, t)));
                counts.kept += 1;
                continue;
            }
        }
        match fate {
            // A kept sentence whose translation could not follow its codes is reworded.
            Fate::Kept(i, j) | Fate::Changed(i, j) => {
                retired.push(live[i].id);
                run.push(fresh.push(anchor, j, &segments[j], Some(live[i].id)));
                counts.changed += 1;
                counts.drafted += i32::from(draft(j).is_some());
            }
            Fate::Added(j) => {
                run.push(fresh.push(anchor, j, &segments[j], None));
                counts.added += 1;
                counts.drafted += i32::from(draft(j).is_some());
            }
            Fate::Removed(i) => {
                retired.push(live[i].id);
                counts.removed += 1;
            }
        }
    }
    fresh.close_run(&mut run);

    // A kept sentence is locked, or no longer, and offered matches, as the newer file says.
    sqlx::query(
        "UPDATE segments s SET paragraph = t.paragraph, source = t.source, codes = t.codes, locked = t.locked,
                               alternatives = t.alternatives
         FROM unnest($1::bigint[], $2::int[], $3::text[], $4::jsonb[], $5::bool[], $6::jsonb[])
              AS t(id, paragraph, source, codes, locked, alternatives)
         WHERE s.id = t.id
           AND (s.paragraph, s.source, s.codes, s.locked, s.alternatives)
               IS DISTINCT FROM (t.paragraph, t.source, t.codes, t.locked, t.alternatives)",
    )
    .bind(&kept.id)
    .bind(&kept.paragraph)
    .bind(&kept.source)
    .bind(&kept.codes)
    .bind(&kept.locked)
    .bind(&kept.alternatives)
    .execute(&mut *tx)
    .await?;
    for (segment, target) in &carried {
        segments::renumbered(&mut tx, *segment, target, author).await?;
    }
    sqlx::query("UPDATE segments SET retired_at = now() WHERE id = ANY($1)")
        .bind(&retired)
        .execute(&mut *tx)
        .await?;
    // Between the anchor's key and the next key of any segment (live or retired, so no key is reused).
    sqlx::query(
        "INSERT INTO segments (article_id, sort_key, paragraph, source, codes, locked, alternatives, updated_from)
         SELECT $1, lo.key + (hi.key - lo.key) * t.pos / (t.run + 1), t.paragraph, t.source, t.codes, t.locked,
                t.alternatives, t.replaces
         FROM unnest($2::bigint[], $3::int[], $4::int[], $5::int[], $6::text[], $7::jsonb[], $8::bool[],
                     $9::jsonb[], $10::bigint[])
              AS t(anchor, pos, run, paragraph, source, codes, locked, alternatives, replaces)
         CROSS JOIN LATERAL (SELECT COALESCE((SELECT sort_key FROM segments WHERE id = t.anchor), 0) AS key) lo
         CROSS JOIN LATERAL (SELECT COALESCE((SELECT min(sort_key) FROM segments
                                              WHERE article_id = $1 AND sort_key > lo.key), lo.key + 2) AS key) hi",
    )
    .bind(article)
    .bind(&fresh.anchor)
    .bind(&fresh.position)
    .bind(&fresh.run)
    .bind(&fresh.paragraph)
    .bind(&fresh.source)
    .bind(&fresh.codes)
    .bind(&fresh.locked)
    .bind(&fresh.alternatives)
    .bind(&fresh.replaces)
    .execute(&mut *tx)
    .await?;
    if counts.drafted > 0 {
        // The live segments are now the new version's sentences, in order.
        let ids: Vec<(i64, bool)> = sqlx::query_as(
            "SELECT id, locked FROM segments WHERE article_id = $1 AND retired_at IS NULL ORDER BY sort_key",
        )
        .bind(article)
        .fetch_all(&mut *tx)
        .await?;
        for &j in &fresh.index {
            let (Some(&(segment, locked)), Some((target, status))) = (ids.get(j), draft(j)) else { continue };
            if locked {
                segments::file_target_of_locked(&mut tx, segment, target, status, author).await?;
                continue;
            }
            segments::save_in(&mut tx, segment, Save::first_from_file(target, status, author)).await?;
        }
    }
    let (file, format) = (version.original.map(|f| f.bytes), version.original.map(|f| f.format));
    // Before the article changes: the row keeps the text, and the file, the update replaced.
    sqlx::query(
        "INSERT INTO article_updates (article_id, updated_by, previous_text, previous_file, previous_format,
                                      kept, changed, added, removed, drafted)
         SELECT a.id, $2, a.original_text, CASE WHEN $3 THEN a.original_file END,
                CASE WHEN $3 THEN a.original_format END, $4, $5, $6, $7, $8
         FROM articles a WHERE a.id = $1",
    )
    .bind(article)
    .bind(author)
    .bind(file.is_some())
    .bind(counts.kept)
    .bind(counts.changed)
    .bind(counts.added)
    .bind(counts.removed)
    .bind(counts.drafted)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE articles SET original_text = $2, title = COALESCE(NULLIF(btrim($3), ''), title),
                             original_file = COALESCE($4, original_file),
                             original_format = COALESCE($5, original_format)
         WHERE id = $1",
    )
    .bind(article)
    .bind(version.text)
    .bind(version.title)
    .bind(file)
    .bind(format)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "SELECT article_event($1, 'update', jsonb_build_object('by', u.username, 'kept', $3::int, 'changed', $4::int,
                                                            'added', $5::int, 'removed', $6::int,
                                                            'drafted', $7::int))
         FROM users u WHERE u.id = $2",
    )
    .bind(article)
    .bind(author)
    .bind(counts.kept)
    .bind(counts.changed)
    .bind(counts.added)
    .bind(counts.removed)
    .bind(counts.drafted)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(counts)
}

/// Whether a sentence the same between its codes keeps its segment: `Some` with the translation to write
/// again when its codes were renumbered (`None` inside: nothing to write), `None` when its translation's
/// codes cannot follow the new source's (the sentence then counts as reworded).
fn carry(old: &Live, new: &NewSegment) -> Option<Option<String>> {
    let same = old.source == new.source && old.codes.0 == new.codes;
    let Some(target) = old.target.as_deref().filter(|_| !same) else {
        return Some(None);
    };
    let renumbered = inline::renumber((&old.source, &old.codes), (&new.source, &new.codes), target)?;
    Some((renumbered != target).then_some(renumbered))
}

/// The kept segments' new places, sources, codes, locks and file matches, as columns for one `unnest`.
#[derive(Default)]
struct Kept<'a> {
    id: Vec<i64>,
    paragraph: Vec<i32>,
    source: Vec<&'a str>,
    codes: Vec<Json<&'a [Code]>>,
    locked: Vec<bool>,
    alternatives: Vec<Json<&'a [FileMatch]>>,
}

impl<'a> Kept<'a> {
    fn push(&mut self, id: i64, segment: &'a NewSegment) {
        self.id.push(id);
        self.paragraph.push(segment.paragraph);
        self.source.push(&segment.source);
        self.codes.push(Json(&segment.codes));
        self.locked.push(segment.locked);
        self.alternatives.push(Json(&segment.alternatives));
    }
}

/// The new segments of an update, as columns for one `unnest`, with the index of each in the new version;
/// each is locked and offered the file's matches as an import would make it.
#[derive(Default)]
struct Fresh<'a> {
    index: Vec<usize>,
    anchor: Vec<Option<i64>>,
    position: Vec<i32>,
    run: Vec<i32>,
    paragraph: Vec<i32>,
    source: Vec<&'a str>,
    codes: Vec<Json<&'a [Code]>>,
    locked: Vec<bool>,
    alternatives: Vec<Json<&'a [FileMatch]>>,
    replaces: Vec<Option<i64>>,
}

impl<'a> Fresh<'a> {
    fn push(
        &mut self,
        anchor: Option<i64>,
        index: usize,
        segment: &'a NewSegment,
        replaces: Option<i64>,
    ) -> usize {
        self.index.push(index);
        self.anchor.push(anchor);
        self.position.push(0);
        self.run.push(0);
        self.paragraph.push(segment.paragraph);
        self.source.push(&segment.source);
        self.codes.push(Json(&segment.codes));
        self.locked.push(segment.locked);
        self.alternatives.push(Json(&segment.alternatives));
        self.replaces.push(replaces);
        self.source.len() - 1
    }

    /// Numbers the run's members 1..=n of n, and starts the next run.
    fn close_run(&mut self, run: &mut Vec<usize>) {
        let n = i32::try_from(run.len()).unwrap_or(i32::MAX);
        for (k, &index) in run.iter().enumerate() {
            self.position[index] = i32::try_from(k + 1).unwrap_or(i32::MAX);
            self.run[index] = n;
        }
        run.clear();
    }
}

/// The article's updates, newest first.
pub async fn history(pool: &PgPool, article: i64) -> Result<Vec<UpdateEntry>, StoreError> {
    super::articles::get(pool, article).await?;
    Ok(sqlx::query_as(
        "SELECT u.username AS by, a.updated_at AS at, a.kept, a.changed, a.added, a.removed, a.drafted
         FROM article_updates a JOIN users u ON u.id = a.updated_by WHERE a.article_id = $1 ORDER BY a.id DESC",
    )
    .bind(article)
    .fetch_all(pool)
    .await?)
}

/// The live segments whose source changed in an update and that nobody has translated since: a draft the
/// update's file brought (written in the update's transaction, so at the segment's creation time) keeps the
/// mark, since the file's target may well be the old sentence's translation.
pub async fn source_changes(pool: &PgPool, article: i64) -> Result<Vec<SourceChange>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT s.id AS segment_id, s.source, o.source AS old_source, COALESCE(r.target, '') AS old_target
         FROM segments s JOIN segments o ON o.id = s.updated_from
         LEFT JOIN revisions r ON r.id = o.current_revision_id
         LEFT JOIN revisions c ON c.id = s.current_revision_id
         WHERE s.article_id = $1 AND s.retired_at IS NULL AND (c.id IS NULL OR c.created_at = s.created_at)
         ORDER BY s.sort_key",
    )
    .bind(article)
    .fetch_all(pool)
    .await?)
}
