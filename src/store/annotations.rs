//! Reviewers' MQM error annotations, kept with the revision they judge, and the scoring settings (weights
//! per severity, thresholds per review round) an admin sets.

use std::collections::BTreeMap;

use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;

use super::StoreError;
use crate::domain::RevisionOrigin;
use crate::qa::mqm::{self, Category, ErrorSeverity, Weights};
use crate::qa::{Side, Span};

/// An annotation to store.
#[derive(Debug, Clone)]
pub struct NewAnnotation<'a> {
    /// The error type.
    pub category: Category,
    /// How bad.
    pub severity: ErrorSeverity,
    /// Start, in characters of the target (of the source for an omission).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The reviewer's note.
    pub note: Option<&'a str>,
    /// The review round.
    pub round: i16,
    /// The revision the reviewer looked at, when the client says: a newer one is a conflict.
    pub revision: Option<i32>,
    /// The reviewer's user id.
    pub author: i64,
}

/// A stored annotation.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Annotation {
    /// Database id.
    pub id: i64,
    /// The segment.
    pub segment_id: i64,
    /// The number of the revision it judges.
    pub revision: i32,
    /// The error type.
    pub category: Category,
    /// How bad.
    pub severity: ErrorSeverity,
    /// Which text the span points into.
    pub span_side: Side,
    /// Start, in characters.
    pub span_start: i32,
    /// End (exclusive).
    pub span_end: i32,
    /// The text the span covers, in the judged revision (or the source).
    pub excerpt: String,
    /// The reviewer's note.
    pub note: Option<String>,
    /// The review round.
    pub round: i16,
    /// The reviewer (user name).
    pub author: String,
    /// When.
    pub created_at: OffsetDateTime,
}

impl Annotation {
    /// Its span.
    pub fn span(&self) -> Span {
        let offset = |n: i32| usize::try_from(n).unwrap_or_default();
        Span { side: self.span_side, start: offset(self.span_start), end: offset(self.span_end) }
    }
}

const ANNOTATIONS: &str = "
SELECT a.id, a.segment_id, r.number AS revision, a.category, a.severity, a.span_side, a.span_start, a.span_end,
       substr(CASE a.span_side WHEN 'source' THEN s.source ELSE r.target END,
              a.span_start + 1, a.span_end - a.span_start) AS excerpt,
       a.note, a.round, u.username AS author, a.created_at
FROM annotations a
JOIN revisions r ON r.id = a.revision_id
JOIN segments s ON s.id = a.segment_id
JOIN users u ON u.id = a.author_id";

/// A live segment and its current revision (none before the first save).
#[derive(sqlx::FromRow)]
struct Current {
    source: String,
    revision_id: Option<i64>,
    number: Option<i32>,
    target: Option<String>,
}

/// Stores an annotation on the segment's current revision. The span is checked against that revision's
/// target (the source for an omission); `422` when it does not fit or the round is unknown, `409` when the
/// client judged an older revision; nothing is stored then.
pub async fn create(pool: &PgPool, segment: i64, new: NewAnnotation<'_>) -> Result<Annotation, StoreError> {
    let mut tx = pool.begin().await?;
    // A save waits (and a save in flight finishes first): the revision judged is the one checked here.
    let current: Option<Current> = sqlx::query_as(
        "SELECT s.source, r.id AS revision_id, r.number, r.target FROM segments s
         LEFT JOIN revisions r ON r.id = s.current_revision_id
         WHERE s.id = $1 AND s.retired_at IS NULL FOR SHARE OF s",
    )
    .bind(segment)
    .fetch_optional(&mut *tx)
    .await?;
    let Current { source, revision_id, number, target } = current.ok_or(StoreError::NotFound("segment"))?;
    let (Some(revision_id), Some(number), Some(target)) = (revision_id, number, target) else {
        return Err(StoreError::Invalid("the segment has no translation to judge yet".into()));
    };
    if let Some(seen) = new.revision.filter(|seen| *seen != number) {
        return Err(StoreError::Constraint(format!(
            "the segment has changed since revision {seen}: it is now at revision {number}; judge that one"
        )));
    }
    let side = mqm::check_span(new.category, new.start, new.end, &source, &target)
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    let round_known: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM review_rounds WHERE round = $1)")
            .bind(new.round)
            .fetch_one(&mut *tx)
            .await?;
    if !round_known {
        return Err(StoreError::Invalid(format!("there is no review round {}", new.round)));
    }
    let offset = |n: usize| i32::try_from(n).map_err(|_| StoreError::Invalid("the span is too far".into()));
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO annotations (segment_id, revision_id, category, severity, span_side, span_start, span_end,
                                  note, round, author_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(segment)
    .bind(revision_id)
    .bind(new.category)
    .bind(new.severity)
    .bind(side)
    .bind(offset(new.start)?)
    .bind(offset(new.end)?)
    .bind(new.note.map(str::trim).filter(|n| !n.is_empty()))
    .bind(new.round)
    .bind(new.author)
    .fetch_one(&mut *tx)
    .await?;
    let stored =
        sqlx::query_as(&format!("{ANNOTATIONS} WHERE a.id = $1")).bind(id).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(stored)
}

/// A segment's annotations (of every revision), oldest first; `404` for an unknown segment.
pub async fn of_segment(pool: &PgPool, segment: i64) -> Result<Vec<Annotation>, StoreError> {
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM segments WHERE id = $1)")
        .bind(segment)
        .fetch_one(pool)
        .await?;
    if !exists {
        return Err(StoreError::NotFound("segment"));
    }
    Ok(sqlx::query_as(&format!("{ANNOTATIONS} WHERE a.segment_id = $1 ORDER BY a.id"))
        .bind(segment)
        .fetch_all(pool)
        .await?)
}

/// The annotations of an article's live segments, oldest first.
pub async fn of_article(db: impl PgExecutor<'_>, article: i64) -> Result<Vec<Annotation>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "{ANNOTATIONS} WHERE s.article_id = $1 AND s.retired_at IS NULL ORDER BY a.segment_id, a.id"
    ))
    .bind(article)
    .fetch_all(db)
    .await?)
}

/// How annotations are scored: points per severity and the pass threshold of each review round.
#[derive(Debug, Clone, PartialEq)]
pub struct Scoring {
    /// Points per severity.
    pub weights: Weights,
    /// Most points per 1,000 source words to pass, per round.
    pub thresholds: BTreeMap<i16, f64>,
}

impl Scoring {
    /// The threshold of a round; `None` for a round the admin has not set.
    pub fn threshold(&self, round: i16) -> Option<f64> {
        self.thresholds.get(&round).copied()
    }
}

/// The scoring settings now.
pub async fn scoring(pool: &PgPool) -> Result<Scoring, StoreError> {
    let weights: Vec<(ErrorSeverity, i32)> =
        sqlx::query_as("SELECT severity, points FROM mqm_weights").fetch_all(pool).await?;
    let mut scoring = Scoring { weights: Weights::default(), thresholds: BTreeMap::new() };
    for (severity, points) in weights {
        let points = u32::try_from(points).unwrap_or_default();
        match severity {
            ErrorSeverity::Minor => scoring.weights.minor = points,
            ErrorSeverity::Major => scoring.weights.major = points,
            ErrorSeverity::Critical => scoring.weights.critical = points,
        }
    }
    let rounds: Vec<(i16, f64)> =
        sqlx::query_as("SELECT round, threshold FROM review_rounds ORDER BY round").fetch_all(pool).await?;
    scoring.thresholds.extend(rounds);
    Ok(scoring)
}

/// Sets the weights and the thresholds of the rounds given (other rounds keep theirs; a new round number
/// adds a round), in one transaction; the settings after. The caller checks the ranges.
pub async fn set_scoring(
    pool: &PgPool,
    weights: Option<Weights>,
    thresholds: &[(i16, f64)],
) -> Result<Scoring, StoreError> {
    let mut tx = pool.begin().await?;
    if let Some(w) = weights {
        for (severity, points) in [
            (ErrorSeverity::Minor, w.minor),
            (ErrorSeverity::Major, w.major),
            (ErrorSeverity::Critical, w.critical),
        ] {
            sqlx::query("UPDATE mqm_weights SET points = $2 WHERE severity = $1")
                .bind(severity)
                .bind(i32::try_from(points).unwrap_or(i32::MAX))
                .execute(&mut *tx)
                .await?;
        }
    }
    for (round, threshold) in thresholds {
        sqlx::query(
            "INSERT INTO review_rounds (round, threshold) VALUES ($1, $2)
             ON CONFLICT (round) DO UPDATE SET threshold = EXCLUDED.threshold",
        )
        .bind(round)
        .bind(threshold)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    scoring(pool).await
}

/// A reviewed segment as the quality report counts it: the revision judged (the latest one annotated, else
/// the current one), and who wrote its text.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JudgedSegment {
    /// The segment.
    pub segment_id: i64,
    /// Its article.
    pub article_id: i64,
    /// The article's title.
    pub title: String,
    /// The source sentence.
    pub source: String,
    /// The judged revision's text.
    pub target: String,
    /// Who wrote that text: the author of the first of the revisions that have carried it unchanged up
    /// to the judged one (a reviewer's status change does not make the reviewer its translator).
    pub translator: String,
    /// What made that text: `manual`, `tm` (a memory draft kept unchanged), `import`, ...
    pub origin: RevisionOrigin,
    /// The machine engine and model that wrote it, when the origin is `mt` (`deepl/v2`).
    pub engine: Option<String>,
    /// When that text was written.
    pub written_at: OffsetDateTime,
}

/// The live segments that are reviewed or final or carry annotations of `round`, whose judged text was
/// written in `[since, until)`, with their annotations of that round; in article and segment order.
pub async fn judged(
    pool: &PgPool,
    round: i16,
    since: Option<OffsetDateTime>,
    until: Option<OffsetDateTime>,
) -> Result<(Vec<JudgedSegment>, Vec<Annotation>), StoreError> {
    let mut tx = pool.begin().await?;
    let segments: Vec<JudgedSegment> = sqlx::query_as(
        "WITH judged AS (
             SELECT s.id AS segment_id, s.article_id, s.source, s.sort_key,
                    COALESCE((SELECT a.revision_id FROM annotations a WHERE a.segment_id = s.id AND a.round = $1
                              ORDER BY a.revision_id DESC LIMIT 1), s.current_revision_id) AS revision_id
             FROM segments s
             LEFT JOIN revisions c ON c.id = s.current_revision_id
             WHERE s.retired_at IS NULL AND s.current_revision_id IS NOT NULL
               AND (c.status IN ('reviewed', 'final')
                    OR EXISTS (SELECT 1 FROM annotations a WHERE a.segment_id = s.id AND a.round = $1))
         )
         SELECT j.segment_id, j.article_id, ar.title, j.source, r.target, u.username AS translator,
                w.origin, w.created_at AS written_at,
                (SELECT d.engine || '/' || d.model FROM mt_drafts d WHERE d.revision_id = w.id) AS engine
         FROM judged j
         JOIN articles ar ON ar.id = j.article_id
         JOIN revisions r ON r.id = j.revision_id
         JOIN LATERAL (
             SELECT w.id, w.author_id, w.origin, w.created_at FROM revisions w
             WHERE w.segment_id = r.segment_id AND w.number <= r.number AND w.target = r.target
               AND NOT EXISTS (SELECT 1 FROM revisions x WHERE x.segment_id = r.segment_id
                               AND x.number > w.number AND x.number <= r.number AND x.target <> r.target)
             ORDER BY w.number LIMIT 1
         ) w ON true
         JOIN users u ON u.id = w.author_id
         WHERE ($2::timestamptz IS NULL OR w.created_at >= $2) AND ($3::timestamptz IS NULL OR w.created_at < $3)
         ORDER BY j.article_id, j.sort_key",
    )
    .bind(round)
    .bind(since)
    .bind(until)
    .fetch_all(&mut *tx)
    .await?;
    let ids: Vec<i64> = segments.iter().map(|s| s.segment_id).collect();
    let annotations = sqlx::query_as(&format!(
        "{ANNOTATIONS} WHERE a.segment_id = ANY($1) AND a.round = $2 ORDER BY a.segment_id, a.id"
    ))
    .bind(&ids)
    .bind(round)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((segments, annotations))
}

/// The severities of the annotations of `round` on the live segments of these articles, by article.
pub async fn severities_of_articles(
    pool: &PgPool,
    articles: &[i64],
    round: i16,
) -> Result<Vec<(i64, ErrorSeverity)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT s.article_id, a.severity FROM annotations a JOIN segments s ON s.id = a.segment_id
         WHERE s.article_id = ANY($1) AND s.retired_at IS NULL AND a.round = $2",
    )
    .bind(articles)
    .bind(round)
    .fetch_all(pool)
    .await?)
}
