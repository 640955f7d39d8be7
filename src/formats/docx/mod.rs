//! DOCX (Office Open XML WordprocessingML): a bilingual review table and the finished target article out,
//! the text of an article in.
//!
//! The writers build the smallest package Word and LibreOffice open without complaint: `[Content_Types].xml`,
//! `_rels/.rels`, `docProps/core.xml` (the title), `word/document.xml`, `word/styles.xml` and the document's
//! relationships. [`read_docx_text`] only ever inflates `word/document.xml`, within [`DocxLimits`].
//!
//! A Word file imported as a document article ([`read_docx_document`]) is translated in place: its
//! paragraphs become text with inline codes ([`filter`]) and [`write_docx_document`] gives the same file
//! back with the translations in ([`rebuild`]).

mod archive;
mod document;
mod filter;
mod package;
mod read;
mod rebuild;
mod runs;
mod write;

pub use document::{read_docx_document, write_docx_document};
pub use read::{read_docx_text, DocxLimits};
pub use write::{write_docx_review, write_docx_target};

/// The WordprocessingML main namespace.
pub(crate) const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The part holding the document body.
pub(crate) const DOCUMENT_PART: &str = "word/document.xml";

#[cfg(test)]
mod tests;
