//! TBX over the shared XML reader ([`crate::xml`]): the tree types, and problems placed at byte offsets.

use crate::glossary::error::Problem;
pub(super) use crate::xml::{Element, Node};

/// The TBX 2019 namespace (ISO 30042:2019).
pub(super) const TBX_NS: &str = "urn:iso:std:iso:30042:ed-2";

/// A problem at a byte offset.
#[derive(Debug)]
pub(super) struct At(pub usize, pub Problem);

/// Parses a whole document into its root element.
pub(super) fn parse(text: &str) -> Result<Element, At> {
    crate::xml::parse(text).map_err(|e| At(e.offset, e.problem.into()))
}

/// Whether the element sits in a namespace other than TBX's: a DCT-style data category or extension.
pub(super) fn foreign(element: &Element) -> bool {
    element.is_foreign_to(TBX_NS)
}
