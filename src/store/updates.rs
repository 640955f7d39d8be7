//! Updated stories: a newer version of an article's text brought into the same article, in one
//! transaction under the article's lock (like splits and merges). Sentences whose source did not change
//! keep their segment (translation, status, history); reworded ones get a new segment that remembers
//! the one it replaces (`updated_from`), which the editor marks «source changed» with the old source and
//! translation until someone translates it; new sentences get segments in place; removed ones are retired
//! with their history. The update itself is one row of `article_updates`, and one live event.

use serde::Serialize;
use sqlx::PgPool;
use time::OffsetDateTime;

use super::articles::NewSegment;
use super::StoreError;
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

/// Brings the newer version `segments` (cut from `text`) into the article.
pub async fn update(
    pool: &PgPool,
    article: i64,
    author: i64,
    title: Option<&str>,
    text: &str,
    segments: &[NewSegment],
) -> Result<UpdateCounts, StoreError> {
    if segments.is_empty() {
        return Err(StoreError::Invalid("the text is empty".into()));
    }
    let mut tx = pool.begin().await?;
    let previous: Option<String> =
        sqlx::query_scalar("SELECT original_text FROM articles WHERE id = $1 FOR UPDATE")
            .bind(article)
            .fetch_optional(&mut *tx)
            .await?;
    let previous = previous.ok_or(StoreError::NotFound("article"))?;
    let live: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, source FROM segments WHERE article_id = $1 AND retired_at IS NULL ORDER BY sort_key",
    )
    .bind(article)
    .fetch_all(&mut *tx)
    .await?;
    let old: Vec<&str> = live.iter().map(|(_, s)| s.as_str()).collect();
    let new: Vec<&str> = segments.iter().map(|s| s.source.as_str()).collect();

    let mut counts = UpdateCounts::default();
    let (mut kept, mut kept_paragraphs, mut retired) = (Vec::new(), Vec::new(), Vec::new());
    // New segments in runs between kept ones: each placed after the run's anchor (the kept segment before
    // it, none at the start), at its position among the run's members.
    let mut fresh = Fresh::default();
    let mut anchor: Option<i64> = None;
    let mut run: Vec<usize> = Vec::new(); // indexes into `fresh`
    for fate in realign(&old, &new) {
        match fate {
            Fate::Kept(i, j) => {
                fresh.close_run(&mut run);
                anchor = Some(live[i].0);
                kept.push(live[i].0);
                kept_paragraphs.push(segments[j].paragraph);
                counts.kept += 1;
            }
            Fate::Changed(i, j) => {
                retired.push(live[i].0);
                run.push(fresh.push(anchor, &segments[j], Some(live[i].0)));
                counts.changed += 1;
            }
            Fate::Added(j) => {
                run.push(fresh.push(anchor, &segments[j], None));
                counts.added += 1;
            }
            Fate::Removed(i) => {
                retired.push(live[i].0);
                counts.removed += 1;
            }
        }
    }
    fresh.close_run(&mut run);

    sqlx::query(
        "UPDATE segments s SET paragraph = t.paragraph FROM unnest($1::bigint[], $2::int[]) AS t(id, paragraph)
         WHERE s.id = t.id AND s.paragraph <> t.paragraph",
    )
    .bind(&kept)
    .bind(&kept_paragraphs)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE segments SET retired_at = now() WHERE id = ANY($1)")
        .bind(&retired)
        .execute(&mut *tx)
        .await?;
    // Between the anchor's key and the next key of any segment (live or retired, so no key is reused).
    sqlx::query(
        "INSERT INTO segments (article_id, sort_key, paragraph, source, updated_from)
         SELECT $1, lo.key + (hi.key - lo.key) * t.pos / (t.run + 1), t.paragraph, t.source, t.replaces
         FROM unnest($2::bigint[], $3::int[], $4::int[], $5::int[], $6::text[], $7::bigint[])
              AS t(anchor, pos, run, paragraph, source, replaces)
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
    .bind(&fresh.replaces)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE articles SET original_text = $2, title = COALESCE(NULLIF(btrim($3), ''), title) WHERE id = $1",
    )
    .bind(article)
    .bind(text)
    .bind(title)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO article_updates (article_id, updated_by, previous_text, kept, changed, added, removed)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(article)
    .bind(author)
    .bind(&previous)
    .bind(counts.kept)
    .bind(counts.changed)
    .bind(counts.added)
    .bind(counts.removed)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "SELECT article_event($1, 'update', jsonb_build_object('by', u.username, 'kept', $3::int, 'changed', $4::int,
                                                            'added', $5::int, 'removed', $6::int))
         FROM users u WHERE u.id = $2",
    )
    .bind(article)
    .bind(author)
    .bind(counts.kept)
    .bind(counts.changed)
    .bind(counts.added)
    .bind(counts.removed)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(counts)
}

/// The new segments of an update, as columns for one `unnest`.
#[derive(Default)]
struct Fresh {
    anchor: Vec<Option<i64>>,
    position: Vec<i32>,
    run: Vec<i32>,
    paragraph: Vec<i32>,
    source: Vec<String>,
    replaces: Vec<Option<i64>>,
}

impl Fresh {
    fn push(&mut self, anchor: Option<i64>, segment: &NewSegment, replaces: Option<i64>) -> usize {
        self.anchor.push(anchor);
        self.position.push(0);
        self.run.push(0);
        self.paragraph.push(segment.paragraph);
        self.source.push(segment.source.clone());
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
        "SELECT u.username AS by, a.updated_at AS at, a.kept, a.changed, a.added, a.removed
         FROM article_updates a JOIN users u ON u.id = a.updated_by WHERE a.article_id = $1 ORDER BY a.id DESC",
    )
    .bind(article)
    .fetch_all(pool)
    .await?)
}

/// The live segments whose source changed in an update and that nobody has translated since.
pub async fn source_changes(pool: &PgPool, article: i64) -> Result<Vec<SourceChange>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT s.id AS segment_id, s.source, o.source AS old_source, COALESCE(r.target, '') AS old_target
         FROM segments s JOIN segments o ON o.id = s.updated_from
         LEFT JOIN revisions r ON r.id = o.current_revision_id
         WHERE s.article_id = $1 AND s.retired_at IS NULL AND s.current_revision_id IS NULL
         ORDER BY s.sort_key",
    )
    .bind(article)
    .fetch_all(pool)
    .await?)
}
