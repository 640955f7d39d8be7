//! `/articles/{id}/update`: a newer version of the story into the same article; its history and the
//! segments it marked «source changed».

use axum::extract::State;
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::articles::ArticleUpload;
use super::auth::{require, CurrentUser};
use super::extract::{Json, Path};
use super::views::{self, Chunk};
use super::{ApiError, AppState};
use crate::diff;
use crate::domain::Role;
use crate::store::articles::{self, NewSegment};
use crate::store::updates;

/// What an update did.
#[derive(Debug, Serialize, ToSchema)]
pub struct UpdateCounts {
    /// Sentences unchanged: translation, status and history kept.
    kept: i32,
    /// Sentences reworded: marked «source changed», the old translation offered.
    changed: i32,
    /// New sentences, in place.
    added: i32,
    /// Sentences gone: retired, kept in the history.
    removed: i32,
}

impl From<updates::UpdateCounts> for UpdateCounts {
    fn from(row: updates::UpdateCounts) -> Self {
        let updates::UpdateCounts { kept, changed, added, removed } = row;
        Self { kept, changed, added, removed }
    }
}

/// Brings a newer version of the story into the article (the same bodies as `POST /articles`: JSON or a
/// `.txt` upload; the language is the article's, a non-empty title replaces its title), in one
/// transaction. Editors open on the article are told live.
#[utoipa::path(post, path = "/articles/{id}/update", tag = "articles",
    request_body(content((super::articles::CreateArticle = "application/json"), (String = "multipart/form-data"))),
    params(("id" = i64, Path, description = "article id")),
    responses((status = 200, body = UpdateCounts), (status = 404, description = "no such article"),
              (status = 422, description = "empty text or non-UTF-8 file"), (status = 403, description = "role may not translate")))]
pub async fn update_article_text(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    upload: ArticleUpload,
) -> Result<Json<UpdateCounts>, ApiError> {
    require(user.role, Role::may_translate, "update articles")?;
    let article = articles::get(&state.pool, id).await?;
    let body = upload.body;
    super::extract::refuse_nul(&body.text, "the text")?;
    let segments = NewSegment::segmented(&body.text, &article.source_lang);
    let counts = updates::update(&state.pool, id, user.id, Some(&body.title), &body.text, &segments).await?;
    Ok(Json(counts.into()))
}

/// One update of the article.
#[derive(Debug, Serialize, ToSchema)]
pub struct UpdateEntry {
    /// Who brought it in.
    by: String,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    at: OffsetDateTime,
    #[serde(flatten)]
    counts: UpdateCounts,
}

impl From<updates::UpdateEntry> for UpdateEntry {
    fn from(row: updates::UpdateEntry) -> Self {
        Self { by: row.by, at: row.at, counts: row.counts.into() }
    }
}

/// The article's updates, newest first: each one event.
#[utoipa::path(get, path = "/articles/{id}/updates", tag = "articles", params(("id" = i64, Path, description = "article id")),
    responses((status = 200, body = Vec<UpdateEntry>), (status = 404, description = "no such article")))]
pub async fn list_updates(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<UpdateEntry>>, ApiError> {
    Ok(Json(views::all(updates::history(&state.pool, id).await?)))
}

/// A segment marked «source changed».
#[derive(Debug, Serialize, ToSchema)]
pub struct SourceChange {
    /// The segment.
    segment_id: i64,
    /// Its source now.
    source: String,
    /// The source before the update.
    old_source: String,
    /// Word diff from the old source to the new.
    source_diff: Vec<Chunk>,
    /// The translation of the old source, offered as a suggestion.
    old_target: String,
}

impl From<updates::SourceChange> for SourceChange {
    fn from(row: updates::SourceChange) -> Self {
        let source_diff = views::all(diff::words(&row.old_source, &row.source));
        Self {
            segment_id: row.segment_id,
            source: row.source,
            old_source: row.old_source,
            source_diff,
            old_target: row.old_target,
        }
    }
}

/// The segments whose source changed in an update and that nobody has translated since.
#[utoipa::path(get, path = "/articles/{id}/source-changes", tag = "articles", params(("id" = i64, Path, description = "article id")),
    responses((status = 200, body = Vec<SourceChange>), (status = 404, description = "no such article")))]
pub async fn list_source_changes(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<SourceChange>>, ApiError> {
    articles::get(&state.pool, id).await?;
    Ok(Json(views::all(updates::source_changes(&state.pool, id).await?)))
}
