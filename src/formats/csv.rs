//! Bilingual CSV: `id,source,target,status`, UTF-8 with a byte-order mark and CRLF line ends, so that
//! spreadsheet programs open it as UTF-8.
//!
//! Formula injection: a cell starting with `=`, `+`, `-`, `@`, tab or carriage return would be run as a
//! formula by a spreadsheet, so the writer puts an apostrophe before it (what spreadsheets themselves do to
//! mark text); a cell starting with an apostrophe gets one more, so that the reader can strip exactly one
//! apostrophe before any of those characters and give back the text as it was.
//!
//! CSV carries no paragraphs, title, article id, revisions, notes or glossary hints, and no difference between
//! no translation and an empty one: [`read_csv`] gives one paragraph of units, an empty target cell is `None`.

use crate::formats::error::{Format, FormatError, Position, Problem};
use crate::formats::model::{BilingualDocument, Paragraph, Unit, UnitState};
use crate::lang::LanguageTag;
use crate::text::chars::first_not_in_xml;

/// The header row.
const HEADER: [&str; 4] = ["id", "source", "target", "status"];
/// First characters that make a spreadsheet cell a formula, and the apostrophe that escapes them.
const ESCAPED: &[char] = &['=', '+', '-', '@', '\t', '\r', '\''];

/// The document's units as CSV bytes.
pub fn write_csv(doc: &BilingualDocument) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
    let mut write = |row: [&str; 4]| {
        let cells = row.map(defuse);
        writer.write_record(&cells).expect("writing to a Vec cannot fail");
    };
    write(HEADER);
    for unit in doc.units() {
        write([&unit.id, &unit.source, unit.target.as_deref().unwrap_or(""), unit.state.as_str()]);
    }
    writer.flush().expect("writing to a Vec cannot fail");
    drop(writer);
    out
}

/// Reads bilingual CSV for the given language pair (CSV does not carry one).
pub fn read_csv(
    bytes: &[u8],
    source_lang: LanguageTag,
    target_lang: LanguageTag,
) -> Result<BilingualDocument, FormatError> {
    let text = crate::formats::utf8(bytes, Format::Csv)?;
    let fail = |position: Option<csv::Position>, problem: Problem| {
        let position = position.map(|p| Position { line: p.line(), column: None });
        FormatError::new(Format::Csv, position, problem)
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| fail(e.position().cloned(), Problem::Csv(e.to_string())))?;
    if header.iter().map(str::trim).ne(HEADER) {
        return Err(fail(
            header.position().cloned(),
            Problem::CsvHeader(header.iter().collect::<Vec<_>>().join(",")),
        ));
    }
    let mut units = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| fail(e.position().cloned(), Problem::Csv(e.to_string())))?;
        // The article is exported as XLIFF, TMX and DOCX too: what XML cannot carry would be lost there.
        if let Some(c) = record.iter().find_map(|cell| first_not_in_xml(cell).map(|(_, c)| c)) {
            return Err(fail(record.position().cloned(), Problem::Xml(crate::xml::Problem::IllegalChar(c))));
        }
        let cell = |i: usize| restore(record.get(i).unwrap_or_default());
        let mut unit = Unit::new(cell(0), cell(1));
        unit.target = Some(cell(2)).filter(|t| !t.is_empty());
        let status = cell(3);
        unit.state = UnitState::parse(status.trim()).ok_or_else(|| {
            let position = record.position().map(|p| Position { line: p.line(), column: Some(4) });
            FormatError::new(
                Format::Csv,
                position,
                Problem::BadAttribute {
                    element: "row".into(),
                    attribute: "status".into(),
                    value: status.clone(),
                    expected: "initial, translated, reviewed or final",
                },
            )
        })?;
        units.push(unit);
    }
    Ok(BilingualDocument {
        article_id: None,
        title: String::new(),
        original: None,
        source_lang,
        target_lang,
        paragraphs: vec![Paragraph { units }],
    })
}

/// The cell as written: an apostrophe before a formula start (see the module documentation). Every CSV
/// tarjuman writes goes through it.
pub fn defuse(cell: &str) -> String {
    if cell.starts_with(ESCAPED) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The text of a cell written by [`defuse`].
fn restore(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(ESCAPED) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}
