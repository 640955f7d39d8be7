//! `/articles/{id}/qa`: the article's quality report for people, with filters and, for reviewers, a form to
//! set a finding aside with a reason.

use axum::extract::State;
use axum::response::{Html, Redirect};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use super::{Page, PageError};
use crate::app::quality;
use crate::domain::Role;
use crate::store::findings::{self, StoredFinding};
use crate::web::auth::require;
use crate::web::csrf::CsrfForm;
use crate::web::extract::{Path, Query};
use crate::web::{templates, ApiError, AppState};

/// Which findings to show.
#[derive(Debug, Default, Deserialize)]
pub struct Filter {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    severity: String,
}

/// A row of the report table: one finding and its segment.
#[derive(Serialize)]
struct Row<'a> {
    number: i64,
    segment_id: i64,
    status: &'static str,
    source: &'a str,
    target: &'a str,
    finding: &'a StoredFinding,
    span_text: Option<String>,
}

/// The report of one article, re-checked now.
pub async fn get_report(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(filter): Query<Filter>,
) -> Result<Html<String>, PageError> {
    let report = quality::report(&state.pool, &state.terms, id).await?;
    let mut kinds: Vec<&str> = Vec::new();
    let mut rows = Vec::new();
    for segment in &report.segments {
        for finding in &segment.findings {
            if !kinds.contains(&finding.kind.as_str()) {
                kinds.push(&finding.kind);
            }
            let wanted = (filter.kind.is_empty() || filter.kind == finding.kind)
                && (filter.severity.is_empty() || filter.severity == finding.severity.as_str());
            if wanted {
                rows.push(Row {
                    number: segment.index + 1,
                    segment_id: segment.id,
                    status: segment.status.as_str(),
                    source: &segment.source,
                    target: &segment.target,
                    finding,
                    span_text: finding.span.map(|span| span.excerpt(&segment.source, &segment.target)),
                });
            }
        }
    }
    kinds.sort_unstable();
    let context = context! {
        report => &report,
        rows,
        kinds,
        filter => context! { kind => filter.kind, severity => filter.severity },
        can_ignore => page.user.role.may_review(),
        ..Value::from_serialize(page.chrome("dashboard"))
    };
    Ok(templates::render("qa_report.html", context)?)
}

/// The ignore form.
#[derive(Debug, Deserialize)]
pub struct IgnoreForm {
    #[serde(default)]
    reason: String,
}

/// Sets a finding aside (reviewers), then back to the report.
pub async fn post_ignore(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<IgnoreForm>,
) -> Result<Redirect, PageError> {
    require(page.user.role, Role::may_review, "ignore quality findings")?;
    let reason = form.reason.trim();
    if reason.is_empty() {
        return Err(ApiError::Validation("say why the finding is not a problem".into()).into());
    }
    let article = findings::article_of(&state.pool, id).await?;
    findings::ignore(&state.pool, id, page.user.id, reason).await?;
    Ok(Redirect::to(&format!("/articles/{article}/qa#finding-{id}")))
}
