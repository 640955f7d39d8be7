//! Live updates under load: editors open on articles (Server-Sent Events streams) while clients save.
//!
//! Each saver owns segments of one article and saves them in a closed loop: first without any stream open,
//! then with `STREAMS` streams spread over the articles, then without again (two phases without streams
//! show how far a figure moves between runs by itself). The streams are read by a second process of this
//! client started at the lowest priority (`nice -n 19`), so that on a machine whose cores the server and
//! PostgreSQL share with the client, what the saves feel is the server's work for the streams, not the
//! client's for reading them. A save's delivery latency at a stream is the time from the save's answer
//! arriving at its client to the event arriving at the stream (0 when the event came first: the server
//! sends it at commit, before the answer), both on the wall clock of this one machine.

use std::collections::HashMap;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::http::Client;
use crate::{article, percentiles, summary};

/// A save, named by its segment and revision.
type Key = (i64, i64);

/// What the streams saw.
#[derive(Default)]
struct Seen {
    /// Every `save` event, as each stream got it: when, in microseconds since the epoch.
    arrivals: Vec<(Key, u128)>,
    /// Streams told to reload (they fell behind, or the server lost its LISTEN connection).
    reloads: u64,
    /// Streams that ended or failed otherwise.
    broken: u64,
}

/// Now on the wall clock, in microseconds since the epoch: the two processes' common clock.
fn now_micros() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_micros())
}

/// `live STREAMS ARTICLES SAVERS SECONDS [RATE]`: the savers save RATE times a second between them, or
/// each as fast as it is answered when RATE is 0.
pub async fn live(
    url: &str,
    token: &str,
    streams: usize,
    articles: usize,
    savers: usize,
    seconds: u64,
    rate: u64,
) {
    let per_article = savers.div_ceil(articles);
    let mut setup = Client::new(url, token);
    let mut owned: Vec<(i64, i64)> = Vec::new();
    let mut article_ids = Vec::new();
    for _ in 0..articles {
        let (id, segments) = article(&mut setup, per_article).await;
        article_ids.push(id);
        owned.extend(segments.into_iter().map(|s| (id, s)));
    }
    // Saver n owns the n-th segment counted across articles in turn, so savers spread over the articles.
    let by_article: Vec<Vec<i64>> = article_ids
        .iter()
        .map(|a| owned.iter().filter(|(id, _)| id == a).map(|(_, s)| *s).collect())
        .collect();
    let segments: Vec<i64> = (0..savers).map(|n| by_article[n % articles][n / articles]).collect();
    let pace = Pace::of(rate, savers);
    let savers_at = match pace {
        Pace::Closed => format!("{savers} savers in a closed loop"),
        Pace::Every(_) => format!("{savers} savers at {rate} saves/s in all"),
    };
    println!("{articles} articles, {savers_at}, {seconds} s per phase");

    // Phases without and with streams alternate, three without and two with, so that the database growing
    // through the run (and anything else that drifts) weighs on both sides alike; each side's saves are
    // pooled.
    let ids: Vec<String> = (0..streams).map(|n| article_ids[n % articles].to_string()).collect();
    let (mut quiet, mut busy, mut answered, mut seen) =
        (Vec::new(), Vec::new(), HashMap::new(), Seen::default());
    // Not counted: the first saves after the import also wait for the new articles' analyses, which would
    // weigh on the first phase only (seen as a phase without streams slower than the others without).
    save_for(url, token, &segments, pace, seconds.div_ceil(2), 5 * 1_000_000).await;
    for phase in 0..5u64 {
        let offset = phase * 1_000_000;
        if phase % 2 == 0 {
            quiet.extend(save_for(url, token, &segments, pace, seconds, offset).await.0);
            continue;
        }
        // The stream reader lives as long as the phase, with time to open every stream (and read its
        // replay) before the savers start, and to take late events after they stop.
        let reader = tokio::process::Command::new("nice")
            .args(["-n", "19"])
            .arg(std::env::current_exe().expect("this program"))
            .args([url, token, "live-streams", &(seconds + 5).to_string()])
            .args(&ids)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the stream reader starts");
        tokio::time::sleep(Duration::from_secs(3)).await;
        let (saves, phase_answered) = save_for(url, token, &segments, pace, seconds, offset).await;
        let output = reader.wait_with_output().await.expect("the stream reader ends");
        busy.extend(saves);
        answered.extend(phase_answered);
        let phase_seen = parse_seen(&String::from_utf8_lossy(&output.stdout));
        seen.arrivals.extend(phase_seen.arrivals);
        (seen.reloads, seen.broken) = (seen.reloads + phase_seen.reloads, seen.broken + phase_seen.broken);
    }
    let (p50, p99) = percentiles("save, no stream open (three phases)", quiet);
    summary(&format!("save p50 / p99, {savers_at}, no stream (three phases)"), &format!("{p50} / {p99}"));
    let (p50, p99) = percentiles(&format!("save, {streams} streams open (two phases)"), busy);
    summary(
        &format!("save p50 / p99, {savers_at}, {streams} streams open (two phases between)"),
        &format!("{p50} / {p99}"),
    );

    let streams_per_article = streams as f64 / articles as f64;
    let expected = (answered.len() as f64 * streams_per_article).round() as usize;
    let delays: Vec<Duration> = seen
        .arrivals
        .iter()
        .filter_map(|(key, at)| {
            let answer = answered.get(key)?;
            Some(Duration::from_micros(at.saturating_sub(*answer).try_into().unwrap_or(u64::MAX)))
        })
        .collect();
    println!(
        "events delivered: {} of {expected} expected; streams told to reload: {}; broken: {}",
        delays.len(),
        seen.reloads,
        seen.broken
    );
    let delivered = delays.len();
    let (p50, p99) = percentiles("delivery, save answered to event at a stream", delays);
    summary(
        &format!("delivery p50 / p99, {streams} streams on {articles} articles"),
        &format!("{p50} / {p99} ({delivered} of {expected} events, {} reloads)", seen.reloads),
    );
}

/// `live-streams SECONDS ARTICLE...`: one stream per article id given (an id given twice opens two), read
/// for `seconds`; then prints each `save` event's arrival (`segment revision micros`) and the streams told
/// to reload or broken (`reloads n`, `broken n`), for [`live`] to read.
pub async fn streams(url: &str, token: &str, seconds: u64, articles: &[i64]) {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let mut readers = Vec::new();
    for &article in articles {
        let (url, token, seen) = (url.to_owned(), token.to_owned(), seen.clone());
        readers.push(tokio::spawn(async move { read_stream(&url, &token, article, seen).await }));
    }
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    for reader in &readers {
        reader.abort();
    }
    let seen = seen.lock().expect("seen");
    let mut out = String::new();
    for ((segment, revision), at) in &seen.arrivals {
        out.push_str(&format!("{segment} {revision} {at}\n"));
    }
    out.push_str(&format!("reloads {}\nbroken {}\n", seen.reloads, seen.broken));
    print!("{out}");
}

/// What [`streams`] printed.
fn parse_seen(printed: &str) -> Seen {
    let mut seen = Seen::default();
    for line in printed.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        match fields.as_slice() {
            ["reloads", n] => seen.reloads = n.parse().unwrap_or(0),
            ["broken", n] => seen.broken = n.parse().unwrap_or(0),
            [segment, revision, at] => {
                if let (Ok(s), Ok(r), Ok(at)) = (segment.parse(), revision.parse(), at.parse()) {
                    seen.arrivals.push(((s, r), at));
                }
            }
            _ => {}
        }
    }
    seen
}

/// How often each saver saves.
#[derive(Clone, Copy)]
enum Pace {
    /// Again as soon as the last save is answered: the most the server takes, where any other work it
    /// does (such as the streams') shows in the saves' latency.
    Closed,
    /// At most once per period: a desk's load below what the server takes, where a save's latency is
    /// its own path's.
    Every(Duration),
}

impl Pace {
    fn of(rate: u64, savers: usize) -> Self {
        match rate {
            0 => Self::Closed,
            rate => Self::Every(Duration::from_secs_f64(savers as f64 / rate as f64)),
        }
    }
}

/// Saves for `seconds`, one client per segment, at `pace`; answers each save's latency, and when each
/// acknowledged save's answer arrived (microseconds since the epoch). `revision_offset` keeps the texts of
/// the phases apart.
async fn save_for(
    url: &str,
    token: &str,
    segments: &[i64],
    pace: Pace,
    seconds: u64,
    revision_offset: u64,
) -> (Vec<Duration>, HashMap<Key, u128>) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for (n, &segment) in segments.iter().enumerate() {
        let (url, token) = (url.to_owned(), token.to_owned());
        // Paced savers start spread over one period, so that their saves do not arrive in bursts.
        let mut ticks = match pace {
            Pace::Closed => None,
            Pace::Every(period) => {
                let start = tokio::time::Instant::now() + period.mul_f64(n as f64 / segments.len() as f64);
                let mut ticks = tokio::time::interval_at(start, period);
                ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                Some(ticks)
            }
        };
        tasks.push(tokio::spawn(async move {
            let mut client = Client::new(&url, &token);
            let read = client.send("GET", &format!("/api/v1/segments/{segment}/revisions"), None).await;
            let mut base = read.ok().and_then(|r| r.json()[0]["revision"].as_i64()).unwrap_or(0);
            let mut done = Vec::new();
            let mut i = revision_offset;
            while Instant::now() < deadline {
                if let Some(ticks) = ticks.as_mut() {
                    ticks.tick().await;
                }
                let body =
                    json!({"target": format!("save {i}"), "status": "translated", "base_revision": base});
                i += 1;
                let sent = Instant::now();
                match client.send("PUT", &format!("/api/v1/segments/{segment}"), Some(&body)).await {
                    Ok(r) if r.status == 200 => {
                        let (latency, answered) = (sent.elapsed(), now_micros());
                        base = r.json()["revision"].as_i64().unwrap_or(base);
                        done.push(((segment, base), latency, answered));
                    }
                    _ => tokio::time::sleep(Duration::from_millis(50)).await,
                }
            }
            done
        }));
    }
    let (mut latencies, mut answered) = (Vec::new(), HashMap::new());
    for task in tasks {
        for (key, latency, at) in task.await.unwrap_or_default() {
            latencies.push(latency);
            answered.insert(key, at);
        }
    }
    (latencies, answered)
}

/// One editor's stream: reads the article's events until aborted, noting when each save arrived.
async fn read_stream(url: &str, token: &str, article: i64, seen: Arc<Mutex<Seen>>) {
    let outcome = stream_events(url, token, article, &seen).await;
    let mut seen = seen.lock().expect("seen");
    match outcome {
        Ok(true) => seen.reloads += 1,
        _ => seen.broken += 1,
    }
}

/// Answers whether the stream ended with `reload`.
async fn stream_events(url: &str, token: &str, article: i64, seen: &Mutex<Seen>) -> std::io::Result<bool> {
    let authority = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(authority).await?;
    stream.set_nodelay(true)?;
    let request = format!(
        "GET /api/v1/articles/{article}/events HTTP/1.1\r\nHost: {authority}\r\nAuthorization: Bearer {token}\r\n\
         Accept: text/event-stream\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    // The head; the body is chunked.
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 || line == "\r\n" {
            break;
        }
    }
    let (mut pending, mut event) = (String::new(), String::new());
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(false);
        }
        let size = usize::from_str_radix(line.trim(), 16).unwrap_or(0);
        if size == 0 {
            return Ok(false);
        }
        let mut chunk = vec![0; size + 2];
        reader.read_exact(&mut chunk).await?;
        let arrived = now_micros();
        pending.push_str(&String::from_utf8_lossy(&chunk[..size]));
        while let Some(end) = pending.find('\n') {
            let field: String = pending.drain(..=end).collect();
            let field = field.trim_end();
            if let Some(kind) = field.strip_prefix("event:") {
                event = kind.trim().to_owned();
            } else if let Some(data) = field.strip_prefix("data:") {
                if event == "reload" {
                    return Ok(true);
                }
                if event == "save" {
                    let data: Value = serde_json::from_str(data.trim()).unwrap_or(Value::Null);
                    if let (Some(segment), Some(revision)) =
                        (data["segment"].as_i64(), data["revision"].as_i64())
                    {
                        seen.lock().expect("seen").arrivals.push(((segment, revision), arrived));
                    }
                }
            } else if field.is_empty() {
                event.clear();
            }
        }
    }
}
