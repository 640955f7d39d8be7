//! XLIFF 2.0/2.1/2.2 (OASIS): a `<unit>` per paragraph, a `<segment>` per sentence, `<ignorable>` spaces between.
//!
//! What tarjuman adds uses the standard modules: the article id, title and each segment's revision are
//! Metadata module entries (`mda:metaGroup category="tarjuman"`), glossary hints are Glossary module entries.
//! Notes and glossary entries are unit-level in XLIFF 2; the attribute `tj:segment` (namespace [`TJ_NS`])
//! says which segment they belong to.

mod fill;
mod inline;
mod read;
mod rules;
mod write;

pub use fill::fill_xliff2;
pub use read::{read_xliff2, read_xliff2_document};
pub use write::write_xliff2;

/// The XLIFF 2 core namespace.
pub(crate) const NS: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// The Glossary module namespace.
pub(crate) const GLS_NS: &str = "urn:oasis:names:tc:xliff:glossary:2.0";
/// The Translation Candidates (matches) module namespace.
pub(crate) const MTC_NS: &str = "urn:oasis:names:tc:xliff:matches:2.0";
/// The Metadata module namespace.
pub(crate) const MDA_NS: &str = "urn:oasis:names:tc:xliff:metadata:2.0";
/// tarjuman's namespace for the segment a unit-level note or glossary entry belongs to.
pub const TJ_NS: &str = "urn:tarjuman:xliff:1";
/// The metadata category tarjuman writes.
const CATEGORY: &str = "tarjuman";
/// Metadata type of the article id.
const META_ARTICLE: &str = "article-id";
/// Metadata type of the title.
const META_TITLE: &str = "title";
/// Metadata type prefix of a segment's revision: `revision:s12`.
const META_REVISION: &str = "revision:";
