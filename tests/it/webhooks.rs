//! Outgoing webhooks against a local receiver that fails twice and then accepts: deliveries are signed,
//! retried with back-off by the server's worker, and logged with the receiver's answers.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use tarjuman::domain::Role;

use crate::browser::serve;
use crate::support::api::Client;
use crate::support::browser_session::Visitor;
use crate::support::db::TestDb;

#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<(HeaderMap, String)>>>,
}

/// A receiver on 127.0.0.1: answers 503 to its first two requests, then 200.
async fn receiver() -> (String, Receiver) {
    let receiver = Receiver::default();
    let got = receiver.clone();
    let app = axum::Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: String| {
            let got = got.clone();
            async move {
                let mut got = got.got.lock().unwrap();
                got.push((headers, body));
                if got.len() <= 2 {
                    (StatusCode::SERVICE_UNAVAILABLE, "not yet")
                } else {
                    (StatusCode::OK, "thanks")
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, receiver)
}

fn verify(secret: &[u8], headers: &HeaderMap, body: &str) {
    let timestamp = headers["x-tarjuman-timestamp"].to_str().unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
    mac.update(format!("{timestamp}.{body}").as_bytes());
    let expected: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(headers["x-tarjuman-signature"].to_str().unwrap(), format!("sha256={expected}"));
}

fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect()
}

async fn wait_for<T>(what: &str, mut check: impl AsyncFnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn deliveries_are_signed_retried_and_logged() {
    let db = TestDb::new().await;
    let _server = serve(&db);
    let admin = Client::new(&db, Role::Admin, "2").await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let (url, receiver) = receiver().await;

    let (status, _) =
        translator.post("/api/v1/webhooks", json!({"url": url, "events": ["article.imported"]})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, bad) = admin
        .post("/api/v1/webhooks", json!({"url": "file:///etc/passwd", "events": ["article.imported"]}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    let (status, created) =
        admin.post("/api/v1/webhooks", json!({"url": url, "events": ["article.imported"]})).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let secret = unhex(created["secret"].as_str().unwrap());
    let hook = created["id"].as_i64().unwrap();
    let (_, listed) = admin.get("/api/v1/webhooks").await;
    assert!(listed[0].get("secret").is_none(), "the secret is shown once: {listed}");

    // The test button's delivery: refused twice, accepted the third time.
    let (status, _) = admin.post(&format!("/api/v1/webhooks/{hook}/test"), json!({})).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let log = wait_for("the test delivery to be accepted", async || {
        let (_, log) = admin.get(&format!("/api/v1/webhooks/{hook}/deliveries")).await;
        log[0]["delivered_at"].is_string().then_some(log)
    })
    .await;
    assert_eq!(log[0]["event"], "ping");
    assert_eq!(log[0]["attempts"], 3);
    assert_eq!(log[0]["last_status"], 200);
    assert_eq!(log[0]["last_response"], "thanks");
    {
        let got = receiver.got.lock().unwrap();
        assert_eq!(got.len(), 3);
        for (headers, body) in got.iter() {
            verify(&secret, headers, body);
            assert_eq!(
                headers["x-tarjuman-delivery"], got[0].0["x-tarjuman-delivery"],
                "one delivery, retried"
            );
        }
    }

    // A real event: an import, delivered from the outbox written in the import's transaction.
    let (_, article) = translator
        .post(
            "/api/v1/articles",
            json!({"title": "Wire", "source_lang": "ar", "target_lang": "en", "text": "جملة."}),
        )
        .await;
    let body: Value = wait_for("the import's delivery", async || {
        let got = receiver.got.lock().unwrap();
        got.get(3).map(|(headers, body)| {
            verify(&secret, headers, body);
            serde_json::from_str(body).unwrap()
        })
    })
    .await;
    assert_eq!(body["event"], "article.imported");
    assert_eq!(body["data"]["article"], article["id"]);
}

#[tokio::test]
async fn an_admin_registers_a_hook_and_sends_a_test_from_the_page() {
    let db = TestDb::new().await;
    let admin = Client::new(&db, Role::Admin, "2").await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("admin2", "secret-password").await;
    let csrf = visitor.get("/admin/webhooks").await.csrf();
    let fields = [("csrf", csrf.as_str()), ("url", "http://127.0.0.1:9/hook"), ("comment.mentioned", "1")];
    let shown = visitor.post_form("/admin/webhooks", &fields).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    let secret = shown.body.split("<code class=\"secret\">").nth(1).unwrap().split('<').next().unwrap();
    assert_eq!(secret.len(), 64, "32 bytes in hex");
    let again = visitor.get("/admin/webhooks").await;
    assert!(!again.body.contains(secret), "the secret is shown once");

    let (_, hooks) = admin.get("/api/v1/webhooks").await;
    assert_eq!(hooks[0]["events"], json!(["comment.mentioned"]));
    let hook = hooks[0]["id"].as_i64().unwrap();
    let sent = visitor.post_form(&format!("/admin/webhooks/{hook}/test"), &[("csrf", csrf.as_str())]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let (_, log) = admin.get(&format!("/api/v1/webhooks/{hook}/deliveries")).await;
    assert_eq!(log[0]["event"], "ping");
    let page = visitor.get("/admin/webhooks").await;
    assert!(page.body.contains("ping: waiting\n        after 0 attempt(s)"), "{}", page.body);
}

/// Two instances on one database both look for missed deadlines every second: each missed deadline is
/// raised once, signed, retried and logged; one met in time and one without a deadline raise nothing.
#[tokio::test(flavor = "multi_thread")]
async fn a_missed_deadline_is_raised_once_by_two_instances() {
    let db = TestDb::new().await;
    let (_first, _second) = (serve(&db), serve(&db));
    let admin = Client::new(&db, Role::Admin, "2").await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let (url, receiver) = receiver().await;
    let (_, created) =
        admin.post("/api/v1/webhooks", json!({"url": url, "events": ["deadline.missed"]})).await;
    let secret = unhex(created["secret"].as_str().unwrap());
    let (id, segments) =
        crate::support::api::article(&db, &translator.user, &["جملة أولى.", "جملة ثانية."]).await;

    let due = (time::OffsetDateTime::now_utc() + time::Duration::seconds(3))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let assign = |first: i64, deadline: Option<&str>| {
        json!({"task": "translate", "user": "translator", "first_segment": first, "last_segment": first,
               "deadline": deadline})
    };
    let uri = format!("/api/v1/articles/{id}/assignments");
    let (_, missed) = admin.post(&uri, assign(segments[0], Some(&due))).await;
    let (_, met) = admin.post(&uri, assign(segments[1], Some(&due))).await;
    admin.post(&uri, assign(segments[0], None)).await;
    let save = json!({"target": "The second sentence.", "status": "translated", "base_revision": 0});
    let (status, _) = translator.put(&format!("/api/v1/segments/{}", segments[1]), save).await;
    assert_eq!(status, StatusCode::OK);

    let hook = created["id"].as_i64().unwrap();
    wait_for("the missed deadline's delivery to be accepted", async || {
        let (_, log) = admin.get(&format!("/api/v1/webhooks/{hook}/deliveries")).await;
        log[0]["delivered_at"].is_string().then_some(())
    })
    .await;
    // Both instances go on looking for a while: nothing more is raised.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (_, log) = admin.get(&format!("/api/v1/webhooks/{hook}/deliveries")).await;
    assert_eq!(log.as_array().unwrap().len(), 1, "{log}");
    assert_eq!((&log[0]["event"], &log[0]["attempts"]), (&json!("deadline.missed"), &json!(3)));
    let got = receiver.got.lock().unwrap().clone();
    assert_eq!(got.len(), 3, "refused twice, accepted once");
    for (headers, body) in got.iter() {
        verify(&secret, headers, body);
    }
    let body: Value = serde_json::from_str(&got[0].1).unwrap();
    assert_eq!(body["event"], "deadline.missed");
    assert_eq!(
        (&body["data"]["assignment"], &body["data"]["article"], &body["data"]["user"], &body["data"]["task"]),
        (&missed["id"], &json!(id), &json!("translator"), &json!("translate"))
    );
    let (_, listed) = admin.get(&uri).await;
    let missed_flags: Vec<(&Value, &Value)> =
        listed.as_array().unwrap().iter().map(|a| (&a["id"], &a["missed"])).collect();
    assert!(missed_flags.contains(&(&missed["id"], &json!(true))), "{listed}");
    assert!(missed_flags.contains(&(&met["id"], &json!(false))), "{listed}");
}
