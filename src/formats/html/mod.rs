//! HTML: a web page in as paragraphs with inline codes, the same page out with the paragraphs translated
//! ([`rebuild_html`]); and the finished translation of a pasted article as a new page ([`write_html_target`]).
//!
//! Real HTML is not XML: the reader is a small, tolerant tokenizer (unclosed `<p>`, unquoted attributes,
//! upper-case tags, stray `<` and end tags), not a validating parser; it never fails on messy markup, only
//! on what it refuses. It reads UTF-8 only and refuses a page whose
//! `<meta charset>` names another encoding, rather than guess; like the XML reader, it refuses a DOCTYPE
//! with an internal subset, characters XML cannot carry, and nesting past a limit.

mod entities;
mod open;
mod read;
mod rebuild;
mod tokens;
mod write;

pub use read::{read_html_document, read_html_text, read_html_title};
pub use rebuild::rebuild_html;
pub use write::write_html_target;

/// Attributes whose text is read by people, translated as paragraphs of their own, as the HTML standard
/// and Okapi's HTML filter have them: a tooltip (`title`) and an accessible name (`aria-label`) on any
/// element of the body, and these of some elements.
fn translatable(element: &str, attribute: &str) -> bool {
    const OF_ELEMENTS: &[(&str, &str)] = &[
        ("img", "alt"),
        ("area", "alt"),
        ("input", "alt"),
        ("input", "placeholder"),
        ("table", "summary"),
        ("option", "label"),
        ("optgroup", "label"),
        ("track", "label"),
    ];
    // What a page's head holds names things for machines (a feed's `<link title>`), not for readers.
    const OUTSIDE_THE_TEXT: &[&str] = &["html", "head", "base", "link", "meta"];
    match attribute {
        "title" | "aria-label" => !OUTSIDE_THE_TEXT.contains(&element),
        _ => OF_ELEMENTS.contains(&(element, attribute)),
    }
}

/// Elements whose start and end delimit a paragraph.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// Elements whose content is not article text: skeleton up to their end tag, unread.
const DROPPED: &[&str] = &["script", "style", "noscript", "template", "title", "textarea", "svg", "iframe"];

#[cfg(test)]
mod tests;
