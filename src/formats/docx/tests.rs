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

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A package of `body` (the content of `w:body`) with one external hyperlink relationship `rId5`.
fn made(body: &str) -> Vec<u8> {
    use std::io::Write;
    let document = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body>{body}</w:body></w:document>");
    let rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId5\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"https://example.org/a?b=1\" TargetMode=\"External\"/></Relationships>";
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in [("word/document.xml", document.as_str()), ("word/_rels/document.xml.rels", rels)] {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(data.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn document_xml(bytes: &[u8]) -> String {
    String::from_utf8(entries(bytes).into_iter().find(|(n, _)| n == "word/document.xml").unwrap().1).unwrap()
}

#[test]
fn runs_that_differ_only_in_what_does_not_show_are_one_text_and_the_rest_are_codes() {
    let body = r#"<w:p><w:pPr><w:bidi/><w:jc w:val="both"/></w:pPr><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:r w:rsidR="00A1"><w:rPr><w:rtl/><w:lang w:bidi="ar-SA"/></w:rPr><w:t xml:space="preserve">Read </w:t></w:r><w:proofErr w:type="spellStart"/><w:r w:rsidR="00B2"><w:rPr><w:noProof/></w:rPr><w:t>the </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>news</w:t></w:r><w:r><w:t xml:space="preserve"> at </w:t></w:r><w:hyperlink r:id="rId5"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>our site</w:t></w:r></w:hyperlink><w:del w:id="1" w:author="a"><w:r><w:delText>gone</w:delText></w:r></w:del><w:ins w:id="2" w:author="a"><w:r><w:t xml:space="preserve"> now</w:t></w:r></w:ins><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:bookmarkEnd w:id="0"/><w:r><w:t>.</w:t></w:r></w:p>"#;
    let bytes = made(body);
    let limits = DocxLimits::default();
    let paragraphs = read_docx_document(&bytes, &limits).unwrap();
    assert_eq!(paragraphs.len(), 1);
    let paragraph = &paragraphs[0];
    assert_eq!(
        crate::inline::tagged(&paragraph.text),
        "Read the <1>news</1> at <2><3>our site</3></2> now<4/>."
    );
    let disps: Vec<_> = paragraph.codes.iter().map(|c| (c.disp.as_str(), c.title.as_deref())).collect();
    assert_eq!(
        disps,
        [("b", None), ("link", Some("https://example.org/a?b=1")), ("fmt", None), ("field", None)]
    );

    // Translated into English: the runs rebuilt, left to right, the link and the field where they were.
    let open = |id| Marker::Open(id).to_char().unwrap();
    let close = |id| Marker::Close(id).to_char().unwrap();
    let field = Marker::Standalone(4).to_char().unwrap();
    let target = format!(
        "Lisez {}{}notre site{}{} & les {}nouvelles{} {field}.",
        open(2),
        open(3),
        close(3),
        close(2),
        open(1),
        close(1)
    );
    let export = write_docx_document(&bytes, &limits, std::slice::from_ref(&target), false).unwrap();
    let xml = document_xml(&export);
    assert!(!xml.contains("<w:bidi") && !xml.contains("<w:rtl"), "a left-to-right target: {xml}");
    assert!(xml.contains(r#"<w:pPr><w:jc w:val="both"/></w:pPr>"#), "{xml}");
    assert!(xml.contains(r#"<w:t xml:space="preserve"> &amp; les </w:t>"#), "{xml}");
    assert!(
        xml.contains(r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">nouvelles</w:t></w:r>"#),
        "{xml}"
    );
    assert!(xml.contains(r#"<w:hyperlink r:id="rId5"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve">notre site</w:t></w:r></w:hyperlink>"#), "{xml}");
    assert!(xml.contains("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"), "{xml}");
    assert!(!xml.contains("_GoBack") && !xml.contains("gone") && !xml.contains("w:ins "), "{xml}");
    let again = read_docx_document(&export, &limits).unwrap();
    assert_eq!(
        crate::inline::tagged(&again[0].text),
        "Lisez <1><2>notre site</2></1> & les <3>nouvelles</3> <4/>."
    );

    // Into Arabic: the paragraph and its runs right to left, the bold's complex-script twin added.
    let export = write_docx_document(&bytes, &limits, &[target], true).unwrap();
    let xml = document_xml(&export);
    assert!(xml.contains(r#"<w:pPr><w:bidi/><w:jc w:val="both"/></w:pPr>"#), "{xml}");
    assert!(xml.contains(r#"<w:rPr><w:b/><w:bCs/><w:rtl/></w:rPr>"#), "{xml}");
    assert!(xml.contains(r#"<w:rPr><w:rtl/><w:lang w:bidi="ar-SA"/></w:rPr>"#), "{xml}");
}

#[test]
fn a_hyperlink_field_is_a_link_pair_around_its_translatable_result() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">See </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/" \l "top" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>the page</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r></w:p><w:p><w:r><w:t>Second</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>line</w:t></w:r></w:p>"#;
    let bytes = made(body);
    let paragraphs = read_docx_document(&bytes, &DocxLimits::default()).unwrap();
    assert_eq!(crate::inline::tagged(&paragraphs[0].text), "See <1>the page</1>.");
    assert_eq!(paragraphs[0].codes[0].title.as_deref(), Some("https://example.org/#top"));
    assert_eq!(crate::inline::tagged(&paragraphs[1].text), "Second<1/>line");
    assert_eq!(paragraphs[1].codes[0].disp, "br");
    // The second paragraph unchanged: its bytes stay as they were.
    let texts = [pseudo(&paragraphs[0].text), paragraphs[1].text.clone()];
    let xml = document_xml(&write_docx_document(&bytes, &DocxLimits::default(), &texts, false).unwrap());
    assert!(
        xml.contains(
            r#"<w:p><w:r><w:t>Second</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>line</w:t></w:r></w:p>"#
        ),
        "{xml}"
    );
    assert!(xml.contains("THE PAGE") && xml.contains("HYPERLINK"), "{xml}");
}
