//! The HTML writer: the finished translation as a complete HTML5 document.

use crate::formats::model::{BilingualDocument, Unit};
use crate::lang::LanguageTag;

/// The finished article as HTML5: `<html lang dir>` of the target language, the title (escaped) in `<title>`,
/// one `<p>` per paragraph of translated sentences joined by a space. As in the DOCX export, a sentence
/// without a translation is shown, not dropped: `<mark class="untranslated" data-segment="s12">[untranslated segment 3: source]</mark>` (numbered as the
/// editor numbers it),
/// the source in its own language and direction; an empty translation (`Some("")`) is a deliberate omission.
/// Line breaks inside a translation become `<br>`.
pub fn write_html_target(doc: &BilingualDocument) -> Vec<u8> {
    let lang = &doc.target_lang;
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n\
         </head>\n<body>\n",
        lang,
        direction(lang),
        escape(&doc.title.replace(['\r', '\n'], " "))
    );
    let mut numbered = (1..).zip(doc.units());
    for paragraph in &doc.paragraphs {
        let units: Vec<(usize, &Unit)> = numbered
            .by_ref()
            .take(paragraph.units.len())
            .filter(|(_, u)| u.target.as_deref() != Some(""))
            .collect();
        if units.is_empty() {
            continue;
        }
        let sentences: Vec<String> =
            units.iter().map(|&(number, unit)| sentence(doc, number, unit)).collect();
        html.push_str("<p>");
        html.push_str(&sentences.join(" "));
        html.push_str("</p>\n");
    }
    html.push_str("</body>\n</html>\n");
    html.into_bytes()
}

fn sentence(doc: &BilingualDocument, number: usize, unit: &Unit) -> String {
    match &unit.target {
        Some(target) => escape(target),
        None => format!(
            "<mark class=\"untranslated\" data-segment=\"{id}\">[untranslated segment {number}: <span lang=\"{lang}\" \
             dir=\"{dir}\">{source}</span>]</mark>",
            id = escape(&unit.id),
            lang = doc.source_lang,
            dir = direction(&doc.source_lang),
            source = escape(&unit.source),
        ),
    }
}

fn direction(lang: &LanguageTag) -> &'static str {
    if lang.is_rtl() {
        "rtl"
    } else {
        "ltr"
    }
}

/// Text escaped for element content and quoted attribute values; line feeds become `<br>`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}
