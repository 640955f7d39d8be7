//! Glossaries as CSV: one row per term pair, rows sharing a `concept` value forming one entry.
//!
//! Header (case-insensitive, any order): `source` and `target` are required; `pos`, `match`, `status`,
//! `note`, `domain` and `concept` are optional, and any other column is refused so that a misspelt header
//! never drops data silently. Cells are trimmed, and one apostrophe before a formula start (`'=`, `'+`,
//! `'-`, `'@`) is taken off, as the writer puts it there ([`crate::formats::sheet`]). UTF-8 only; a
//! byte-order mark is tolerated.
//!
//! Reading rules:
//! - a row with an empty `concept` cell is an entry of its own; rows sharing a non-empty `concept` value are
//!   one entry, whose terms are the union of the rows' terms in order of first appearance;
//! - `status` (default `preferred`) applies to the terms its row adds; a term already added by an earlier
//!   row keeps its first status, because repeating a headword on each synonym row is the usual layout;
//! - `pos`, `match`, `note` and `domain` are entry-wide: a row may leave them empty, but two different
//!   non-empty values in one entry are an error (a silent "first wins" would hide an edit made on one row);
//! - `match` defaults to [`MatchMode::default_for`] the part of speech;
//! - every entry needs at least one source and one target term.
//!
//! The writer is lossless: each entry's i-th source and target terms share a row when their statuses agree,
//! otherwise each gets a row with the other side empty; entry-wide fields go on the entry's first row; an
//! entry spanning several rows without an id gets a generated one.

use std::collections::HashMap;
use std::fmt::Display;
use std::str::FromStr;

use crate::formats::sheet::{restore, Sheet};
use crate::glossary::error::{FileFormat, GlossaryFileError, Position, Problem, Side};
use crate::glossary::ids::unique_ids;
use crate::glossary::model::{Concept, Glossary, MatchMode, PartOfSpeech, Term, TermStatus};
use crate::lang::LanguageTag;
use crate::text::chars::first_not_in_xml;

/// The columns, in the order the writer emits them.
const COLUMNS: [&str; 8] = ["source", "target", "status", "pos", "match", "domain", "note", "concept"];

/// Reads a CSV glossary; CSV carries no language codes, so the caller names the pair.
pub fn read_csv(
    input: &[u8],
    source_lang: LanguageTag,
    target_lang: LanguageTag,
) -> Result<Glossary, GlossaryFileError> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let mut reader = ::csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let header = reader.headers().map_err(csv_error)?.clone();
    let columns = Columns::parse(&header).map_err(|problem| at(1, None, problem))?;
    let mut entries: Vec<Entry> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    // A bad row is reported and the reading goes on, so that the report names every row to fix.
    let mut errors = Vec::new();
    let mut failed = std::collections::HashSet::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| p.line());
        if record.len() > header.len() {
            let problem = Problem::ExtraCells { cells: record.len(), columns: header.len() };
            errors.push(at(line, None, problem));
            continue;
        }
        // The glossary is exported as TBX too: what XML cannot carry would be lost there.
        if let Some(c) = record.iter().find_map(|cell| first_not_in_xml(cell).map(|(_, c)| c)) {
            errors.push(at(line, None, Problem::Xml(crate::xml::Problem::IllegalChar(c))));
            continue;
        }
        let row = Row { record: &record, columns: &columns, line };
        if row.is_blank() {
            continue;
        }
        let entry = match row.cell(columns.concept) {
            "" => None,
            id => by_id.get(id).copied(),
        };
        let entry = entry.unwrap_or_else(|| {
            let id = Some(row.cell(columns.concept)).filter(|id| !id.is_empty()).map(str::to_owned);
            if let Some(id) = &id {
                by_id.insert(id.clone(), entries.len());
            }
            entries.push(Entry { concept: Concept { id, ..Concept::default() }, line, ..Entry::default() });
            entries.len() - 1
        });
        if let Err(e) = entries[entry].add(&row) {
            errors.push(e);
            failed.insert(entry);
        }
    }
    let mut concepts = Vec::with_capacity(entries.len());
    // An entry with a bad row is already reported; what it then lacks would only repeat that.
    for (_, entry) in entries.into_iter().enumerate().filter(|(i, _)| !failed.contains(i)) {
        match entry.finish() {
            Ok(concept) => concepts.push(concept),
            Err(e) => errors.push(e),
        }
    }
    errors.sort_by_key(|e| (e.position.line, e.position.column));
    match GlossaryFileError::all(errors) {
        Some(error) => Err(error),
        None => Ok(Glossary { source_lang, target_lang, concepts }),
    }
}

/// Writes a glossary as spreadsheet CSV ([`crate::formats::sheet`]: header first, formula starts
/// defused); [`read_csv`] reads it back equal.
pub fn write_csv(glossary: &Glossary) -> Vec<u8> {
    let layouts: Vec<Vec<(Option<&Term>, Option<&Term>)>> =
        glossary.concepts.iter().map(pair_terms).collect();
    let ids = unique_ids(&glossary.concepts, |id| !id.is_empty() && id.trim() == id);
    let mut sheet = Sheet::default();
    sheet.row(COLUMNS);
    for ((concept, layout), generated) in glossary.concepts.iter().zip(&layouts).zip(ids) {
        let id = match &concept.id {
            Some(_) => generated,
            None if layout.len() > 1 => generated,
            None => String::new(),
        };
        for (i, (source, target)) in layout.iter().enumerate() {
            let status = source.or(*target).map_or(TermStatus::Preferred, |t| t.status);
            let first = i == 0;
            let pos = concept.part_of_speech.filter(|_| first).map_or("", PartOfSpeech::as_str);
            let record = [
                source.map_or("", |t| &t.text),
                target.map_or("", |t| &t.text),
                status.as_str(),
                pos,
                if first { concept.match_mode.as_str() } else { "" },
                concept.domain.as_deref().filter(|_| first).unwrap_or(""),
                concept.note.as_deref().filter(|_| first).unwrap_or(""),
                &id,
            ];
            sheet.row(record);
        }
    }
    sheet.finish()
}

/// The rows of one entry: the i-th source and target terms together when their statuses agree.
fn pair_terms(concept: &Concept) -> Vec<(Option<&Term>, Option<&Term>)> {
    let (sources, targets) = (&concept.source_terms, &concept.target_terms);
    let mut rows = Vec::new();
    for i in 0..sources.len().max(targets.len()) {
        match (sources.get(i), targets.get(i)) {
            (Some(s), Some(t)) if s.status == t.status => rows.push((Some(s), Some(t))),
            (s, t) => {
                rows.extend(s.map(|s| (Some(s), None)));
                rows.extend(t.map(|t| (None, Some(t))));
            }
        }
    }
    rows
}

/// Where each known column sits in the header.
#[derive(Default)]
struct Columns {
    source: Option<usize>,
    target: Option<usize>,
    status: Option<usize>,
    pos: Option<usize>,
    mode: Option<usize>,
    domain: Option<usize>,
    note: Option<usize>,
    concept: Option<usize>,
}

impl Columns {
    fn parse(header: &::csv::StringRecord) -> Result<Self, Problem> {
        let mut columns = Self::default();
        for (index, name) in header.iter().enumerate() {
            let name = name.trim().to_lowercase();
            let slot = match name.as_str() {
                "source" => &mut columns.source,
                "target" => &mut columns.target,
                "status" => &mut columns.status,
                "pos" => &mut columns.pos,
                "match" => &mut columns.mode,
                "domain" => &mut columns.domain,
                "note" => &mut columns.note,
                "concept" => &mut columns.concept,
                _ => return Err(Problem::UnknownColumn(name)),
            };
            if slot.replace(index).is_some() {
                return Err(Problem::DuplicateColumn(name));
            }
        }
        columns.source.ok_or(Problem::MissingColumn("source"))?;
        columns.target.ok_or(Problem::MissingColumn("target"))?;
        Ok(columns)
    }
}

/// One data row, read through the header.
struct Row<'a> {
    record: &'a ::csv::StringRecord,
    columns: &'a Columns,
    line: u64,
}

impl Row<'_> {
    /// The trimmed cell of a column; empty when the column or the cell is absent.
    fn cell(&self, column: Option<usize>) -> &str {
        column.and_then(|i| self.record.get(i)).map_or("", |cell| restore(cell.trim()))
    }

    fn is_blank(&self) -> bool {
        self.record.iter().all(|cell| cell.trim().is_empty())
    }

    /// Parses a cell, reporting the cell's position on failure.
    fn parse<T: FromStr<Err = crate::glossary::model::UnknownValue>>(
        &self,
        column: Option<usize>,
    ) -> Result<Option<T>, GlossaryFileError> {
        match self.cell(column) {
            "" => Ok(None),
            raw => raw.parse().map(Some).map_err(|e| at(self.line, column, Problem::Value(e))),
        }
    }
}

/// An entry being assembled from its rows.
#[derive(Default)]
struct Entry {
    concept: Concept,
    /// The line of the entry's first row.
    line: u64,
    part_of_speech: Option<(PartOfSpeech, u64)>,
    match_mode: Option<(MatchMode, u64)>,
    note: Option<(String, u64)>,
    domain: Option<(String, u64)>,
}

impl Entry {
    fn add(&mut self, row: &Row) -> Result<(), GlossaryFileError> {
        let columns = row.columns;
        let status = row.parse(columns.status)?.unwrap_or_default();
        self.merge_field("pos", row.parse(columns.pos)?, row, columns.pos, |e| &mut e.part_of_speech)?;
        self.merge_field("match", row.parse(columns.mode)?, row, columns.mode, |e| &mut e.match_mode)?;
        let text = |column| Some(row.cell(column).to_owned()).filter(|s| !s.is_empty());
        self.merge_field("note", text(columns.note), row, columns.note, |e| &mut e.note)?;
        self.merge_field("domain", text(columns.domain), row, columns.domain, |e| &mut e.domain)?;
        add_term(&mut self.concept.source_terms, row.cell(columns.source), status);
        add_term(&mut self.concept.target_terms, row.cell(columns.target), status);
        Ok(())
    }

    /// Records an entry-wide value, refusing a second, different one.
    fn merge_field<T: PartialEq + Display>(
        &mut self,
        field: &'static str,
        value: Option<T>,
        row: &Row,
        column: Option<usize>,
        slot: impl Fn(&mut Self) -> &mut Option<(T, u64)>,
    ) -> Result<(), GlossaryFileError> {
        let Some(value) = value else { return Ok(()) };
        let concept = self.concept.id.clone().unwrap_or_default();
        match slot(self) {
            Some((first, _)) if *first == value => Ok(()),
            Some((first, first_line)) => {
                let (first, first_line) = (first.to_string(), *first_line);
                let problem =
                    Problem::Conflict { concept, field, value: value.to_string(), first, first_line };
                Err(at(row.line, column, problem))
            }
            empty => {
                *empty = Some((value, row.line));
                Ok(())
            }
        }
    }

    fn finish(self) -> Result<Concept, GlossaryFileError> {
        let Self { mut concept, line, part_of_speech, match_mode, note, domain } = self;
        for (terms, side) in [(&concept.source_terms, Side::Source), (&concept.target_terms, Side::Target)] {
            if terms.is_empty() {
                return Err(at(line, None, Problem::Incomplete { concept: concept.id.clone(), side }));
            }
        }
        concept.part_of_speech = part_of_speech.map(|(pos, _)| pos);
        concept.match_mode = match_mode.map_or(MatchMode::default_for(concept.part_of_speech), |(m, _)| m);
        concept.note = note.map(|(note, _)| note);
        concept.domain = domain.map(|(domain, _)| domain);
        Ok(concept)
    }
}

fn add_term(terms: &mut Vec<Term>, text: &str, status: TermStatus) {
    if !text.is_empty() && !terms.iter().any(|t| t.text == text) {
        terms.push(Term { text: text.to_owned(), status });
    }
}

fn at(line: u64, column: Option<usize>, problem: Problem) -> GlossaryFileError {
    let position = Position { line, column: column.map(|c| c as u64 + 1) };
    GlossaryFileError::new(FileFormat::Csv, position, problem)
}

fn csv_error(error: ::csv::Error) -> GlossaryFileError {
    let line = error.position().map_or(0, |p| p.line());
    match error.kind() {
        ::csv::ErrorKind::Utf8 { err, .. } => at(line, Some(err.field()), Problem::NotUtf8),
        _ => at(line, None, Problem::Csv(error.to_string())),
    }
}
