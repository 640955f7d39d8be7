//! `serve` and `migrate`: the subcommands that run the database and the web server.

use tokio::net::TcpListener;

use super::{Failure, MigrateArgs, ServeArgs};
use crate::db::{Database, Opener};
use crate::setup;
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
    let database = Database::open(&args.database, Opener::Server).await?;
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
    let state = AppState {
        pool: database.pool.clone(),
        passwords,
        max_body_bytes: args.server.max_body_bytes,
        terms: Default::default(),
        secure_cookies: args.server.secure_cookies,
        key_rarity: Default::default(),
    };
    let served = web::serve(listener, state, shutdown_signal()).await;
    tracing::info!("shutting down");
    database.close().await;
    served.map_err(Failure::Serve)
}

pub(crate) async fn migrate(args: MigrateArgs) -> Result<(), Failure> {
    let database = Database::open(&args.database, Opener::Command).await?;
    println!("migrations applied: {}", database.location);
    database.close().await;
    Ok(())
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
