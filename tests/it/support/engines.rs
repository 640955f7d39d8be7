//! Local servers speaking the machine-translation engines' documented APIs: each records what tarjuman
//! sends it (path, headers, JSON body) and answers the way the real service does, including its errors.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use tarjuman::app::mt::Machines;
use tarjuman::mt::{Engine, EngineKind};

/// One request as the engine received it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The HTTP method.
    pub method: String,
    /// Path and query.
    pub uri: String,
    /// Headers.
    pub headers: HeaderMap,
    /// The JSON body.
    pub body: Value,
}

impl Seen {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// How the engine answers a request: status, extra headers, JSON body.
pub type Answer = (u16, Vec<(&'static str, String)>, Value);

type Script = Arc<dyn Fn(&Seen) -> Answer + Send + Sync>;

/// A local engine.
#[derive(Clone)]
pub struct LocalEngine {
    /// Its base URL, as tarjuman is configured with it.
    pub url: String,
    /// Which API it speaks.
    pub kind: EngineKind,
    /// The key it accepts.
    pub key: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    script: Arc<Mutex<Script>>,
    delay: Arc<Mutex<Duration>>,
    deepl: Arc<Mutex<DeepLGlossaries>>,
}

/// What a local DeepL keeps of the glossary API: the pairs it lists and the glossaries made.
#[derive(Debug, Clone)]
pub struct DeepLGlossaries {
    /// `GET /v2/glossary-language-pairs`, lower-case.
    pub pairs: Vec<(String, String)>,
    /// The glossaries that exist, in the order they were made.
    pub glossaries: Vec<DeepLGlossary>,
    /// Refuse every new glossary with this message (400), as DeepL refuses entries it will not take.
    pub refuse: Option<String>,
    made: usize,
}

/// One glossary at the local DeepL.
#[derive(Debug, Clone)]
pub struct DeepLGlossary {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Source and target language as given.
    pub pair: (String, String),
    /// Source phrase to target phrase, in order.
    pub entries: Vec<(String, String)>,
}

impl LocalEngine {
    /// An engine of `kind` accepting `key`, translating each text with `translate` (given the text as sent
    /// and, for chat models, the whole user document).
    pub async fn start(kind: EngineKind, key: &str, translate: fn(&str) -> String) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let base = match kind {
            EngineKind::OpenAi => "/v1",
            EngineKind::DeepL => "/v2",
            EngineKind::Google => "/language/translate/v2",
            EngineKind::Microsoft | EngineKind::LibreTranslate => "",
        };
        let key_owned = key.to_owned();
        // As DeepL's documentation lists today: glossaries for any pair of its languages (Arabic included).
        let pairs = ["ar", "de", "en", "fr", "ru"]
            .iter()
            .flat_map(|s| {
                ["ar", "de", "en", "fr", "ru"]
                    .iter()
                    .filter(move |t| *t != s)
                    .map(move |t| (s.to_string(), t.to_string()))
            })
            .collect();
        let deepl =
            Arc::new(Mutex::new(DeepLGlossaries { pairs, glossaries: Vec::new(), refuse: None, made: 0 }));
        let glossaries = deepl.clone();
        let script: Script = Arc::new(move |seen: &Seen| {
            if kind == EngineKind::DeepL && !seen.uri.ends_with("/translate") {
                return deepl_glossaries(&key_owned, &mut glossaries.lock().unwrap(), seen);
            }
            let glossary = seen.body["glossary_id"].as_str().map(|id| {
                glossaries.lock().unwrap().glossaries.iter().find(|g| g.id == id).map(|g| g.entries.clone())
            });
            match glossary {
                Some(None) => (404, vec![], json!({"message": "Glossary not found"})),
                Some(Some(entries)) => documented(kind, &key_owned, translate, seen, &entries),
                None => documented(kind, &key_owned, translate, seen, &[]),
            }
        });
        let engine = Self {
            url: format!("http://{address}{base}"),
            kind,
            key: key.to_owned(),
            seen: Arc::default(),
            script: Arc::new(Mutex::new(script)),
            delay: Arc::default(),
            deepl,
        };
        let handler_engine = engine.clone();
        let app =
            axum::Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let engine = handler_engine.clone();
                async move { engine.answer(method, uri, headers, body).await }
            });
        tokio::spawn(async move { axum::serve(listener, app).await });
        engine
    }

    async fn answer(&self, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
        let seen = Seen {
            method: method.to_string(),
            uri: uri.to_string(),
            headers,
            body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        };
        self.seen.lock().unwrap().push(seen.clone());
        let delay = *self.delay.lock().unwrap();
        tokio::time::sleep(delay).await;
        let script = self.script.lock().unwrap().clone();
        let (status, extra, body) = script(&seen);
        let mut response = (StatusCode::from_u16(status).unwrap(), axum::Json(body)).into_response();
        for (name, value) in extra {
            response.headers_mut().insert(name, value.parse().unwrap());
        }
        response
    }

    /// Every request received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// The translation requests received so far (DeepL's glossary calls left out).
    pub fn translations(&self) -> Vec<Seen> {
        let glossary_call = |s: &Seen| self.kind == EngineKind::DeepL && !s.uri.ends_with("/translate");
        self.seen().into_iter().filter(|s| !glossary_call(s)).collect()
    }

    /// The local DeepL's glossary pairs and glossaries.
    pub fn deepl_glossaries(&self) -> std::sync::MutexGuard<'_, DeepLGlossaries> {
        self.deepl.lock().unwrap()
    }

    /// Answers every request with `answer` from now on.
    pub fn fail_with(&self, answer: Answer) {
        *self.script.lock().unwrap() = Arc::new(move |_| answer.clone());
    }

    /// Answers every request with `script` from now on.
    pub fn script(&self, script: impl Fn(&Seen) -> Answer + Send + Sync + 'static) {
        *self.script.lock().unwrap() = Arc::new(script);
    }

    /// Waits this long before every answer from now on.
    pub fn delay(&self, delay: Duration) {
        *self.delay.lock().unwrap() = delay;
    }

    /// The engine as tarjuman is configured with it.
    pub fn engine(&self) -> Engine {
        let model = (self.kind == EngineKind::OpenAi).then_some("local-llm");
        Engine::new(self.kind, Some(&self.url), model, Some(self.key.clone().into())).unwrap()
    }

    /// The environment that configures tarjuman with this engine.
    pub fn env(&self) -> Vec<(String, String)> {
        let name = self.kind.as_str().to_ascii_uppercase();
        let mut env = vec![
            (format!("TARJUMAN_MT_{name}_URL"), self.url.clone()),
            (format!("TARJUMAN_MT_{name}_KEY"), self.key.clone()),
        ];
        if self.kind == EngineKind::OpenAi {
            env.push(("TARJUMAN_MT_OPENAI_MODEL".into(), "local-llm".into()));
        }
        env
    }
}

/// Machines over these local engines.
pub fn machines(engines: &[&LocalEngine]) -> Machines {
    Machines::new(engines.iter().map(|e| e.engine()).collect()).unwrap()
}

/// What the real service answers, per its documentation.
/// DeepL's v2 glossary API (<https://developers.deepl.com/api-reference/glossaries>): list the pairs,
/// create from TSV or CSV entries, list, delete.
fn deepl_glossaries(key: &str, state: &mut DeepLGlossaries, seen: &Seen) -> Answer {
    if seen.header("authorization") != Some(&format!("DeepL-Auth-Key {key}")) {
        return (403, vec![], json!({"message": "Wrong auth key"}));
    }
    let info = |g: &DeepLGlossary| {
        json!({"glossary_id": g.id, "ready": true, "name": g.name, "source_lang": g.pair.0, "target_lang": g.pair.1,
               "creation_time": "2026-11-30T12:00:00.000Z", "entry_count": g.entries.len()})
    };
    let path = seen.uri.split('?').next().unwrap_or_default();
    match (seen.method.as_str(), path.trim_start_matches("/v2")) {
        ("GET", "/glossary-language-pairs") => {
            let list: Vec<Value> =
                state.pairs.iter().map(|(s, t)| json!({"source_lang": s, "target_lang": t})).collect();
            (200, vec![], json!({"supported_languages": list}))
        }
        ("GET", "/glossaries") => {
            (200, vec![], json!({"glossaries": state.glossaries.iter().map(info).collect::<Vec<_>>()}))
        }
        ("POST", "/glossaries") => {
            let field = |name: &str| seen.body[name].as_str().unwrap_or_default().to_owned();
            let (source, target) = (field("source_lang").to_lowercase(), field("target_lang").to_lowercase());
            if field("name").is_empty() || field("entries").is_empty() {
                return (400, vec![], json!({"message": "Missing or invalid argument: name, entries"}));
            }
            if let Some(message) = &state.refuse {
                return (400, vec![], json!({"message": message}));
            }
            if !state.pairs.contains(&(source.clone(), target.clone())) {
                return (
                    400,
                    vec![],
                    json!({"message": "Unsupported glossary source and target language pair"}),
                );
            }
            let separator = match seen.body.get("entries_format").and_then(Value::as_str).unwrap_or("tsv") {
                "tsv" => '\t',
                "csv" => ',',
                _ => return (400, vec![], json!({"message": "Invalid entries_format"})),
            };
            let mut entries = Vec::new();
            for line in field("entries").lines().filter(|l| !l.trim().is_empty()) {
                let parts: Vec<&str> = line.split(separator).collect();
                if parts.len() != 2 || parts.iter().any(|p| p.trim().is_empty()) {
                    let message = format!("Invalid glossary entries provided: line {line:?}");
                    return (400, vec![], json!({"message": message}));
                }
                if entries.iter().any(|(s, _): &(String, String)| s == parts[0]) {
                    return (
                        400,
                        vec![],
                        json!({"message": "Invalid glossary entries provided: duplicate source"}),
                    );
                }
                entries.push((parts[0].to_owned(), parts[1].to_owned()));
            }
            state.made += 1;
            let glossary = DeepLGlossary {
                id: format!("def3a26b-3e84-45b3-84ae-{:012}", state.made),
                name: field("name"),
                pair: (source, target),
                entries,
            };
            let answer = info(&glossary);
            state.glossaries.push(glossary);
            (201, vec![], answer)
        }
        ("DELETE", id) if id.starts_with("/glossaries/") => {
            let id = id.trim_start_matches("/glossaries/");
            match state.glossaries.iter().position(|g| g.id == id) {
                Some(i) => {
                    state.glossaries.remove(i);
                    (204, vec![], Value::Null)
                }
                None => (404, vec![], json!({"message": "Glossary not found"})),
            }
        }
        _ => (404, vec![], json!({"message": "Not found"})),
    }
}

/// What the real service answers, per its documentation; DeepL applies the glossary `entries` given
/// (each source phrase found is put in its target's words before the text is translated).
fn documented(
    kind: EngineKind,
    key: &str,
    translate: fn(&str) -> String,
    seen: &Seen,
    entries: &[(String, String)],
) -> Answer {
    let texts = |field: &str| -> Vec<String> {
        match &seen.body[field] {
            Value::Array(list) => list.iter().filter_map(|t| t.as_str().map(str::to_owned)).collect(),
            Value::String(one) => vec![one.clone()],
            _ => Vec::new(),
        }
    };
    match kind {
        EngineKind::OpenAi => {
            if seen.header("authorization") != Some(&format!("Bearer {key}")) {
                let error = json!({"error": {"message": "Incorrect API key provided.", "type": "invalid_request_error", "code": "invalid_api_key"}});
                return (401, vec![], error);
            }
            if !seen.uri.ends_with("/v1/chat/completions") {
                return (404, vec![], json!({"error": {"message": "Unknown request URL"}}));
            }
            let document = seen.body["messages"][1]["content"].as_str().unwrap_or_default();
            let content = translate(document);
            let choice = json!({"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"});
            (
                200,
                vec![],
                json!({"id": "chatcmpl-1", "object": "chat.completion", "model": seen.body["model"], "choices": [choice]}),
            )
        }
        EngineKind::DeepL => {
            if seen.header("authorization") != Some(&format!("DeepL-Auth-Key {key}")) {
                return (403, vec![], json!({"message": "Wrong auth key"}));
            }
            if !entries.is_empty() && seen.body.get("source_lang").is_none() {
                return (
                    400,
                    vec![],
                    json!({"message": "Value for 'source_lang' is required when using a glossary"}),
                );
            }
            let glossed =
                |t: &String| entries.iter().fold(t.clone(), |t, (s, target)| t.replace(s.as_str(), target));
            let out: Vec<Value> = texts("text")
                .iter()
                .map(|t| json!({"detected_source_language": "AR", "text": translate(&glossed(t))}))
                .collect();
            (200, vec![], json!({"translations": out}))
        }
        EngineKind::Google => {
            if seen.header("x-goog-api-key") != Some(key) {
                let error = json!({"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.", "errors": [{"reason": "badRequest"}]}});
                return (400, vec![], error);
            }
            let out: Vec<Value> =
                texts("q").iter().map(|t| json!({"translatedText": translate(t)})).collect();
            (200, vec![], json!({"data": {"translations": out}}))
        }
        EngineKind::Microsoft => {
            if seen.header("ocp-apim-subscription-key") != Some(key) {
                let error = json!({"error": {"code": 401000, "message": "The request is not authorized because credentials are missing or invalid."}});
                return (401, vec![], error);
            }
            let list = seen.body.as_array().cloned().unwrap_or_default();
            let out: Vec<Value> = list
                .iter()
                .map(|t| json!({"translations": [{"text": translate(t["Text"].as_str().unwrap_or_default()), "to": "en"}]}))
                .collect();
            (200, vec![], Value::Array(out))
        }
        EngineKind::LibreTranslate => {
            if seen.body["api_key"].as_str() != Some(key) {
                return (403, vec![], json!({"error": "Invalid API key"}));
            }
            let out: Vec<String> = texts("q").iter().map(|t| translate(t)).collect();
            (200, vec![], json!({"translatedText": out}))
        }
    }
}

/// A stand-in translation that keeps everything it is given (placeholders included), marked.
pub fn echo(text: &str) -> String {
    format!("EN {text}")
}

/// A stand-in chat model: obeys the glossary (every term's target, in order), then echoes the source.
pub fn glossary_obeying(document: &str) -> String {
    let document: Value = serde_json::from_str(document).unwrap_or_default();
    let terms: Vec<&str> =
        document["terms"].as_array().into_iter().flatten().filter_map(|t| t["target"].as_str()).collect();
    format!("{} :: {}", terms.join(", "), document["source"].as_str().unwrap_or_default())
}
