//! TermBase eXchange (ISO 30042): reads TBX 2019 (`<tbx>`, any dialect, DCA or DCT style) and TBX v2
//! (`<martif>`), writes TBX-Basic 2019.
//!
//! A 2019 file is checked against the core structure (the RELAX NG's element order and counts, required
//! attributes) and, when it declares TBX-Basic, the dialect's data categories and levels, before anything
//! is read from it; v2 files are read leniently. DOCTYPEs with an internal subset are refused and no entity
//! is ever resolved beyond the five XML ones, so nothing is fetched and nothing expands.

mod basic;
mod core;
mod read;
mod write;
mod xml;

pub use write::write_tbx;

use crate::glossary::error::{FileFormat, GlossaryFileError, Position, Problem, Side};
use crate::glossary::model::Glossary;
use crate::lang::LanguageTag;
use xml::Element;

/// A TBX file read for one language pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TbxImport {
    /// The entries with terms in both languages.
    pub glossary: Glossary,
    /// Entries with terms in one language of the pair only, left out. Entries with neither are left out
    /// silently: a termbase with more languages than the pair is normal.
    pub one_sided: Vec<OneSided>,
}

/// An entry left out because it has no term in one of the two languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneSided {
    /// The entry's id.
    pub id: Option<String>,
    /// Where the entry starts.
    pub position: Position,
    /// The side without terms.
    pub missing: Side,
}

/// Reads a TBX file for a language pair; languages match by primary subtag (`ar` in the file serves `ar-EG`).
pub fn read_tbx(
    input: &[u8],
    source_lang: LanguageTag,
    target_lang: LanguageTag,
) -> Result<TbxImport, GlossaryFileError> {
    let bom = if input.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let text = std::str::from_utf8(&input[bom..]).map_err(|e| {
        let valid = std::str::from_utf8(&input[bom..bom + e.valid_up_to()]).unwrap_or_default();
        let position = Position::of_offset(valid, valid.len());
        GlossaryFileError::new(FileFormat::Tbx, position, Problem::NotUtf8)
    })?;
    let located = |xml::At(offset, problem)| {
        GlossaryFileError::new(FileFormat::Tbx, Position::of_offset(text, offset), problem)
    };
    // Entries are checked and read as they close, so that a termbase of any size holds one entry's tree at a
    // time. The first problem of each kind is kept and the rest of the file still checked, so that the
    // problem reported is the one a check of the whole tree first would have found: the core structure's,
    // then the dialect's, then what reading the entries found.
    let (mut checked, mut core_error, mut basic_error, mut read_error) =
        (core::Checked::default(), None, None, None);
    let mut entries = read::Entries::default();
    let is_unit = |open: &[Element], e: &Element| match open {
        [root, text, body] => vocabulary(root).is_some_and(|(names, core)| {
            e.name == names.entry
                && !(core && xml::foreign(e))
                && text.name == "text"
                && root.elements().all(|c| c.name != "text")
                && body.name == "body"
                && text.elements().all(|c| c.name != "body")
        }),
        _ => false,
    };
    let mut read_entry = |open: &[Element], entry: Element| -> Result<(), xml::At> {
        let (names, core) = vocabulary(&open[0]).expect("entries are read in TBX roots only");
        if core && core_error.is_none() {
            core_error = core::check_entry(&entry, &mut checked).err();
        }
        if core && basic_error.is_none() && open[0].attribute("type") == Some("TBX-Basic") {
            basic_error = basic::check_entry(&entry, open[0].attribute("style") == Some("dca")).err();
        }
        if read_error.is_none() {
            read_error = read::entry(&entry, names, &source_lang, &target_lang, &mut entries).err();
        }
        Ok(())
    };
    let root = xml::parse_units(text, &is_unit, &mut read_entry).map_err(located)?;
    // What comes first in the file is reported first.
    let first =
        |a: Option<xml::At>, b: Option<xml::At>| a.into_iter().chain(b).min_by_key(|xml::At(at, _)| *at);
    match vocabulary(&root) {
        Some((_, true)) => {
            let core_error = first(core::check(&root, &mut checked).err(), core_error);
            core_error.map_or(Ok(()), |e| Err(located(e)))?;
            if root.attribute("type") == Some("TBX-Basic") {
                basic_error = first(basic::check(&root).err(), basic_error);
            }
            basic_error.map_or(Ok(()), |e| Err(located(e)))?;
        }
        Some((_, false)) => {}
        None => return Err(located(xml::At(root.offset, Problem::NotTbx(root.name.clone())))),
    }
    read_error.map_or(Ok(()), |e| Err(located(e)))?;
    let one_sided = entries
        .lopsided
        .into_iter()
        .map(|l| OneSided { id: l.id, position: Position::of_offset(text, l.offset), missing: l.missing })
        .collect();
    Ok(TbxImport { glossary: Glossary { source_lang, target_lang, concepts: entries.concepts }, one_sided })
}

/// The element names of a root's TBX version, and whether it is TBX 2019 (checked against the core
/// structure); `None` for a root that is not TBX.
fn vocabulary(root: &Element) -> Option<(&'static read::Vocabulary, bool)> {
    match root.name.as_str() {
        "tbx" if !xml::foreign(root) => Some((&read::TBX_2019, true)),
        "martif" => Some((&read::TBX_V2, false)),
        _ => None,
    }
}
