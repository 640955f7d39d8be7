//! `/articles/{id}/find` and `/articles/{id}/replace`: the editor's Find (spelling folded, as the memory
//! and glossary searches are) and find and replace in the translations, previewed, then applied as one
//! revision per changed segment.

use axum::extract::State;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::auth::CurrentUser;
use super::extract::{Json, Path, Query};
use super::{ApiError, AppState};
use crate::app::quality::Checks;
use crate::store::articles;
use crate::store::replace::{self, Confirmed, Preview, Replace, Replaced};
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
    Ok(Json(replace::preview(&state.pool, id, user.role, replace).await?))
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

/// Replaces in the confirmed segments, one new revision each, all or nothing.
#[utoipa::path(post, path = "/articles/{id}/replace", tag = "articles", request_body = ReplaceInTargets,
    params(("id" = i64, Path, description = "article id")),
    responses((status = 200, body = Vec<Replaced>), (status = 409, description = "a segment changed since the preview: nothing replaced"),
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
    let check = |source: &str, target: &str, status| checks.check(source, target, status);
    Ok(Json(replace::apply(&state.pool, id, user.id, replace, &body.segments, &check).await?))
}

fn replace_of<'a>(find: &'a str, with: &'a str) -> Result<Replace<'a>, ApiError> {
    if find.is_empty() {
        return Err(ApiError::Validation("say what to find (find)".into()));
    }
    Ok(Replace { find, with })
}
