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
use crate::app::interchange::{self, ArticleFile, ArticleParts};
use crate::diff;
use crate::domain::Role;
use crate::lang::LanguageTag;
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

/// Where a newer version comes without JSON: its title and its file name (whose extension says the format).
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct UpdateParams {
    /// A new title (default: the title stays).
    title: Option<String>,
    /// The file name, for a raw body.
    name: Option<String>,
}

/// A newer version of the story: its title (none or empty: the title stays), and its sentences.
pub struct NewVersion {
    title: Option<String>,
    text: String,
    /// Already cut (an XLIFF's units); none: the text is to be segmented.
    segments: Option<Vec<NewSegment>>,
    /// The source language the file declares.
    source_lang: Option<LanguageTag>,
}

impl FromRequest<AppState> for NewVersion {
    type Rejection = ApiError;

    /// JSON as `POST /articles`; anything else is a file as `POST /articles/import` takes it (raw, or the
    /// multipart field `file`): text, HTML, DOCX or XLIFF.
    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        let json = request.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        if json.starts_with("application/json") {
            let Json(body) = Json::<CreateArticle>::from_request(request, state).await?;
            let CreateArticle { title, text, .. } = body;
            return Ok(Self { title: Some(title), text, segments: None, source_lang: None });
        }
        let (mut parts, body) = request.into_parts();
        let Query(params) = Query::<UpdateParams>::from_request_parts(&mut parts, state).await?;
        let upload = FileUpload::from_request(Request::from_parts(parts, body), state).await?;
        let name = upload.file_name.or(params.name);
        Ok(match interchange::read_article_file(&upload.bytes, name.as_deref())? {
            ArticleFile::Text { text, .. } => {
                Self { title: params.title, text, segments: None, source_lang: None }
            }
            ArticleFile::Bilingual(doc) | ArticleFile::ForeignXliff { doc, .. } => {
                let parts = ArticleParts::of(&doc, |_| true);
                let source_lang = Some(doc.source_lang);
                Self { title: params.title, text: parts.text, segments: Some(parts.segments), source_lang }
            }
            // The newer version's text: a pasted or plain article takes it as it takes any text.
            ArticleFile::Document { paragraphs, title, .. } => {
                let text = interchange::document_text(&paragraphs);
                Self { title: params.title.or(title), text, segments: None, source_lang: None }
            }
        })
    }
}

/// Brings a newer version of the story into the article, in one transaction: the same bodies as the
/// imports, JSON as `POST /articles` (the language is the article's, a non-empty title replaces its title)
/// or a file as `POST /articles/import` (raw with `?name=` and `?title=`, or multipart `file`): text, HTML,
/// DOCX, or XLIFF, whose units are the sentences (its targets are not taken: bring translations in with
/// `POST /articles/{id}/import`). Editors open on the article are told live.
#[utoipa::path(post, path = "/articles/{id}/update", tag = "articles",
    request_body(content((super::articles::CreateArticle = "application/json"), (String = "multipart/form-data"),
                         (String = "application/octet-stream"))),
    params(("id" = i64, Path, description = "article id"), UpdateParams),
    responses((status = 200, body = UpdateCounts), (status = 404, description = "no such article"),
              (status = 422, description = "empty text, a malformed or non-UTF-8 file, an XLIFF of another source language"),
              (status = 403, description = "role may not translate")))]
pub async fn update_article_text(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    version: NewVersion,
) -> Result<Json<UpdateCounts>, ApiError> {
    require(user.role, Role::may_translate, "update articles")?;
    let article = articles::get(&state.pool, id).await?;
    if let Some(lang) = version.source_lang.filter(|l| l.primary() != article.source_lang.primary()) {
        return Err(ApiError::Validation(format!(
            "the file's source language is {lang}, the article's {}",
            article.source_lang
        )));
    }
    if articles::original_format(&state.pool, id).await?.is_some() {
        // Its translation is the original file rebuilt: a newer text without a newer file would leave the
        // export rebuilding the old document around the new sentences.
        return Err(ApiError::Validation(
            "this article was imported as a document (HTML, Word or another tool's XLIFF) and is rebuilt from \
             that file: updating it from a newer version is not supported yet; import the newer file as a new \
             article"
                .into(),
        ));
    }
    super::extract::refuse_nul(&version.text, "the text")?;
    let segments =
        version.segments.unwrap_or_else(|| NewSegment::segmented(&version.text, &article.source_lang));
    let title = version.title.as_deref();
    let counts = updates::update(&state.pool, id, user.id, title, &version.text, &segments).await?;
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
