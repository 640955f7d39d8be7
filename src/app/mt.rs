//! Machine translation wired to the store and the glossaries: the shared wrapper every engine goes through
//! (embargo, back-off, cache, batching within the engine's limits, usage, masking of inline codes), the
//! drafts of one segment for the editor's panel, taking one as a revision, and pre-translating an article
//! ([`runs`]: as a job whose progress every instance reads). DeepL's glossaries: [`glossary`].

mod glossary;
pub mod runs;

use std::sync::{Arc, OnceLock};

use sha2::{Digest, Sha256};
use sqlx::PgPool;
use tokio::sync::Semaphore;

use crate::app::terms::{TermCache, Terms};
use crate::domain::{RevisionOrigin, SegmentStatus};
use crate::inline::Code;
use crate::mt::codes::{self, Masked};
use crate::mt::prompt::{self, Context, TermRule};
use crate::mt::{Engine, Failure, Method, WireAnswer, WireRequest};
use crate::qa::Side;
use crate::store::articles::{self, ArticleInfo};
use crate::store::findings::{self, StoredFinding};
use crate::store::mt::{self as mt_store, DraftWritten};
use crate::store::pretranslations::{self, EngineCount, EngineFailure, Progress};
use crate::store::segments::{self, Save, Saved};
use crate::store::{glossaries, tm, StoreError};

/// The configured engines and one HTTP client (rustls, pooled connections) for all of them.
#[derive(Debug, Clone, Default)]
pub struct Machines {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    engines: Vec<Engine>,
    http: Option<reqwest::Client>,
    /// The pairs DeepL makes glossaries for, asked once per process (they change with DeepL's releases).
    glossary_pairs: tokio::sync::OnceCell<Vec<(String, String)>>,
}

impl Machines {
    /// The engines, in order of preference.
    pub fn new(engines: Vec<Engine>) -> Result<Self, reqwest::Error> {
        let http = if engines.is_empty() { None } else { Some(reqwest::Client::builder().build()?) };
        Ok(Self { inner: Arc::new(Inner { engines, http, glossary_pairs: Default::default() }) })
    }

    /// Every configured engine.
    pub fn engines(&self) -> &[Engine] {
        &self.inner.engines
    }

    /// The engines that may see this article's text: serving its pair, and, when it is embargoed, not a
    /// third party. The one gate every request to an engine passes.
    pub fn usable(&self, article: &ArticleInfo) -> Vec<&Engine> {
        self.inner
            .engines
            .iter()
            .filter(|e| e.serves(&article.source_lang, &article.target_lang))
            .filter(|e| !(article.embargoed && e.third_party))
            .collect()
    }

    fn engine(&self, article: &ArticleInfo, name: &str) -> Result<&Engine, StoreError> {
        self.usable(article).into_iter().find(|e| e.name() == name).ok_or_else(|| {
            StoreError::Invalid(format!("no engine {name:?} may translate this article (not configured, not serving its languages, or a third party and the article is embargoed)"))
        })
    }
}

/// What every request about one article needs: the article, its glossaries, its segments for context.
struct Article {
    info: ArticleInfo,
    terms: Arc<Terms>,
    versions: Vec<(i64, i64)>,
    house_style: String,
    segments: Vec<segments::SegmentView>,
}

impl Article {
    async fn load(pool: &PgPool, cache: &TermCache, id: i64) -> Result<Self, StoreError> {
        let info = articles::get(pool, id).await?;
        let terms = cache.for_glossaries(pool, &info.glossaries).await?;
        let versions = glossaries::versions(pool, &info.glossaries).await?;
        let house_style = mt_store::house_style(pool).await?;
        let segments = articles::segments(pool, id).await?;
        Ok(Self { info, terms, versions, house_style, segments })
    }

    /// The job for the live segment at `index`.
    fn job(&self, index: usize) -> Job {
        let at = |i: Option<usize>| i.and_then(|i| self.segments.get(i)).map(|s| s.source.clone());
        let segment = &self.segments[index];
        Job {
            segment: segment.id,
            source: segment.source.clone(),
            codes: segment.codes.0.clone(),
            masked: codes::mask(&segment.source),
            rules: self.terms.rules(&segment.source),
            previous: at(index.checked_sub(1)),
            next: at(Some(index + 1)),
        }
    }

    fn job_of(&self, segment: i64) -> Result<Job, StoreError> {
        let index =
            self.segments.iter().position(|s| s.id == segment).ok_or(StoreError::NotFound("segment"))?;
        if self.segments[index].locked {
            return Err(segments::locked_refusal());
        }
        Ok(self.job(index))
    }

    /// The glossary terms a draft misses (their preferred targets) and the forbidden ones it uses, by the
    /// same checks as a save.
    fn terms_in(&self, job: &Job, draft: &str) -> (Vec<String>, Vec<String>) {
        let (mut missing, mut forbidden) = (Vec::new(), Vec::new());
        for finding in self.terms.check(&job.source, &job.codes, draft, &self.info.target_lang, true, None) {
            let Some(span) = finding.span else { continue };
            let excerpt = span.excerpt(&job.source, draft);
            match (finding.kind, span.side) {
                ("missing_term", Side::Source) => missing.push(
                    job.rules.iter().find(|r| r.source == excerpt).map_or(excerpt, |r| r.target.clone()),
                ),
                ("forbidden_term", Side::Target) => forbidden.push(excerpt),
                _ => {}
            }
        }
        (missing, forbidden)
    }
}

/// One segment to translate.
struct Job {
    segment: i64,
    source: String,
    codes: Vec<Code>,
    masked: Masked,
    rules: Vec<TermRule>,
    previous: Option<String>,
    next: Option<String>,
}

/// The shared wrapper: one engine, many segments of one article. Answers one result per job, in order.
async fn translate(
    pool: &PgPool,
    http: &reqwest::Client,
    machines: &Machines,
    engine: &Engine,
    article: &Article,
    jobs: &[&Job],
) -> Result<Vec<Result<String, Failure>>, StoreError> {
    if let Some((seconds, reason)) = mt_store::resting(pool, engine.name()).await? {
        return Ok(jobs
            .iter()
            .map(|_| Err(Failure::BackingOff { seconds, reason: reason.clone() }))
            .collect());
    }
    let glossary = glossary::for_article(pool, http, machines, engine, article).await?;
    let glossary = glossary.as_deref();
    let keys: Vec<Vec<u8>> = jobs.iter().map(|job| cache_key(engine, article, job, glossary)).collect();
    let cached = mt_store::cached(pool, &keys).await?;
    let mut results: Vec<Option<Result<String, Failure>>> =
        keys.iter().map(|k| cached.get(k).map(|t| Ok(t.clone()))).collect();
    let missing: Vec<usize> = (0..jobs.len()).filter(|&i| results[i].is_none()).collect();
    if missing.is_empty() {
        return Ok(results.into_iter().map(|r| r.unwrap_or(Err(Failure::Timeout))).collect());
    }
    let permits = Arc::new(Semaphore::new(engine.concurrency.max(1)));
    // A bad key, a spent quota or a rate limit stops the batches not yet sent, with its reason.
    let stop: Arc<OnceLock<Failure>> = Arc::default();
    let mut tasks = tokio::task::JoinSet::new();
    for batch in missing.chunks(engine.batch_size.max(1)) {
        let items: Vec<_> = batch.iter().map(|&i| jobs[i].masked.item()).collect();
        let prompt = match batch {
            [one] => {
                let job = jobs[*one];
                let context = Context {
                    title: &article.info.title,
                    previous: job.previous.as_deref(),
                    next: job.next.as_deref(),
                    house_style: &article.house_style,
                };
                prompt::messages(
                    &article.info.source_lang,
                    &article.info.target_lang,
                    &items[0],
                    &job.rules,
                    context,
                )
            }
            _ => Vec::new(),
        };
        let (from, to) = (&article.info.source_lang, &article.info.target_lang);
        let wire = engine.request(from, to, &items, &prompt, glossary);
        let characters: usize = items.iter().map(|i| i.text.chars().count()).sum();
        let (http, engine, permits, stop, batch) =
            (http.clone(), engine.clone(), permits.clone(), stop.clone(), batch.to_vec());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            if let Some(failure) = stop.get() {
                return (batch, characters, false, Err(failure.clone()));
            }
            let answer = send(&http, &engine, wire).await;
            let sent = !matches!(answer, Err(Failure::Network(_)));
            let read = answer.and_then(|a| engine.read(&a, batch.len()));
            if let Err(failure) = &read {
                if failure.back_off(1).is_some() {
                    let _ = stop.set(failure.clone());
                }
            }
            (batch, characters, sent, read)
        });
    }
    let (mut characters_sent, mut requests, mut last_failure, mut any_answer) = (0, 0, None, false);
    let mut glossary_gone = false;
    let mut fresh = Vec::new();
    while let Some(done) = tasks.join_next().await {
        let (batch, characters, sent, read) =
            done.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
        if sent {
            characters_sent += characters;
            requests += 1;
        }
        match read {
            Ok(texts) => {
                any_answer = true;
                for (i, text) in batch.into_iter().zip(texts) {
                    let restored = jobs[i].masked.restore(&text);
                    if let Ok(draft) = &restored {
                        fresh.push((keys[i].clone(), draft.clone()));
                    }
                    results[i] = Some(restored);
                }
            }
            Err(failure) => {
                let failure = redact(engine, failure);
                glossary_gone |= glossary.is_some() && glossary::refused(&failure);
                if failure.is_engine_fault() {
                    last_failure = Some(failure.clone());
                } else {
                    any_answer = true;
                }
                for i in batch {
                    results[i] = Some(Err(failure.clone()));
                }
            }
        }
    }
    if requests > 0 {
        mt_store::count_usage(pool, engine.name(), characters_sent as i64, requests).await?;
    }
    if !fresh.is_empty() {
        mt_store::cache(pool, engine.name(), &engine.model, &fresh).await?;
    }
    if let (true, Some(id)) = (glossary_gone, glossary) {
        // Deleted at the engine behind our back, or another account's (a new key): made again next time.
        mt_store::forget_glossary(pool, &engine.url, id).await?;
    }
    match (any_answer, last_failure) {
        (false, Some(failure)) => {
            tracing::warn!(engine = engine.name(), reason = %failure, "machine translation failed");
            mt_store::failed(pool, engine.name(), &failure.to_string(), |n| failure.back_off(n)).await?;
        }
        _ => mt_store::succeeded(pool, engine.name()).await?,
    }
    Ok(results.into_iter().map(|r| r.unwrap_or(Err(Failure::Timeout))).collect())
}

/// What identifies a draft: the engine, its model and settings, and everything it is sent. A chat model is
/// sent the glossary terms, the context and the house style, so they and the glossary versions are part of
/// its key; the other engines are sent only the text, and DeepL its glossary (a new one for every change).
fn cache_key(engine: &Engine, article: &Article, job: &Job, glossary: Option<&str>) -> Vec<u8> {
    let item = job.masked.item();
    let mut key = serde_json::json!({
        "engine": engine.name(),
        "model": engine.model,
        "url": engine.url,
        "from": article.info.source_lang.as_str(),
        "to": article.info.target_lang.as_str(),
        "source": item.text,
        "markup": item.markup,
    });
    if engine.kind.takes_glossary() {
        key["settings"] = serde_json::json!(prompt::VERSION);
        key["glossaries"] = serde_json::json!(article.versions);
        key["context"] =
            serde_json::json!([article.info.title, job.previous, job.next, job.rules, article.house_style]);
    }
    if let Some(glossary) = glossary {
        key["glossary"] = serde_json::json!(glossary);
    }
    Sha256::digest(key.to_string().as_bytes()).to_vec()
}

/// Sends one request; the key is in a header or the body, never in what an error message may quote.
async fn send(http: &reqwest::Client, engine: &Engine, wire: WireRequest) -> Result<WireAnswer, Failure> {
    let request = match wire.method {
        Method::Get => http.get(&wire.url),
        Method::Post => http.post(&wire.url).json(&wire.body),
        Method::Delete => http.delete(&wire.url),
    };
    let mut request = request.timeout(engine.timeout);
    for (name, value) in &wire.headers {
        request = request.header(*name, value);
    }
    let response = request.send().await.map_err(|e| transport(&e))?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok());
    let body = response.bytes().await.map_err(|e| transport(&e))?.to_vec();
    Ok(WireAnswer { status, retry_after, body })
}

fn transport(error: &reqwest::Error) -> Failure {
    if error.is_timeout() {
        Failure::Timeout
    } else {
        let mut source: &dyn std::error::Error = error;
        while let Some(next) = source.source() {
            source = next;
        }
        Failure::Network(source.to_string())
    }
}

/// An engine may quote what it was sent in an error; a key never goes further than the engine.
fn redact(engine: &Engine, failure: Failure) -> Failure {
    let Some(key) = engine.key.as_ref().map(|k| k.expose()).filter(|k| k.len() >= 4) else { return failure };
    let clean = |m: String| m.replace(key, "[key]");
    match failure {
        Failure::BadKey { status, message } => Failure::BadKey { status, message: clean(message) },
        Failure::Quota { status, message } => Failure::Quota { status, message: clean(message) },
        Failure::Refused { status, message } => Failure::Refused { status, message: clean(message) },
        Failure::Server { status, message } => Failure::Server { status, message: clean(message) },
        Failure::Network(m) => Failure::Network(clean(m)),
        Failure::Unreadable(m) => Failure::Unreadable(clean(m)),
        other => other,
    }
}

/// One engine's draft of a segment, or why there is none.
#[derive(Debug, Clone)]
pub struct MachineDraft {
    /// The engine.
    pub engine: &'static str,
    /// Its model.
    pub model: String,
    /// The draft and its glossary check, or the failure's reason.
    pub result: Result<CheckedDraft, String>,
}

/// A draft with the glossary terms it gets wrong.
#[derive(Debug, Clone)]
pub struct CheckedDraft {
    /// The translation.
    pub target: String,
    /// Preferred targets of the segment's glossary terms the draft does not use.
    pub terms_missing: Vec<String>,
    /// Forbidden target terms the draft uses.
    pub terms_forbidden: Vec<String>,
}

/// Every usable engine's draft of a segment, asked at once; a failing engine is a reason in the list, never
/// an error of the whole.
pub async fn drafts(
    pool: &PgPool,
    cache: &TermCache,
    machines: &Machines,
    segment: i64,
) -> Result<Vec<MachineDraft>, StoreError> {
    let source = segments::source(pool, segment).await?;
    let article = Article::load(pool, cache, source.article_id).await?;
    // A segment its file marks as not to be translated has nothing to draft.
    if article.segments.iter().any(|s| s.id == segment && s.locked) {
        return Ok(Vec::new());
    }
    let job = article.job_of(segment)?;
    let Some(http) = &machines.inner.http else { return Ok(Vec::new()) };
    let engines = machines.usable(&article.info);
    let one = [&job];
    let asked = engines.iter().map(|engine| translate(pool, http, machines, engine, &article, &one));
    let answers = futures_util::future::join_all(asked).await;
    let mut drafts = Vec::new();
    for (engine, answer) in engines.into_iter().zip(answers) {
        let result = match answer?.pop() {
            Some(Ok(target)) => {
                let (terms_missing, terms_forbidden) = article.terms_in(&job, &target);
                Ok(CheckedDraft { target, terms_missing, terms_forbidden })
            }
            Some(Err(failure)) => Err(failure.to_string()),
            None => Err(Failure::Timeout.to_string()),
        };
        drafts.push(MachineDraft { engine: engine.name(), model: engine.model.clone(), result });
    }
    Ok(drafts)
}

/// Takes one engine's draft of a segment as its next revision (`initial`, origin `mt`, the engine and
/// model recorded), refused like any save when `base_revision` is stale or the role may not write.
pub async fn take(
    pool: &PgPool,
    cache: &TermCache,
    machines: &Machines,
    segment: i64,
    engine: &str,
    base_revision: i32,
    author: i64,
) -> Result<(Saved, Vec<StoredFinding>), StoreError> {
    let source = segments::source(pool, segment).await?;
    let article = Article::load(pool, cache, source.article_id).await?;
    let engine = machines.engine(&article.info, engine)?;
    let http = machines.inner.http.as_ref().ok_or(StoreError::NotFound("engine"))?;
    let job = article.job_of(segment)?;
    let draft = match translate(pool, http, machines, engine, &article, &[&job]).await?.pop() {
        Some(Ok(draft)) => draft,
        Some(Err(failure)) => {
            return Err(StoreError::Constraint(format!("{} gave no draft: {failure}", engine.name())))
        }
        None => return Err(StoreError::Constraint(format!("{} gave no draft", engine.name()))),
    };
    let findings =
        article.terms.check(&job.source, &job.codes, &draft, &article.info.target_lang, false, None);
    let (missing, forbidden) = article.terms_in(&job, &draft);
    let mut tx = pool.begin().await?;
    let save = Save {
        target: &draft,
        status: SegmentStatus::Initial,
        base_revision,
        author,
        origin: RevisionOrigin::Mt,
        comment: None,
        findings: &findings,
        judged_source: Some(&job.source),
    };
    let saved = segments::save_in(&mut tx, segment, save).await?;
    if let Saved::Created(revision) = &saved {
        let written = DraftWritten {
            segment,
            revision: revision.revision,
            engine: engine.name(),
            model: &engine.model,
            terms_missing: i32::try_from(missing.len() + forbidden.len()).unwrap_or(i32::MAX),
        };
        mt_store::record_draft(&mut tx, written).await?;
    }
    let stored = findings::of_segments(&mut *tx, &[segment]).await?;
    tx.commit().await?;
    Ok((saved, stored))
}

/// Fills every live segment nobody has written yet, as run `run` (its progress stored after every round
/// of requests): exact translation-memory matches first, then the best usable engine's draft (`initial`,
/// origin `mt`), falling back to the next engine for what one could not draft. Never writes over a
/// revision: a segment someone wrote meanwhile is left as they wrote it. Engines are ranked by the
/// post-editing report for the pair once they have 20 measured drafts, else in their configured order.
async fn pretranslate(
    pool: &PgPool,
    cache: &TermCache,
    machines: &Machines,
    article_id: i64,
    author: i64,
    run: i64,
) -> Result<Progress, StoreError> {
    let mut progress = Progress::default();
    let mut tx = pool.begin().await?;
    progress.from_memory = tm::pretranslate(&mut tx, article_id, author).await? as i64;
    tx.commit().await?;
    let article = Article::load(pool, cache, article_id).await?;
    let jobs: Vec<Job> = (0..article.segments.len())
        .filter(|&i| article.segments[i].current.revision == 0 && !article.segments[i].locked)
        .map(|i| article.job(i))
        .collect();
    progress.total = jobs.len() as i64;
    let mut tx = pool.begin().await?;
    pretranslations::progress(&mut tx, run, &progress).await?;
    tx.commit().await?;
    let mut open: Vec<&Job> = jobs.iter().collect();
    let mut engines = machines.usable(&article.info);
    let ranked = mt_store::ranking(pool, &article.info.source_lang, &article.info.target_lang, 20).await?;
    engines.sort_by_key(|e| ranked.iter().position(|r| r == e.name()).unwrap_or(usize::MAX));
    if let Some(http) = &machines.inner.http {
        let drafting = Drafting { pool, http, machines, article: &article, author, run };
        for engine in engines {
            if open.is_empty() {
                break;
            }
            progress.drafted.push(EngineCount { engine: engine.name().to_owned(), segments: 0 });
            open = drafting.with(engine, open, &mut progress).await?;
        }
    }
    progress.left_empty = open.len() as i64;
    let mut tx = pool.begin().await?;
    pretranslations::progress(&mut tx, run, &progress).await?;
    tx.commit().await?;
    Ok(progress)
}

/// What every round of a pre-translation run needs.
struct Drafting<'a> {
    pool: &'a PgPool,
    http: &'a reqwest::Client,
    machines: &'a Machines,
    article: &'a Article,
    author: i64,
    run: i64,
}

impl Drafting<'_> {
    /// One engine's part of the run: the open segments in rounds of two waves of its requests (batches ×
    /// concurrency × 2), each round's drafts and the progress written in one transaction, so the figures
    /// move while a long article runs. Answers the segments the engine could not draft; an engine that
    /// fails a whole round for its own reasons (down, quota, key) is not asked the rest.
    async fn with<'j>(
        &self,
        engine: &Engine,
        open: Vec<&'j Job>,
        progress: &mut Progress,
    ) -> Result<Vec<&'j Job>, StoreError> {
        let round = (engine.batch_size * engine.concurrency * 2).max(1);
        let mut still_open = Vec::new();
        let mut rounds = open.chunks(round);
        for jobs in rounds.by_ref() {
            let results = translate(self.pool, self.http, self.machines, engine, self.article, jobs).await?;
            let (mut drafts, mut engine_down) = (Vec::new(), true);
            for (job, result) in jobs.iter().zip(results) {
                match result {
                    Ok(draft) => {
                        engine_down = false;
                        drafts.push((*job, draft));
                    }
                    Err(failure) => {
                        engine_down &=
                            failure.is_engine_fault() || matches!(failure, Failure::BackingOff { .. });
                        if !progress.failures.iter().any(|f| f.engine == engine.name()) {
                            let (engine, reason) = (engine.name().to_owned(), failure.to_string());
                            progress.failures.push(EngineFailure { engine, reason });
                        }
                        still_open.push(*job);
                    }
                }
            }
            self.write(engine, &drafts, progress).await?;
            if engine_down {
                break;
            }
        }
        still_open.extend(rounds.flatten());
        Ok(still_open)
    }

    /// Writes drafts as revision 1 of segments still without one, and the run's progress with them, in
    /// one transaction.
    async fn write(
        &self,
        engine: &Engine,
        drafts: &[(&Job, String)],
        progress: &mut Progress,
    ) -> Result<(), StoreError> {
        let (article, author, run) = (self.article, self.author, self.run);
        let mut tx = self.pool.begin().await?;
        let mut written = 0;
        for (job, draft) in drafts {
            let save = Save {
                target: draft,
                status: SegmentStatus::Initial,
                base_revision: 0,
                author,
                origin: RevisionOrigin::Mt,
                comment: None,
                // A draft to confirm: the checks run when the translator saves it, as for memory drafts.
                findings: &[],
                judged_source: Some(&job.source),
            };
            let revision = match segments::save_in(&mut tx, job.segment, save).await {
                Ok(Saved::Created(revision)) => revision,
                // Written meanwhile (or now refused): never over someone's text.
                Ok(Saved::Unchanged(_))
                | Err(StoreError::Conflict { .. } | StoreError::Refused(_) | StoreError::Constraint(_)) => {
                    continue
                }
                Err(e) => return Err(e),
            };
            let (missing, forbidden) = article.terms_in(job, draft);
            let record = DraftWritten {
                segment: job.segment,
                revision: revision.revision,
                engine: engine.name(),
                model: &engine.model,
                terms_missing: i32::try_from(missing.len() + forbidden.len()).unwrap_or(i32::MAX),
            };
            mt_store::record_draft(&mut tx, record).await?;
            written += 1;
        }
        if let Some(count) = progress.drafted.last_mut() {
            count.segments += written;
        }
        pretranslations::progress(&mut tx, run, progress).await?;
        tx.commit().await?;
        Ok(())
    }
}
