//! `POST /articles/{id}/update`: the editor's form for a newer version of the story, pasted or as a file,
//! brought in as `POST /api/v1/articles/{id}/update` brings it (the same function), then back to the editor.

use axum::extract::State;
use axum::response::Redirect;

use super::{Page, PageError};
use crate::store::updates::UpdateCounts;
use crate::web::csrf::CsrfMultipart;
use crate::web::extract::{chosen_file, field_text, Path};
use crate::web::updates::{update_article, VersionBody};
use crate::web::{ApiError, AppState};

/// Brings the pasted text or the uploaded file into the article and says what it did.
pub async fn post_update(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    CsrfMultipart(mut form): CsrfMultipart,
) -> Result<Redirect, PageError> {
    let (mut title, mut text, mut file) = (String::new(), String::new(), None);
    while let Some(field) = form.next_field().await.map_err(ApiError::from)? {
        match field.name().unwrap_or_default() {
            "title" => title = field_text(field).await?,
            "text" => text = field_text(field).await?,
            "file" => file = chosen_file(field).await?,
            other => return Err(ApiError::Validation(format!("unknown form field {other:?}")).into()),
        }
    }
    let title = Some(title).filter(|t| !t.trim().is_empty());
    if file.is_some() && !text.trim().is_empty() {
        // Which of the two the editor meant is not for the server to guess, and dropping either loses work.
        let both = "a pasted text and a file were both given: update from one of them (go back: the text is \
                    still in the form)";
        return Err(ApiError::Validation(both.into()).into());
    }
    let version = match file {
        Some((name, bytes)) => VersionBody::uploaded(title, bytes, Some(&name))?,
        None => VersionBody::pasted(title, text),
    };
    let counts = update_article(&state, &page.user, id, version).await?;
    page.confirm(confirmation(counts)).await?;
    Ok(Redirect::to(&format!("/articles/{id}")))
}

/// What the editor says after an update.
fn confirmation(counts: UpdateCounts) -> String {
    let UpdateCounts { kept, changed, added, removed, drafted } = counts;
    format!(
        "Updated to the newer version: {kept} sentence(s) kept with their translation, {changed} changed \
         (marked «source changed»), {added} added, {removed} removed (kept in the history), {drafted} drafted \
         from translations in the file."
    )
}
