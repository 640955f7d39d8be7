//! The XML shared by the XML formats: a small element tree for reading, with the entity policy, and a small
//! escaping writer.

mod tree;
mod write;

pub(crate) use tree::{parse, At, Element, Node};
pub(crate) use write::XmlWriter;

/// The `xml:` namespace.
pub(crate) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
