//! `GET /healthz`: whether this instance and its database answer, for load balancers and monitors.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;

use super::AppState;

/// A load balancer gives up long before a hung database would time out on its own.
const DATABASE_TIMEOUT: Duration = Duration::from_secs(2);

/// The body of `/healthz`.
#[derive(Debug, Serialize)]
pub struct Health {
    status: &'static str,
    database: &'static str,
}

/// 200 when the database answers a query, 503 otherwise.
pub async fn get_health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let ping = tokio::time::timeout(DATABASE_TIMEOUT, sqlx::query("SELECT 1").execute(&state.pool)).await;
    match ping {
        Ok(Ok(_)) => (StatusCode::OK, Json(Health { status: "ok", database: "ok" })),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "unavailable", database: "unavailable" }))
        }
        Err(_) => {
            tracing::warn!("health check: database timed out");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "unavailable", database: "timeout" }))
        }
    }
}
