//! `/articles/{id}/find` and `/articles/{id}/replace`: the editor's Find (spelling folded, as the memory
//! and glossary searches are) and find and replace in the translations, previewed, then applied as one
//! revision per changed segment.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::CurrentUser;
use super::extract::{Json, Path, Query};
use super::views::{self, Chunk, RevisionInfo};
use super::{ApiError, AppState};
use crate::app::quality::Checks;
use crate::inline::Code;
use crate::store::articles;
use crate::store::replace::{self, Replace};
use crate::text::normalize::contains;

/// A find.
#[derive(Debug, Deserialize, IntoParams)]
pub struct FindQuery {
    /// A word or phrase; compared in the normalised form (alef forms, tatweel, case folded).
    q: String,
}

/// The ids of the live segments whose source or translation holds `q`, in order.
#[utoipa::path(get, path = "/articles/{id}/find", tag = "articles",
    params(("id" = i64, Path, description = "article id"), FindQuery),
    responses((status = 200, body = Vec<i64>)))]
pub async fn find_segments(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
    Query(query): Query<FindQuery>,
) -> Result<Json<Vec<i64>>, ApiError> {
    let segments = articles::segments(&state.pool, id).await?;
    let found =
        segments.iter().filter(|s| contains(&s.source, &query.q) || contains(&s.current.target, &query.q));
    Ok(Json(found.map(|s| s.id).collect()))
}

/// What to replace with what (exactly as written).
#[derive(Debug, Deserialize, IntoParams)]
pub struct ReplaceQuery {
    /// The text to find in translations.
    find: String,
    /// What to put instead (default: nothing).
    #[serde(default)]
    with: String,
}

/// The preview of a replace: the segments it would change (with their revisions, to confirm) and those
/// holding the text that the user may not change.
#[utoipa::path(get, path = "/articles/{id}/replace", tag = "articles",
    params(("id" = i64, Path, description = "article id"), ReplaceQuery),
    responses((status = 200, body = Preview), (status = 422, description = "nothing to find")))]
pub async fn preview_replace(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Query(query): Query<ReplaceQuery>,
) -> Result<Json<Preview>, ApiError> {
    let replace = replace_of(&query.find, &query.with)?;
    Ok(Json(replace::preview(&state.pool, id, user.role, replace).await?.into()))
}

/// A replace confirmed from its preview.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReplaceInTargets {
    /// The text to find in translations.
    find: String,
    /// What to put instead.
    #[serde(default)]
    with: String,
    /// The preview's changes to make, each with its base revision.
    segments: Vec<Confirmed>,
}

/// A change confirmed from a preview.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
pub struct Confirmed {
    /// The segment.
    segment_id: i64,
    /// Its revision in the preview.
    base_revision: i32,
}

/// Replaces in the confirmed segments, one new revision each, all or nothing.
#[utoipa::path(post, path = "/articles/{id}/replace", tag = "articles", request_body = ReplaceInTargets,
    params(("id" = i64, Path, description = "article id")),
    responses((status = 200, body = Vec<Replaced>), (status = 409, description = "a segment changed since the preview, or is locked: nothing replaced"),
              (status = 403, description = "a segment the user may not change: nothing replaced"),
              (status = 422, description = "nothing to find")))]
pub async fn replace_in_targets(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<ReplaceInTargets>,
) -> Result<Json<Vec<Replaced>>, ApiError> {
    let replace = replace_of(&body.find, &body.with)?;
    let checks =
        Checks::of_article(&state.pool, &state.terms, &articles::get(&state.pool, id).await?).await?;
    let check =
        |source: &str, codes: &[Code], target: &str, status| checks.check(source, codes, target, status);
    let confirmed: Vec<replace::Confirmed> = body
        .segments
        .iter()
        .map(|c| replace::Confirmed { segment_id: c.segment_id, base_revision: c.base_revision })
        .collect();
    let replaced = replace::apply(&state.pool, id, user.id, replace, &confirmed, &check).await?;
    Ok(Json(views::all(replaced)))
}

fn replace_of<'a>(find: &'a str, with: &'a str) -> Result<Replace<'a>, ApiError> {
    if find.is_empty() {
        return Err(ApiError::Validation("say what to find (find)".into()));
    }
    Ok(Replace { find, with })
}

/// A segment a replace would change.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Change {
    /// The segment.
    segment_id: i64,
    /// Its position in the article, from 0.
    index: i64,
    /// The revision the change is based on: send it back to apply.
    base_revision: i32,
    /// The translation now.
    before: String,
    /// The translation after the replace.
    after: String,
    /// Word diff from `before` to `after`.
    diff: Vec<Chunk>,
}

impl From<replace::Change> for Change {
    fn from(row: replace::Change) -> Self {
        let replace::Change { segment_id, index, base_revision, before, after, diff } = row;
        Self { segment_id, index, base_revision, before, after, diff: views::all(diff) }
    }
}

/// A segment holding the text that the user may not change.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Skipped {
    /// The segment.
    segment_id: i64,
    /// Its position in the article, from 0.
    index: i64,
    /// Why (the refusal of `Role::may_write`).
    reason: String,
}

impl From<replace::Skipped> for Skipped {
    fn from(row: replace::Skipped) -> Self {
        let replace::Skipped { segment_id, index, reason } = row;
        Self { segment_id, index, reason }
    }
}

/// The preview of a replace.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Preview {
    /// Segments that would change.
    changes: Vec<Change>,
    /// Segments that hold the text but that the user may not change.
    skipped: Vec<Skipped>,
}

impl From<replace::Preview> for Preview {
    fn from(row: replace::Preview) -> Self {
        Self { changes: views::all(row.changes), skipped: views::all(row.skipped) }
    }
}

/// A revision a replace made.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Replaced {
    /// The segment.
    segment_id: i64,
    /// The new revision.
    #[serde(flatten)]
    revision: RevisionInfo,
}

impl From<replace::Replaced> for Replaced {
    fn from(row: replace::Replaced) -> Self {
        Self { segment_id: row.segment_id, revision: row.revision.into() }
    }
}
