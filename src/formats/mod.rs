//! The bilingual interchange formats: XLIFF 1.2 and 2.x, TMX, CSV, DOCX, HTML and plain text.
//!
//! Pure: every writer turns a [`BilingualDocument`] into bytes and every reader turns bytes into a document
//! (or, for TMX, translation units) or a [`FormatError`] saying what is wrong and where. No I/O.
//!
//! The target-only exports (`write_txt_target`, [`html::write_html_target`], [`docx::write_docx_target`]) give
//! the finished article of pasted text. An HTML page or a Word file becomes a document article
//! ([`html::read_html_document`], [`docx::read_docx_document`]: paragraphs with their inline codes) whose
//! `html` or `docx-target` export is that file translated ([`html::rebuild_html`], [`docx::write_docx_document`]).
//!
//! Every bilingual format has the same shape, `write_*(&BilingualDocument) -> Vec<u8>` and
//! `read_*(&[u8]) -> Result<BilingualDocument, FormatError>`, and passes the same contract tests.

mod codes;
pub mod csv;
pub mod docx;
pub mod error;
mod given_back;
pub mod html;
pub mod model;
pub mod pseudo;
pub mod sheet;
pub mod tmx;
pub mod xliff12;
pub mod xliff2;

pub use error::{Format, FormatError, Position, Problem};
pub use model::{
    Alternative, BilingualDocument, DocumentFormat, DocumentParagraph, GlossaryHint, Paragraph, Unit,
    UnitState,
};

/// The tool name written into files.
pub const TOOL: &str = "tarjuman";
/// The tool version written into files.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The text of a file: UTF-8, a leading byte-order mark dropped.
pub(crate) fn utf8(bytes: &[u8], format: Format) -> Result<&str, FormatError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let text = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        FormatError::at(format, text, e.valid_up_to(), Problem::NotUtf8)
    })
}

/// The text of an XML file in whatever encoding it declares (a byte-order mark, else the declaration's
/// `encoding`, else UTF-8), with how to write it back in that encoding; UTF-8 that is not says where.
pub(crate) fn decode(bytes: &[u8], format: Format) -> Result<crate::xml::Decoded, FormatError> {
    crate::xml::decode(bytes).map_err(|e| match (&e.problem, utf8(bytes, format)) {
        (crate::xml::Problem::Encoding(name), Err(not_utf8)) if name.starts_with("UTF-8") => not_utf8,
        _ => FormatError::at(format, "", e.offset, e.problem.into()),
    })
}

/// Parses an XML file unit by unit ([`crate::xml::parse_units`]), so that a file of many units holds one
/// unit's tree at a time; `unit` reads each one. The root comes back without the units.
pub(crate) fn parse_xml_units(
    text: &str,
    format: Format,
    is_unit: &dyn Fn(&[crate::xml::Element], &crate::xml::Element) -> bool,
    unit: &mut crate::xml::UnitSink<'_, FormatError>,
) -> Result<crate::xml::Element, FormatError> {
    let mut sink = |open: &[crate::xml::Element], e| unit(open, e).map_err(Refusal::Format);
    crate::xml::parse_units(text, is_unit, &mut sink).map_err(|refusal| match refusal {
        Refusal::Xml(e) => FormatError::at(format, text, e.offset, e.problem.into()),
        Refusal::Format(e) => e,
    })
}

/// What stops a read unit by unit: the XML layer, or the format's own rules.
enum Refusal {
    Xml(crate::xml::XmlError),
    Format(FormatError),
}

impl From<crate::xml::XmlError> for Refusal {
    fn from(e: crate::xml::XmlError) -> Self {
        Self::Xml(e)
    }
}

/// The plain text of the finished translation: paragraphs of target sentences joined by a space, separated by
/// a blank line. A unit without a translation contributes nothing.
pub fn write_txt_target(doc: &BilingualDocument) -> Vec<u8> {
    let paragraphs: Vec<String> =
        doc.paragraphs.iter().map(target_paragraph).filter(|p| !p.is_empty()).collect();
    let mut text = paragraphs.join("\n\n");
    text.push('\n');
    text.into_bytes()
}

/// A paragraph's translated sentences, joined by a space.
pub(crate) fn target_paragraph(paragraph: &Paragraph) -> String {
    let targets = paragraph.units.iter().filter_map(|u| u.target.as_deref()).filter(|t| !t.is_empty());
    targets.collect::<Vec<_>>().join(" ")
}
