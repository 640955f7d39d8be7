//! The live hub of one process: one `LISTEN` connection to PostgreSQL, fanned out to the editors open on
//! each article through a bounded broadcast channel per article. Events are written by the changes
//! themselves (triggers, `store::events`), so whichever instance made a change, every instance hears it.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use sqlx::postgres::{PgListener, PgNotification};
use sqlx::PgPool;
use tokio::sync::{broadcast, mpsc, watch};

use crate::store::events::{self, Committed, Notice, Presence, StoredEvent};

/// How many messages one article's channel holds for its slowest reader; a reader further behind is told
/// to reload rather than holding memory for it.
pub const CHANNEL_CAPACITY: usize = 256;

/// How many committed changes may wait for their announcement before a writer waits for room.
const ANNOUNCEMENTS_WAITING: usize = 1024;

/// What an open editor is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// A stored event (a save, a structure change, a comment, an update).
    Event(LiveEvent),
    /// Someone arrived, moved, typed or left.
    Presence(Presence),
    /// Events may have been missed (the listener lost its connection): read the article again.
    Reload,
}

/// A stored event as every stream of its article sends it: its data written out once, however many
/// editors are open on the article.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveEvent {
    /// Its place in the stream.
    pub id: i64,
    /// `save`, `structure`, `comment`, `update`.
    pub kind: String,
    /// What happened, as JSON text.
    pub data: String,
}

impl From<&StoredEvent> for LiveEvent {
    fn from(event: &StoredEvent) -> Self {
        Self { id: event.id, kind: event.kind.clone(), data: event.data.0.to_string() }
    }
}

/// The hub; cheap to clone (one per process, in the app state).
#[derive(Clone, Default)]
pub struct Live {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    channels: Mutex<HashMap<i64, broadcast::Sender<Arc<Message>>>>,
    started: AtomicBool,
    closing: ClosingFlag,
    /// Whether the listener's `LISTEN` is in place: a stream answers only then, so that every change made
    /// after an editor sees its stream open reaches it.
    listening: ListeningFlag,
    /// This process's committed changes whose events are still to be announced, in order.
    announcements: OnceLock<mpsc::Sender<Committed>>,
}

struct ListeningFlag(watch::Sender<bool>);

impl Default for ListeningFlag {
    fn default() -> Self {
        Self(watch::channel(false).0)
    }
}

/// Set once when the server shuts down, so that endless streams end and graceful shutdown can finish.
struct ClosingFlag(watch::Sender<bool>);

impl Default for ClosingFlag {
    fn default() -> Self {
        Self(watch::channel(false).0)
    }
}

impl fmt::Debug for Live {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let articles = self.inner.channels.lock().map(|c| c.len()).unwrap_or_default();
        f.debug_struct("Live").field("articles", &articles).finish()
    }
}

impl Live {
    /// A receiver of the article's messages from now on; the first subscription of the process starts
    /// the listener, and every subscription waits (a few seconds at most) until it listens, so that a
    /// notification sent meanwhile is not lost to a listener not yet connected.
    pub async fn subscribe(&self, pool: &PgPool, article: i64) -> broadcast::Receiver<Arc<Message>> {
        if !self.inner.started.swap(true, Ordering::SeqCst) {
            tokio::spawn(listen(pool.clone(), Arc::downgrade(&self.inner), self.closing()));
        }
        let receiver = {
            let mut channels = self.inner.channels.lock().unwrap_or_else(|e| e.into_inner());
            channels.entry(article).or_insert_with(|| broadcast::channel(CHANNEL_CAPACITY).0).subscribe()
        };
        let mut listening = self.inner.listening.0.subscribe();
        // A listener that cannot connect must not hold the page: the stream then serves what arrives later.
        let _ = tokio::time::timeout(LISTEN_WAIT, listening.wait_for(|up| *up)).await;
        receiver
    }

    /// Announces a committed change's live events to every instance, without the writer waiting for it:
    /// one task of the process announces, in one statement, every change committed while it announced
    /// the ones before. Waits only when that many changes are already waiting.
    pub async fn announce(&self, pool: &PgPool, committed: Committed) {
        let queue = self.inner.announcements.get_or_init(|| {
            let (queue, waiting) = mpsc::channel(ANNOUNCEMENTS_WAITING);
            tokio::spawn(announce_continuously(pool.clone(), waiting));
            queue
        });
        if let Err(mpsc::error::SendError(committed)) = queue.send(committed).await {
            events::announce_committed(pool, &[committed]).await;
        }
    }

    /// Resolves when the server is shutting down.
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.inner.closing.0.subscribe()
    }

    /// Ends every stream (the server is shutting down).
    pub fn close(&self) {
        self.inner.closing.0.send_replace(true);
    }
}

impl Inner {
    /// The article's channel if anyone listens to it; drops channels nobody listens to any more.
    fn sender(&self, article: i64) -> Option<broadcast::Sender<Arc<Message>>> {
        let mut channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        match channels.get(&article) {
            Some(sender) if sender.receiver_count() > 0 => Some(sender.clone()),
            Some(_) => {
                channels.remove(&article);
                None
            }
            None => None,
        }
    }

    fn broadcast_all(&self, message: Message) {
        let message = Arc::new(message);
        let channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        for sender in channels.values() {
            let _ = sender.send(message.clone());
        }
    }
}

/// How long a new stream waits for the listener to connect.
const LISTEN_WAIT: Duration = Duration::from_secs(5);

/// Notifications read from the listener's buffer at once, at most.
const MAX_BATCH: usize = 1000;

/// Sends a batch of notifications to the editors open on their articles, in the order they came: presence
/// and events the notification carries as they are, other stored events read first (all in one query). An
/// event that cannot be read tells its article's editors to reload.
async fn fan_out(inner: &Inner, listener: &mut PgListener, batch: &[PgNotification]) {
    let notices: Vec<(broadcast::Sender<Arc<Message>>, Notice)> = batch
        .iter()
        .filter_map(|n| serde_json::from_str::<Notice>(n.payload()).ok())
        .filter_map(|notice| inner.sender(notice.article).map(|sender| (sender, notice)))
        .collect();
    let unread = |n: &Notice| n.presence.is_none() && n.data.is_none();
    let ids: Vec<i64> = notices.iter().filter(|(_, n)| unread(n)).filter_map(|(_, n)| n.id).collect();
    let stored = match ids.is_empty() {
        true => Ok(Vec::new()),
        false => events::events(&mut *listener, &ids).await,
    };
    let stored: Option<HashMap<i64, StoredEvent>> = match stored {
        Ok(rows) => Some(rows.into_iter().map(|event| (event.id, event)).collect()),
        Err(e) => {
            tracing::warn!(error = %e, "live updates: cannot read events");
            None
        }
    };
    for (sender, notice) in notices {
        let message = match (notice, &stored) {
            (Notice { presence: Some(presence), .. }, _) => Message::Presence(presence),
            (Notice { id: Some(id), kind: Some(kind), data: Some(data), .. }, _) => {
                Message::Event(LiveEvent { id, kind, data: data.get().to_owned() })
            }
            (Notice { id: Some(id), .. }, Some(stored)) => match stored.get(&id) {
                Some(event) => Message::Event(event.into()),
                None => continue, // pruned meanwhile
            },
            (Notice { id: Some(_), .. }, None) => Message::Reload,
            (Notice { id: None, .. }, _) => continue,
        };
        let _ = sender.send(Arc::new(message));
    }
}

/// The listener task: runs until the hub is dropped or closed, reconnecting after failures. After a lost
/// connection every open editor is told to reload, since notifications sent meanwhile are gone.
async fn listen(pool: PgPool, hub: std::sync::Weak<Inner>, mut closing: watch::Receiver<bool>) {
    let mut pause = Duration::from_millis(100);
    loop {
        let connected = tokio::select! {
            connected = events::listen(&pool) => connected,
            _ = closing.wait_for(|closed| *closed) => return,
        };
        let mut listener = match connected {
            Ok(listener) => listener,
            Err(e) => {
                tracing::warn!(error = %e, "live updates: cannot listen, retrying");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(10));
                continue;
            }
        };
        pause = Duration::from_millis(100);
        if let Some(inner) = hub.upgrade() {
            inner.listening.0.send_replace(true);
        }
        loop {
            // Ends with the hub too: dropping the hub drops the flag's sender.
            let received = tokio::select! {
                received = listener.try_recv() => received,
                _ = closing.wait_for(|closed| *closed) => return,
            };
            let first = match received {
                Ok(Some(notification)) => notification,
                Ok(None) | Err(_) => break,
            };
            let Some(inner) = hub.upgrade() else { return };
            // Every notification already here goes in one batch, read in one query on the listener's own
            // connection: a burst of saves costs one round trip, never a wait for the pool the saves hold.
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match listener.next_buffered() {
                    Some(notification) => batch.push(notification),
                    None => break,
                }
            }
            fan_out(&inner, &mut listener, &batch).await;
        }
        let Some(inner) = hub.upgrade() else { return };
        inner.listening.0.send_replace(false);
        tracing::warn!("live updates: the listening connection was lost; open editors reload");
        inner.broadcast_all(Message::Reload);
    }
}

/// Announces what [`Live::announce`] queues, as many changes at a time as have been committed meanwhile;
/// ends with the hub.
async fn announce_continuously(pool: PgPool, mut waiting: mpsc::Receiver<Committed>) {
    let mut batch = Vec::new();
    while waiting.recv_many(&mut batch, ANNOUNCEMENTS_WAITING).await > 0 {
        events::announce_committed(&pool, &batch).await;
        batch.clear();
    }
}
