//! The translation memory: units recorded from saved segments or imported from TMX, fuzzy candidates for a
//! sentence, and concordance search.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

use super::segments::{self, Save};
use super::StoreError;
use crate::domain::{RevisionOrigin, SegmentStatus};
use crate::inline::Code;
use crate::lang::LanguageTag;
use crate::text::normalize;
use crate::tm::keys::{keys, probe};
use crate::tm::rank::most_similar;

/// How many candidates are scored for a suggestion; the best five are shown.
const CANDIDATES: usize = 50;
/// How many units a lookup made only of common words reads at most (see `tm::keys::Probe::selective`).
const UNSELECTIVE_ROWS: i64 = 500;
/// Rows per statement when units are written in bulk: large enough that round trips stop mattering, small
/// enough to stay far below the protocol's bind-parameter and message limits.
const BATCH: usize = 1000;
/// How many concordance hits are listed.
const CONCORDANCE_HITS: i64 = 50;

/// A unit of the memory.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TmUnit {
    /// Database id.
    pub id: i64,
    /// Source language.
    pub source_lang: LanguageTag,
    /// Target language.
    pub target_lang: LanguageTag,
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

/// The columns of a [`TmUnit`] of `t`, and where they come from.
const UNIT_COLUMNS: &str =
    "t.id, t.source_lang, t.target_lang, t.source, t.target, t.status, t.origin, t.article_id,
       u.username AS author, t.updated_at";
const UNIT_FROM: &str = "FROM tm_units t LEFT JOIN users u ON u.id = t.author_id";

/// Whether a save of `target` in `status` is memory: drafts and empty translations are not.
pub(super) fn remembered(target: &str, status: SegmentStatus) -> bool {
    status >= SegmentStatus::Translated && !target.trim().is_empty()
}

/// Units moved from the outbox (migration 0012) into the memory per statement.
const DRAIN_BATCH: i64 = 1000;
/// How often a server looks for queued units: the memory lags the saves by at most about this much.
const DRAIN_EVERY: Duration = Duration::from_millis(200);

/// Moves one batch of queued units into the memory; how many were queued. `wait`: take every queued unit,
/// waiting for a drain in flight elsewhere to finish, instead of skipping the units it holds (what a
/// reader who must see every unit wants; the background worker skips them).
async fn drain_batch(conn: &mut PgConnection, wait: bool) -> Result<i64, StoreError> {
    let skip = if wait { "" } else { "SKIP LOCKED" };
    // A segment saved twice in one batch counts once, with its newest text; a batch drained later (by
    // another instance that skipped these rows) never overwrites a newer unit with an older one. A unit
    // already there is updated rather than inserted again: an insert that ends in an update computes the
    // row's trigrams for nothing (migration 0035).
    Ok(sqlx::query_scalar(&format!(
        "WITH batch AS (
             DELETE FROM tm_outbox WHERE id IN (SELECT id FROM tm_outbox ORDER BY id LIMIT $1 FOR UPDATE {skip})
             RETURNING *
         ), latest AS (
             SELECT DISTINCT ON (segment_id) * FROM batch ORDER BY segment_id, id DESC
         ), updated AS (
             UPDATE tm_units t
             SET target = l.target, status = l.status, author_id = l.author_id, updated_at = l.queued_at,
                 codes = l.codes
             FROM latest l
             WHERE t.segment_id = l.segment_id AND t.updated_at <= l.queued_at
         ), stored AS (
             INSERT INTO tm_units (source_lang, target_lang, source, source_normalized, source_keys, target, status,
                                   segment_id, article_id, author_id, origin, updated_at, codes)
             SELECT source_lang, target_lang, source, source_normalized, source_keys, target, status, segment_id,
                    article_id, author_id, 'segment', queued_at, codes
             FROM latest l
             WHERE NOT EXISTS (SELECT 1 FROM tm_units t WHERE t.segment_id = l.segment_id)
             -- Another instance's drain may store the same new segment at the same moment.
             ON CONFLICT (segment_id) DO UPDATE
             SET target = EXCLUDED.target, status = EXCLUDED.status, author_id = EXCLUDED.author_id,
                 updated_at = EXCLUDED.updated_at, codes = EXCLUDED.codes
             WHERE tm_units.updated_at <= EXCLUDED.updated_at
         )
         SELECT count(*) FROM batch"
    ))
    .bind(DRAIN_BATCH)
    .fetch_one(conn)
    .await?)
}

/// Brings the memory up to date with every save committed so far, for a reader that must see them all
/// (lookups, exports, pre-translation).
pub async fn catch_up(conn: &mut PgConnection) -> Result<(), StoreError> {
    while drain_batch(conn, true).await? > 0 {}
    Ok(())
}

/// [`catch_up`] on a connection of the pool.
pub async fn catch_up_pool(pool: &PgPool) -> Result<(), StoreError> {
    catch_up(&mut *pool.acquire().await?).await
}

/// Drains the outbox for as long as the server runs, in batches, alongside the other instances (each
/// skips the units another is moving).
pub async fn drain_continuously(pool: PgPool) {
    loop {
        let drained = match pool.acquire().await {
            Ok(mut conn) => drain_batch(&mut conn, false).await,
            Err(e) => Err(e.into()),
        };
        match drained {
            Ok(DRAIN_BATCH) => continue,
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "moving saved translations into the memory failed; retrying")
            }
        }
        tokio::time::sleep(DRAIN_EVERY).await;
    }
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
    /// What the codes of `source` and `target` stand for.
    pub codes: &'a [Code],
}

/// Imports units in one transaction: all or nothing. Returns how many were stored. The new index entries are
/// merged into the word-key index at once (a lookup scans the pending ones one by one), and the planner's
/// statistics refreshed, since lookups take the rarity of words from them and an import changes it.
pub async fn import<'a>(
    pool: &PgPool,
    rarity: &KeyRarity,
    units: &[ImportedUnit<'a>],
    author: i64,
) -> Result<usize, StoreError> {
    let started = Instant::now();
    let mut tx = pool.begin().await?;
    // Saves keep the inverted indexes' pending lists small (migrations 0008); an import would merge them a
    // thousand times over. Raised for this transaction only (the change is transactional, and saves going
    // on meanwhile keep the committed limits), put back before it commits, merged once after.
    pending_limits(&mut tx, Some(BULK_PENDING_KB)).await?;
    for batch in units.chunks(BATCH) {
        let column = |field: fn(&ImportedUnit<'a>) -> &'a str| batch.iter().map(field).collect::<Vec<_>>();
        let normalized: Vec<String> = batch.iter().map(|u| normalize(u.source)).collect();
        let keys: Vec<String> = batch.iter().map(|u| spaced_keys(u.source)).collect();
        sqlx::query(
            "INSERT INTO tm_units (source_lang, target_lang, source, source_normalized, source_keys, target, status,
                                   author_id, origin, codes)
             SELECT l, r, s, n, string_to_array(k, ' '), t, 'translated', $7, 'tmx', c
             FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $8::jsonb[])
                  AS u(l, r, s, n, k, t, c)",
        )
        .bind(column(|u| u.source_lang))
        .bind(column(|u| u.target_lang))
        .bind(column(|u| u.source))
        .bind(&normalized)
        .bind(&keys)
        .bind(column(|u| u.target))
        .bind(author)
        .bind(batch.iter().map(|u| Json(u.codes)).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await?;
    }
    pending_limits(&mut tx, None).await?;
    tx.commit().await?;
    let stored = started.elapsed();
    for (index, _) in INVERTED_INDEXES {
        sqlx::query("SELECT gin_clean_pending_list($1::regclass)").bind(index).execute(pool).await?;
    }
    let merged = started.elapsed();
    sqlx::query("ANALYZE tm_units").execute(pool).await?;
    rarity.forget();
    tracing::info!(units = units.len(), ?stored, ?merged, analysed = ?started.elapsed(), "imported into the memory");
    Ok(units.len())
}

/// The inverted indexes of the memory and the pending-list limits (kB) saves run with (migration 0008).
const INVERTED_INDEXES: &[(&str, u32)] =
    &[("tm_units_source_keys", 128), ("tm_units_source_trgm", 256), ("tm_units_target_trgm", 256)];
/// The limit of every one of them during an import: 64 MB, one merge at the end.
const BULK_PENDING_KB: u32 = 65536;

/// Sets every inverted index's pending-list limit to `bulk`, or back to its limit for saves.
async fn pending_limits(conn: &mut PgConnection, bulk: Option<u32>) -> Result<(), StoreError> {
    for (index, save_kb) in INVERTED_INDEXES {
        let kb = bulk.unwrap_or(*save_kb);
        // Names and numbers are ours; DDL takes no bind parameters.
        sqlx::query(&format!("ALTER INDEX {index} SET (gin_pending_list_limit = {kb})"))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A source's keys as one string, for `string_to_array(k, ' ')`: UNNEST cannot carry an array per row, and
/// keys never contain spaces.
fn spaced_keys(source: &str) -> String {
    keys(source).join(" ")
}

/// Gives units stored before word keys existed their keys, a batch at a time; returns how many.
pub async fn fill_missing_keys(pool: &PgPool) -> Result<u64, StoreError> {
    let mut filled = 0;
    loop {
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, source FROM tm_units WHERE source_keys IS NULL LIMIT $1")
                .bind(BATCH as i64)
                .fetch_all(pool)
                .await?;
        if rows.is_empty() {
            return Ok(filled);
        }
        let (ids, keys): (Vec<i64>, Vec<String>) =
            rows.iter().map(|(id, source)| (*id, spaced_keys(source))).unzip();
        filled += sqlx::query(
            "UPDATE tm_units t SET source_keys = string_to_array(u.k, ' ')
             FROM UNNEST($1::bigint[], $2::text[]) AS u(id, k) WHERE t.id = u.id",
        )
        .bind(&ids)
        .bind(&keys)
        .execute(pool)
        .await?
        .rows_affected();
    }
}

/// The condition that a unit `t`'s normalised source is one of `$2` (a text array), answered by the md5
/// index: the trigram index would answer it too, but by reading a posting list per trigram of a long
/// sentence.
pub(super) const EXACT_SOURCES: &str =
    "md5(t.source_normalized) IN (SELECT md5(s) FROM unnest($2::text[]) s) AND t.source_normalized = ANY($2)";

/// Fills the article's segments that have no revision yet and whose normalised source is in the memory
/// exactly: the memory's translation becomes revision 1 as a draft (`initial`, origin `tm`) for the translator
/// to confirm. Where the memory disagrees with itself, a final unit beats a reviewed one, a reviewed one a
/// translated one, and the newest wins among equals. Returns how many segments were filled.
pub async fn pretranslate(conn: &mut PgConnection, article: i64, author: i64) -> Result<usize, StoreError> {
    catch_up(conn).await?;
    let open: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, source FROM segments
         WHERE article_id = $1 AND retired_at IS NULL AND current_revision_id IS NULL AND NOT locked
         ORDER BY sort_key",
    )
    .bind(article)
    .fetch_all(&mut *conn)
    .await?;
    let normalized: Vec<String> = open.iter().map(|(_, source)| normalize(source)).collect();
    let found: HashMap<String, (String, String)> = sqlx::query_as(&format!(
        "SELECT DISTINCT ON (t.source_normalized) t.source_normalized, t.source, t.target
         FROM tm_units t JOIN articles a ON a.source_lang = t.source_lang AND a.target_lang = t.target_lang
         WHERE a.id = $1 AND {EXACT_SOURCES}
         ORDER BY t.source_normalized, array_position(ARRAY['final', 'reviewed', 'translated'], t.status),
                  t.updated_at DESC, t.id DESC"
    ))
    .bind(article)
    .bind(&normalized)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(normalized, source, target)| (normalized, (source, target)))
    .collect();
    let mut filled = 0;
    for ((segment, source), normalized) in open.iter().zip(&normalized) {
        let Some((unit_source, unit_target)) = found.get(normalized) else { continue };
        // The unit's codes renumbered for this segment's, so that the draft never holds a code the save refuses.
        let target = &crate::tm::codes::place(source, unit_source, unit_target).target;
        let save = Save {
            target,
            status: SegmentStatus::Initial,
            base_revision: 0,
            author,
            origin: RevisionOrigin::Tm,
            comment: None,
            // A draft to confirm: the checks run when the translator saves it, or in the article's report.
            findings: &[],
            judged_source: Some(source),
        };
        segments::save_in(conn, *segment, save).await?;
        filled += 1;
    }
    Ok(filled)
}

/// How common the commonest word keys are (the share of units holding each), from the planner's element
/// statistics, kept for a few minutes: reading ten thousand of them out of `pg_stats` costs more than the
/// lookup they serve, and they change only when the table is analysed. A key missing there is rarer than
/// every key listed (or the table was never analysed; then any choice of keys is correct, only slower).
#[derive(Debug, Clone, Default)]
pub struct KeyRarity {
    cached: Arc<Mutex<Option<Shares>>>,
}

/// When the statistics were read, and each listed key's share of units.
type Shares = (Instant, Arc<HashMap<String, f64>>);

/// How long statistics are trusted before they are read again.
const RARITY_FRESH_FOR: Duration = Duration::from_secs(300);

impl KeyRarity {
    async fn shares(&self, pool: &PgPool) -> Result<Arc<HashMap<String, f64>>, StoreError> {
        if let Some((read_at, shares)) = &*self.lock() {
            if read_at.elapsed() < RARITY_FRESH_FOR {
                return Ok(shares.clone());
            }
        }
        let rows: Vec<(String, f32)> = sqlx::query_as(
            "SELECT e, f FROM pg_stats, unnest(most_common_elems::text::text[], most_common_elem_freqs) AS m(e, f)
             WHERE schemaname = current_schema() AND tablename = 'tm_units' AND attname = 'source_keys'
               AND e IS NOT NULL",
        )
        .fetch_all(pool)
        .await?;
        let shares = Arc::new(rows.into_iter().map(|(key, share)| (key, f64::from(share))).collect());
        *self.lock() = Some((Instant::now(), Arc::clone(&shares)));
        Ok(shares)
    }

    /// Reads the statistics again at the next lookup (an import changed them).
    pub fn forget(&self) {
        *self.lock() = None;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Shares>> {
        // The value is replaced whole, so a panic elsewhere cannot leave it half-written.
        self.cached.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What a fuzzy lookup looks for.
#[derive(Debug, Clone, Copy)]
pub struct Lookup<'a> {
    /// The sentence.
    pub source: &'a str,
    /// Source language.
    pub source_lang: &'a LanguageTag,
    /// Target language.
    pub target_lang: &'a LanguageTag,
    /// The segment being translated, whose own unit is no suggestion.
    pub except_segment: Option<i64>,
    /// The lowest score wanted, in percent.
    pub minimum: u8,
}

/// Units that may score `lookup.minimum` percent or more against its sentence, most similar first, for the
/// caller to score: [`candidates_each`] for one sentence.
pub async fn candidates(
    pool: &PgPool,
    rarity: &KeyRarity,
    lookup: Lookup<'_>,
) -> Result<Vec<TmUnit>, StoreError> {
    Ok(candidates_each(pool, rarity, &[lookup]).await?.pop().unwrap_or_default())
}

/// The candidates of every lookup (an article's sentences): the word-key index finds the units sharing enough
/// of a sentence's rarest words (see `tm::keys`), in one statement for all of them; the most similar
/// [`CANDIDATES`] of each by trigrams (see `tm::rank`) are read whole, in one more.
pub async fn candidates_each(
    pool: &PgPool,
    rarity: &KeyRarity,
    lookups: &[Lookup<'_>],
) -> Result<Vec<Vec<TmUnit>>, StoreError> {
    let mut found = vec![Vec::new(); lookups.len()];
    let shares = rarity.shares(pool).await?;
    let mut asked = Asked::default();
    for (n, lookup) in lookups.iter().enumerate() {
        let keys = keys(lookup.source).into_iter().map(|k| {
            let share = shares.get(&k).copied().unwrap_or(0.0);
            (k, share)
        });
        let probe = probe(keys.collect(), lookup.minimum);
        if probe.keys.is_empty() {
            continue;
        }
        asked.sentence.push(n as i32);
        asked.source_lang.push(lookup.source_lang.as_str());
        asked.target_lang.push(lookup.target_lang.as_str());
        asked.normalized.push(normalize(lookup.source));
        asked.except_segment.push(lookup.except_segment);
        asked.cap.push((!probe.selective).then_some(UNSELECTIVE_ROWS));
        asked.first_group.push(asked.all_keys.len() as i32 + 1);
        let spaced =
            |keys: &[usize]| keys.iter().map(|&k| probe.keys[k].as_str()).collect::<Vec<_>>().join(" ");
        for group in probe.groups() {
            asked.all_keys.push(spaced(&group.all));
            asked.any_keys.push(spaced(&group.any));
        }
        asked.last_group.push(asked.all_keys.len() as i32);
    }
    if asked.sentence.is_empty() {
        return Ok(found);
    }
    let mut tx = pool.begin().await?;
    catch_up(&mut tx).await?;
    // The planner cannot tell how few rows a group of rare keys names, and may prefer reading the whole
    // table to a probe of the index per group; the index is always the faster way.
    sqlx::query("SET LOCAL enable_seqscan = off").execute(&mut *tx).await?;
    let rows: Vec<(i32, i64, Vec<u8>)> = sqlx::query_as(CANDIDATES_EACH)
        .bind(&asked.sentence)
        .bind(&asked.source_lang)
        .bind(&asked.target_lang)
        .bind(&asked.except_segment)
        .bind(&asked.cap)
        .bind(&asked.first_group)
        .bind(&asked.last_group)
        .bind(&asked.all_keys)
        .bind(&asked.any_keys)
        .fetch_all(&mut *tx)
        .await?;
    // The sentences' trigrams as the units' were taken: by pg_trgm, in the database.
    let sentences: Vec<(i32, Vec<u8>)> =
        sqlx::query_as("SELECT s, tm_trigrams(n) FROM unnest($1::int[], $2::text[]) AS q(s, n)")
            .bind(&asked.sentence)
            .bind(&asked.normalized)
            .fetch_all(&mut *tx)
            .await?;
    let mut per_sentence: Vec<Vec<(i64, Vec<u8>)>> = vec![Vec::new(); lookups.len()];
    for (sentence, id, trigrams) in rows {
        if let Some(candidates) = usize::try_from(sentence).ok().and_then(|n| per_sentence.get_mut(n)) {
            candidates.push((id, trigrams));
        }
    }
    let mut chosen: Vec<Vec<i64>> = vec![Vec::new(); lookups.len()];
    for (sentence, trigrams) in sentences {
        if let Some(n) = usize::try_from(sentence).ok().filter(|&n| n < lookups.len()) {
            chosen[n] = most_similar(&trigrams, &per_sentence[n], CANDIDATES);
        }
    }
    let mut ids: Vec<i64> = chosen.iter().flatten().copied().collect();
    ids.sort_unstable();
    ids.dedup();
    let units: HashMap<i64, TmUnit> =
        sqlx::query_as::<_, TmUnit>(&format!("SELECT {UNIT_COLUMNS} {UNIT_FROM} WHERE t.id = ANY($1)"))
            .bind(&ids)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|unit| (unit.id, unit))
            .collect();
    tx.commit().await?;
    for (units_found, ids) in found.iter_mut().zip(chosen) {
        *units_found = ids.iter().filter_map(|id| units.get(id).cloned()).collect();
    }
    Ok(found)
}

/// The sentences a statement of [`candidates_each`] asks about, column by column: each sentence's groups of
/// keys (`tm::keys::Group`: a candidate holds every key of `all` and one of `any`) are at
/// `first_group..=last_group` (1-based, as SQL slices are) of `all_keys` and `any_keys`, each group's keys
/// joined by spaces.
#[derive(Debug, Default)]
struct Asked<'a> {
    sentence: Vec<i32>,
    source_lang: Vec<&'a str>,
    target_lang: Vec<&'a str>,
    normalized: Vec<String>,
    except_segment: Vec<Option<i64>>,
    cap: Vec<Option<i64>>,
    first_group: Vec<i32>,
    last_group: Vec<i32>,
    all_keys: Vec<String>,
    any_keys: Vec<String>,
}

/// Per sentence, one index probe per group of keys (the index intersects the group's posting lists, so only
/// units holding every key of `all` and one of `any` are read from the table), and the units found by any
/// group once, with their trigrams. When the keys are common (see `tm::keys::Probe::selective`), the first
/// `cap` units in the table's order: each probe reads in that order and stops at `cap`, which holds every
/// unit among the first `cap` of all groups together (the units one scan of all the groups at once would
/// read first).
const CANDIDATES_EACH: &str = "
SELECT q.sentence, c.id, c.source_trigrams
FROM unnest($1::int[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::int[], $7::int[])
     AS q(sentence, source_lang, target_lang, except_segment, cap, first_group, last_group)
CROSS JOIN LATERAL (
    SELECT DISTINCT ON (k.tid) k.id, k.source_trigrams
    FROM unnest(($8::text[])[q.first_group:q.last_group], ($9::text[])[q.first_group:q.last_group])
         AS g(all_keys, any_keys)
    CROSS JOIN LATERAL (
        SELECT ctid AS tid, id, source_trigrams FROM tm_units
        WHERE source_keys @> string_to_array(g.all_keys, ' ') AND source_keys && string_to_array(g.any_keys, ' ')
          AND source_lang = q.source_lang
          AND target_lang = q.target_lang
          AND (q.except_segment IS NULL OR segment_id IS DISTINCT FROM q.except_segment)
        LIMIT q.cap) k
    ORDER BY k.tid
    LIMIT q.cap) c";

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
    catch_up_pool(pool).await?;
    let pattern =
        format!("%{}%", needle.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    Ok(sqlx::query_as(&format!(
        "SELECT {UNIT_COLUMNS} {UNIT_FROM} WHERE {column} LIKE $1 ORDER BY t.updated_at DESC, t.id DESC LIMIT $2"
    ))
    .bind(pattern)
    .bind(CONCORDANCE_HITS)
    .fetch_all(pool)
    .await?)
}

/// Which units a TMX export writes: a language pair, optionally narrowed.
#[derive(Debug, Default)]
pub struct ExportFilter<'a> {
    /// Source language.
    pub source_lang: &'a str,
    /// Target language.
    pub target_lang: &'a str,
    /// Only units translated in this article.
    pub article: Option<i64>,
    /// Only units saved at or after this time.
    pub since: Option<OffsetDateTime>,
    /// Only units saved before this time.
    pub before: Option<OffsetDateTime>,
    /// Only units in one of these states (empty: any).
    pub statuses: Vec<SegmentStatus>,
}

/// A unit as an export writes it: with what its codes stand for.
#[derive(Debug, sqlx::FromRow)]
pub struct ExportedUnit {
    /// The unit.
    #[sqlx(flatten)]
    pub unit: TmUnit,
    /// What the codes of its source and target stand for.
    pub codes: Json<Vec<Code>>,
}

/// The units an export writes, oldest first.
pub async fn export(pool: &PgPool, filter: &ExportFilter<'_>) -> Result<Vec<ExportedUnit>, StoreError> {
    catch_up_pool(pool).await?;
    let statuses: Vec<&str> = filter.statuses.iter().map(|s| s.as_str()).collect();
    Ok(sqlx::query_as(&format!(
        "SELECT {UNIT_COLUMNS}, t.codes {UNIT_FROM}
         WHERE t.source_lang = $1 AND t.target_lang = $2
           AND ($3::bigint IS NULL OR t.article_id = $3)
           AND ($4::timestamptz IS NULL OR t.updated_at >= $4)
           AND ($5::timestamptz IS NULL OR t.updated_at < $5)
           AND (cardinality($6::text[]) = 0 OR t.status = ANY($6))
         ORDER BY t.id"
    ))
    .bind(filter.source_lang)
    .bind(filter.target_lang)
    .bind(filter.article)
    .bind(filter.since)
    .bind(filter.before)
    .bind(statuses)
    .fetch_all(pool)
    .await?)
}
