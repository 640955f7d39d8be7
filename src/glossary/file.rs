//! Reading and writing a glossary in either format through one pair of functions, for the callers (the
//! API, the command line, first start) that take whichever file they are given.

use super::error::{FileFormat, GlossaryFileError};
use super::model::Glossary;
use super::tbx::{OneSided, TbxImport};
use super::{csv, tbx};
use crate::lang::LanguageTag;

impl FileFormat {
    /// The format named by a file extension or a query word (`csv`, `tbx`, `xml`), any case.
    pub fn from_name(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(Self::Csv),
            "tbx" | "xml" => Some(Self::Tbx),
            _ => None,
        }
    }

    /// The format of a file from its first bytes: XML starts with `<` (after a byte-order mark and
    /// whitespace), anything else is read as CSV.
    pub fn sniff(bytes: &[u8]) -> Self {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'<') => Self::Tbx,
            _ => Self::Csv,
        }
    }
}

/// Reads a glossary file for a language pair; CSV never leaves entries out, so its `one_sided` is empty.
pub fn read(
    format: FileFormat,
    bytes: &[u8],
    source_lang: LanguageTag,
    target_lang: LanguageTag,
) -> Result<TbxImport, GlossaryFileError> {
    match format {
        FileFormat::Tbx => tbx::read_tbx(bytes, source_lang, target_lang),
        FileFormat::Csv => csv::read_csv(bytes, source_lang, target_lang)
            .map(|glossary| TbxImport { glossary, one_sided: Vec::<OneSided>::new() }),
    }
}

/// Writes a glossary in `format`.
pub fn write(format: FileFormat, glossary: &Glossary) -> Vec<u8> {
    match format {
        FileFormat::Tbx => tbx::write_tbx(glossary),
        FileFormat::Csv => csv::write_csv(glossary),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_xml_and_names_formats() {
        assert_eq!(FileFormat::sniff(b"\xEF\xBB\xBF  <?xml version=\"1.0\"?>"), FileFormat::Tbx);
        assert_eq!(FileFormat::sniff(b"source,target\n"), FileFormat::Csv);
        assert_eq!(FileFormat::from_name("TBX"), Some(FileFormat::Tbx));
        assert_eq!(FileFormat::from_name("docx"), None);
    }
}
