//! `/segments/{id}`: save, history, revert, split, merge.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::CurrentUser;
use super::extract::{Json, Path};
use super::views::{self, HistoryEntry, RevisionInfo, SegmentView, StoredFinding};
use super::{ApiError, AppState};
use crate::app::quality::Checks;
use crate::domain::{RevisionOrigin, SegmentStatus};
use crate::store::events::Committed;
use crate::store::findings;
use crate::store::segments::{self, Save, Saved};

/// A save.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SaveSegment {
    /// The translation.
    target: String,
    /// The life-cycle state to leave the segment in.
    status: SegmentStatus,
    /// The revision the text was based on (0 when the segment had none).
    base_revision: i32,
    /// Why (a reviewer sending the segment back); kept with the revision and shown in its history.
    #[serde(default)]
    comment: Option<String>,
}

/// The revision a save produced, or the current one when nothing changed, and the segment's findings.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedRevision {
    #[serde(flatten)]
    revision: RevisionInfo,
    /// False when the text and status were those of the current revision, and nothing was stored.
    created: bool,
    /// What the quality checks found in the segment as saved (re-checked on every save).
    findings: Vec<StoredFinding>,
}

impl From<(Saved, Vec<findings::StoredFinding>)> for SavedRevision {
    fn from((saved, findings): (Saved, Vec<findings::StoredFinding>)) -> Self {
        let findings = views::all(findings);
        match saved {
            Saved::Created(revision) => Self { revision: revision.into(), created: true, findings },
            Saved::Unchanged(revision) => Self { revision: revision.into(), created: false, findings },
        }
    }
}

/// Saves a translation and re-checks it. 403 when the role may not write the segment as it is now (see
/// `Role::may_write`: reviewed and final segments are the reviewers'); 409 with `current` when
/// `base_revision` is not the segment's current revision.
#[utoipa::path(put, path = "/segments/{id}", tag = "segments", request_body = SaveSegment,
    params(("id" = i64, Path, description = "segment id")),
    responses((status = 200, body = SavedRevision), (status = 409, description = "stale base revision (`current` says what is there now, `diff` how the text sent differs from it), or the segment is locked (its file marks it translate=\"no\")"),
              (status = 403, description = "role may not set that status, or the segment is reviewed or final and the role does not review"),
              (status = 404, description = "no such segment")))]
pub async fn save_segment(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<SaveSegment>,
) -> Result<Json<SavedRevision>, ApiError> {
    let checks = Checks::of_segment(&state.pool, &state.terms, id).await?;
    let findings = checks.check(&body.target, body.status);
    let save = Save {
        target: &body.target,
        status: body.status,
        base_revision: body.base_revision,
        author: user.id,
        origin: RevisionOrigin::Manual,
        comment: body.comment.as_deref(),
        findings: &findings,
        judged_source: Some(checks.source()),
    };
    let saved = segments::save(&state.pool, id, save)
        .await
        .map_err(|e| ApiError::from(e).with_diff_to(&body.target))?;
    let (saved, findings) = announced(&state, saved).await;
    if checks.machine_drafted
        && matches!(saved, Saved::Created(_))
        && body.status >= SegmentStatus::Translated
    {
        // The save stands whatever happens here: the measure is the desk's statistic, not the text.
        if let Err(e) = crate::store::mt::measure_confirmation(&state.pool, id).await {
            tracing::error!(error = %e, segment = id, "post-editing effort not measured");
        }
    }
    Ok(Json((saved, findings).into()))
}

/// Every revision of a segment (also of one since split or merged), newest first, with word diffs.
#[utoipa::path(get, path = "/segments/{id}/revisions", tag = "segments",
    params(("id" = i64, Path, description = "segment id")),
    responses((status = 200, body = Vec<HistoryEntry>), (status = 404, description = "no such segment")))]
pub async fn list_revisions(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<HistoryEntry>>, ApiError> {
    Ok(Json(views::all(segments::history(&state.pool, id).await?)))
}

/// Which revision to go back to.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RevertSegment {
    /// The earlier revision whose text and status to restore.
    revision: i32,
    /// The segment's current revision as the client knows it.
    base_revision: i32,
}

/// Restores an earlier revision's text and status as a new revision (history untouched).
#[utoipa::path(post, path = "/segments/{id}/revert", tag = "segments", request_body = RevertSegment,
    params(("id" = i64, Path, description = "segment id")),
    responses((status = 200, body = SavedRevision), (status = 409, description = "stale base revision, or the segment is locked"),
              (status = 403, description = "role may not write the segment, or set the revision's status"),
              (status = 404, description = "no such segment or revision")))]
pub async fn revert_segment(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<RevertSegment>,
) -> Result<Json<SavedRevision>, ApiError> {
    let earlier = segments::revision(&state.pool, id, body.revision).await?;
    let checks = Checks::of_segment(&state.pool, &state.terms, id).await?;
    let findings = checks.check(&earlier.target, earlier.status);
    let save = Save {
        target: &earlier.target,
        status: earlier.status,
        base_revision: body.base_revision,
        author: user.id,
        origin: RevisionOrigin::Revert,
        comment: None,
        findings: &findings,
        judged_source: Some(checks.source()),
    };
    let saved = segments::save(&state.pool, id, save).await?;
    Ok(Json(announced(&state, saved).await.into()))
}

/// A save's outcome, once the live events it stored are queued for every instance to hear.
async fn announced(
    state: &AppState,
    (saved, findings, committed): (Saved, Vec<findings::StoredFinding>, Option<Committed>),
) -> (Saved, Vec<findings::StoredFinding>) {
    if let Some(committed) = committed {
        state.live.announce(&state.pool, committed).await;
    }
    (saved, findings)
}

/// Where to split.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SplitSegment {
    /// Character (not byte) offset into the source where the second part starts.
    offset: usize,
}

/// Splits a segment in two at a character offset; the old segment is retired, its history kept.
#[utoipa::path(post, path = "/segments/{id}/split", tag = "segments", request_body = SplitSegment,
    params(("id" = i64, Path, description = "segment id")),
    responses((status = 200, body = Vec<SegmentView>, description = "the two new segments"),
              (status = 409, description = "segment already split or merged, or locked"), (status = 422, description = "offset outside the text"),
              (status = 403, description = "role may not write the segment (reviewed or final ones are the reviewers')")))]
pub async fn split_segment(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<SplitSegment>,
) -> Result<Json<Vec<SegmentView>>, ApiError> {
    Ok(Json(views::all(segments::split(&state.pool, id, body.offset, user.id).await?)))
}

/// Merges a segment with the next one; both are retired, their histories kept.
#[utoipa::path(post, path = "/segments/{id}/merge", tag = "segments",
    params(("id" = i64, Path, description = "segment id")),
    responses((status = 200, body = SegmentView, description = "the merged segment"),
              (status = 409, description = "segment already split or merged, or one of the two locked"), (status = 422, description = "no next segment"),
              (status = 403, description = "role may not write one of the two (reviewed or final ones are the reviewers')")))]
pub async fn merge_segment(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<SegmentView>, ApiError> {
    Ok(Json(segments::merge(&state.pool, id, user.id).await?.into()))
}
