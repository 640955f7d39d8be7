//! The HTTP layer: one router listing every route, thin handlers, one error type.

mod analysis;
mod article_files;
mod articles;
mod assets;
mod auth;
mod error;
mod extract;
mod glossaries;
mod glossary_files;
mod health;
mod openapi;
mod pages;
mod quality;
mod replace;
mod request_log;
mod security_headers;
mod segments;
mod sign_in;
mod templates;
mod tm;

use std::future::Future;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use sqlx::PgPool;
use tokio::net::TcpListener;
use tower_sessions::cookie::SameSite;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::password::Passwords;
use crate::store::tm::KeyRarity;
use crate::terms::TermCache;
pub use error::ApiError;

/// What every handler may reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub pool: PgPool,
    /// How passwords are checked.
    pub passwords: Passwords,
    /// The largest request body accepted.
    pub max_body_bytes: usize,
    /// Glossary term indexes, by glossary versions.
    pub terms: TermCache,
    /// Whether the session cookie is marked Secure (HTTPS deployments).
    pub secure_cookies: bool,
    /// How common each word of the translation memory is, for fuzzy lookups.
    pub key_rarity: KeyRarity,
}

/// Every route of the application, in one place. Paths under `/api/v1` come from each handler's
/// `#[utoipa::path]`, which also puts it in the OpenAPI document; one `routes!` per path.
pub fn router(state: AppState) -> Router {
    let (api, document) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(auth::create_session, auth::get_session, auth::delete_session))
        .routes(routes!(articles::create_article, articles::list_articles))
        .routes(routes!(articles::get_article, articles::update_article))
        .routes(routes!(articles::get_article_history))
        .routes(routes!(articles::get_article_progress))
        .routes(routes!(replace::find_segments))
        .routes(routes!(replace::preview_replace, replace::replace_in_targets))
        .routes(routes!(analysis::get_article_analysis, analysis::refresh_article_analysis))
        .routes(routes!(analysis::get_rates, analysis::update_rates))
        .routes(routes!(article_files::export_article))
        .routes(routes!(article_files::import_into_article))
        .routes(routes!(article_files::import_new_article))
        .routes(routes!(segments::save_segment))
        .routes(routes!(segments::list_revisions))
        .routes(routes!(segments::revert_segment))
        .routes(routes!(segments::split_segment))
        .routes(routes!(segments::merge_segment))
        .routes(routes!(quality::get_article_qa))
        .routes(routes!(quality::ignore_finding))
        .routes(routes!(tm::list_suggestions))
        .routes(routes!(tm::search_tm))
        .routes(routes!(tm::import_tm))
        .routes(routes!(tm::export_tm))
        .routes(routes!(glossaries::create_glossary, glossaries::list_glossaries))
        .routes(routes!(glossaries::list_entries, glossaries::create_entry))
        .routes(routes!(glossaries::update_entry, glossaries::delete_entry))
        .routes(routes!(glossary_files::import_glossary))
        .routes(routes!(glossary_files::export_glossary))
        .split_for_parts();
    let document = Arc::new(document);
    let api = api
        .route("/openapi.json", get(move || async move { axum::Json(document.as_ref().clone()) }))
        .fallback(|| async { ApiError::NotFound("route") })
        .layer(DefaultBodyLimit::max(state.max_body_bytes))
        .layer(sessions(&state));
    let pages = Router::new()
        .route("/", get(pages::dashboard::get_dashboard))
        .route("/login", get(pages::login::get_login).post(pages::login::post_login))
        .route("/logout", post(pages::login::post_logout))
        .route("/articles/new", post(pages::dashboard::post_new_article))
        .route("/articles/{id}", get(pages::editor::get_editor))
        .route("/articles/{id}/import", post(pages::article_import::post_import_into))
        .route(
            "/articles/{id}/analysis",
            get(pages::analysis::get_analysis).post(pages::analysis::post_analysis),
        )
        .route("/articles/{id}/qa", get(pages::quality::get_report))
        .route("/findings/{id}/ignore", post(pages::quality::post_ignore))
        .route("/account", get(pages::account::get_account))
        .route("/account/password", post(pages::account::post_password))
        .route("/admin/users", get(pages::admin::get_users).post(pages::admin::post_new_user))
        .route("/admin/users/{id}", post(pages::admin::post_user))
        .route("/admin/users/{id}/password", post(pages::admin::post_reset_password))
        .route("/admin/users/{id}/tokens", post(pages::admin::post_new_token))
        .route("/admin/tokens/{id}/revoke", post(pages::admin::post_revoke_token))
        .route("/admin/rates", get(pages::analysis::get_rates).post(pages::analysis::post_rates))
        .route("/tm", get(pages::tm::get_tm))
        .route("/glossaries", get(pages::glossaries::get_glossaries))
        .route("/glossaries/new", post(pages::glossaries::post_new_glossary))
        .route("/glossaries/{id}", get(pages::glossaries::get_glossary))
        .route("/glossaries/{id}/entries", post(pages::glossaries::post_entry))
        .route(
            "/glossaries/{id}/entries/{entry}",
            get(pages::glossaries::get_entry).post(pages::glossaries::post_entry),
        )
        .route("/glossaries/{id}/import", post(pages::glossaries::post_import))
        .fallback(|| async { pages::PageError(ApiError::NotFound("page")) })
        .layer(DefaultBodyLimit::max(state.max_body_bytes))
        .layer(sessions(&state));
    let routes = Router::new()
        .route("/healthz", get(health::get_health))
        .route("/static/{file}", get(assets::get_asset))
        .nest("/api/v1", api)
        .merge(pages);
    request_log::layer(security_headers::layer(routes.with_state(state)))
}

/// Browser sessions in PostgreSQL, so that every instance knows every session. The cookie is HttpOnly,
/// SameSite=Lax (other sites' forms do not post with it), and Secure when the deployment says it is
/// served over HTTPS (a newsroom LAN often serves plain HTTP); it expires after a week without use.
fn sessions(state: &AppState) -> SessionManagerLayer<PostgresStore> {
    SessionManagerLayer::new(PostgresStore::new(state.pool.clone()))
        .with_secure(state.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(7)))
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish. Meanwhile deletes expired
/// sessions hourly (every instance does; the deletes are idempotent).
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let sweeper =
        tokio::spawn(PostgresStore::new(state.pool.clone()).continuously_delete_expired(SESSION_SWEEP));
    // The peer address feeds the per-address limit on failed sign-ins.
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, app).with_graceful_shutdown(shutdown).await;
    sweeper.abort();
    served
}

/// How often expired sessions are deleted.
const SESSION_SWEEP: std::time::Duration = std::time::Duration::from_secs(3600);
