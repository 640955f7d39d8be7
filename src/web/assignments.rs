//! `/articles/{id}/assignments`, `/assignments/...`: an article or a range of its segments given to a
//! translator and a reviewer with deadlines (admins and reviewers assign), my open work, the desk's load.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::auth::{require, CurrentUser};
use super::extract::{Json, Path};
use super::{views, ApiError, AppState};
use crate::domain::{Role, Task};
use crate::store::articles;
use crate::store::assignments::{self, Assignment, Load, NewAssignment};
use crate::store::users::User;

/// An assignment to make.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewAssignmentBody {
    /// `translate` or `review`.
    pub(crate) task: Task,
    /// The assignee's user name: a translator, reviewer or admin for `translate`, a reviewer or admin for
    /// `review`.
    pub(crate) user: String,
    /// When it is due (RFC 3339, in the future); none: no deadline.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub(crate) deadline: Option<OffsetDateTime>,
    /// The range's first segment (id); with `last_segment`. Neither: the whole article, which replaces the
    /// article's earlier whole-article assignment for the task.
    #[serde(default)]
    pub(crate) first_segment: Option<i64>,
    /// The range's last segment (id).
    #[serde(default)]
    pub(crate) last_segment: Option<i64>,
}

/// An assignment with the words it covers now.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentView {
    id: i64,
    article_id: i64,
    /// The article's title.
    title: String,
    task: Task,
    /// The assignee.
    user: String,
    /// The range's first and last segment as the article numbers them now (`index`, from 0); null for the
    /// whole article.
    first_index: Option<i64>,
    last_index: Option<i64>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    deadline: Option<OffsetDateTime>,
    /// Source words of the live segments it covers.
    words: i64,
    /// Of those, still to translate (below `translated`) or to review (below `reviewed`).
    open_words: i64,
    /// The deadline has passed with work left.
    overdue: bool,
    /// The deadline passed with work left at some time (the `deadline.missed` webhook was raised), even if
    /// the work is done since.
    missed: bool,
    assigned_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    created_at: OffsetDateTime,
}

impl From<Assignment> for AssignmentView {
    fn from(row: Assignment) -> Self {
        let overdue = row.overdue(OffsetDateTime::now_utc());
        let Assignment {
            id,
            article_id,
            title,
            task,
            user,
            first_index,
            last_index,
            deadline,
            words,
            open_words,
            missed,
            assigned_by,
            created_at,
        } = row;
        Self {
            id,
            article_id,
            title,
            task,
            user,
            first_index,
            last_index,
            deadline,
            words,
            open_words,
            overdue,
            missed,
            assigned_by,
            created_at,
        }
    }
}

/// One person's load.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoadView {
    user: String,
    /// Words still to translate or review in their assignments.
    open_words: i64,
    /// Their assignments with work left.
    assignments: i64,
    /// Of those, past their deadline.
    overdue: i64,
    /// Words they translated or reviewed this week (ISO week, UTC), as `GET /statistics` counts them.
    done_this_week: i64,
}

impl From<Load> for LoadView {
    fn from(row: Load) -> Self {
        let Load { user, open_words, assignments, overdue, done_this_week } = row;
        Self { user, open_words, assignments, overdue, done_this_week }
    }
}

/// Checks and makes an assignment; shared by the API and the article's assignments page.
pub(crate) async fn assign(
    state: &AppState,
    user: &User,
    article: i64,
    body: &NewAssignmentBody,
) -> Result<Assignment, ApiError> {
    require(user.role, Role::may_assign, "assign work")?;
    if body.deadline.is_some_and(|d| d <= OffsetDateTime::now_utc()) {
        return Err(ApiError::Validation("the deadline has already passed".into()));
    }
    let segments = match (body.first_segment, body.last_segment) {
        (Some(first), Some(last)) => Some((first, last)),
        (None, None) => None,
        _ => return Err(ApiError::Validation("give both first_segment and last_segment, or neither".into())),
    };
    let new = NewAssignment {
        task: body.task,
        user: body.user.trim(),
        segments,
        deadline: body.deadline,
        by: user.id,
    };
    Ok(assignments::assign(&state.pool, article, new).await?)
}

/// Assigns the article, or a range of its segments, to someone for a task (admins and reviewers).
#[utoipa::path(post, path = "/articles/{id}/assignments", tag = "assignments", request_body = NewAssignmentBody,
    params(("id" = i64, Path, description = "article id")),
    responses((status = 201, body = AssignmentView), (status = 403, description = "the role does not assign"),
              (status = 404, description = "no such article"),
              (status = 422, description = "unknown user, a role that cannot do the task, segments not of the article, a past deadline")))]
pub async fn create_assignment(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<NewAssignmentBody>,
) -> Result<(StatusCode, Json<AssignmentView>), ApiError> {
    Ok((StatusCode::CREATED, Json(assign(&state, &user, id, &body).await?.into())))
}

/// The article's assignments: whole-article ones first, then ranges in article order.
#[utoipa::path(get, path = "/articles/{id}/assignments", tag = "assignments",
    params(("id" = i64, Path, description = "article id")),
    responses((status = 200, body = Vec<AssignmentView>), (status = 404, description = "no such article")))]
pub async fn list_assignments(
    State(state): State<AppState>,
    CurrentUser(_user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<AssignmentView>>, ApiError> {
    articles::get(&state.pool, id).await?;
    Ok(Json(views::all(assignments::of_article(&state.pool, id).await?)))
}

/// Takes an assignment back (admins and reviewers).
#[utoipa::path(delete, path = "/assignments/{id}", tag = "assignments",
    params(("id" = i64, Path, description = "assignment id")),
    responses((status = 204, description = "removed"), (status = 403, description = "the role does not assign"),
              (status = 404, description = "no such assignment")))]
pub async fn delete_assignment(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    require(user.role, Role::may_assign, "assign work")?;
    assignments::remove(&state.pool, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// My work: my assignments with work left (articles not archived), due first, those without a deadline
/// last.
#[utoipa::path(get, path = "/assignments/mine", tag = "assignments",
    responses((status = 200, body = Vec<AssignmentView>)))]
pub async fn my_assignments(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<AssignmentView>>, ApiError> {
    Ok(Json(views::all(assignments::open_for(&state.pool, user.id).await?)))
}

/// The desk's load per person: open words assigned, words done this week (admins and reviewers).
#[utoipa::path(get, path = "/assignments/load", tag = "assignments",
    responses((status = 200, body = Vec<LoadView>), (status = 403, description = "the role does not assign")))]
pub async fn desk_load(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<LoadView>>, ApiError> {
    require(user.role, Role::may_assign, "see the desk's load")?;
    Ok(Json(views::all(assignments::load(&state.pool, OffsetDateTime::now_utc()).await?)))
}
