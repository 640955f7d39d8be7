//! `/articles/{id}/analysis` and `/analysis/rates`: source words and segments by match band, weighted at
//! the site's rates (or a request's own), as JSON or CSV.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use time::OffsetDateTime;
use tokio::sync::Semaphore;
use utoipa::ToSchema;

use super::auth::{require, CurrentUser};
use super::extract::{Json, Path, Query};
use super::report_format::{csv_attachment, ReportFormat};
use super::{views, ApiError, AppState};
use crate::domain::Role;
use crate::store::analysis::{self, Snapshot};
use crate::store::users::User;
use crate::tm::analysis::{self as bands, Band, RateOutOfRange, Rates, UnknownBand};

/// An article's analysis.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleAnalysis {
    /// The article.
    article_id: i64,
    /// When the bands were computed (the memory may have grown since; `POST` recomputes).
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    analysed_at: OffsetDateTime,
    /// The rates applied, percent per band.
    #[schema(value_type = Object)]
    rates: Rates,
    /// Segments, words, rate and weighted words per band, and totals.
    #[serde(flatten)]
    summary: Summary,
    /// Each segment's band and best memory score.
    segments: Vec<SegmentBand>,
}

impl ArticleAnalysis {
    /// The snapshot weighted at `rates`.
    pub fn new(article_id: i64, snapshot: Snapshot, rates: Rates) -> Self {
        let summary = bands::Summary::of(&snapshot.segments, &rates).into();
        let segments = views::all(snapshot.segments);
        Self { article_id, analysed_at: snapshot.analysed_at, rates, summary, segments }
    }
}

/// The article's last analysis; one never analysed (imported from the command line) is analysed now.
pub async fn latest(state: &AppState, id: i64) -> Result<Snapshot, ApiError> {
    Ok(analysis::latest(&state.pool, &state.key_rarity, id).await?)
}

/// Rates written as text (a query string, a form), band → percent; each must be a whole number.
pub fn written<'a>(
    fields: impl IntoIterator<Item = (&'a String, &'a String)>,
) -> Result<Vec<(&'a str, i64)>, ApiError> {
    fields
        .into_iter()
        .map(|(band, raw)| {
            let percent = raw.trim().parse().map_err(|_| {
                ApiError::Validation(format!("the rate of {band} must be a whole percentage, not {raw:?}"))
            })?;
            Ok((band.as_str(), percent))
        })
        .collect()
}

/// A band by its word: an unknown one is a 422.
fn band(word: &str) -> Result<Band, ApiError> {
    word.parse().map_err(|e: UnknownBand| ApiError::Validation(e.to_string()))
}

/// A rate outside 0–100 is a 422.
fn out_of_range(e: RateOutOfRange) -> ApiError {
    ApiError::Validation(e.to_string())
}

/// The analysis of an article by match band: repetitions within the article, in context (100% between
/// the same sentences), 100%, 95–99, 85–94, 75–84, 50–74 and no match, with words weighted at the site's
/// rates. Query parameters named after bands (`exact=0&no_match=80`) override a rate for this answer;
/// `format=csv` gives the band table as a CSV attachment.
#[utoipa::path(get, path = "/articles/{id}/analysis", tag = "analysis",
    params(("id" = i64, Path, description = "article id"),
           ("format" = Option<String>, Query, description = "`json` (default) or `csv`"),
           ("exact" = Option<u8>, Query, description = "a rate for this answer; any band: repetition, in_context, exact, 95-99, 85-94, 75-84, 50-74, no_match")),
    responses((status = 200, body = ArticleAnalysis), (status = 404, description = "no such article"),
              (status = 422, description = "unknown format or band, rate outside 0–100")))]
pub async fn get_article_analysis(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
    Query(mut query): Query<BTreeMap<String, String>>,
) -> Result<Response, ApiError> {
    let format = ReportFormat::of(query.remove("format").as_deref())?;
    let mut rates = analysis::rates(&state.pool).await?;
    for (word, percent) in written(&query)? {
        rates.set(band(word)?, percent).map_err(out_of_range)?;
    }
    let snapshot = latest(&state, id).await?;
    Ok(match format {
        ReportFormat::Json => Json(ArticleAnalysis::new(id, snapshot, rates)).into_response(),
        ReportFormat::Csv => {
            let csv = bands::Summary::of(&snapshot.segments, &rates).to_csv();
            csv_attachment(&format!("article-{id}-analysis.csv"), csv)
        }
    })
}

/// Analyses the article again against the memory as it is now, and keeps the result.
#[utoipa::path(post, path = "/articles/{id}/analysis", tag = "analysis",
    params(("id" = i64, Path, description = "article id")),
    responses((status = 200, body = ArticleAnalysis), (status = 403, description = "a terminologist"),
              (status = 404, description = "no such article")))]
pub async fn refresh_article_analysis(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<ArticleAnalysis>, ApiError> {
    let snapshot = refresh(&state, &user, id).await?;
    Ok(Json(ArticleAnalysis::new(id, snapshot, analysis::rates(&state.pool).await?)))
}

/// Analyses the article again, for those who work on its translation (it costs a pass over the memory).
pub async fn refresh(state: &AppState, user: &User, id: i64) -> Result<Snapshot, ApiError> {
    require(user.role, Role::may_translate, "analyse articles")?;
    Ok(analysis::refresh(&state.pool, &state.key_rarity, id).await?)
}

/// The site's rates: percent of the full per-word price paid for each band's words (MateCat's defaults
/// until an admin changes them).
#[utoipa::path(get, path = "/analysis/rates", tag = "analysis",
    responses((status = 200, description = "band → percent", body = Object)))]
pub async fn get_rates(State(state): State<AppState>, _user: CurrentUser) -> Result<Json<Rates>, ApiError> {
    Ok(Json(analysis::rates(&state.pool).await?))
}

/// Changes the site's rates: an object from band to percent; bands left out keep their rate. Admins only.
#[utoipa::path(put, path = "/analysis/rates", tag = "analysis",
    request_body(content = Object, description = "band → percent, e.g. {\"exact\": 20, \"95-99\": 50}"),
    responses((status = 200, description = "all the rates now", body = Object),
              (status = 403, description = "not an admin"),
              (status = 422, description = "unknown band, rate outside 0–100; nothing changed")))]
pub async fn update_rates(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Json(changes): Json<BTreeMap<String, i64>>,
) -> Result<Json<Rates>, ApiError> {
    require(user.role, Role::may_administer, "change the analysis rates")?;
    Ok(Json(set_rates(&state, changes.iter().map(|(b, p)| (b.as_str(), *p)), user.id).await?))
}

/// Applies `changes` to the site's rates, all or none; shared by the API and the admin form.
pub async fn set_rates<'a>(
    state: &AppState,
    changes: impl IntoIterator<Item = (&'a str, i64)>,
    by: i64,
) -> Result<Rates, ApiError> {
    let changes = changes
        .into_iter()
        .map(|(word, percent)| {
            let band = band(word)?;
            Ok((band, Rates::checked(band, percent).map_err(out_of_range)?))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    analysis::set_rates(&state.pool, &changes, by).await?;
    Ok(analysis::rates(&state.pool).await?)
}

/// The new articles an instance analyses in the background, two at a time. Each analysis holds a database
/// connection for as long as its lookups run; a burst of imports (a desk bringing in a morning's wires)
/// would otherwise take the whole pool and leave the people saving waiting for a connection.
#[derive(Clone, Debug)]
pub struct BackgroundAnalyses(Arc<Semaphore>);

impl Default for BackgroundAnalyses {
    fn default() -> Self {
        Self(Arc::new(Semaphore::new(2)))
    }
}

/// Analyses a new article in the background: a long article against a large memory takes seconds, which
/// the import should not wait for. A failure is logged: the article is stored all the same, and its
/// analysis is made on request (the API and the page compute one when none is stored yet).
pub fn analyse_new(state: &AppState, article: i64) {
    let (pool, rarity, queue) = (state.pool.clone(), state.key_rarity.clone(), state.analyses.0.clone());
    tokio::spawn(async move {
        // Never closed, so a permit always comes.
        let Ok(_permit) = queue.acquire().await else { return };
        // `latest`, not `refresh`: a request that asked first has made it already.
        if let Err(e) = analysis::latest(&pool, &rarity, article).await {
            tracing::error!(article, error = ?e, "analysing a new article");
        }
    });
}

/// One segment's result.
#[derive(Debug, Serialize, ToSchema)]
pub struct SegmentBand {
    /// The segment.
    segment_id: i64,
    /// Its band.
    band: Band,
    /// The best memory score, when the memory was asked (not for repetitions) and had a candidate.
    score: Option<u8>,
    /// Source words.
    words: u64,
}

impl From<bands::SegmentBand> for SegmentBand {
    fn from(segment: bands::SegmentBand) -> Self {
        let bands::SegmentBand { segment_id, band, score, words } = segment;
        Self { segment_id, band, score, words }
    }
}

/// One band's line of an analysis.
#[derive(Debug, Serialize, ToSchema)]
pub struct BandLine {
    /// The band.
    band: Band,
    /// How people read it.
    label: &'static str,
    /// Segments in it.
    segments: u64,
    /// Their source words.
    words: u64,
    /// Percent of the full price paid for them.
    rate: u8,
    /// `words × rate / 100`.
    weighted_words: f64,
}

impl From<bands::BandLine> for BandLine {
    fn from(line: bands::BandLine) -> Self {
        let bands::BandLine { band, label, segments, words, rate, weighted_words } = line;
        Self { band, label, segments, words, rate, weighted_words }
    }
}

/// The totals over every band.
#[derive(Debug, Serialize, ToSchema)]
pub struct Totals {
    /// Segments.
    segments: u64,
    /// Source words.
    words: u64,
    /// Words to pay for at the full price.
    weighted_words: f64,
}

impl From<bands::Totals> for Totals {
    fn from(totals: bands::Totals) -> Self {
        let bands::Totals { segments, words, weighted_words } = totals;
        Self { segments, words, weighted_words }
    }
}

/// Segments and words per band, weighted at `rates`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Summary {
    /// Every band, in [`Band::ALL`] order, empty ones included.
    bands: Vec<BandLine>,
    /// Sums.
    total: Totals,
}

impl From<bands::Summary> for Summary {
    fn from(summary: bands::Summary) -> Self {
        Self { bands: views::all(summary.bands), total: summary.total.into() }
    }
}
