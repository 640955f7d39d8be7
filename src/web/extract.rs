//! axum's extractors with their rejections turned into [`ApiError`], so that a malformed body, path or
//! query gets the same JSON error envelope as everything else. They also refuse text holding NUL
//! (U+0000), here at the edge for every route: PostgreSQL cannot store it in text, and a handler should
//! never get that far with it.

use axum::body::Bytes;
use axum::extract::multipart::Field;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::RequestExt;
use http_body_util::{BodyExt, LengthLimitError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::{ApiError, AppState};

/// A 422 when `text` (the value of `what`) holds a NUL character.
pub fn refuse_nul(text: &str, what: &str) -> Result<(), ApiError> {
    match text.contains('\0') {
        true => Err(ApiError::Validation(format!(
            "{what:?} holds a NUL character (U+0000), which cannot be stored"
        ))),
        false => Ok(()),
    }
}

/// A 422 when an uploaded text file holds a NUL byte, with its line. A ZIP container (DOCX) is binary,
/// and UTF-16 text (a byte-order mark first: CAT tools' XLIFF) has a NUL byte in every ASCII character: both
/// are exempt, and their readers decide (the XML reader refuses a decoded U+0000).
pub fn refuse_nul_bytes(bytes: &[u8]) -> Result<(), ApiError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Ok(());
    }
    match bytes.iter().position(|&b| b == 0) {
        Some(at) => {
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(ApiError::Validation(format!(
                "the file holds a NUL byte (line {line}), which text cannot hold; is it a text file?"
            )))
        }
        None => Ok(()),
    }
}

/// A multipart field's text, refused when it holds NUL.
pub async fn field_text(field: Field<'_>) -> Result<String, ApiError> {
    let name = field.name().unwrap_or_default().to_owned();
    let text = field.text().await?;
    refuse_nul(&text, &name)?;
    Ok(text)
}

/// A multipart field's file, refused as [`refuse_nul_bytes`] says.
pub async fn field_bytes(field: Field<'_>) -> Result<Bytes, ApiError> {
    let bytes = field.bytes().await?;
    refuse_nul_bytes(&bytes)?;
    Ok(bytes)
}

/// A form's file field as a name and the file; none when no file was chosen (a browser then sends the
/// field empty, without a name).
pub async fn chosen_file(field: Field<'_>) -> Result<Option<(String, Vec<u8>)>, ApiError> {
    let name = field.file_name().map(str::to_owned).filter(|n| !n.is_empty());
    let bytes = field_bytes(field).await?;
    Ok(name.filter(|_| !bytes.is_empty()).map(|name| (name, bytes.to_vec())))
}

/// A JSON body (in) or JSON response (out).
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let axum::Json(value) = axum::Json::<Value>::from_request(request, state).await?;
        refuse_nul_in(&value, "body")?;
        serde_json::from_value(value).map(Self).map_err(|e| {
            ApiError::Validation(format!("Failed to deserialize the JSON body into the target type: {e}"))
        })
    }
}

/// Every string of a JSON value, keys included; `what` is the nearest key.
fn refuse_nul_in(value: &Value, what: &str) -> Result<(), ApiError> {
    match value {
        Value::String(text) => refuse_nul(text, what),
        Value::Array(items) => items.iter().try_for_each(|item| refuse_nul_in(item, what)),
        Value::Object(map) => map.iter().try_for_each(|(key, item)| {
            refuse_nul(key, what)?;
            refuse_nul_in(item, key)
        }),
        _ => Ok(()),
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Path parameters.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

/// Query parameters.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let raw = parts.uri.query().unwrap_or_default();
        for (name, value) in form_urlencoded::parse(raw.as_bytes()) {
            refuse_nul(&value, &name)?;
        }
        Ok(Self(axum::extract::Query::try_from_uri(&parts.uri)?.0))
    }
}

/// An uploaded file: the raw body, or the multipart field `file` (with its file name), at most the server's
/// body limit, refused when it holds NUL.
#[derive(Debug)]
pub struct FileUpload {
    pub(crate) bytes: Bytes,
    pub(crate) file_name: Option<String>,
}

impl FromRequest<AppState> for FileUpload {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        // Collecting the chunks and joining them after would hold an upload twice, and the chunks, freed on
        // another thread's allocator, stay in the process: so one buffer, sized by the declared length
        // (never past the limit, which the body's reader enforces).
        let (multipart, capacity) = {
            let header = |name| request.headers().get(name).and_then(|v: &HeaderValue| v.to_str().ok());
            let declared: usize = header(CONTENT_LENGTH).and_then(|l| l.parse().ok()).unwrap_or(0);
            let multipart = header(CONTENT_TYPE).is_some_and(|t| t.starts_with("multipart/form-data"));
            (multipart, declared.min(state.max_body_bytes))
        };
        if !multipart {
            let mut body = request.into_limited_body();
            let mut bytes = Vec::with_capacity(capacity);
            while let Some(frame) = body.frame().await {
                if let Ok(data) = frame.map_err(body_error)?.into_data() {
                    bytes.extend_from_slice(&data);
                }
            }
            refuse_nul_bytes(&bytes)?;
            return Ok(Self { bytes: bytes.into(), file_name: None });
        }
        let mut multipart =
            Multipart::from_request(request, state).await.map_err(|e| ApiError::BadRequest(e.body_text()))?;
        while let Some(mut field) = multipart.next_field().await? {
            if field.name() == Some("file") {
                let file_name = field.file_name().map(str::to_owned);
                let mut bytes = Vec::with_capacity(capacity);
                while let Some(chunk) = field.chunk().await? {
                    bytes.extend_from_slice(&chunk);
                }
                refuse_nul_bytes(&bytes)?;
                return Ok(Self { bytes: bytes.into(), file_name });
            }
        }
        Err(ApiError::Validation("the upload lacks the \"file\" field".into()))
    }
}

/// A body that broke off, or went past the limit ([`axum::extract::DefaultBodyLimit`]).
fn body_error(e: axum::Error) -> ApiError {
    match e.into_inner().downcast::<LengthLimitError>() {
        Ok(_) => ApiError::PayloadTooLarge,
        Err(e) => ApiError::BadRequest(format!("the body could not be read: {e}")),
    }
}
