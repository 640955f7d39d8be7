//! Load and durability checks against a running tarjuman (a benchmark, not a test):
//!
//!     cargo run --release --example load -- URL TOKEN put-rate [RATE] [SECONDS]
//!     cargo run --release --example load -- URL TOKEN read-article [ARTICLE_ID] [TIMES]
//!     cargo run --release --example load -- URL TOKEN editor-page USERNAME PASSWORD [TIMES]
//!     cargo run --release --example load -- URL TOKEN same-segment [CLIENTS]
//!     cargo run --release --example load -- URL TOKEN sequential-save [SAVES] [MEMORY_LABEL]
//!     cargo run --release --example load -- URL TOKEN soak [CLIENTS] [SECONDS] ACKS_FILE
//!     cargo run --release --example load -- URL TOKEN verify ACKS_FILE
//!     cargo run --release --example load -- URL TOKEN tm-tmx FROM TO > units.tmx
//!     cargo run --release --example load -- URL TOKEN tm-suggest UNITS [QUERIES] [CLUSTER_DIR]
//!     cargo run --release --example load -- URL TOKEN live [STREAMS] [ARTICLES] [SAVERS] [SECONDS] [RATE]
//!     cargo run --release --example load -- URL TOKEN live-streams SECONDS ARTICLE_ID... (started by `live`)
//!
//! `scripts/load.sh` runs them against a fresh server, including a `kill -9` in the middle of a soak, and
//! fills a memory of a million units with `tm-tmx` to measure saves, the analysis and suggestions again;
//! `scripts/tm-bench.sh` measures the memory alone, beside the pg_trgm lookup of Weblate and Tolgee over the
//! same units (`reference.rs`), `scripts/live-bench.sh` live updates (`live.rs`).
//! Every scenario prints its headline figures on lines
//! `SUMMARY<TAB>what<TAB>figure`, which the scripts gather into one table. Only loopback addresses are
//! loaded.

mod corpus;
mod http;
mod live;
mod reference;

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::sync::Mutex;

use http::Client;

const SEED: &str = include_str!("../../samples/kazakhstan-csto.ar.txt");

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, token, scenario, rest @ ..] = args.as_slice() else {
        eprintln!("usage: load URL TOKEN put-rate|read-article|same-segment|soak|verify [ARGS]");
        std::process::exit(2);
    };
    let host = url.trim_start_matches("http://").split([':', '/']).next().unwrap_or_default();
    if !(host == "localhost" || host.starts_with("127.") || host == "[::1]") {
        eprintln!("load: only loopback servers are loaded, not {host}");
        std::process::exit(2);
    }
    let arg = |i: usize, default: u64| rest.get(i).and_then(|s| s.parse().ok()).unwrap_or(default);
    match scenario.as_str() {
        "put-rate" => put_rate(url, token, arg(0, 300), arg(1, 20)).await,
        "read-article" => {
            read_article(url, token, rest.first().and_then(|s| s.parse().ok()), arg(1, 200)).await
        }
        "same-segment" => same_segment(url, token, arg(0, 20) as usize).await,
        "sequential-save" => {
            let memory = rest.get(1).map_or("", String::as_str);
            sequential_save(url, token, arg(0, 500), memory).await
        }
        "editor-page" => {
            let (user, password) = (rest.first().expect("USERNAME"), rest.get(1).expect("PASSWORD"));
            editor_page(url, token, user, password, arg(2, 200)).await
        }
        "soak" => soak(url, token, arg(0, 200) as usize, arg(1, 30), rest.get(2).expect("ACKS_FILE")).await,
        "verify" => verify(url, token, rest.first().expect("ACKS_FILE")).await,
        "tm-tmx" => print!("{}", corpus::tmx(&corpus::Corpus::new(), MEMORY_SEED, arg(0, 0), arg(1, 1000))),
        "tm-suggest" => tm_suggest(url, token, arg(0, 1_000_000), arg(1, 400) as usize, rest.get(2)).await,
        "live" => {
            let (streams, articles, savers) =
                (arg(0, 200) as usize, arg(1, 20) as usize, arg(2, 50) as usize);
            live::live(url, token, streams, articles, savers, arg(3, 30), arg(4, 0)).await
        }
        "live-streams" => {
            let articles: Vec<i64> = rest.iter().skip(1).filter_map(|s| s.parse().ok()).collect();
            live::streams(url, token, arg(0, 35), &articles).await
        }
        other => {
            eprintln!("load: unknown scenario {other}");
            std::process::exit(2);
        }
    }
}

/// Imports an article of `segments` sentences (the seed's lines, numbered) and returns its segment ids.
async fn article(client: &mut Client, segments: usize) -> (i64, Vec<i64>) {
    let lines: Vec<&str> = SEED.lines().filter(|l| !l.trim().is_empty()).collect();
    // The number goes in front: after a sentence's final «؟» it would make a sentence of its own.
    let text: String = (0..segments).map(|i| format!("[{i}] {}\n", lines[i % lines.len()])).collect();
    // Empty segments: the memory of earlier scenarios would otherwise fill them as drafts.
    let body = json!({"title": format!("load test {segments}"), "source_lang": "ar", "target_lang": "en", "text": text,
                      "pretranslate": false});
    let created = client.send("POST", "/api/v1/articles", Some(&body)).await.expect("import article");
    assert_eq!(created.status, 201, "import: {}", String::from_utf8_lossy(&created.body));
    let id = created.json()["id"].as_i64().expect("article id");
    // The import analyses the article against the memory in the background; asking for the analysis waits
    // for it, so that work does not share the measured seconds.
    let analysed =
        client.send("GET", &format!("/api/v1/articles/{id}/analysis"), None).await.expect("analysis");
    assert_eq!(analysed.status, 200, "analysis: {}", String::from_utf8_lossy(&analysed.body));
    let read = client.send("GET", &format!("/api/v1/articles/{id}"), None).await.expect("read article");
    let ids = read.json()["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .filter_map(|s| s["id"].as_i64())
        .collect();
    (id, ids)
}

/// A headline figure for the scripts' summary table.
fn summary(what: &str, figure: &str) {
    println!("SUMMARY\t{what}\t{figure}");
}

/// Prints the latencies' percentiles; the p50 and p99 as text for [`summary`].
fn percentiles(label: &str, mut latencies: Vec<Duration>) -> (String, String) {
    if latencies.is_empty() {
        println!("{label}: no samples");
        return ("-".into(), "-".into());
    }
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{label}: n={} p50={:.2}ms p95={:.2}ms p99={:.2}ms max={:.2}ms",
        latencies.len(),
        ms(at(0.50)),
        ms(at(0.95)),
        ms(at(0.99)),
        ms(*latencies.last().expect("not empty"))
    );
    (format!("{:.2} ms", ms(at(0.50))), format!("{:.2} ms", ms(at(0.99))))
}

/// PUT /segments at a fixed arrival rate (open loop: a slow answer does not slow the senders down).
async fn put_rate(url: &str, token: &str, rate: u64, seconds: u64) {
    let mut setup = Client::new(url, token);
    let (article_id, ids) = article(&mut setup, 500).await;
    println!("article {article_id}: {} segments; {rate} PUT/s for {seconds} s", ids.len());
    let bases: Arc<Mutex<HashMap<i64, i64>>> = Arc::default();
    let latencies: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let statuses: Arc<Mutex<HashMap<u16, u64>>> = Arc::default();
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for n in 0..rate * seconds {
        tokio::time::sleep_until((start + interval * n as u32).into()).await;
        let segment = ids[(n as usize * 7919) % ids.len()];
        let (url, token) = (url.to_owned(), token.to_owned());
        let (bases, latencies, statuses) = (bases.clone(), latencies.clone(), statuses.clone());
        tasks.push(tokio::spawn(async move {
            let base = bases.lock().await.get(&segment).copied().unwrap_or(0);
            let body =
                json!({"target": format!("translation {n}"), "status": "translated", "base_revision": base});
            let mut client = Client::new(&url, &token);
            let sent = Instant::now();
            let Ok(response) = client.send("PUT", &format!("/api/v1/segments/{segment}"), Some(&body)).await
            else {
                *statuses.lock().await.entry(0).or_default() += 1;
                return;
            };
            latencies.lock().await.push(sent.elapsed());
            *statuses.lock().await.entry(response.status).or_default() += 1;
            let json = response.json();
            let revision =
                json["revision"].as_i64().or_else(|| json["error"]["current"]["revision"].as_i64());
            if let Some(revision) = revision {
                bases.lock().await.insert(segment, revision);
            }
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    let statuses = statuses.lock().await.clone();
    println!("statuses: {statuses:?} (0 = connection error)");
    let (p50, p99) = percentiles("PUT /segments/{id}", std::mem::take(&mut *latencies.lock().await));
    let answered = statuses.get(&200).copied().unwrap_or(0);
    summary(
        &format!("PUT /segments at {rate} req/s"),
        &format!("p50 {p50}, p99 {p99} ({answered} of {} 200)", rate * seconds),
    );
}

/// One client saving `saves` different segments one after the other: what one save costs; `memory` says
/// how large the memory is, for the summary.
async fn sequential_save(url: &str, token: &str, saves: u64, memory: &str) {
    let mut client = Client::new(url, token);
    let (article_id, ids) = article(&mut client, 500).await;
    println!("article {article_id}: {} segments, {saves} sequential saves", ids.len());
    let mut latencies = Vec::new();
    for n in 0..saves {
        let segment = ids[n as usize % ids.len()];
        let body = json!({"target": format!("translation {n}"), "status": "translated",
                          "base_revision": n / ids.len() as u64});
        let sent = Instant::now();
        let response =
            client.send("PUT", &format!("/api/v1/segments/{segment}"), Some(&body)).await.expect("save");
        latencies.push(sent.elapsed());
        assert_eq!(response.status, 200, "save: {}", String::from_utf8_lossy(&response.body));
    }
    let (p50, p99) = percentiles("PUT /segments/{id}, sequential", latencies);
    summary(&format!("one save, sequential, {memory}"), &format!("p50 {p50}, p99 {p99}"));
}

/// GET a whole article with its glossary matches, one request at a time.
async fn read_article(url: &str, token: &str, article_id: Option<i64>, times: u64) {
    let mut client = Client::new(url, token);
    let id = match article_id {
        Some(id) => id,
        None => article(&mut client, 500).await.0,
    };
    let first = client.send("GET", &format!("/api/v1/articles/{id}"), None).await.expect("read");
    let json = first.json();
    let matches: usize = json["segments"]
        .as_array()
        .map_or(0, |s| s.iter().map(|s| s["matches"].as_array().map_or(0, Vec::len)).sum());
    println!(
        "article {id}: {} segments, {matches} glossary matches",
        json["segments"].as_array().map_or(0, Vec::len)
    );
    let mut latencies = Vec::new();
    for _ in 0..times {
        let sent = Instant::now();
        let response = client.send("GET", &format!("/api/v1/articles/{id}"), None).await.expect("read");
        assert_eq!(response.status, 200);
        latencies.push(sent.elapsed());
    }
    let (p50, p99) = percentiles("GET /articles/{id}", latencies);
    summary("GET 500-segment article", &format!("p50 {p50}, p99 {p99}"));
}

/// The editor page of a 500-segment article, rendered on the server, for a signed-in browser session.
async fn editor_page(url: &str, token: &str, username: &str, password: &str, times: u64) {
    let mut setup = Client::new(url, token);
    let (id, ids) = article(&mut setup, 500).await;
    let mut browser = Client::new(url, "");
    let credentials = json!({"username": username, "password": password});
    let signed_in = browser.send("POST", "/api/v1/session", Some(&credentials)).await.expect("sign in");
    assert_eq!(signed_in.status, 200, "sign-in: {}", String::from_utf8_lossy(&signed_in.body));
    let path = format!("/articles/{id}");
    let first = browser.send("GET", &path, None).await.expect("editor");
    assert_eq!(first.status, 200, "the editor page");
    println!("article {id}: {} segments, editor page {} KiB", ids.len(), first.body.len() / 1024);
    let mut latencies = Vec::new();
    for _ in 0..times {
        let sent = Instant::now();
        let response = browser.send("GET", &path, None).await.expect("editor");
        assert_eq!(response.status, 200);
        latencies.push(sent.elapsed());
    }
    let (p50, p99) = percentiles("GET /articles/{id} (editor page)", latencies);
    summary("editor page, 500 segments", &format!("p50 {p50}, p99 {p99}"));
}

/// `clients` saves of one segment on the same base revision at once: exactly one may win.
async fn same_segment(url: &str, token: &str, clients: usize) {
    let mut setup = Client::new(url, token);
    let (_, ids) = article(&mut setup, 3).await;
    let segment = ids[0];
    let barrier = Arc::new(tokio::sync::Barrier::new(clients));
    let mut tasks = Vec::new();
    for n in 0..clients {
        let (url, token, barrier) = (url.to_owned(), token.to_owned(), barrier.clone());
        tasks.push(tokio::spawn(async move {
            let mut client = Client::new(&url, &token);
            let body = json!({"target": format!("version {n}"), "status": "translated", "base_revision": 0});
            // Connect before the barrier so the requests leave together.
            let _ = client.send("GET", "/healthz", None).await;
            barrier.wait().await;
            client
                .send("PUT", &format!("/api/v1/segments/{segment}"), Some(&body))
                .await
                .map(|r| r.status)
                .unwrap_or(0)
        }));
    }
    let mut counts: HashMap<u16, usize> = HashMap::new();
    for task in tasks {
        *counts.entry(task.await.unwrap_or(0)).or_default() += 1;
    }
    let history =
        setup.send("GET", &format!("/api/v1/segments/{segment}/revisions"), None).await.expect("history");
    let revisions = history.json().as_array().map_or(0, Vec::len);
    println!("{clients} saves on one base revision: {counts:?}; revisions stored: {revisions}");
    let ok = counts.get(&200) == Some(&1) && counts.get(&409) == Some(&(clients - 1)) && revisions == 1;
    println!("{}", if ok { "OK: exactly one save won" } else { "FAILED" });
    summary(&format!("{clients} saves racing on one revision"), &format!("{counts:?}, {revisions} stored"));
    if !ok {
        std::process::exit(1);
    }
}

/// `clients` writers, each on its own segments, for `seconds`; every acknowledged save is written to
/// `acks` (segment, revision, text) as it is acknowledged, so that a crash of the server mid-run leaves
/// the list of what it promised.
async fn soak(url: &str, token: &str, clients: usize, seconds: u64, acks: &str) {
    let mut setup = Client::new(url, token);
    let (article_id, ids) = article(&mut setup, clients * 2).await;
    println!("article {article_id}: {} segments, {clients} clients for {seconds} s", ids.len());
    let file = Arc::new(std::sync::Mutex::new(std::fs::File::create(acks).expect("acks file")));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for (n, pair) in ids.chunks(2).enumerate() {
        let (url, token, pair, file) = (url.to_owned(), token.to_owned(), pair.to_vec(), file.clone());
        tasks.push(tokio::spawn(async move {
            let mut client = Client::new(&url, &token);
            let mut bases: HashMap<i64, i64> = HashMap::new();
            let (mut acked, mut failed) = (0u64, 0u64);
            let mut i = 0u64;
            while Instant::now() < deadline {
                let segment = pair[(i % pair.len() as u64) as usize];
                let text = format!("client {n} save {i}");
                let body = json!({"target": text, "status": "translated", "base_revision": bases.get(&segment).copied().unwrap_or(0)});
                i += 1;
                match client.send("PUT", &format!("/api/v1/segments/{segment}"), Some(&body)).await {
                    Ok(r) if r.status == 200 => {
                        let revision = r.json()["revision"].as_i64().unwrap_or(0);
                        bases.insert(segment, revision);
                        let line = json!({"segment": segment, "revision": revision, "target": text});
                        let mut file = file.lock().expect("acks lock");
                        writeln!(file, "{line}").expect("write ack");
                        file.flush().expect("flush ack");
                        acked += 1;
                    }
                    _ => {
                        failed += 1;
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                }
            }
            (acked, failed)
        }));
    }
    let (mut acked, mut failed) = (0, 0);
    for task in tasks {
        let (a, f) = task.await.unwrap_or((0, 0));
        acked += a;
        failed += f;
    }
    println!("acknowledged saves: {acked}; failed or refused requests: {failed}");
    let rate = acked as f64 / seconds as f64;
    summary(&format!("{clients}-client soak, {seconds} s"), &format!("{rate:.0} saves/s ({failed} failed)"));
}

/// Every save listed in `acks` is in its segment's history.
async fn verify(url: &str, token: &str, acks: &str) {
    let run =
        std::path::Path::new(acks).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut client = Client::new(url, token);
    let text = std::fs::read_to_string(acks).expect("acks file");
    let acks: Vec<Value> = text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let mut by_segment: HashMap<i64, Vec<&Value>> = HashMap::new();
    for ack in &acks {
        by_segment.entry(ack["segment"].as_i64().unwrap_or(0)).or_default().push(ack);
    }
    let mut missing = 0;
    for (segment, acks) in &by_segment {
        let history = client
            .send("GET", &format!("/api/v1/segments/{segment}/revisions"), None)
            .await
            .expect("history");
        let revisions = history.json();
        let stored: Vec<(i64, &str)> = revisions
            .as_array()
            .map(|r| {
                r.iter()
                    .map(|r| (r["revision"].as_i64().unwrap_or(0), r["target"].as_str().unwrap_or("")))
                    .collect()
            })
            .unwrap_or_default();
        for ack in acks {
            let wanted = (ack["revision"].as_i64().unwrap_or(-1), ack["target"].as_str().unwrap_or(""));
            if !stored.contains(&wanted) {
                missing += 1;
                eprintln!("missing: segment {segment} revision {} {:?}", wanted.0, wanted.1);
            }
        }
    }
    println!(
        "verified {} acknowledged saves on {} segments: {missing} missing",
        acks.len(),
        by_segment.len()
    );
    summary(
        &format!("acknowledged saves found after {run}"),
        &format!("{} of {}", acks.len() - missing, acks.len()),
    );
    if missing > 0 {
        std::process::exit(1);
    }
}

/// The seed of the benchmark memory: `tm-tmx` writes it, `tm-suggest` rebuilds the units it queries.
const MEMORY_SEED: u64 = 2026;

/// What a query sentence is, and what the memory should answer.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Query {
    /// A unit respelled (alef wasla for alef, a fatha written): found at 100%.
    Respelled,
    /// A unit with one word changed.
    OneWord,
    /// A unit with three words changed.
    ThreeWords,
    /// A sentence the memory has never seen: the slowest lookup, nothing to find.
    Unseen,
}

/// The kinds of query sentence, in the order the reports list them.
const KINDS: [Query; 4] = [Query::Respelled, Query::OneWord, Query::ThreeWords, Query::Unseen];

/// `queries` sentences near units of a `units`-unit memory filled by `tm-tmx` (and some unseen), each with
/// its kind and the translation that should come first: the same on every run.
fn query_sentences(units: u64, queries: usize) -> HashMap<String, (Query, Option<String>)> {
    let corpus = corpus::Corpus::new();
    let mut rng = corpus::Rng::new(99);
    let mut wanted = HashMap::new();
    for n in 0..queries {
        let kind = KINDS[n % KINDS.len()];
        let unit = corpus.sentence(MEMORY_SEED, rng.next() % units);
        let (sentence, target) = match kind {
            Query::Respelled => (unit.source.replace(" ال", " ٱلْ"), Some(unit.target)),
            Query::OneWord => (corpus.edited(&unit.source, 1, &mut rng), Some(unit.target)),
            Query::ThreeWords => (corpus.edited(&unit.source, 3, &mut rng), Some(unit.target)),
            Query::Unseen => (corpus.sentence(MEMORY_SEED + 1, n as u64).source, None),
        };
        wanted.insert(sentence, (kind, target));
    }
    wanted
}

/// What came first for one query, tallied by kind: latencies, expected answer first, top scores.
#[derive(Default)]
pub struct Tally {
    latencies: HashMap<Query, Vec<Duration>>,
    first_is_origin: HashMap<Query, (usize, usize)>,
    scores: HashMap<Query, Vec<u64>>,
}

impl Tally {
    /// One answer: how long it took, the first suggestion's translation and score (percent).
    pub fn add(
        &mut self,
        kind: Query,
        expected: &Option<String>,
        took: Duration,
        first: Option<(&str, u64)>,
    ) {
        self.latencies.entry(kind).or_default().push(took);
        let tally = self.first_is_origin.entry(kind).or_default();
        tally.1 += 1;
        match (expected, first) {
            (Some(expected), Some((target, _))) if target == expected => tally.0 += 1,
            (None, None) => tally.0 += 1,
            _ => {}
        }
        self.scores.entry(kind).or_default().extend(first.map(|(_, score)| score));
    }

    /// Prints the figures by kind and overall, and the summary line `what`.
    pub fn report(mut self, label: &str, what: &str) {
        let mut all = Vec::new();
        for kind in KINDS {
            let (hits, total) = self.first_is_origin.get(&kind).copied().unwrap_or_default();
            let mut s = self.scores.remove(&kind).unwrap_or_default();
            s.sort_unstable();
            let median = s.get(s.len() / 2).map_or("-".to_owned(), |m| m.to_string());
            println!("{label}, {kind:?}: expected answer first in {hits}/{total}, median top score {median}");
            let samples = self.latencies.remove(&kind).unwrap_or_default();
            all.extend(samples.iter().copied());
            let _ = percentiles(&format!("  {label}, {kind:?}"), samples);
        }
        let (hits, total) =
            self.first_is_origin.values().fold((0, 0), |(h, t), (hits, total)| (h + hits, t + total));
        let (p50, p99) = percentiles(&format!("{label}, all"), all);
        summary(what, &format!("p50 {p50}, p99 {p99}; expected answer first in {hits}/{total}"));
    }
}

/// Suggestions for sentences near units of a `units`-unit memory filled by `tm-tmx`: latency by kind of
/// sentence, and whether the unit it came from is the first suggestion. With the private cluster's
/// directory, the pg_trgm lookup of Weblate and Tolgee is timed over the same sentences afterwards.
async fn tm_suggest(url: &str, token: &str, units: u64, queries: usize, cluster: Option<&String>) {
    let wanted = query_sentences(units, queries);
    let text: String = wanted.keys().map(|s| format!("{s}\n")).collect();
    let mut client = Client::new(url, token);
    let body = json!({"title": "tm benchmark", "source_lang": "ar", "target_lang": "en", "text": text,
                      "pretranslate": false});
    let created = client.send("POST", "/api/v1/articles", Some(&body)).await.expect("import article");
    assert_eq!(created.status, 201, "import: {}", String::from_utf8_lossy(&created.body));
    let id = created.json()["id"].as_i64().expect("article id");
    // The import analyses the article in the background; asking for the analysis waits for it to end, so
    // it does not share the machine with the measurements below.
    let started = Instant::now();
    let analysed =
        client.send("GET", &format!("/api/v1/articles/{id}/analysis"), None).await.expect("analysis");
    assert_eq!(analysed.status, 200, "{}", String::from_utf8_lossy(&analysed.body));
    let analysis = started.elapsed().as_secs_f64();
    println!("analysis of the {} sentences: {analysis:.1} s", wanted.len());
    summary(&format!("analysis of {} sentences at {units} units", wanted.len()), &format!("{analysis:.2} s"));
    let article = client.send("GET", &format!("/api/v1/articles/{id}"), None).await.expect("read article");
    let segments: Vec<(i64, String)> = article.json()["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| (s["id"].as_i64().expect("id"), s["source"].as_str().expect("source").to_owned()))
        .collect();
    let mut tally = Tally::default();
    for round in 0..2 {
        for (segment, source) in &segments {
            let Some((kind, target)) = wanted.get(source) else { continue };
            let started = Instant::now();
            let answer = client
                .send("GET", &format!("/api/v1/segments/{segment}/suggestions"), None)
                .await
                .expect("suggestions");
            let took = started.elapsed();
            assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
            // The first round warms the caches; the second is measured.
            if round == 0 {
                continue;
            }
            let first = answer.json()[0].clone();
            let first =
                first["target"].as_str().map(|t| (t, first["score"]["percent"].as_u64().unwrap_or(0)));
            tally.add(*kind, target, took, first);
        }
    }
    tally.report("GET /segments/{id}/suggestions", &format!("tarjuman top-5 suggestions at {units} units"));
    if let Some(cluster) = cluster {
        let sentences: Vec<(&str, Query, &Option<String>)> = segments
            .iter()
            .filter_map(|(_, source)| {
                wanted.get(source).map(|(kind, target)| (source.as_str(), *kind, target))
            })
            .collect();
        reference::pg_trgm(cluster, &sentences, units).await;
    }
}
