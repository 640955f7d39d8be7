//! DeepL API v2 `translate` (<https://developers.deepl.com/docs/api-reference/translate>): JSON body with
//! `text` (up to 50), `source_lang`, `target_lang`, `tag_handling=xml` when inline codes are placeholders;
//! key in `Authorization: DeepL-Auth-Key`; answer `{"translations": [{"text"}]}`. 403 is a bad key, 456 the
//! quota used up, 429 too many requests.
//!
//! Glossaries (v2, <https://developers.deepl.com/api-reference/glossaries>): `POST /v2/glossaries` with
//! `name`, `source_lang`, `target_lang` (base languages: `en`, not `EN-US`), `entries` and
//! `entries_format` (`tsv`); a glossary cannot be changed, so a changed one is created again and the old
//! one deleted (`DELETE /v2/glossaries/{id}`); `GET /v2/glossary-language-pairs` lists the pairs it makes
//! glossaries for; a translation names its glossary with `glossary_id` (and must then give `source_lang`).

use serde_json::{json, Value};

use super::{Failure, Item, Method, WireAnswer, WireRequest};
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
    glossary: Option<&str>,
) -> WireRequest {
    let mut body = json!({
        "text": items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(),
        "source_lang": from.primary().to_ascii_uppercase(),
        "target_lang": target_code(to),
    });
    if items.iter().any(|i| i.markup) {
        body["tag_handling"] = json!("xml");
    }
    if let Some(id) = glossary {
        body["glossary_id"] = json!(id);
    }
    WireRequest { method: Method::Post, url: format!("{url}/translate"), headers: auth(key), body }
}

/// The glossary language pairs DeepL lists: `GET /v2/glossary-language-pairs`.
pub fn glossary_pairs_request(url: &str, key: Option<&str>) -> WireRequest {
    let url = format!("{url}/glossary-language-pairs");
    WireRequest { method: Method::Get, url, headers: auth(key), body: Value::Null }
}

/// The pairs of `{"supported_languages": [{"source_lang": "en", "target_lang": "de"}]}`, lower-cased.
pub fn read_glossary_pairs(answer: &WireAnswer) -> Result<Vec<(String, String)>, Failure> {
    let json = super::read_json(answer)?;
    let list = json.get("supported_languages").and_then(Value::as_array);
    let list = list.ok_or_else(|| Failure::Unreadable("no supported_languages in the answer".into()))?;
    Ok(list
        .iter()
        .filter_map(|p| {
            Some((p["source_lang"].as_str()?.to_lowercase(), p["target_lang"].as_str()?.to_lowercase()))
        })
        .collect())
}

/// Whether DeepL makes glossaries from `from` into `to`: glossaries take base languages (`en` serves
/// EN-US and EN-GB).
pub fn glossary_serves(pairs: &[(String, String)], from: &LanguageTag, to: &LanguageTag) -> bool {
    pairs.iter().any(|(s, t)| s == from.primary() && t == to.primary())
}

/// Entries as DeepL's TSV, one `source<TAB>target` a line. DeepL refuses a whole glossary for one bad
/// entry, so an entry with a tab or line break in it, an empty side or a side over 1024 bytes is left out,
/// and a source given twice keeps its first target (glossary order).
pub fn glossary_entries<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut seen = std::collections::HashSet::new();
    let mut tsv = String::new();
    for (source, target) in pairs {
        let (source, target) = (source.trim(), target.trim());
        let fits = |t: &str| !t.is_empty() && t.len() <= 1024 && !t.contains(['\t', '\n', '\r']);
        if fits(source) && fits(target) && seen.insert(source) {
            tsv.push_str(&format!("{source}\t{target}\n"));
        }
    }
    tsv
}

/// `POST /v2/glossaries`: a glossary of `entries` (TSV) from `from` into `to`, named `name`.
pub fn create_glossary_request(
    url: &str,
    key: Option<&str>,
    name: &str,
    from: &LanguageTag,
    to: &LanguageTag,
    entries: &str,
) -> WireRequest {
    let body = json!({
        "name": name,
        "source_lang": from.primary(),
        "target_lang": to.primary(),
        "entries": entries,
        "entries_format": "tsv",
    });
    WireRequest { method: Method::Post, url: format!("{url}/glossaries"), headers: auth(key), body }
}

/// The new glossary's id from `{"glossary_id", "ready", "entry_count", ...}` (201).
pub fn read_created_glossary(answer: &WireAnswer) -> Result<String, Failure> {
    let json = super::read_json(answer)?;
    let id = json.get("glossary_id").and_then(Value::as_str);
    id.map(str::to_owned).ok_or_else(|| Failure::Unreadable("no glossary_id in the answer".into()))
}

/// `DELETE /v2/glossaries/{id}` (answered 204).
pub fn delete_glossary_request(url: &str, key: Option<&str>, id: &str) -> WireRequest {
    let url = format!("{url}/glossaries/{id}");
    WireRequest { method: Method::Delete, url, headers: auth(key), body: Value::Null }
}

fn auth(key: Option<&str>) -> Vec<(&'static str, String)> {
    key.map(|k| vec![("authorization", format!("DeepL-Auth-Key {k}"))]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glossary_entries_leave_out_what_deepl_refuses_and_keep_the_first_target() {
        let tsv = glossary_entries([
            ("روسيا", "Russia"),
            (" كازاخستان ", "Kazakhstan"),
            ("روسيا", "the Russian Federation"),
            ("سطر\nثان", "two lines"),
            ("فارغ", ""),
            ("تبويب", "a\ttab"),
        ]);
        assert_eq!(tsv, "روسيا\tRussia\nكازاخستان\tKazakhstan\n");
    }
}
