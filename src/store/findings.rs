//! Quality findings: a segment's are replaced in the transaction of each save (the per-segment checks come
//! from the caller, who has the glossary; the consistency checks are made here, against the article and the
//! translation memory), an article's report re-checks every live segment, and reviewers ignore findings.
//!
//! An ignore names the problem (segment, kind, message), not the finding row, so the same problem found by a
//! later save or report is still ignored; ignores are never deleted (a trigger refuses it).

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;
use sqlx::postgres::PgArguments;
use sqlx::query::QueryAs;
use sqlx::types::Json;
use sqlx::{PgConnection, PgExecutor, PgPool, Postgres};
use time::OffsetDateTime;

use super::segments::{SavedText, SegmentView, LIVE_SEGMENTS};
use super::tm::EXACT_SOURCES;
use super::StoreError;
use crate::domain::SegmentStatus;
use crate::qa::{self, Finding, Severity, Side, Span};
use crate::text::normalize;

/// The per-segment checks of (source, its codes, target, status), built by the layer above from the article's
/// glossaries and target language.
pub type Checker<'a> = &'a (dyn Fn(&str, &[crate::inline::Code], &str, SegmentStatus) -> Vec<Finding> + Sync);

/// A stored finding, and the reviewer's ignore when the same problem was ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredFinding {
    /// Database id (what `POST /findings/{id}/ignore` takes), kept while re-checks find it again.
    pub id: i64,
    /// The segment it was found in.
    pub segment_id: i64,
    /// The check's id: `empty`, `missing_term`, `forbidden_term`, `numbers`, `same_as_source`,
    /// `arabic_in_target`, `unbalanced`, `spacing`, `spelling`, `inconsistent` (within the article),
    /// `inconsistent_tm`.
    pub kind: String,
    /// `error` or `warning`.
    pub severity: Severity,
    /// What is wrong, for the translator.
    pub message: String,
    /// Where, when the problem has a place.
    pub span: Option<Span>,
    /// Corrections to offer, best first (spelling findings; empty for the others).
    pub suggestions: Vec<String>,
    /// Who ignored this problem, why and when; null while it stands.
    pub ignored: Option<Ignored>,
}

/// A reviewer's decision that a finding is not a problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ignored {
    /// User name.
    pub by: String,
    /// Why.
    pub reason: String,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// A stored finding as a statement reads it ([`FINDINGS`]).
#[derive(sqlx::FromRow)]
pub(super) struct Row {
    id: i64,
    segment_id: i64,
    kind: String,
    severity: Severity,
    message: String,
    span_side: Option<Side>,
    span_start: Option<i32>,
    span_end: Option<i32>,
    suggestions: Json<Vec<String>>,
    ignored_by: Option<String>,
    ignore_reason: Option<String>,
    ignored_at: Option<OffsetDateTime>,
}

impl From<Row> for StoredFinding {
    fn from(row: Row) -> Self {
        let offset = |n: Option<i32>| n.and_then(|n| usize::try_from(n).ok());
        let span = match (row.span_side, offset(row.span_start), offset(row.span_end)) {
            (Some(side), Some(start), Some(end)) => Some(Span { side, start, end }),
            _ => None,
        };
        let ignored = match (row.ignored_by, row.ignore_reason, row.ignored_at) {
            (Some(by), Some(reason), Some(at)) => Some(Ignored { by, reason, at }),
            _ => None,
        };
        Self {
            id: row.id,
            segment_id: row.segment_id,
            kind: row.kind,
            severity: row.severity,
            message: row.message,
            span,
            suggestions: row.suggestions.0,
            ignored,
        }
    }
}

const FINDINGS: &str = "
SELECT f.id, f.segment_id, f.kind, f.severity, f.message, f.span_side, f.span_start, f.span_end,
       f.suggestions, u.username AS ignored_by, i.reason AS ignore_reason, i.ignored_at
FROM findings f
LEFT JOIN finding_ignores i ON i.segment_id = f.segment_id AND i.kind = f.kind AND i.message = f.message
LEFT JOIN users u ON u.id = i.ignored_by";

/// The findings of these segments, by segment, each in check order.
pub async fn of_segments(
    db: impl PgExecutor<'_>,
    segments: &[i64],
) -> Result<Vec<StoredFinding>, StoreError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{FINDINGS} WHERE f.segment_id = ANY($1) ORDER BY f.segment_id, f.position, f.id"
    ))
    .bind(segments)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// What the memory says of a saved segment's source: the translations of other units of it, each with the
/// segment it came from when that is a live segment of the same article (a twin). The lock of a save reads
/// it in its own statement ([`TRANSLATIONS_OF`]); [`translations_of`] reads it alone.
pub(super) type Remembered = Vec<(String, Option<i64>)>;

/// [`Remembered`] as one row per unit: the translations of the normalised source `$2` (a one-element text
/// array, or null for none) in the memory of segment `$1`'s language pair, other than that segment's own.
pub(super) static TRANSLATIONS_OF: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{memory}, remembered AS (
             SELECT m.target, t.id AS twin
             FROM segments me JOIN articles a ON a.id = me.article_id
             JOIN memory m ON m.source_lang = a.source_lang AND m.target_lang = a.target_lang
             LEFT JOIN segments t ON t.id = m.segment_id AND t.article_id = me.article_id AND t.retired_at IS NULL
             WHERE me.id = $1 AND m.segment_id IS DISTINCT FROM $1)",
        memory = *MEMORY
    )
});

/// [`Remembered`] of a segment whose source normalises to `normalized`.
pub(super) async fn translations_of(
    conn: &mut PgConnection,
    segment: i64,
    normalized: &str,
) -> Result<Remembered, StoreError> {
    static STATEMENT: LazyLock<String> =
        LazyLock::new(|| format!("WITH {} SELECT target, twin FROM remembered", *TRANSLATIONS_OF));
    Ok(sqlx::query_as(&STATEMENT).bind(segment).bind([normalized]).fetch_all(conn).await?)
}

/// A saved segment's findings: `checked` (the per-segment checks of its new text) and its consistency with
/// the article's other confirmed translations and with the translation memory (`remembered`). A save looks
/// only at what the memory's index finds for its normalised source, never at the whole article: drafts
/// translated otherwise are the article report's business (it compares every live segment). `saved` is the
/// text the save is about to store, so it is judged as if stored.
pub(super) async fn judged(
    conn: &mut PgConnection,
    article: i64,
    saved: SavedText<'_>,
    checked: &[Finding],
    remembered: &Remembered,
) -> Result<Vec<Finding>, StoreError> {
    let SavedText { segment, target, status } = saved;
    let twins: Vec<i64> = remembered.iter().filter_map(|(_, twin)| *twin).collect();
    let mut findings = checked.to_vec();
    if twins.is_empty() {
        let memory: Vec<&str> = remembered.iter().map(|(target, _)| target.as_str()).collect();
        findings.extend(qa::against_memory(target, &memory));
        return Ok(findings);
    }
    let ids: Vec<i64> = twins.into_iter().chain([segment]).collect();
    let mut live: Vec<SegmentView> =
        sqlx::query_as(LIVE_SEGMENTS).bind(article).bind(&ids).fetch_all(&mut *conn).await?;
    for view in live.iter_mut().filter(|view| view.id == segment) {
        view.current.target = target.to_owned();
        view.current.status = status;
    }
    let mut consistency = consistency(conn, article, &live, Some(segment)).await?;
    findings.extend(consistency.remove(&segment).unwrap_or_default());
    Ok(findings)
}

/// The memory as readers must see it: the stored units (`t`) and the units saves queued that the
/// background worker has not moved yet (migration 0012), a segment's newest queued unit replacing its stored
/// one; only those whose normalised source is one of `$2` (a text array).
static MEMORY: LazyLock<String> = LazyLock::new(|| MEMORY_PARTS.replace("{EXACT}", EXACT_SOURCES));
const MEMORY_PARTS: &str = "memory AS (
    (SELECT DISTINCT ON (t.segment_id) t.segment_id, t.article_id, t.source_lang, t.target_lang,
            t.source_normalized, t.target
     FROM tm_outbox t WHERE {EXACT} ORDER BY t.segment_id, t.id DESC)
    UNION ALL
    SELECT t.segment_id, t.article_id, t.source_lang, t.target_lang, t.source_normalized, t.target
    FROM tm_units t WHERE {EXACT} AND NOT EXISTS (SELECT 1 FROM tm_outbox o WHERE o.segment_id = t.segment_id))";

/// A segment of the report with its findings.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The segment and its current revision.
    pub segment: SegmentView,
    /// What the checks found, with ignores.
    pub findings: Vec<StoredFinding>,
}

/// Re-checks every live segment of an article (per-segment checks with `check`, consistency here) and
/// stores the result, in one transaction that keeps saves of its segments waiting; the segments in order.
pub async fn recheck(pool: &PgPool, article: i64, check: Checker<'_>) -> Result<Vec<Checked>, StoreError> {
    let mut tx = pool.begin().await?;
    // Reports of one article queue up (each replaces every finding), as do imports, splits and merges; saves
    // only touch rows this lock does not block (a save's memory unit references the article).
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE id = $1 FOR NO KEY UPDATE")
        .bind(article)
        .fetch_optional(&mut *tx)
        .await?;
    found.ok_or(StoreError::NotFound("article"))?;
    // A save in flight finishes first, and later ones wait: the targets read below stay the stored ones.
    sqlx::query("SELECT id FROM segments WHERE article_id = $1 AND retired_at IS NULL ORDER BY id FOR SHARE")
        .bind(article)
        .execute(&mut *tx)
        .await?;
    let live: Vec<SegmentView> =
        sqlx::query_as(LIVE_SEGMENTS).bind(article).bind(None::<Vec<i64>>).fetch_all(&mut *tx).await?;
    let mut consistency = consistency(&mut tx, article, &live, None).await?;
    let all: Vec<(i64, Vec<Finding>)> = live
        .iter()
        .map(|s| {
            // A segment the file marks as not to be translated is nobody's work: nothing to flag.
            if s.locked {
                return (s.id, Vec::new());
            }
            let mut findings = check(&s.source, &s.codes, &s.current.target, s.current.status);
            findings.extend(consistency.remove(&s.id).unwrap_or_default());
            (s.id, findings)
        })
        .collect();
    let mut stored: HashMap<i64, Vec<StoredFinding>> = HashMap::new();
    for finding in replace(&mut tx, &all).await? {
        stored.entry(finding.segment_id).or_default().push(finding);
    }
    tx.commit().await?;
    // Ids follow creation, not article order (a split's parts are newer than the segments after them).
    Ok(live
        .into_iter()
        .map(|segment| Checked { findings: stored.remove(&segment.id).unwrap_or_default(), segment })
        .collect())
}

/// Marks a finding's problem ignored by `user` for `reason` (the caller checks the role and that there is a
/// reason); the finding as it stands after.
pub async fn ignore(
    pool: &PgPool,
    finding: i64,
    user: i64,
    reason: &str,
) -> Result<StoredFinding, StoreError> {
    let mut tx = pool.begin().await?;
    // The first reviewer's reason stands: an ignore is kept as it was made.
    sqlx::query(
        "INSERT INTO finding_ignores (segment_id, kind, message, reason, ignored_by)
         SELECT segment_id, kind, message, $2, $3 FROM findings WHERE id = $1
         ON CONFLICT (segment_id, kind, message) DO NOTHING",
    )
    .bind(finding)
    .bind(reason.trim())
    .bind(user)
    .execute(&mut *tx)
    .await?;
    let row: Option<Row> =
        sqlx::query_as(&format!("{FINDINGS} WHERE f.id = $1")).bind(finding).fetch_optional(&mut *tx).await?;
    tx.commit().await?;
    row.map(Into::into).ok_or(StoreError::NotFound("finding"))
}

/// The article a finding's segment belongs to.
pub async fn article_of(pool: &PgPool, finding: i64) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "SELECT s.article_id FROM findings f JOIN segments s ON s.id = f.segment_id WHERE f.id = $1",
    )
    .bind(finding)
    .fetch_optional(pool)
    .await?
    .ok_or(StoreError::NotFound("finding"))
}

/// The consistency findings of these live segments (only `only`, when given): the same normalised source
/// translated otherwise elsewhere in the article, or in the memory of the article's language pair (units
/// of the article's live segments left out: those are the first check's business).
async fn consistency(
    conn: &mut PgConnection,
    article: i64,
    live: &[SegmentView],
    only: Option<i64>,
) -> Result<HashMap<i64, Vec<Finding>>, StoreError> {
    let wanted = |id: i64| only.is_none_or(|o| o == id);
    // Positions are the segments' indexes, which the messages name (`live` may be only some segments).
    let position = |s: &SegmentView| usize::try_from(s.index).unwrap_or_default();
    let by_position: HashMap<usize, i64> = live.iter().map(|s| (position(s), s.id)).collect();
    let positions: Vec<(usize, &str, &str)> =
        live.iter().map(|s| (position(s), s.source.as_str(), s.current.target.as_str())).collect();
    let mut found: HashMap<i64, Vec<Finding>> = HashMap::new();
    for (position, finding) in qa::inconsistencies(&positions) {
        let id = by_position[&position];
        if wanted(id) {
            found.entry(id).or_default().push(finding);
        }
    }
    let translated: Vec<(i64, String, &str)> = live
        .iter()
        .filter(|s| wanted(s.id))
        .map(|s| (s.id, normalize(&s.source), s.current.target.as_str()))
        .collect();
    for (segment, finding) in against_memory(conn, article, &translated).await? {
        found.entry(segment).or_default().push(finding);
    }
    Ok(found)
}

/// The `inconsistent_tm` finding of each of these segments (id, normalised source, translation) whose
/// source the memory of the article's language pair translates otherwise. Units of the article's live
/// segments are left out: the article's own consistency is checked against its segments.
async fn against_memory(
    conn: &mut PgConnection,
    article: i64,
    segments: &[(i64, String, &str)],
) -> Result<HashMap<i64, Finding>, StoreError> {
    let translated: Vec<&(i64, String, &str)> =
        segments.iter().filter(|(_, _, target)| !target.trim().is_empty()).collect();
    let sources: Vec<&str> = translated.iter().map(|(_, source, _)| source.as_str()).collect();
    let memory: Vec<(String, String)> = sqlx::query_as(&format!(
        "WITH {memory}
         SELECT DISTINCT t.source_normalized, t.target
         FROM memory t JOIN articles a ON a.source_lang = t.source_lang AND a.target_lang = t.target_lang
         WHERE a.id = $1
           AND NOT EXISTS (SELECT 1 FROM segments s
                           WHERE s.id = t.segment_id AND s.article_id = $1 AND s.retired_at IS NULL)",
        memory = *MEMORY
    ))
    .bind(article)
    .bind(&sources)
    .fetch_all(conn)
    .await?;
    let mut by_source: HashMap<&str, Vec<&str>> = HashMap::new();
    for (source, target) in &memory {
        by_source.entry(source.as_str()).or_default().push(target.as_str());
    }
    Ok(translated
        .into_iter()
        .filter_map(|(segment, source, target)| {
            let finding = qa::against_memory(target, by_source.get(source.as_str())?)?;
            Some((*segment, finding))
        })
        .collect())
}

/// Replaces the findings of each segment with the given ones, in one statement whatever their number:
/// rows found again are kept (ids stable; rewritten only when their position moved, so a save that changes
/// nothing writes nothing here), the others deleted, the new ones added. Answers with the segments'
/// findings as stored, as [`of_segments`] would read them after.
pub(super) async fn replace(
    conn: &mut PgConnection,
    segments: &[(i64, Vec<Finding>)],
) -> Result<Vec<StoredFinding>, StoreError> {
    static REPLACE: LazyLock<String> = LazyLock::new(|| format!("WITH {}", Replacement::statement(0)));
    let rows: Vec<Row> = Replacement::of(segments).bind(sqlx::query_as(&REPLACE)).fetch_all(conn).await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The findings of some segments as the arrays a replacing statement binds ([`Replacement::statement`]).
pub(super) struct Replacement<'a> {
    ids: Vec<i64>,
    segment: Vec<i64>,
    kind: Vec<&'a str>,
    severity: Vec<&'a str>,
    message: Vec<&'a str>,
    side: Vec<Option<&'a str>>,
    start: Vec<Option<i32>>,
    end: Vec<Option<i32>>,
    suggestions: Vec<Json<&'a [String]>>,
}

/// A statement's rows that are stored findings.
pub(super) type FindingRows<'q> = QueryAs<'q, Postgres, Row, PgArguments>;

impl<'a> Replacement<'a> {
    /// The findings of each segment, all of them.
    pub(super) fn of(segments: &'a [(i64, Vec<Finding>)]) -> Self {
        let mut r = Self {
            ids: segments.iter().map(|(id, _)| *id).collect(),
            segment: Vec::new(),
            kind: Vec::new(),
            severity: Vec::new(),
            message: Vec::new(),
            side: Vec::new(),
            start: Vec::new(),
            end: Vec::new(),
            suggestions: Vec::new(),
        };
        let offset = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        for (id, f) in segments.iter().flat_map(|(id, findings)| findings.iter().map(move |f| (*id, f))) {
            r.segment.push(id);
            r.kind.push(f.kind);
            r.severity.push(f.severity.as_str());
            r.message.push(f.message.as_str());
            r.side.push(f.span.map(|s| s.side.as_str()));
            r.start.push(f.span.map(|s| offset(s.start)));
            r.end.push(f.span.map(|s| offset(s.end)));
            r.suggestions.push(Json(f.suggestions.as_slice()));
        }
        r
    }

    /// The common table expressions that replace the findings, after `WITH` or after a statement's own,
    /// and the read of the findings as stored: its parameters are the nine after the first `before`.
    pub(super) fn statement(before: usize) -> String {
        // Every part of one statement sees the rows as they were before it, so the three parts never touch
        // the same row: what is deleted matches nothing new, what is inserted matched nothing old. Each part
        // names the segments (`= ANY($1)`), so the planner reads their rows through the index, not the
        // whole table.
        let template = "new AS (
             SELECT * FROM UNNEST($F2::bigint[], $F3::text[], $F4::text[], $F5::text[], $F6::text[], $F7::int[],
                                  $F8::int[], $F9::jsonb[])
                 WITH ORDINALITY AS n (segment_id, kind, severity, message, span_side, span_start, span_end,
                                       suggestions, position)
         ), gone AS (
             DELETE FROM findings f WHERE f.segment_id = ANY($F1)
                 AND NOT EXISTS (SELECT 1 FROM new n WHERE {SAME})
         ), kept AS (
             UPDATE findings f SET position = n.position FROM new n
                 WHERE f.segment_id = ANY($F1) AND {SAME} AND f.position IS DISTINCT FROM n.position
         ), added AS (
             INSERT INTO findings (segment_id, kind, severity, message, span_side, span_start, span_end,
                                   suggestions, position)
             SELECT n.segment_id, n.kind, n.severity, n.message, n.span_side, n.span_start, n.span_end,
                    n.suggestions, n.position
             FROM new n WHERE NOT EXISTS (SELECT 1 FROM findings f WHERE f.segment_id = ANY($F1) AND {SAME})
             RETURNING id, segment_id, kind, severity, message, span_side, span_start, span_end, suggestions,
                       position
         ), stored AS (
             (SELECT DISTINCT ON (f.id) f.id, f.segment_id, f.kind, f.severity, f.message, f.span_side,
                     f.span_start, f.span_end, f.suggestions, n.position
              FROM findings f JOIN new n ON {SAME} WHERE f.segment_id = ANY($F1) ORDER BY f.id, n.position)
             UNION ALL
             SELECT * FROM added
         )
         {READ} ORDER BY f.segment_id, f.position, f.id"
            .replace("{SAME}", SAME)
            .replace("{READ}", &FINDINGS.replace("FROM findings f", "FROM stored f"));
        (1..=9).fold(template, |sql, n| sql.replace(&format!("$F{n}"), &format!("${}", before + n)))
    }

    /// `query` (a [`Replacement::statement`]) with the findings bound after its own parameters.
    pub(super) fn bind<'q>(self, query: FindingRows<'q>) -> FindingRows<'q>
    where
        'a: 'q,
    {
        query
            .bind(self.ids)
            .bind(self.segment)
            .bind(self.kind)
            .bind(self.severity)
            .bind(self.message)
            .bind(self.side)
            .bind(self.start)
            .bind(self.end)
            .bind(self.suggestions)
    }
}

/// A stored finding `f` that is the new finding `n`.
const SAME: &str = "f.segment_id = n.segment_id AND f.kind = n.kind AND f.severity = n.severity
    AND f.message = n.message AND f.span_side IS NOT DISTINCT FROM n.span_side
    AND f.span_start IS NOT DISTINCT FROM n.span_start AND f.span_end IS NOT DISTINCT FROM n.span_end
    AND f.suggestions = n.suggestions";
