//! What the XML reader refuses, shared by every file reader's own error type.

/// Why the XML layer refused a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The XML declaration names another encoding.
    #[error("encoding {0:?} is not supported (save the file as UTF-8)")]
    Encoding(String),
    /// The XML is not well-formed.
    #[error("malformed XML: {0}")]
    Malformed(String),
    /// A DOCTYPE declares entities or other markup: refused because entities can expand without bound.
    #[error("DOCTYPE with an internal subset is refused (entity declarations can expand without bound)")]
    InternalSubset,
    /// A reference to an entity other than the five XML ones.
    #[error("unknown entity &{0}; (only &lt; &gt; &amp; &apos; &quot; and character references are read)")]
    UnknownEntity(String),
    /// A character XML 1.0 cannot carry: it could not be written back, so the text would change.
    #[error("character U+{:04X} is not allowed in XML (control characters other than tab and line breaks, U+FFFE, U+FFFF)", u32::from(*.0))]
    IllegalChar(char),
    /// Elements nested deeper than the limit.
    #[error("nesting too deep (line {line}; the limit is {limit} levels)")]
    TooDeep {
        /// The line of the element past the limit.
        line: u64,
        /// The limit.
        limit: usize,
    },
    /// More elements or attributes held at once than the reader allows: a unit and what is around it when
    /// the file is read unit by unit, the whole document otherwise.
    #[error("over the budget of {limit} {what} held at once: files are read one unit at a time, and no unit needs that many")]
    OverHeld {
        /// What there is too much of.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// More of something than one document may hold.
    #[error("too many {what} (the limit is {limit} per file)")]
    OverBudget {
        /// What there is too much of.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
}

/// A problem at a byte offset of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    /// Byte offset into the text.
    pub offset: usize,
    /// What is wrong.
    pub problem: Problem,
}
