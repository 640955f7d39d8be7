//! `/segments/{id}/suggestions` and `/tm/...`: fuzzy matches from the translation memory, concordance,
//! TMX in and out.

use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use time::macros::format_description;
use time::{Date, Duration, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};

use super::auth::{require, CurrentUser};
use super::extract::{FileUpload, Json, Path, Query};
use super::views::{self, Chunk};
use super::{ApiError, AppState};
use crate::diff;
use crate::domain::{Role, SegmentStatus};
use crate::formats::tmx::{read_tmx, write_tmx};
use crate::formats::{BilingualDocument, Paragraph, Unit};
use crate::inline;
use crate::lang::LanguageTag;
use crate::store::articles::FileMatch;
use crate::store::tm::{self, ExportFilter, ExportedUnit, ImportedUnit, Lookup, Side, TmUnit};
use crate::store::{articles, exchange, segments};
use crate::tm::score::{score, Score};
use crate::tm::{codes, concordance};

/// The best suggestions shown.
const SUGGESTIONS: usize = 5;
/// The lowest score shown unless the request says otherwise (CAT tools' usual fuzzy threshold).
const DEFAULT_MINIMUM: u8 = 70;

/// The lowest score to show.
#[derive(Debug, Deserialize, IntoParams)]
pub struct Minimum {
    /// Percent, default 70.
    min: Option<u8>,
}

/// A unit of the memory, as suggestions and concordance hits show it (the store's row is not the API).
#[derive(Debug, Serialize)]
struct UnitView {
    /// Database id.
    id: i64,
    /// Source language.
    source_lang: LanguageTag,
    /// Target language.
    target_lang: LanguageTag,
    /// The source as written.
    source: String,
    /// The translation.
    target: String,
    /// How far the translation got.
    status: SegmentStatus,
    /// `segment` (saved in tarjuman) or `tmx` (imported).
    origin: String,
    /// The article it was translated in.
    article_id: Option<i64>,
    /// Who translated it (user name).
    author: Option<String>,
    /// When it was last saved.
    #[serde(with = "time::serde::rfc3339")]
    updated_at: OffsetDateTime,
}

impl From<TmUnit> for UnitView {
    fn from(row: TmUnit) -> Self {
        let TmUnit {
            id,
            source_lang,
            target_lang,
            source,
            target,
            status,
            origin,
            article_id,
            author,
            updated_at,
        } = row;
        Self { id, source_lang, target_lang, source, target, status, origin, article_id, author, updated_at }
    }
}

/// Where a suggestion comes from: a unit of the memory, or the file the article was imported from.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Offered {
    Memory(UnitView),
    File(FileOffer),
}

/// A translation the imported file offered for the segment (XLIFF 1.2 `<alt-trans>`: an earlier match of
/// the tool that wrote it), as the memory's units are shown.
#[derive(Debug, Serialize)]
struct FileOffer {
    /// Always `file`: the file's match, not the memory's.
    origin: &'static str,
    /// The source the match was made for, when the file gives it.
    source: Option<String>,
    /// The offered translation, its codes the segment's.
    target: String,
    /// Where the file says it comes from (its `origin` or `tool-id`).
    file_origin: Option<String>,
    /// The match quality the file gives, as written there.
    match_quality: Option<String>,
}

/// A memory unit, or a match the imported file offered, suggested for a segment.
#[derive(Debug, Serialize, ToSchema)]
pub struct Suggestion {
    /// A memory unit's fields (`origin` `segment` or `tmx`), or a file's match's (`origin` `file`, with
    /// `file_origin` and `match_quality`).
    #[serde(flatten)]
    #[schema(value_type = Object)]
    unit: Offered,
    /// 0–100, and why a near-exact match is not exact.
    #[schema(value_type = Object)]
    score: Score,
    /// What differs between the unit's source and this segment's source, word by word.
    diff: Vec<Chunk>,
    /// True when the unit's inline codes were renumbered or left out to fit this segment's (placed by
    /// their rank among codes of the same kind, `tm::codes`): where they stand wants a look.
    codes_placed: bool,
}

/// The top five memory units for a segment, scored like a CAT tool (see `tm::score`), after the matches
/// its imported file offered (`origin: file`; shown whatever their score, never taken unless chosen).
#[utoipa::path(get, path = "/segments/{id}/suggestions", tag = "tm", params(("id" = i64, Path), Minimum),
    responses((status = 200, body = Vec<Suggestion>), (status = 404, description = "no such segment")))]
pub async fn list_suggestions(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
    Query(minimum): Query<Minimum>,
) -> Result<Json<Vec<Suggestion>>, ApiError> {
    let segment = segments::source(&state.pool, id).await?;
    let article = articles::get(&state.pool, segment.article_id).await?;
    let minimum = minimum.min.unwrap_or(DEFAULT_MINIMUM);
    let lookup = Lookup {
        source: &segment.source,
        source_lang: &article.source_lang,
        target_lang: &article.target_lang,
        except_segment: Some(id),
        minimum,
    };
    let units = tm::candidates(&state.pool, &state.key_rarity, lookup).await?;
    let mut scored: Vec<(Score, TmUnit)> = units
        .into_iter()
        .map(|unit| (score(&segment.source, &unit.source), unit))
        .filter(|(score, _)| score.percent >= minimum)
        .collect();
    scored.sort_by(|(a, x), (b, y)| b.percent.cmp(&a.percent).then(y.updated_at.cmp(&x.updated_at)));
    scored.truncate(SUGGESTIONS);
    let mut suggestions: Vec<Suggestion> = scored
        .into_iter()
        .map(|(score, mut unit)| {
            let diff = diff::words(&unit.source, &segment.source);
            let placed = codes::place(&segment.source, &unit.source, &unit.target);
            unit.target = placed.target;
            Suggestion {
                unit: Offered::Memory(unit.into()),
                score,
                diff: views::all(diff),
                codes_placed: placed.moved,
            }
        })
        .collect();
    let mut offered: Vec<Suggestion> =
        segment.alternatives.0.into_iter().take(SUGGESTIONS).map(|m| from_file(&segment.source, m)).collect();
    offered.sort_by_key(|s| std::cmp::Reverse(s.score.percent));
    offered.append(&mut suggestions);
    Ok(Json(offered))
}

/// A match the file offered, scored against the segment as a memory unit is; one without its source has
/// the score the file gives it (`match-quality` as a percentage), else 0.
fn from_file(source: &str, offered: FileMatch) -> Suggestion {
    let FileMatch { source: theirs, target, origin, quality, codes_placed } = offered;
    let (score, diff) = match &theirs {
        Some(theirs) => (score(source, theirs), diff::words(theirs, source)),
        None => {
            let said =
                quality.as_deref().and_then(|q| q.trim().trim_end_matches('%').trim().parse::<f64>().ok());
            let percent = said.map_or(0, |p| p.clamp(0.0, 100.0) as u8);
            (Score { percent, note: None }, Vec::new())
        }
    };
    Suggestion {
        score,
        diff: views::all(diff),
        codes_placed,
        unit: Offered::File(FileOffer {
            origin: "file",
            source: theirs,
            target,
            file_origin: origin,
            match_quality: quality,
        }),
    }
}

/// A concordance query.
#[derive(Debug, Deserialize, IntoParams)]
pub struct Concordance {
    /// A word or phrase.
    q: String,
    /// `source` (default; Arabic-normalised) or `target`.
    side: Option<String>,
}

/// A unit containing the query, with where.
#[derive(Debug, Serialize, ToSchema)]
pub struct Hit {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    unit: UnitView,
    /// The hit's char span in the searched side, for highlighting.
    start: Option<usize>,
    /// End of the span (exclusive).
    end: Option<usize>,
}

/// Concordance: memory units containing a word or phrase.
#[utoipa::path(get, path = "/tm/search", tag = "tm", params(Concordance),
    responses((status = 200, body = Vec<Hit>), (status = 422, description = "empty query or unknown side")))]
pub async fn search_tm(
    State(state): State<AppState>,
    _user: CurrentUser,
    Query(query): Query<Concordance>,
) -> Result<Json<Vec<Hit>>, ApiError> {
    let side = concordance_side(query.side.as_deref())?;
    if query.q.trim().is_empty() {
        return Err(ApiError::Validation("say what to search for (?q=)".into()));
    }
    let units = tm::search(&state.pool, &query.q, side).await?;
    let hits = units
        .into_iter()
        .map(|unit| {
            let span = hit_span(&unit, &query.q, side);
            Hit { start: span.map(|s| s.0), end: span.map(|s| s.1), unit: unit.into() }
        })
        .collect();
    Ok(Json(hits))
}

/// The side a concordance query names; `source` when it names none.
pub(crate) fn concordance_side(raw: Option<&str>) -> Result<Side, ApiError> {
    match raw.unwrap_or("source") {
        "source" => Ok(Side::Source),
        "target" => Ok(Side::Target),
        other => Err(ApiError::Validation(format!("unknown side {other:?} (expected source or target)"))),
    }
}

/// Where `query` stands in the searched side of `unit`, in chars.
pub(crate) fn hit_span(unit: &TmUnit, query: &str, side: Side) -> Option<(usize, usize)> {
    match side {
        Side::Source => concordance::in_source(&unit.source, query),
        Side::Target => concordance::in_target(&unit.target, query),
    }
}

/// What a TMX import stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct TmImport {
    /// Units stored.
    imported: usize,
}

/// Imports a TMX file into the memory, all or nothing.
#[utoipa::path(post, path = "/tm/import", tag = "tm",
    request_body(content = String, description = "the TMX file, raw or as multipart field `file`", content_type = "application/xml"),
    responses((status = 200, body = TmImport), (status = 422, description = "malformed TMX (line, column); nothing stored"),
              (status = 403, description = "only terminologists and admins fill the memory from files")))]
pub async fn import_tm(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    upload: FileUpload,
) -> Result<Json<TmImport>, ApiError> {
    require(user.role, Role::may_edit_glossaries, "import translation memories")?;
    // Each unit keeps its codes: markers in its texts, what they stand for beside them, so that the memory's
    // TMX gives them back.
    let read = read_tmx(&upload.bytes)?;
    let units: Vec<ImportedUnit> = read
        .iter()
        .filter(|u| {
            !inline::plain(&u.source).trim().is_empty() && !inline::plain(&u.target).trim().is_empty()
        })
        .map(|u| ImportedUnit {
            source_lang: u.source_lang.as_str(),
            target_lang: u.target_lang.as_str(),
            source: &u.source,
            target: &u.target,
            codes: &u.codes,
        })
        .collect();
    Ok(Json(TmImport { imported: tm::import(&state.pool, &state.key_rarity, &units, user.id).await? }))
}

/// What to export: a language pair, optionally narrowed.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ExportQuery {
    /// Default `ar`.
    source_lang: Option<String>,
    /// Default `en`.
    target_lang: Option<String>,
    /// Only units translated in this article.
    article: Option<i64>,
    /// Only units saved on or after this day (`YYYY-MM-DD`, UTC).
    since: Option<String>,
    /// Only units saved on or before this day (`YYYY-MM-DD`, UTC).
    until: Option<String>,
    /// Only units in these states, comma-separated (`translated`, `reviewed`, `final`).
    status: Option<String>,
}

/// The memory of a language pair as TMX 1.4b: all of it, or the units of one article, of a period, of
/// some states.
#[utoipa::path(get, path = "/tm/export", tag = "tm", params(ExportQuery),
    responses((status = 200, description = "the TMX file", content_type = "application/x-tmx+xml"),
              (status = 422, description = "a malformed language, day or state")))]
pub async fn export_tm(
    State(state): State<AppState>,
    _user: CurrentUser,
    Query(query): Query<ExportQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let language = |raw: Option<String>, default: &str| {
        LanguageTag::parse(raw.as_deref().unwrap_or(default)).map_err(|e| ApiError::Validation(e.to_string()))
    };
    let (source_lang, target_lang) = (language(query.source_lang, "ar")?, language(query.target_lang, "en")?);
    let statuses =
        query.status.as_deref().unwrap_or_default().split(',').map(str::trim).filter(|s| !s.is_empty());
    let filter = ExportFilter {
        source_lang: source_lang.as_str(),
        target_lang: target_lang.as_str(),
        article: query.article,
        since: query.since.as_deref().map(day).transpose()?,
        before: query.until.as_deref().map(day_after).transpose()?,
        statuses: statuses
            .map(|s| s.parse().map_err(|_| ApiError::Validation(format!("{s:?} is not a state"))))
            .collect::<Result<_, _>>()?,
    };
    let units = tm::export(&state.pool, &filter).await?;
    let units = units
        .into_iter()
        .map(|ExportedUnit { unit: u, codes }| Unit {
            target: Some(u.target),
            state: exchange::state(u.status),
            codes: codes.0,
            ..Unit::new(format!("tm{}", u.id), u.source)
        })
        .collect();
    let doc = BilingualDocument {
        article_id: None,
        title: "translation memory".into(),
        original: None,
        source_lang,
        target_lang,
        paragraphs: vec![Paragraph { units }],
    };
    let headers = [
        (CONTENT_TYPE, "application/x-tmx+xml; charset=utf-8"),
        (CONTENT_DISPOSITION, "attachment; filename=\"translation-memory.tmx\""),
    ];
    Ok((headers, write_tmx(&doc)))
}

/// The start of the day after one given as `YYYY-MM-DD`: an inclusive `until` as an exclusive bound.
pub(super) fn day_after(raw: &str) -> Result<OffsetDateTime, ApiError> {
    day(raw)?.checked_add(Duration::DAY).ok_or_else(|| {
        ApiError::Validation(format!("{raw:?} is the last day the calendar has; leave `until` out"))
    })
}

/// The start of a day given as `YYYY-MM-DD`, in UTC.
pub(super) fn day(raw: &str) -> Result<OffsetDateTime, ApiError> {
    Date::parse(raw.trim(), format_description!("[year]-[month]-[day]"))
        .map(|d| d.midnight().assume_utc())
        .map_err(|_| ApiError::Validation(format!("{raw:?} is not a day (YYYY-MM-DD)")))
}
