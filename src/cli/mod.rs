//! The command line: `tarjuman [serve]`, `tarjuman migrate`, and the text-engine commands.

use std::process::ExitCode;

mod serve;
mod text;

use clap::{Args, Parser, Subcommand};

use crate::config::DatabaseSettings;
use crate::db::DbError;

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
    /// Bad input from the user: a missing or malformed file.
    #[error("{0}")]
    Input(String),
}

impl Failure {
    /// Bad input exits 2, like most Unix tools; everything else 1.
    fn exit_code(&self) -> u8 {
        match self {
            Self::Input(_) => 2,
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
