//! `/quality`: the desk's review report per translator, origin or month (with its CSV); `/admin/quality`:
//! the weights and thresholds, for admins.

use std::collections::{BTreeMap, HashMap};

use axum::extract::State;
use axum::response::{Html, Redirect};
use minijinja::{context, Value};

use super::{Page, PageError};
use crate::domain::Role;
use crate::qa::mqm::ErrorSeverity;
use crate::store::annotations;
use crate::web::auth::require;
use crate::web::csrf::CsrfForm;
use crate::web::extract::Query;
use crate::web::review::{change_scoring, report_of, ReportQuery, ReportView, ScoringChange, ScoringView};
use crate::web::{templates, ApiError, AppState};

/// The report, grouped as asked.
pub async fn get_report(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<ReportQuery>,
) -> Result<Html<String>, PageError> {
    let report = ReportView::from(report_of(&state, &query).await?);
    let csv = format!("/api/v1/quality/report?{}&format=csv", query.as_query());
    let context = context! {
        report,
        query => Value::from_serialize(&query),
        csv,
        is_admin => page.user.role.may_administer(),
        ..Value::from_serialize(page.chrome("quality"))
    };
    Ok(templates::render("review_report.html", context)?)
}

fn admins_only(page: &Page) -> Result<(), ApiError> {
    require(page.user.role, Role::may_administer, "change how reviews are scored")
}

/// The scoring form.
pub async fn get_scoring(State(state): State<AppState>, page: Page) -> Result<Html<String>, PageError> {
    admins_only(&page)?;
    let scoring = ScoringView::from(annotations::scoring(&state.pool).await?);
    let context = context! { scoring, ..Value::from_serialize(page.chrome("quality")) };
    Ok(templates::render("quality_settings.html", context)?)
}

/// Saves the scoring form: `minor`, `major`, `critical` and `round_N` fields, all or none.
pub async fn post_scoring(
    State(state): State<AppState>,
    page: Page,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Redirect, PageError> {
    admins_only(&page)?;
    let number = |name: &str, raw: &str| {
        raw.trim()
            .parse::<f64>()
            .map_err(|_| ApiError::Validation(format!("{name}: {raw:?} is not a number")))
    };
    let mut weights = BTreeMap::new();
    let mut thresholds = BTreeMap::new();
    for (name, raw) in &form {
        if let Ok(severity) = name.parse::<ErrorSeverity>() {
            let points = number(name, raw)?;
            if points.fract() != 0.0 || !(0.0..=1000.0).contains(&points) {
                return Err(ApiError::Validation(format!(
                    "the weight of {severity} must be a whole number 0–1000"
                ))
                .into());
            }
            weights.insert(severity, points as u32);
        } else if let Some(round) = name.strip_prefix("round_") {
            let round = round.parse().map_err(|_| ApiError::Validation(format!("{name} is not a round")))?;
            thresholds.insert(round, number(name, raw)?);
        }
    }
    change_scoring(&state, ScoringChange { weights: Some(weights), thresholds }).await?;
    Ok(Redirect::to("/admin/quality"))
}
