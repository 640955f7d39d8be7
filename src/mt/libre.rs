//! LibreTranslate (<https://docs.libretranslate.com/>, `POST /translate`): `q` (a list translates many),
//! `source`, `target`, `format` (`text` or `html`), the key as `api_key` in the body; answer
//! `{"translatedText": [...]}`, errors `{"error": "..."}` (400, 403 bad key, 429 slow down).

use serde_json::json;

use super::{Failure, Item, Method, WireRequest};
use crate::lang::LanguageTag;

pub(super) fn request(
    url: &str,
    key: Option<&str>,
    from: &LanguageTag,
    to: &LanguageTag,
    items: &[Item],
) -> WireRequest {
    // LibreTranslate's request is Google v2's, with the key in the body.
    let mut body = super::google::body(from, to, items);
    if let Some(key) = key {
        body["api_key"] = json!(key);
    }
    WireRequest { method: Method::Post, url: format!("{url}/translate"), headers: Vec::new(), body }
}

pub(super) fn read(json: &serde_json::Value, n: usize) -> Result<Vec<String>, Failure> {
    let wrapped = json!({ "all": json.get("translatedText") });
    let texts: Vec<String> = wrapped["all"]
        .as_array()
        .ok_or_else(|| Failure::Unreadable("no translatedText list in the answer".into()))?
        .iter()
        .filter_map(|t| t.as_str().map(str::to_owned))
        .collect();
    if texts.len() != n {
        return Err(Failure::Unreadable(format!("{} translations for {n} texts", texts.len())));
    }
    Ok(texts)
}
