//! The spelling check's settings: the desk's word list per language (terminologists and admins), an
//! article's word list (whoever translates), and the dictionary an article or a glossary asks for.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

use super::auth::{require, CurrentUser};
use super::extract::{Json, Path, Query};
use super::{ApiError, AppState};
use crate::domain::Role;
use crate::lang::LanguageTag;
use crate::store::spelling::{self, ListedWord};
use crate::store::{articles, glossaries};

/// A word of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct WordView {
    /// What a removal takes.
    id: i64,
    word: String,
    /// Who added it.
    added_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    added_at: OffsetDateTime,
}

impl From<ListedWord> for WordView {
    fn from(w: ListedWord) -> Self {
        Self { id: w.id, word: w.word, added_by: w.added_by, added_at: w.added_at }
    }
}

/// A word to add.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AddWord {
    /// One word: letters, apostrophes and hyphens, no spaces, at most 100 characters.
    word: String,
}

/// Which desk list.
#[derive(Debug, Deserialize, IntoParams)]
pub struct LangQuery {
    /// The language (primary subtag; default `en`).
    lang: Option<String>,
}

fn language(query: &LangQuery) -> Result<String, ApiError> {
    let tag = LanguageTag::parse(query.lang.as_deref().unwrap_or("en"))
        .map_err(|e| ApiError::Validation(e.to_string()))?;
    Ok(tag.primary().to_owned())
}

/// A word as the lists keep it, or `422`.
pub(super) fn word(raw: &str) -> Result<&str, ApiError> {
    let word = raw.trim();
    let letters = word.chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'));
    if word.is_empty() || word.chars().count() > 100 || !letters || !word.chars().any(char::is_alphabetic) {
        return Err(ApiError::Validation(format!(
            "{word:?} is not a word (letters, apostrophes, hyphens and dots, at most 100 characters)"
        )));
    }
    Ok(word)
}

/// The desk's word list of a language: words every article's spelling check accepts.
#[utoipa::path(get, path = "/spelling/words", tag = "spelling", params(LangQuery),
    responses((status = 200, body = Vec<WordView>)))]
pub async fn list_desk_words(
    State(state): State<AppState>,
    _user: CurrentUser,
    Query(query): Query<LangQuery>,
) -> Result<Json<Vec<WordView>>, ApiError> {
    Ok(Json(super::views::all(spelling::list(&state.pool, &language(&query)?, None).await?)))
}

/// Adds a word to the desk's list (terminologists and admins); `409` when it is there already.
#[utoipa::path(post, path = "/spelling/words", tag = "spelling", params(LangQuery), request_body = AddWord,
    responses((status = 201, body = WordView), (status = 403, description = "not a terminologist"),
              (status = 409, description = "already listed"), (status = 422, description = "not a word")))]
pub async fn add_desk_word(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<LangQuery>,
    Json(body): Json<AddWord>,
) -> Result<(StatusCode, Json<WordView>), ApiError> {
    require(user.role, Role::may_edit_glossaries, "edit the desk's word list")?;
    let added = spelling::add(&state.pool, &language(&query)?, None, word(&body.word)?, user.id).await?;
    Ok((StatusCode::CREATED, Json(added.into())))
}

/// Removes a word of the desk's list (terminologists and admins).
#[utoipa::path(delete, path = "/spelling/words/{word}", tag = "spelling",
    params(("word" = i64, Path, description = "the word's id"), LangQuery),
    responses((status = 204), (status = 403, description = "not a terminologist"), (status = 404)))]
pub async fn remove_desk_word(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Query(query): Query<LangQuery>,
) -> Result<StatusCode, ApiError> {
    require(user.role, Role::may_edit_glossaries, "edit the desk's word list")?;
    spelling::remove(&state.pool, &language(&query)?, None, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The article's own word list.
#[utoipa::path(get, path = "/articles/{id}/spelling/words", tag = "spelling",
    params(("id" = i64, Path, description = "article id")),
    responses((status = 200, body = Vec<WordView>), (status = 404)))]
pub async fn list_article_words(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<WordView>>, ApiError> {
    let info = articles::get(&state.pool, id).await?;
    let lang = info.target_lang.primary().to_owned();
    Ok(Json(super::views::all(spelling::list(&state.pool, &lang, Some(id)).await?)))
}

/// Adds a word to the article's list (whoever translates); later saves and reports accept it.
#[utoipa::path(post, path = "/articles/{id}/spelling/words", tag = "spelling", request_body = AddWord,
    params(("id" = i64, Path, description = "article id")),
    responses((status = 201, body = WordView), (status = 403, description = "the role does not translate"),
              (status = 404), (status = 409, description = "already listed"), (status = 422, description = "not a word")))]
pub async fn add_article_word(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<AddWord>,
) -> Result<(StatusCode, Json<WordView>), ApiError> {
    require(user.role, Role::may_translate, "add words to an article's list")?;
    let info = articles::get(&state.pool, id).await?;
    let lang = info.target_lang.primary().to_owned();
    let added = spelling::add(&state.pool, &lang, Some(id), word(&body.word)?, user.id).await?;
    Ok((StatusCode::CREATED, Json(added.into())))
}

/// The dictionary to check with.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ChooseDictionary {
    /// A language tag of the target's language (`en-US`, `en-GB`); null: the glossaries' choice, then the
    /// target language (American for plain `en`).
    dictionary: Option<String>,
}

fn dictionary(body: &ChooseDictionary, target: &LanguageTag) -> Result<Option<LanguageTag>, ApiError> {
    let Some(raw) = body.dictionary.as_deref() else { return Ok(None) };
    let tag = LanguageTag::parse(raw).map_err(|e| ApiError::Validation(e.to_string()))?;
    if tag.primary() != target.primary() {
        return Err(ApiError::Validation(format!("a {tag} dictionary cannot check {target} text")));
    }
    Ok(Some(tag))
}

/// Chooses the article's dictionary (whoever translates), e.g. British spelling.
#[utoipa::path(put, path = "/articles/{id}/spelling", tag = "spelling", request_body = ChooseDictionary,
    params(("id" = i64, Path, description = "article id")),
    responses((status = 204), (status = 403), (status = 404), (status = 422, description = "not a tag of the target's language")))]
pub async fn choose_article_dictionary(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<ChooseDictionary>,
) -> Result<StatusCode, ApiError> {
    require(user.role, Role::may_translate, "choose an article's dictionary")?;
    let info = articles::get(&state.pool, id).await?;
    spelling::set_article_choice(&state.pool, id, dictionary(&body, &info.target_lang)?.as_ref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Chooses the dictionary of the glossary's articles that do not choose one (terminologists and admins).
#[utoipa::path(put, path = "/glossaries/{id}/spelling", tag = "spelling", request_body = ChooseDictionary,
    params(("id" = i64, Path, description = "glossary id")),
    responses((status = 204), (status = 403), (status = 404), (status = 422, description = "not a tag of the glossary's target language")))]
pub async fn choose_glossary_dictionary(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<ChooseDictionary>,
) -> Result<StatusCode, ApiError> {
    require(user.role, Role::may_edit_glossaries, "choose a glossary's dictionary")?;
    let info = glossaries::get(&state.pool, id).await?;
    spelling::set_glossary_choice(&state.pool, id, dictionary(&body, &info.target_lang)?.as_ref()).await?;
    Ok(StatusCode::NO_CONTENT)
}
