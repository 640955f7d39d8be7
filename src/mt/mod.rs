//! Machine translation, the pure part: what each engine is ([`engine`]), what tarjuman sends it and how it
//! reads the answer (one file per engine's documented API), inline codes as placeholders ([`codes`]), the
//! glossary-constrained prompt of chat models ([`prompt`]), when a failing engine is skipped ([`failure`])
//! and how much a translator changed a draft ([`effort`]). No I/O: the requests are values that
//! `app::mt` sends.

pub mod codes;
pub mod deepl;
pub mod effort;
pub mod engine;
pub mod failure;
pub mod google;
pub mod libre;
pub mod microsoft;
pub mod openai;
pub mod prompt;

pub use engine::{Engine, EngineKind};
pub use failure::Failure;

/// An HTTP request to an engine, as data: the caller sends it and gives the answer to the engine's parser.
#[derive(Debug, Clone, PartialEq)]
pub struct WireRequest {
    /// The HTTP method: translations are posted; DeepL's glossaries are also listed and deleted.
    pub method: Method,
    /// The full URL (never carries a key: the engines take theirs in a header, LibreTranslate in the body).
    pub url: String,
    /// Headers, the key's among them.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body (`Null`: none).
    pub body: serde_json::Value,
}

/// The HTTP methods the engines' APIs use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Read (DeepL's glossary language pairs).
    Get,
    /// Translate, create.
    Post,
    /// Delete (a stale DeepL glossary).
    Delete,
}

/// An engine's answer, as the caller received it.
#[derive(Debug, Clone)]
pub struct WireAnswer {
    /// HTTP status.
    pub status: u16,
    /// Seconds from a `Retry-After` header, when there was one.
    pub retry_after: Option<u64>,
    /// The body.
    pub body: Vec<u8>,
}

/// The text of one segment as an engine is sent it: plain, or markup with inline codes as `<x id="N"/>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What is sent.
    pub text: String,
    /// Whether `text` is markup (escaped, with placeholders) rather than plain text.
    pub markup: bool,
}

/// Reads the translations out of a successful answer's JSON, or the failure out of an error answer; each
/// engine gives the path to its error message.
pub(crate) fn read_json(answer: &WireAnswer) -> Result<serde_json::Value, Failure> {
    let json: Option<serde_json::Value> = serde_json::from_slice(&answer.body).ok();
    if (200..300).contains(&answer.status) {
        return json.ok_or_else(|| Failure::Unreadable("the answer is not JSON".into()));
    }
    Err(Failure::from_status(
        answer.status,
        answer.retry_after,
        json.as_ref().map(error_message).unwrap_or_default(),
    ))
}

/// The message of an error body in any of the engines' shapes: `{"message"}` (DeepL),
/// `{"error": "..."}` (LibreTranslate), `{"error": {"message"}}` (Google, Microsoft, OpenAI).
fn error_message(json: &serde_json::Value) -> String {
    let text = json
        .pointer("/error/message")
        .or_else(|| json.get("message"))
        .or_else(|| json.get("error").filter(|e| e.is_string()))
        .and_then(|m| m.as_str())
        .unwrap_or("");
    text.chars().take(300).collect()
}

/// The `n` strings at `pointer` in each element of the array at `array`, e.g. `/translations` and `/text`.
pub(crate) fn strings_at(
    json: &serde_json::Value,
    array: &str,
    field: &str,
    n: usize,
) -> Result<Vec<String>, Failure> {
    let list = json
        .pointer(array)
        .and_then(|a| a.as_array())
        .ok_or_else(|| Failure::Unreadable(format!("no {array} array in the answer")))?;
    let texts: Option<Vec<String>> =
        list.iter().map(|t| t.pointer(field).and_then(|s| s.as_str()).map(str::to_owned)).collect();
    let texts = texts.ok_or_else(|| Failure::Unreadable(format!("an element of {array} has no {field}")))?;
    if texts.len() != n {
        return Err(Failure::Unreadable(format!("{} translations for {n} texts", texts.len())));
    }
    Ok(texts)
}
