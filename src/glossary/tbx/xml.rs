//! TBX over the shared XML reader ([`crate::xml`]): the tree types, and problems placed at byte offsets.

use crate::glossary::error::Problem;
pub(super) use crate::xml::{Element, Node};

/// The TBX 2019 namespace (ISO 30042:2019).
pub(super) const TBX_NS: &str = "urn:iso:std:iso:30042:ed-2";

/// A problem at a byte offset.
#[derive(Debug)]
pub(super) struct At(pub usize, pub Problem);

/// Parses a document, handing each element `is_unit` picks to `unit` as it closes
/// ([`crate::xml::parse_units`]); the root comes back without them.
pub(super) fn parse_units(
    text: &str,
    is_unit: &dyn Fn(&[Element], &Element) -> bool,
    unit: &mut crate::xml::UnitSink<'_, At>,
) -> Result<Element, At> {
    crate::xml::parse_units(text, is_unit, unit)
}

impl From<crate::xml::XmlError> for At {
    fn from(e: crate::xml::XmlError) -> Self {
        At(e.offset, e.problem.into())
    }
}

/// Whether the element sits in a namespace other than TBX's: a DCT-style data category or extension.
pub(super) fn foreign(element: &Element) -> bool {
    element.is_foreign_to(TBX_NS)
}
