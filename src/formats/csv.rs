//! Bilingual CSV: `id,source,target,status`, written as spreadsheet CSV ([`crate::formats::sheet`]: a
//! byte-order mark, CRLF, formula starts defused, which the reader undoes).
//!
//! CSV carries no paragraphs, title, article id, revisions, notes or glossary hints, and no difference between
//! no translation and an empty one: [`read_csv`] gives one paragraph of units, an empty target cell is `None`.

use crate::formats::error::{Format, FormatError, Position, Problem};
use crate::formats::model::{BilingualDocument, Paragraph, Unit, UnitState};
use crate::formats::sheet::{restore, Sheet};
use crate::lang::LanguageTag;
use crate::text::chars::first_not_in_xml;

/// The header row.
const HEADER: [&str; 4] = ["id", "source", "target", "status"];

/// The document's units as CSV bytes.
pub fn write_csv(doc: &BilingualDocument) -> Vec<u8> {
    let mut sheet = Sheet::default();
    sheet.row(HEADER);
    for unit in doc.units() {
        sheet.row([&unit.id, &unit.source, unit.target.as_deref().unwrap_or(""), unit.state.as_str()]);
    }
    sheet.finish()
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
        let cell = |i: usize| restore(record.get(i).unwrap_or_default()).to_owned();
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
