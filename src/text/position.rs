//! Where something is in a text file, as people count: lines and columns from 1, columns in characters.
//! Shared by every file reader (glossaries, interchange formats) so that all errors point the same way.

use std::fmt;

/// A place in a text file, counted from 1; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line number.
    pub line: u64,
    /// Column (characters in XML; fields in CSV), when the problem has one.
    pub column: Option<u64>,
}

impl Position {
    /// The line and column of a byte offset into `text`.
    pub(crate) fn of_offset(text: &str, offset: usize) -> Self {
        let before = &text[..text.floor_char_boundary(offset)];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.bytes().filter(|&b| b == b'\n').count() as u64 + 1;
        Self { line, column: Some(before[line_start..].chars().count() as u64 + 1) }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        match self.column {
            Some(column) => write!(f, ", column {column}"),
            None => Ok(()),
        }
    }
}
