//! The one error type of the format readers: what is wrong, in which format, and where.

use std::fmt;

pub use crate::text::position::Position;

use crate::lang::InvalidLanguageTag;

/// Why a file was refused, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{format}{}: {problem}", position.map(|p| format!(" {p}")).unwrap_or_default())]
pub struct FormatError {
    /// The format being read.
    pub format: Format,
    /// Where in the file (for DOCX: in `word/document.xml`), when the problem has a place.
    pub position: Option<Position>,
    /// What is wrong. Boxed so that `Result`s stay small on the happy path.
    pub problem: Box<Problem>,
}

impl FormatError {
    pub(crate) fn new(format: Format, position: Option<Position>, problem: Problem) -> Self {
        Self { format, position, problem: Box::new(problem) }
    }

    /// An error at a byte offset into `text`.
    pub(crate) fn at(format: Format, text: &str, offset: usize, problem: Problem) -> Self {
        Self::new(format, Some(Position::of_offset(text, offset)), problem)
    }
}

/// A file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// XLIFF 1.2.
    Xliff12,
    /// XLIFF 2.0 or 2.1.
    Xliff2,
    /// TMX 1.4b.
    Tmx,
    /// Bilingual CSV.
    Csv,
    /// Word (Office Open XML).
    Docx,
    /// HTML.
    Html,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Xliff12 => "XLIFF 1.2",
            Self::Xliff2 => "XLIFF 2",
            Self::Tmx => "TMX",
            Self::Csv => "CSV",
            Self::Docx => "DOCX",
            Self::Html => "HTML",
        })
    }
}

/// What is wrong with a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The bytes are not UTF-8.
    #[error("the file is not valid UTF-8 (save it as UTF-8)")]
    NotUtf8,
    /// The XML layer refused the file: malformed, entities, characters, nesting or size.
    #[error(transparent)]
    Xml(#[from] crate::xml::Problem),
    /// The root element is not the format's.
    #[error("<{found}> is not the root of this format (expected <{expected}>)")]
    WrongRoot {
        /// The root found.
        found: String,
        /// The root expected.
        expected: &'static str,
    },
    /// An element lacks a required child.
    #[error("<{parent}> without <{child}>")]
    Missing {
        /// The element.
        parent: String,
        /// The child it needs.
        child: &'static str,
    },
    /// A required attribute is missing or empty.
    #[error("<{element}> without a {attribute} attribute")]
    MissingAttribute {
        /// The element.
        element: String,
        /// The attribute.
        attribute: &'static str,
    },
    /// An attribute value outside its allowed set.
    #[error("<{element}> {attribute}={value:?} is not allowed (expected {expected})")]
    BadAttribute {
        /// The element.
        element: String,
        /// The attribute.
        attribute: String,
        /// What was given.
        value: String,
        /// What is allowed.
        expected: &'static str,
    },
    /// An element where the format does not allow it.
    #[error("<{element}> is not allowed in <{parent}>")]
    NotAllowed {
        /// The child.
        element: String,
        /// The element.
        parent: String,
    },
    /// An id given twice where ids must be unique.
    #[error("<{element}> id {id:?} is used twice")]
    DuplicateId {
        /// The element.
        element: String,
        /// The id.
        id: String,
    },
    /// A processing rule of the format's specification is broken.
    #[error("{0}")]
    Rule(String),
    /// A bad language tag.
    #[error(transparent)]
    Language(#[from] InvalidLanguageTag),
    /// The CSV layer refused the input.
    #[error("{0}")]
    Csv(String),
    /// The CSV header is not `id,source,target,status`.
    #[error("the header must be id,source,target,status (found {0:?})")]
    CsvHeader(String),
    /// The archive is not a readable ZIP.
    #[error("not a readable ZIP archive: {0}")]
    Zip(String),
    /// A part the package needs is missing.
    #[error("the package has no {0}")]
    MissingPart(&'static str),
    /// An archive with more entries than the reader accepts.
    #[error("the archive has {found} entries (the limit is {limit})")]
    TooManyEntries {
        /// How many entries the archive declares.
        found: usize,
        /// The limit.
        limit: usize,
    },
    /// An archive entry that inflates far more than documents do: a likely zip bomb.
    #[error("{entry} inflates {ratio}:1 (the limit is {limit}:1): refused as a likely zip bomb")]
    CompressionRatio {
        /// The entry's name.
        entry: String,
        /// Its declared uncompressed size over its compressed size.
        ratio: u64,
        /// The limit.
        limit: u64,
    },
    /// Text holding a character that stands for an inline code in tarjuman (Supplementary Private Use
    /// Area-A), which no document's text may hold.
    #[error(
        "character U+{0:05X} is reserved for inline codes and cannot be in a document's text; remove it"
    )]
    CodeCharacter(u32),
    /// An HTML page that declares an encoding other than UTF-8.
    #[error("the page declares charset {0:?}; only UTF-8 is read (save the page as UTF-8)")]
    Charset(String),
    /// Something is larger than the reader accepts (zip bombs, huge files).
    #[error("{what} is larger than the limit of {limit} bytes")]
    TooLarge {
        /// What is too large.
        what: String,
        /// The limit.
        limit: u64,
    },
}
