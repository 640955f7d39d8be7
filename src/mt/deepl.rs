//! DeepL API v2 `translate` (<https://developers.deepl.com/docs/api-reference/translate>): JSON body with
//! `text` (up to 50), `source_lang`, `target_lang`, `tag_handling=xml` when inline codes are placeholders;
//! key in `Authorization: DeepL-Auth-Key`; answer `{"translations": [{"text"}]}`. 403 is a bad key, 456 the
//! quota used up, 429 too many requests.

use serde_json::json;

use super::{Item, WireRequest};
use crate::lang::LanguageTag;

/// Source languages DeepL documents (target languages are these too, English and Portuguese by region).
const LANGUAGES: &[&str] = &[
    "ar", "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "he", "hu", "id", "it", "ja", "ko",
    "lt", "lv", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sv", "th", "tr", "uk", "vi", "zh",
];

/// Whether DeepL translates `from` into `to`.
pub fn serves(from: &LanguageTag, to: &LanguageTag) -> bool {
    LANGUAGES.contains(&from.primary()) && LANGUAGES.contains(&to.primary())
}

/// DeepL's target code: English and Portuguese need their variant (EN-US unless the tag says GB, PT-PT
/// unless BR), Chinese its script.
fn target_code(to: &LanguageTag) -> String {
    let region = to.as_str().to_ascii_uppercase();
    match to.primary() {
        "en" if region.ends_with("-GB") => "EN-GB".into(),
        "en" => "EN-US".into(),
        "pt" if region.ends_with("-BR") => "PT-BR".into(),
        "pt" => "PT-PT".into(),
        "zh" if region.contains("HANT") || region.ends_with("-TW") => "ZH-HANT".into(),
        "zh" => "ZH-HANS".into(),
        other => other.to_ascii_uppercase(),
    }
}

pub(super) fn request(
    url: &str,
    key: Option<&str>,
    from: &LanguageTag,
    to: &LanguageTag,
    items: &[Item],
) -> WireRequest {
    let mut body = json!({
        "text": items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(),
        "source_lang": from.primary().to_ascii_uppercase(),
        "target_lang": target_code(to),
    });
    if items.iter().any(|i| i.markup) {
        body["tag_handling"] = json!("xml");
    }
    let headers = key.map(|k| vec![("authorization", format!("DeepL-Auth-Key {k}"))]).unwrap_or_default();
    WireRequest { url: format!("{url}/translate"), headers, body }
}
