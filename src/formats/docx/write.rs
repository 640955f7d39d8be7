//! The two DOCX writers: a bilingual review table and the finished target article.

use super::package::package;
use super::runs::{open_paragraph, run, RunStyle};
use super::W_NS;
use crate::formats::model::{BilingualDocument, Paragraph, Unit};
use crate::lang::LanguageTag;
use crate::xml::XmlWriter;

/// A4 landscape for the review table, portrait for the article (twentieths of a point).
const A4_LONG: &str = "16838";
const A4_SHORT: &str = "11906";
/// Margins of 2 cm.
const MARGIN: &str = "1134";
/// Review columns: label and width (twips), together the text width of A4 landscape with 2 cm margins.
const COLUMNS: [(&str, &str); 4] =
    [("Segment", "1300"), ("Source", "5900"), ("Target", "5900"), ("Status", "1470")];

/// A review table: one header row (repeated on every page), then one row per unit with its number, source, target
/// and state. The source column is set right to left when the source language is (`<w:bidi/>`, `<w:rtl/>`,
/// `w:bidi` language); the target column follows the target language.
pub fn write_docx_review(doc: &BilingualDocument) -> Vec<u8> {
    let labels = LanguageTag::parse("en").expect("a valid tag");
    let mut xml = open_document();
    xml.open("w:tbl", &[]);
    xml.open("w:tblPr", &[]);
    xml.empty("w:tblW", &[("w:w", "5000"), ("w:type", "pct")]);
    xml.open("w:tblBorders", &[]);
    for side in ["w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"] {
        xml.empty(side, &[("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "auto")]);
    }
    xml.close();
    xml.empty("w:tblLayout", &[("w:type", "fixed")]);
    xml.close();
    xml.open("w:tblGrid", &[]);
    for (_, width) in COLUMNS {
        xml.empty("w:gridCol", &[("w:w", width)]);
    }
    xml.close();

    xml.open("w:tr", &[]);
    xml.open("w:trPr", &[]);
    xml.empty("w:tblHeader", &[]);
    xml.close();
    let header = [
        COLUMNS[0].0.to_owned(),
        format!("{} ({})", COLUMNS[1].0, doc.source_lang),
        format!("{} ({})", COLUMNS[2].0, doc.target_lang),
        COLUMNS[3].0.to_owned(),
    ];
    for (index, text) in header.iter().enumerate() {
        let style = RunStyle { lang: &labels, bold: true, highlight: false };
        cell(&mut xml, index, Some("D9D9D9"), style, text);
    }
    xml.close();

    // Rows are numbered as the editor numbers segments (from 1, in order), not by their unit ids.
    for (number, unit) in (1..).zip(doc.units()) {
        xml.open("w:tr", &[]);
        cell(&mut xml, 0, None, RunStyle::plain(&labels), &number.to_string());
        cell(&mut xml, 1, None, RunStyle::plain(&doc.source_lang), &unit.source);
        cell(&mut xml, 2, None, RunStyle::plain(&doc.target_lang), unit.target.as_deref().unwrap_or(""));
        cell(&mut xml, 3, None, RunStyle::plain(&labels), unit.state.as_str());
        xml.close();
    }
    xml.close();
    // A table cannot end the body: Word wants a paragraph after it.
    xml.empty("w:p", &[]);
    close_document(&mut xml, true);
    package(xml.finish(), &doc.title, &doc.target_lang)
}

/// The finished article in the target language: one paragraph per paragraph, its translated sentences joined
/// by a space. A sentence without a translation is not dropped silently (a newsroom would publish a hole): it
/// appears as `[untranslated segment 12: <source>]` (numbered as the editor numbers it), highlighted, the source set in its own direction. An empty
/// translation (`Some("")`) is a deliberate omission and contributes nothing, as in the plain-text export.
/// The title goes into the document properties only: it is usually in the source language.
pub fn write_docx_target(doc: &BilingualDocument) -> Vec<u8> {
    let mut xml = open_document();
    let mut numbered = (1..).zip(doc.units());
    for paragraph in &doc.paragraphs {
        let units: Vec<(usize, &Unit)> = numbered.by_ref().take(paragraph.units.len()).collect();
        if !has_text(paragraph) {
            continue;
        }
        open_paragraph(&mut xml, &doc.target_lang);
        let mut first = true;
        for (number, unit) in units.into_iter().filter(|(_, u)| u.target.as_deref() != Some("")) {
            if !std::mem::take(&mut first) {
                run(&mut xml, RunStyle::plain(&doc.target_lang), " ");
            }
            match &unit.target {
                Some(target) => run(&mut xml, RunStyle::plain(&doc.target_lang), target),
                None => untranslated(&mut xml, doc, number, unit),
            }
        }
        xml.close();
    }
    close_document(&mut xml, false);
    package(xml.finish(), &doc.title, &doc.target_lang)
}

fn untranslated(xml: &mut XmlWriter, doc: &BilingualDocument, number: usize, unit: &Unit) {
    let marker = RunStyle { lang: &doc.target_lang, bold: false, highlight: true };
    run(xml, marker, &format!("[untranslated segment {number}: "));
    run(xml, RunStyle { lang: &doc.source_lang, ..marker }, &unit.source);
    run(xml, marker, "]");
}

/// Whether the paragraph writes anything: a unit without translation does, an empty translation does not.
fn has_text(paragraph: &Paragraph) -> bool {
    paragraph.units.iter().any(|u| u.target.as_deref() != Some(""))
}

/// A table cell of column `index`, optionally shaded, holding one paragraph of `text`.
fn cell(xml: &mut XmlWriter, index: usize, fill: Option<&str>, style: RunStyle, text: &str) {
    xml.open("w:tc", &[]);
    xml.open("w:tcPr", &[]);
    xml.empty("w:tcW", &[("w:w", COLUMNS[index].1), ("w:type", "dxa")]);
    if let Some(fill) = fill {
        xml.empty("w:shd", &[("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)]);
    }
    xml.close();
    open_paragraph(xml, style.lang);
    if !text.is_empty() {
        run(xml, style, text);
    }
    xml.close();
    xml.close();
}

fn open_document() -> XmlWriter {
    let mut xml = XmlWriter::new();
    xml.open("w:document", &[("xmlns:w", W_NS)]);
    xml.open("w:body", &[]);
    xml
}

/// Ends the body with its section: A4, landscape for the review table.
fn close_document(xml: &mut XmlWriter, landscape: bool) {
    xml.open("w:sectPr", &[]);
    let size: [(&str, &str); 3] = if landscape {
        [("w:w", A4_LONG), ("w:h", A4_SHORT), ("w:orient", "landscape")]
    } else {
        [("w:w", A4_SHORT), ("w:h", A4_LONG), ("w:orient", "portrait")]
    };
    xml.empty("w:pgSz", &size);
    let margins = ["w:top", "w:right", "w:bottom", "w:left"].map(|side| (side, MARGIN));
    let mut margins = margins.to_vec();
    margins.extend([("w:header", "709"), ("w:footer", "709"), ("w:gutter", "0")]);
    xml.empty("w:pgMar", &margins);
    xml.close();
    xml.close();
    xml.close();
}
