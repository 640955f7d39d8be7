//! The contract every bilingual format passes: write the hostile document, validate what was written, read it
//! back, and get the same document, modulo what the format cannot carry (each format's `carried` says what);
//! and the contract of the target-only exports (text, HTML, DOCX): their text reads back as the paragraphs.
//! DOCX review tables and HTML pages are not bilingual documents to read back: see `docx.rs` and `html.rs`.

use tarjuman::formats::docx::{read_docx_text, write_docx_target, DocxLimits};
use tarjuman::formats::html::{read_html_text, write_html_target};
use tarjuman::formats::tmx::{read_tmx, write_tmx};
use tarjuman::formats::{csv, write_txt_target, xliff12, xliff2, BilingualDocument, FormatError, UnitState};

use crate::formats::support::{hostile_document, validate};

/// A format under contract.
struct Case {
    name: &'static str,
    write: fn(&BilingualDocument) -> Vec<u8>,
    read: fn(&[u8]) -> Result<BilingualDocument, FormatError>,
    /// The document as the format can carry it.
    carried: fn(BilingualDocument) -> BilingualDocument,
    /// xmllint arguments: how and which schema, for XML formats.
    schema: Option<(&'static str, &'static str)>,
}

fn read_csv(bytes: &[u8]) -> Result<BilingualDocument, FormatError> {
    let doc = hostile_document();
    csv::read_csv(bytes, doc.source_lang, doc.target_lang)
}

/// XLIFF 1.2: a unit without a target has no state, so it reads back initial.
fn xliff12_carried(mut doc: BilingualDocument) -> BilingualDocument {
    for unit in doc.paragraphs.iter_mut().flat_map(|p| &mut p.units) {
        if unit.target.is_none() {
            unit.state = UnitState::Initial;
        }
    }
    doc
}

/// CSV: one paragraph; no title, article id, file name, revisions, notes, hints; empty target = no target.
fn csv_carried(mut doc: BilingualDocument) -> BilingualDocument {
    let mut units: Vec<_> = doc.paragraphs.drain(..).flat_map(|p| p.units).collect();
    for unit in &mut units {
        unit.revision = None;
        unit.notes.clear();
        unit.terms.clear();
        unit.target = unit.target.take().filter(|t| !t.is_empty());
    }
    doc.paragraphs = vec![tarjuman::formats::Paragraph { units }];
    BilingualDocument { article_id: None, title: String::new(), original: None, ..doc }
}

const CASES: &[Case] = &[
    Case {
        name: "xliff12",
        write: xliff12::write_xliff12,
        read: xliff12::read_xliff12,
        carried: xliff12_carried,
        schema: Some(("--schema", "xliff-1.2/xliff-core-1.2-strict.xsd")),
    },
    Case {
        name: "xliff2",
        write: xliff2::write_xliff2,
        read: xliff2::read_xliff2,
        carried: xliff12_carried,
        schema: Some(("--schema", "xliff-2/with-modules.xsd")),
    },
    Case { name: "csv", write: csv::write_csv, read: read_csv, carried: csv_carried, schema: None },
];

#[test]
fn every_format_round_trips_the_hostile_document() {
    for case in CASES {
        let doc = hostile_document();
        let bytes = (case.write)(&doc);
        let back = (case.read)(&bytes).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        assert_eq!(back, (case.carried)(doc), "{} does not round-trip", case.name);
    }
}

#[test]
fn every_xml_format_validates_against_its_schema() {
    for case in CASES {
        if let Some((how, schema)) = case.schema {
            validate(&(case.write)(&hostile_document()), how, schema, &format!("{}.xml", case.name));
        }
    }
}

#[test]
fn xliff2_validates_against_the_core_schema_alone() {
    validate(
        &xliff2::write_xliff2(&hostile_document()),
        "--schema",
        "xliff-2/xliff_core_2.0.xsd",
        "core.xlf",
    );
}

#[test]
fn tmx_validates_and_round_trips_the_translated_units() {
    let doc = hostile_document();
    let bytes = write_tmx(&doc);
    validate(&bytes, "--dtdvalid", "tmx-1.4b/tmx14.dtd", "doc.tmx");
    let units = read_tmx(&bytes).unwrap();
    let expected: Vec<_> = doc
        .units()
        .filter(|u| u.target.as_deref().is_some_and(|t| !t.is_empty()))
        .map(|u| (Some(u.id.clone()), u.source.clone(), u.target.clone().unwrap()))
        .collect();
    let got: Vec<_> = units.iter().map(|u| (u.id.clone(), u.source.clone(), u.target.clone())).collect();
    assert_eq!(got, expected);
    assert!(units.iter().all(|u| u.source_lang == doc.source_lang && u.target_lang == doc.target_lang));
}

#[test]
fn csv_is_excel_friendly_and_defuses_formulas() {
    let bytes = csv::write_csv(&hostile_document());
    assert!(bytes.starts_with(b"\xEF\xBB\xBFid,source,target,status\r\n"));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{text}");
    assert!(!text.contains(",=") && !text.contains("\"="));
}

#[test]
fn xliff12_reads_another_tools_file() {
    let doc = xliff12::read_xliff12(
        &std::fs::read(crate::formats::support::data("symfony-resources.xlf")).unwrap(),
    )
    .unwrap();
    assert!(doc.units().count() > 0);
    assert!(doc.units().all(|u| !u.source.is_empty()));
}

/// A target-only export and the reader that gives its text back (plain text is its own reader).
type TargetCase = (&'static str, fn(&BilingualDocument) -> Vec<u8>, fn(&[u8]) -> String);

const TARGET_CASES: &[TargetCase] = &[
    ("txt", write_txt_target, |b| String::from_utf8(b.to_vec()).unwrap()),
    ("html", write_html_target, |b| read_html_text(b).unwrap()),
    ("docx", write_docx_target, |b| read_docx_text(b, &DocxLimits::default()).unwrap()),
];

/// The hostile document with every sentence translated (the formats differ on untranslated ones: plain text
/// leaves them out, HTML and DOCX mark them; each format's own tests cover that).
fn translated_document() -> BilingualDocument {
    let mut doc = hostile_document();
    for unit in doc.paragraphs.iter_mut().flat_map(|p| &mut p.units) {
        unit.target.get_or_insert_with(|| format!("translation of {}", unit.id));
    }
    doc
}

/// Non-blank lines, whitespace collapsed: HTML collapses it, and a reader of articles treats lines as
/// paragraphs.
fn lines(text: &str) -> Vec<String> {
    let lines = text.lines().map(|l| l.split_ascii_whitespace().collect::<Vec<_>>().join(" "));
    lines.filter(|l| !l.is_empty()).collect()
}

#[test]
fn every_target_export_reads_back_as_its_paragraphs() {
    let doc = translated_document();
    let expected: Vec<String> = doc
        .paragraphs
        .iter()
        .map(|p| p.units.iter().filter_map(|u| u.target.as_deref()).collect::<Vec<_>>().join(" "))
        .flat_map(|p| lines(&p))
        .collect();
    assert_eq!(expected.len(), 3);
    for (name, write, read) in TARGET_CASES {
        assert_eq!(lines(&read(&write(&doc))), expected, "{name}");
    }
}

#[test]
fn the_plain_text_target_leaves_untranslated_sentences_out() {
    let doc = hostile_document();
    let text = String::from_utf8(write_txt_target(&doc)).unwrap();
    let [first, second, third] = [0, 1, 2].map(|i| &doc.paragraphs[i].units);
    let expected = format!(
        "{}\n\n{}\n\n{}\n",
        first[0].target.as_ref().unwrap(),
        second[1].target.as_ref().unwrap(),
        third[0].target.as_ref().unwrap()
    );
    assert_eq!(text, expected);
    let empty = BilingualDocument { paragraphs: vec![Default::default()], ..doc };
    assert_eq!(write_txt_target(&empty), b"\n", "nothing to write is one line feed");
}
