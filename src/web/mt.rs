//! Machine translation over the API: a segment's drafts and taking one, pre-translating an article, and the
//! post-editing report.

use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::{require, CurrentUser};
use super::extract::{Json, Path, Query};
use super::report_format::{csv_attachment, ReportFormat};
use super::segments::SavedRevision;
use super::{views, ApiError, AppState};
use crate::app::mt::runs::{self, Asked};
use crate::app::mt::{self, MachineDraft};
use crate::domain::Role;
use crate::formats::sheet::Sheet;
use crate::store::mt::{self as mt_store, EffortLine};
use crate::store::pretranslations::{self, Run};
use crate::store::statistics::Period;

/// One engine's draft of a segment, or why it has none.
#[derive(Debug, Serialize, ToSchema)]
pub struct MachineTranslation {
    /// The engine: `openai`, `deepl`, `google`, `microsoft` or `libretranslate`.
    engine: String,
    /// Its model.
    model: String,
    /// The draft; null when the engine failed.
    target: Option<String>,
    /// Preferred targets of the segment's glossary terms the draft does not use.
    terms_missing: Vec<String>,
    /// Forbidden target terms the draft uses.
    terms_forbidden: Vec<String>,
    /// Why there is no draft: timeout, quota, bad key, unsupported pair, back-off.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl From<MachineDraft> for MachineTranslation {
    fn from(d: MachineDraft) -> Self {
        let (engine, model) = (d.engine.to_owned(), d.model);
        match d.result {
            Ok(c) => Self {
                engine,
                model,
                target: Some(c.target),
                terms_missing: c.terms_missing,
                terms_forbidden: c.terms_forbidden,
                error: None,
            },
            Err(reason) => Self {
                engine,
                model,
                target: None,
                terms_missing: Vec::new(),
                terms_forbidden: Vec::new(),
                error: Some(reason),
            },
        }
    }
}

/// Every engine's draft of a segment, its glossary terms checked as a save checks them. An embargoed
/// article's segments reach no third-party engine; a failing engine is listed with its reason.
#[utoipa::path(get, path = "/segments/{id}/machine-translations", tag = "machine translation",
    params(("id" = i64, Path, description = "segment id")),
    responses((status = 200, body = Vec<MachineTranslation>), (status = 404, description = "no such segment")))]
pub async fn list_machine_translations(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<MachineTranslation>>, ApiError> {
    Ok(Json(views::all(mt::drafts(&state.pool, &state.terms, &state.machines, id).await?)))
}

/// Which draft to take.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TakeMachineTranslation {
    /// The engine whose draft to take.
    engine: String,
    /// The segment's current revision as the client knows it.
    base_revision: i32,
}

/// Takes an engine's draft as the segment's next revision (`initial`, origin `mt`, engine and model in its
/// history), for the translator to edit and confirm.
#[utoipa::path(post, path = "/segments/{id}/machine-translations", tag = "machine translation",
    request_body = TakeMachineTranslation, params(("id" = i64, Path, description = "segment id")),
    responses((status = 200, body = SavedRevision), (status = 409, description = "stale base revision, the segment is locked, or the engine gave no draft"),
              (status = 403, description = "role may not write the segment"),
              (status = 422, description = "no such engine for this article (embargoed from third parties)")))]
pub async fn take_machine_translation(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<TakeMachineTranslation>,
) -> Result<Json<SavedRevision>, ApiError> {
    let (machines, engine) = (&state.machines, body.engine.as_str());
    let taken =
        mt::take(&state.pool, &state.terms, machines, id, engine, body.base_revision, user.id).await?;
    Ok(Json(taken.into()))
}

/// A pre-translation run and its progress (also sent as the `pretranslation` event of the article's
/// stream while it runs).
#[derive(Debug, Serialize, ToSchema)]
pub struct PretranslationView {
    /// The run.
    id: i64,
    /// `running`, `done` or `failed`.
    state: String,
    /// Segments nobody had written once the memory's exact matches were in: what the engines are asked.
    total: i32,
    /// Segments filled from exact translation-memory matches.
    from_memory: i32,
    /// Segments given a machine draft so far, per engine asked.
    drafted: Vec<EngineCount>,
    /// Segments left empty (every usable engine failed on them, or none may see the article); known at
    /// the end.
    left_empty: i32,
    /// Each failing engine's first reason.
    failures: Vec<EngineFailure>,
    /// Why a failed run stopped.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    /// When it started.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    started_at: time::OffsetDateTime,
    /// When it ended.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    finished_at: Option<time::OffsetDateTime>,
}

/// Segments one engine drafted.
#[derive(Debug, Serialize, ToSchema)]
pub struct EngineCount {
    /// The engine.
    engine: String,
    /// Segments.
    segments: i64,
}

/// An engine's failure.
#[derive(Debug, Serialize, ToSchema)]
pub struct EngineFailure {
    /// The engine.
    engine: String,
    /// Why.
    reason: String,
}

impl From<Run> for PretranslationView {
    fn from(r: Run) -> Self {
        Self {
            id: r.id,
            state: r.state,
            total: r.total,
            from_memory: r.from_memory,
            drafted: r
                .drafted
                .0
                .into_iter()
                .map(|c| EngineCount { engine: c.engine, segments: c.segments })
                .collect(),
            left_empty: r.left_empty,
            failures: r
                .failures
                .0
                .into_iter()
                .map(|f| EngineFailure { engine: f.engine, reason: f.reason })
                .collect(),
            error: r.error,
            started_at: r.started_at,
            finished_at: r.finished_at,
        }
    }
}

/// Pre-translates the article: exact memory matches first, then the best engine's draft as `initial`
/// with origin `mt` for every segment nobody has written (batched and concurrent within each engine's
/// limits; never over a revision). The run goes on in the background whatever the client does; its
/// progress is `GET /articles/{id}/pretranslation` and the `pretranslation` events of the article's
/// stream. Answers 200 with the ended run, or at once 202 with the running run and its `Location` when
/// the request says `Prefer: respond-async`, or when a run of the article was going on already (none is
/// started beside it).
#[utoipa::path(post, path = "/articles/{id}/pretranslate", tag = "machine translation",
    params(("id" = i64, Path, description = "article id"),
           ("Prefer" = Option<String>, Header, description = "`respond-async`: answer 202 at once")),
    responses((status = 200, body = PretranslationView, description = "the run, ended"),
              (status = 202, body = PretranslationView, description = "the run, going on (this one or one already running)"),
              (status = 404, description = "no such article"), (status = 403, description = "role may not translate")))]
pub async fn pretranslate_article(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    require(user.role, Role::may_translate, "pre-translate articles")?;
    let respond_async = headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim().eq_ignore_ascii_case("respond-async"));
    let run = match runs::start(&state.pool, &state.terms, &state.machines, id, user.id).await? {
        Asked::Started(_, task) if !respond_async => {
            let ended = task.await.map_err(|e| ApiError::Bug(format!("pre-translation task: {e}")))??;
            return Ok(Json(PretranslationView::from(ended)).into_response());
        }
        Asked::Started(run, _) | Asked::Running(run) => run,
    };
    let location = format!("/api/v1/articles/{id}/pretranslation");
    Ok((StatusCode::ACCEPTED, [(LOCATION, location)], Json(PretranslationView::from(run))).into_response())
}

/// The article's latest pre-translation run: its progress while it runs, its figures once it ended.
#[utoipa::path(get, path = "/articles/{id}/pretranslation", tag = "machine translation",
    params(("id" = i64, Path, description = "article id")),
    responses((status = 200, body = PretranslationView), (status = 404, description = "no such article, or never pre-translated")))]
pub async fn get_pretranslation(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<PretranslationView>, ApiError> {
    let run = pretranslations::latest(&state.pool, id).await?.ok_or(ApiError::NotFound("pre-translation"))?;
    Ok(Json(run.into()))
}

/// Which report.
#[derive(Debug, Deserialize, IntoParams)]
pub struct EffortQuery {
    /// `day`, `week` or `month` (default).
    #[param(value_type = Option<String>)]
    period: Option<Period>,
    /// Only confirmations from this day on (`YYYY-MM-DD`).
    #[param(value_type = Option<String>, format = Date)]
    since: Option<time::Date>,
    /// `json` (default) or `csv`.
    format: Option<String>,
}

/// One line of the post-editing report.
#[derive(Debug, Serialize, ToSchema)]
pub struct EffortReportLine {
    /// The engine.
    engine: String,
    /// Its model.
    model: String,
    /// The language pair, e.g. `ar-en`.
    pair: String,
    /// Who confirmed the drafts.
    translator: String,
    /// The period's first day (`YYYY-MM-DD`; a Monday for weeks).
    #[schema(format = Date)]
    period: String,
    /// Drafts confirmed.
    segments: i64,
    /// Confirmed unchanged.
    kept_unchanged: i64,
    /// Mean word-level edit distance from draft to confirmed text.
    mean_word_distance: f64,
    /// Mean character-level edit distance.
    mean_char_distance: f64,
    /// Characters edited per character of draft.
    char_edit_rate: f64,
    /// Glossary terms the drafts missed or contradicted.
    terms_missed: i64,
}

impl From<EffortLine> for EffortReportLine {
    fn from(l: EffortLine) -> Self {
        Self {
            engine: l.engine,
            model: l.model,
            pair: format!("{}-{}", l.source_lang.as_str(), l.target_lang.as_str()),
            translator: l.translator,
            period: l.period.to_string(),
            segments: l.segments,
            kept_unchanged: l.kept,
            mean_word_distance: l.mean_word_distance,
            mean_char_distance: l.mean_char_distance,
            char_edit_rate: l.char_edit_rate,
            terms_missed: l.terms_missed,
        }
    }
}

/// The post-editing effort per engine, language pair, translator and period: what a desk chooses engines
/// by. Reviewers and admins.
#[utoipa::path(get, path = "/mt/effort", tag = "machine translation", params(EffortQuery),
    responses((status = 200, body = Vec<EffortReportLine>), (status = 403, description = "role does not review")))]
pub async fn get_effort_report(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<EffortQuery>,
) -> Result<Response, ApiError> {
    let format = ReportFormat::of(query.format.as_deref())?;
    let lines = effort_lines(&state, user.role, &query).await?;
    Ok(match format {
        ReportFormat::Json => Json(lines).into_response(),
        ReportFormat::Csv => csv_attachment("post-editing-effort.csv", effort_csv(&lines)),
    })
}

/// The report's lines, for the API and the page.
pub(crate) async fn effort_lines(
    state: &AppState,
    role: Role,
    query: &EffortQuery,
) -> Result<Vec<EffortReportLine>, ApiError> {
    require(role, Role::may_review, "read the post-editing report")?;
    let period = query.period.unwrap_or(Period::Month);
    Ok(views::all(mt_store::effort_report(&state.pool, period, query.since).await?))
}

fn effort_csv(lines: &[EffortReportLine]) -> Vec<u8> {
    let mut sheet = Sheet::default();
    sheet.row([
        "engine",
        "model",
        "pair",
        "translator",
        "period",
        "segments",
        "kept_unchanged",
        "mean_word_distance",
        "mean_char_distance",
        "char_edit_rate",
        "terms_missed",
    ]);
    for l in lines {
        sheet.row([
            l.engine.clone(),
            l.model.clone(),
            l.pair.clone(),
            l.translator.clone(),
            l.period.to_string(),
            l.segments.to_string(),
            l.kept_unchanged.to_string(),
            format!("{:.2}", l.mean_word_distance),
            format!("{:.2}", l.mean_char_distance),
            format!("{:.3}", l.char_edit_rate),
            l.terms_missed.to_string(),
        ]);
    }
    sheet.finish()
}
