//! DeepL's own glossaries, made from the preferred terms of the article's glossaries: one per set of
//! glossary versions and language pair, made once by whichever instance asks first (under an advisory
//! lock held while DeepL makes it, so instances do not make two), made again when one of the glossaries
//! changes, and the stale one then deleted at DeepL. A glossary DeepL cannot make never blocks a draft:
//! the text is translated without it.

use sqlx::PgPool;

use super::{redact, send, Article, Machines};
use crate::mt::{deepl, Engine, Failure};
use crate::store::mt::{self as mt_store, GlossaryKey, KeptGlossary};
use crate::store::StoreError;

/// The id of the engine's glossary for the article, made if needed; none when the engine keeps no
/// glossaries, the article's glossaries give no entries, the engine makes none for the pair, or it failed
/// to make one (logged; asked again next time unless it refused these entries).
pub(super) async fn for_article(
    pool: &PgPool,
    http: &reqwest::Client,
    machines: &Machines,
    engine: &Engine,
    article: &Article,
) -> Result<Option<String>, StoreError> {
    if !engine.kind.keeps_glossaries() || article.versions.is_empty() {
        return Ok(None);
    }
    let (from, to) = (&article.info.source_lang, &article.info.target_lang);
    let key = engine.key.as_ref().map(|k| k.expose());
    let pairs = machines.inner.glossary_pairs.get_or_try_init(|| async {
        let answer = send(http, engine, deepl::glossary_pairs_request(&engine.url, key)).await?;
        deepl::read_glossary_pairs(&answer)
    });
    match pairs.await {
        Ok(pairs) if deepl::glossary_serves(pairs, from, to) => {}
        Ok(_) => return Ok(None),
        Err(failure) => {
            let reason = redact(engine, failure);
            tracing::warn!(engine = engine.name(), %reason, "cannot read the glossary language pairs");
            return Ok(None);
        }
    }
    let list = |part: fn(&(i64, i64)) -> i64| {
        article.versions.iter().map(|v| part(v).to_string()).collect::<Vec<_>>().join(",")
    };
    let (ids, versions) = (list(|v| v.0), list(|v| v.1));
    let glossary =
        GlossaryKey { engine_url: &engine.url, source_lang: from, target_lang: to, glossaries: &ids };
    let mut conn = pool.acquire().await?;
    match mt_store::kept_glossary(&mut conn, glossary, false).await? {
        Some(kept) if kept.versions == versions => return Ok(kept.glossary_id),
        _ => drop(conn),
    }
    let mut tx = pool.begin().await?;
    let stale = match mt_store::kept_glossary(&mut tx, glossary, true).await? {
        Some(kept) if kept.versions == versions => return Ok(kept.glossary_id),
        kept => kept.and_then(|k| k.glossary_id),
    };
    let entries = deepl::glossary_entries(article.terms.preferred_pairs());
    let count = i32::try_from(entries.lines().count()).unwrap_or(i32::MAX);
    let made = if count == 0 {
        Ok(None)
    } else {
        let name = format!("tarjuman glossaries {ids} versions {versions}");
        let wire = deepl::create_glossary_request(&engine.url, key, &name, from, to, &entries);
        send(http, engine, wire).await.and_then(|a| deepl::read_created_glossary(&a)).map(Some)
    };
    let (glossary_id, error) = match made {
        Ok(id) => (id, None),
        // These entries are refused (a pair or a term DeepL will not take): not sent again until a
        // glossary changes.
        Err(failure) if !failure.is_engine_fault() => (None, Some(redact(engine, failure).to_string())),
        Err(failure) => {
            let reason = redact(engine, failure);
            tracing::warn!(engine = engine.name(), %reason, "cannot make the glossary; translating without");
            return Ok(None);
        }
    };
    let kept = KeptGlossary { versions, glossary_id };
    mt_store::keep_glossary(&mut tx, glossary, &kept, count, error.as_deref()).await?;
    tx.commit().await?;
    if let Some(stale) = stale {
        delete(http, engine, &stale).await;
    }
    Ok(kept.glossary_id)
}

/// Whether a translation was refused for its glossary (DeepL answers an unknown glossary id with 404 or
/// 400 and says so).
pub(super) fn refused(failure: &Failure) -> bool {
    matches!(failure, Failure::Refused { status: 400 | 404, message } if message.to_lowercase().contains("glossary"))
}

/// Deletes a glossary no version uses any more (DeepL keeps at most 1,000 per account); a failure only
/// leaves it there, so it is logged.
async fn delete(http: &reqwest::Client, engine: &Engine, id: &str) {
    let key = engine.key.as_ref().map(|k| k.expose());
    match send(http, engine, deepl::delete_glossary_request(&engine.url, key, id)).await {
        Ok(answer) if (200..300).contains(&answer.status) || answer.status == 404 => {}
        Ok(answer) => {
            tracing::warn!(engine = engine.name(), status = answer.status, "stale glossary not deleted")
        }
        Err(failure) => {
            let reason: Failure = redact(engine, failure);
            tracing::warn!(engine = engine.name(), %reason, "stale glossary not deleted");
        }
    }
}
