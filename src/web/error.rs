//! The web layer's one error type and its one mapping to HTTP: status + `{"error":{"code","message"}}`
//! (plus `current` on a save conflict). Internal errors are logged once here and reach the client only as
//! "internal error".

use axum::extract::multipart::MultipartError;
use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::views::RevisionInfo;
use super::views::{self, Chunk};
use crate::app::interchange::{ExportError, UploadError};
use crate::diff;
use crate::formats::FormatError;
use crate::store::exchange::ImportRefusal;
use crate::store::StoreError;

/// Everything a handler can answer with instead of success.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No valid credentials.
    #[error("{0}")]
    Unauthorized(&'static str),
    /// Valid credentials, but the role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// The resource does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A save based on a stale revision; carries what the segment holds now.
    #[error("{message}")]
    Conflict {
        /// What happened.
        message: String,
        /// The segment's current revision, so the client can decide.
        current: Option<Box<RevisionInfo>>,
        /// Word diff from `current`'s text to the text the client sent, when the handler knows it.
        diff: Option<Vec<Chunk>>,
    },
    /// The request is malformed (not JSON, bad path or query).
    #[error("{0}")]
    BadRequest(String),
    /// The request is well-formed but its content is refused.
    #[error("{0}")]
    Validation(String),
    /// The body is over the configured limit.
    #[error("the request body is larger than the configured limit (TARJUMAN_MAX_BODY_BYTES)")]
    PayloadTooLarge,
    /// Too many attempts (failed sign-ins); try later.
    #[error("{0}")]
    TooManyRequests(String),
    /// The body is not of a type this route reads.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The database failed in a way the client cannot fix.
    #[error("internal error")]
    Internal(#[from] sqlx::Error),
    /// Anything else that is our fault.
    #[error("internal error")]
    Bug(String),
}

impl ApiError {
    /// A save conflict with the word diff from the current text to `sent`, so the client shows both
    /// versions without a diff of its own; any other error is left as it is.
    pub fn with_diff_to(self, sent: &str) -> Self {
        match self {
            Self::Conflict { message, current: Some(current), .. } => {
                let diff = Some(views::all(diff::words(&current.target, sent)));
                Self::Conflict { message, current: Some(current), diff }
            }
            other => other,
        }
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Self::Conflict { .. } => (StatusCode::CONFLICT, "conflict"),
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            Self::Validation(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            Self::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            Self::UnsupportedMediaType(_) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            Self::TooManyRequests(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
            Self::Internal(_) | Self::Bug(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        self.status_and_code().0
    }

    /// A 403 naming what the role may not do.
    pub fn forbidden(what: impl std::fmt::Display) -> Self {
        Self::Forbidden(format!("your role may not {what}"))
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let message = e.to_string();
        match e {
            StoreError::NotFound(what) => Self::NotFound(what),
            StoreError::Conflict { current, .. } => {
                Self::Conflict { message, current: Some(Box::new((*current).into())), diff: None }
            }
            StoreError::Constraint(_) => Self::Conflict { message, current: None, diff: None },
            StoreError::Refused(_) | StoreError::NotYours(_) => Self::Forbidden(message),
            StoreError::Invalid(_) => Self::Validation(message),
            StoreError::Database(e) => Self::Internal(e),
        }
    }
}

impl From<ImportRefusal> for ApiError {
    fn from(e: ImportRefusal) -> Self {
        let message = e.to_string();
        match e {
            ImportRefusal::Invalid(_) => Self::Validation(message),
            ImportRefusal::Forbidden(_) => Self::Forbidden(message),
            ImportRefusal::Store(e) => e.into(),
        }
    }
}

/// A file that cannot be read is refused with what is wrong and where (line, column).
impl From<ExportError> for ApiError {
    fn from(e: ExportError) -> Self {
        match e {
            ExportError::Store(e) => e.into(),
            ExportError::Fill(e) => Self::Validation(e.to_string()),
        }
    }
}

impl From<FormatError> for ApiError {
    fn from(e: FormatError) -> Self {
        Self::Validation(e.to_string())
    }
}

impl From<UploadError> for ApiError {
    fn from(e: UploadError) -> Self {
        Self::Validation(e.to_string())
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::JsonDataError(e) => Self::Validation(e.body_text()),
            JsonRejection::MissingJsonContentType(_) => {
                Self::UnsupportedMediaType("expected a JSON body (Content-Type: application/json)".into())
            }
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => Self::PayloadTooLarge,
            other => Self::BadRequest(other.body_text()),
        }
    }
}

impl From<FormRejection> for ApiError {
    fn from(rejection: FormRejection) -> Self {
        match rejection {
            FormRejection::InvalidFormContentType(_) => Self::UnsupportedMediaType(
                "expected a form (Content-Type: application/x-www-form-urlencoded)".into(),
            ),
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => Self::PayloadTooLarge,
            other => Self::BadRequest(other.body_text()),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        Self::BadRequest(rejection.body_text())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::BadRequest(rejection.body_text())
    }
}

impl From<MultipartError> for ApiError {
    fn from(e: MultipartError) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Self::PayloadTooLarge
        } else {
            Self::BadRequest(e.body_text())
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if status.is_server_error() {
            tracing::error!(error = ?self, "internal error");
        }
        let mut error = json!({ "code": code, "message": self.to_string() });
        if let Self::Conflict { current: Some(current), .. } = &self {
            error["current"] = json!(current);
        }
        let body = match &self {
            // Also at the top level, where clients of the shape look for it.
            Self::Conflict { current: Some(current), diff, .. } => {
                json!({ "error": error, "current": current, "diff": diff })
            }
            _ => json!({ "error": error }),
        };
        (status, Json(body)).into_response()
    }
}
