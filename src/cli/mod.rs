//! The command line: `tarjuman [serve]`, `tarjuman migrate`, the account and import commands (which find
//! the database as `serve` does), and the text-engine commands.

use std::process::ExitCode;

mod accounts;
mod export;
mod import;
mod serve;
mod text;

use clap::{Args, Parser, Subcommand};

use crate::app::setup::SetupError;
use crate::auth::password::{InvalidParams, Passwords};
use crate::config::{DatabaseSettings, PasswordSettings, ServerSettings};
use crate::db::DbError;
use crate::store::StoreError;

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
    /// Import an article from a text, HTML, DOCX or XLIFF file.
    Import(import::ImportArgs),
    /// Export an article as XLIFF, TMX, CSV, DOCX, text or HTML.
    Export(export::ExportArgs),
    /// Manage glossaries.
    #[command(subcommand)]
    Glossary(import::GlossaryCommand),
    /// Split a text file into sentences.
    Segment(text::SegmentArgs),
    /// Split a text file into sentences and find glossary terms in each.
    Match(text::MatchArgs),
}

#[derive(Debug, Clone, Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "TARJUMAN_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    #[command(flatten)]
    pub database: DatabaseSettings,
    #[command(flatten)]
    pub server: ServerSettings,
    /// On first start, the admin's password (otherwise generated and printed once).
    #[arg(long, env = "TARJUMAN_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,
    /// On first start, do not import the sample article.
    #[arg(long)]
    pub no_sample: bool,
    #[command(flatten)]
    pub mt: Box<crate::config::MtSettings>,
}

#[derive(Debug, Args)]
pub(crate) struct MigrateArgs {
    #[command(flatten)]
    pub database: DatabaseSettings,
}

/// A failure that ends the process: its message is one line for the user, its code the exit status.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Failure {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("cannot listen on {addr}: {source}{hint}")]
    Listen { addr: String, source: std::io::Error, hint: &'static str },
    #[error("server error: {0}")]
    Serve(std::io::Error),
    /// Bad input from the user: a missing or malformed file, a bad argument.
    #[error("{0}")]
    Input(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Passwords(#[from] InvalidParams),
    #[error("internal error: {0}")]
    Join(#[from] tokio::task::JoinError),
    #[error("first start failed: {0}")]
    Setup(#[from] SetupError),
}

impl Failure {
    /// Bad input exits 2, like most Unix tools (a refusal by the store is bad input too: an unknown user,
    /// a taken name, an empty text); everything else 1.
    fn exit_code(&self) -> u8 {
        match self {
            Self::Input(_)
            | Self::Store(
                StoreError::NotFound(_)
                | StoreError::Invalid(_)
                | StoreError::Constraint(_)
                | StoreError::Refused(_)
                | StoreError::NotYours(_),
            ) => 2,
            _ => 1,
        }
    }
}

impl Cli {
    /// Runs the chosen subcommand.
    pub async fn run(self) -> ExitCode {
        let result = match self.command {
            None => serve::serve(self.serve).await,
            Some(Command::Serve(args)) => serve::serve(args).await,
            Some(Command::Migrate(args)) => serve::migrate(args).await,
            Some(Command::User(command)) => command.run().await,
            Some(Command::Token(command)) => command.run().await,
            Some(Command::Import(args)) => import::import_article(args).await,
            Some(Command::Export(args)) => export::export_article(args).await,
            Some(Command::Glossary(command)) => command.run().await,
            Some(Command::Segment(args)) => text::run_segment(args),
            Some(Command::Match(args)) => text::run_match(args),
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => {
                eprintln!("tarjuman: error: {failure}");
                ExitCode::from(failure.exit_code())
            }
        }
    }
}

/// The password hasher the settings ask for.
fn passwords(settings: &PasswordSettings) -> Result<Passwords, Failure> {
    Ok(Passwords::with_cost(settings.argon2_memory_kib, settings.argon2_iterations)?)
}
