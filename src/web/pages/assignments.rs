//! `/articles/{id}/assignments`: who translates and reviews the article (or which of its segments), by when,
//! and the form to assign (admins and reviewers); `/statistics`: the desk's work per person and period.

use axum::extract::State;
use axum::response::{Html, Redirect};
use minijinja::{context, Value};
use serde::Deserialize;
use time::PrimitiveDateTime;

use super::{Page, PageError, TokenOnly};
use crate::domain::{Role, Task};
use crate::store::{articles, assignments, users};
use crate::web::assignments::{assign, AssignmentView, NewAssignmentBody};
use crate::web::auth::require;
use crate::web::csrf::CsrfForm;
use crate::web::extract::{Path, Query};
use crate::web::statistics::{work_lines, StatisticsQuery};
use crate::web::{templates, views, ApiError, AppState};

/// The assignment form: segments are numbered as the editor shows them (from 1), both empty for the whole
/// article; the deadline is a `datetime-local` value, read as UTC.
#[derive(Debug, Deserialize)]
pub struct AssignmentForm {
    task: Task,
    user: String,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

const LOCAL: &[time::format_description::BorrowedFormatItem<'_>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");

/// The article's assignments page.
pub async fn get_assignments(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let article = articles::get(&state.pool, id).await?;
    let list: Vec<AssignmentView> = views::all(assignments::of_article(&state.pool, id).await?);
    let people = users::list(&state.pool).await?;
    let names = |task: Task| -> Vec<String> {
        people
            .iter()
            .filter(|a| !a.disabled && task.may_take(a.user.role))
            .map(|a| a.user.username.to_string())
            .collect()
    };
    let segments = articles::segments(&state.pool, id).await?.len();
    let context = context! {
        article => context! { id => article.id, title => article.title },
        assignments => list,
        translators => names(Task::Translate),
        reviewers => names(Task::Review),
        segments,
        can_assign => page.user.role.may_assign(),
        ..Value::from_serialize(page.chrome("dashboard"))
    };
    Ok(templates::render("assignments.html", context)?)
}

/// Makes an assignment from the form.
pub async fn post_assignment(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<AssignmentForm>,
) -> Result<Redirect, PageError> {
    require(page.user.role, Role::may_assign, "assign work")?;
    let deadline = match form.deadline.trim() {
        "" => None,
        given => Some(
            PrimitiveDateTime::parse(given, LOCAL)
                .map_err(|_| {
                    ApiError::Validation(format!("{given:?} is not a date and time (YYYY-MM-DDTHH:MM)"))
                })?
                .assume_utc(),
        ),
    };
    let (first_segment, last_segment) = match (number(&form.from)?, number(&form.to)?) {
        (None, None) => (None, None),
        (Some(from), Some(to)) => {
            let live = articles::segments(&state.pool, id).await?;
            let at = |n: usize| {
                live.get(n.wrapping_sub(1)).map(|s| s.id).ok_or_else(|| {
                    ApiError::Validation(format!(
                        "the article has segments 1 to {}: there is no {n}",
                        live.len()
                    ))
                })
            };
            (Some(at(from)?), Some(at(to)?))
        }
        _ => {
            return Err(
                ApiError::Validation("give both the first and the last segment, or neither".into()).into()
            )
        }
    };
    let body = NewAssignmentBody { task: form.task, user: form.user, deadline, first_segment, last_segment };
    let made = assign(&state, &page.user, id, &body).await?;
    page.confirm(format!("Assigned to {} ({}).", made.user, made.task)).await?;
    Ok(Redirect::to(&format!("/articles/{id}/assignments")))
}

/// An optional segment number of the form.
fn number(raw: &str) -> Result<Option<usize>, ApiError> {
    match raw.trim() {
        "" => Ok(None),
        given => given
            .parse()
            .map(Some)
            .map_err(|_| ApiError::Validation(format!("{given:?} is not a segment number"))),
    }
}

/// Takes an assignment back.
pub async fn post_remove(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<TokenOnly>,
) -> Result<Redirect, PageError> {
    require(page.user.role, Role::may_assign, "assign work")?;
    let article = assignments::remove(&state.pool, id).await?;
    page.confirm("The assignment is taken back.").await?;
    Ok(Redirect::to(&format!("/articles/{article}/assignments")))
}

/// The statistics page: the same lines as `GET /api/v1/statistics`, with the period form and its CSV.
pub async fn get_statistics(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<StatisticsQuery>,
) -> Result<Html<String>, PageError> {
    let lines = work_lines(&state, page.user.role, &query).await?;
    let context = context! {
        lines,
        query => context! {
            period => query.period.map_or("week", |p| p.as_str()),
            since => query.since.map(|d| d.to_string()),
            until => query.until.map(|d| d.to_string()),
        },
        ..Value::from_serialize(page.chrome("statistics"))
    };
    Ok(templates::render("statistics.html", context)?)
}
