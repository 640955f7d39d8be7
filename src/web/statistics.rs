//! `GET /statistics`: words translated and reviewed, revisions and edits after review, per person and
//! period (admins and reviewers), as JSON or CSV.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::{require, CurrentUser};
use super::extract::{Json, Query};
use super::report_format::{csv_attachment, ReportFormat};
use super::{views, ApiError, AppState};
use crate::domain::Role;
use crate::formats::sheet::Sheet;
use crate::store::statistics::{self, Period, WorkLine};

/// Which report.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct StatisticsQuery {
    /// `day`, `week` (default) or `month`.
    #[param(value_type = Option<String>)]
    pub(crate) period: Option<Period>,
    /// From this day on (`YYYY-MM-DD`, UTC).
    #[param(value_type = Option<String>, format = Date)]
    pub(crate) since: Option<time::Date>,
    /// Up to this day, included.
    #[param(value_type = Option<String>, format = Date)]
    pub(crate) until: Option<time::Date>,
    /// `json` (default) or `csv`.
    pub(crate) format: Option<String>,
}

/// One person's work in one period.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkLineView {
    user: String,
    /// The period's first day (`YYYY-MM-DD`; a Monday for weeks).
    #[schema(format = Date)]
    period: String,
    /// Source words of segments they took from initial to translated (or beyond).
    words_translated: i64,
    /// Source words of segments they took to reviewed or final.
    words_reviewed: i64,
    /// Revisions they wrote (saves, reverts, imports, drafts, splits, merges).
    revisions: i64,
    /// Their revisions that changed the text of a segment after it had been reviewed.
    edits_after_review: i64,
}

impl From<WorkLine> for WorkLineView {
    fn from(row: WorkLine) -> Self {
        let WorkLine { user, period, words_translated, words_reviewed, revisions, edits_after_review } = row;
        let period = period.to_string();
        Self { user, period, words_translated, words_reviewed, revisions, edits_after_review }
    }
}

/// Work per person and period, newest period first.
#[utoipa::path(get, path = "/statistics", tag = "assignments", params(StatisticsQuery),
    responses((status = 200, body = Vec<WorkLineView>), (status = 403, description = "the role does not assign"),
              (status = 422, description = "`since` after `until`, or an unknown format")))]
pub async fn get_statistics(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<StatisticsQuery>,
) -> Result<Response, ApiError> {
    let format = ReportFormat::of(query.format.as_deref())?;
    let lines = work_lines(&state, user.role, &query).await?;
    Ok(match format {
        ReportFormat::Json => Json(lines).into_response(),
        ReportFormat::Csv => csv_attachment("statistics.csv", csv(&lines)),
    })
}

/// The report's lines, for the API and the page.
pub(crate) async fn work_lines(
    state: &AppState,
    role: Role,
    query: &StatisticsQuery,
) -> Result<Vec<WorkLineView>, ApiError> {
    require(role, Role::may_assign, "read the desk's statistics")?;
    if let (Some(since), Some(until)) = (query.since, query.until) {
        if since > until {
            return Err(ApiError::Validation(format!("since ({since}) is after until ({until})")));
        }
    }
    let period = query.period.unwrap_or(Period::Week);
    Ok(views::all(statistics::report(&state.pool, period, query.since, query.until).await?))
}

fn csv(lines: &[WorkLineView]) -> Vec<u8> {
    let mut sheet = Sheet::default();
    sheet.row(["user", "period", "words_translated", "words_reviewed", "revisions", "edits_after_review"]);
    for l in lines {
        sheet.row([
            l.user.clone(),
            l.period.clone(),
            l.words_translated.to_string(),
            l.words_reviewed.to_string(),
            l.revisions.to_string(),
            l.edits_after_review.to_string(),
        ]);
    }
    sheet.finish()
}
