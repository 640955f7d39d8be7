//! Webhook deliveries: a worker on every instance drains the outbox (`store::webhooks`), signs each body,
//! posts it and records the answer; failures are retried with exponential back-off. Each round first claims
//! the assignments whose deadline passed (`store::assignments::claim_missed`), which queues their
//! `deadline.missed` deliveries once, whichever instance gets there first.

use std::time::Duration;

use reqwest::header;
use sqlx::PgPool;

use crate::auth::webhook::signature;
use crate::store::assignments;
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
    let http = match client() {
        Ok(http) => http,
        Err(e) => return tracing::error!(error = %e, "no HTTP client: webhooks are not delivered"),
    };
    loop {
        if let Err(e) = assignments::claim_missed(&pool).await {
            tracing::warn!(error = %e, "could not look for missed deadlines");
        }
        if let Err(e) = deliver_due(&pool, &http).await {
            tracing::warn!(error = %e, "webhook deliveries failed");
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Sends one batch of due deliveries; answers how many were attempted.
pub async fn deliver_due(pool: &PgPool, http: &reqwest::Client) -> Result<usize, StoreError> {
    let mut tx = pool.begin().await?;
    let due = webhooks::claim(&mut tx, BATCH).await?;
    for delivery in &due {
        let outcome = post(http, delivery).await;
        let retry_in = (delivery.attempts + 1 < MAX_ATTEMPTS).then(|| 2f64.powi(delivery.attempts));
        webhooks::record(&mut tx, delivery.id, &outcome, retry_in).await?;
    }
    tx.commit().await?;
    Ok(due.len())
}

async fn post(http: &reqwest::Client, delivery: &Due) -> Outcome {
    match send(http, delivery).await {
        Ok(outcome) => outcome,
        Err(e) if e.is_timeout() => Outcome::Failed(format!("no answer within {} s", TIMEOUT.as_secs())),
        Err(e) => Outcome::Failed(e.without_url().to_string()),
    }
}

/// One signed POST, over HTTP or HTTPS.
async fn send(http: &reqwest::Client, delivery: &Due) -> Result<Outcome, reqwest::Error> {
    let timestamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut response = http
        .post(&delivery.url)
        .header(header::CONTENT_TYPE, "application/json")
        .header("X-Tarjuman-Timestamp", timestamp.to_string())
        .header("X-Tarjuman-Signature", signature(&delivery.secret, timestamp, &delivery.body))
        .header("X-Tarjuman-Delivery", delivery.id.to_string())
        .body(delivery.body.clone())
        .send()
        .await?;
    let status = response.status().as_u16();
    // Only the start of the answer is kept, and only that much is read: a receiver cannot make us hold more.
    let mut body = Vec::new();
    while body.len() < KEPT_RESPONSE {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            _ => break,
        }
    }
    let response: String = String::from_utf8_lossy(&body).chars().take(KEPT_RESPONSE).collect();
    Ok(Outcome::Answered { status, response })
}

/// The client deliveries go out with: the one HTTP client of tarjuman (rustls), no redirects (a delivery
/// goes only to the URL an admin entered), a bounded wait.
fn client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .user_agent("tarjuman-webhooks")
        .build()
}
