//! Assignments (migration 0022): an article, or a range of its segments, given to a translator or a
//! reviewer with a deadline; what each person has to do, the desk's load, and the claim of missed deadlines.

use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

use super::statistics::{self, Period};
use super::StoreError;
use crate::domain::{Role, Task};

/// An assignment with the words it covers now.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Assignment {
    /// Database id.
    pub id: i64,
    /// The article.
    pub article_id: i64,
    /// The article's title.
    pub title: String,
    /// Translate or review.
    pub task: Task,
    /// Who (user name).
    pub user: String,
    /// The index (from 0, as the article's segments are numbered now) of the range's first live segment;
    /// none for the whole article.
    pub first_index: Option<i64>,
    /// The index of its last live segment.
    pub last_index: Option<i64>,
    /// When it is due.
    pub deadline: Option<OffsetDateTime>,
    /// Source words of the live segments it covers.
    pub words: i64,
    /// Of those, the words still to translate (or review).
    pub open_words: i64,
    /// Whether its deadline passed with work left (work finished late stays missed).
    pub missed: bool,
    /// Who assigned it (user name).
    pub assigned_by: String,
    /// When.
    pub created_at: OffsetDateTime,
}

impl Assignment {
    /// Whether its deadline has passed and work is left.
    pub fn overdue(&self, now: OffsetDateTime) -> bool {
        self.open_words > 0 && self.deadline.is_some_and(|d| d < now)
    }
}

/// Every assignment with its words, computed from the article's live segments as they are now.
const ASSIGNMENTS: &str = "
SELECT g.id, g.article_id, a.title, g.task, u.username AS user, w.first_index, w.last_index, g.deadline,
       w.words, w.open_words, g.missed_at IS NOT NULL AS missed, b.username AS assigned_by, g.created_at
FROM assignments g
JOIN articles a ON a.id = g.article_id
JOIN users u ON u.id = g.user_id
JOIN users b ON b.id = g.created_by
CROSS JOIN LATERAL (
    SELECT min(l.index) FILTER (WHERE g.first_key IS NOT NULL) AS first_index,
           max(l.index) FILTER (WHERE g.first_key IS NOT NULL) AS last_index,
           COALESCE(sum(l.words) FILTER (WHERE NOT l.locked), 0)::int8 AS words,
           COALESCE(sum(l.words) FILTER (WHERE NOT l.locked AND assignment_open(g.task, l.status)), 0)::int8
               AS open_words
    FROM (SELECT s.sort_key, row_number() OVER (ORDER BY s.sort_key) - 1 AS index, source_words(s.source) AS words,
                 r.status, s.locked
          FROM segments s LEFT JOIN revisions r ON r.id = s.current_revision_id
          WHERE s.article_id = g.article_id AND s.retired_at IS NULL) l
    WHERE g.first_key IS NULL OR l.sort_key BETWEEN g.first_key AND g.last_key
) w";

/// A new assignment.
#[derive(Debug, Clone)]
pub struct NewAssignment<'a> {
    /// Translate or review.
    pub task: Task,
    /// The assignee's user name.
    pub user: &'a str,
    /// The first and last segment (ids, live segments of the article, in either order); none for the whole
    /// article.
    pub segments: Option<(i64, i64)>,
    /// When it is due.
    pub deadline: Option<OffsetDateTime>,
    /// Who assigns.
    pub by: i64,
}

/// Assigns the article or a range of it. Assigning the whole article for a task replaces its earlier
/// whole-article assignment for that task (a new deadline may be missed again); ranges add up. An unknown
/// or disabled user, one whose role cannot do the task, or segments that are not the article's live ones are
/// [`StoreError::Invalid`], and nothing is stored.
pub async fn assign(pool: &PgPool, article: i64, new: NewAssignment<'_>) -> Result<Assignment, StoreError> {
    let mut tx = pool.begin().await?;
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE id = $1 FOR SHARE")
        .bind(article)
        .fetch_optional(&mut *tx)
        .await?;
    found.ok_or(StoreError::NotFound("article"))?;
    let user = assignee(&mut tx, new.user, new.task).await?;
    let id: i64 = match new.segments {
        None => {
            sqlx::query_scalar(
                "INSERT INTO assignments (article_id, task, user_id, deadline, created_by) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (article_id, task) WHERE first_key IS NULL DO UPDATE
                 SET user_id = EXCLUDED.user_id, deadline = EXCLUDED.deadline, created_by = EXCLUDED.created_by,
                     created_at = now(),
                     missed_at = CASE WHEN assignments.deadline IS NOT DISTINCT FROM EXCLUDED.deadline
                                      THEN assignments.missed_at END
                 RETURNING id",
            )
            .bind(article)
            .bind(new.task)
            .bind(user)
            .bind(new.deadline)
            .bind(new.by)
            .fetch_one(&mut *tx)
            .await?
        }
        Some((first, last)) => {
            let ids = [first, last];
            sqlx::query_scalar(
                "INSERT INTO assignments (article_id, task, user_id, first_key, last_key, deadline, created_by)
                 SELECT $1, $2, $3, min(sort_key), max(sort_key), $5, $6 FROM segments
                 WHERE article_id = $1 AND retired_at IS NULL AND id = ANY($4)
                 HAVING count(*) = cardinality(ARRAY(SELECT DISTINCT unnest($4::int8[])))
                 RETURNING id",
            )
            .bind(article)
            .bind(new.task)
            .bind(user)
            .bind(&ids[..])
            .bind(new.deadline)
            .bind(new.by)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| {
                StoreError::Invalid(format!("segments {first} and {last} are not both live segments of article {article}"))
            })?
        }
    };
    let assignment =
        sqlx::query_as(&format!("{ASSIGNMENTS} WHERE g.id = $1")).bind(id).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(assignment)
}

/// The id of an enabled user who can do `task`.
async fn assignee(conn: &mut PgConnection, name: &str, task: Task) -> Result<i64, StoreError> {
    let found: Option<(i64, Role)> =
        sqlx::query_as("SELECT id, role FROM users WHERE lower(username) = lower($1) AND NOT disabled")
            .bind(name)
            .fetch_optional(conn)
            .await?;
    match found {
        None => Err(StoreError::Invalid(format!("no active user named {name:?}"))),
        Some((_, role)) if !task.may_take(role) => {
            Err(StoreError::Invalid(format!("{name} is a {role}, who cannot be given a {task} assignment")))
        }
        Some((id, _)) => Ok(id),
    }
}

/// Gives the whole article's translation to `user` (keeping its deadline), or takes it back (`None`): the
/// article's assignee of old.
pub async fn set_translator(
    conn: &mut PgConnection,
    article: i64,
    user: Option<&str>,
    by: i64,
) -> Result<(), StoreError> {
    match user {
        Some(name) => {
            let user = assignee(conn, name, Task::Translate).await?;
            sqlx::query(
                "INSERT INTO assignments (article_id, task, user_id, created_by) VALUES ($1, 'translate', $2, $3)
                 ON CONFLICT (article_id, task) WHERE first_key IS NULL DO UPDATE
                 SET user_id = EXCLUDED.user_id, created_by = EXCLUDED.created_by, created_at = now()",
            )
            .bind(article)
            .bind(user)
            .bind(by)
            .execute(conn)
            .await?;
        }
        None => {
            sqlx::query(
                "DELETE FROM assignments WHERE article_id = $1 AND task = 'translate' AND first_key IS NULL",
            )
            .bind(article)
            .execute(conn)
            .await?;
        }
    }
    Ok(())
}

/// An article's assignments, whole-article ones first, then ranges in article order.
pub async fn of_article(pool: &PgPool, article: i64) -> Result<Vec<Assignment>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "{ASSIGNMENTS} WHERE g.article_id = $1 ORDER BY w.first_index NULLS FIRST, g.task, g.id"
    ))
    .bind(article)
    .fetch_all(pool)
    .await?)
}

/// What a person still has to do (work left, articles not archived), due first; no deadline last.
pub async fn open_for(pool: &PgPool, user: i64) -> Result<Vec<Assignment>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "{ASSIGNMENTS} WHERE g.user_id = $1 AND NOT a.archived AND w.open_words > 0
         ORDER BY g.deadline NULLS LAST, g.id"
    ))
    .bind(user)
    .fetch_all(pool)
    .await?)
}

/// Removes an assignment; answers its article.
pub async fn remove(pool: &PgPool, id: i64) -> Result<i64, StoreError> {
    sqlx::query_scalar("DELETE FROM assignments WHERE id = $1 RETURNING article_id")
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound("assignment"))
}

/// One person's load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Load {
    /// Who.
    pub user: String,
    /// Words still to translate or review in their assignments (articles not archived).
    pub open_words: i64,
    /// Open assignments.
    pub assignments: i64,
    /// Of those, past their deadline.
    pub overdue: i64,
    /// Words they translated or reviewed this ISO week (UTC), as the statistics count them.
    pub done_this_week: i64,
}

/// Every person with open work or work done this week, by name.
pub async fn load(pool: &PgPool, now: OffsetDateTime) -> Result<Vec<Load>, StoreError> {
    let open: Vec<(String, i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT o.user, sum(o.open_words)::int8, count(*), count(*) FILTER (WHERE o.deadline < $1)
         FROM ({ASSIGNMENTS} WHERE NOT a.archived AND w.open_words > 0) o GROUP BY o.user"
    ))
    .bind(now)
    .fetch_all(pool)
    .await?;
    let date = now.date();
    let monday = date - time::Duration::days(i64::from(date.weekday().number_days_from_monday()));
    let week = statistics::report(pool, Period::Week, Some(monday), None).await?;
    let mut loads: Vec<Load> = open
        .into_iter()
        .map(|(user, open_words, assignments, overdue)| Load {
            user,
            open_words,
            assignments,
            overdue,
            done_this_week: 0,
        })
        .collect();
    for line in week {
        let done = line.words_translated + line.words_reviewed;
        match loads.iter_mut().find(|l| l.user == line.user) {
            Some(load) => load.done_this_week += done,
            None => loads.push(Load {
                user: line.user,
                open_words: 0,
                assignments: 0,
                overdue: 0,
                done_this_week: done,
            }),
        }
    }
    loads.sort_by_key(|l| l.user.to_lowercase());
    Ok(loads)
}

/// Claims the assignments whose deadline passed with work left, once each: the first instance to run this
/// sets `missed_at`, which queues the `deadline.missed` webhook in the same statement's transaction (a
/// trigger); an instance running it at the same moment waits on the row lock, sees `missed_at` set and skips
/// it. Answers how many were claimed.
pub async fn claim_missed(pool: &PgPool) -> Result<u64, StoreError> {
    let claimed = sqlx::query(
        "UPDATE assignments g SET missed_at = now()
         FROM articles a
         WHERE a.id = g.article_id AND NOT a.archived AND g.missed_at IS NULL AND g.deadline < now()
           AND EXISTS (SELECT 1 FROM segments s LEFT JOIN revisions r ON r.id = s.current_revision_id
                       WHERE s.article_id = g.article_id AND s.retired_at IS NULL AND NOT s.locked
                         AND (g.first_key IS NULL OR s.sort_key BETWEEN g.first_key AND g.last_key)
                         AND assignment_open(g.task, r.status))",
    )
    .execute(pool)
    .await?;
    Ok(claimed.rows_affected())
}
