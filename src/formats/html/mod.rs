//! HTML: the text of a web article in (paragraphs from block elements), the finished translation out.
//!
//! Real HTML is not XML: the reader is a small, tolerant tokenizer (unclosed `<p>`, unquoted attributes,
//! upper-case tags, stray `<`), not a validating parser. It reads UTF-8 only and refuses a page whose
//! `<meta charset>` names another encoding, rather than guess; like the XML reader, it refuses a DOCTYPE
//! with an internal subset, characters XML cannot carry, and nesting past a limit.

mod entities;
mod open;
mod read;
mod write;

pub use read::{read_html_text, read_html_title};
pub use write::write_html_target;

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

/// Elements whose content is not article text: dropped up to their end tag, unread.
const DROPPED: &[&str] = &["script", "style", "noscript", "template", "title", "textarea", "svg", "iframe"];
