//! Microsoft Translator v3 (<https://learn.microsoft.com/azure/ai-services/translator/reference/v3-0-translate>):
//! `POST /translate?api-version=3.0&from=..&to=..` (`&textType=html` for markup), body `[{"Text"}]`, key in
//! `Ocp-Apim-Subscription-Key` (and the resource's region in `Ocp-Apim-Subscription-Region`); answer
//! `[{"translations": [{"text", "to"}]}]`, errors `{"error": {"code": 401000, "message"}}`.

use serde_json::json;

use super::{Failure, Item, Method, WireRequest};
use crate::lang::LanguageTag;

pub(super) fn request(
    url: &str,
    key: Option<&str>,
    region: Option<&str>,
    from: &LanguageTag,
    to: &LanguageTag,
    items: &[Item],
) -> WireRequest {
    let markup = items.iter().any(|i| i.markup);
    let url = format!(
        "{url}/translate?api-version=3.0&from={}&to={}{}",
        from.primary(),
        to.primary(),
        if markup { "&textType=html" } else { "" }
    );
    let mut headers = Vec::new();
    if let Some(key) = key {
        headers.push(("ocp-apim-subscription-key", key.to_owned()));
    }
    if let Some(region) = region {
        headers.push(("ocp-apim-subscription-region", region.to_owned()));
    }
    let body = json!(items.iter().map(|i| json!({"Text": i.text})).collect::<Vec<_>>());
    WireRequest { method: Method::Post, url, headers, body }
}

pub(super) fn read(json: &serde_json::Value, n: usize) -> Result<Vec<String>, Failure> {
    let wrapped = json!({ "all": json });
    super::strings_at(&wrapped, "/all", "/translations/0/text", n)
}
