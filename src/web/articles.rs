//! `/articles`: import (JSON or a `.txt` upload), list, read (now or at a past time, with glossary
//! matches), assign and archive, history and progress.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

use super::auth::{require, CurrentUser};
use super::extract::{field_bytes, field_text, Json, Path, Query};
use super::glossaries::language;
use super::read_cache::Answer;
use super::views::{self, RevisionInfo, SegmentView};
use super::{ApiError, AppState};
use crate::app::terms::Terms;
use crate::domain::RevisionOrigin;
use crate::domain::Role;
use crate::glossary::hit::TermHit;
use crate::lang::LanguageTag;
use crate::store::articles::{self, ArticleChanges, NewArticle, NewSegment, OriginalFile};
use crate::store::users::User;
use crate::store::{glossaries, segments};
use crate::text::title_from_text;

/// An article to import, as JSON.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateArticle {
    /// Title.
    pub(crate) title: String,
    /// Source language (BCP 47), e.g. `ar`.
    pub(crate) source_lang: String,
    /// Target language (BCP 47), e.g. `en`.
    pub(crate) target_lang: String,
    /// The text: paragraphs separated by line breaks.
    pub(crate) text: String,
    /// Glossary ids to match; default: every glossary of the language pair.
    #[serde(default)]
    pub(crate) glossaries: Option<Vec<i64>>,
    /// Fill segments whose normalised source the translation memory has exactly, as drafts with origin
    /// `tm` (default: yes).
    #[serde(default)]
    pub(crate) pretranslate: Option<bool>,
    /// Then give every segment still empty the best machine engine's draft, as `initial` with origin `mt`
    /// (default: no).
    #[serde(default)]
    pub(crate) machine_translate: Option<bool>,
    /// Embargo the article from the start: no third-party engine ever sees its text (default: no).
    #[serde(default)]
    pub(crate) embargoed: Option<bool>,
}

/// The import, from either body type; a multipart upload also carries the file name.
#[derive(Debug)]
pub struct ArticleUpload {
    pub(crate) body: CreateArticle,
    pub(crate) file_name: Option<String>,
}

impl FromRequest<AppState> for ArticleUpload {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        let content_type =
            request.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        if content_type.starts_with("multipart/form-data") {
            let multipart = Multipart::from_request(request, state)
                .await
                .map_err(|e| ApiError::BadRequest(e.body_text()))?;
            return read_multipart(multipart).await;
        }
        if content_type.starts_with("application/json") {
            let Json(body) = Json::<CreateArticle>::from_request(request, state).await?;
            return Ok(Self { body, file_name: None });
        }
        Err(ApiError::UnsupportedMediaType(
            "send the article as application/json or as a multipart/form-data upload with a file field"
                .into(),
        ))
    }
}

/// Fields `title`, `source_lang`, `target_lang`, optional `glossaries` (comma-separated ids),
/// `pretranslate`, `machine_translate` and `embargoed` (`true`/`false`), and `file` (UTF-8 text).
async fn read_multipart(mut multipart: Multipart) -> Result<ArticleUpload, ApiError> {
    let (mut title, mut source_lang, mut target_lang, mut glossaries) = (None, None, None, None);
    let (mut pretranslate, mut machine_translate, mut embargoed) = (None, None, None);
    let mut file = None;
    while let Some(field) = multipart.next_field().await? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "file" => {
                let file_name = field.file_name().map(str::to_owned);
                let bytes = field_bytes(field).await?;
                file = Some((file_name, utf8_text(&bytes)?));
            }
            "title" => title = Some(field_text(field).await?),
            "source_lang" => source_lang = Some(field_text(field).await?),
            "target_lang" => target_lang = Some(field_text(field).await?),
            "glossaries" => glossaries = Some(parse_ids(&field_text(field).await?)?),
            "pretranslate" => pretranslate = Some(parse_flag("pretranslate", &field_text(field).await?)?),
            "machine_translate" => {
                machine_translate = Some(parse_flag("machine_translate", &field_text(field).await?)?)
            }
            "embargoed" => embargoed = Some(parse_flag("embargoed", &field_text(field).await?)?),
            other => return Err(ApiError::Validation(format!("unknown form field {other:?}"))),
        }
    }
    let missing = |field: &str| ApiError::Validation(format!("the upload lacks the {field:?} field"));
    let (file_name, text) = file.ok_or_else(|| missing("file"))?;
    let body = CreateArticle {
        title: title.or_else(|| file_name.clone()).ok_or_else(|| missing("title"))?,
        source_lang: source_lang.ok_or_else(|| missing("source_lang"))?,
        target_lang: target_lang.ok_or_else(|| missing("target_lang"))?,
        text,
        glossaries,
        pretranslate,
        machine_translate,
        embargoed,
    };
    Ok(ArticleUpload { body, file_name })
}

fn parse_flag(name: &str, raw: &str) -> Result<bool, ApiError> {
    raw.trim().parse().map_err(|_| ApiError::Validation(format!("{name} is true or false, not {raw:?}")))
}

/// The bytes as text, without a byte-order mark; a non-UTF-8 file is refused with the line of its first
/// bad byte.
pub(crate) fn utf8_text(bytes: &[u8]) -> Result<String, ApiError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let line = bytes[..e.utf8_error().valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        ApiError::Validation(format!(
            "the file is not UTF-8 text (first bad byte on line {line}); save it as UTF-8"
        ))
    })
}

pub(crate) fn parse_ids(raw: &str) -> Result<Vec<i64>, ApiError> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|_| ApiError::Validation(format!("{s:?} is not a glossary id"))))
        .collect()
}

/// Imports an article: segments it with the text engine and stores it, all in one transaction. As a
/// multipart upload: fields `title`, `source_lang`, `target_lang`, `glossaries` (comma-separated ids) and
/// `file` (a UTF-8 `.txt`).
#[utoipa::path(post, path = "/articles", tag = "articles",
    request_body(content(
        (CreateArticle = "application/json"),
        (String = "multipart/form-data")
    )),
    responses((status = 201, body = ArticleInfo), (status = 413, description = "body over the limit"),
              (status = 415, description = "neither JSON nor multipart"),
              (status = 422, description = "empty text, unknown language, non-UTF-8 file, unknown glossary")))]
pub async fn create_article(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    upload: ArticleUpload,
) -> Result<(StatusCode, Json<ArticleInfo>), ApiError> {
    let ArticleUpload { body, file_name } = upload;
    Ok((StatusCode::CREATED, Json(import_article(&state, &user, body, file_name).await?.into())))
}

/// Checks an import, segments it with the text engine and stores it in one transaction; shared by the API
/// and the new-article form.
pub(crate) async fn import_article(
    state: &AppState,
    user: &User,
    body: CreateArticle,
    file_name: Option<String>,
) -> Result<articles::ArticleInfo, ApiError> {
    store_article(state, user, body, file_name, None).await
}

/// A new article: from text, segmented here, or from a document's segments with the file it came from.
pub(crate) async fn store_article(
    state: &AppState,
    user: &User,
    body: CreateArticle,
    file_name: Option<String>,
    document: Option<(Vec<NewSegment>, OriginalFile<'_>)>,
) -> Result<articles::ArticleInfo, ApiError> {
    require(user.role, Role::may_translate, "import articles")?;
    let (source_lang, target_lang) = (language(&body.source_lang)?, language(&body.target_lang)?);
    let (segments, original) = match document {
        Some((segments, original)) => (segments, Some(original)),
        None => (NewSegment::segmented(&body.text, &source_lang), None),
    };
    // Pasted without a title: named after its first line rather than refused (the text is never lost).
    let title = match body.title.trim() {
        "" => title_from_text(&body.text).unwrap_or_default(),
        given => given.to_owned(),
    };
    let new = NewArticle {
        title: &title,
        source_lang: &source_lang,
        target_lang: &target_lang,
        origin_file_name: file_name.as_deref(),
        text: &body.text,
        original,
        created_by: user.id,
        glossaries: body.glossaries.as_deref(),
        segments: &segments,
        pretranslate: body.pretranslate.unwrap_or(true),
    };
    let info = articles::create(&state.pool, new).await?;
    after_import(state, user, info, body.embargoed, body.machine_translate).await
}

/// What an import asks for once the article is stored, whatever its file: the embargo (before any engine
/// is asked), the machine drafts (the request waits for the run), and the analysis in the background.
pub(crate) async fn after_import(
    state: &AppState,
    user: &User,
    mut info: articles::ArticleInfo,
    embargoed: Option<bool>,
    machine_translate: Option<bool>,
) -> Result<articles::ArticleInfo, ApiError> {
    if embargoed == Some(true) {
        let changes = ArticleChanges { embargoed: Some(true), ..Default::default() };
        info = articles::update(&state.pool, info.id, user.id, changes).await?;
    }
    if machine_translate == Some(true) {
        let (pool, terms, machines) = (&state.pool, &state.terms, &state.machines);
        crate::app::mt::runs::run_to_end(pool, terms, machines, info.id, user.id).await?;
    }
    super::analysis::analyse_new(state, info.id);
    Ok(info)
}

/// Fields to change; absent ones stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateArticle {
    /// The user name to assign the article to, or null to unassign.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    assignee: Option<Option<String>>,
    /// Archive (true) or restore (false).
    #[serde(default)]
    archived: Option<bool>,
    /// Embargo (true: no third-party machine translation engine ever sees the text) or release (false,
    /// admins only).
    #[serde(default)]
    embargoed: Option<bool>,
}

/// Tells an absent field (`None`) from an explicit null (`Some(None)`).
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

/// Assigns, unassigns, archives or restores an article.
#[utoipa::path(patch, path = "/articles/{id}", tag = "articles", request_body = UpdateArticle,
    params(("id" = i64, Path, description = "article id")),
    responses((status = 200, body = ArticleInfo), (status = 404, description = "no such article"),
              (status = 422, description = "unknown assignee")))]
pub async fn update_article(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<UpdateArticle>,
) -> Result<Json<ArticleInfo>, ApiError> {
    require(user.role, Role::may_translate, "assign or archive articles")?;
    if body.embargoed == Some(false) {
        require(user.role, Role::may_administer, "lift an embargo")?;
    }
    let changes = ArticleChanges {
        assignee: body.assignee.as_ref().map(Option::as_deref),
        archived: body.archived,
        embargoed: body.embargoed,
        ..Default::default()
    };
    Ok(Json(articles::update(&state.pool, id, user.id, changes).await?.into()))
}

/// Which articles to list.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ArticleFilter {
    /// List the archived articles instead of the current ones.
    #[serde(default)]
    archived: bool,
}

/// Articles, newest first.
#[utoipa::path(get, path = "/articles", tag = "articles", params(ArticleFilter),
    responses((status = 200, body = Vec<ArticleInfo>)))]
pub async fn list_articles(
    State(state): State<AppState>,
    _user: CurrentUser,
    Query(filter): Query<ArticleFilter>,
) -> Result<Json<Vec<ArticleInfo>>, ApiError> {
    Ok(Json(views::all(articles::list(&state.pool, filter.archived).await?)))
}

/// When to read the article at.
#[derive(Debug, Deserialize, IntoParams)]
pub struct AtTime {
    /// An RFC 3339 time: the article as it stood then (segments alive then, each with its latest revision
    /// made at or before it). Default: now.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[param(value_type = Option<String>, format = DateTime)]
    at: Option<OffsetDateTime>,
}

/// An article with its segments.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleView {
    #[serde(flatten)]
    info: ArticleInfo,
    /// The segments in order.
    segments: Vec<SegmentWithMatches>,
}

/// A segment with the glossary terms found in its source.
#[derive(Debug, Serialize, ToSchema)]
pub struct SegmentWithMatches {
    #[serde(flatten)]
    segment: SegmentView,
    /// `{source, target, surface, start, end (character offsets), kind: exact|clitic|inflected|variant,
    /// status, note}` for each term found, against the glossaries as they are now.
    #[schema(value_type = Vec<Object>)]
    matches: Vec<TermHit>,
}

/// An article with its segments, current targets and glossary matches.
#[utoipa::path(get, path = "/articles/{id}", tag = "articles",
    params(("id" = i64, Path, description = "article id"), AtTime),
    responses((status = 200, body = ArticleView), (status = 404, description = "no such article")))]
pub async fn get_article(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
    Query(when): Query<AtTime>,
) -> Result<Response, ApiError> {
    let info = articles::get(&state.pool, id).await?;
    let Some(at) = when.at else { return current_article(&state, info).await };
    let segments = articles::segments_at(&state.pool, id, at).await?;
    let terms = state.terms.for_glossaries(&state.pool, &info.glossaries).await?;
    Ok(Json(article_view(info, segments, &terms)).into_response())
}

/// The article as it is now: the answer of an earlier read when nothing it shows has changed since.
async fn current_article(state: &AppState, info: articles::ArticleInfo) -> Result<Response, ApiError> {
    let id = info.id;
    let (versions, segments_state) = tokio::try_join!(
        glossaries::versions(&state.pool, &info.glossaries),
        articles::segments_state(&state.pool, id)
    )?;
    let shown = ArticleInfo::from(info.clone());
    let fingerprint = serde_json::to_vec(&(shown, segments_state, &versions)).map_err(json_bug)?;
    let answer = Answer::Article(id);
    let body = match state.reads.get(answer, &fingerprint) {
        Some(body) => body,
        None => {
            // Read after the fingerprint: what is kept under it is never older than it says.
            let segments = articles::segments(&state.pool, id).await?;
            let terms = state.terms.for_versions(&state.pool, versions).await?;
            let view = article_view(info, segments, &terms);
            let body: Arc<[u8]> = serde_json::to_vec(&view).map_err(json_bug)?.into();
            state.reads.put(answer, fingerprint, body.clone());
            body
        }
    };
    Ok(([(CONTENT_TYPE, "application/json")], Bytes::from_owner(body)).into_response())
}

fn article_view(
    info: articles::ArticleInfo,
    segments: Vec<segments::SegmentView>,
    terms: &Terms,
) -> ArticleView {
    let segments = segments
        .into_iter()
        .map(|segment| SegmentWithMatches { matches: terms.find(&segment.source), segment: segment.into() })
        .collect();
    ArticleView { info: info.into(), segments }
}

fn json_bug(e: serde_json::Error) -> ApiError {
    ApiError::Bug(format!("an article as JSON: {e}"))
}

/// Every revision of the article's segments, newest first: who changed what, when.
#[utoipa::path(get, path = "/articles/{id}/history", tag = "articles",
    params(("id" = i64, Path, description = "article id")),
    responses((status = 200, body = Vec<ArticleChange>), (status = 404, description = "no such article")))]
pub async fn get_article_history(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ArticleChange>>, ApiError> {
    Ok(Json(views::all(articles::history(&state.pool, id).await?)))
}

/// Segments and source words per status.
#[utoipa::path(get, path = "/articles/{id}/progress", tag = "articles",
    params(("id" = i64, Path, description = "article id")),
    responses((status = 200, body = Progress), (status = 404, description = "no such article")))]
pub async fn get_article_progress(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Progress>, ApiError> {
    Ok(Json(articles::progress(&state.pool, id).await?.into()))
}

/// An article without its segments.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleInfo {
    /// Database id.
    id: i64,
    /// Title.
    title: String,
    /// Source language (BCP 47).
    #[schema(value_type = String)]
    source_lang: LanguageTag,
    /// Target language (BCP 47).
    #[schema(value_type = String)]
    target_lang: LanguageTag,
    /// The name of the uploaded file, if it came as one.
    origin_file_name: Option<String>,
    /// Who imported it (user name).
    created_by: String,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    created_at: OffsetDateTime,
    /// Who is to translate it (user name).
    assignee: Option<String>,
    /// Hidden from the default list.
    archived: bool,
    /// No third-party machine translation engine ever sees its text.
    embargoed: bool,
    /// The glossaries matched against it.
    glossaries: Vec<i64>,
}

impl From<articles::ArticleInfo> for ArticleInfo {
    fn from(row: articles::ArticleInfo) -> Self {
        Self {
            id: row.id,
            title: row.title,
            source_lang: row.source_lang,
            target_lang: row.target_lang,
            origin_file_name: row.origin_file_name,
            created_by: row.created_by,
            created_at: row.created_at,
            assignee: row.assignee,
            archived: row.archived,
            embargoed: row.embargoed,
            glossaries: row.glossaries,
        }
    }
}

/// One revision in an article's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleChange {
    /// The segment.
    segment_id: i64,
    /// Its index among live segments now; null when it has since been split or merged.
    index: Option<i64>,
    /// Its source sentence.
    source: String,
    /// Number, text, status, author, time.
    #[serde(flatten)]
    revision: RevisionInfo,
    /// What made it.
    origin: RevisionOrigin,
}

impl From<articles::ArticleChange> for ArticleChange {
    fn from(row: articles::ArticleChange) -> Self {
        let articles::ArticleChange { segment_id, index, source, revision, origin } = row;
        Self { segment_id, index, source, revision: revision.into(), origin }
    }
}

/// Segments and source words in one status.
#[derive(Debug, Serialize, ToSchema)]
pub struct Tally {
    /// Segments.
    segments: u64,
    /// Whitespace-separated words of their source.
    words: u64,
}

impl From<articles::Tally> for Tally {
    fn from(row: articles::Tally) -> Self {
        Self { segments: row.segments, words: row.words }
    }
}

/// How far an article's translation has come.
#[derive(Debug, Serialize, ToSchema)]
pub struct Progress {
    /// Not translated yet.
    initial: Tally,
    /// Translated.
    translated: Tally,
    /// Reviewed.
    reviewed: Tally,
    /// Final.
    r#final: Tally,
    /// All live segments.
    total: Tally,
}

impl From<articles::Progress> for Progress {
    fn from(row: articles::Progress) -> Self {
        let articles::Progress { initial, translated, reviewed, r#final, total } = row;
        Self {
            initial: initial.into(),
            translated: translated.into(),
            reviewed: reviewed.into(),
            r#final: r#final.into(),
            total: total.into(),
        }
    }
}
