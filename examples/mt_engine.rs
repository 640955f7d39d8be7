//! A stand-in OpenAI-compatible chat server for `scripts/mt-bench.sh`: answers every chat completion after
//! a fixed delay (a GPU's time per sentence), echoing the sentence it was asked to translate, and counts the
//! requests it served and the most it had in flight at once (printed when it is stopped).
//!
//! `cargo run --release --example mt_engine -- PORT DELAY_MS`

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::routing::post;
use axum::Json;
use serde_json::{json, Value};

#[derive(Default)]
struct Counts {
    served: AtomicUsize,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let port: u16 = args.get(1).and_then(|p| p.parse().ok()).unwrap_or(18590);
    let delay = Duration::from_millis(args.get(2).and_then(|d| d.parse().ok()).unwrap_or(200));
    let counts = Arc::new(Counts::default());
    let state = counts.clone();
    let app = axum::Router::new().route(
        "/v1/chat/completions",
        post(move |Json(body): Json<Value>| {
            let counts = state.clone();
            async move {
                let now = counts.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                counts.most_in_flight.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(delay).await;
                counts.in_flight.fetch_sub(1, Ordering::SeqCst);
                counts.served.fetch_add(1, Ordering::SeqCst);
                let document: Value =
                    serde_json::from_str(body["messages"][1]["content"].as_str().unwrap_or("{}")).unwrap_or_default();
                let content = format!("EN {}", document["source"].as_str().unwrap_or_default());
                Json(json!({"object": "chat.completion", "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.expect("bind");
    println!("mt engine on http://127.0.0.1:{port}/v1, {} ms a request", delay.as_millis());
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    axum::serve(listener, app).with_graceful_shutdown(stop).await.expect("serve");
    println!(
        "mt engine served {} requests, at most {} at once",
        counts.served.load(Ordering::SeqCst),
        counts.most_in_flight.load(Ordering::SeqCst)
    );
}
