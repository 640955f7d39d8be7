//! Google Cloud Translation v2 (<https://cloud.google.com/translate/docs/reference/rest/v2/translate>):
//! `POST .../language/translate/v2` with `q` (a list), `source`, `target`, `format` (`text` or `html`); the
//! API key in the `X-goog-api-key` header rather than the `key` parameter, so that it is in no URL; answer
//! `{"data": {"translations": [{"translatedText"}]}}`, errors `{"error": {"code", "message"}}`.

use serde_json::json;

use super::{Item, Method, WireRequest};
use crate::lang::LanguageTag;

pub(super) fn request(
    url: &str,
    key: Option<&str>,
    from: &LanguageTag,
    to: &LanguageTag,
    items: &[Item],
) -> WireRequest {
    let body = body(from, to, items);
    let headers = key.map(|k| vec![("x-goog-api-key", k.to_owned())]).unwrap_or_default();
    WireRequest { method: Method::Post, url: url.to_owned(), headers, body }
}

/// The request body of v2, which LibreTranslate copies: the texts as `q`, the languages, `format`.
pub(super) fn body(from: &LanguageTag, to: &LanguageTag, items: &[Item]) -> serde_json::Value {
    let markup = items.iter().any(|i| i.markup);
    json!({
        "q": items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(),
        "source": from.primary(),
        "target": to.primary(),
        "format": if markup { "html" } else { "text" },
    })
}
