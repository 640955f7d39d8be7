//! `/spelling`: the desk's word lists, which every article's spelling check accepts; terminologists and
//! admins add and remove words.

use axum::extract::State;
use axum::response::{Html, Redirect};
use minijinja::{context, Value};
use serde::Deserialize;

use super::{Page, PageError, TokenOnly};
use crate::domain::Role;
use crate::store::spelling;
use crate::web::auth::require;
use crate::web::csrf::CsrfForm;
use crate::web::extract::Path;
use crate::web::spelling::word;
use crate::web::{templates, views, AppState};

/// The desk's lists are per language; the desk translates into English.
const LANG: &str = "en";

/// The English desk list.
pub async fn get_words(State(state): State<AppState>, page: Page) -> Result<Html<String>, PageError> {
    let words: Vec<crate::web::spelling::WordView> =
        views::all(spelling::list(&state.pool, LANG, None).await?);
    let context = context! {
        words,
        can_edit => page.user.role.may_edit_glossaries(),
        ..Value::from_serialize(page.chrome("glossaries"))
    };
    Ok(templates::render("spelling_words.html", context)?)
}

/// A word to add.
#[derive(Debug, Deserialize)]
pub struct AddWordForm {
    word: String,
}

/// Adds a word to the desk's list.
pub async fn post_word(
    State(state): State<AppState>,
    page: Page,
    CsrfForm(form): CsrfForm<AddWordForm>,
) -> Result<Redirect, PageError> {
    require(page.user.role, Role::may_edit_glossaries, "edit the desk's word list")?;
    spelling::add(&state.pool, LANG, None, word(&form.word)?, page.user.id).await?;
    Ok(Redirect::to("/spelling"))
}

/// Removes a word of the desk's list.
pub async fn post_remove(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _: CsrfForm<TokenOnly>,
) -> Result<Redirect, PageError> {
    require(page.user.role, Role::may_edit_glossaries, "edit the desk's word list")?;
    spelling::remove(&state.pool, LANG, None, id).await?;
    Ok(Redirect::to("/spelling"))
}
