//! Comment threads on segments and articles, mentions and each person's inbox.
//!
//! A thread is the comments on one segment, or on the article (no segment); it is resolved when all its
//! comments are, so a new comment reopens it. Edits keep the replaced words (`comment_edits`). A comment
//! naming `@user` puts it in that user's inbox (`mentions`) in the comment's transaction. Live events of
//! comments are written by a trigger.

use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

use super::StoreError;
use crate::domain::comment;

/// A comment as threads show it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Comment {
    /// Database id.
    pub id: i64,
    /// The article.
    pub article_id: i64,
    /// The segment, or none for the article's own thread.
    pub segment_id: Option<i64>,
    /// Who wrote it (user name).
    pub author: String,
    /// What they wrote (Markdown-lite, see `domain::comment`).
    pub body: String,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When last edited.
    #[serde(with = "time::serde::rfc3339::option")]
    pub edited_at: Option<OffsetDateTime>,
    /// Who resolved it, when its thread is resolved.
    pub resolved_by: Option<String>,
    /// Whether it came from a reviewer's send-back.
    pub send_back: bool,
}

/// A comment in someone's inbox.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct InboxItem {
    /// The comment.
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub comment: Comment,
    /// Its article's title.
    pub article_title: String,
    /// Whether its reader marked it read.
    pub read: bool,
}

/// Where a thread is: an article's own thread, or a segment's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thread {
    /// The article's own thread.
    Article(i64),
    /// A segment's thread.
    Segment(i64),
}

const SELECT: &str =
    "SELECT c.id, c.article_id, c.segment_id, a.username AS author, c.body, c.created_at, c.edited_at,
       r.username AS resolved_by, c.revision_id IS NOT NULL AS send_back
FROM comments c JOIN users a ON a.id = c.author_id LEFT JOIN users r ON r.id = c.resolved_by";

/// The article and segment of a thread; not found when either does not exist.
async fn locate(conn: &mut PgConnection, thread: Thread) -> Result<(i64, Option<i64>), StoreError> {
    match thread {
        Thread::Article(id) => {
            let found: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE id = $1")
                .bind(id)
                .fetch_optional(conn)
                .await?;
            found.map(|a| (a, None)).ok_or(StoreError::NotFound("article"))
        }
        Thread::Segment(id) => {
            let found: Option<i64> = sqlx::query_scalar("SELECT article_id FROM segments WHERE id = $1")
                .bind(id)
                .fetch_optional(conn)
                .await?;
            found.map(|a| (a, Some(id))).ok_or(StoreError::NotFound("segment"))
        }
    }
}

fn checked(body: &str) -> Result<&str, StoreError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(StoreError::Invalid("the comment is empty".into()));
    }
    if body.chars().count() > 10_000 {
        return Err(StoreError::Invalid("a comment holds at most 10000 characters".into()));
    }
    crate::text::chars::exportable("the comment", body).map_err(StoreError::Invalid)?;
    Ok(body)
}

/// Adds a comment to a thread (reopening it) and puts it in the inbox of everyone it mentions.
pub async fn add(pool: &PgPool, thread: Thread, author: i64, body: &str) -> Result<Comment, StoreError> {
    let body = checked(body)?;
    let mut tx = pool.begin().await?;
    let (article, segment) = locate(&mut tx, thread).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO comments (article_id, segment_id, author_id, body) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(article)
    .bind(segment)
    .bind(author)
    .bind(body)
    .fetch_one(&mut *tx)
    .await?;
    mention(&mut tx, id, author, body).await?;
    let comment = sqlx::query_as(&format!("{SELECT} WHERE c.id = $1")).bind(id).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(comment)
}

/// Puts the comment in the inbox of each enabled user it names (not its author), once.
async fn mention(conn: &mut PgConnection, comment: i64, author: i64, body: &str) -> Result<(), StoreError> {
    let names = comment::mentions(body);
    if names.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO mentions (comment_id, user_id)
         SELECT $1, u.id FROM users u WHERE lower(u.username) = ANY($2) AND u.id <> $3 AND NOT u.disabled
         ON CONFLICT DO NOTHING",
    )
    .bind(comment)
    .bind(names)
    .bind(author)
    .execute(conn)
    .await?;
    Ok(())
}

/// A thread's comments, oldest first.
pub async fn thread(pool: &PgPool, thread: Thread) -> Result<Vec<Comment>, StoreError> {
    let mut conn = pool.acquire().await?;
    let (article, segment) = locate(&mut conn, thread).await?;
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE c.article_id = $1 AND c.segment_id IS NOT DISTINCT FROM $2 ORDER BY c.id"
    ))
    .bind(article)
    .bind(segment)
    .fetch_all(&mut *conn)
    .await?)
}

/// Replaces the text of the author's own comment, keeping the old text; newly mentioned people are told.
pub async fn edit(pool: &PgPool, id: i64, editor: i64, body: &str) -> Result<Comment, StoreError> {
    let body = checked(body)?;
    let mut tx = pool.begin().await?;
    let found: Option<(i64, String)> =
        sqlx::query_as("SELECT author_id, body FROM comments WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let (author, old) = found.ok_or(StoreError::NotFound("comment"))?;
    if author != editor {
        return Err(StoreError::NotYours("only its author may edit a comment"));
    }
    if old != body {
        sqlx::query("INSERT INTO comment_edits (comment_id, body) VALUES ($1, $2)")
            .bind(id)
            .bind(&old)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE comments SET body = $2, edited_at = now() WHERE id = $1")
            .bind(id)
            .bind(body)
            .execute(&mut *tx)
            .await?;
        mention(&mut tx, id, author, body).await?;
    }
    let comment = sqlx::query_as(&format!("{SELECT} WHERE c.id = $1")).bind(id).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(comment)
}

/// The earlier texts of a comment, oldest first.
pub async fn edits(pool: &PgPool, id: i64) -> Result<Vec<(String, OffsetDateTime)>, StoreError> {
    Ok(sqlx::query_as("SELECT body, edited_at FROM comment_edits WHERE comment_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(pool)
        .await?)
}

/// Resolves (or reopens) a thread.
pub async fn resolve(pool: &PgPool, thread: Thread, user: i64, resolved: bool) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    let (article, segment) = locate(&mut tx, thread).await?;
    let changed = if resolved {
        sqlx::query(
            "UPDATE comments SET resolved_at = now(), resolved_by = $3
             WHERE article_id = $1 AND segment_id IS NOT DISTINCT FROM $2 AND resolved_at IS NULL",
        )
        .bind(article)
        .bind(segment)
        .bind(user)
    } else {
        sqlx::query(
            "UPDATE comments SET resolved_at = NULL, resolved_by = NULL
             WHERE article_id = $1 AND segment_id IS NOT DISTINCT FROM $2 AND resolved_at IS NOT NULL",
        )
        .bind(article)
        .bind(segment)
    };
    changed.execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// The segments of an article with open (unresolved) comments, and how many each has.
pub async fn open_counts(pool: &PgPool, article: i64) -> Result<Vec<(i64, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT segment_id, count(*) FROM comments
         WHERE article_id = $1 AND segment_id IS NOT NULL AND resolved_at IS NULL GROUP BY segment_id",
    )
    .bind(article)
    .fetch_all(pool)
    .await?)
}

/// The comments that mention `user`, newest first (the latest 200).
pub async fn inbox(pool: &PgPool, user: i64) -> Result<Vec<InboxItem>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT * FROM ({SELECT}) c
         JOIN (SELECT m.comment_id, m.read_at IS NOT NULL AS read, ar.title AS article_title
               FROM mentions m JOIN comments mc ON mc.id = m.comment_id JOIN articles ar ON ar.id = mc.article_id
               WHERE m.user_id = $1) m ON m.comment_id = c.id
         ORDER BY c.id DESC LIMIT 200"
    ))
    .bind(user)
    .fetch_all(pool)
    .await?)
}

/// How many comments mentioning `user` are unread.
pub async fn unread(pool: &PgPool, user: i64) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT count(*) FROM mentions WHERE user_id = $1 AND read_at IS NULL")
        .bind(user)
        .fetch_one(pool)
        .await?)
}

/// Marks the given comments (all, when `None`) of the user's inbox read.
pub async fn mark_read(pool: &PgPool, user: i64, comments: Option<&[i64]>) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE mentions SET read_at = now()
         WHERE user_id = $1 AND read_at IS NULL AND ($2::bigint[] IS NULL OR comment_id = ANY($2))",
    )
    .bind(user)
    .bind(comments)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}
