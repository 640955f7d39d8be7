//! The one XML reader of tarjuman, with its one security policy, and a small escaping writer.
//!
//! Every XML file that comes from outside (XLIFF 1.2 and 2, TMX, the parts of a DOCX, TBX glossaries, SRX
//! rules) is read by [`parse`], so the policy lives here and nowhere else:
//! - no DOCTYPE internal subset, no entities beyond the five XML ones and character references, nothing
//!   ever fetched (entity expansion is how billion-laughs and external-entity attacks start);
//! - only characters XML 1.0 allows ([`crate::text::chars::is_xml_char`]), so that what is read can be
//!   written back unchanged;
//! - the [`Limits`] below: nesting depth (the tree and the readers over it recurse, and a thread's stack is
//!   small), budgets for the elements and attributes held at once, and for the text of a whole document, so
//!   that a hostile file is refused before it costs much memory.
//!
//! Readers of files made of many units (TMX `<tu>`, XLIFF units, TBX entries, DOCX paragraphs) use
//! [`parse_units`]: each unit goes to the reader as it closes and is dropped, so a large legitimate file holds
//! one unit's tree at a time and may be as long as the upload limit allows, while a file that piles up
//! elements inside one unit, or outside any unit, is refused at [`Limits::unit_nodes`].

mod encoding;
mod problem;
mod tree;
mod write;

pub(crate) use encoding::{decode, Decoded};
pub use problem::{Problem, XmlError};
pub(crate) use tree::{parse, parse_units, Element, Node, UnitSink};
pub(crate) use write::{escape_into, Inline, XmlWriter};

/// The `xml:` namespace.
pub(crate) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// How much one document may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// Elements inside one another. 256 is libxml2's default (without `XML_PARSE_HUGE`); Word nests
    /// tables in tables and text boxes in drawings, and still stays far below it.
    pub depth: usize,
    /// Elements and text nodes held at once by a reader that keeps the whole tree ([`parse`]). A translation
    /// memory of 100,000 units would be about 1.2 million.
    pub nodes: usize,
    /// Attributes held at once by [`parse`].
    pub attributes: usize,
    /// Elements and text nodes held at once by [`parse_units`]: the unit being read, the elements open around
    /// it and what outside units was kept (headers, group elements). The largest unit in real files is a
    /// paragraph of some thousand runs (about three nodes each); 50,000 is ten times that and about 7 MB.
    pub unit_nodes: usize,
    /// Attributes held at once by [`parse_units`].
    pub unit_attributes: usize,
    /// Bytes of text and attribute values over the whole document, after entities are resolved.
    pub text_bytes: usize,
}

/// The limits every reader uses.
pub(crate) const LIMITS: Limits = Limits {
    depth: 256,
    nodes: 1_500_000,
    attributes: 3_000_000,
    unit_nodes: 50_000,
    unit_attributes: 100_000,
    text_bytes: 64 << 20,
};

#[cfg(test)]
mod tests;
