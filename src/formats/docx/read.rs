//! Reads the text of a `.docx`, defended against zip bombs ([`super::archive`]): only `word/document.xml`
//! is inflated. The XML itself goes through the same reader rules as every XML format (no DOCTYPE internal subset, no
//! unknown entities), and error positions are lines and columns of `word/document.xml`.

use super::archive::Archive;
use super::{DOCUMENT_PART, W_NS};
use crate::formats::error::{Format, FormatError, Problem};
use crate::formats::{parse_xml_units, utf8};
use crate::xml::{Element, Node};

/// The markup-compatibility namespace: `mc:Fallback` repeats `mc:Choice` for older readers.
pub(crate) const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// How much a `.docx` may make the reader inflate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocxLimits {
    /// Entries in the archive.
    pub max_entries: usize,
    /// Uncompressed bytes of any one entry, `word/document.xml` included.
    pub max_entry_bytes: u64,
    /// Uncompressed bytes of all entries together, as declared.
    pub max_total_bytes: u64,
    /// Uncompressed size over compressed size, for entries larger than [`DocxLimits::ratio_from_bytes`].
    pub max_ratio: u64,
    /// Entries up to this size are not ratio-checked (a small, repetitive XML part compresses very well).
    pub ratio_from_bytes: u64,
}

impl Default for DocxLimits {
    /// 1,000 entries, 50 MB per entry, 200 MB in all, 100:1 above 1 MB.
    fn default() -> Self {
        Self {
            max_entries: 1_000,
            max_entry_bytes: 50 * 1024 * 1024,
            max_total_bytes: 200 * 1024 * 1024,
            max_ratio: 100,
            ratio_from_bytes: 1024 * 1024,
        }
    }
}

/// The text of a `.docx`: one line per paragraph of `word/document.xml` (table cells and text boxes included,
/// in document order), joined by `\n`. In a paragraph, `<w:tab/>` is a tab and `<w:br/>`/`<w:cr/>` a line
/// feed; deleted text of tracked changes, field codes and the fallback copies of `mc:AlternateContent` are left
/// out.
pub fn read_docx_text(bytes: &[u8], limits: &DocxLimits) -> Result<String, FormatError> {
    let xml = document_part(bytes, limits)?;
    let text = utf8(&xml, Format::Docx)?;
    let fail = |e: &Element, problem| FormatError::at(Format::Docx, text, e.offset, problem);
    // Each paragraph is read as it closes; every other element of the body is dropped when it closes (its
    // paragraphs are read by then), so the document holds one paragraph's tree at a time.
    let is_unit = |open: &[Element], e: &Element| match open {
        [document, body, inside @ ..] if document.is(W_NS, "document") && body.is(W_NS, "body") => {
            let first_body = document.child(W_NS, "body").is_none();
            let read = |a: &Element| !skipped(a) && !a.is(W_NS, "t");
            let in_paragraph = inside.iter().any(|a| a.is(W_NS, "p"));
            first_body && inside.iter().all(read) && (skipped(e) || !in_paragraph || is_line(inside, e))
        }
        _ => false,
    };
    let mut lines = Lines::default();
    let mut read = |open: &[Element], e: Element| {
        if is_line(open, &e) {
            let mut line = String::new();
            inline(&e, &mut line, &mut lines);
            lines.push(&line);
        }
        Ok(())
    };
    let root = parse_xml_units(text, Format::Docx, &is_unit, &mut read)?;
    if !root.is(W_NS, "document") {
        return Err(fail(&root, Problem::WrongRoot { found: root.name.clone(), expected: "w:document" }));
    }
    if root.child(W_NS, "body").is_none() {
        return Err(fail(&root, Problem::Missing { parent: "w:document".into(), child: "w:body" }));
    }
    Ok(lines.text)
}

/// The lines read so far, joined as they come: a list of lines joined at the end would hold the text twice.
#[derive(Default)]
struct Lines {
    text: String,
    count: usize,
}

impl Lines {
    fn push(&mut self, line: &str) {
        if self.count > 0 {
            self.text.push('\n');
        }
        self.text.push_str(line);
        self.count += 1;
    }
}

/// Whether `e`, in the open elements `open`, is a paragraph that makes a line: one directly in another
/// paragraph is that paragraph's content (only the paragraphs inside it make lines).
fn is_line(open: &[Element], e: &Element) -> bool {
    e.is(W_NS, "p") && !open.last().is_some_and(|parent| parent.is(W_NS, "p"))
}

/// The bytes of `word/document.xml`, inflated within the limits.
fn document_part(bytes: &[u8], limits: &DocxLimits) -> Result<Vec<u8>, FormatError> {
    Archive::open(bytes, limits)?.required(DOCUMENT_PART)
}

/// Block-level content: every paragraph below `element` becomes a line.
fn blocks(element: &Element, lines: &mut Lines) {
    for child in element.elements() {
        if child.is(W_NS, "p") {
            let mut line = String::new();
            inline(child, &mut line, lines);
            lines.push(&line);
        } else if !skipped(child) {
            blocks(child, lines);
        }
    }
}

/// The text of a paragraph's content into `line`; text boxes inside it become lines of their own.
fn inline(element: &Element, line: &mut String, lines: &mut Lines) {
    for child in element.children.iter().filter_map(|node| match node {
        Node::Element(e) => Some(e),
        Node::Text(..) => None,
    }) {
        if skipped(child) {
            continue;
        }
        if child.namespace.as_deref() != Some(W_NS) {
            inline(child, line, lines);
            continue;
        }
        match child.name.as_str() {
            "t" => line.push_str(&child.text()),
            "tab" => line.push('\t'),
            "br" | "cr" => line.push('\n'),
            "noBreakHyphen" => line.push('\u{2011}'),
            "txbxContent" | "p" => blocks(child, lines),
            _ => inline(child, line, lines),
        }
    }
}

/// Elements whose content is not text of the document: properties (which hold `w:tab` stops), deleted text,
/// field codes, and the fallback copy of alternate content.
fn skipped(element: &Element) -> bool {
    match element.namespace.as_deref() {
        Some(W_NS) => matches!(
            element.name.as_str(),
            "pPr"
                | "rPr"
                | "sectPr"
                | "tblPr"
                | "trPr"
                | "tcPr"
                | "tblGrid"
                | "del"
                | "delText"
                | "instrText"
        ),
        Some(MC_NS) => element.name == "Fallback",
        _ => false,
    }
}
