//! `/articles/{id}/qa` and `/findings/{id}/ignore`: an article's quality report, as JSON or CSV, and
//! reviewers setting findings aside.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::{require, CurrentUser};
use super::extract::{Json, Path, Query};
use super::report_format::{csv_attachment, ReportFormat};
use super::views::{self, StoredFinding};
use super::{ApiError, AppState};
use crate::app::quality;
use crate::domain::Role;
use crate::domain::SegmentStatus;
use crate::store::findings;

/// Which form of the report.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ReportParams {
    /// `json` (default) or `csv` (one row per finding, as an attachment).
    format: Option<String>,
}

/// Re-checks every live segment of the article and reports what the checks found: each segment with its
/// findings (ignored ones included, with who, why and when), and totals of the findings still standing.
#[utoipa::path(get, path = "/articles/{id}/qa", tag = "quality",
    params(("id" = i64, Path, description = "article id"), ReportParams),
    responses((status = 200, body = Report, description = "the report; with `format=csv`, a CSV attachment"),
              (status = 404, description = "no such article"), (status = 422, description = "unknown format")))]
pub async fn get_article_qa(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
    Query(params): Query<ReportParams>,
) -> Result<Response, ApiError> {
    let format = ReportFormat::of(params.format.as_deref())?;
    let report = quality::report(&state.pool, &state.terms, id).await?;
    Ok(match format {
        ReportFormat::Json => Json(Report::from(report)).into_response(),
        ReportFormat::Csv => csv_attachment(&format!("article-{id}-qa.csv"), quality::report_csv(&report)),
    })
}

/// Why a finding is not a problem.
#[derive(Debug, Deserialize, ToSchema)]
pub struct IgnoreFinding {
    /// Required: the next reader of the report sees it.
    #[serde(default)]
    reason: String,
}

/// Marks a finding's problem as not one (reviewers and admins). The ignore is kept with who, why and when,
/// and applies to the same problem (segment, kind, message) found by later saves and reports; ignoring a
/// problem already ignored keeps the first reason.
#[utoipa::path(post, path = "/findings/{id}/ignore", tag = "quality", request_body = IgnoreFinding,
    params(("id" = i64, Path, description = "finding id")),
    responses((status = 200, body = StoredFinding, description = "the finding, now with `ignored`"),
              (status = 403, description = "not a reviewer"), (status = 404, description = "no such finding (re-checked since?)"),
              (status = 422, description = "no reason given")))]
pub async fn ignore_finding(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<IgnoreFinding>,
) -> Result<Json<StoredFinding>, ApiError> {
    require(user.role, Role::may_review, "ignore quality findings")?;
    let reason = body.reason.trim();
    if reason.is_empty() {
        return Err(ApiError::Validation("say why the finding is not a problem (reason)".into()));
    }
    Ok(Json(findings::ignore(&state.pool, id, user.id, reason).await?.into()))
}

/// An article's quality report.
#[derive(Debug, Serialize, ToSchema)]
pub struct Report {
    /// The article.
    article_id: i64,
    /// Its title.
    title: String,
    /// Every live segment in order, with its findings (possibly none).
    segments: Vec<ReportSegment>,
    /// Counts over all findings.
    totals: Totals,
}

impl From<quality::Report> for Report {
    fn from(report: quality::Report) -> Self {
        let quality::Report { article_id, title, segments, totals } = report;
        Self { article_id, title, segments: views::all(segments), totals: totals.into() }
    }
}

/// A segment in the report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportSegment {
    /// Position among the live segments, from 0.
    index: i64,
    /// Segment id.
    id: i64,
    /// The source sentence.
    source: String,
    /// The current translation.
    target: String,
    /// The current status.
    status: SegmentStatus,
    /// What the checks found.
    findings: Vec<StoredFinding>,
}

impl From<quality::ReportSegment> for ReportSegment {
    fn from(segment: quality::ReportSegment) -> Self {
        let quality::ReportSegment { index, id, source, target, status, findings } = segment;
        Self { index, id, source, target, status, findings: views::all(findings) }
    }
}

/// How many findings of each sort; `by_kind` and `by_severity` count the findings still standing (not
/// ignored).
#[derive(Debug, Serialize, ToSchema)]
pub struct Totals {
    /// All findings.
    findings: usize,
    /// Those a reviewer ignored.
    ignored: usize,
    /// Standing findings per check id.
    by_kind: BTreeMap<String, usize>,
    /// Standing findings per severity (`error`, `warning`).
    by_severity: BTreeMap<String, usize>,
}

impl From<quality::Totals> for Totals {
    fn from(totals: quality::Totals) -> Self {
        let quality::Totals { findings, ignored, by_kind, by_severity } = totals;
        Self { findings, ignored, by_kind, by_severity }
    }
}
