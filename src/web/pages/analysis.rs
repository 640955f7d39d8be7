//! `/articles/{id}/analysis`: an article's words by match band, weighted at the site's rates, with the CSV
//! and a button to analyse again; `/admin/rates`: the rates, for admins.

use std::collections::HashMap;

use axum::extract::State;
use axum::response::{Html, Redirect};
use minijinja::{context, Value};

use super::{Page, PageError, TokenOnly};
use crate::domain::Role;
use crate::store::{analysis, articles};
use crate::web::analysis::{latest, refresh, set_rates, written, ArticleAnalysis};
use crate::web::articles::ArticleInfo;
use crate::web::auth::require;
use crate::web::csrf::CsrfForm;
use crate::web::extract::Path;
use crate::web::{templates, ApiError, AppState};

/// The band table of one article.
pub async fn get_analysis(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let article = articles::get(&state.pool, id).await?;
    let analysis = ArticleAnalysis::new(id, latest(&state, id).await?, analysis::rates(&state.pool).await?);
    let context = context! {
        article => ArticleInfo::from(article),
        analysis,
        is_admin => page.user.role.may_administer(),
        ..Value::from_serialize(page.chrome("dashboard"))
    };
    Ok(templates::render("analysis.html", context)?)
}

/// Analyses the article again against the memory as it is now.
pub async fn post_analysis(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _: CsrfForm<TokenOnly>,
) -> Result<Redirect, PageError> {
    refresh(&state, &page.user, id).await?;
    Ok(Redirect::to(&format!("/articles/{id}/analysis")))
}

fn admins_only(page: &Page) -> Result<(), ApiError> {
    require(page.user.role, Role::may_administer, "change the analysis rates")
}

/// The rates form.
pub async fn get_rates(State(state): State<AppState>, page: Page) -> Result<Html<String>, PageError> {
    admins_only(&page)?;
    let rates: Vec<Value> = analysis::rates(&state.pool)
        .await?
        .iter()
        .map(|(band, percent)| context! { band => band.as_str(), label => band.label(), percent })
        .collect();
    Ok(templates::render("rates.html", context! { rates, ..Value::from_serialize(page.chrome("rates")) })?)
}

/// Saves the rates form (`csrf` and one field per band), all or none.
pub async fn post_rates(
    State(state): State<AppState>,
    page: Page,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Redirect, PageError> {
    admins_only(&page)?;
    set_rates(&state, written(&form)?, page.user.id).await?;
    page.confirm("Rates saved: every article's weighted words use them now.").await?;
    Ok(Redirect::to("/admin/rates"))
}
