//! Google Cloud Translation v2 (<https://cloud.google.com/translate/docs/reference/rest/v2/translate>):
//! `POST .../language/translate/v2` with `q` (a list), `source`, `target`, `format` (`text` or `html`); the
//! API key in the `X-goog-api-key` header rather than the `key` parameter, so that it is in no URL; answer
//! `{"data": {"translations": [{"translatedText"}]}}`, errors `{"error": {"code", "message"}}`.

use serde_json::json;

use super::{Item, WireRequest};
use crate::lang::LanguageTag;

pub(super) fn request(
    url: &str,
    key: Option<&str>,
    from: &LanguageTag,
    to: &LanguageTag,
    items: &[Item],
) -> WireRequest {
    let markup = items.iter().any(|i| i.markup);
    let body = json!({
        "q": items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(),
        "source": from.primary(),
        "target": to.primary(),
        "format": if markup { "html" } else { "text" },
    });
    let headers = key.map(|k| vec![("x-goog-api-key", k.to_owned())]).unwrap_or_default();
    WireRequest { url: url.to_owned(), headers, body }
}
