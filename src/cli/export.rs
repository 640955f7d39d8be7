//! `tarjuman export ID --format F -o FILE`: an article as a file, as the API's export gives it.

use std::path::PathBuf;

use clap::Args;

use super::Failure;
use crate::app::interchange::{self, ExportError, ExportFormat};
use crate::app::terms::TermCache;
use crate::config::DatabaseSettings;
use crate::db::{Database, Opener};

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// The article's id.
    id: i64,
    /// xliff12, xliff2, tmx, csv, docx (review table), docx-target, txt or html.
    #[arg(long, default_value = "xliff12")]
    format: String,
    /// Where to write the file.
    #[arg(short, long)]
    output: PathBuf,
    #[command(flatten)]
    database: DatabaseSettings,
}

pub(crate) async fn export_article(args: ExportArgs) -> Result<(), Failure> {
    let format = ExportFormat::parse(&args.format).ok_or_else(|| {
        Failure::Input(format!(
            "unknown format {:?} (expected one of {})",
            args.format,
            ExportFormat::names()
        ))
    })?;
    let database = Database::open(&args.database, Opener::Command).await?;
    let file = interchange::export_file(&database.pool, &TermCache::default(), args.id, format, None).await;
    database.close().await;
    let file = file.map_err(|e| match e {
        ExportError::Store(e) => Failure::Store(e),
        other => Failure::Input(other.to_string()),
    })?;
    std::fs::write(&args.output, &file.bytes)
        .map_err(|e| Failure::Input(format!("{}: {e}", args.output.display())))?;
    println!(
        "exported article {} ({} segments) as {} to {}",
        args.id,
        file.segments,
        format.name(),
        args.output.display()
    );
    Ok(())
}
