//! `/articles/{id}/update`: a newer version of the story into the same article; its history and the
//! segments it marked «source changed».

use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::header::CONTENT_TYPE;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

use super::articles::CreateArticle;
use super::auth::{require, CurrentUser};
use super::extract::{FileUpload, Json, Path, Query};
use super::views::{self, Chunk};
use super::{ApiError, AppState};
use crate::app::interchange::{self, ArticleFile, Version};
use crate::diff;
use crate::domain::Role;
use crate::store::articles::{self, OriginalFile};
use crate::store::updates;
use crate::store::users::User;

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
    /// New and changed sentences given the update XLIFF's target as their draft.
    drafted: i32,
}

impl From<updates::UpdateCounts> for UpdateCounts {
    fn from(row: updates::UpdateCounts) -> Self {
        let updates::UpdateCounts { kept, changed, added, removed, drafted } = row;
        Self { kept, changed, added, removed, drafted }
    }
}

/// Where a newer version comes without JSON: its title and its file name (whose extension says the format).
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct UpdateParams {
    /// A new title (default: the title stays).
    title: Option<String>,
    /// The file name, for a raw body.
    name: Option<String>,
}

/// A newer version of the story as the request brings it: a title (none or empty: the title stays), and
/// text or a file.
pub struct VersionBody {
    title: Option<String>,
    file: ArticleFile,
    bytes: Vec<u8>,
}

impl VersionBody {
    /// Pasted text (`title`: none or empty, the title stays).
    pub(crate) fn pasted(title: Option<String>, text: String) -> Self {
        Self { title, file: ArticleFile::Text { text, title: None }, bytes: Vec::new() }
    }

    /// An uploaded file, read by its name's extension (else by its content) as the imports read it.
    pub(crate) fn uploaded(
        title: Option<String>,
        bytes: Vec<u8>,
        name: Option<&str>,
    ) -> Result<Self, ApiError> {
        let file = interchange::read_article_file(&bytes, name)?;
        Ok(Self { title, file, bytes })
    }
}

impl FromRequest<AppState> for VersionBody {
    type Rejection = ApiError;

    /// JSON as `POST /articles`; anything else is a file as `POST /articles/import` takes it (raw, or the
    /// multipart field `file`): text, HTML, DOCX or XLIFF.
    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        let json = request.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        if json.starts_with("application/json") {
            let Json(body) = Json::<CreateArticle>::from_request(request, state).await?;
            return Ok(Self::pasted(Some(body.title), body.text));
        }
        let (mut parts, body) = request.into_parts();
        let Query(params) = Query::<UpdateParams>::from_request_parts(&mut parts, state).await?;
        let upload = FileUpload::from_request(Request::from_parts(parts, body), state).await?;
        let name = upload.file_name.or(params.name);
        Self::uploaded(params.title, upload.bytes.into(), name.as_deref())
    }
}

/// Brings a newer version of the story into the article, in one transaction: the same bodies as the
/// imports, JSON as `POST /articles` (the language is the article's, a non-empty title replaces its title)
/// or a file as `POST /articles/import` (raw with `?name=` and `?title=`, or multipart `file`): text, HTML,
/// DOCX, or XLIFF, whose units are the sentences. An XLIFF unit's target for a new or reworded sentence
/// becomes that segment's draft, by the updater, with the unit's state but never above `translated`
/// (`drafted` counts them); a kept sentence keeps its own translation and status. An article imported from a
/// document (HTML, Word, another tool's XLIFF) takes only a newer file of the same format, which replaces
/// the one its translation is rebuilt from; its sentences are matched on their text between codes, and a
/// kept translation follows its codes renumbered (or the sentence counts as changed when they cannot).
/// Editors open on the article are told live.
#[utoipa::path(post, path = "/articles/{id}/update", tag = "articles",
    request_body(content((super::articles::CreateArticle = "application/json"), (String = "multipart/form-data"),
                         (String = "application/octet-stream"))),
    params(("id" = i64, Path, description = "article id"), UpdateParams),
    responses((status = 200, body = UpdateCounts), (status = 404, description = "no such article"),
              (status = 422, description = "empty text, a malformed or non-UTF-8 file, an XLIFF of another source \
                 language, a document article's update that is not a newer file of its format"),
              (status = 403, description = "role may not translate")))]
pub async fn update_article_text(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: VersionBody,
) -> Result<Json<UpdateCounts>, ApiError> {
    Ok(Json(update_article(&state, &user, id, body).await?.into()))
}

/// Checks a newer version against the article and brings it in; shared by the API and the editor's
/// update form, so both refuse and count alike.
pub(crate) async fn update_article(
    state: &AppState,
    user: &User,
    id: i64,
    body: VersionBody,
) -> Result<updates::UpdateCounts, ApiError> {
    require(user.role, Role::may_translate, "update articles")?;
    let article = articles::get(&state.pool, id).await?;
    let document = articles::original_format(&state.pool, id).await?;
    let version =
        Version::of(body.file, body.bytes, &article.source_lang, document).map_err(ApiError::Validation)?;
    if let Some(lang) = version.source_lang.as_ref().filter(|l| l.primary() != article.source_lang.primary())
    {
        return Err(ApiError::Validation(format!(
            "the file's source language is {lang}, the article's {}",
            article.source_lang
        )));
    }
    super::extract::refuse_nul(&version.text, "the text")?;
    let drafts: Vec<_> = version.drafts.iter().map(|d| d.as_ref().map(|(t, s)| (t.as_str(), *s))).collect();
    let new = updates::NewVersion {
        title: body.title.as_deref().or(version.title.as_deref()),
        text: &version.text,
        segments: &version.segments,
        drafts: &drafts,
        original: version.original.as_ref().map(|(format, bytes)| OriginalFile { format: *format, bytes }),
    };
    Ok(updates::update(&state.pool, id, user.id, new).await?)
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
