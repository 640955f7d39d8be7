//! `/webhooks` (admins): register URLs for events, send a test delivery, read the delivery log.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::auth::{require, CurrentUser};
use super::extract::{Json, Path};
use super::{views, ApiError, AppState};
use crate::auth::webhook;
use crate::domain::Role;
use crate::store::users::User;
use crate::store::webhooks::{self, EVENTS};

/// A hook to register.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewWebhook {
    /// An `http://` or `https://` URL.
    pub(crate) url: String,
    /// Events: `article.imported`, `article.translated`, `article.reviewed`, `comment.mentioned`,
    /// `deadline.missed`.
    pub(crate) events: Vec<String>,
}

/// A registered hook.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookView {
    /// Database id.
    id: i64,
    /// Where deliveries go.
    url: String,
    /// The events it receives.
    events: Vec<String>,
    /// Whether it receives them.
    active: bool,
    /// When registered.
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
}

impl From<webhooks::Webhook> for WebhookView {
    fn from(row: webhooks::Webhook) -> Self {
        let webhooks::Webhook { id, url, events, active, created_at } = row;
        Self { id, url, events, active, created_at }
    }
}

/// A hook just registered, with its secret (shown only now).
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedWebhook {
    #[serde(flatten)]
    webhook: WebhookView,
    /// 32 bytes in hex: the HMAC-SHA256 key of `X-Tarjuman-Signature` (`sha256=` + hex of the HMAC of
    /// `"<X-Tarjuman-Timestamp>.<body>"`). Shown only in this answer.
    secret: String,
}

/// One delivery and the receiver's last answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryView {
    id: i64,
    event: String,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    attempts: i32,
    #[serde(with = "time::serde::rfc3339::option")]
    next_attempt_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    delivered_at: Option<OffsetDateTime>,
    last_status: Option<i32>,
    last_response: Option<String>,
    last_error: Option<String>,
}

impl From<webhooks::Delivery> for DeliveryView {
    fn from(row: webhooks::Delivery) -> Self {
        let webhooks::Delivery {
            id,
            event,
            created_at,
            attempts,
            next_attempt_at,
            delivered_at,
            last_status,
            last_response,
            last_error,
        } = row;
        Self {
            id,
            event,
            created_at,
            attempts,
            next_attempt_at,
            delivered_at,
            last_status,
            last_response,
            last_error,
        }
    }
}

fn admin(user: &User) -> Result<(), ApiError> {
    require(user.role, Role::may_administer, "manage webhooks")
}

/// Checks and registers a hook; shared by the API and the admin page.
pub(crate) async fn register(
    state: &AppState,
    user: &User,
    new: &NewWebhook,
) -> Result<(webhooks::Webhook, String), ApiError> {
    admin(user)?;
    let url = new.url.trim();
    let parsed: Option<axum::http::Uri> = url.parse().ok();
    if !parsed.is_some_and(|u| matches!(u.scheme_str(), Some("http" | "https")) && u.host().is_some()) {
        return Err(ApiError::Validation(format!("{url:?} is not an http:// or https:// URL")));
    }
    if new.events.is_empty() {
        return Err(ApiError::Validation("choose at least one event".into()));
    }
    if let Some(unknown) = new.events.iter().find(|e| !EVENTS.contains(&e.as_str())) {
        return Err(ApiError::Validation(format!(
            "unknown event {unknown:?} (expected one of: {})",
            EVENTS.join(", ")
        )));
    }
    let (secret, shown) = webhook::generate();
    Ok((webhooks::create(&state.pool, url, &new.events, &secret, user.id).await?, shown))
}

/// Registers a hook; the answer carries its secret, shown only this once.
#[utoipa::path(post, path = "/webhooks", tag = "webhooks", request_body = NewWebhook,
    responses((status = 201, body = CreatedWebhook), (status = 403, description = "not an admin"),
              (status = 422, description = "not an http:// or https:// URL, or an unknown event")))]
pub async fn create_webhook(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Json(body): Json<NewWebhook>,
) -> Result<(StatusCode, Json<CreatedWebhook>), ApiError> {
    let (webhook, secret) = register(&state, &user, &body).await?;
    Ok((StatusCode::CREATED, Json(CreatedWebhook { webhook: webhook.into(), secret })))
}

/// Every hook (without secrets).
#[utoipa::path(get, path = "/webhooks", tag = "webhooks",
    responses((status = 200, body = Vec<WebhookView>), (status = 403, description = "not an admin")))]
pub async fn list_webhooks(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<WebhookView>>, ApiError> {
    admin(&user)?;
    Ok(Json(views::all(webhooks::list(&state.pool).await?)))
}

/// Queues a test delivery (event `ping`).
#[utoipa::path(post, path = "/webhooks/{id}/test", tag = "webhooks", params(("id" = i64, Path, description = "webhook id")),
    responses((status = 202, description = "queued"), (status = 404, description = "no such webhook")))]
pub async fn test_webhook(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    admin(&user)?;
    webhooks::ping(&state.pool, id).await?;
    Ok(StatusCode::ACCEPTED)
}

/// A hook's deliveries, newest first, with the receiver's last answer.
#[utoipa::path(get, path = "/webhooks/{id}/deliveries", tag = "webhooks", params(("id" = i64, Path, description = "webhook id")),
    responses((status = 200, body = Vec<DeliveryView>)))]
pub async fn list_deliveries(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<DeliveryView>>, ApiError> {
    admin(&user)?;
    Ok(Json(views::all(webhooks::deliveries(&state.pool, id).await?)))
}
