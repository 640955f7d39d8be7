//! Reports that come as JSON or, with `format=csv`, as a CSV attachment: one reading of the parameter and
//! one way to send the file, for every report of the API.

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

/// How a report is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Json,
    Csv,
}

impl ReportFormat {
    /// Reads a request's `format` (absent: JSON); any other word is refused with 422.
    pub fn of(format: Option<&str>) -> Result<Self, ApiError> {
        match format.unwrap_or("json") {
            "json" => Ok(Self::Json),
            "csv" => Ok(Self::Csv),
            other => Err(ApiError::Validation(format!("unknown format {other:?} (expected json or csv)"))),
        }
    }
}

/// A report as a CSV attachment named `file`.
pub fn csv_attachment(file: &str, csv: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{file}\"");
    ([(CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (CONTENT_DISPOSITION, disposition)], csv)
        .into_response()
}
