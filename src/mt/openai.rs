//! OpenAI-compatible chat completions (`POST {base}/chat/completions`, the base ending in `/v1`): served by
//! OpenAI and by the self-hosted servers (vLLM, llama.cpp server, Ollama, LM Studio). The key, when there is
//! one, as `Authorization: Bearer`; the translation is the first choice's assistant message content.

use serde_json::json;

use super::prompt::Message;
use super::{Failure, Method, WireRequest};

pub(super) fn request(url: &str, model: &str, key: Option<&str>, prompt: &[Message]) -> WireRequest {
    let body = json!({
        "model": model,
        "messages": prompt,
        // The same sentence, the same draft: the cache stands for what the model would say again.
        "temperature": 0,
        "stream": false,
    });
    let headers = key.map(|k| vec![("authorization", format!("Bearer {k}"))]).unwrap_or_default();
    WireRequest { method: Method::Post, url: format!("{url}/chat/completions"), headers, body }
}

pub(super) fn read(json: &serde_json::Value) -> Result<Vec<String>, Failure> {
    let content = json
        .pointer("/choices/0/message/content")
        .and_then(|c| c.as_str())
        .ok_or_else(|| Failure::Unreadable("no choices[0].message.content in the answer".into()))?;
    let content = content.trim();
    if content.is_empty() {
        return Err(Failure::Unreadable("the model answered with an empty message".into()));
    }
    Ok(vec![content.to_owned()])
}
