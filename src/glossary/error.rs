//! The one error type of the glossary file readers: what is wrong, in which format, and where.

use std::fmt;

use crate::glossary::model::UnknownValue;
use crate::lang::InvalidLanguageTag;
pub use crate::text::position::Position;

/// Why a glossary file was refused, and where; with the other rows that failed too, when the reader could
/// go on past the first (CSV rows), so that one round of fixes is enough.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryFileError {
    /// The format being read.
    pub format: FileFormat,
    /// Where in the file.
    pub position: Position,
    /// What is wrong. Boxed so that `Result`s stay small on the happy path.
    pub problem: Box<Problem>,
    /// Later problems in the same file, in file order.
    pub further: Vec<GlossaryFileError>,
}

impl GlossaryFileError {
    pub(crate) fn new(format: FileFormat, position: Position, problem: Problem) -> Self {
        Self { format, position, problem: Box::new(problem), further: Vec::new() }
    }

    /// The first of `errors` carrying the rest, or `None` when there are none.
    pub(crate) fn all(mut errors: Vec<Self>) -> Option<Self> {
        if errors.is_empty() {
            return None;
        }
        let mut first = errors.remove(0);
        first.further = errors;
        Some(first)
    }
}

impl fmt::Display for GlossaryFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.format, self.position, self.problem)?;
        for more in &self.further {
            write!(f, "; {}: {}", more.position, more.problem)?;
        }
        Ok(())
    }
}

impl std::error::Error for GlossaryFileError {}

/// A glossary file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// TermBase eXchange (ISO 30042), 2019 or v2.
    Tbx,
}

impl fmt::Display for FileFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Csv => "CSV",
            Self::Tbx => "TBX",
        })
    }
}

/// Which side of the language pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The source language.
    Source,
    /// The target language.
    Target,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Source => "source",
            Self::Target => "target",
        })
    }
}

/// What is wrong with a glossary file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The bytes are not UTF-8.
    #[error("the file is not valid UTF-8 (save it as UTF-8)")]
    NotUtf8,
    /// The XML layer refused the file: malformed, entities, characters, nesting or size.
    #[error(transparent)]
    Xml(#[from] crate::xml::Problem),
    /// The CSV layer refused the input.
    #[error("{0}")]
    Csv(String),
    /// An element TBX does not define, outside any other namespace.
    #[error("<{0}> is not a TBX element")]
    NotTbxElement(String),
    /// The root element is not a termbase.
    #[error("<{0}> is not a termbase (expected <tbx> or <martif>)")]
    NotTbx(String),
    /// An element lacks a required child.
    #[error("<{parent}> without <{child}>")]
    Missing {
        /// The element.
        parent: String,
        /// The child it needs.
        child: &'static str,
    },
    /// A required child comes after something that must follow it.
    #[error("<{found}> before <{expected}> in <{parent}> (<{expected}> comes first)")]
    OutOfOrder {
        /// The element.
        parent: String,
        /// The child that must come first.
        expected: &'static str,
        /// The child found in its place.
        found: String,
    },
    /// A child the element may not contain at all.
    #[error("<{element}> is not allowed in <{parent}>")]
    NotAllowed {
        /// The child.
        element: String,
        /// The element.
        parent: String,
    },
    /// A child after siblings that must follow it.
    #[error("<{element}> is out of order in <{parent}>")]
    Misplaced {
        /// The child.
        element: String,
        /// The element.
        parent: String,
    },
    /// A child that may appear only a limited number of times.
    #[error("more than one <{element}> in <{parent}>")]
    TooMany {
        /// The child.
        element: String,
        /// The element.
        parent: String,
    },
    /// Text where only elements may be.
    #[error("text directly inside <{0}> (only elements belong here; header text goes in <p>)")]
    StrayText(String),
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
        attribute: &'static str,
        /// What was given.
        value: String,
        /// What is allowed.
        expected: &'static str,
    },
    /// An `id` given twice.
    #[error("id {0:?} is used twice")]
    DuplicateId(String),
    /// An element the file's dialect does not allow.
    #[error("{dialect} does not allow {what}")]
    Dialect {
        /// The dialect, e.g. `TBX-Basic`.
        dialect: &'static str,
        /// What it does not allow.
        what: String,
    },
    /// A term without text.
    #[error("empty <term>")]
    EmptyTerm,
    /// A value that is not one of a field's words.
    #[error(transparent)]
    Value(#[from] UnknownValue),
    /// A bad language tag.
    #[error(transparent)]
    Language(#[from] InvalidLanguageTag),
    /// The CSV header lacks a required column.
    #[error("missing column {0:?} (the header needs source and target)")]
    MissingColumn(&'static str),
    /// The CSV header has a column this reader does not know.
    #[error("unknown column {0:?} (expected source, target, pos, match, status, note, domain, concept)")]
    UnknownColumn(String),
    /// The CSV header names a column twice.
    #[error("column {0:?} appears twice")]
    DuplicateColumn(String),
    /// A CSV row has more cells than the header.
    #[error("{cells} cells but the header has {columns}")]
    ExtraCells {
        /// Cells in the row.
        cells: usize,
        /// Columns in the header.
        columns: usize,
    },
    /// Two rows of one concept disagree on a concept-wide field.
    #[error("concept {concept:?}: {field} {value:?} conflicts with {first:?} from line {first_line}")]
    Conflict {
        /// The concept id.
        concept: String,
        /// The field, e.g. `pos`.
        field: &'static str,
        /// The value on this row.
        value: String,
        /// The value given first.
        first: String,
        /// Where it was given.
        first_line: u64,
    },
    /// An entry ends up with no term on one side.
    #[error("entry {} has no {side} term", concept.as_deref().unwrap_or("(no concept id)"))]
    Incomplete {
        /// The concept id, if any.
        concept: Option<String>,
        /// The empty side.
        side: Side,
    },
}
