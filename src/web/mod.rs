//! The HTTP layer: one router listing every route, thin handlers, one error type.

mod error;
mod health;
mod request_log;

use std::future::Future;

use axum::routing::get;
use axum::Router;
use sqlx::PgPool;
use tokio::net::TcpListener;

pub use error::ApiError;

/// What every handler may reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub pool: PgPool,
}

/// Every route of the application, in one place.
pub fn router(state: AppState) -> Router {
    let routes = Router::new().route("/healthz", get(health::get_health));
    request_log::layer(routes.with_state(state))
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await
}
