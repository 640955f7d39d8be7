//! Review scores from the stored annotations: an article's (penalty points per 1,000 source words, MQM's
//! 0–100 score, pass or fail against the round's threshold) and the desk's report per translator, per origin
//! of the judged text and per month, as data and as spreadsheet CSV.

use std::collections::BTreeMap;

use sqlx::PgPool;
use time::OffsetDateTime;

use crate::formats::sheet::Sheet;
use crate::qa::mqm::{self, ErrorSeverity, Score};
use crate::store::annotations::{self, Annotation, JudgedSegment, Scoring};
use crate::store::segments::SegmentView;
use crate::store::{articles, StoreError};
use crate::text::word_count;

/// An article's score in one review round, and the threshold it was held to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ArticleQuality {
    /// The score.
    pub score: Score,
    /// The round.
    pub round: i16,
    /// Its threshold, points per 1,000 words.
    pub threshold: f64,
}

/// The score of an article's live segments (every source word counts, as progress counts them) from the
/// annotations of `round`, with the weights and threshold as the admin set them.
pub async fn article_quality(pool: &PgPool, article: i64, round: i16) -> Result<ArticleQuality, StoreError> {
    articles::get(pool, article).await?;
    let scoring = annotations::scoring(pool).await?;
    let segments = articles::segments(pool, article).await?;
    let found = annotations::of_article(pool, article).await?;
    quality_of(&scoring, &segments, &found, round)
}

/// [`article_quality`] from the article's live segments and annotations already in hand.
pub fn quality_of(
    scoring: &Scoring,
    segments: &[SegmentView],
    found: &[Annotation],
    round: i16,
) -> Result<ArticleQuality, StoreError> {
    let threshold = scoring
        .threshold(round)
        .ok_or_else(|| StoreError::Invalid(format!("there is no review round {round}")))?;
    // As progress counts them: a segment the file marks as not to be translated is no one's work.
    let words = segments.iter().filter(|s| !s.locked).map(|s| word_count(&s.source)).sum();
    let severities = found.iter().filter(|a| a.round == round).map(|a| a.severity);
    Ok(ArticleQuality { score: mqm::score(severities, words, &scoring.weights, threshold), round, threshold })
}

/// How to group the report's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// Who wrote the judged text.
    Translator,
    /// What made it: `manual`, `tm` (memory drafts kept unchanged), `import`, ...; machine drafts per
    /// engine and model (`mt:deepl/v2`), so that each engine's drafts are scored apart.
    Origin,
    /// The month it was written in (UTC), `YYYY-MM`.
    Period,
}

/// One group of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupScore {
    /// The translator's user name, the origin, or the month.
    pub key: String,
    /// Segments judged.
    pub segments: u64,
    /// Errors by severity.
    pub errors: BTreeMap<ErrorSeverity, u64>,
    /// The score of the group.
    pub score: Score,
}

/// One annotation in the report, with what it is grouped by.
#[derive(Debug, Clone)]
pub struct ReportError {
    /// The judged segment.
    pub segment: JudgedSegment,
    /// The annotation.
    pub annotation: Annotation,
    /// Its points.
    pub points: u32,
}

/// The desk's review report for one round.
#[derive(Debug, Clone)]
pub struct ReviewReport {
    /// The round.
    pub round: i16,
    /// Its threshold.
    pub threshold: f64,
    /// How the groups are made.
    pub by: GroupBy,
    /// The groups, by key.
    pub groups: Vec<GroupScore>,
    /// Every annotation counted, in article and segment order.
    pub errors: Vec<ReportError>,
}

/// The report of `round` grouped `by`, over texts written in `[since, until)`.
pub async fn report(
    pool: &PgPool,
    round: i16,
    by: GroupBy,
    since: Option<OffsetDateTime>,
    until: Option<OffsetDateTime>,
) -> Result<ReviewReport, StoreError> {
    let scoring = annotations::scoring(pool).await?;
    let threshold = scoring
        .threshold(round)
        .ok_or_else(|| StoreError::Invalid(format!("there is no review round {round}")))?;
    let (segments, found) = annotations::judged(pool, round, since, until).await?;
    let mut by_segment: BTreeMap<i64, Vec<Annotation>> = BTreeMap::new();
    for annotation in found {
        by_segment.entry(annotation.segment_id).or_default().push(annotation);
    }
    let key = |s: &JudgedSegment| match by {
        GroupBy::Translator => s.translator.clone(),
        GroupBy::Origin => match &s.engine {
            Some(engine) => format!("{}:{engine}", s.origin),
            None => s.origin.to_string(),
        },
        GroupBy::Period => format!("{:04}-{:02}", s.written_at.year(), u8::from(s.written_at.month())),
    };
    let mut groups: BTreeMap<String, (u64, u64, Vec<ErrorSeverity>)> = BTreeMap::new();
    let mut errors = Vec::new();
    for segment in segments {
        let group = groups.entry(key(&segment)).or_default();
        group.0 += 1;
        group.1 += word_count(&segment.source);
        for annotation in by_segment.remove(&segment.segment_id).unwrap_or_default() {
            group.2.push(annotation.severity);
            let points = scoring.weights.points(annotation.severity);
            errors.push(ReportError { segment: segment.clone(), annotation, points });
        }
    }
    let groups = groups
        .into_iter()
        .map(|(key, (segments, words, severities))| {
            let mut errors = BTreeMap::new();
            for severity in &severities {
                *errors.entry(*severity).or_default() += 1;
            }
            let score = mqm::score(severities, words, &scoring.weights, threshold);
            GroupScore { key, segments, errors, score }
        })
        .collect();
    Ok(ReviewReport { round, threshold, by, groups, errors })
}

/// The report's groups as spreadsheet CSV ([`crate::formats::sheet`]), one row per group.
pub fn report_csv(report: &ReviewReport) -> Vec<u8> {
    let mut sheet = Sheet::default();
    let by = match report.by {
        GroupBy::Translator => "translator",
        GroupBy::Origin => "origin",
        GroupBy::Period => "period",
    };
    sheet.row([
        by,
        "segments",
        "words",
        "minor",
        "major",
        "critical",
        "penalty_points",
        "points_per_thousand",
        "score",
        "pass",
    ]);
    for group in &report.groups {
        let count = |s: ErrorSeverity| group.errors.get(&s).copied().unwrap_or_default().to_string();
        sheet.row([
            group.key.clone(),
            group.segments.to_string(),
            group.score.words.to_string(),
            count(ErrorSeverity::Minor),
            count(ErrorSeverity::Major),
            count(ErrorSeverity::Critical),
            group.score.penalty_points.to_string(),
            format!("{:.2}", group.score.points_per_thousand),
            format!("{:.2}", group.score.score),
            group.score.pass.to_string(),
        ]);
    }
    sheet.finish()
}
