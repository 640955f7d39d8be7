//! Comment threads (`/segments/{id}/comments`, `/articles/{id}/comments`, `/comments/{id}`) and the
//! inbox of comments that mention the caller (`/inbox`).

use axum::extract::State;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::auth::CurrentUser;
use super::extract::{Json, Path};
use super::{views, ApiError, AppState};
use crate::domain::comment::{self, Style};
use crate::store::comments::{self, Thread};

/// A new comment, or a comment's new text.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CommentBody {
    /// Markdown-lite: `**strong**`, `*emphasis*`, `` `code` ``; `@name` puts the comment in that user's inbox.
    body: String,
}

/// A stretch of a comment's text, to show as text (never as HTML).
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentPart {
    /// `plain`, `strong`, `emphasis`, `code` or `mention` (the text is then the user name).
    #[schema(value_type = String)]
    style: Style,
    /// The text.
    text: String,
}

/// A comment.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentView {
    /// Database id.
    id: i64,
    /// Its article.
    article_id: i64,
    /// Its segment; null in the article's own thread.
    segment_id: Option<i64>,
    /// Author's user name.
    author: String,
    /// The text as written.
    body: String,
    /// The text cut into styled parts.
    parts: Vec<CommentPart>,
    /// When written.
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    /// When last edited (the earlier texts are at `/comments/{id}/edits`).
    #[serde(with = "time::serde::rfc3339::option")]
    edited_at: Option<OffsetDateTime>,
    /// Whether its thread is resolved.
    resolved: bool,
    /// Who resolved it.
    resolved_by: Option<String>,
    /// Whether it is a reviewer's send-back (which opens the thread).
    send_back: bool,
}

impl From<comments::Comment> for CommentView {
    fn from(row: comments::Comment) -> Self {
        let comments::Comment {
            id,
            article_id,
            segment_id,
            author,
            body,
            created_at,
            edited_at,
            resolved_by,
            send_back,
        } = row;
        let parts =
            comment::parts(&body).into_iter().map(|p| CommentPart { style: p.style, text: p.text }).collect();
        Self {
            id,
            article_id,
            segment_id,
            author,
            body,
            parts,
            created_at,
            edited_at,
            resolved: resolved_by.is_some(),
            resolved_by,
            send_back,
        }
    }
}

/// Resolve or reopen.
#[derive(Debug, Deserialize, ToSchema)]
pub struct Resolve {
    /// True resolves the thread, false reopens it.
    resolved: bool,
}

/// Comments a segment, mentioning `@name` to bring it to someone's inbox.
#[utoipa::path(post, path = "/segments/{id}/comments", tag = "comments", request_body = CommentBody,
    params(("id" = i64, Path, description = "segment id")),
    responses((status = 200, body = CommentView), (status = 404, description = "no such segment"),
              (status = 422, description = "empty or too long")))]
pub async fn add_segment_comment(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<CommentBody>,
) -> Result<Json<CommentView>, ApiError> {
    Ok(Json(comments::add(&state.pool, Thread::Segment(id), user.id, &body.body).await?.into()))
}

/// A segment's thread, oldest first.
#[utoipa::path(get, path = "/segments/{id}/comments", tag = "comments", params(("id" = i64, Path, description = "segment id")),
    responses((status = 200, body = Vec<CommentView>), (status = 404, description = "no such segment")))]
pub async fn list_segment_comments(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<CommentView>>, ApiError> {
    Ok(Json(views::all(comments::thread(&state.pool, Thread::Segment(id)).await?)))
}

/// Resolves or reopens a segment's thread.
#[utoipa::path(post, path = "/segments/{id}/comments/resolve", tag = "comments", request_body = Resolve,
    params(("id" = i64, Path, description = "segment id")),
    responses((status = 200, body = Vec<CommentView>), (status = 404, description = "no such segment")))]
pub async fn resolve_segment_comments(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<Resolve>,
) -> Result<Json<Vec<CommentView>>, ApiError> {
    comments::resolve(&state.pool, Thread::Segment(id), user.id, body.resolved).await?;
    Ok(Json(views::all(comments::thread(&state.pool, Thread::Segment(id)).await?)))
}

/// Comments the article as a whole.
#[utoipa::path(post, path = "/articles/{id}/comments", tag = "comments", request_body = CommentBody,
    params(("id" = i64, Path, description = "article id")),
    responses((status = 200, body = CommentView), (status = 404, description = "no such article"),
              (status = 422, description = "empty or too long")))]
pub async fn add_article_comment(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<CommentBody>,
) -> Result<Json<CommentView>, ApiError> {
    Ok(Json(comments::add(&state.pool, Thread::Article(id), user.id, &body.body).await?.into()))
}

/// The article's own thread, oldest first.
#[utoipa::path(get, path = "/articles/{id}/comments", tag = "comments", params(("id" = i64, Path, description = "article id")),
    responses((status = 200, body = Vec<CommentView>), (status = 404, description = "no such article")))]
pub async fn list_article_comments(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<CommentView>>, ApiError> {
    Ok(Json(views::all(comments::thread(&state.pool, Thread::Article(id)).await?)))
}

/// Resolves or reopens the article's own thread.
#[utoipa::path(post, path = "/articles/{id}/comments/resolve", tag = "comments", request_body = Resolve,
    params(("id" = i64, Path, description = "article id")),
    responses((status = 200, body = Vec<CommentView>), (status = 404, description = "no such article")))]
pub async fn resolve_article_comments(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<Resolve>,
) -> Result<Json<Vec<CommentView>>, ApiError> {
    comments::resolve(&state.pool, Thread::Article(id), user.id, body.resolved).await?;
    Ok(Json(views::all(comments::thread(&state.pool, Thread::Article(id)).await?)))
}

/// Edits one's own comment; the earlier text is kept.
#[utoipa::path(patch, path = "/comments/{id}", tag = "comments", request_body = CommentBody,
    params(("id" = i64, Path, description = "comment id")),
    responses((status = 200, body = CommentView), (status = 403, description = "not the author"),
              (status = 404, description = "no such comment")))]
pub async fn edit_comment(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<CommentBody>,
) -> Result<Json<CommentView>, ApiError> {
    Ok(Json(comments::edit(&state.pool, id, user.id, &body.body).await?.into()))
}

/// An earlier text of a comment.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentEdit {
    /// The text it had.
    body: String,
    /// When it was replaced.
    #[serde(with = "time::serde::rfc3339")]
    replaced_at: OffsetDateTime,
}

/// The earlier texts of a comment, oldest first.
#[utoipa::path(get, path = "/comments/{id}/edits", tag = "comments", params(("id" = i64, Path, description = "comment id")),
    responses((status = 200, body = Vec<CommentEdit>)))]
pub async fn list_comment_edits(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<CommentEdit>>, ApiError> {
    let edits = comments::edits(&state.pool, id).await?;
    Ok(Json(edits.into_iter().map(|(body, replaced_at)| CommentEdit { body, replaced_at }).collect()))
}

/// The comments mentioning the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct Inbox {
    /// How many are unread.
    unread: i64,
    /// The latest 200, newest first.
    items: Vec<InboxEntry>,
}

/// A comment mentioning the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboxEntry {
    #[serde(flatten)]
    comment: CommentView,
    /// Its article's title.
    article_title: String,
    /// Whether the caller marked it read.
    read: bool,
}

impl From<comments::InboxItem> for InboxEntry {
    fn from(row: comments::InboxItem) -> Self {
        Self { comment: row.comment.into(), article_title: row.article_title, read: row.read }
    }
}

/// The caller's inbox: comments that mention them.
#[utoipa::path(get, path = "/inbox", tag = "comments", responses((status = 200, body = Inbox)))]
pub async fn get_inbox(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Inbox>, ApiError> {
    let unread = comments::unread(&state.pool, user.id).await?;
    Ok(Json(Inbox { unread, items: views::all(comments::inbox(&state.pool, user.id).await?) }))
}

/// Which inbox comments to mark read.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MarkRead {
    /// Comment ids; absent: all.
    #[serde(default)]
    comments: Option<Vec<i64>>,
}

/// Marks comments of the caller's inbox read; answers with the inbox.
#[utoipa::path(post, path = "/inbox/read", tag = "comments", request_body = MarkRead, responses((status = 200, body = Inbox)))]
pub async fn mark_inbox_read(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Json(body): Json<MarkRead>,
) -> Result<Json<Inbox>, ApiError> {
    comments::mark_read(&state.pool, user.id, body.comments.as_deref()).await?;
    get_inbox(State(state), CurrentUser(user)).await
}
