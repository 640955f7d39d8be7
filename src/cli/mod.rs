//! The command line: `tarjuman [serve]`, `tarjuman migrate`, and the account commands. Each subcommand
//! finds the database as `serve` does.

mod accounts;

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use tokio::net::TcpListener;

use crate::auth::password::{InvalidParams, Passwords};
use crate::config::{DatabaseSettings, PasswordSettings, ServerSettings};
use crate::db::{Database, DbError, Opener};
use crate::store::StoreError;
use crate::web::{self, AppState};

/// tarjuman, a translation-assist workbench.
#[derive(Debug, Parser)]
#[command(name = "tarjuman", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Without a subcommand, tarjuman serves.
    #[command(flatten)]
    serve: ServeArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the workbench server (the default).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate(MigrateArgs),
    /// Manage user accounts.
    #[command(subcommand)]
    User(accounts::UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(accounts::TokenCommand),
}

#[derive(Debug, Clone, Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "TARJUMAN_ADDR", default_value = "127.0.0.1:8080")]
    addr: String,
    #[command(flatten)]
    database: DatabaseSettings,
    #[command(flatten)]
    server: ServerSettings,
}

#[derive(Debug, Args)]
struct MigrateArgs {
    #[command(flatten)]
    database: DatabaseSettings,
}

/// A failure that ends the process: its message is one line for the user, its code the exit status.
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("cannot listen on {addr}: {source}{hint}")]
    Listen { addr: String, source: std::io::Error, hint: &'static str },
    #[error("server error: {0}")]
    Serve(std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Passwords(#[from] InvalidParams),
    #[error("internal error: {0}")]
    Join(#[from] tokio::task::JoinError),
    /// The command line or its input is wrong; the message says how.
    #[error("{0}")]
    Usage(String),
}

impl Cli {
    /// Runs the chosen subcommand.
    pub async fn run(self) -> ExitCode {
        let result = match self.command {
            None => serve(self.serve).await,
            Some(Command::Serve(args)) => serve(args).await,
            Some(Command::Migrate(args)) => migrate(args).await,
            Some(Command::User(command)) => command.run().await,
            Some(Command::Token(command)) => command.run().await,
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => {
                eprintln!("tarjuman: error: {failure}");
                ExitCode::FAILURE
            }
        }
    }
}

async fn serve(args: ServeArgs) -> Result<(), Failure> {
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
    println!("tarjuman serves {url}");
    println!("data: {}", database.location);
    let passwords = passwords(&args.server.passwords)?;
    let state =
        AppState { pool: database.pool.clone(), passwords, max_body_bytes: args.server.max_body_bytes };
    let served = web::serve(listener, state, shutdown_signal()).await;
    tracing::info!("shutting down");
    database.close().await;
    served.map_err(Failure::Serve)
}

async fn migrate(args: MigrateArgs) -> Result<(), Failure> {
    let database = Database::open(&args.database, Opener::Command).await?;
    println!("migrations applied: {}", database.location);
    database.close().await;
    Ok(())
}

fn passwords(settings: &PasswordSettings) -> Result<Passwords, Failure> {
    Ok(Passwords::with_cost(settings.argon2_memory_kib, settings.argon2_iterations)?)
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
