//! axum's extractors with their rejections turned into [`ApiError`], so that a malformed body, path or
//! query gets the same JSON error envelope as everything else. They also refuse text holding NUL
//! (U+0000), here at the edge for every route: PostgreSQL cannot store it in text, and a handler should
//! never get that far with it.

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
        true => Err(ApiError::Validation(format!("{what:?} holds a NUL character (U+0000), which cannot be stored"))),
        false => Ok(()),
    }
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
