//! The article list as the dashboard shows it: one query for every article's words by status and its last
//! analysis.

use serde::Serialize;
use sqlx::types::Json;
use sqlx::PgPool;
use time::OffsetDateTime;

use super::StoreError;
use crate::domain::SegmentStatus;
use crate::lang::LanguageTag;
use crate::tm::analysis::SegmentBand;

/// An article's line on the dashboard.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ArticleLine {
    /// Database id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Source language.
    pub source_lang: LanguageTag,
    /// Target language.
    pub target_lang: LanguageTag,
    /// Who is to translate it.
    pub assignee: Option<String>,
    /// Live segments.
    pub segments: i64,
    /// Source words in all live segments.
    pub words: i64,
    /// Source words of segments still initial.
    pub initial_words: i64,
    /// ... translated.
    pub translated_words: i64,
    /// ... reviewed.
    pub reviewed_words: i64,
    /// ... final.
    pub final_words: i64,
    /// Segments a reviewer sent back to the translator (see `store::articles::revision_marks`).
    pub sent_back: i64,
    /// The bands of its last analysis, if it has one (see `store::analysis`).
    #[serde(skip)]
    pub analysis: Option<Json<Vec<SegmentBand>>>,
    /// When that analysis was made.
    #[serde(skip)]
    pub analysed_at: Option<OffsetDateTime>,
}

/// Which articles to list.
#[derive(Debug, Default)]
pub struct Filter<'a> {
    /// Words of the title, any case.
    pub title: Option<&'a str>,
    /// Assigned to this user name.
    pub assignee: Option<&'a str>,
    /// Having at least one segment in this status.
    pub status: Option<SegmentStatus>,
    /// The archived articles instead of the current ones.
    pub archived: bool,
}

/// Current articles (or the archived ones), newest first, with source words by segment status.
pub async fn articles(pool: &PgPool, filter: Filter<'_>) -> Result<Vec<ArticleLine>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.title, a.source_lang, a.target_lang, u.username AS assignee,
                count(s.id) AS segments,
                COALESCE(sum(w.words), 0)::bigint AS words,
                COALESCE(sum(w.words) FILTER (WHERE w.status = 'initial'), 0)::bigint AS initial_words,
                COALESCE(sum(w.words) FILTER (WHERE w.status = 'translated'), 0)::bigint AS translated_words,
                COALESCE(sum(w.words) FILTER (WHERE w.status = 'reviewed'), 0)::bigint AS reviewed_words,
                COALESCE(sum(w.words) FILTER (WHERE w.status = 'final'), 0)::bigint AS final_words,
                count(s.id) FILTER (WHERE r.status = 'initial' AND r.comment IS NOT NULL) AS sent_back,
                an.segments AS analysis, an.analysed_at
         FROM articles a
         LEFT JOIN assignments t ON t.article_id = a.id AND t.task = 'translate' AND t.first_key IS NULL
         LEFT JOIN users u ON u.id = t.user_id
         LEFT JOIN article_analyses an ON an.article_id = a.id
         LEFT JOIN segments s ON s.article_id = a.id AND s.retired_at IS NULL AND NOT s.locked
         LEFT JOIN revisions r ON r.id = s.current_revision_id
         LEFT JOIN LATERAL (
             SELECT COALESCE(r.status, 'initial') AS status,
                    cardinality(regexp_split_to_array(btrim(s.source), '\\s+')) AS words
         ) w ON s.id IS NOT NULL
         WHERE a.archived = $4
           AND ($1::text IS NULL OR a.title ILIKE '%' || $1 || '%')
           AND ($2::text IS NULL OR u.username = $2)
         GROUP BY a.id, u.username, an.article_id
         HAVING $3::text IS NULL OR count(*) FILTER (WHERE w.status = $3) > 0
         ORDER BY a.id DESC",
    )
    .bind(filter.title.map(|t| t.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")))
    .bind(filter.assignee)
    .bind(filter.status.map(SegmentStatus::as_str))
    .bind(filter.archived)
    .fetch_all(pool)
    .await?)
}

/// User names that have articles assigned, for the filter.
pub async fn assignees(pool: &PgPool) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT u.username FROM articles a
         JOIN assignments t ON t.article_id = a.id AND t.task = 'translate' AND t.first_key IS NULL
         JOIN users u ON u.id = t.user_id
         WHERE NOT a.archived ORDER BY 1",
    )
    .fetch_all(pool)
    .await?)
}
