//! `/admin/webhooks`: register hooks (the secret shown once), send a test delivery, read the log.

use axum::extract::State;
use axum::response::{Html, Redirect};
use minijinja::{context, Value};
use serde::Deserialize;

use super::{Page, PageError, TokenOnly};
use crate::domain::Role;
use crate::store::webhooks::{self, EVENTS};
use crate::web::auth::require;
use crate::web::csrf::CsrfForm;
use crate::web::extract::Path;
use crate::web::webhooks::{register, NewWebhook};
use crate::web::{templates, AppState};

/// The registration form: the URL and one checkbox per event (named by the event).
#[derive(Debug, Deserialize)]
pub struct WebhookForm {
    url: String,
    #[serde(flatten)]
    checked: std::collections::HashMap<String, String>,
}

/// The webhooks page.
pub async fn get_webhooks(State(state): State<AppState>, page: Page) -> Result<Html<String>, PageError> {
    require(page.user.role, Role::may_administer, "manage webhooks")?;
    webhooks_page(&state, &page, None).await
}

async fn webhooks_page(
    state: &AppState,
    page: &Page,
    secret: Option<String>,
) -> Result<Html<String>, PageError> {
    let mut hooks = Vec::new();
    for hook in webhooks::list(&state.pool).await? {
        let deliveries = webhooks::deliveries(&state.pool, hook.id).await?;
        let deliveries: Vec<Value> = deliveries
            .into_iter()
            .take(10)
            .map(|d| {
                context! { id => d.id, event => d.event, attempts => d.attempts, delivered => d.delivered_at.is_some(),
                last_status => d.last_status, last_response => d.last_response, last_error => d.last_error,
                given_up => d.delivered_at.is_none() && d.next_attempt_at.is_none() }
            })
            .collect();
        hooks.push(context! { id => hook.id, url => hook.url, events => hook.events, deliveries });
    }
    let context =
        context! { hooks, events => EVENTS, secret, ..Value::from_serialize(page.chrome("webhooks")) };
    Ok(templates::render("webhooks.html", context)?)
}

/// Registers a hook and shows its secret this once.
pub async fn post_webhook(
    State(state): State<AppState>,
    page: Page,
    CsrfForm(form): CsrfForm<WebhookForm>,
) -> Result<Html<String>, PageError> {
    let events = EVENTS.iter().filter(|e| form.checked.contains_key(**e)).map(|e| (*e).to_owned()).collect();
    let (_, secret) = register(&state, &page.user, &NewWebhook { url: form.url, events }).await?;
    webhooks_page(&state, &page, Some(secret)).await
}

/// The test delivery button.
pub async fn post_test(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<TokenOnly>,
) -> Result<Redirect, PageError> {
    require(page.user.role, Role::may_administer, "manage webhooks")?;
    webhooks::ping(&state.pool, id).await?;
    Ok(Redirect::to("/admin/webhooks"))
}
