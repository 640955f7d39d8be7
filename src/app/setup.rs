//! First start: on an empty database, an `admin` account, the shipped glossaries and a sample article, so
//! that a newcomer signs in and sees a real article with its matches at once.
//!
//! It all happens in one transaction under an advisory lock, so two instances starting together on one
//! empty database do it once, and a crash half-way leaves nothing half-done. The shipped files are compiled
//! in, so a release binary works from any directory.

use sqlx::PgPool;

use crate::auth::password::{self, Passwords};
use crate::domain::{Role, Username};
use crate::glossary::error::FileFormat;
use crate::glossary::file;
use crate::lang::LanguageTag;
use crate::store::articles::{self, NewArticle, NewSegment};
use crate::store::glossaries::{self, NewGlossary};
use crate::store::users::{self, NewUser};
use crate::store::StoreError;

/// A glossary that ships with tarjuman.
struct Shipped {
    name: &'static str,
    source_lang: &'static str,
    target_lang: &'static str,
    tbx: &'static [u8],
}

/// Every file in `glossaries/` (a test checks that none is missing here).
const GLOSSARIES: &[Shipped] = &[Shipped {
    name: "seed-world",
    source_lang: "ar",
    target_lang: "en",
    tbx: include_bytes!("../../glossaries/seed-world.ar-en.tbx"),
}];

/// The file names of [`GLOSSARIES`], for that test.
pub fn shipped_glossary_files() -> Vec<String> {
    GLOSSARIES.iter().map(|g| format!("{}.{}-{}.tbx", g.name, g.source_lang, g.target_lang)).collect()
}

const SAMPLE_TITLE: &str = "Russia sends troops to Kazakhstan (sample)";
const SAMPLE: &str = include_str!("../../samples/kazakhstan-csto.ar.txt");

/// Arbitrary, distinct from the other advisory lock keys.
const FIRST_START_LOCK: i64 = 0x7461_726a_0002;

/// What first start should do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The admin's password; generated when absent.
    pub admin_password: Option<String>,
    /// Import the sample article.
    pub sample: bool,
}

/// What first start did, when the database was empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// The admin's password, when it was generated (to be shown once).
    pub generated_password: Option<String>,
    /// The sample article's id, when imported.
    pub sample_article: Option<i64>,
}

/// Why first start failed.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// The database refused.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A shipped file did not read: a bug in the build, reported as such.
    #[error("shipped glossary {name} does not read: {message}")]
    Shipped {
        /// Its name.
        name: &'static str,
        /// Why.
        message: String,
    },
}

/// Loads the shipped glossaries that are missing (by name), and on an empty database (no users) creates the
/// admin and the sample. Returns what it created on an empty database, `None` otherwise.
pub async fn first_start(
    pool: &PgPool,
    passwords: &Passwords,
    options: Options,
) -> Result<Option<Created>, SetupError> {
    let mut tx = pool.begin().await.map_err(StoreError::from)?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(FIRST_START_LOCK)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
    for shipped in GLOSSARIES {
        if glossaries::id_by_name(&mut *tx, shipped.name).await?.is_none() {
            load_glossary(&mut tx, shipped).await?;
        }
    }
    let empty: bool = sqlx::query_scalar("SELECT NOT EXISTS (SELECT 1 FROM users)")
        .fetch_one(&mut *tx)
        .await
        .map_err(StoreError::from)?;
    if !empty {
        tx.commit().await.map_err(StoreError::from)?;
        return Ok(None);
    }
    let generated = options.admin_password.is_none().then(password::generate);
    let secret = options.admin_password.or_else(|| generated.clone()).unwrap_or_default();
    let hasher = passwords.clone();
    let hash = tokio::task::spawn_blocking(move || hasher.hash(&secret))
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
    let name = Username::parse("admin").expect("a valid user name");
    let admin =
        NewUser { username: &name, display_name: "Administrator", password_hash: &hash, role: Role::Admin };
    let admin = users::create(&mut *tx, admin).await?;
    let sample_article = if options.sample { Some(import_sample(&mut tx, admin.id).await?) } else { None };
    tx.commit().await.map_err(StoreError::from)?;
    Ok(Some(Created { generated_password: generated, sample_article }))
}

async fn load_glossary(tx: &mut sqlx::PgConnection, shipped: &Shipped) -> Result<(), SetupError> {
    let bug = |message: String| SetupError::Shipped { name: shipped.name, message };
    let lang = |tag| LanguageTag::parse(tag).map_err(|e| bug(e.to_string()));
    let (source_lang, target_lang) = (lang(shipped.source_lang)?, lang(shipped.target_lang)?);
    let read = file::read(FileFormat::Tbx, shipped.tbx, source_lang.clone(), target_lang.clone())
        .map_err(|e| bug(e.to_string()))?;
    let new = NewGlossary {
        name: shipped.name,
        source_lang: &source_lang,
        target_lang: &target_lang,
        description: "Shipped with tarjuman: names and terms of world news.",
    };
    glossaries::create_with(tx, new, &read.glossary.concepts, None).await?;
    Ok(())
}

async fn import_sample(tx: &mut sqlx::PgConnection, admin: i64) -> Result<i64, SetupError> {
    let (ar, en) = (LanguageTag::parse("ar").expect("ar"), LanguageTag::parse("en").expect("en"));
    let segments = NewSegment::segmented(SAMPLE, &ar);
    let new = NewArticle {
        title: SAMPLE_TITLE,
        source_lang: &ar,
        target_lang: &en,
        origin_file_name: Some("kazakhstan-csto.ar.txt"),
        text: SAMPLE,
        original: None,
        created_by: admin,
        glossaries: None,
        segments: &segments,
        // The memory of a first start is empty.
        pretranslate: false,
    };
    Ok(articles::create(tx, new).await?.id)
}
