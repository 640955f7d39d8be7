//! `/account`: one's own password.

use axum::extract::State;
use axum::response::Html;
use axum::Form;
use minijinja::{context, Value};
use serde::Deserialize;
use tower_sessions::Session;

use super::{admin, check_csrf, Page, PageError};
use crate::store::users;
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
    csrf: String,
    current: String,
    new: String,
    repeat: String,
}

/// Changes the password after checking the current one.
pub async fn post_password(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Form(form): Form<PasswordForm>,
) -> Result<Html<String>, PageError> {
    check_csrf(&session, &form.csrf).await?;
    if form.new.chars().count() < MIN_PASSWORD_CHARS {
        return render(
            &page,
            None,
            Some(&format!("the new password needs at least {MIN_PASSWORD_CHARS} characters")),
        );
    }
    if form.new != form.repeat {
        return render(&page, None, Some("the two new passwords differ"));
    }
    let found = users::for_sign_in(&state.pool, &page.user.username).await?;
    let passwords = state.passwords.clone();
    let current = form.current.clone();
    let right =
        tokio::task::spawn_blocking(move || found.is_some_and(|(_, hash)| passwords.verify(&current, &hash)))
            .await
            .map_err(|e| ApiError::Bug(e.to_string()))?;
    if !right {
        return render(&page, None, Some("the current password is wrong"));
    }
    users::set_password(&state.pool, page.user.id, &admin::hash(&state, &form.new).await?).await?;
    render(&page, Some("Your password is changed."), None)
}
