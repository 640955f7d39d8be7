//! `/articles/{id}/events` (the article's Server-Sent Events stream) and `/articles/{id}/presence` (who
//! is in the article, and where).

use std::collections::{HashSet, VecDeque};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};
use utoipa::{IntoParams, ToSchema};

use super::auth::CurrentUser;
use super::extract::{Json, Path, Query};
use super::{ApiError, AppState};
use crate::app::live::{Live, LiveEvent, Message};
use crate::store::articles;
use crate::store::events::{self, Presence};

/// At most this many missed events are sent again to a reconnecting client; further behind, it reloads.
const REPLAY_LIMIT: i64 = 1000;

/// Comment lines keep proxies and browsers from closing a quiet stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Where the stream starts.
#[derive(Debug, Deserialize, IntoParams)]
pub struct StreamStart {
    /// The id of the last event the client has (the page says which was the newest when it was
    /// rendered); the `Last-Event-ID` header, which browsers send when they reconnect, wins.
    #[serde(default)]
    after: Option<i64>,
}

/// The article's live events as Server-Sent Events: `save` (data: segment, revision, author, target,
/// status, origin, comment), `structure` (segments added or retired: reload), `comment`, `update`,
/// `presence` (user, display_name, segment, typing, here) and `reload` (events were missed: read the
/// article again; the stream ends). Each stored event has an id; reconnecting with `Last-Event-ID` (or
/// `?after=`) sends again what was missed.
#[utoipa::path(get, path = "/articles/{id}/events", tag = "live", params(("id" = i64, Path, description = "article id"), StreamStart),
    responses((status = 200, content_type = "text/event-stream", body = String, description = "the event stream"),
              (status = 404, description = "no such article")))]
pub async fn article_events(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
    Query(start): Query<StreamStart>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    articles::get(&state.pool, id).await?;
    let last_event_id =
        headers.get("last-event-id").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse().ok());
    // Subscribed before the replay is read, so nothing falls between the two.
    let live = state.live.subscribe(&state.pool, id).await;
    let mut feed = Feed {
        replay: VecDeque::new(),
        replayed: HashSet::new(),
        live,
        closing: state.live.closing(),
        _hub: state.live.clone(),
        done: false,
    };
    if let Some(after) = last_event_id.or(start.after) {
        let missed = events::since(&state.pool, id, after, REPLAY_LIMIT + 1).await?;
        if missed.len() as i64 > REPLAY_LIMIT {
            feed.done = true;
            feed.replay.push_back(Outgoing::Reload);
        } else {
            feed.replayed = missed.iter().map(|e| e.id).collect();
            feed.replay.extend(missed.iter().map(|event| Outgoing::Stored(event.into())));
        }
    }
    let events =
        stream::unfold(
            feed,
            |mut feed| async move { feed.next().await.map(|e| (Ok::<_, Infallible>(e), feed)) },
        );
    let sse = Sse::new(events).keep_alive(KeepAlive::new().interval(KEEP_ALIVE));
    // Reverse proxies (nginx) buffer responses unless told not to; a buffered stream arrives in lumps.
    let headers = [
        (HeaderName::from_static("x-accel-buffering"), HeaderValue::from_static("no")),
        (axum::http::header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
    ];
    Ok((headers, sse).into_response())
}

/// One connection's stream: what it missed, then what happens.
struct Feed {
    replay: VecDeque<Outgoing>,
    replayed: HashSet<i64>,
    live: broadcast::Receiver<Arc<Message>>,
    closing: watch::Receiver<bool>,
    /// Kept alive while a stream is open (it owns the closing flag and the listener).
    _hub: Live,
    /// After a `reload`, nothing more is sent.
    done: bool,
}

enum Outgoing {
    Stored(LiveEvent),
    Reload,
}

impl Feed {
    async fn next(&mut self) -> Option<Event> {
        if let Some(outgoing) = self.replay.pop_front() {
            return Some(match outgoing {
                Outgoing::Stored(event) => live_event(&event),
                Outgoing::Reload => reload(),
            });
        }
        if self.done {
            return None;
        }
        loop {
            let received = tokio::select! {
                received = self.live.recv() => received,
                _ = self.closing.wait_for(|closed| *closed) => return None,
            };
            return match received {
                Ok(message) => match message.as_ref() {
                    Message::Event(event) if self.replayed.contains(&event.id) => continue,
                    Message::Event(event) => Some(live_event(event)),
                    Message::Presence(presence) => Some(presence_event(presence)),
                    Message::Reload => {
                        self.done = true;
                        Some(reload())
                    }
                },
                // This client fell more than the channel's capacity behind: it reads the article again
                // instead of the server keeping an unbounded queue for it.
                Err(RecvError::Lagged(_)) => {
                    self.done = true;
                    Some(reload())
                }
                Err(RecvError::Closed) => None,
            };
        }
    }
}

fn live_event(event: &LiveEvent) -> Event {
    Event::default().id(event.id.to_string()).event(event.kind.as_str()).data(event.data.as_str())
}

fn presence_event(presence: &Presence) -> Event {
    let data = serde_json::to_string(&PresenceView::from(presence.clone())).unwrap_or_default();
    Event::default().event("presence").data(data)
}

fn reload() -> Event {
    Event::default().event("reload").data("{}")
}

/// Where the caller is in the article.
#[derive(Debug, Deserialize, ToSchema)]
pub struct Heartbeat {
    /// The segment the caller is in, if any.
    #[serde(default)]
    segment: Option<i64>,
    /// Whether the caller is typing there (shown to others as a soft lock; nothing is refused).
    #[serde(default)]
    typing: bool,
}

/// One person's place in an article.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Presence)]
pub struct PresenceView {
    /// User name.
    user: String,
    /// Name shown to others.
    display_name: String,
    /// The segment the person is in.
    segment: Option<i64>,
    /// Whether the person is typing there.
    typing: bool,
    /// False when the person just left.
    here: bool,
}

impl From<Presence> for PresenceView {
    fn from(row: Presence) -> Self {
        let Presence { user, display_name, segment, typing, here } = row;
        Self { user, display_name, segment, typing, here }
    }
}

/// Says the caller is in the article (and where); the editor sends it every few seconds. Presence lasts
/// 45 s after the last heartbeat. Answers with everybody present.
#[utoipa::path(put, path = "/articles/{id}/presence", tag = "live", request_body = Heartbeat,
    params(("id" = i64, Path, description = "article id")),
    responses((status = 200, body = Vec<PresenceView>), (status = 404, description = "no such article"),
              (status = 422, description = "the segment is not in the article")))]
pub async fn put_presence(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<Heartbeat>,
) -> Result<Json<Vec<PresenceView>>, ApiError> {
    events::heartbeat(&state.pool, id, user.id, body.segment, body.typing).await?;
    Ok(Json(super::views::all(events::present(&state.pool, id).await?)))
}

/// Who is in the article now.
#[utoipa::path(get, path = "/articles/{id}/presence", tag = "live", params(("id" = i64, Path, description = "article id")),
    responses((status = 200, body = Vec<PresenceView>), (status = 404, description = "no such article")))]
pub async fn get_presence(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<PresenceView>>, ApiError> {
    articles::get(&state.pool, id).await?;
    Ok(Json(super::views::all(events::present(&state.pool, id).await?)))
}

/// Says the caller left the article.
#[utoipa::path(delete, path = "/articles/{id}/presence", tag = "live", params(("id" = i64, Path, description = "article id")),
    responses((status = 204, description = "gone")))]
pub async fn delete_presence(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    events::leave(&state.pool, id, user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
