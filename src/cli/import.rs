//! `tarjuman import` (an article) and `tarjuman glossary import` (a CSV or TBX file).

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::Failure;
use crate::app::interchange::{self, ArticleFile, ArticleParts};
use crate::app::mt::{runs, Machines};
use crate::app::quality;
use crate::app::terms::TermCache;
use crate::config::{DatabaseSettings, MtSettings};
use crate::db::{Database, Opener};
use crate::glossary::error::FileFormat;
use crate::glossary::file;
use crate::lang::LanguageTag;
use crate::store::articles::{NewArticle, NewSegment, OriginalFile};
use crate::store::glossaries::{self, NewGlossary};
use crate::store::users;

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// A `.txt` (UTF-8, one paragraph per line), `.html`, `.docx` or XLIFF 1.2/2 (`.xlf`) file.
    file: PathBuf,
    /// The article's title (default: an XLIFF file's title, else the file name).
    #[arg(long)]
    title: Option<String>,
    /// The language of the text (BCP 47); required unless the file (XLIFF) says.
    #[arg(long)]
    source_lang: Option<LanguageTag>,
    /// The language to translate into; required unless the file (XLIFF) says.
    #[arg(long)]
    target_lang: Option<LanguageTag>,
    /// A glossary to match, by name; repeat for several (default: every glossary of the pair).
    #[arg(long = "glossary")]
    glossaries: Vec<String>,
    /// Leave segments the translation memory knows exactly empty instead of filling them as drafts.
    #[arg(long)]
    no_pretranslate: bool,
    /// Then give every segment still empty the best machine engine's draft (the engines are configured as
    /// for `serve`: `--mt-<engine>-...` or `TARJUMAN_MT_<ENGINE>_...`).
    #[arg(long)]
    machine_translate: bool,
    /// The user recorded as importing it.
    #[arg(long = "as", default_value = "admin")]
    user: String,
    #[command(flatten)]
    database: DatabaseSettings,
    #[command(flatten)]
    mt: Box<MtSettings>,
}

/// Glossaries.
#[derive(Debug, Subcommand)]
pub(crate) enum GlossaryCommand {
    /// Import a CSV or TBX file into a new glossary, or into the existing one of that name; all or nothing.
    Import(GlossaryImportArgs),
}

#[derive(Debug, Args)]
pub(crate) struct GlossaryImportArgs {
    /// A `.csv` or `.tbx` file.
    file: PathBuf,
    /// The glossary's name (default: the file name up to its first dot).
    #[arg(long)]
    name: Option<String>,
    /// Source language (for a new glossary).
    #[arg(long, default_value = "ar")]
    source_lang: LanguageTag,
    /// Target language (for a new glossary).
    #[arg(long, default_value = "en")]
    target_lang: LanguageTag,
    #[command(flatten)]
    database: DatabaseSettings,
}

pub(crate) async fn import_article(args: ImportArgs) -> Result<(), Failure> {
    let path = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).map_err(|e| Failure::Input(format!("{path}: {e}")))?;
    let file_name = args.file.file_name().map(|n| n.to_string_lossy().into_owned());
    let file = interchange::read_article_file(&bytes, file_name.as_deref())
        .map_err(|e| Failure::Input(format!("{path}: {e}")))?;
    let (doc, own_title) = match &file {
        ArticleFile::Bilingual(doc) | ArticleFile::ForeignXliff { doc, .. } => {
            (Some(doc), Some(doc.title.clone()))
        }
        ArticleFile::Text { title, .. } | ArticleFile::Document { title, .. } => (None, title.clone()),
    };
    let required = |what: &str| Failure::Input(format!("{path}: say the article's {what} (--{what})"));
    let source_lang = args
        .source_lang
        .clone()
        .or_else(|| doc.map(|d| d.source_lang.clone()))
        .ok_or_else(|| required("source-lang"))?;
    let target_lang = args
        .target_lang
        .clone()
        .or_else(|| doc.map(|d| d.target_lang.clone()).filter(|t| t.as_str() != "und"))
        .ok_or_else(|| required("target-lang"))?;
    // An explicit title is kept as given (a blank one is refused by the store).
    let title = args.title.clone().unwrap_or_else(|| {
        [own_title, file_name.clone()]
            .into_iter()
            .flatten()
            .find(|t| !t.trim().is_empty())
            .unwrap_or_default()
    });
    // Engines are checked before anything is stored: a missing one is an input error, not half an import.
    let machines = match args.machine_translate {
        false => None,
        true => {
            let engines = args.mt.engines().map_err(Failure::Input)?;
            if engines.is_empty() {
                let hint = "configure an engine (TARJUMAN_MT_<ENGINE>_URL or _KEY, see the README)";
                return Err(Failure::Input(format!("--machine-translate: {hint}")));
            }
            let machines = Machines::new(engines)
                .map_err(|e| Failure::Input(format!("the HTTP client for machine translation: {e}")))?;
            Some(machines)
        }
    };
    let database = Database::open(&args.database, Opener::Command).await?;
    let result = async {
        let user = users::by_name(&database.pool, &args.user).await?;
        let mut ids = Vec::new();
        for name in &args.glossaries {
            let id = glossaries::id_by_name(&database.pool, name).await?;
            ids.push(id.ok_or_else(|| Failure::Input(format!("no glossary named {name:?}")))?);
        }
        let parts = match &file {
            ArticleFile::Text { text, .. } => ArticleParts {
                segments: NewSegment::segmented(text, &source_lang),
                targets: Vec::new(),
                text: text.clone(),
            },
            ArticleFile::Bilingual(doc) | ArticleFile::ForeignXliff { doc, .. } => {
                ArticleParts::of(doc, |s| user.role.may_set(s))
            }
            ArticleFile::Document { paragraphs, .. } => {
                let (segments, text) = interchange::document_segments(paragraphs, &source_lang);
                ArticleParts { segments, targets: Vec::new(), text }
            }
        };
        let original = match &file {
            ArticleFile::Document { format, .. } => Some(OriginalFile { format: *format, bytes: &bytes }),
            ArticleFile::ForeignXliff { format, .. } => Some(OriginalFile { format: *format, bytes: &bytes }),
            _ => None,
        };
        let new = NewArticle {
            title: &title,
            source_lang: &source_lang,
            target_lang: &target_lang,
            origin_file_name: file_name.as_deref(),
            text: &parts.text,
            original,
            created_by: user.id,
            glossaries: (!ids.is_empty()).then_some(&ids[..]),
            segments: &parts.segments,
            pretranslate: !args.no_pretranslate,
        };
        let terms = TermCache::default();
        let article = quality::create_with_targets(&database.pool, &terms, new, &parts.target_refs()).await?;
        let run = match &machines {
            Some(machines) => {
                Some(runs::run_to_end(&database.pool, &terms, machines, article.id, user.id).await?)
            }
            None => None,
        };
        Ok::<_, Failure>((article, parts.segments.len(), run))
    }
    .await;
    database.close().await;
    let (article, segments, run) = result?;
    println!("imported article {} ({segments} segments): {}", article.id, article.title);
    if let Some(run) = run {
        let drafted: Vec<String> =
            run.drafted.iter().map(|d| format!("{} {}", d.segments, d.engine)).collect();
        println!(
            "machine translation {}: {} from the memory, drafted by {}, {} left empty",
            run.state,
            run.from_memory,
            if drafted.is_empty() { "no engine".to_owned() } else { drafted.join(", ") },
            run.left_empty
        );
        for failure in run.failures.iter() {
            eprintln!("{}: {}", failure.engine, failure.reason);
        }
        if let Some(error) = run.error.clone() {
            return Err(Failure::Input(error));
        }
    }
    Ok(())
}

impl GlossaryCommand {
    pub(crate) async fn run(self) -> Result<(), Failure> {
        let Self::Import(args) = self;
        let bytes =
            std::fs::read(&args.file).map_err(|e| Failure::Input(format!("{}: {e}", args.file.display())))?;
        let format = args
            .file
            .extension()
            .and_then(|e| FileFormat::from_name(&e.to_string_lossy()))
            .unwrap_or_else(|| FileFormat::sniff(&bytes));
        let name = args.name.clone().unwrap_or_else(|| stem(&args.file));
        let database = Database::open(&args.database, Opener::Command).await?;
        let result = async {
            let existing = glossaries::id_by_name(&database.pool, &name).await?;
            let (source, target) = match existing {
                Some(id) => {
                    let info = glossaries::get(&database.pool, id).await?;
                    (info.source_lang, info.target_lang)
                }
                None => (args.source_lang.clone(), args.target_lang.clone()),
            };
            let read = file::read(format, &bytes, source.clone(), target.clone())
                .map_err(|e| Failure::Input(format!("{}: {e}", args.file.display())))?;
            for skipped in &read.one_sided {
                eprintln!(
                    "{}: line {}: entry {} left out: no {} term",
                    args.file.display(),
                    skipped.position.line,
                    skipped.id.as_deref().unwrap_or("(no id)"),
                    skipped.missing
                );
            }
            let concepts = &read.glossary.concepts;
            let info = match existing {
                Some(id) => {
                    glossaries::import(&database.pool, id, concepts, None).await?;
                    glossaries::get(&database.pool, id).await?
                }
                None => {
                    let new = NewGlossary {
                        name: &name,
                        source_lang: &source,
                        target_lang: &target,
                        description: "",
                    };
                    glossaries::create_with(&database.pool, new, concepts, None).await?
                }
            };
            Ok::<_, Failure>((info, concepts.len()))
        }
        .await;
        database.close().await;
        let (info, added) = result?;
        println!("glossary {} ({}): {added} entries imported, {} in all", info.id, info.name, info.entries);
        Ok(())
    }
}

fn stem(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    name.split('.').next().unwrap_or_default().to_owned()
}
