//! The one XML reader of tarjuman, with its one security policy, and a small escaping writer.
//!
//! Every XML file that comes from outside (XLIFF 1.2 and 2, TMX, the parts of a DOCX, TBX glossaries, SRX
//! rules) is read by [`parse`], so the policy lives here and nowhere else:
//! - no DOCTYPE internal subset, no entities beyond the five XML ones and character references, nothing
//!   ever fetched (entity expansion is how billion-laughs and external-entity attacks start);
//! - only characters XML 1.0 allows ([`crate::text::chars::is_xml_char`]), so that what is read can be
//!   written back unchanged;
//! - the [`Limits`] below: nesting depth (the tree and the readers over it recurse, and a thread's stack is
//!   small), and budgets per document for elements, attributes and text, so that a hostile file is refused
//!   before it costs much memory.

mod problem;
mod tree;
mod write;

pub use problem::{Problem, XmlError};
pub(crate) use tree::{parse, parse_units, Element, Node};
pub(crate) use write::XmlWriter;

/// The `xml:` namespace.
pub(crate) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// How much one document may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// Elements inside one another. 256 is libxml2's default (without `XML_PARSE_HUGE`); Word nests
    /// tables in tables and text boxes in drawings, and still stays far below it.
    pub depth: usize,
    /// Elements and text nodes. A translation memory of 100,000 units is about 1.2 million.
    pub nodes: usize,
    /// Attributes over the whole document.
    pub attributes: usize,
    /// Bytes of text and attribute values over the whole document, after entities are resolved.
    pub text_bytes: usize,
}

/// The limits every reader uses.
pub(crate) const LIMITS: Limits =
    Limits { depth: 256, nodes: 1_500_000, attributes: 3_000_000, text_bytes: 64 << 20 };

#[cfg(test)]
mod tests;
