//! Review scores: reviewers' MQM annotations on segments (`/segments/{id}/annotations`), an article's score
//! (`/articles/{id}/quality`), the desk's report (`/quality/report`) and the admin's scoring settings
//! (`/quality/settings`).

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

use super::auth::{require, CurrentUser};
use super::extract::{Json, Path, Query};
use super::report_format::{csv_attachment, ReportFormat};
use super::tm::{day, day_after};
use super::views::{self, Span};
use super::{ApiError, AppState};
use crate::app::review::{self, ArticleQuality, GroupBy, GroupScore, ReviewReport};
use crate::domain::Role;
use crate::qa::mqm::{Category, ErrorSeverity, Weights};
use crate::store::annotations::{self, Annotation, NewAnnotation, Scoring};

/// An error a reviewer marks.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AnnotateSegment {
    /// The MQM error type (`mistranslation`, `omission`, `spelling`, ...).
    category: Category,
    /// `minor`, `major` or `critical`.
    severity: ErrorSeverity,
    /// Start of the span, in characters of the current target (of the source for `omission`).
    start: usize,
    /// End of the span (exclusive).
    end: usize,
    /// What the reviewer wants the translator to know.
    #[serde(default)]
    note: Option<String>,
    /// The review round (default 1).
    #[serde(default)]
    round: Option<i16>,
    /// The revision the reviewer judged; when given and no longer current, `409`.
    #[serde(default)]
    revision: Option<i32>,
}

/// An annotation as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnnotationView {
    id: i64,
    segment_id: i64,
    /// The number of the revision judged.
    revision: i32,
    category: Category,
    /// The category's MQM dimension (`accuracy`, `fluency`, `terminology`, `style`, `locale-conventions`).
    dimension: &'static str,
    severity: ErrorSeverity,
    /// Where, in the judged revision's target (the source for an omission).
    span: Span,
    /// The text the span covers.
    excerpt: String,
    note: Option<String>,
    round: i16,
    /// The reviewer.
    author: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    at: OffsetDateTime,
}

impl From<Annotation> for AnnotationView {
    fn from(a: Annotation) -> Self {
        Self {
            id: a.id,
            segment_id: a.segment_id,
            revision: a.revision,
            category: a.category,
            dimension: a.category.dimension(),
            severity: a.severity,
            span: a.span().into(),
            excerpt: a.excerpt,
            note: a.note,
            round: a.round,
            author: a.author,
            at: a.created_at,
        }
    }
}

/// Marks an error on the segment's current revision (reviewers and admins). `422` when the span is empty
/// or runs past the target (the source, for an omission), the segment has no translation, or the round is
/// unknown; nothing is stored then.
#[utoipa::path(post, path = "/segments/{id}/annotations", tag = "review", request_body = AnnotateSegment,
    params(("id" = i64, Path, description = "segment id")),
    responses((status = 201, body = AnnotationView), (status = 403, description = "not a reviewer"),
              (status = 404, description = "no such live segment"),
              (status = 409, description = "the segment has a newer revision than the one judged"),
              (status = 422, description = "bad category, severity, span or round")))]
pub async fn annotate_segment(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<AnnotateSegment>,
) -> Result<(StatusCode, Json<AnnotationView>), ApiError> {
    require(user.role, Role::may_review, "annotate errors")?;
    let new = NewAnnotation {
        category: body.category,
        severity: body.severity,
        start: body.start,
        end: body.end,
        note: body.note.as_deref(),
        round: body.round.unwrap_or(1),
        revision: body.revision,
        author: user.id,
    };
    Ok((StatusCode::CREATED, Json(annotations::create(&state.pool, id, new).await?.into())))
}

/// The segment's annotations, of every revision, oldest first.
#[utoipa::path(get, path = "/segments/{id}/annotations", tag = "review",
    params(("id" = i64, Path, description = "segment id")),
    responses((status = 200, body = Vec<AnnotationView>), (status = 404, description = "no such segment")))]
pub async fn list_annotations(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<AnnotationView>>, ApiError> {
    Ok(Json(views::all(annotations::of_segment(&state.pool, id).await?)))
}

/// Which review round.
#[derive(Debug, Deserialize, IntoParams)]
pub struct RoundQuery {
    /// The review round (default 1).
    round: Option<i16>,
}

/// A score, as the API shows it (ratios rounded to two decimals).
#[derive(Debug, Serialize, ToSchema)]
pub struct QualityView {
    /// The sum of the errors' weights.
    penalty_points: u64,
    /// Source words (whitespace-separated, as progress counts them).
    words: u64,
    /// `penalty_points × 1000 / words`.
    points_per_thousand: f64,
    /// MQM's quality score: `100 × (1 − penalty_points / words)`, at least 0.
    score: f64,
    /// `points_per_thousand` is within the round's threshold.
    pass: bool,
    /// The round.
    round: i16,
    /// The most points per 1,000 words that pass.
    threshold: f64,
}

fn two_decimals(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl From<ArticleQuality> for QualityView {
    fn from(q: ArticleQuality) -> Self {
        Self {
            penalty_points: q.score.penalty_points,
            words: q.score.words,
            points_per_thousand: two_decimals(q.score.points_per_thousand),
            score: two_decimals(q.score.score),
            pass: q.score.pass,
            round: q.round,
            threshold: q.threshold,
        }
    }
}

/// The article's review score in a round, recomputed from the stored annotations of its live segments.
#[utoipa::path(get, path = "/articles/{id}/quality", tag = "review",
    params(("id" = i64, Path, description = "article id"), RoundQuery),
    responses((status = 200, body = QualityView), (status = 404, description = "no such article"),
              (status = 422, description = "no such review round")))]
pub async fn get_article_quality(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
    Query(query): Query<RoundQuery>,
) -> Result<Json<QualityView>, ApiError> {
    Ok(Json(review::article_quality(&state.pool, id, query.round.unwrap_or(1)).await?.into()))
}

/// The scoring settings.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ScoringView {
    /// Penalty points per severity: `{"minor": 1, "major": 5, "critical": 25}`.
    weights: BTreeMap<ErrorSeverity, u32>,
    /// Pass thresholds, points per 1,000 source words, by review round: `{"1": 20, "2": 15}`.
    thresholds: BTreeMap<i16, f64>,
}

impl From<Scoring> for ScoringView {
    fn from(s: Scoring) -> Self {
        let weights = ErrorSeverity::ALL.iter().map(|&sev| (sev, s.weights.points(sev))).collect();
        Self { weights, thresholds: s.thresholds }
    }
}

/// How annotations are scored.
#[utoipa::path(get, path = "/quality/settings", tag = "review",
    responses((status = 200, body = ScoringView)))]
pub async fn get_scoring(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<ScoringView>, ApiError> {
    Ok(Json(annotations::scoring(&state.pool).await?.into()))
}

/// Changes the weights (all three, 0–1000) and the thresholds of the rounds given (0–1000; rounds 1–9, a
/// new number adds a round), admins only; `422` and nothing changed for a value out of range.
#[utoipa::path(put, path = "/quality/settings", tag = "review", request_body = ScoringChange,
    responses((status = 200, body = ScoringView), (status = 403, description = "not an admin"),
              (status = 422, description = "a weight, round or threshold out of range")))]
pub async fn update_scoring(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Json(body): Json<ScoringChange>,
) -> Result<Json<ScoringView>, ApiError> {
    require(user.role, Role::may_administer, "change how reviews are scored")?;
    Ok(Json(change_scoring(&state, body).await?.into()))
}

/// A change to the scoring settings: weights (all three or none) and thresholds by round.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ScoringChange {
    /// Penalty points per severity; all three when given.
    #[serde(default)]
    pub weights: Option<BTreeMap<ErrorSeverity, u32>>,
    /// Thresholds by round.
    #[serde(default)]
    pub thresholds: BTreeMap<i16, f64>,
}

/// Checks a change and applies it (shared by the API and the admin's page).
pub(super) async fn change_scoring(state: &AppState, change: ScoringChange) -> Result<Scoring, ApiError> {
    let weights = match change.weights {
        None => None,
        Some(w) => {
            let get = |s: ErrorSeverity| {
                let points =
                    *w.get(&s).ok_or_else(|| ApiError::Validation(format!("give the weight of {s}")))?;
                if points > 1000 {
                    return Err(ApiError::Validation(format!(
                        "the weight of {s} must be 0–1000, not {points}"
                    )));
                }
                Ok(points)
            };
            Some(Weights {
                minor: get(ErrorSeverity::Minor)?,
                major: get(ErrorSeverity::Major)?,
                critical: get(ErrorSeverity::Critical)?,
            })
        }
    };
    let mut thresholds = Vec::new();
    for (round, threshold) in change.thresholds {
        if !(1..=9).contains(&round) {
            return Err(ApiError::Validation(format!("review rounds are numbered 1–9, not {round}")));
        }
        if !(0.0..=1000.0).contains(&threshold) {
            return Err(ApiError::Validation(format!(
                "the threshold of round {round} must be 0–1000 points per 1,000 words, not {threshold}"
            )));
        }
        thresholds.push((round, threshold));
    }
    Ok(annotations::set_scoring(&state.pool, weights, &thresholds).await?)
}

/// What the report covers.
#[derive(Debug, Default, Deserialize, Serialize, IntoParams)]
pub struct ReportQuery {
    /// `translator` (default), `origin` (what made the judged text: `manual`, `tm` for memory drafts kept
    /// unchanged, `import`..., machine drafts per engine and model as `mt:deepl/v2`) or `period` (month
    /// written).
    by: Option<String>,
    /// The review round (default 1).
    round: Option<i16>,
    /// Only texts written on or after this day (`YYYY-MM-DD`, UTC).
    since: Option<String>,
    /// Only texts written on or before this day.
    until: Option<String>,
    /// `json` (default) or `csv`.
    format: Option<String>,
}

impl ReportQuery {
    /// The query again, without its format, for links.
    pub(super) fn as_query(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in [("by", &self.by), ("since", &self.since), ("until", &self.until)] {
            if let Some(value) = value {
                query.append_pair(name, value);
            }
        }
        if let Some(round) = self.round {
            query.append_pair("round", &round.to_string());
        }
        query.finish()
    }
}

/// One group of the report.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupView {
    /// The translator, origin or month.
    key: String,
    /// Segments judged.
    segments: u64,
    /// Errors by severity.
    errors: BTreeMap<ErrorSeverity, u64>,
    /// The group's score.
    #[serde(flatten)]
    score: ScoreView,
}

/// A score without its round.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScoreView {
    penalty_points: u64,
    words: u64,
    points_per_thousand: f64,
    score: f64,
    pass: bool,
}

impl From<GroupScore> for GroupView {
    fn from(g: GroupScore) -> Self {
        let s = g.score;
        let score = ScoreView {
            penalty_points: s.penalty_points,
            words: s.words,
            points_per_thousand: two_decimals(s.points_per_thousand),
            score: two_decimals(s.score),
            pass: s.pass,
        };
        Self { key: g.key, segments: g.segments, errors: g.errors, score }
    }
}

/// One counted error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportErrorView {
    article_id: i64,
    title: String,
    /// Who wrote the judged text.
    translator: String,
    /// What made it.
    origin: String,
    /// The machine engine and model that wrote it (`deepl/v2`), when the origin is `mt`.
    engine: Option<String>,
    points: u32,
    #[serde(flatten)]
    annotation: AnnotationView,
}

/// The desk's review report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportView {
    round: i16,
    threshold: f64,
    /// `translator`, `origin` or `period`.
    by: &'static str,
    groups: Vec<GroupView>,
    errors: Vec<ReportErrorView>,
}

impl From<ReviewReport> for ReportView {
    fn from(r: ReviewReport) -> Self {
        let errors = r
            .errors
            .into_iter()
            .map(|e| ReportErrorView {
                article_id: e.segment.article_id,
                title: e.segment.title,
                translator: e.segment.translator,
                origin: e.segment.origin.to_string(),
                engine: e.segment.engine,
                points: e.points,
                annotation: e.annotation.into(),
            })
            .collect();
        Self {
            round: r.round,
            threshold: r.threshold,
            by: by_name(r.by),
            groups: views::all(r.groups),
            errors,
        }
    }
}

fn by_name(by: GroupBy) -> &'static str {
    match by {
        GroupBy::Translator => "translator",
        GroupBy::Origin => "origin",
        GroupBy::Period => "period",
    }
}

/// Parses the report's query (shared with its page).
pub(super) async fn report_of(state: &AppState, query: &ReportQuery) -> Result<ReviewReport, ApiError> {
    let by = match query.by.as_deref().unwrap_or("translator") {
        "translator" => GroupBy::Translator,
        "origin" => GroupBy::Origin,
        "period" => GroupBy::Period,
        other => {
            return Err(ApiError::Validation(format!(
                "cannot group by {other:?} (expected translator, origin or period)"
            )))
        }
    };
    let since = query.since.as_deref().map(day).transpose()?;
    let until = query.until.as_deref().map(day_after).transpose()?;
    Ok(review::report(&state.pool, query.round.unwrap_or(1), by, since, until).await?)
}

/// Review scores per translator, per origin of the judged text or per month, over the segments that are
/// reviewed or final or carry annotations of the round, with every error counted.
#[utoipa::path(get, path = "/quality/report", tag = "review", params(ReportQuery),
    responses((status = 200, body = ReportView, description = "the report; with `format=csv`, one row per group as an attachment"),
              (status = 422, description = "unknown grouping, format, round or malformed day")))]
pub async fn get_review_report(
    State(state): State<AppState>,
    _user: CurrentUser,
    Query(query): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    let format = ReportFormat::of(query.format.as_deref())?;
    let report = report_of(&state, &query).await?;
    Ok(match format {
        ReportFormat::Json => Json(ReportView::from(report)).into_response(),
        ReportFormat::Csv => {
            csv_attachment(&format!("review-by-{}.csv", by_name(report.by)), review::report_csv(&report))
        }
    })
}
