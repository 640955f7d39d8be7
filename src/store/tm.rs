//! The translation memory: units recorded from saved segments or imported from TMX, fuzzy candidates for a
//! sentence, and concordance search.

use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

use super::StoreError;
use crate::domain::SegmentStatus;
use crate::text::normalize;

/// How many trigram candidates are scored for a suggestion; the best five are shown.
const CANDIDATES: i64 = 50;
/// How many concordance hits are listed.
const CONCORDANCE_HITS: i64 = 50;

/// A unit of the memory.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TmUnit {
    /// Database id.
    pub id: i64,
    /// Source language.
    pub source_lang: String,
    /// Target language.
    pub target_lang: String,
    /// The source as written.
    pub source: String,
    /// The translation.
    pub target: String,
    /// How far the translation got.
    pub status: SegmentStatus,
    /// `segment` (saved in tarjuman) or `tmx` (imported).
    pub origin: String,
    /// The article it was translated in.
    pub article_id: Option<i64>,
    /// Who translated it (user name).
    pub author: Option<String>,
    /// When it was last saved.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

const UNIT: &str =
    "SELECT t.id, t.source_lang, t.target_lang, t.source, t.target, t.status, t.origin, t.article_id,
       u.username AS author, t.updated_at
FROM tm_units t LEFT JOIN users u ON u.id = t.author_id";

/// Records a segment's saved translation, replacing the segment's earlier unit; drafts and empty
/// translations are not memory.
pub async fn record_segment(
    conn: &mut PgConnection,
    segment: i64,
    target: &str,
    status: SegmentStatus,
    author: i64,
) -> Result<(), StoreError> {
    if status < SegmentStatus::Translated || target.trim().is_empty() {
        return Ok(());
    }
    let source: String = sqlx::query_scalar("SELECT source FROM segments WHERE id = $1")
        .bind(segment)
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO tm_units (source_lang, target_lang, source, source_normalized, target, status, segment_id,
                               article_id, author_id, origin)
         SELECT a.source_lang, a.target_lang, s.source, $2, $3, $4, s.id, a.id, $5, 'segment'
         FROM segments s JOIN articles a ON a.id = s.article_id WHERE s.id = $1
         ON CONFLICT (segment_id) DO UPDATE
         SET target = EXCLUDED.target, status = EXCLUDED.status, author_id = EXCLUDED.author_id, updated_at = now()",
    )
    .bind(segment)
    .bind(normalize(&source))
    .bind(target)
    .bind(status)
    .bind(author)
    .execute(conn)
    .await?;
    Ok(())
}

/// A unit to import.
#[derive(Debug)]
pub struct ImportedUnit<'a> {
    /// Source language.
    pub source_lang: &'a str,
    /// Target language.
    pub target_lang: &'a str,
    /// Source text.
    pub source: &'a str,
    /// Target text.
    pub target: &'a str,
}

/// Imports units in one transaction: all or nothing. Returns how many were stored.
pub async fn import(pool: &PgPool, units: &[ImportedUnit<'_>], author: i64) -> Result<usize, StoreError> {
    let mut tx = pool.begin().await?;
    for unit in units {
        sqlx::query(
            "INSERT INTO tm_units (source_lang, target_lang, source, source_normalized, target, status, author_id, origin)
             VALUES ($1, $2, $3, $4, $5, 'translated', $6, 'tmx')",
        )
        .bind(unit.source_lang)
        .bind(unit.target_lang)
        .bind(unit.source)
        .bind(normalize(unit.source))
        .bind(unit.target)
        .bind(author)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(units.len())
}

/// Units whose normalised source shares enough trigrams with `source`, nearest first, for the caller to
/// score; the segment's own unit is left out.
pub async fn candidates(
    pool: &PgPool,
    source: &str,
    source_lang: &str,
    target_lang: &str,
    except_segment: Option<i64>,
) -> Result<Vec<TmUnit>, StoreError> {
    let mut tx = pool.begin().await?;
    // Below 0.3 trigram similarity a unit is far under the 70% a suggestion needs.
    sqlx::query("SET LOCAL pg_trgm.similarity_threshold = 0.3").execute(&mut *tx).await?;
    let units = sqlx::query_as(&format!(
        "{UNIT} WHERE t.source_normalized % $1 AND t.source_lang = $2 AND t.target_lang = $3
           AND t.segment_id IS DISTINCT FROM $4
         ORDER BY t.source_normalized <-> $1 LIMIT $5"
    ))
    .bind(normalize(source))
    .bind(source_lang)
    .bind(target_lang)
    .bind(except_segment)
    .bind(CANDIDATES)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(units)
}

/// Which side concordance searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The source, Arabic-normalised (so «اوكرانيا» finds «أوكرانيا»).
    Source,
    /// The translation, any letter case.
    Target,
}

/// Units containing `query`, newest first.
pub async fn search(pool: &PgPool, query: &str, side: Side) -> Result<Vec<TmUnit>, StoreError> {
    let (column, needle) = match side {
        Side::Source => ("t.source_normalized", normalize(query)),
        Side::Target => ("lower(t.target)", query.to_lowercase()),
    };
    let pattern =
        format!("%{}%", needle.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    Ok(sqlx::query_as(&format!(
        "{UNIT} WHERE {column} LIKE $1 ORDER BY t.updated_at DESC, t.id DESC LIMIT $2"
    ))
    .bind(pattern)
    .bind(CONCORDANCE_HITS)
    .fetch_all(pool)
    .await?)
}

/// Every unit of a language pair (for TMX export), oldest first.
pub async fn all(pool: &PgPool, source_lang: &str, target_lang: &str) -> Result<Vec<TmUnit>, StoreError> {
    Ok(sqlx::query_as(&format!("{UNIT} WHERE t.source_lang = $1 AND t.target_lang = $2 ORDER BY t.id"))
        .bind(source_lang)
        .bind(target_lang)
        .fetch_all(pool)
        .await?)
}
