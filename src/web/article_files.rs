//! `/articles/{id}/export`, `/articles/{id}/import` and `/articles/import`: articles as files, out and back in.

use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::articles::{after_import, parse_ids, store_article, ArticleInfo, CreateArticle};
use super::auth::{require, CurrentUser};
use super::extract::{FileUpload, Json, Path, Query};
use super::glossaries::language;
use super::{views, ApiError, AppState};
use crate::app::interchange::{self, ArticleFile, ArticleParts, ExportFormat};
use crate::app::quality::{self, Checks};
use crate::domain::Role;
use crate::formats::pseudo::Pseudo;
use crate::formats::BilingualDocument;
use crate::store::articles::{self, NewArticle, OriginalFile};
use crate::store::exchange::{self, Importer};
use crate::store::users::User;

/// Which file to export.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ExportParams {
    /// `xliff12` (default), `xliff2`, `tmx`, `csv`, `docx` (review table), `docx-target`, `txt`, `html`.
    format: Option<String>,
    /// `accented` or `upper`: every target a pseudo-translation of its source (each text run changed and
    /// padded by about 30%, codes kept), to try a file type end to end.
    pseudo: Option<String>,
}

/// The article as a file, as an attachment: bilingual (XLIFF, TMX, CSV, the DOCX review table) or the
/// finished translation (`docx-target`, `txt`, `html`). Units are `s{segment id}` and carry their revision,
/// so that the file can come back through `POST /articles/{id}/import`. An article imported from another
/// tool's XLIFF 1.x exports as `xliff12` as that file with its targets filled in.
#[utoipa::path(get, path = "/articles/{id}/export", tag = "articles",
    params(("id" = i64, Path, description = "article id"), ExportParams),
    responses((status = 200, description = "the file", content_type = "application/xliff+xml"),
              (status = 404, description = "no such article"),
              (status = 422, description = "unknown format or pseudo option, or translations whose codes would break the document")))]
pub async fn export_article(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
    Query(params): Query<ExportParams>,
) -> Result<Response, ApiError> {
    let name = params.format.as_deref().unwrap_or("xliff12");
    let format = ExportFormat::parse(name).ok_or_else(|| {
        ApiError::Validation(format!("unknown format {name:?} (expected one of {})", ExportFormat::names()))
    })?;
    let pseudo = params.pseudo.as_deref().map(|name| {
        Pseudo::parse(name).ok_or_else(|| {
            ApiError::Validation(format!("unknown pseudo {name:?} (expected accented or upper)"))
        })
    });
    let pseudo = pseudo.transpose()?;
    let file = interchange::export_file(&state.pool, &state.terms, id, format, pseudo).await?;
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, format.content_type().parse().expect("a valid header value"));
    let disposition = format!("attachment; filename=\"{}\"", interchange::file_name(id, &file.title, format));
    headers.insert(CONTENT_DISPOSITION, disposition.parse().expect("ASCII is a valid header value"));
    Ok((headers, file.bytes).into_response())
}

/// How to take a file back in.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ImportParams {
    /// Apply units whose segment changed since the export anyway (they are still reported as conflicts).
    #[serde(default)]
    overwrite: bool,
}

/// Takes an XLIFF 1.2 or 2 file exported from this article back in, all in one transaction: changed targets
/// become revisions with origin `import`; segments changed since the export are reported as conflicts and
/// left alone unless `overwrite=true`. A file of another article or language pair, or with unknown units,
/// is refused (422), as is one setting a status the role may not set (403): nothing is applied.
#[utoipa::path(post, path = "/articles/{id}/import", tag = "articles",
    params(("id" = i64, Path, description = "article id"), ImportParams),
    request_body(content = String, description = "the file, raw or as multipart field `file`",
                 content_type = "application/xliff+xml"),
    responses((status = 200, body = ImportReport), (status = 403, description = "a status the role may not set"),
              (status = 404, description = "no such article"),
              (status = 422, description = "malformed file (line, column), another article or language pair, unknown units")))]
pub async fn import_into_article(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Query(params): Query<ImportParams>,
    upload: FileUpload,
) -> Result<Json<ImportReport>, ApiError> {
    require(user.role, Role::may_translate, "import translations")?;
    let doc = interchange::read_bilingual(&upload.bytes)?;
    let by = Importer { user: user.id, role: user.role, overwrite: params.overwrite };
    let checks =
        Checks::of_article(&state.pool, &state.terms, &articles::get(&state.pool, id).await?).await?;
    Ok(Json(
        exchange::import_into(&state.pool, id, &doc, by, &|s, c, t, st| checks.check(s, c, t, st))
            .await?
            .into(),
    ))
}

/// What the file does not say about a new article.
#[derive(Debug, Deserialize, IntoParams)]
pub struct NewArticleParams {
    /// Title (default: the file's title, else its name).
    pub(crate) title: Option<String>,
    /// Source language; required unless the file (XLIFF) says.
    pub(crate) source_lang: Option<String>,
    /// Target language; required unless the file (XLIFF) says.
    pub(crate) target_lang: Option<String>,
    /// The file name, for a raw body (its extension says the format).
    pub(crate) name: Option<String>,
    /// Glossary ids to match, comma-separated (default: every glossary of the pair).
    pub(crate) glossaries: Option<String>,
    /// Fill segments the file leaves empty and the translation memory has exactly, as drafts (default: yes).
    pub(crate) pretranslate: Option<bool>,
    /// Then give every segment still empty the best machine engine's draft (default: no).
    pub(crate) machine_translate: Option<bool>,
    /// Embargo the article from the start (default: no).
    pub(crate) embargoed: Option<bool>,
}

/// A new article from a file: `.txt` (UTF-8), `.html` or `.docx` (a document: paragraphs with their inline
/// markup as codes, the file kept, and its `html` or `docx-target` export that file translated), or XLIFF
/// 1.x/2 from any tool (its segmentation kept; its targets become revision 1, origin `import`, a status the
/// role may not set lowered to `translated`; another tool's XLIFF 1.x kept and given back as that file). The format comes from the file name, else from the content.
#[utoipa::path(post, path = "/articles/import", tag = "articles", params(NewArticleParams),
    request_body(content = String, description = "the file, raw or as multipart field `file`",
                 content_type = "application/octet-stream"),
    responses((status = 201, body = ArticleInfo), (status = 413, description = "body over the limit"),
              (status = 422, description = "malformed file (line, column), zip bomb, missing language or title")))]
pub async fn import_new_article(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(params): Query<NewArticleParams>,
    upload: FileUpload,
) -> Result<(StatusCode, Json<ArticleInfo>), ApiError> {
    let name = upload.file_name.or_else(|| params.name.clone());
    Ok((StatusCode::CREATED, Json(import_file(&state, &user, &upload.bytes, params, name).await?.into())))
}

/// A file as a new article, whatever its format; shared by the API and the new-article form.
pub(crate) async fn import_file(
    state: &AppState,
    user: &User,
    bytes: &[u8],
    params: NewArticleParams,
    name: Option<String>,
) -> Result<articles::ArticleInfo, ApiError> {
    require(user.role, Role::may_translate, "import articles")?;
    let required = |value: Option<String>, what: &str| {
        value.ok_or_else(|| ApiError::Validation(format!("say the article's {what} (?{what}=)")))
    };
    let (text, title, document) = match interchange::read_article_file(bytes, name.as_deref())? {
        ArticleFile::Bilingual(doc) => return import_document(state, user, doc, None, params, name).await,
        ArticleFile::ForeignXliff { format, doc } => {
            let original = OriginalFile { format, bytes };
            return import_document(state, user, doc, Some(original), params, name).await;
        }
        ArticleFile::Text { text, title } => {
            (text, Some(required(params.title.clone().or(title).or_else(|| name.clone()), "title")?), None)
        }
        ArticleFile::Document { format, paragraphs, title } => {
            let lang = language(&required(params.source_lang.clone(), "source_lang")?)?;
            let (segments, text) = interchange::document_segments(&paragraphs, &lang);
            (text, params.title.clone().or(title), Some((segments, OriginalFile { format, bytes })))
        }
    };
    let body = CreateArticle {
        // A document without a title of its own is named after its first line, as pasted text is.
        title: title.or_else(|| name.clone()).unwrap_or_default(),
        source_lang: required(params.source_lang, "source_lang")?,
        target_lang: required(params.target_lang, "target_lang")?,
        text,
        glossaries: params.glossaries.as_deref().map(parse_ids).transpose()?,
        pretranslate: params.pretranslate,
        machine_translate: params.machine_translate,
        embargoed: params.embargoed,
    };
    store_article(state, user, body, name, document).await
}

/// A foreign bilingual file as a new article: one segment per unit with a source, paragraphs as the file
/// groups them; the file itself kept when the translation is to be given back as it.
async fn import_document(
    state: &AppState,
    user: &User,
    doc: BilingualDocument,
    original: Option<OriginalFile<'_>>,
    params: NewArticleParams,
    name: Option<String>,
) -> Result<articles::ArticleInfo, ApiError> {
    let source_lang = match &params.source_lang {
        Some(raw) => language(raw)?,
        None => doc.source_lang.clone(),
    };
    let target_lang = match &params.target_lang {
        Some(raw) => language(raw)?,
        None if doc.target_lang.as_str() != "und" => doc.target_lang.clone(),
        None => {
            return Err(ApiError::Validation(
                "the file has no target language: say it (?target_lang=)".into(),
            ))
        }
    };
    let title = [params.title, Some(doc.title.clone()), name.clone()]
        .into_iter()
        .flatten()
        .find(|t| !t.trim().is_empty())
        .ok_or_else(|| ApiError::Validation("say the article's title (?title=)".into()))?;
    let parts = ArticleParts::of(&doc, |s| user.role.may_set(s));
    let glossaries = params.glossaries.as_deref().map(parse_ids).transpose()?;
    let new = NewArticle {
        title: &title,
        source_lang: &source_lang,
        target_lang: &target_lang,
        origin_file_name: name.as_deref(),
        text: &parts.text,
        original,
        created_by: user.id,
        glossaries: glossaries.as_deref(),
        segments: &parts.segments,
        pretranslate: params.pretranslate.unwrap_or(true),
    };
    let info = quality::create_with_targets(&state.pool, &state.terms, new, &parts.target_refs()).await?;
    after_import(state, user, info, params.embargoed, params.machine_translate).await
}

/// What an import into an article did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReport {
    /// New revisions stored (origin `import`).
    applied: usize,
    /// Units with nothing new: same target and status as now, no target, or untouched since the export.
    unchanged: usize,
    /// Segments changed both in tarjuman since the export and in the file; applied only when `overwrite`.
    conflicts: Vec<ImportConflict>,
    /// Segments reviewed or final that the importer's role may not change (a reviewer must send them back
    /// first): left as they are, even with `overwrite`.
    skipped: Vec<ImportConflict>,
    /// Whether conflicting units were applied.
    overwrite: bool,
}

impl From<exchange::ImportReport> for ImportReport {
    fn from(row: exchange::ImportReport) -> Self {
        let exchange::ImportReport { applied, unchanged, conflicts, skipped, overwrite } = row;
        Self { applied, unchanged, conflicts: views::all(conflicts), skipped: views::all(skipped), overwrite }
    }
}

/// A segment the file would change that was left as it is: changed in tarjuman since the export too, or
/// not the importer's to change.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportConflict {
    /// Segment id.
    segment: i64,
    /// Its index among the article's live segments.
    index: i64,
    /// The revision the file was exported from (null when the file does not say).
    file_revision: Option<i64>,
    /// The segment's revision now.
    current_revision: i32,
    /// The segment's target now.
    current_target: String,
}

impl From<exchange::ImportConflict> for ImportConflict {
    fn from(row: exchange::ImportConflict) -> Self {
        let exchange::ImportConflict { segment, index, file_revision, current_revision, current_target } =
            row;
        Self { segment, index, file_revision, current_revision, current_target }
    }
}
