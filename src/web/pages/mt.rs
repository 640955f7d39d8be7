//! `/admin/mt`: the machine translation engines, their health and usage, the embargo rule and the house
//! style notes (admins); `/mt/effort`: the post-editing report (reviewers and admins).

use axum::extract::State;
use axum::response::{Html, Redirect};
use minijinja::{context, Value};
use serde::Deserialize;

use super::{Page, PageError};
use crate::domain::Role;
use crate::store::mt as mt_store;
use crate::web::auth::require;
use crate::web::csrf::CsrfForm;
use crate::web::extract::Query;
use crate::web::mt::{effort_lines, EffortQuery};
use crate::web::{templates, AppState};

/// The engines page.
pub async fn get_engines(State(state): State<AppState>, page: Page) -> Result<Html<String>, PageError> {
    require(page.user.role, Role::may_administer, "see the machine translation engines")?;
    let health = mt_store::health(&state.pool).await?;
    let usage = mt_store::usage_this_month(&state.pool).await?;
    let now = time::OffsetDateTime::now_utc();
    let engines: Vec<Value> = state
        .machines
        .engines()
        .iter()
        .map(|engine| {
            let h = health.iter().find(|h| h.engine == engine.name()).cloned().unwrap_or_default();
            let resting =
                h.skip_until.filter(|until| *until > now).map(|until| (until - now).whole_seconds().max(1));
            let (characters, requests) = usage.get(engine.name()).copied().unwrap_or_default();
            context! {
                name => engine.name(),
                model => engine.model,
                address => address(&engine.url),
                third_party => engine.third_party,
                key => engine.key.is_some(),
                batch_size => engine.batch_size,
                concurrency => engine.concurrency,
                timeout => engine.timeout.as_secs(),
                glossary => engine.kind.takes_glossary(),
                inline_codes => engine.inline_codes(),
                failures => h.failures,
                last_error => h.last_error,
                resting,
                characters,
                requests,
            }
        })
        .collect();
    let kept: Vec<Value> = mt_store::kept_glossaries(&state.pool)
        .await?
        .into_iter()
        .map(|k| {
            context! {
                address => address(&k.engine_url),
                pair => format!("{} → {}", k.source_lang.as_str(), k.target_lang.as_str()),
                names => k.names,
                entries => k.entries,
                glossary_id => k.glossary_id,
                error => k.error,
                made => k.created_at.date().to_string(),
            }
        })
        .collect();
    let house_style = mt_store::house_style(&state.pool).await?;
    let context = context! { engines, kept, house_style, ..Value::from_serialize(page.chrome("mt")) };
    Ok(templates::render("machine_translation.html", context)?)
}

/// An engine's address as shown: scheme, host and path, never a user or password written into the URL.
fn address(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.set_query(None);
            parsed.to_string()
        }
        Err(_) => String::from("(not a URL)"),
    }
}

/// The house style form.
#[derive(Debug, Deserialize)]
pub struct HouseStyle {
    house_style: String,
}

/// Saves the house style notes chat models are given.
pub async fn post_house_style(
    State(state): State<AppState>,
    page: Page,
    CsrfForm(form): CsrfForm<HouseStyle>,
) -> Result<Redirect, PageError> {
    require(page.user.role, Role::may_administer, "edit the house style")?;
    mt_store::set_house_style(&state.pool, &form.house_style).await?;
    Ok(Redirect::to("/admin/mt"))
}

/// The post-editing report as a page, with its CSV.
pub async fn get_effort(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<EffortQuery>,
) -> Result<Html<String>, PageError> {
    let lines = effort_lines(&state, page.user.role, &query).await?;
    let context = context! { lines, ..Value::from_serialize(page.chrome("effort")) };
    Ok(templates::render("effort.html", context)?)
}
