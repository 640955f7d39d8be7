//! Webhook deliveries: a worker on every instance drains the outbox (`store::webhooks`), signs each body,
//! posts it and records the answer; failures are retried with exponential back-off.

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, Uri};
use hyper_util::rt::TokioIo;
use sqlx::PgPool;
use tokio::net::TcpStream;

use crate::auth::webhook::signature;
use crate::store::webhooks::{self, Due, Outcome};
use crate::store::StoreError;

/// How often the outbox is looked at.
const POLL: Duration = Duration::from_secs(1);
/// How long a receiver has to answer.
const TIMEOUT: Duration = Duration::from_secs(10);
/// Attempts before a delivery is given up (the last retry waits 2^9 s, about 8.5 minutes).
const MAX_ATTEMPTS: i32 = 10;
/// Deliveries claimed at once (each holds its row's lock until its batch is recorded).
const BATCH: i64 = 5;
/// How much of a receiver's answer is kept in the log.
const KEPT_RESPONSE: usize = 2000;

/// Delivers due webhooks until the task is dropped.
pub async fn run(pool: PgPool) {
    loop {
        if let Err(e) = deliver_due(&pool).await {
            tracing::warn!(error = %e, "webhook deliveries failed");
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Sends one batch of due deliveries; answers how many were attempted.
pub async fn deliver_due(pool: &PgPool) -> Result<usize, StoreError> {
    let mut tx = pool.begin().await?;
    let due = webhooks::claim(&mut tx, BATCH).await?;
    for delivery in &due {
        let outcome = post(delivery).await;
        let retry_in = (delivery.attempts + 1 < MAX_ATTEMPTS).then(|| 2f64.powi(delivery.attempts));
        webhooks::record(&mut tx, delivery.id, &outcome, retry_in).await?;
    }
    tx.commit().await?;
    Ok(due.len())
}

async fn post(delivery: &Due) -> Outcome {
    match tokio::time::timeout(TIMEOUT, send(delivery)).await {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(e)) => Outcome::Failed(e),
        Err(_) => Outcome::Failed(format!("no answer within {} s", TIMEOUT.as_secs())),
    }
}

/// One HTTP/1.1 POST. Only `http://` URLs: this build has no TLS (a receiver behind HTTPS is reached
/// through a local proxy).
async fn send(delivery: &Due) -> Result<Outcome, String> {
    let uri: Uri = delivery.url.parse().map_err(|e| format!("bad URL: {e}"))?;
    if uri.scheme_str() != Some("http") {
        return Err("only http:// URLs can be delivered to".into());
    }
    let host = uri.host().ok_or("the URL has no host")?;
    let port = uri.port_u16().unwrap_or(80);
    let stream = TcpStream::connect((host, port)).await.map_err(|e| format!("connecting: {e}"))?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| e.to_string())?;
    tokio::spawn(connection);
    let timestamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let authority = uri.authority().map(|a| a.as_str()).unwrap_or(host).to_owned();
    let request = Request::post(uri.path_and_query().map(|p| p.as_str()).unwrap_or("/"))
        .header(header::HOST, authority)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::USER_AGENT, "tarjuman-webhooks")
        .header("X-Tarjuman-Timestamp", timestamp.to_string())
        .header("X-Tarjuman-Signature", signature(&delivery.secret, timestamp, &delivery.body))
        .header("X-Tarjuman-Delivery", delivery.id.to_string())
        .body(Body::from(delivery.body.clone()))
        .map_err(|e| e.to_string())?;
    let response = sender.send_request(request).await.map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let body = axum::body::to_bytes(Body::new(response.into_body()), 64 * 1024).await.unwrap_or_default();
    let response: String = String::from_utf8_lossy(&body).chars().take(KEPT_RESPONSE).collect();
    Ok(Outcome::Answered { status, response })
}
