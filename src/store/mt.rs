//! Machine translation's shared state: the draft cache, engine health and back-off, usage per month, the
//! house style, the drafts written as revisions and the post-editing effort measured on them. Everything
//! here is in PostgreSQL so that every instance shares it.

use std::collections::HashMap;
use std::time::Duration;

use sqlx::{PgConnection, PgExecutor, PgPool};
use time::OffsetDateTime;

use super::statistics::Period;
use super::StoreError;
use crate::lang::LanguageTag;
use crate::mt::effort;

/// Cached drafts of an engine, by key.
pub async fn cached(pool: &PgPool, keys: &[Vec<u8>]) -> Result<HashMap<Vec<u8>, String>, StoreError> {
    let rows: Vec<(Vec<u8>, String)> = sqlx::query_as("SELECT key, target FROM mt_cache WHERE key = ANY($1)")
        .bind(keys)
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Keeps drafts for every instance; a key already there keeps its draft.
pub async fn cache(
    pool: &PgPool,
    engine: &str,
    model: &str,
    drafts: &[(Vec<u8>, String)],
) -> Result<(), StoreError> {
    let (keys, targets): (Vec<&[u8]>, Vec<&str>) =
        drafts.iter().map(|(k, t)| (k.as_slice(), t.as_str())).unzip();
    sqlx::query(
        "INSERT INTO mt_cache (key, engine, model, target) SELECT k, $1, $2, t FROM unnest($3::bytea[], $4::text[]) AS d(k, t)
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(engine)
    .bind(model)
    .bind(keys)
    .bind(targets)
    .execute(pool)
    .await?;
    Ok(())
}

/// An engine's health as the database knows it.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct Health {
    /// The engine.
    pub engine: String,
    /// Failures in a row.
    pub failures: i32,
    /// The last failure's reason.
    pub last_error: Option<String>,
    /// When it failed last.
    pub last_failure_at: Option<OffsetDateTime>,
    /// When it answered last.
    pub last_success_at: Option<OffsetDateTime>,
    /// Skipped until then.
    pub skip_until: Option<OffsetDateTime>,
}

/// Every engine's health.
pub async fn health(pool: &PgPool) -> Result<Vec<Health>, StoreError> {
    Ok(sqlx::query_as("SELECT * FROM mt_health ORDER BY engine").fetch_all(pool).await?)
}

/// Whether the engine is resting: seconds left and the reason.
pub async fn resting(pool: &PgPool, engine: &str) -> Result<Option<(u64, String)>, StoreError> {
    let row: Option<(f64, Option<String>)> = sqlx::query_as(
        "SELECT extract(epoch FROM skip_until - now())::float8, last_error FROM mt_health
         WHERE engine = $1 AND skip_until > now()",
    )
    .bind(engine)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(seconds, reason)| (seconds.ceil().max(1.0) as u64, reason.unwrap_or_default())))
}

/// An answer: the failures in a row end.
pub async fn succeeded(pool: &PgPool, engine: &str) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO mt_health (engine, last_success_at) VALUES ($1, now())
         ON CONFLICT (engine) DO UPDATE SET failures = 0, skip_until = NULL, last_success_at = now()",
    )
    .bind(engine)
    .execute(pool)
    .await?;
    Ok(())
}

/// A failure: counted, and the engine rested for as long as `back_off` says for that many in a row.
pub async fn failed(
    pool: &PgPool,
    engine: &str,
    reason: &str,
    back_off: impl FnOnce(u32) -> Option<Duration>,
) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    let failures: i32 = sqlx::query_scalar(
        "INSERT INTO mt_health (engine, failures, last_error, last_failure_at) VALUES ($1, 1, $2, now())
         ON CONFLICT (engine) DO UPDATE SET failures = mt_health.failures + 1, last_error = $2, last_failure_at = now()
         RETURNING failures",
    )
    .bind(engine)
    .bind(reason)
    .fetch_one(&mut *tx)
    .await?;
    if let Some(rest) = back_off(u32::try_from(failures).unwrap_or(0)) {
        sqlx::query("UPDATE mt_health SET skip_until = now() + make_interval(secs => $2) WHERE engine = $1")
            .bind(engine)
            .bind(rest.as_secs_f64())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Counts characters and requests sent to an engine this month.
pub async fn count_usage(
    pool: &PgPool,
    engine: &str,
    characters: i64,
    requests: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO mt_usage (engine, month, characters, requests)
         VALUES ($1, date_trunc('month', now() AT TIME ZONE 'UTC')::date, $2, $3)
         ON CONFLICT (engine, month) DO UPDATE
         SET characters = mt_usage.characters + $2, requests = mt_usage.requests + $3",
    )
    .bind(engine)
    .bind(characters)
    .bind(requests)
    .execute(pool)
    .await?;
    Ok(())
}

/// Characters and requests per engine this month (UTC).
pub async fn usage_this_month(pool: &PgPool) -> Result<HashMap<String, (i64, i64)>, StoreError> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT engine, characters, requests FROM mt_usage
         WHERE month = date_trunc('month', now() AT TIME ZONE 'UTC')::date",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(e, c, r)| (e, (c, r))).collect())
}

/// The desk's house style notes.
pub async fn house_style(db: impl PgExecutor<'_>) -> Result<String, StoreError> {
    Ok(sqlx::query_scalar("SELECT house_style FROM mt_settings")
        .fetch_optional(db)
        .await?
        .unwrap_or_default())
}

/// Replaces the house style notes.
pub async fn set_house_style(pool: &PgPool, text: &str) -> Result<(), StoreError> {
    crate::text::chars::exportable("the house style", text).map_err(StoreError::Invalid)?;
    sqlx::query(
        "INSERT INTO mt_settings (id, house_style) VALUES (true, $1)
         ON CONFLICT (id) DO UPDATE SET house_style = $1, updated_at = now()",
    )
    .bind(text.trim())
    .execute(pool)
    .await?;
    Ok(())
}

/// A machine draft just written as the segment's revision `revision`.
#[derive(Debug, Clone, Copy)]
pub struct DraftWritten<'a> {
    /// The segment.
    pub segment: i64,
    /// Its revision number holding the draft.
    pub revision: i32,
    /// The engine.
    pub engine: &'a str,
    /// Its model.
    pub model: &'a str,
    /// Glossary terms it missed or contradicted.
    pub terms_missing: i32,
}

/// Records which engine and model wrote a revision (its history shows them, its confirmation is measured).
pub async fn record_draft(conn: &mut PgConnection, draft: DraftWritten<'_>) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO mt_drafts (segment_id, revision_id, engine, model, terms_missing)
         SELECT $1, r.id, $3, $4, $5 FROM revisions r WHERE r.segment_id = $1 AND r.number = $2",
    )
    .bind(draft.segment)
    .bind(draft.revision)
    .bind(draft.engine)
    .bind(draft.model)
    .bind(draft.terms_missing)
    .execute(conn)
    .await?;
    Ok(())
}

/// Measures the post-editing effort when the segment's current revision confirms its last machine draft
/// for the first time (a later confirmation of the same draft measures nothing again).
pub async fn measure_confirmation(pool: &PgPool, segment: i64) -> Result<(), StoreError> {
    let row: Option<(i64, String, i64, String, i64)> = sqlx::query_as(
        "SELECT d.id, dr.target, c.id, c.target, c.author_id
         FROM segments s
         JOIN revisions c ON c.id = s.current_revision_id
         JOIN LATERAL (SELECT * FROM mt_drafts WHERE segment_id = s.id ORDER BY id DESC LIMIT 1) d ON true
         JOIN revisions dr ON dr.id = d.revision_id
         WHERE s.id = $1 AND c.status <> 'initial' AND c.number > dr.number
           AND NOT EXISTS (SELECT 1 FROM mt_effort e WHERE e.draft_id = d.id)",
    )
    .bind(segment)
    .fetch_optional(pool)
    .await?;
    let Some((draft_id, draft, revision_id, confirmed, translator)) = row else { return Ok(()) };
    let effort = effort::measure(&draft, &confirmed);
    let int = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    sqlx::query(
        "INSERT INTO mt_effort (draft_id, revision_id, translator_id, word_distance, char_distance, draft_words,
                                draft_chars, kept)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (draft_id) DO NOTHING",
    )
    .bind(draft_id)
    .bind(revision_id)
    .bind(translator)
    .bind(int(effort.words))
    .bind(int(effort.chars))
    .bind(int(effort.draft_words))
    .bind(int(effort.draft_chars))
    .bind(effort.kept())
    .execute(pool)
    .await?;
    Ok(())
}

/// One line of the post-editing report: an engine, a language pair, a translator, a period.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EffortLine {
    /// The engine.
    pub engine: String,
    /// Its model.
    pub model: String,
    /// Source language.
    pub source_lang: LanguageTag,
    /// Target language.
    pub target_lang: LanguageTag,
    /// Who confirmed.
    pub translator: String,
    /// The period's first day.
    pub period: time::Date,
    /// Drafts confirmed.
    pub segments: i64,
    /// Confirmed unchanged.
    pub kept: i64,
    /// Mean word-level edit distance.
    pub mean_word_distance: f64,
    /// Mean character-level edit distance.
    pub mean_char_distance: f64,
    /// Characters edited per character of draft, over all drafts.
    pub char_edit_rate: f64,
    /// Glossary terms the drafts missed or contradicted.
    pub terms_missed: i64,
}

/// The post-editing report, confirmations from `since` on, newest period first.
pub async fn effort_report(
    pool: &PgPool,
    period: Period,
    since: Option<time::Date>,
) -> Result<Vec<EffortLine>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT d.engine, d.model, a.source_lang, a.target_lang, u.username AS translator,
                date_trunc($1, e.measured_at AT TIME ZONE 'UTC')::date AS period,
                count(*) AS segments, count(*) FILTER (WHERE e.kept) AS kept,
                avg(e.word_distance)::float8 AS mean_word_distance,
                avg(e.char_distance)::float8 AS mean_char_distance,
                (sum(e.char_distance)::float8 / greatest(sum(e.draft_chars), 1))::float8 AS char_edit_rate,
                sum(d.terms_missing)::int8 AS terms_missed
         FROM mt_effort e JOIN mt_drafts d ON d.id = e.draft_id
         JOIN segments s ON s.id = d.segment_id JOIN articles a ON a.id = s.article_id
         JOIN users u ON u.id = e.translator_id
         WHERE $2::date IS NULL OR e.measured_at >= $2::date
         GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY period DESC, d.engine, d.model, translator",
    )
    .bind(period.as_str())
    .bind(since)
    .fetch_all(pool)
    .await?)
}

/// Engines ordered by how little their drafts for this pair were edited, among those with at least
/// `min_drafts` measured; the others are not ranked.
pub async fn ranking(
    pool: &PgPool,
    source_lang: &LanguageTag,
    target_lang: &LanguageTag,
    min_drafts: i64,
) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT d.engine FROM mt_effort e JOIN mt_drafts d ON d.id = e.draft_id
         JOIN segments s ON s.id = d.segment_id JOIN articles a ON a.id = s.article_id
         WHERE a.source_lang = $1 AND a.target_lang = $2
         GROUP BY d.engine HAVING count(*) >= $3
         ORDER BY sum(e.char_distance)::float8 / greatest(sum(e.draft_chars), 1), d.engine",
    )
    .bind(source_lang)
    .bind(target_lang)
    .bind(min_drafts)
    .fetch_all(pool)
    .await?)
}

/// Which engine's glossary for which tarjuman glossaries and pair (see migration 0023).
#[derive(Debug, Clone, Copy)]
pub struct GlossaryKey<'a> {
    /// The engine's base URL (one account's glossaries live at one URL).
    pub engine_url: &'a str,
    /// Source language.
    pub source_lang: &'a LanguageTag,
    /// Target language.
    pub target_lang: &'a LanguageTag,
    /// The tarjuman glossary ids, comma-separated in id order.
    pub glossaries: &'a str,
}

/// The engine's glossary kept for a key.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KeptGlossary {
    /// The versions it was made from, comma-separated like the ids.
    pub versions: String,
    /// Its id at the engine; none when the engine refused the entries.
    pub glossary_id: Option<String>,
}

/// The glossary kept for `key`; in a transaction, waits for (and then blocks) any instance making one for
/// the same key, so that a glossary is made once.
pub async fn kept_glossary(
    conn: &mut PgConnection,
    key: GlossaryKey<'_>,
    lock: bool,
) -> Result<Option<KeptGlossary>, StoreError> {
    if lock {
        sqlx::query(
            "SELECT pg_advisory_xact_lock(hashtextextended('mt_glossaries ' || $1 || $2 || $3 || $4, 0))",
        )
        .bind(key.engine_url)
        .bind(key.source_lang)
        .bind(key.target_lang)
        .bind(key.glossaries)
        .execute(&mut *conn)
        .await?;
    }
    Ok(sqlx::query_as(
        "SELECT versions, glossary_id FROM mt_glossaries
         WHERE engine_url = $1 AND source_lang = $2 AND target_lang = $3 AND glossaries = $4",
    )
    .bind(key.engine_url)
    .bind(key.source_lang)
    .bind(key.target_lang)
    .bind(key.glossaries)
    .fetch_optional(conn)
    .await?)
}

/// Keeps the glossary just made for `key` (replacing the stale one's row).
pub async fn keep_glossary(
    conn: &mut PgConnection,
    key: GlossaryKey<'_>,
    kept: &KeptGlossary,
    entries: i32,
    error: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO mt_glossaries (engine_url, source_lang, target_lang, glossaries, versions, glossary_id, entries, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (engine_url, source_lang, target_lang, glossaries) DO UPDATE
         SET versions = $5, glossary_id = $6, entries = $7, error = $8, created_at = now()",
    )
    .bind(key.engine_url)
    .bind(key.source_lang)
    .bind(key.target_lang)
    .bind(key.glossaries)
    .bind(&kept.versions)
    .bind(&kept.glossary_id)
    .bind(entries)
    .bind(error)
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets a glossary the engine no longer knows, so that the next request makes it again.
pub async fn forget_glossary(pool: &PgPool, engine_url: &str, glossary_id: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM mt_glossaries WHERE engine_url = $1 AND glossary_id = $2")
        .bind(engine_url)
        .bind(glossary_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// A glossary kept at an engine, as the admin page lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeptGlossaryLine {
    /// The engine's address.
    pub engine_url: String,
    /// Source language.
    pub source_lang: LanguageTag,
    /// Target language.
    pub target_lang: LanguageTag,
    /// The names of the tarjuman glossaries it was made from.
    pub names: String,
    /// Its id at the engine; none when the engine refused the entries.
    pub glossary_id: Option<String>,
    /// Entries sent.
    pub entries: i32,
    /// Why the engine refused them.
    pub error: Option<String>,
    /// When it was made.
    pub created_at: OffsetDateTime,
}

/// Every glossary kept at an engine, newest first.
pub async fn kept_glossaries(pool: &PgPool) -> Result<Vec<KeptGlossaryLine>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT k.engine_url, k.source_lang, k.target_lang,
                COALESCE((SELECT string_agg(g.name, ', ' ORDER BY g.id) FROM glossaries g
                          WHERE g.id = ANY(string_to_array(k.glossaries, ',')::bigint[])), '') AS names,
                k.glossary_id, k.entries, k.error, k.created_at
         FROM mt_glossaries k ORDER BY k.created_at DESC",
    )
    .fetch_all(pool)
    .await?)
}
