//! `/admin/users`: accounts and API tokens, for admins only. New passwords and tokens are shown once, on
//! the page that made them, and never stored in a readable form.

use axum::extract::State;
use axum::response::{Html, Redirect};
use minijinja::{context, Value};
use serde::Deserialize;
use tower_sessions::Session;

use super::{Page, PageError, TokenOnly};
use crate::auth::{password, token};
use crate::domain::{Role, Username};
use crate::store::tokens;
use crate::store::users::{self, NewUser};
use crate::web::auth::{require, restamp};
use crate::web::csrf::CsrfForm;
use crate::web::extract::Path;
use crate::web::{templates, ApiError, AppState};

fn admins_only(page: &Page) -> Result<(), ApiError> {
    require(page.user.role, Role::may_administer, "manage users")
}

/// Users and tokens.
pub async fn get_users(State(state): State<AppState>, page: Page) -> Result<Html<String>, PageError> {
    admins_only(&page)?;
    users_page(&state, &page, None).await
}

async fn users_page(state: &AppState, page: &Page, secret: Option<Value>) -> Result<Html<String>, PageError> {
    let context = context! {
        accounts => users::list(&state.pool).await?,
        tokens => tokens::list(&state.pool).await?,
        roles => ["translator", "reviewer", "terminologist", "admin"],
        secret,
        ..Value::from_serialize(page.chrome("admin"))
    };
    Ok(templates::render("admin_users.html", context)?)
}

/// The users page with a new secret of `username` on it, shown this once.
async fn shown_once(
    state: &AppState,
    page: &Page,
    what: &str,
    username: &str,
    secret: String,
) -> Result<Html<String>, PageError> {
    users_page(state, page, Some(context! { what, of => username, value => secret })).await
}

/// The new-user form.
#[derive(Debug, Deserialize)]
pub struct NewUserForm {
    username: String,
    #[serde(default)]
    display_name: String,
    role: String,
}

/// Creates a user with a generated password, shown once.
pub async fn post_new_user(
    State(state): State<AppState>,
    page: Page,
    CsrfForm(form): CsrfForm<NewUserForm>,
) -> Result<Html<String>, PageError> {
    admins_only(&page)?;
    let username = Username::parse(&form.username).map_err(|e| ApiError::Validation(e.to_string()))?;
    let role: Role =
        form.role.parse().map_err(|e: crate::domain::UnknownWord| ApiError::Validation(e.to_string()))?;
    let secret = password::generate();
    let hash = hash(&state, &secret).await?;
    let new = NewUser { username: &username, display_name: &form.display_name, password_hash: &hash, role };
    let user = users::create(&state.pool, new).await?;
    shown_once(&state, &page, "password", &user.username, secret).await
}

/// The role-and-status form of one user.
#[derive(Debug, Deserialize)]
pub struct AccountForm {
    role: String,
    #[serde(default)]
    disabled: Option<String>,
}

/// Sets a user's role and whether they are disabled.
pub async fn post_user(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<AccountForm>,
) -> Result<Redirect, PageError> {
    admins_only(&page)?;
    let role: Role =
        form.role.parse().map_err(|e: crate::domain::UnknownWord| ApiError::Validation(e.to_string()))?;
    users::update(&state.pool, id, role, form.disabled.is_some()).await?;
    let username = users::username_of(&state.pool, id).await?;
    page.confirm(format!("Saved the role and access of {username}.")).await?;
    Ok(Redirect::to("/admin/users"))
}

/// The reset-password form: the button of its confirmation sends `confirm=yes`.
#[derive(Debug, Deserialize)]
pub struct ResetForm {
    confirm: Option<String>,
}

/// The new-token form.
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

/// Gives a user a new generated password, shown once.
pub async fn post_reset_password(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> Result<Html<String>, PageError> {
    admins_only(&page)?;
    // The page asks first; a post without the answer (an old page, a stray script) changes nothing.
    if form.confirm.as_deref() != Some("yes") {
        return Err(
            ApiError::Validation("say yes to the reset: the old password stops working".into()).into()
        );
    }
    let username = users::username_of(&state.pool, id).await?;
    let secret = password::generate();
    let hash = hash(&state, &secret).await?;
    // The user's sessions end with the old password; an admin resetting their own keeps this one.
    users::set_password(&state.pool, id, &hash).await?;
    if id == page.user.id {
        restamp(&session, &hash).await?;
    }
    shown_once(&state, &page, "password", &username, secret).await
}

/// Makes an API token for a user, shown once.
pub async fn post_new_token(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<TokenForm>,
) -> Result<Html<String>, PageError> {
    admins_only(&page)?;
    let username = users::username_of(&state.pool, id).await?;
    let name = if form.name.trim().is_empty() { "token" } else { form.name.trim() };
    let (secret, stored) = token::generate();
    tokens::create(&state.pool, id, name, &stored).await?;
    shown_once(&state, &page, "API token", &username, secret).await
}

/// Revokes a token.
pub async fn post_revoke_token(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _: CsrfForm<TokenOnly>,
) -> Result<Redirect, PageError> {
    admins_only(&page)?;
    tokens::revoke(&state.pool, id).await?;
    page.confirm("Token revoked: it no longer opens the API.").await?;
    Ok(Redirect::to("/admin/users"))
}

/// argon2 is slow on purpose: off the async threads.
pub(super) async fn hash(state: &AppState, secret: &str) -> Result<String, ApiError> {
    let (passwords, secret) = (state.passwords.clone(), secret.to_owned());
    tokio::task::spawn_blocking(move || passwords.hash(&secret))
        .await
        .map_err(|e| ApiError::Bug(e.to_string()))
}
