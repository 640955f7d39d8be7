//! axum's extractors with their rejections turned into [`ApiError`], so that a malformed body, path or
//! query gets the same JSON error envelope as everything else. They also refuse text holding NUL
//! (U+0000), here at the edge for every route: PostgreSQL cannot store it in text, and a handler should
//! never get that far with it.

use axum::body::Bytes;
use axum::extract::multipart::Field;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::ApiError;

/// A 422 when `text` (the value of `what`) holds a NUL character.
pub fn refuse_nul(text: &str, what: &str) -> Result<(), ApiError> {
    match text.contains('\0') {
        true => Err(ApiError::Validation(format!(
            "{what:?} holds a NUL character (U+0000), which cannot be stored"
        ))),
        false => Ok(()),
    }
}

/// A 422 when an uploaded text file holds a NUL byte, with its line. A ZIP container (DOCX) is binary
/// and exempt: its reader decides.
pub fn refuse_nul_bytes(bytes: &[u8]) -> Result<(), ApiError> {
    if bytes.starts_with(b"PK\x03\x04") {
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
