//! `/inbox`: the comments that mention the signed-in person, unread first in the count.

use axum::extract::State;
use axum::response::{Html, Redirect};
use minijinja::{context, Value};

use super::{Page, PageError, TokenOnly};
use crate::store::comments;
use crate::web::csrf::CsrfForm;
use crate::web::{templates, AppState};

/// The inbox page.
pub async fn get_inbox(State(state): State<AppState>, page: Page) -> Result<Html<String>, PageError> {
    let items = comments::inbox(&state.pool, page.user.id).await?;
    let items: Vec<Value> = items
        .into_iter()
        .map(|item| {
            let parts = crate::domain::comment::parts(&item.comment.body);
            context! { item => Value::from_serialize(&item), parts => Value::from_serialize(&parts) }
        })
        .collect();
    let context = context! { items, ..Value::from_serialize(page.chrome("inbox")) };
    Ok(templates::render("inbox.html", context)?)
}

/// Marks every comment of the inbox read.
pub async fn post_read(
    State(state): State<AppState>,
    page: Page,
    CsrfForm(_): CsrfForm<TokenOnly>,
) -> Result<Redirect, PageError> {
    comments::mark_read(&state.pool, page.user.id, None).await?;
    Ok(Redirect::to("/inbox"))
}
