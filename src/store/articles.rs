//! Articles: import (with their segments), lists, the article now or at a past time, history, progress.

use serde::Serialize;
use sqlx::{Acquire, PgConnection, PgPool, Postgres};
use time::OffsetDateTime;

use super::segments::{SegmentView, LIVE_SEGMENTS};
use super::{RevisionInfo, StoreError};
use crate::domain::{RevisionOrigin, SegmentStatus};
use crate::formats::DocumentFormat;
use crate::lang::LanguageTag;

/// An article without its segments.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArticleInfo {
    /// Database id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Source language (BCP 47).
    pub source_lang: LanguageTag,
    /// Target language (BCP 47).
    pub target_lang: LanguageTag,
    /// The name of the uploaded file, if it came as one.
    pub origin_file_name: Option<String>,
    /// Who imported it (user name).
    pub created_by: String,
    /// When.
    pub created_at: OffsetDateTime,
    /// Who is to translate it (user name): the whole article's translation assignment.
    pub assignee: Option<String>,
    /// Hidden from the default list.
    pub archived: bool,
    /// Its text never reaches an engine that counts as a third party.
    pub embargoed: bool,
    /// The glossaries matched against it.
    pub glossaries: Vec<i64>,
}

/// A sentence of a new article, as the segmenter cut it.
#[derive(Debug, Clone, Default)]
pub struct NewSegment {
    /// Paragraph number, from 0.
    pub paragraph: i32,
    /// The sentence, its inline codes as markers.
    pub source: String,
    /// What the codes of `source` stand for.
    pub codes: Vec<crate::inline::Code>,
    /// The file marks it as not to be translated: nobody may change it (migration 0024).
    pub locked: bool,
    /// Translations the file offers for it, shown as suggestions.
    pub alternatives: Vec<FileMatch>,
}

/// A translation the imported file offers for a segment (XLIFF 1.2 `<alt-trans>`), its codes already the
/// segment's (`tm::codes::place`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct FileMatch {
    /// The source the match was made for, when the file gives it.
    pub source: Option<String>,
    /// The offered translation.
    pub target: String,
    /// Where the file says it comes from.
    pub origin: Option<String>,
    /// How good the file says it is, as written there.
    pub quality: Option<String>,
    /// Whether its codes were renumbered or left out to fit the segment's.
    pub codes_placed: bool,
}

impl NewSegment {
    /// The sentences of `text` as the text engine cuts them.
    pub fn segmented(text: &str, lang: &LanguageTag) -> Vec<Self> {
        crate::text::segment(text, lang)
            .into_iter()
            .map(|s| Self {
                paragraph: i32::try_from(s.paragraph).unwrap_or(i32::MAX),
                source: s.text,
                codes: Vec::new(),
                locked: false,
                alternatives: Vec::new(),
            })
            .collect()
    }
}

/// An article to store.
#[derive(Debug)]
pub struct NewArticle<'a> {
    /// Title.
    pub title: &'a str,
    /// Source language.
    pub source_lang: &'a LanguageTag,
    /// Target language.
    pub target_lang: &'a LanguageTag,
    /// Uploaded file name.
    pub origin_file_name: Option<&'a str>,
    /// The text as received (the sources, a paragraph per line, for a document).
    pub text: &'a str,
    /// The file as received, when it is a document the translation is rebuilt from.
    pub original: Option<OriginalFile<'a>>,
    /// The importer's user id.
    pub created_by: i64,
    /// Glossary ids to match; `None`: every glossary of the language pair.
    pub glossaries: Option<&'a [i64]>,
    /// The segments, in order.
    pub segments: &'a [NewSegment],
    /// Fill segments the translation memory knows exactly, as drafts (see [`super::tm::pretranslate`]).
    pub pretranslate: bool,
}

/// The file a document article was imported from.
#[derive(Debug, Clone, Copy)]
pub struct OriginalFile<'a> {
    /// Its format.
    pub format: DocumentFormat,
    /// Its bytes, as received.
    pub bytes: &'a [u8],
}

/// One revision in an article's history.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArticleChange {
    /// The segment.
    pub segment_id: i64,
    /// Its index among live segments now; null when it has since been split or merged.
    pub index: Option<i64>,
    /// Its source sentence.
    pub source: String,
    /// Number, text, status, author, time.
    #[sqlx(flatten)]
    pub revision: RevisionInfo,
    /// What made it.
    pub origin: RevisionOrigin,
}

/// Segments and source words in one status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Segments.
    pub segments: u64,
    /// Whitespace-separated words of their source.
    pub words: u64,
}

/// How far an article's translation has come.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Not translated yet.
    pub initial: Tally,
    /// Translated.
    pub translated: Tally,
    /// Reviewed.
    pub reviewed: Tally,
    /// Final.
    pub r#final: Tally,
    /// All live segments.
    pub total: Tally,
}

const INFO: &str = "SELECT a.id, a.title, a.source_lang, a.target_lang, a.origin_file_name, c.username AS created_by,
       a.created_at, s.username AS assignee, a.archived, a.embargoed,
       ARRAY(SELECT glossary_id FROM article_glossaries g WHERE g.article_id = a.id ORDER BY glossary_id) AS glossaries
FROM articles a JOIN users c ON c.id = a.created_by
LEFT JOIN assignments t ON t.article_id = a.id AND t.task = 'translate' AND t.first_key IS NULL
LEFT JOIN users s ON s.id = t.user_id";

/// Stores an article and its segments in one transaction; one without a title or segments is
/// [`StoreError::Invalid`].
pub async fn create<'c>(
    db: impl Acquire<'c, Database = Postgres>,
    new: NewArticle<'_>,
) -> Result<ArticleInfo, StoreError> {
    if new.title.trim().is_empty() {
        return Err(StoreError::Invalid("the article needs a title".into()));
    }
    if new.segments.is_empty() {
        return Err(StoreError::Invalid("the text is empty".into()));
    }
    crate::text::chars::exportable("the title", new.title).map_err(StoreError::Invalid)?;
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO articles (title, source_lang, target_lang, origin_file_name, original_text, created_by,
                               original_file, original_format)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(new.title.trim())
    .bind(new.source_lang)
    .bind(new.target_lang)
    .bind(new.origin_file_name)
    .bind(new.text)
    .bind(new.created_by)
    .bind(new.original.map(|f| f.bytes))
    .bind(new.original.map(|f| f.format))
    .fetch_one(&mut *tx)
    .await?;
    // The pair is compared by primary language, as glossary files are: an `ar` glossary serves `ar-EG`.
    // Glossaries named by the request must be of the article's pair too: an ar→en glossary's terms
    // would be matched against a French source.
    match new.glossaries {
        Some(ids) => {
            link_glossaries(&mut tx, id, ids, (new.source_lang.primary(), new.target_lang.primary())).await?
        }
        None => {
            sqlx::query(
                "INSERT INTO article_glossaries (article_id, glossary_id)
                 SELECT $1, g.id FROM glossaries g
                 WHERE split_part(g.source_lang, '-', 1) = $2 AND split_part(g.target_lang, '-', 1) = $3",
            )
            .bind(id)
            .bind(new.source_lang.primary())
            .bind(new.target_lang.primary())
            .execute(&mut *tx)
            .await?;
        }
    }
    let paragraphs: Vec<i32> = new.segments.iter().map(|s| s.paragraph).collect();
    let sources: Vec<&str> = new.segments.iter().map(|s| s.source.as_str()).collect();
    let codes: Vec<_> = new.segments.iter().map(|s| sqlx::types::Json(&s.codes)).collect();
    let locked: Vec<bool> = new.segments.iter().map(|s| s.locked).collect();
    let alternatives: Vec<_> = new.segments.iter().map(|s| sqlx::types::Json(&s.alternatives)).collect();
    sqlx::query(
        "INSERT INTO segments (article_id, sort_key, paragraph, source, codes, locked, alternatives)
         SELECT $1, n, p, s, c, l, a
         FROM unnest($2::int[], $3::text[], $4::jsonb[], $5::bool[], $6::jsonb[]) WITH ORDINALITY AS t(p, s, c, l, a, n)",
    )
    .bind(id)
    .bind(paragraphs)
    .bind(sources)
    .bind(codes)
    .bind(locked)
    .bind(alternatives)
    .execute(&mut *tx)
    .await?;
    if new.pretranslate {
        super::tm::pretranslate(&mut tx, id, new.created_by).await?;
    }
    let info = sqlx::query_as(&format!("{INFO} WHERE a.id = $1")).bind(id).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(info)
}

/// Links the glossaries `ids` to article `id`; each must exist and be of the article's `pair` of primary
/// languages (an `ar` glossary serves `ar-EG`; an ar→en glossary's terms would be matched against a French
/// source), else nothing is linked and the answer is [`StoreError::Invalid`].
async fn link_glossaries(
    tx: &mut PgConnection,
    id: i64,
    ids: &[i64],
    (source, target): (&str, &str),
) -> Result<(), StoreError> {
    let linked = sqlx::query(
        "INSERT INTO article_glossaries (article_id, glossary_id)
         SELECT $1, g.id FROM glossaries g
         WHERE g.id = ANY($2)
           AND split_part(g.source_lang, '-', 1) = $3 AND split_part(g.target_lang, '-', 1) = $4",
    )
    .bind(id)
    .bind(ids)
    .bind(source)
    .bind(target)
    .execute(&mut *tx)
    .await?;
    let mut wanted = ids.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    if linked.rows_affected() != wanted.len() as u64 {
        return Err(StoreError::Invalid(format!(
            "one of the glossaries {wanted:?} does not exist or is not {source}→{target} like the article"
        )));
    }
    Ok(())
}

/// A change to an article's description; `None` leaves a field as it is.
#[derive(Debug, Default)]
pub struct ArticleChanges<'a> {
    /// The new assignee's user name; `Some(None)` removes the assignee.
    pub assignee: Option<Option<&'a str>>,
    /// Archive or restore.
    pub archived: Option<bool>,
    /// The glossaries whose terms the article is matched against, instead of those it has.
    pub glossaries: Option<&'a [i64]>,
    /// Embargo or release (see [`ArticleInfo::embargoed`]).
    pub embargoed: Option<bool>,
}

/// Assigns (as `by`), archives or changes the glossaries of an article, all or nothing; an unknown assignee
/// or glossary is [`StoreError::Invalid`].
pub async fn update(
    pool: &PgPool,
    id: i64,
    by: i64,
    changes: ArticleChanges<'_>,
) -> Result<ArticleInfo, StoreError> {
    let mut tx = pool.begin().await?;
    let found: Option<(String, String)> = sqlx::query_as(
        "SELECT split_part(source_lang, '-', 1), split_part(target_lang, '-', 1) FROM articles
         WHERE id = $1 FOR UPDATE",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let (source, target) = found.ok_or(StoreError::NotFound("article"))?;
    if let Some(ids) = changes.glossaries {
        sqlx::query("DELETE FROM article_glossaries WHERE article_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        link_glossaries(&mut tx, id, ids, (&source, &target)).await?;
    }
    if let Some(assignee) = changes.assignee {
        super::assignments::set_translator(&mut tx, id, assignee, by).await?;
    }
    if let Some(embargoed) = changes.embargoed {
        sqlx::query("UPDATE articles SET embargoed = $2 WHERE id = $1")
            .bind(id)
            .bind(embargoed)
            .execute(&mut *tx)
            .await?;
    }
    if let Some(archived) = changes.archived {
        sqlx::query("UPDATE articles SET archived = $2 WHERE id = $1")
            .bind(id)
            .bind(archived)
            .execute(&mut *tx)
            .await?;
    }
    let info = sqlx::query_as(&format!("{INFO} WHERE a.id = $1")).bind(id).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(info)
}

/// Articles, newest first; archived ones only when asked.
pub async fn list(pool: &PgPool, archived: bool) -> Result<Vec<ArticleInfo>, StoreError> {
    Ok(sqlx::query_as(&format!("{INFO} WHERE a.archived = $1 ORDER BY a.id DESC"))
        .bind(archived)
        .fetch_all(pool)
        .await?)
}

/// One article's description.
pub async fn get(pool: &PgPool, id: i64) -> Result<ArticleInfo, StoreError> {
    sqlx::query_as(&format!("{INFO} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound("article"))
}

/// The article's live segments with their current revisions, in order.
pub async fn segments(pool: &PgPool, id: i64) -> Result<Vec<SegmentView>, StoreError> {
    Ok(sqlx::query_as(LIVE_SEGMENTS).bind(id).bind(None::<Vec<i64>>).fetch_all(pool).await?)
}

/// The state of an article's live segments, as the database decides it: equal only while no segment has
/// been saved, split, merged, retired, added or re-sourced since. Every such change writes the segment's
/// row, which gives it a new `xmin` (the writing transaction), so the set of (id, xmin) pairs of the live
/// rows names their state exactly; it is hashed to keep the answer small.
pub async fn segments_state(pool: &PgPool, id: i64) -> Result<String, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(md5(string_agg(s.id::text || '.' || s.xmin::text, ',' ORDER BY s.id)), '')
         FROM segments s WHERE s.article_id = $1 AND s.retired_at IS NULL",
    )
    .bind(id)
    .fetch_one(pool)
    .await?)
}

/// What the editor marks on a live segment besides its text and status.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RevisionMark {
    /// The segment.
    pub segment_id: i64,
    /// What made its current revision (`tm`: filled from the memory, not yet confirmed by anyone).
    pub origin: RevisionOrigin,
    /// The comment of a send-back: a current revision `initial` with a comment is a reviewer's
    /// "another look, please" (only a send-back stores a comment with status `initial`).
    pub sent_back: Option<String>,
    /// Who made the current revision.
    pub author: String,
}

/// The origin and any send-back comment of the current revision of every live segment that has one.
pub async fn revision_marks(pool: &PgPool, id: i64) -> Result<Vec<RevisionMark>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT s.id AS segment_id, r.origin, CASE WHEN r.status = 'initial' THEN r.comment END AS sent_back,
                u.username AS author
         FROM segments s
         JOIN revisions r ON r.id = s.current_revision_id
         JOIN users u ON u.id = r.author_id
         WHERE s.article_id = $1 AND s.retired_at IS NULL",
    )
    .bind(id)
    .fetch_all(pool)
    .await?)
}

/// The segments alive at `at`, each with the latest revision made at or before it.
pub async fn segments_at(pool: &PgPool, id: i64, at: OffsetDateTime) -> Result<Vec<SegmentView>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT s.id, row_number() OVER (ORDER BY s.sort_key) - 1 AS index, s.paragraph, s.source, s.codes,
                s.locked, COALESCE(r.number, 0) AS revision, COALESCE(r.target, '') AS target,
                COALESCE(r.status, 'initial') AS status, u.username AS author, r.created_at AS at
         FROM segments s
         LEFT JOIN LATERAL (SELECT * FROM revisions r WHERE r.segment_id = s.id AND r.created_at <= $2
                            ORDER BY r.number DESC LIMIT 1) r ON true
         LEFT JOIN users u ON u.id = r.author_id
         WHERE s.article_id = $1 AND s.created_at <= $2 AND (s.retired_at IS NULL OR s.retired_at > $2)
         ORDER BY s.sort_key",
    )
    .bind(id)
    .bind(at)
    .fetch_all(pool)
    .await?)
}

/// Every revision of the article's segments (retired ones included), newest first.
pub async fn history(pool: &PgPool, id: i64) -> Result<Vec<ArticleChange>, StoreError> {
    get(pool, id).await?;
    Ok(sqlx::query_as(
        "SELECT s.id AS segment_id, live.index, s.source, r.number AS revision, r.target, r.status,
                u.username AS author, r.created_at AS at, r.origin
         FROM segments s
         JOIN revisions r ON r.segment_id = s.id
         JOIN users u ON u.id = r.author_id
         LEFT JOIN (SELECT id, row_number() OVER (ORDER BY sort_key) - 1 AS index FROM segments
                    WHERE article_id = $1 AND retired_at IS NULL) live ON live.id = s.id
         WHERE s.article_id = $1
         ORDER BY r.created_at DESC, r.id DESC",
    )
    .bind(id)
    .fetch_all(pool)
    .await?)
}

/// Segments and source words per status.
pub async fn progress(pool: &PgPool, id: i64) -> Result<Progress, StoreError> {
    get(pool, id).await?;
    let rows: Vec<(String, SegmentStatus)> = sqlx::query_as(
        "SELECT s.source, COALESCE(r.status, 'initial') FROM segments s
         LEFT JOIN revisions r ON r.id = s.current_revision_id
         WHERE s.article_id = $1 AND s.retired_at IS NULL AND NOT s.locked",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let mut progress = Progress::default();
    for (source, status) in rows {
        let words = crate::text::word_count(&source);
        let tally = match status {
            SegmentStatus::Initial => &mut progress.initial,
            SegmentStatus::Translated => &mut progress.translated,
            SegmentStatus::Reviewed => &mut progress.reviewed,
            SegmentStatus::Final => &mut progress.r#final,
        };
        for t in [tally, &mut progress.total] {
            t.segments += 1;
            t.words += words;
        }
    }
    Ok(progress)
}

/// The file article `id` was imported from, when it is a document; `None` for pasted text.
pub async fn original_file(pool: &PgPool, id: i64) -> Result<Option<(DocumentFormat, Vec<u8>)>, StoreError> {
    let row: Option<(Option<DocumentFormat>, Option<Vec<u8>>)> =
        sqlx::query_as("SELECT original_format, original_file FROM articles WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    match row {
        None => Err(StoreError::NotFound("article")),
        Some((Some(format), Some(bytes))) => Ok(Some((format, bytes))),
        Some(_) => Ok(None),
    }
}

/// The format of the file article `id` was imported from, when it is a document, without reading the file.
pub async fn original_format(pool: &PgPool, id: i64) -> Result<Option<DocumentFormat>, StoreError> {
    let row: Option<Option<DocumentFormat>> =
        sqlx::query_scalar("SELECT original_format FROM articles WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    row.ok_or(StoreError::NotFound("article"))
}
