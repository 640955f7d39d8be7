//! The stylesheet and scripts, compiled in and served by tarjuman itself (the newsroom machines are
//! offline: no CDN).

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;

use super::ApiError;

const ASSETS: &[(&str, &str, &str)] = &[
    ("app.css", "text/css; charset=utf-8", include_str!("../../static/app.css")),
    ("app.js", "text/javascript; charset=utf-8", include_str!("../../static/app.js")),
    ("editor.js", "text/javascript; charset=utf-8", include_str!("../../static/editor.js")),
    ("desk.js", "text/javascript; charset=utf-8", include_str!("../../static/desk.js")),
];

/// `GET /static/{file}`.
pub async fn get_asset(Path(file): Path<String>) -> Result<impl IntoResponse, ApiError> {
    let (_, content_type, body) =
        ASSETS.iter().find(|(name, _, _)| *name == file).ok_or(ApiError::NotFound("file"))?;
    // Short caching: a new release must reach browsers the same day without fingerprinted names.
    Ok(([(CONTENT_TYPE, *content_type), (CACHE_CONTROL, "public, max-age=300")], *body))
}
