//! The reference for our suggestions: the trigram lookup Weblate and Tolgee make, run straight against the
//! server's own database over the same units, so both figures come from one machine in one sitting.
//! Tolgee sets `pg_trgm.similarity_threshold` to 0.5 and asks `WHERE text % $1 ORDER BY text <-> $1 LIMIT 5`;
//! Weblate's memory filters with `%` (its threshold raised with the sentence's length) and takes 50. Here the
//! operand is our normalised source (alef and hamza forms folded, as our own lookup sees it), answered by its
//! GIN trigram index (`tm_units_source_trgm`, migration 0007).

use std::time::Instant;

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Row};

use super::{Query, Tally};

/// Tolgee's similarity threshold.
const THRESHOLD: f64 = 0.5;
/// One sentence in this many is asked.
const SAMPLE_EVERY: usize = 10;

/// Times the reference lookup for a sample of the sentences through the private cluster's socket in
/// `cluster`, and prints its figures like ours.
pub async fn pg_trgm(cluster: &str, sentences: &[(&str, Query, &Option<String>)], units: u64) {
    let mut db = PgConnectOptions::new()
        .socket(cluster)
        .username("postgres")
        .database("tarjuman")
        .connect()
        .await
        .expect("connect to the server's cluster");
    sqlx::query(&format!("SET pg_trgm.similarity_threshold = {THRESHOLD}"))
        .execute(&mut db)
        .await
        .expect("threshold");
    let mut tally = Tally::default();
    // Each lookup takes a second or more over a million units: a tenth of the sentences, of every kind, are
    // asked, after one to warm the caches.
    let sample: Vec<_> = sentences.iter().step_by(SAMPLE_EVERY).collect();
    for round in 0..2 {
        for (sentence, kind, target) in sample.iter().take(if round == 0 { 1 } else { sample.len() }) {
            let started = Instant::now();
            let rows = sqlx::query(
                "SELECT target, similarity(source_normalized, $1) AS similarity FROM tm_units
                 WHERE source_lang = 'ar' AND target_lang = 'en' AND source_normalized % $1
                 ORDER BY source_normalized <-> $1 LIMIT 5",
            )
            .bind(tarjuman::text::normalize(sentence))
            .fetch_all(&mut db)
            .await
            .expect("reference lookup");
            let took = started.elapsed();
            if round == 0 {
                continue;
            }
            let first = rows.first().map(|row| {
                let similarity: f32 = row.get("similarity");
                (row.get::<&str, _>("target"), (f64::from(similarity) * 100.0).round() as u64)
            });
            tally.add(*kind, target, took, first);
        }
    }
    tally.report("pg_trgm top-5 (Weblate, Tolgee)", &format!("pg_trgm top-5 at {units} units (reference)"));
}
