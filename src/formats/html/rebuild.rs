//! The translated page: the original page with each paragraph's text replaced by its translation, and
//! `lang`/`dir` of the target language on its root; every other byte as it was.

use std::ops::Range;

use super::read::{read_page, Place};
use super::tokens::{Token, Tokens};
use crate::formats::error::FormatError;
use crate::inline::{self, Code};
use crate::lang::LanguageTag;

/// `original` (an HTML page as [`super::read_html_document`] reads it) with its paragraphs translated:
/// `paragraphs[n]` are the `(source, translation)` pairs of paragraph `n`, in order (a paragraph without
/// any, or past the end, stays as it is). A paragraph whose text comes out as it was is copied byte for
/// byte, so an unchanged page keeps its entities and whitespace; a translated one is written with its
/// codes' markup as in the page (an `alt` or `title` inside them translated too) and its text escaped.
/// The translations' codes must be complete ([`inline::check_complete`]): a missing code writes nothing.
pub fn rebuild_html(
    original: &[u8],
    lang: &LanguageTag,
    paragraphs: &[Vec<(&str, &str)>],
) -> Result<Vec<u8>, FormatError> {
    let page = read_page(original)?;
    let html = super::read::page_text(original)?;
    let filled = page.parts.iter().enumerate().map(|(n, part)| {
        let units = paragraphs.get(n).map_or(&[][..], Vec::as_slice);
        Some(inline::fill_paragraph(&part.text, units)).filter(|text| *text != part.text)
    });
    let mut attributes = Vec::new();
    let mut contents = Vec::new();
    for (part, text) in page.parts.iter().zip(filled) {
        let Some(text) = text else { continue };
        match &part.place {
            Place::Attribute { value, quoted } => {
                let mut escaped = String::new();
                escape_attribute(&text, &mut escaped);
                let written = if *quoted { escaped } else { format!("\"{escaped}\"") };
                attributes.push((value.clone(), written));
            }
            Place::Content { span, tags } => contents.push((span.clone(), tags, part, text)),
        }
    }
    attributes.sort_by_key(|(range, _)| range.start);
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for (span, tags, part, text) in contents {
        let codes: Vec<Code> = part
            .codes
            .iter()
            .zip(tags)
            .map(|(code, (open, _))| Code { open: edited(html, open.clone(), &attributes), ..code.clone() })
            .collect();
        edits.push((span, inline::to_native(&text, &codes, escape_text)));
    }
    edits.sort_by_key(|(range, _)| range.start);
    let inside_edit = |range: &Range<usize>| {
        let at = edits.partition_point(|(edit, _)| edit.start <= range.start);
        at > 0 && edits[at - 1].0.end >= range.end
    };
    // The root's own attributes are written into its new start tag.
    let in_root = |range: &Range<usize>| {
        page.root.as_ref().is_some_and(|root| root.start <= range.start && range.end <= root.end)
    };
    let loose = attributes.iter().filter(|(range, _)| !inside_edit(range) && !in_root(range)).cloned();
    edits.extend(loose.collect::<Vec<_>>());
    if let Some(root) = page.root.clone() {
        let tag = with_language(&edited(html, root.clone(), &attributes), lang);
        edits.push((root, tag));
    }
    edits.sort_by_key(|(range, _)| range.start);
    Ok(edited(html, 0..html.len(), &edits).into_bytes())
}

/// `html[range]` with the edits inside it made (`edits` sorted, not overlapping).
fn edited(html: &str, range: Range<usize>, edits: &[(Range<usize>, String)]) -> String {
    let mut out = String::with_capacity(range.len() + range.len() / 4);
    let mut at = range.start;
    let first = edits.partition_point(|(edit, _)| edit.start < range.start);
    for (edit, text) in edits[first..].iter().take_while(|(edit, _)| edit.end <= range.end) {
        out.push_str(&html[at..edit.start]);
        out.push_str(text);
        at = edit.end;
    }
    out.push_str(&html[at..range.end]);
    out
}

/// A start tag with `lang` and `dir` of `lang`, in place of any it had, right after its name.
fn with_language(tag: &str, lang: &LanguageTag) -> String {
    let Some(Token::Start(parsed)) = Tokens::new(tag).next() else { return tag.to_owned() };
    let name_end = 1 + parsed.name.len();
    let dir = if lang.is_rtl() { "rtl" } else { "ltr" };
    let mut out = format!("{} lang=\"{lang}\" dir=\"{dir}\"", &tag[..name_end]);
    let mut at = name_end;
    for attribute in parsed.attributes.iter().filter(|a| a.name == "lang" || a.name == "dir") {
        let before = tag[at..attribute.range.start].trim_end_matches(|c: char| c.is_ascii_whitespace());
        out.push_str(before);
        at = attribute.range.end;
    }
    out.push_str(&tag[at..]);
    out
}

/// Text escaped for element content.
fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Text escaped for a quoted attribute value, whichever quote it is in.
fn escape_attribute(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => escape_text(c.encode_utf8(&mut [0; 4]), out),
        }
    }
}
