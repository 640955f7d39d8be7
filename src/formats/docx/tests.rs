//! The Word filter over the real files of `tests/data/docx` (Apache POI's test documents) and small made ones.

use std::io::{Cursor, Read};

use super::{read_docx_document, read_docx_text, write_docx_document, DocxLimits};
use crate::formats::DocumentParagraph;
use crate::inline::{pieces, Marker, Piece};

fn real_files() -> Vec<(String, Vec<u8>)> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/docx");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    assert!(files.len() >= 19, "the real files are in {}", folder.display());
    files
}

/// The text between codes upper-cased, the codes where they were.
fn pseudo(text: &str) -> String {
    pieces(text)
        .map(|piece| match piece {
            Piece::Text(t) => t.to_uppercase(),
            Piece::Code(m) => m.to_char().unwrap().to_string(),
        })
        .collect()
}

fn shape(paragraph: &DocumentParagraph) -> Vec<(Marker, String)> {
    crate::inline::markers(&paragraph.text)
        .map(|m| (m, crate::inline::code(&paragraph.codes, m.id()).unwrap().disp.clone()))
        .collect()
}

fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            (entry.name().unwrap().into_owned(), data)
        })
        .collect()
}

#[test]
fn every_real_file_comes_back_translated_with_its_codes() {
    let limits = DocxLimits::default();
    for (name, bytes) in real_files() {
        let paragraphs = read_docx_document(&bytes, &limits).unwrap_or_else(|e| panic!("{name}: {e}"));
        let texts: Vec<String> = paragraphs.iter().map(|p| pseudo(&p.text)).collect();
        let export = write_docx_document(&bytes, &limits, &texts, false).unwrap();
        let again = read_docx_document(&export, &limits).unwrap_or_else(|e| panic!("{name}: export: {e}"));
        assert_eq!(again.len(), paragraphs.len(), "{name}");
        for ((before, after), expected) in paragraphs.iter().zip(&again).zip(&texts) {
            assert_eq!(crate::inline::tagged(&after.text), crate::inline::tagged(expected), "{name}");
            assert_eq!(shape(after), shape(before), "{name}");
        }
    }
}

#[test]
fn an_unchanged_file_exports_every_part_as_it_was() {
    let limits = DocxLimits::default();
    for (name, bytes) in real_files() {
        let texts: Vec<String> =
            read_docx_document(&bytes, &limits).unwrap().into_iter().map(|p| p.text).collect();
        let export = write_docx_document(&bytes, &limits, &texts, false).unwrap();
        assert_eq!(entries(&export), entries(&bytes), "{name}");
        assert_eq!(read_docx_text(&export, &limits).unwrap(), read_docx_text(&bytes, &limits).unwrap());
    }
}
