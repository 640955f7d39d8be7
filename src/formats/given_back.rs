//! What giving another tool's file back takes, whatever its format (XLIFF 1.x, XLIFF 2): the translations
//! to write, why it cannot be done, and edits of the file's own text that leave every other byte as it was.

use std::ops::Range;

use crate::formats::codes::whole_pairs;
use crate::formats::error::FormatError;
use crate::formats::model::{Unit, UnitState};
use crate::inline::{self, Marker};
use crate::xml::Element;

/// A unit's translation to write back.
#[derive(Debug, Clone)]
pub struct Filled {
    /// The target, its codes as markers.
    pub target: String,
    /// Its state.
    pub state: UnitState,
}

/// Why a file cannot be given back.
#[derive(Debug, thiserror::Error)]
pub enum FillError {
    /// The file no longer reads.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// The article's segments are not the file's units any more.
    #[error(
        "the article has {segments} segments but its file has {units} units to translate (segments were split \
         or merged since the import): export tarjuman's XLIFF instead"
    )]
    Mismatch {
        /// The article's segments.
        segments: usize,
        /// The file's units.
        units: usize,
    },
    /// Translations whose codes cannot be written into the file: which segments, and why.
    #[error("the file cannot be written: {0}; fix the codes of these translations first")]
    BrokenCodes(String),
}

/// Why a translation cannot be written with its codes as the file's elements, whatever the format: a code
/// its source lacks (or one twice) has nothing to be written as, and a half of a pair without its other half
/// after it would break the file: an element around text (`<g>`, `<pc>`, `<mrk>`) would be left open or
/// closed without an opening, and a pair the source holds whole (`<bx>`/`<ex>`, `<sc>`/`<ec>`) would point at
/// a half that is not there. A pair left out whole only loses its formatting, and is written.
pub(crate) fn unwritable(unit: &Unit, target: &str) -> Option<String> {
    if let Err(e) = inline::check_target(&unit.source, target) {
        return Some(e.to_string());
    }
    let (whole, in_source) = (whole_pairs(target), whole_pairs(&unit.source));
    inline::markers(target).find_map(|marker| {
        let id = marker.id();
        let around = inline::code(&unit.codes, id)
            .and_then(|code| code.close.as_deref())
            .is_some_and(|close| close.starts_with("</"));
        let half = matches!(marker, Marker::Open(_) | Marker::Close(_)) && !whole.contains(&id);
        ((around || in_source.contains(&id)) && half).then(|| {
            let tag = marker.to_char().map(|c| inline::tagged(&c.to_string())).unwrap_or_default();
            format!("the code {tag} needs its other half in the translation, after its opening")
        })
    })
}

/// A change of the file's text: what replaces a range.
pub(crate) type Edit = (Range<usize>, String);

/// `text` with `edits` made (ranges of the original text, none overlapping).
pub(crate) fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = text.to_owned();
    for (range, replacement) in edits {
        out.replace_range(range, &replacement);
    }
    out
}

/// The start tag of an element as the file writes it.
pub(crate) fn start_tag<'t>(text: &'t str, e: &Element) -> &'t str {
    let mut quote = None;
    for (at, c) in text[e.offset..e.end].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return &text[e.offset..=e.offset + at],
            _ => {}
        }
    }
    &text[e.offset..e.end]
}

/// The end tag of an element as the file writes it (empty for `<x/>`).
pub(crate) fn end_tag<'t>(text: &'t str, e: &Element) -> &'t str {
    let whole = &text[e.offset..e.end];
    if whole.ends_with("/>") && start_tag(text, e).len() == whole.len() {
        return "";
    }
    whole.rfind("</").map_or("", |at| &whole[at..])
}

/// Where an element's content starts and ends.
pub(crate) fn content_range(text: &str, e: &Element) -> Range<usize> {
    e.offset + start_tag(text, e).len()..e.end - end_tag(text, e).len()
}

/// The edit that gives element `e` the content `content` (an empty element, `<mrk …/>`, is opened and closed).
pub(crate) fn fill_element(text: &str, e: &Element, content: String) -> Edit {
    if !end_tag(text, e).is_empty() {
        return (content_range(text, e), content);
    }
    let tag = start_tag(text, e);
    let open = tag.trim_end_matches('>').trim_end_matches('/').trim_end();
    let name = &open[1..open.find(char::is_whitespace).unwrap_or(open.len())];
    (e.offset..e.end, format!("{open}>{content}</{name}>"))
}

/// The namespace prefix of a start tag's name, with its colon (`xlf:`), or nothing.
pub(crate) fn prefix(tag: &str) -> &str {
    let name = tag.trim_start_matches('<');
    let name = &name[..name.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(name.len())];
    name.rfind(':').map_or("", |at| &name[..=at])
}

/// A start tag with its attribute `name` (unprefixed) set to `value` (an XML name token: nothing to escape),
/// in its place and quotes when the tag has it, else added at the end.
pub(crate) fn with_attribute(tag: &str, name: &str, value: &str) -> String {
    let key = format!("{name}=");
    let found = tag.match_indices(&key).find(|(at, _)| tag[..*at].ends_with(char::is_whitespace));
    if let Some((at, _)) = found {
        let start = at + key.len();
        if let Some(quote) = tag[start..].chars().next() {
            if let Some(len) = tag[start + 1..].find(quote) {
                return format!("{}{quote}{value}{quote}{}", &tag[..start], &tag[start + 1 + len + 1..]);
            }
        }
    }
    let end = if tag.ends_with("/>") { tag.len() - 2 } else { tag.len() - 1 };
    format!("{} {name}=\"{value}\"{}", &tag[..end], &tag[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_tag_gets_its_attribute_whatever_else_it_says() {
        assert_eq!(with_attribute("<target>", "state", "translated"), "<target state=\"translated\">");
        assert_eq!(
            with_attribute("<xlf:target state-qualifier='x' state='new' xml:lang=\"en\">", "state", "final"),
            "<xlf:target state-qualifier='x' state='final' xml:lang=\"en\">"
        );
        assert_eq!(
            with_attribute("<segment id=\"1\"/>", "state", "final"),
            "<segment id=\"1\" state=\"final\"/>"
        );
        assert_eq!(
            with_attribute("<segment subState=\"x\" id=\"1\">", "state", "final"),
            "<segment subState=\"x\" id=\"1\" state=\"final\">"
        );
        assert_eq!(prefix("<xlf:trans-unit id=\"1\">"), "xlf:");
        assert_eq!(prefix("<trans-unit id=\"1\">"), "");
    }
}
