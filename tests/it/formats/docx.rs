//! DOCX: both writers give valid packages LibreOffice opens (the Arabic column right to left) whose text reads
//! back; the reader refuses zip bombs, lying headers, non-archives and entity declarations.

use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use tarjuman::formats::docx::{read_docx_text, write_docx_review, write_docx_target, DocxLimits};
use tarjuman::formats::{BilingualDocument, Problem};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::formats::support::hostile_document;
use crate::support::process::DataDir;
use crate::support::xml::well_formed;

/// A DOCX writer.
type Writer = fn(&BilingualDocument) -> Vec<u8>;
/// What a refusal must say.
type Expected = fn(&Problem) -> bool;

const WRITERS: &[(&str, Writer)] = &[("review", write_docx_review), ("target", write_docx_target)];

/// The parts of a package, by name.
fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            (file.name().unwrap().into_owned(), data)
        })
        .collect()
}

fn part(bytes: &[u8], name: &str) -> String {
    let found = parts(bytes).into_iter().find(|(n, _)| n == name);
    String::from_utf8(found.unwrap_or_else(|| panic!("no {name}")).1).unwrap()
}

/// A package of the given parts, deflated.
fn archive(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, data) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A package whose `word/document.xml` is `megabytes` MB of zeros, written a megabyte at a time.
fn zeros(megabytes: usize) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    let chunk = vec![0u8; 1024 * 1024];
    for _ in 0..megabytes {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn the_review_table_reads_back_as_its_cells() {
    let doc = hostile_document();
    let mut expected =
        vec!["Segment".to_owned(), "Source (ar)".into(), "Target (en)".into(), "Status".into()];
    for (number, unit) in (1..).zip(doc.units()) {
        let target = unit.target.clone().unwrap_or_default();
        expected.extend([format!("{number}"), unit.source.clone(), target, unit.state.as_str().into()]);
    }
    let text = read_docx_text(&write_docx_review(&doc), &DocxLimits::default()).unwrap();
    assert_eq!(text, expected.join("\n") + "\n", "one line per cell, then the paragraph after the table");
}

#[test]
fn the_target_article_reads_back_with_untranslated_sentences_marked() {
    let doc = hostile_document();
    let [first, second, third] = [0, 1, 2].map(|i| &doc.paragraphs[i].units);
    let expected = [
        // s2's translation is deliberately empty: nothing is written for it.
        first[0].target.clone().unwrap(),
        format!("[untranslated segment 3: {}] {}", third_source(&doc), second[1].target.as_ref().unwrap()),
        third[0].target.clone().unwrap(),
    ];
    let text = read_docx_text(&write_docx_target(&doc), &DocxLimits::default()).unwrap();
    assert_eq!(text, expected.join("\n"));
}

fn third_source(doc: &BilingualDocument) -> &str {
    &doc.paragraphs[1].units[0].source
}

#[test]
fn the_source_column_is_right_to_left_and_the_target_column_not() {
    let doc = hostile_document();
    let units = doc.units().count();
    let xml = part(&write_docx_review(&doc), "word/document.xml");
    assert_eq!(xml.matches("<w:bidi/>").count(), units, "one right-to-left paragraph per source cell");
    assert_eq!(xml.matches("<w:rtl/>").count(), units);
    assert_eq!(xml.matches("<w:lang w:bidi=\"ar\"/>").count(), units);
    assert!(xml.contains("w:cs=\"Arial\""));
    assert!(xml.contains("<w:tblHeader/>"), "the header row repeats on every page");

    // English to Arabic: now the target column is the right-to-left one.
    let swapped = BilingualDocument {
        source_lang: doc.target_lang.clone(),
        target_lang: doc.source_lang.clone(),
        ..doc.clone()
    };
    let xml = part(&write_docx_review(&swapped), "word/document.xml");
    let translated = doc.units().filter(|u| u.target.as_deref().is_some_and(|t| !t.is_empty())).count();
    assert_eq!(xml.matches("<w:bidi/>").count(), units, "every target cell, empty or not");
    assert_eq!(xml.matches("<w:rtl/>").count(), translated, "a run per non-empty target");
}

#[test]
fn every_part_is_well_formed_and_markup_is_escaped() {
    for (name, write) in WRITERS {
        let bytes = write(&hostile_document());
        let parts = parts(&bytes);
        assert_eq!(parts[0].0, "[Content_Types].xml", "{name}: content types come first");
        for (part, data) in &parts {
            well_formed(data, &format!("{name} {part}"));
        }
        let xml = part(&bytes, "word/document.xml");
        assert!(!xml.contains("<script>") && xml.contains("&lt;script&gt;"), "{name}");
        assert!(part(&bytes, "docProps/core.xml").contains("كازاخستان &amp; &lt;CSTO&gt;"), "{name}");
    }
}

/// Converts every written DOCX with LibreOffice: to PDF (it opens and renders) and to ODT, whose paragraph
/// styles show the source column right to left.
#[test]
fn libreoffice_opens_both_documents_with_the_arabic_column_right_to_left() {
    let folder = DataDir::new("docx-libreoffice");
    let dir = &folder.0;
    for (name, write) in WRITERS {
        let path = dir.join(format!("{name}.docx"));
        std::fs::write(&path, write(&hostile_document())).unwrap();
        for target in ["pdf", "odt"] {
            convert(&path, target, dir);
            let out = path.with_extension(target);
            assert!(std::fs::metadata(&out).is_ok_and(|m| m.len() > 0), "{name}: no {}", out.display());
        }
        let content = part(&std::fs::read(path.with_extension("odt")).unwrap(), "content.xml");
        let rtl = content.contains("style:writing-mode=\"rl-tb\"");
        assert_eq!(rtl, *name == "review", "{name}: right-to-left paragraphs in LibreOffice's reading");
    }
}

fn convert(path: &Path, target: &str, dir: &Path) {
    // Its own profile, so that parallel runs do not wait on each other's lock.
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let output = Command::new("libreoffice")
        .args([profile.as_str(), "--headless", "--convert-to", target, "--outdir"])
        .arg(dir)
        .arg(path)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "LibreOffice is needed to check the DOCX files ({e}); install it: \
                 apt-get install -y --no-install-recommends libreoffice-writer-nogui"
            )
        });
    assert!(
        output.status.success(),
        "libreoffice --convert-to {target} {} failed:\n{}\n{}",
        path.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_zip_bomb_is_refused_quickly_without_inflating() {
    let bomb = zeros(200);
    assert!(bomb.len() < 1024 * 1024, "200 MB of zeros deflate to {} bytes", bomb.len());
    let started = Instant::now();
    let error = read_docx_text(&bomb, &DocxLimits::default()).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1), "took {:?}", started.elapsed());
    assert!(matches!(*error.problem, Problem::TooLarge { .. }), "{error}");
    assert!(error.to_string().contains("word/document.xml"), "{error}");
}

#[test]
fn a_small_entry_that_inflates_too_much_is_refused_by_its_ratio() {
    let error = read_docx_text(&zeros(10), &DocxLimits::default()).unwrap_err();
    assert!(matches!(*error.problem, Problem::CompressionRatio { .. }), "{error}");
    assert!(error.to_string().contains("zip bomb"), "{error}");
}

/// A header that claims 2,000 bytes for 60 MB of zeros passes the directory checks; the bounded reader stops.
#[test]
fn a_lying_header_cannot_make_the_reader_inflate_past_the_limit() {
    let mut bomb = zeros(60);
    let eocd = bomb.windows(4).rposition(|w| w == b"PK\x05\x06").unwrap();
    let central = u32::from_le_bytes(bomb[eocd + 16..eocd + 20].try_into().unwrap()) as usize;
    assert_eq!(&bomb[central..central + 4], b"PK\x01\x02");
    assert_eq!(&bomb[..4], b"PK\x03\x04");
    bomb[central + 24..central + 28].copy_from_slice(&2000u32.to_le_bytes());
    bomb[22..26].copy_from_slice(&2000u32.to_le_bytes());
    let error = read_docx_text(&bomb, &DocxLimits::default()).unwrap_err();
    // zip 9 itself stops at the declared size ("File is larger than its declared uncompressed size"); our
    // `take` at the limit is the second line of defence, for a reader that would not.
    assert!(matches!(*error.problem, Problem::TooLarge { .. } | Problem::Zip(_)), "{error}");
}

#[test]
fn too_many_entries_are_refused() {
    let names: Vec<String> = (0..1001).map(|i| format!("word/media/{i}.txt")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
    let error = read_docx_text(&archive(&entries), &DocxLimits::default()).unwrap_err();
    assert_eq!(*error.problem, Problem::TooManyEntries { found: 1001, limit: 1000 });
}

#[test]
fn what_is_not_a_word_document_is_refused_with_a_reason() {
    let cases: &[(&str, Vec<u8>, Expected)] = &[
        ("not a zip", b"%PDF-1.7 hello".to_vec(), |p| matches!(p, Problem::Zip(_))),
        ("empty", Vec::new(), |p| matches!(p, Problem::Zip(_))),
        ("no document part", archive(&[("[Content_Types].xml", b"<Types/>")]), |p| {
            *p == Problem::MissingPart("word/document.xml")
        }),
        (
            "billion laughs",
            archive(&[(
                "word/document.xml",
                b"<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY a \"aaaa\">]>\n<d>&a;</d>",
            )]),
            |p| *p == Problem::Xml(tarjuman::xml::Problem::InternalSubset),
        ),
        ("not WordprocessingML", archive(&[("word/document.xml", b"<html><body/></html>")]), |p| {
            matches!(p, Problem::WrongRoot { .. })
        }),
    ];
    for (name, bytes, expected) in cases {
        let error = read_docx_text(bytes, &DocxLimits::default()).unwrap_err();
        assert!(expected(&error.problem), "{name}: {error}");
    }
}

#[test]
fn malformed_document_xml_names_line_and_column() {
    let bytes = archive(&[("word/document.xml", b"<?xml version=\"1.0\"?>\n<w:document>\n  <a></b>")]);
    let error = read_docx_text(&bytes, &DocxLimits::default()).unwrap_err();
    assert_eq!(error.position.map(|p| p.line), Some(2), "{error}");
    assert!(error.to_string().starts_with("DOCX line 2, column"), "{error}");
}

/// Word's own constructs: tabs, breaks, tracked deletions, field codes, text boxes with a fallback copy.
#[test]
fn word_constructs_read_as_text() {
    let xml = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>
      <w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>
        <w:r><w:t>قال</w:t><w:tab/><w:t xml:space="preserve"> الرئيس </w:t><w:br/><w:t>إن</w:t></w:r>
        <w:del><w:r><w:delText>محذوف</w:delText></w:r></w:del>
        <w:ins><w:r><w:t>مضاف</w:t></w:r></w:ins>
        <w:r><w:instrText> PAGE </w:instrText></w:r>
      </w:p>
      <w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent>
        <w:p><w:r><w:t>مربع نص</w:t></w:r></w:p></w:txbxContent></mc:Choice>
        <mc:Fallback><w:txbxContent><w:p><w:r><w:t>مربع نص</w:t></w:r></w:p></w:txbxContent></mc:Fallback>
      </mc:AlternateContent></w:r><w:r><w:t>بعد</w:t></w:r></w:p>
      <w:p/>
      <w:sectPr/>
    </w:body></w:document>"#;
    let text = read_docx_text(&archive(&[("word/document.xml", xml.as_bytes())]), &DocxLimits::default());
    assert_eq!(text.unwrap(), "قال\t الرئيس \nإنمضاف\nمربع نص\nبعد\n");
}
