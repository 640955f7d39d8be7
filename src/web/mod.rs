//! The HTTP layer: one router listing every route, thin handlers, one error type.

mod analysis;
mod article_files;
mod articles;
mod assets;
mod assignments;
mod auth;
mod comments;
mod csrf;
mod error;
mod extract;
mod glossaries;
mod glossary_files;
mod health;
mod live;
mod mt;
mod openapi;
mod pages;
mod quality;
mod read_cache;
mod replace;
mod report_format;
mod request_log;
mod review;
mod security_headers;
mod segments;
mod sign_in;
mod spelling;
mod statistics;
mod templates;
mod tm;
mod updates;
mod views;
mod webhooks;

use std::future::Future;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{get, on, MethodFilter, MethodRouter};
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

use crate::app::live::Live;
use crate::app::mt::Machines;
use crate::app::terms::TermCache;
use crate::auth::password::Passwords;
use crate::store::tm::KeyRarity;
pub use error::ApiError;

/// The JSON request bodies of the API, each declared beside its handler; named here for the fuzz target that
/// decodes arbitrary bytes as every one of them (`fuzz/`), as the handlers' `Json` extractor does.
pub mod bodies {
    pub use super::articles::{CreateArticle, UpdateArticle};
    pub use super::auth::Credentials;
    pub use super::comments::{CommentBody, MarkRead, Resolve};
    pub use super::glossaries::{CreateGlossary, EntryBody};
    pub use super::live::Heartbeat;
    pub use super::mt::TakeMachineTranslation;
    pub use super::quality::IgnoreFinding;
    pub use super::review::{AnnotateSegment, ScoringChange};
    pub use super::segments::{RevertSegment, SaveSegment, SplitSegment};
    pub use super::spelling::{AddWord, ChooseDictionary};
    pub use super::webhooks::NewWebhook;
}

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
    /// Answers of the article read, by what they were made from.
    pub reads: read_cache::ReadCache,
    /// Whether the session cookie is marked Secure (HTTPS deployments).
    pub secure_cookies: bool,
    /// How common each word of the translation memory is, for fuzzy lookups.
    pub key_rarity: KeyRarity,
    /// The live hub: open editors' event streams, fed by one LISTEN connection.
    pub live: Live,
    /// The machine translation engines configured.
    pub machines: Machines,
    /// New articles waiting for their analysis in the background.
    pub analyses: analysis::BackgroundAnalyses,
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
        .routes(routes!(updates::update_article_text))
        .routes(routes!(updates::list_updates))
        .routes(routes!(updates::list_source_changes))
        .routes(routes!(assignments::create_assignment, assignments::list_assignments))
        .routes(routes!(assignments::delete_assignment))
        .routes(routes!(assignments::my_assignments))
        .routes(routes!(assignments::desk_load))
        .routes(routes!(statistics::get_statistics))
        .routes(routes!(webhooks::create_webhook, webhooks::list_webhooks))
        .routes(routes!(webhooks::test_webhook))
        .routes(routes!(webhooks::list_deliveries))
        .routes(routes!(live::article_events))
        .routes(routes!(comments::add_segment_comment, comments::list_segment_comments))
        .routes(routes!(comments::resolve_segment_comments))
        .routes(routes!(comments::add_article_comment, comments::list_article_comments))
        .routes(routes!(comments::resolve_article_comments))
        .routes(routes!(comments::edit_comment))
        .routes(routes!(comments::list_comment_edits))
        .routes(routes!(comments::get_inbox))
        .routes(routes!(comments::mark_inbox_read))
        .routes(routes!(live::put_presence, live::get_presence, live::delete_presence))
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
        .routes(routes!(mt::list_machine_translations, mt::take_machine_translation))
        .routes(routes!(mt::pretranslate_article))
        .routes(routes!(mt::get_pretranslation))
        .routes(routes!(mt::get_effort_report))
        .routes(routes!(quality::get_article_qa))
        .routes(routes!(quality::ignore_finding))
        .routes(routes!(review::annotate_segment, review::list_annotations))
        .routes(routes!(review::get_article_quality))
        .routes(routes!(review::get_scoring, review::update_scoring))
        .routes(routes!(review::get_review_report))
        .routes(routes!(spelling::list_desk_words, spelling::add_desk_word))
        .routes(routes!(spelling::remove_desk_word))
        .routes(routes!(spelling::list_article_words, spelling::add_article_word))
        .routes(routes!(spelling::choose_article_dictionary))
        .routes(routes!(spelling::choose_glossary_dictionary))
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
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::api_writes))
        .layer(sessions(&state));
    let pages =
        page_table().into_iter().fold(Router::new(), |pages, (_, path, handler)| pages.route(path, handler));
    let pages = pages
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

/// One page route: method, path, handler.
type Route = (Method, &'static str, MethodRouter<AppState>);

fn route<H: Handler<T, AppState>, T: 'static>(method: Method, path: &'static str, handler: H) -> Route {
    let filter = MethodFilter::try_from(method.clone()).expect("a method pages answer");
    (method, path, on(filter, handler))
}

/// Every page route, in one place like the API's. The router is built from this table and the CSRF test walks its changes, so a page
/// added here without the check fails that test.
fn page_table() -> Vec<Route> {
    use Method as M;
    vec![
        route(M::GET, "/", pages::dashboard::get_dashboard),
        route(M::GET, "/login", pages::login::get_login),
        route(M::POST, "/login", pages::login::post_login),
        route(M::POST, "/logout", pages::login::post_logout),
        route(M::POST, "/articles/new", pages::dashboard::post_new_article),
        route(M::GET, "/articles/{id}", pages::editor::get_editor),
        route(M::POST, "/articles/{id}/import", pages::article_import::post_import_into),
        route(M::POST, "/articles/{id}/update", pages::article_update::post_update),
        route(M::POST, "/articles/{id}/settings", pages::editor::post_settings),
        route(M::GET, "/articles/{id}/assignments", pages::assignments::get_assignments),
        route(M::POST, "/articles/{id}/assignments", pages::assignments::post_assignment),
        route(M::POST, "/assignments/{id}/remove", pages::assignments::post_remove),
        route(M::GET, "/statistics", pages::assignments::get_statistics),
        route(M::GET, "/articles/{id}/analysis", pages::analysis::get_analysis),
        route(M::POST, "/articles/{id}/analysis", pages::analysis::post_analysis),
        route(M::GET, "/articles/{id}/qa", pages::quality::get_report),
        route(M::POST, "/findings/{id}/ignore", pages::quality::post_ignore),
        route(M::GET, "/quality", pages::review::get_report),
        route(M::GET, "/admin/quality", pages::review::get_scoring),
        route(M::POST, "/admin/quality", pages::review::post_scoring),
        route(M::GET, "/spelling", pages::spelling::get_words),
        route(M::POST, "/spelling/words", pages::spelling::post_word),
        route(M::POST, "/spelling/words/{id}/remove", pages::spelling::post_remove),
        route(M::GET, "/account", pages::account::get_account),
        route(M::POST, "/account/password", pages::account::post_password),
        route(M::GET, "/admin/users", pages::admin::get_users),
        route(M::POST, "/admin/users", pages::admin::post_new_user),
        route(M::POST, "/admin/users/{id}", pages::admin::post_user),
        route(M::POST, "/admin/users/{id}/password", pages::admin::post_reset_password),
        route(M::POST, "/admin/users/{id}/tokens", pages::admin::post_new_token),
        route(M::POST, "/admin/tokens/{id}/revoke", pages::admin::post_revoke_token),
        route(M::GET, "/admin/rates", pages::analysis::get_rates),
        route(M::POST, "/admin/rates", pages::analysis::post_rates),
        route(M::GET, "/admin/webhooks", pages::webhooks::get_webhooks),
        route(M::POST, "/admin/webhooks", pages::webhooks::post_webhook),
        route(M::POST, "/admin/webhooks/{id}/test", pages::webhooks::post_test),
        route(M::GET, "/admin/mt", pages::mt::get_engines),
        route(M::POST, "/admin/mt/style", pages::mt::post_house_style),
        route(M::GET, "/mt/effort", pages::mt::get_effort),
        route(M::GET, "/tm", pages::tm::get_tm),
        route(M::GET, "/inbox", pages::inbox::get_inbox),
        route(M::POST, "/inbox/read", pages::inbox::post_read),
        route(M::GET, "/glossaries", pages::glossaries::get_glossaries),
        route(M::POST, "/glossaries/new", pages::glossaries::post_new_glossary),
        route(M::GET, "/glossaries/{id}", pages::glossaries::get_glossary),
        route(M::POST, "/glossaries/{id}/entries", pages::glossaries::post_entry),
        route(M::GET, "/glossaries/{id}/entries/{entry}", pages::glossaries::get_entry),
        route(M::POST, "/glossaries/{id}/entries/{entry}", pages::glossaries::post_entry),
        route(M::POST, "/glossaries/{id}/import", pages::glossaries::post_import),
    ]
}

/// Every page route's method and path, for tests that walk them.
pub fn page_routes() -> Vec<(Method, &'static str)> {
    page_table().into_iter().map(|(method, path, _)| (method, path)).collect()
}

/// Browser sessions in PostgreSQL, so that every instance knows every session. The cookie is HttpOnly,
/// SameSite=Lax (other sites' forms do not post with it), and Secure when the deployment says it is
/// served over HTTPS (a newsroom LAN often serves plain HTTP); it expires after a week without use. A
/// session is stored only once it holds something, which is at sign-in: anonymous page views store none.
fn sessions(state: &AppState) -> SessionManagerLayer<PostgresStore> {
    SessionManagerLayer::new(PostgresStore::new(state.pool.clone()))
        .with_secure(state.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(7)))
}

/// Serves until `shutdown` resolves, then ends the live event streams and lets in-flight requests finish.
/// Meanwhile deletes expired sessions and old live events hourly (every instance does; the deletes are
/// idempotent).
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let sweeper =
        tokio::spawn(PostgresStore::new(state.pool.clone()).continuously_delete_expired(SESSION_SWEEP));
    let pruner = tokio::spawn(prune_events(state.pool.clone()));
    let deliverer = tokio::spawn(crate::app::webhooks::run(state.pool.clone()));
    let live = state.live.clone();
    let shutdown = async move {
        shutdown.await;
        live.close();
    };
    let memory = tokio::spawn(crate::store::tm::drain_continuously(state.pool.clone()));
    // The peer address feeds the per-address limit on failed sign-ins.
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, app).with_graceful_shutdown(shutdown).await;
    sweeper.abort();
    pruner.abort();
    deliverer.abort();
    memory.abort();
    served
}

async fn prune_events(pool: PgPool) {
    let mut every = tokio::time::interval(SESSION_SWEEP);
    loop {
        every.tick().await;
        if let Err(e) = crate::store::events::prune(&pool).await {
            tracing::warn!(error = %e, "could not delete old live events");
        }
    }
}

/// How often expired sessions are deleted.
const SESSION_SWEEP: std::time::Duration = std::time::Duration::from_secs(3600);
