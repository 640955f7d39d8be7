//! `/account`: one's own password.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::{context, Value};
use serde::Deserialize;
use tower_sessions::Session;

use super::{admin, Page, PageError};
use crate::store::users;
use crate::web::auth::restamp;
use crate::web::csrf::CsrfForm;
use crate::web::sign_in::{self, ClientAddress};
use crate::web::{templates, ApiError, AppState};

/// The shortest password accepted.
const MIN_PASSWORD_CHARS: usize = 10;

/// The password form.
pub async fn get_account(page: Page) -> Result<Html<String>, PageError> {
    render(&page, None, None)
}

fn render(page: &Page, done: Option<&str>, error: Option<&str>) -> Result<Html<String>, PageError> {
    let context =
        context! { done, error, min => MIN_PASSWORD_CHARS, ..Value::from_serialize(page.chrome("account")) };
    Ok(templates::render("account.html", context)?)
}

/// The password change.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
    repeat: String,
}

/// Changes the password after checking the current one, under the sign-in limits (so this form is no
/// way around them). Every other session of the user ends; this one is restamped and stays.
pub async fn post_password(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, PageError> {
    if form.new.chars().count() < MIN_PASSWORD_CHARS {
        let error = format!("the new password needs at least {MIN_PASSWORD_CHARS} characters");
        return refused(&page, StatusCode::UNPROCESSABLE_ENTITY, &error);
    }
    if form.new != form.repeat {
        return refused(&page, StatusCode::UNPROCESSABLE_ENTITY, "the two new passwords differ");
    }
    match sign_in::attempt(&state, &page.user.username, &form.current, &address).await {
        Ok(_) => {}
        Err(ApiError::Unauthorized(_)) => {
            return refused(&page, StatusCode::UNAUTHORIZED, "the current password is wrong")
        }
        Err(e @ ApiError::TooManyRequests(_)) => return refused(&page, e.status(), &e.to_string()),
        Err(e) => return Err(e.into()),
    }
    let hash = admin::hash(&state, &form.new).await?;
    users::set_password(&state.pool, page.user.id, &hash).await?;
    restamp(&session, &hash).await?;
    Ok(render(&page, Some("Your password is changed."), None)?.into_response())
}

fn refused(page: &Page, status: StatusCode, error: &str) -> Result<Response, PageError> {
    Ok((status, render(page, None, Some(error))?).into_response())
}
