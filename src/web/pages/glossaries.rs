//! Glossary pages: the list (`/glossaries`), one glossary with Arabic-normalised search and its entries
//! (`/glossaries/{id}`), the entry form, and file import with a preview before anything is stored.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, Redirect};
use minijinja::{context, Value};
use serde::Deserialize;

use super::{Page, PageError};
use crate::domain::Role;
use crate::glossary::error::FileFormat;
use crate::glossary::file;
use crate::store::glossaries::{self, Entry, NewGlossary};
use crate::web::articles::utf8_text;
use crate::web::auth::require;
use crate::web::csrf::{CsrfForm, CsrfMultipart};
use crate::web::extract::{field_bytes, field_text, Path, Query};
use crate::web::glossaries::{language, EntryBody, EntryView, GlossaryInfo, TermBody};
use crate::web::{templates, views, ApiError, AppState};

/// Entries shown in an import preview; the rest are counted.
const PREVIEW_ENTRIES: usize = 50;
/// Blank term rows the entry form offers for new synonyms.
const BLANK_TERM_ROWS: usize = 2;

/// The search box.
#[derive(Debug, Default, Deserialize)]
pub struct Search {
    #[serde(default)]
    q: String,
}

/// Every glossary, and the form for a new one.
pub async fn get_glossaries(State(state): State<AppState>, page: Page) -> Result<Html<String>, PageError> {
    let context = context! {
        glossaries => views::all::<_, GlossaryInfo>(glossaries::list(&state.pool).await?),
        can_edit => page.user.role.may_edit_glossaries(),
        ..Value::from_serialize(page.chrome("glossaries"))
    };
    Ok(templates::render("glossaries.html", context)?)
}

/// The new-glossary form.
#[derive(Debug, Deserialize)]
pub struct NewGlossaryForm {
    name: String,
    source_lang: String,
    target_lang: String,
    #[serde(default)]
    description: String,
}

/// Creates a glossary.
pub async fn post_new_glossary(
    State(state): State<AppState>,
    page: Page,
    CsrfForm(form): CsrfForm<NewGlossaryForm>,
) -> Result<Redirect, PageError> {
    require(page.user.role, Role::may_edit_glossaries, "edit glossaries")?;
    let (source_lang, target_lang) = (language(&form.source_lang)?, language(&form.target_lang)?);
    let new = NewGlossary {
        name: &form.name,
        source_lang: &source_lang,
        target_lang: &target_lang,
        description: &form.description,
    };
    let created = glossaries::create(&state.pool, new, Some(page.user.id)).await?;
    Ok(Redirect::to(&format!("/glossaries/{}", created.id)))
}

/// One glossary: its entries (all, or those matching the search), forms to add and import.
pub async fn get_glossary(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(search): Query<Search>,
) -> Result<Html<String>, PageError> {
    let glossary = glossaries::get(&state.pool, id).await?;
    let query = Some(search.q.trim()).filter(|q| !q.is_empty());
    let entries: Vec<EntryView> =
        glossaries::entries(&state.pool, id, query).await?.into_iter().map(EntryView::from).collect();
    let context = context! {
        glossary => GlossaryInfo::from(glossary),
        entries,
        q => search.q,
        can_edit => page.user.role.may_edit_glossaries(),
        blank_entry => blank_entry(),
        ..Value::from_serialize(page.chrome("glossaries"))
    };
    Ok(templates::render("glossary.html", context)?)
}

/// The form of one entry.
pub async fn get_entry(
    State(state): State<AppState>,
    page: Page,
    Path((id, entry)): Path<(i64, i64)>,
) -> Result<Html<String>, PageError> {
    let glossary = glossaries::get(&state.pool, id).await?;
    let found = find_entry(&state, id, entry).await?;
    let mut view = EntryView::from(found);
    pad_terms(&mut view.entry);
    let context = context! {
        glossary => GlossaryInfo::from(glossary),
        entry => view,
        can_edit => page.user.role.may_edit_glossaries(),
        ..Value::from_serialize(page.chrome("glossaries"))
    };
    Ok(templates::render("entry.html", context)?)
}

async fn find_entry(state: &AppState, glossary: i64, entry: i64) -> Result<Entry, ApiError> {
    let entries = glossaries::entries(&state.pool, glossary, None).await?;
    entries.into_iter().find(|e| e.id == entry).ok_or(ApiError::NotFound("entry"))
}

/// Saves the entry form, new (`entry` absent) or edited; `delete` removes the entry.
pub async fn post_entry(
    State(state): State<AppState>,
    page: Page,
    Path(path): Path<EntryPath>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<Redirect, PageError> {
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    require(page.user.role, Role::may_edit_glossaries, "edit glossaries")?;
    let (id, entry) = (path.id, path.entry);
    if let (Some(entry), Some(_)) = (entry, field("delete")) {
        glossaries::remove_entry(&state.pool, id, entry, page.user.id).await?;
        page.confirm("Entry deleted.").await?;
        return Ok(Redirect::to(&format!("/glossaries/{id}")));
    }
    let concept = entry_from_form(&fields).parse()?;
    let done = match entry {
        Some(entry) => {
            glossaries::edit_entry(&state.pool, id, entry, &concept, page.user.id).await?;
            "Entry saved."
        }
        None => {
            glossaries::add_entry(&state.pool, id, &concept, page.user.id).await?;
            "Entry added."
        }
    };
    page.confirm(done).await?;
    Ok(Redirect::to(&format!("/glossaries/{id}")))
}

/// `/glossaries/{id}/entries` or `/glossaries/{id}/entries/{entry}`.
#[derive(Debug, Deserialize)]
pub struct EntryPath {
    id: i64,
    entry: Option<i64>,
}

/// The form's repeated `source_text`/`source_status` (and target) fields, in order, blank rows dropped.
fn entry_from_form(fields: &[(String, String)]) -> EntryBody {
    let all =
        |name: &str| fields.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect::<Vec<_>>();
    let terms = |side: &str| {
        let (texts, statuses) = (all(&format!("{side}_text")), all(&format!("{side}_status")));
        texts
            .into_iter()
            .zip(statuses.into_iter().map(Some).chain(std::iter::repeat(None)))
            .filter(|(text, _)| !text.trim().is_empty())
            .map(|(text, status)| TermBody { text, status })
            .collect()
    };
    let one = |name: &str| all(name).into_iter().next().filter(|v| !v.trim().is_empty());
    EntryBody {
        source_terms: terms("source"),
        target_terms: terms("target"),
        part_of_speech: one("part_of_speech"),
        match_mode: one("match_mode"),
        domain: one("domain"),
        note: one("note"),
        external_id: one("external_id"),
    }
}

fn blank_entry() -> EntryBody {
    let mut entry = EntryBody {
        source_terms: Vec::new(),
        target_terms: Vec::new(),
        part_of_speech: None,
        match_mode: None,
        domain: None,
        note: None,
        external_id: None,
    };
    pad_terms(&mut entry);
    entry
}

fn pad_terms(entry: &mut EntryBody) {
    let blank = || TermBody { text: String::new(), status: Some("preferred".into()) };
    for terms in [&mut entry.source_terms, &mut entry.target_terms] {
        terms.extend(std::iter::repeat_with(blank).take(BLANK_TERM_ROWS));
    }
}

/// Import: the first post shows what the file holds (or the line of its error) and stores nothing; the
/// confirmation posts the same text back and imports it in one transaction.
pub async fn post_import(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    CsrfMultipart(mut form): CsrfMultipart,
) -> Result<(StatusCode, Html<String>), PageError> {
    let (mut content, mut file_name, mut confirm) = (None, String::new(), false);
    while let Some(field) = form.next_field().await.map_err(ApiError::from)? {
        match field.name().unwrap_or_default() {
            "confirm" => confirm = true,
            "file_name" => file_name = field_text(field).await?,
            "content" => content = Some(field_text(field).await?),
            "file" => {
                file_name = field.file_name().unwrap_or_default().to_owned();
                content = Some(utf8_text(&field_bytes(field).await?)?);
            }
            other => return Err(ApiError::Validation(format!("unknown form field {other:?}")).into()),
        }
    }
    require(page.user.role, Role::may_edit_glossaries, "edit glossaries")?;
    let content = content
        .filter(|c| !c.trim().is_empty())
        .ok_or(ApiError::Validation("choose a CSV or TBX file".into()))?;
    let glossary = glossaries::get(&state.pool, id).await?;
    let format = file_name
        .rsplit_once('.')
        .and_then(|(_, extension)| FileFormat::from_name(extension))
        .unwrap_or_else(|| FileFormat::sniff(content.as_bytes()));
    let read = file::read(format, content.as_bytes(), glossary.source_lang, glossary.target_lang);
    let mut imported = None;
    if let (true, Ok(read)) = (confirm, &read) {
        imported =
            Some(glossaries::import(&state.pool, id, &read.glossary.concepts, Some(page.user.id)).await?);
    }
    let (entries, total, skipped, error) = match &read {
        Ok(read) => {
            let entries: Vec<EntryView> = read
                .glossary
                .concepts
                .iter()
                .take(PREVIEW_ENTRIES)
                .map(|concept| EntryView::from(Entry { id: 0, concept: concept.clone() }))
                .collect();
            let skipped: Vec<String> = read
                .one_sided
                .iter()
                .map(|s| {
                    format!(
                        "line {}: entry {} has no {} term",
                        s.position.line,
                        s.id.as_deref().unwrap_or("?"),
                        s.missing
                    )
                })
                .collect();
            (entries, read.glossary.concepts.len(), skipped, None)
        }
        Err(e) => (Vec::new(), 0, Vec::new(), Some(e.to_string())),
    };
    let refused = error.is_some();
    let context = context! {
        glossary => GlossaryInfo::from(glossaries::get(&state.pool, id).await?),
        file_name,
        content,
        entries,
        total,
        skipped,
        error,
        imported,
        ..Value::from_serialize(page.chrome("glossaries"))
    };
    // A refused file is a client error for scripts and checkers too, though the page explains it to people.
    let status = if refused { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, templates::render("glossary_import.html", context)?))
}
