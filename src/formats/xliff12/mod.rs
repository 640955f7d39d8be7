//! XLIFF 1.2 (OASIS, strict schema): one `<file>`, a `<group>` per paragraph, a `<trans-unit>` per sentence.
//!
//! What tarjuman adds stays inside the strict schema (which refuses foreign attributes it cannot validate):
//! the article id and title are header notes `from="tarjuman:article-id"` / `from="tarjuman:title"`, a
//! unit's revision is its `extradata="tarjuman:revision=N"`, glossary hints are notes
//! `from="tarjuman:glossary"` reading `source → target` (and ` — note` when the entry has one).

mod read;
mod write;

pub use read::read_xliff12;
pub use write::write_xliff12;

/// The XLIFF 1.2 namespace.
pub(crate) const NS: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// `from` of the header note holding the article id.
const FROM_ARTICLE: &str = "tarjuman:article-id";
/// `from` of the header note holding the title.
const FROM_TITLE: &str = "tarjuman:title";
/// `from` of a note holding a glossary hint.
const FROM_GLOSSARY: &str = "tarjuman:glossary";
/// Prefix of `extradata` holding the revision.
const REVISION_PREFIX: &str = "tarjuman:revision=";
/// Between a hint's source and target.
const ARROW: &str = " → ";
/// Between a hint's target and its note.
const DASH: &str = " — ";
