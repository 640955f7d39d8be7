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
    let root = xml::parse(text).map_err(located)?;
    let vocabulary = match root.name.as_str() {
        "tbx" if !xml::foreign(&root) => {
            core::check(&root).map_err(located)?;
            if root.attribute("type") == Some("TBX-Basic") {
                basic::check(&root).map_err(located)?;
            }
            &read::TBX_2019
        }
        "martif" => &read::TBX_V2,
        _ => return Err(located(xml::At(root.offset, Problem::NotTbx(root.name.clone())))),
    };
    let entries = read::entries(&root, vocabulary, &source_lang, &target_lang).map_err(located)?;
    let one_sided = entries
        .lopsided
        .into_iter()
        .map(|l| OneSided { id: l.id, position: Position::of_offset(text, l.offset), missing: l.missing })
        .collect();
    Ok(TbxImport { glossary: Glossary { source_lang, target_lang, concepts: entries.concepts }, one_sided })
}
