//! `/glossaries/{id}/import` and `/glossaries/{id}/export`: glossaries as CSV or TBX files.

use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::{require, CurrentUser};
use super::extract::{FileUpload, Json, Path, Query};
use super::glossaries::GlossaryInfo;
use super::{ApiError, AppState};
use crate::domain::Role;
use crate::glossary::error::FileFormat;
use crate::glossary::file;
use crate::store::glossaries;

/// Which file format.
#[derive(Debug, Deserialize, IntoParams)]
pub struct FormatParam {
    /// `csv` or `tbx`; for an import, guessed from the content when absent.
    format: Option<String>,
}

impl FormatParam {
    fn parse(&self) -> Result<Option<FileFormat>, ApiError> {
        self.format
            .as_deref()
            .map(|name| {
                FileFormat::from_name(name).ok_or_else(|| {
                    ApiError::Validation(format!("unknown format {name:?} (expected csv or tbx)"))
                })
            })
            .transpose()
    }
}

/// What an import did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReport {
    /// The glossary after the import.
    glossary: GlossaryInfo,
    /// Entries added.
    imported: usize,
    /// Entries of the file left out because they have terms in only one language of the pair.
    skipped: Vec<SkippedEntry>,
}

/// An entry left out.
#[derive(Debug, Serialize, ToSchema)]
pub struct SkippedEntry {
    /// Its id in the file.
    id: Option<String>,
    /// Where it starts.
    line: u64,
    /// Why: the side without terms (`source` or `target`).
    missing: String,
}

/// Adds the entries of a CSV or TBX file (the request body) to a glossary, all or nothing. A file with
/// an error is refused whole with 422 and where the error is (line, column).
#[utoipa::path(post, path = "/glossaries/{id}/import", tag = "glossaries",
    params(("id" = i64, Path, description = "glossary id"), FormatParam),
    request_body(content = String, description = "the file", content_type = "application/octet-stream"),
    responses((status = 200, body = ImportReport), (status = 422, description = "the file has an error; nothing imported"),
              (status = 413, description = "body over the limit")))]
pub async fn import_glossary(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Query(param): Query<FormatParam>,
    FileUpload { bytes, .. }: FileUpload,
) -> Result<Json<ImportReport>, ApiError> {
    require(user.role, Role::may_edit_glossaries, "edit glossaries")?;
    let info = glossaries::get(&state.pool, id).await?;
    let format = param.parse()?.unwrap_or_else(|| FileFormat::sniff(&bytes));
    let read = file::read(format, &bytes, info.source_lang, info.target_lang)
        .map_err(|e| ApiError::Validation(e.to_string()))?;
    let imported = glossaries::import(&state.pool, id, &read.glossary.concepts, Some(user.id)).await?;
    let skipped = read
        .one_sided
        .into_iter()
        .map(|s| SkippedEntry { id: s.id, line: s.position.line, missing: s.missing.to_string() })
        .collect();
    Ok(Json(ImportReport { glossary: glossaries::get(&state.pool, id).await?.into(), imported, skipped }))
}

/// The glossary as a file: TBX-Basic 2019 or CSV.
#[utoipa::path(get, path = "/glossaries/{id}/export", tag = "glossaries",
    params(("id" = i64, Path, description = "glossary id"), FormatParam),
    responses((status = 200, description = "the file", content_type = "application/x-tbx+xml"),
              (status = 404, description = "no such glossary")))]
pub async fn export_glossary(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
    Query(param): Query<FormatParam>,
) -> Result<Response, ApiError> {
    let format = param.parse()?.unwrap_or(FileFormat::Tbx);
    let (info, glossary) = glossaries::load(&state.pool, id).await?;
    let (content_type, extension) = match format {
        FileFormat::Tbx => ("application/x-tbx+xml; charset=utf-8", "tbx"),
        FileFormat::Csv => ("text/csv; charset=utf-8", "csv"),
    };
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, content_type.parse().expect("a valid header value"));
    // Only ASCII letters, digits and dashes in the suggested name: no header injection, no quoting rules.
    let stem: String =
        info.name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect::<String>();
    let disposition = format!("attachment; filename=\"{stem}.{extension}\"");
    headers.insert(CONTENT_DISPOSITION, disposition.parse().expect("ASCII is a valid header value"));
    Ok((headers, file::write(format, &glossary)).into_response())
}
