//! Paragraphs and runs of WordprocessingML, written with the direction of their language.

use crate::lang::LanguageTag;
use crate::xml::XmlWriter;

/// A font with Latin and Arabic glyphs on Windows, macOS and (substituted) LibreOffice.
const FONT: &str = "Arial";

/// How a run of text is set: its language (which gives its direction) and emphasis.
#[derive(Clone, Copy)]
pub(crate) struct RunStyle<'a> {
    /// The language of the text.
    pub lang: &'a LanguageTag,
    /// Bold (header cells).
    pub bold: bool,
    /// Highlighted (untranslated sentences in the target article).
    pub highlight: bool,
}

impl<'a> RunStyle<'a> {
    /// Plain text in `lang`.
    pub fn plain(lang: &'a LanguageTag) -> Self {
        Self { lang, bold: false, highlight: false }
    }
}

/// Opens `<w:p>` with its properties: right to left (`<w:bidi/>`) when `lang` is written so.
pub(crate) fn open_paragraph(xml: &mut XmlWriter, lang: &LanguageTag) {
    xml.open("w:p", &[]);
    if lang.is_rtl() {
        xml.open("w:pPr", &[]);
        xml.empty("w:bidi", &[]);
        xml.close();
    }
}

/// A run of `text`: tabs become `<w:tab/>`, line breaks `<w:br/>`, since Word reads both as spaces in `<w:t>`.
/// Right-to-left languages get `<w:rtl/>`, the complex-script font and `w:bidi` language.
pub(crate) fn run(xml: &mut XmlWriter, style: RunStyle, text: &str) {
    xml.open("w:r", &[]);
    run_properties(xml, style);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut first = true;
    for line in text.split('\n') {
        if !std::mem::take(&mut first) {
            xml.empty("w:br", &[]);
        }
        let mut first_piece = true;
        for piece in line.split('\t') {
            if !std::mem::take(&mut first_piece) {
                xml.empty("w:tab", &[]);
            }
            if !piece.is_empty() {
                xml.leaf("w:t", &[("xml:space", "preserve")], piece);
            }
        }
    }
    xml.close();
}

/// `<w:rPr>`, children in the order the schema requires (rFonts, b, bCs, highlight, rtl, lang).
fn run_properties(xml: &mut XmlWriter, style: RunStyle) {
    let rtl = style.lang.is_rtl();
    xml.open("w:rPr", &[]);
    xml.empty("w:rFonts", &[("w:ascii", FONT), ("w:hAnsi", FONT), ("w:cs", FONT)]);
    if style.bold {
        xml.empty("w:b", &[]);
        xml.empty("w:bCs", &[]);
    }
    if style.highlight {
        xml.empty("w:highlight", &[("w:val", "yellow")]);
    }
    if rtl {
        xml.empty("w:rtl", &[]);
        xml.empty("w:lang", &[("w:bidi", style.lang.as_str())]);
    } else {
        xml.empty("w:lang", &[("w:val", style.lang.as_str())]);
    }
    xml.close();
}
