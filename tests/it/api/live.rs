//! `/articles/{id}/events` and `/articles/{id}/presence`: what an open editor is told, live.

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tarjuman::domain::Role;
use tower::ServiceExt;

use crate::support::api::{article, Client};
use crate::support::db::TestDb;
use crate::support::http::{app, authed, send_to, state};

/// One Server-Sent Event.
#[derive(Debug, Default)]
struct Sse {
    id: Option<i64>,
    event: String,
    data: Value,
}

/// An open event stream of the app in-process.
struct Stream {
    body: Body,
    pending: String,
}

impl Stream {
    async fn open(client: &Client, article: i64, last_event_id: Option<i64>) -> Self {
        let (status, stream) = Self::try_open(client, article, last_event_id).await;
        assert_eq!(status, StatusCode::OK);
        stream.expect("a stream")
    }

    async fn try_open(
        client: &Client,
        article: i64,
        last_event_id: Option<i64>,
    ) -> (StatusCode, Option<Self>) {
        let mut request = Request::get(format!("/api/v1/articles/{article}/events"))
            .header(header::AUTHORIZATION, format!("Bearer {}", client.token));
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        let response = app(client.pool.clone()).oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
        let status = response.status();
        if status != StatusCode::OK {
            return (status, None);
        }
        let headers = response.headers();
        assert_eq!(headers[header::CONTENT_TYPE], "text/event-stream");
        assert_eq!(headers["x-accel-buffering"], "no", "proxies must not buffer the stream");
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
        (status, Some(Self { body: response.into_body(), pending: String::new() }))
    }

    /// The next event of `kind`, waiting up to 10 s (skipping others).
    async fn next_of(&mut self, kind: &str) -> Sse {
        tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                let event = self.next().await;
                if event.event == kind {
                    return event;
                }
            }
        })
        .await
        .unwrap_or_else(|_| panic!("no {kind} event within 10 s"))
    }

    async fn next(&mut self) -> Sse {
        loop {
            if let Some(end) = self.pending.find("\n\n") {
                let block: String = self.pending.drain(..end + 2).collect();
                let mut event = Sse::default();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id: ").or_else(|| line.strip_prefix("id:")) {
                        event.id = v.trim().parse().ok();
                    } else if let Some(v) =
                        line.strip_prefix("event: ").or_else(|| line.strip_prefix("event:"))
                    {
                        event.event = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data: ").or_else(|| line.strip_prefix("data:"))
                    {
                        event.data = serde_json::from_str(v).unwrap();
                    }
                }
                if !event.event.is_empty() {
                    return event;
                }
                continue; // a keep-alive comment
            }
            let frame = self.body.frame().await.expect("the stream ended").unwrap();
            if let Ok(data) = frame.into_data() {
                self.pending.push_str(std::str::from_utf8(&data).unwrap());
            }
        }
    }
}

fn save(target: &str, base: i64) -> Value {
    json!({"target": target, "status": "translated", "base_revision": base})
}

#[tokio::test]
async fn a_save_by_someone_else_arrives_on_the_article_stream() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "1").await;
    let omar = Client::new(&db, Role::Translator, "2").await;
    let (id, segments) = article(&db, &sara.user, &["جملة أولى.", "جملة ثانية."]).await;
    let mut stream = Stream::open(&sara, id, None).await;

    let (status, _) = omar.put(&format!("/api/v1/segments/{}", segments[1]), save("The second.", 0)).await;
    assert_eq!(status, StatusCode::OK);

    let event = stream.next_of("save").await;
    assert!(event.id.is_some(), "stored events carry an id to resume from");
    assert_eq!(event.data["segment"], segments[1]);
    assert_eq!(event.data["revision"], 1);
    assert_eq!(event.data["author"], "translator2");
    assert_eq!(event.data["target"], "The second.");
    assert_eq!(event.data["status"], "translated");
}

/// A notice carries the event when it fits in PostgreSQL's 8000 bytes; a longer translation is read back.
#[tokio::test]
async fn a_translation_too_long_for_a_notice_arrives_whole() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "1").await;
    let omar = Client::new(&db, Role::Translator, "2").await;
    let (id, segments) = article(&db, &sara.user, &["جملة أولى.", "جملة ثانية."]).await;
    let mut stream = Stream::open(&sara, id, None).await;
    let long = "The second sentence, at length. ".repeat(400);
    let short = "The first.";

    for (segment, target) in [(segments[1], long.trim()), (segments[0], short)] {
        let (status, _) = omar.put(&format!("/api/v1/segments/{segment}"), save(target, 0)).await;
        assert_eq!(status, StatusCode::OK);
    }

    let first = stream.next_of("save").await;
    assert_eq!(first.data["segment"], segments[1]);
    assert_eq!(first.data["target"], long.trim(), "{} bytes", long.len());
    let second = stream.next_of("save").await;
    assert_eq!(second.data["segment"], segments[0]);
    assert_eq!(second.data["target"], short);
    assert!(second.id > first.id);
}

/// One instance announces the saves committed while it announced earlier ones together: none may be lost.
#[tokio::test]
async fn saves_made_at_once_through_one_instance_each_arrive_once() {
    let db = TestDb::new().await;
    let reader = Client::new(&db, Role::Translator, "0").await;
    let mut writers = Vec::new();
    for n in 1..=4 {
        writers.push(Client::new(&db, Role::Translator, &n.to_string()).await);
    }
    let sentences: Vec<String> = (1..=24).map(|n| format!("الجملة رقم {n}.")).collect();
    let sentences: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let (id, segments) = article(&db, &reader.user, &sentences).await;
    let mut stream = Stream::open(&reader, id, None).await;

    let instance = state(db.pool.clone());
    let saves = segments.iter().enumerate().map(|(n, &segment)| {
        let request = authed(
            "PUT",
            &format!("/api/v1/segments/{segment}"),
            &writers[n % 4].token,
            Some(save("Saved.", 0)),
        );
        tokio::spawn(send_to(instance.clone(), request))
    });
    for save in saves.collect::<Vec<_>>() {
        assert_eq!(save.await.unwrap().0, StatusCode::OK);
    }

    let mut arrived = Vec::new();
    for _ in &segments {
        let event = stream.next_of("save").await;
        arrived.push((event.data["segment"].as_i64().unwrap(), event.id.unwrap()));
    }
    let mut saved: Vec<i64> = arrived.iter().map(|(segment, _)| *segment).collect();
    saved.sort_unstable();
    assert_eq!(saved, segments, "every save arrives, and once");
    let mut ids: Vec<i64> = arrived.iter().map(|(_, id)| *id).collect();
    ids.dedup();
    assert_eq!(ids.len(), segments.len(), "each with an id of its own");
}

#[tokio::test]
async fn a_reconnecting_editor_gets_what_it_missed() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "1").await;
    let omar = Client::new(&db, Role::Translator, "2").await;
    let (id, segments) = article(&db, &sara.user, &["واحد.", "اثنان.", "ثلاثة."]).await;
    let mut stream = Stream::open(&sara, id, None).await;
    omar.put(&format!("/api/v1/segments/{}", segments[0]), save("One.", 0)).await;
    let seen = stream.next_of("save").await.id.unwrap();
    drop(stream);

    // Saved while the editor was offline.
    omar.put(&format!("/api/v1/segments/{}", segments[1]), save("Two.", 0)).await;
    omar.put(&format!("/api/v1/segments/{}", segments[2]), save("Three.", 0)).await;

    let mut stream = Stream::open(&sara, id, Some(seen)).await;
    let first = stream.next_of("save").await;
    let second = stream.next_of("save").await;
    assert_eq!(
        (first.data["segment"].clone(), second.data["segment"].clone()),
        (json!(segments[1]), json!(segments[2]))
    );
    assert!(first.id.unwrap() > seen && second.id.unwrap() > first.id.unwrap());
}

#[tokio::test]
async fn splits_and_presence_reach_open_editors() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "1").await;
    let omar = Client::new(&db, Role::Translator, "2").await;
    let (id, segments) = article(&db, &sara.user, &["جملة طويلة، فيها جزءان."]).await;
    let mut stream = Stream::open(&sara, id, None).await;

    let (status, _) = omar
        .put(&format!("/api/v1/articles/{id}/presence"), json!({"segment": segments[0], "typing": true}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let presence = stream.next_of("presence").await;
    assert_eq!(presence.data["user"], "translator2");
    assert_eq!(presence.data["segment"], segments[0]);
    assert_eq!(presence.data["typing"], true);
    let (_, present) = sara.get(&format!("/api/v1/articles/{id}/presence")).await;
    assert_eq!(present.as_array().unwrap().len(), 1, "{present}");

    let (status, _) =
        omar.post(&format!("/api/v1/segments/{}/split", segments[0]), json!({"offset": 11})).await;
    assert_eq!(status, StatusCode::OK);
    let structure = stream.next_of("structure").await;
    assert!(
        structure.data["added"].is_array() || structure.data["retired"].is_array(),
        "{:?}",
        structure.data
    );

    let (status, _) = omar.call("DELETE", &format!("/api/v1/articles/{id}/presence"), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let left = stream.next_of("presence").await;
    assert_eq!(left.data["here"], false);
    let (_, present) = sara.get(&format!("/api/v1/articles/{id}/presence")).await;
    assert_eq!(present, json!([]));
}

#[tokio::test]
async fn the_stream_needs_a_user_and_an_article() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "1").await;
    let (status, _) = Stream::try_open(&sara, 999_999, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (id, _) = article(&db, &sara.user, &["جملة."]).await;
    let anonymous = app(db.pool.clone())
        .oneshot(Request::get(format!("/api/v1/articles/{id}/events")).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let (status, answer) =
        sara.put(&format!("/api/v1/articles/{id}/presence"), json!({"segment": 999_999})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
}
