//! Analysis by match band: the site's rates, and each article's last analysis (a snapshot, because scoring
//! every sentence against a large memory is too slow to repeat on every dashboard load).

use std::collections::HashMap;

use sqlx::types::Json;
use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use time::OffsetDateTime;

use super::tm::{KeyRarity, Lookup};
use super::{articles, tm, StoreError};
use crate::tm::analysis::{repetitions, Band, Context, Rates, SegmentBand};
use crate::tm::score::score;

/// An article's analysis as it was computed.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// When.
    pub analysed_at: OffsetDateTime,
    /// Each live segment of that time, in article order.
    pub segments: Vec<SegmentBand>,
}

/// The site's rates: MateCat's defaults for every band nobody changed.
pub async fn rates(pool: &PgPool) -> Result<Rates, StoreError> {
    let rows: Vec<(String, i16)> =
        sqlx::query_as("SELECT band, percent FROM analysis_rates").fetch_all(pool).await?;
    let mut rates = Rates::default();
    for (band, percent) in rows {
        let band: Band = band.parse().map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        rates.set(band, percent.into()).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    }
    Ok(rates)
}

/// Sets the rates of some bands, in one statement; the others keep theirs (so two admins changing
/// different bands at once both get their change).
pub async fn set_rates(pool: &PgPool, changes: &[(Band, u8)], by: i64) -> Result<(), StoreError> {
    let (bands, percents): (Vec<&str>, Vec<i16>) =
        changes.iter().map(|(b, p)| (b.as_str(), i16::from(*p))).unzip();
    sqlx::query(
        "INSERT INTO analysis_rates (band, percent, updated_by)
         SELECT b, p, $3 FROM unnest($1::text[], $2::smallint[]) AS t(b, p)
         ON CONFLICT (band) DO UPDATE
         SET percent = EXCLUDED.percent, updated_by = EXCLUDED.updated_by, updated_at = now()",
    )
    .bind(bands)
    .bind(percents)
    .bind(by)
    .execute(pool)
    .await?;
    Ok(())
}

/// Analyses the article's live segments against the memory now and keeps the result. Its own units do not
/// count: an article analysed after translation would otherwise look like a string of exact matches.
pub async fn refresh(pool: &PgPool, rarity: &KeyRarity, article: i64) -> Result<Snapshot, StoreError> {
    let mut lock = one_at_a_time(pool, article).await?;
    let snapshot = analyse(pool, rarity, article, &mut lock).await?;
    lock.commit().await?;
    Ok(snapshot)
}

/// The article's last analysis while it holds: when the article has none, or the memory changed after it
/// (a unit saved or imported outside the article; its own never count), the one running now (the
/// import's) is waited for, and only if it is not current either is one made.
pub async fn latest(pool: &PgPool, rarity: &KeyRarity, article: i64) -> Result<Snapshot, StoreError> {
    if let Some(snapshot) = current(pool, article).await? {
        return Ok(snapshot);
    }
    let mut lock = one_at_a_time(pool, article).await?;
    let snapshot = match current(pool, article).await? {
        Some(snapshot) => snapshot,
        None => analyse(pool, rarity, article, &mut lock).await?,
    };
    lock.commit().await?;
    Ok(snapshot)
}

/// The article's last analysis, unless the memory changed after it (saves still in the memory's outbox
/// included: it is drained first).
async fn current(pool: &PgPool, article: i64) -> Result<Option<Snapshot>, StoreError> {
    let Some(snapshot) = snapshot(pool, article).await? else { return Ok(None) };
    super::tm::catch_up_pool(pool).await?;
    let changed: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM tm_units
                        WHERE updated_at > $2 AND article_id IS DISTINCT FROM $1)",
    )
    .bind(article)
    .bind(snapshot.analysed_at)
    .fetch_one(pool)
    .await?;
    Ok((!changed).then_some(snapshot))
}

/// A transaction holding the article's analysis lock: analyses of one article run one after the other, so
/// a request arriving during the import's analysis waits for it instead of doing the same work again.
async fn one_at_a_time(pool: &PgPool, article: i64) -> Result<Transaction<'static, Postgres>, StoreError> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(ANALYSIS_LOCK ^ article).execute(&mut *tx).await?;
    Ok(tx)
}

/// Tags the advisory lock keys of analyses (article ids are far below 2^48).
const ANALYSIS_LOCK: i64 = 0x616e_0000_0000_0000;

async fn analyse(
    pool: &PgPool,
    rarity: &KeyRarity,
    article: i64,
    lock: &mut PgConnection,
) -> Result<Snapshot, StoreError> {
    let info = articles::get(pool, article).await?;
    // Segments the file marks as not to be translated are no work to do: they are not analysed.
    let mut live = articles::segments(pool, article).await?;
    live.retain(|s| !s.locked);
    let repeated = repetitions(live.iter().map(|s| s.source.as_str()));
    // The segment's own unit is left out with the rest of the article's. Repetitions are not looked up.
    let lookups: Vec<Lookup> = live
        .iter()
        .zip(&repeated)
        .filter(|(_, &repetition)| !repetition)
        .map(|(segment, _)| Lookup {
            source: &segment.source,
            source_lang: &info.source_lang,
            target_lang: &info.target_lang,
            except_segment: Some(segment.id),
            minimum: Band::LOWEST_MATCH,
        })
        .collect();
    let mut candidates = tm::candidates_each(pool, rarity, &lookups).await?.into_iter();
    // Per segment: its best score and the 100% units translated in tarjuman (the only ones with neighbours).
    let mut found: Vec<(Option<u8>, Vec<i64>)> = Vec::with_capacity(live.len());
    for (segment, &repetition) in live.iter().zip(&repeated) {
        if repetition {
            found.push((None, Vec::new()));
            continue;
        }
        let units = candidates.next().unwrap_or_default();
        let scored: Vec<(u8, &tm::TmUnit)> = units
            .iter()
            .filter(|unit| unit.article_id != Some(article))
            .map(|unit| (score(&segment.source, &unit.source).percent, unit))
            .collect();
        let exact =
            scored.iter().filter(|(p, u)| *p == 100 && u.origin == "segment").map(|(_, u)| u.id).collect();
        found.push((scored.iter().map(|(p, _)| *p).max(), exact));
    }
    let exact: Vec<i64> = found.iter().flat_map(|(_, units)| units.iter().copied()).collect();
    let neighbours = unit_neighbours(pool, &exact).await?;
    let source = |i: Option<usize>| i.and_then(|i| live.get(i)).map(|s| s.source.as_str());
    let mut segments = Vec::with_capacity(live.len());
    for (i, (segment, (best, units))) in live.iter().zip(&found).enumerate() {
        let here = Context { previous: source(i.checked_sub(1)), next: source(Some(i + 1)) };
        let in_context = units.iter().any(|unit| {
            neighbours.get(unit).is_some_and(|(previous, next)| {
                here.matches(&Context { previous: previous.as_deref(), next: next.as_deref() })
            })
        });
        segments.push(SegmentBand::new(segment.id, &segment.source, repeated[i], *best, in_context));
    }
    let analysed_at = sqlx::query_scalar(
        "INSERT INTO article_analyses (article_id, segments) VALUES ($1, $2)
         ON CONFLICT (article_id) DO UPDATE SET segments = EXCLUDED.segments, analysed_at = now()
         RETURNING analysed_at",
    )
    .bind(article)
    .bind(Json(&segments))
    .fetch_one(lock)
    .await?;
    Ok(Snapshot { analysed_at, segments })
}

/// The sources before and after the segment each unit was translated in, among its article's live segments.
async fn unit_neighbours(
    pool: &PgPool,
    units: &[i64],
) -> Result<HashMap<i64, (Option<String>, Option<String>)>, StoreError> {
    if units.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT t.id,
                (SELECT p.source FROM segments p
                 WHERE p.article_id = s.article_id AND p.retired_at IS NULL AND p.sort_key < s.sort_key
                 ORDER BY p.sort_key DESC LIMIT 1),
                (SELECT n.source FROM segments n
                 WHERE n.article_id = s.article_id AND n.retired_at IS NULL AND n.sort_key > s.sort_key
                 ORDER BY n.sort_key LIMIT 1)
         FROM tm_units t JOIN segments s ON s.id = t.segment_id
         WHERE t.id = ANY($1)",
    )
    .bind(units)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(id, previous, next)| (id, (previous, next))).collect())
}

/// The article's last analysis, if it has one.
pub async fn snapshot(pool: &PgPool, article: i64) -> Result<Option<Snapshot>, StoreError> {
    articles::get(pool, article).await?;
    let row: Option<(OffsetDateTime, Json<Vec<SegmentBand>>)> =
        sqlx::query_as("SELECT analysed_at, segments FROM article_analyses WHERE article_id = $1")
            .bind(article)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(analysed_at, Json(segments))| Snapshot { analysed_at, segments }))
}
