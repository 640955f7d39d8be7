//! XLIFF 1.2 (OASIS, strict schema): one `<file>`, a `<group>` per paragraph, a `<trans-unit>` per sentence.
//!
//! What tarjuman adds stays inside the strict schema (which refuses foreign attributes it cannot validate):
//! the article id and title are header notes `from="tarjuman:article-id"` / `from="tarjuman:title"`, a
//! unit's revision is its `extradata="tarjuman:revision=N"`, glossary hints are notes
//! `from="tarjuman:glossary"` reading `source → target` (and ` — note` when the entry has one). The matches a
//! segment's imported file offered are its `<alt-trans origin match-quality>`, read back as such.

mod fill;
mod inline;
mod read;
mod write;

pub use crate::formats::given_back::{FillError, Filled};
pub use fill::fill_xliff12;
pub use read::{read_xliff12, read_xliff12_document};
pub use write::write_xliff12;

use crate::xml::Element;

/// The XLIFF 1.2 namespace.
pub(crate) const NS: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// The XLIFF 1.1 namespace (XLIFF 1.0 has none).
const NS_11: &str = "urn:oasis:names:tc:xliff:document:1.1";

/// Whether `e` is the XLIFF 1.x element `name`: in the 1.2 or 1.1 namespace, or in none (1.0), whatever
/// prefix the file gives it.
fn is(e: &Element, name: &str) -> bool {
    e.name == name && matches!(e.namespace.as_deref(), None | Some(NS | NS_11))
}

/// Trados Studio's namespace: a segment's status and lock are its `<sdl:seg>`'s, not the XLIFF target's.
const NS_SDL: &str = "http://sdl.com/FileTypes/SdlXliff/1.0";

/// memoQ's namespace: a unit's status is its `mq:status`, and `mq:locked` locks it.
const NS_MEMOQ: &str = "MQXliff";

/// memoQ's status of a `<trans-unit>` (`ManuallyConfirmed`, `Reviewer1Confirmed`, ...), if memoQ wrote it.
fn memoq_status(unit: &Element) -> Option<&str> {
    unit.attribute_ns(Some(NS_MEMOQ), "status")
}

/// The `<sdl:seg>` of segment `mid` of a Trados Studio `<trans-unit>`.
fn trados_segment<'e>(unit: &'e Element, mid: &str) -> Option<&'e Element> {
    let in_sdl = |e: &&Element| e.namespace.as_deref() == Some(NS_SDL);
    let defs = unit.elements().filter(in_sdl).find(|e| e.name == "seg-defs")?;
    defs.elements().filter(in_sdl).find(|e| e.name == "seg" && e.attribute("id") == Some(mid))
}

/// The first XLIFF child element `name`.
fn child<'e>(e: &'e Element, name: &str) -> Option<&'e Element> {
    e.elements().find(|c| is(c, name))
}

/// The XLIFF child elements `name`.
fn children<'e>(e: &'e Element, name: &'e str) -> impl Iterator<Item = &'e Element> {
    e.elements().filter(move |c| is(c, name))
}
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
/// The `state` of the target of a unit not translated yet, which holds a copy of its source.
const COPIED_SOURCE: &str = "needs-translation";
