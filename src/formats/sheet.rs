//! The one writer of spreadsheet CSV: every CSV tarjuman writes (bilingual articles, glossaries, quality
//! reports, analyses) goes through [`Sheet`], so that each is opened the same way by spreadsheet programs
//! and none can carry a formula into one.
//!
//! UTF-8 with a byte-order mark and CRLF line ends: spreadsheet programs then open it as UTF-8.
//!
//! Formula injection: a cell starting with `=`, `+`, `-`, `@`, tab or carriage return would be run as a
//! formula by a spreadsheet, so the writer puts an apostrophe before it (what spreadsheets themselves do to
//! mark text); a cell starting with an apostrophe gets one more, so that a reader can strip exactly one
//! apostrophe before any of those characters ([`restore`]) and give back the text as it was.

/// First characters that make a spreadsheet cell a formula, and the apostrophe that escapes them.
const ESCAPED: &[char] = &['=', '+', '-', '@', '\t', '\r', '\''];

/// A CSV file being written, row by row.
pub struct Sheet {
    writer: csv::Writer<Vec<u8>>,
}

impl Default for Sheet {
    fn default() -> Self {
        let writer =
            csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(b"\xEF\xBB\xBF".to_vec());
        Self { writer }
    }
}

impl Sheet {
    /// Adds a row, each cell defused.
    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let cells = cells.into_iter().map(|cell| defuse(cell.as_ref()));
        // Writing into a Vec cannot fail: the only errors csv reports are I/O errors and unequal row
        // lengths, which the flexible default does not check.
        self.writer.write_record(cells).expect("CSV into memory");
    }

    /// The file's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.writer.into_inner().expect("CSV into memory")
    }
}

/// The cell as written: an apostrophe before a formula start.
fn defuse(cell: &str) -> String {
    if cell.starts_with(ESCAPED) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The text of a cell written by [`Sheet`].
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(ESCAPED) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_defused_and_restored() {
        for (name, text, written) in [
            ("a command", "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
            ("a link", "=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("a sum", "+SUM(1+1)", "'+SUM(1+1)"),
            ("an at", "@SUM(1)", "'@SUM(1)"),
            ("a minus", "-2+3", "'-2+3"),
            ("a tab", "\t=1", "'\t=1"),
            ("an apostrophe", "'=1", "''=1"),
            ("plain Arabic", "مرحبا", "مرحبا"),
        ] {
            assert_eq!(defuse(text), written, "{name}");
            assert_eq!(restore(&defuse(text)), text, "{name}");
        }
    }

    #[test]
    fn a_sheet_has_a_byte_order_mark_and_crlf() {
        let mut sheet = Sheet::default();
        sheet.row(["a", "=b"]);
        assert_eq!(sheet.finish(), b"\xEF\xBB\xBFa,'=b\r\n");
    }
}
