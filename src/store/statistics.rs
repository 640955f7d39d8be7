//! Work per person and period, read from the revisions (the one record of who wrote what): words translated
//! and reviewed, revisions, and edits after review.

use sqlx::PgPool;

use super::StoreError;

/// The period a report groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Calendar days (UTC).
    Day,
    /// ISO weeks.
    Week,
    /// Calendar months.
    Month,
}

impl Period {
    /// The word, as `date_trunc` and the query string take it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
        }
    }
}

/// One person's work in one period.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct WorkLine {
    /// Who (user name).
    pub user: String,
    /// The period's first day (UTC).
    pub period: time::Date,
    /// Source words of the segments they moved from initial (or nothing) to translated or beyond.
    pub words_translated: i64,
    /// Source words of the segments they moved to reviewed or final from below.
    pub words_reviewed: i64,
    /// Revisions they wrote, whatever made them.
    pub revisions: i64,
    /// Their revisions that changed the text of a segment that had been reviewed or final before.
    pub edits_after_review: i64,
}

/// Everybody's work per period, from `since` to `until` (whole days, UTC, both included), newest period
/// first. A split or merge moves text without writing it, so its revisions count only as revisions.
pub async fn report(
    pool: &PgPool,
    period: Period,
    since: Option<time::Date>,
    until: Option<time::Date>,
) -> Result<Vec<WorkLine>, StoreError> {
    Ok(sqlx::query_as(
        "WITH work AS (
             SELECT r.author_id, date_trunc($1, r.created_at AT TIME ZONE 'UTC')::date AS period,
                    r.origin NOT IN ('split', 'merge') AS written, source_words(s.source) AS words,
                    COALESCE(p.status, 'initial') AS before, r.status, r.target IS DISTINCT FROM p.target AS changed,
                    EXISTS (SELECT 1 FROM revisions e WHERE e.segment_id = r.segment_id AND e.number < r.number
                                                       AND e.status IN ('reviewed', 'final')) AS after_review
             FROM revisions r
             JOIN segments s ON s.id = r.segment_id
             LEFT JOIN revisions p ON p.id = r.previous_id
             WHERE ($2::date IS NULL OR r.created_at >= $2::date::timestamp AT TIME ZONE 'UTC')
               AND ($3::date IS NULL OR r.created_at < ($3::date + 1)::timestamp AT TIME ZONE 'UTC')
         )
         SELECT u.username AS user, w.period,
                COALESCE(sum(w.words) FILTER (WHERE w.written AND w.before = 'initial' AND w.status <> 'initial'), 0)::int8
                    AS words_translated,
                COALESCE(sum(w.words) FILTER (WHERE w.written AND w.before IN ('initial', 'translated')
                                                AND w.status IN ('reviewed', 'final')), 0)::int8 AS words_reviewed,
                count(*) AS revisions,
                count(*) FILTER (WHERE w.written AND w.changed AND w.after_review) AS edits_after_review
         FROM work w JOIN users u ON u.id = w.author_id
         GROUP BY u.username, w.period ORDER BY w.period DESC, lower(u.username)",
    )
    .bind(period.as_str())
    .bind(since)
    .bind(until)
    .fetch_all(pool)
    .await?)
}
