//! `serve` and `migrate`: the subcommands that run the database and the web server.

use tokio::net::TcpListener;

use super::{Failure, MigrateArgs, ServeArgs};
use crate::app::mt::Machines;
use crate::app::setup;
use crate::config::DatabaseSettings;
use crate::db::{Database, Opener};
use crate::store;
use crate::web::{self, AppState};

pub(crate) async fn serve(args: ServeArgs) -> Result<(), Failure> {
    // Bind first: a taken port should fail in a second, before any database work.
    let listener = TcpListener::bind(&args.addr).await.map_err(|source| Failure::Listen {
        hint: if source.kind() == std::io::ErrorKind::AddrInUse {
            " (another program uses this port: stop it or choose another with --addr)"
        } else {
            ""
        },
        addr: args.addr.clone(),
        source,
    })?;
    let engines = args.mt.engines().map_err(Failure::Input)?;
    let machines = Machines::new(engines)
        .map_err(|e| Failure::Input(format!("the HTTP client for machine translation: {e}")))?;
    let database = open_up_to_date(&args.database, Opener::Server).await?;
    let url = listener.local_addr().map(|a| format!("http://{a}/")).unwrap_or_else(|_| args.addr.clone());
    let passwords = super::passwords(&args.server.passwords)?;
    let options = setup::Options { admin_password: args.admin_password.clone(), sample: !args.no_sample };
    let created = match setup::first_start(&database.pool, &passwords, options).await {
        Ok(created) => created,
        Err(e) => {
            database.close().await;
            return Err(e.into());
        }
    };
    if let Some(created) = created {
        match created.generated_password {
            Some(password) => {
                println!("first start: created user admin with password {password} (shown only now)")
            }
            None => {
                println!("first start: created user admin with the password from TARJUMAN_ADMIN_PASSWORD")
            }
        }
    }
    println!("tarjuman serves {url}");
    println!("data: {}", database.location);
    crate::app::spelling::Dictionaries::shared().report_missing();
    let state = AppState {
        pool: database.pool.clone(),
        passwords,
        max_body_bytes: args.server.max_body_bytes,
        terms: Default::default(),
        reads: Default::default(),
        secure_cookies: args.server.secure_cookies,
        key_rarity: Default::default(),
        live: Default::default(),
        machines,
        analyses: Default::default(),
    };
    let served = web::serve(listener, state, shutdown_signal()).await;
    tracing::info!("shutting down");
    database.close().await;
    served.map_err(Failure::Serve)
}

pub(crate) async fn migrate(args: MigrateArgs) -> Result<(), Failure> {
    let database = open_up_to_date(&args.database, Opener::Command).await?;
    println!("migrations applied: {}", database.location);
    database.close().await;
    Ok(())
}

/// Opens and migrates the database, then moves the memory units saves queued before a stop or a crash into
/// the memory, and computes what SQL cannot: the word keys (`tm::keys`) of memory units stored before keys
/// existed.
async fn open_up_to_date(settings: &DatabaseSettings, opener: Opener) -> Result<Database, Failure> {
    let database = Database::open(settings, opener).await?;
    if let Err(e) = store::tm::catch_up_pool(&database.pool).await {
        database.close().await;
        return Err(e.into());
    }
    match store::tm::fill_missing_keys(&database.pool).await {
        Ok(0) => Ok(database),
        Ok(filled) => {
            tracing::info!(units = filled, "indexed the words of older translation-memory units");
            Ok(database)
        }
        Err(e) => {
            database.close().await;
            Err(e.into())
        }
    }
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(signal) => signal,
        Err(e) => {
            tracing::error!(error = %e, "cannot listen for SIGTERM");
            let _ = interrupt.await;
            return;
        }
    };
    tokio::select! {
        _ = interrupt => {},
        _ = terminate.recv() => {},
    }
}
