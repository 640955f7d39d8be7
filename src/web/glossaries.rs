//! `/glossaries`: create, list, and edit entries (concepts with their terms).

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::{require, CurrentUser};
use super::extract::{Json, Path, Query};
use super::{views, ApiError, AppState};
use crate::domain::Role;
use crate::glossary::model::{Concept, MatchMode, Term, TermStatus};
use crate::lang::LanguageTag;
use crate::store::glossaries::{self, Entry, NewGlossary};
use time::OffsetDateTime;

/// A glossary to create.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateGlossary {
    /// Unique name.
    name: String,
    /// Source language (BCP 47), e.g. `ar`.
    source_lang: String,
    /// Target language (BCP 47), e.g. `en`.
    target_lang: String,
    /// Free text.
    #[serde(default)]
    description: String,
}

/// Creates an empty glossary (terminologists and admins).
#[utoipa::path(post, path = "/glossaries", tag = "glossaries", request_body = CreateGlossary,
    responses((status = 201, body = GlossaryInfo), (status = 409, description = "name taken"),
              (status = 422, description = "bad language code")))]
pub async fn create_glossary(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Json(body): Json<CreateGlossary>,
) -> Result<(StatusCode, Json<GlossaryInfo>), ApiError> {
    require(user.role, Role::may_edit_glossaries, "edit glossaries")?;
    let (source_lang, target_lang) = (language(&body.source_lang)?, language(&body.target_lang)?);
    let new = NewGlossary {
        name: &body.name,
        source_lang: &source_lang,
        target_lang: &target_lang,
        description: &body.description,
    };
    Ok((StatusCode::CREATED, Json(glossaries::create(&state.pool, new, Some(user.id)).await?.into())))
}

/// Every glossary.
#[utoipa::path(get, path = "/glossaries", tag = "glossaries", responses((status = 200, body = Vec<GlossaryInfo>)))]
pub async fn list_glossaries(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<Vec<GlossaryInfo>>, ApiError> {
    Ok(Json(views::all(glossaries::list(&state.pool).await?)))
}

/// A term as sent and received.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TermBody {
    /// The term as written.
    pub(crate) text: String,
    /// `preferred` (default), `admitted` or `forbidden`.
    #[serde(default)]
    pub(crate) status: Option<String>,
}

/// An entry as sent (without `id`) and received.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EntryBody {
    /// Source-language terms, headword first.
    pub(crate) source_terms: Vec<TermBody>,
    /// Target-language terms, offered translation first.
    pub(crate) target_terms: Vec<TermBody>,
    /// `properNoun`, `noun`, `adjective`, `verb`, `adverb` or `other`.
    #[serde(default)]
    pub(crate) part_of_speech: Option<String>,
    /// `exact`, `proper` or `inflected`; defaults from the part of speech.
    #[serde(default)]
    pub(crate) match_mode: Option<String>,
    /// Subject field.
    #[serde(default)]
    pub(crate) domain: Option<String>,
    /// Note for translators.
    #[serde(default)]
    pub(crate) note: Option<String>,
    /// The id the entry has in glossary files (TBX id, CSV concept).
    #[serde(default)]
    pub(crate) external_id: Option<String>,
}

/// A stored entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryView {
    /// Entry id, for PUT and DELETE.
    id: i64,
    #[serde(flatten)]
    pub(crate) entry: EntryBody,
}

impl EntryBody {
    /// The concept this body describes, or what is wrong with it.
    pub(crate) fn parse(self) -> Result<Concept, ApiError> {
        let invalid = |e: crate::glossary::model::UnknownValue| ApiError::Validation(e.to_string());
        let terms = |terms: Vec<TermBody>, side: &str| -> Result<Vec<Term>, ApiError> {
            if terms.is_empty() {
                return Err(ApiError::Validation(format!("an entry needs at least one {side} term")));
            }
            terms
                .into_iter()
                .map(|t| {
                    let text = t.text.trim().to_owned();
                    if text.is_empty() {
                        return Err(ApiError::Validation(format!("a {side} term is empty")));
                    }
                    let status = t.status.as_deref().map(str::parse).transpose().map_err(invalid)?;
                    Ok(Term { text, status: status.unwrap_or(TermStatus::Preferred) })
                })
                .collect()
        };
        let part_of_speech = self
            .part_of_speech
            .as_deref()
            .filter(|p| !p.is_empty())
            .map(str::parse)
            .transpose()
            .map_err(invalid)?;
        let match_mode = match self.match_mode.as_deref().filter(|m| !m.is_empty()) {
            Some(mode) => mode.parse().map_err(invalid)?,
            None => MatchMode::default_for(part_of_speech),
        };
        let text = |field: Option<String>| field.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        Ok(Concept {
            id: text(self.external_id),
            source_terms: terms(self.source_terms, "source")?,
            target_terms: terms(self.target_terms, "target")?,
            part_of_speech,
            match_mode,
            note: text(self.note),
            domain: text(self.domain),
        })
    }
}

impl From<Entry> for EntryView {
    fn from(Entry { id, concept }: Entry) -> Self {
        let terms = |terms: Vec<Term>| {
            terms
                .into_iter()
                .map(|t| TermBody { text: t.text, status: Some(t.status.as_str().to_owned()) })
                .collect()
        };
        let entry = EntryBody {
            source_terms: terms(concept.source_terms),
            target_terms: terms(concept.target_terms),
            part_of_speech: concept.part_of_speech.map(|p| p.as_str().to_owned()),
            match_mode: Some(concept.match_mode.as_str().to_owned()),
            domain: concept.domain,
            note: concept.note,
            external_id: concept.id,
        };
        Self { id, entry }
    }
}

/// A term search.
#[derive(Debug, Deserialize, IntoParams)]
pub struct EntrySearch {
    /// Only entries with a term containing this, compared in normalised form (letter variants and
    /// diacritics folded: «اوكرانيا» finds «أوكرانيا»).
    q: Option<String>,
}

/// A glossary's entries, or those matching a search.
#[utoipa::path(get, path = "/glossaries/{id}/entries", tag = "glossaries",
    params(("id" = i64, Path, description = "glossary id"), EntrySearch),
    responses((status = 200, body = Vec<EntryView>), (status = 404, description = "no such glossary")))]
pub async fn list_entries(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
    Query(search): Query<EntrySearch>,
) -> Result<Json<Vec<EntryView>>, ApiError> {
    let q = search.q.as_deref().filter(|q| !q.trim().is_empty());
    let entries = glossaries::entries(&state.pool, id, q).await?;
    Ok(Json(entries.into_iter().map(EntryView::from).collect()))
}

/// Adds an entry (terminologists and admins).
#[utoipa::path(post, path = "/glossaries/{id}/entries", tag = "glossaries", request_body = EntryBody,
    params(("id" = i64, Path, description = "glossary id")),
    responses((status = 201, body = EntryView), (status = 422, description = "invalid entry")))]
pub async fn create_entry(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<EntryBody>,
) -> Result<(StatusCode, Json<EntryView>), ApiError> {
    require(user.role, Role::may_edit_glossaries, "edit glossaries")?;
    let entry = glossaries::add_entry(&state.pool, id, &body.parse()?, user.id).await?;
    Ok((StatusCode::CREATED, Json(entry.into())))
}

/// Replaces an entry's fields and terms (terminologists and admins).
#[utoipa::path(put, path = "/glossaries/{id}/entries/{entry}", tag = "glossaries", request_body = EntryBody,
    params(("id" = i64, Path, description = "glossary id"), ("entry" = i64, Path, description = "entry id")),
    responses((status = 200, body = EntryView), (status = 404, description = "no such entry in this glossary")))]
pub async fn update_entry(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, entry)): Path<(i64, i64)>,
    Json(body): Json<EntryBody>,
) -> Result<Json<EntryView>, ApiError> {
    require(user.role, Role::may_edit_glossaries, "edit glossaries")?;
    Ok(Json(glossaries::edit_entry(&state.pool, id, entry, &body.parse()?, user.id).await?.into()))
}

/// Removes an entry (terminologists and admins); the change log keeps it.
#[utoipa::path(delete, path = "/glossaries/{id}/entries/{entry}", tag = "glossaries",
    params(("id" = i64, Path, description = "glossary id"), ("entry" = i64, Path, description = "entry id")),
    responses((status = 204, description = "removed"), (status = 404, description = "no such entry in this glossary")))]
pub async fn delete_entry(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, entry)): Path<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    require(user.role, Role::may_edit_glossaries, "edit glossaries")?;
    glossaries::remove_entry(&state.pool, id, entry, user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A language code from a request, or 422.
pub(crate) fn language(raw: &str) -> Result<LanguageTag, ApiError> {
    LanguageTag::parse(raw).map_err(|e| ApiError::Validation(e.to_string()))
}

/// A glossary without its entries.
#[derive(Debug, Serialize, ToSchema)]
pub struct GlossaryInfo {
    /// Database id.
    id: i64,
    /// Unique name.
    name: String,
    /// Source language (BCP 47).
    #[schema(value_type = String)]
    source_lang: LanguageTag,
    /// Target language (BCP 47).
    #[schema(value_type = String)]
    target_lang: LanguageTag,
    /// Free text.
    description: String,
    /// Bumped by every change to the entries.
    version: i64,
    /// Number of entries.
    entries: i64,
    /// When it was created.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    created_at: OffsetDateTime,
}

impl From<glossaries::GlossaryInfo> for GlossaryInfo {
    fn from(row: glossaries::GlossaryInfo) -> Self {
        let glossaries::GlossaryInfo {
            id,
            name,
            source_lang,
            target_lang,
            description,
            version,
            entries,
            created_at,
        } = row;
        Self { id, name, source_lang, target_lang, description, version, entries, created_at }
    }
}
