//! Word files as document articles through the API: each real file of `tests/data/docx` (Apache POI's test
//! documents, `LICENSE.poi.txt`) imported, every segment translated (pseudo-translation: the text between
//! codes upper-cased, the codes kept), exported as `docx-target`: the same file with every paragraph
//! translated, its links, bookmarks, notes, cells, emphasis and images in place, opened by LibreOffice; an
//! untouched article exports the file as it was; broken codes refuse the export.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use axum::http::StatusCode;
use serde_json::{json, Value};
use tarjuman::domain::Role;
use tarjuman::formats::docx::{read_docx_document, DocxLimits};
use tarjuman::formats::DocumentParagraph;
use tarjuman::inline::{code, markers, pieces, tagged, Piece};

use crate::support::api::Client;
use crate::support::db::TestDb;
use crate::support::process::DataDir;

pub(super) fn real_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/docx");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    files.sort();
    assert!(files.len() >= 19, "the real files are in {}", dir.display());
    files
}

/// The text between codes upper-cased, the codes where they were.
pub(super) fn pseudo(text: &str) -> String {
    pieces(text)
        .map(|piece| match piece {
            Piece::Text(t) => t.to_uppercase(),
            Piece::Code(m) => m.to_char().unwrap().to_string(),
        })
        .collect()
}

/// Each code's marker and what it shows as (`b`, `link`, `fn`, `img`, `bookmark`…), with a link's address.
fn shape(paragraph: &DocumentParagraph) -> Vec<String> {
    markers(&paragraph.text)
        .map(|m| {
            let code = code(&paragraph.codes, m.id()).unwrap();
            format!("{m:?} {} {:?}", code.disp, code.title)
        })
        .collect()
}

pub(super) fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
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

/// How often each structural element occurs over all XML parts: links, bookmarks (Word's `_GoBack` aside),
/// note references and notes, table cells, drawings and pictures, simple fields.
fn structure(bytes: &[u8]) -> Vec<(&'static str, usize)> {
    let xml: String = entries(bytes)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".xml"))
        .map(|(_, data)| String::from_utf8(data).unwrap())
        .collect();
    let count = |needle: &str| xml.matches(needle).count();
    let elements = [
        "<w:hyperlink ",
        "<w:footnoteReference ",
        "<w:endnoteReference ",
        "<w:footnote ",
        "<w:endnote ",
        "<w:tc>",
        "<w:drawing>",
        "<w:pict>",
        "<w:fldSimple ",
        "<w:fldChar ",
        "<w:instrText",
    ];
    let mut found: Vec<_> = elements.into_iter().map(|e| (e, count(e))).collect();
    found.push(("bookmarks", count("<w:bookmarkStart ") - count("w:name=\"_GoBack\"")));
    found
}

/// The text of tracked deletions (`w:delText`) in the original file.
fn deleted_text(bytes: &[u8]) -> Vec<String> {
    let re = regex::Regex::new(r"<w:delText[^>]*>([^<]*)</w:delText>").unwrap();
    let parts = entries(bytes).into_iter().map(|(_, data)| String::from_utf8_lossy(&data).into_owned());
    parts.flat_map(|xml| re.captures_iter(&xml).map(|c| c[1].to_owned()).collect::<Vec<_>>()).collect()
}

/// Imports `file` as a new article from English into `target`; its id and segments. A file without text
/// to translate (only fields, an empty table) is refused, saying so: `None`.
pub(super) async fn import(client: &Client, file: &Path, target: &str) -> Option<(i64, Vec<Value>)> {
    let name = file.file_name().unwrap().to_string_lossy();
    let uri = format!("/api/v1/articles/import?name={name}&source_lang=en&target_lang={target}");
    let bytes = std::fs::read(file).unwrap();
    let (status, body) = client.bytes("POST", &uri, bytes.clone()).await;
    let created: Value = serde_json::from_slice(&body).unwrap();
    if read_docx_document(&bytes, &DocxLimits::default()).unwrap().is_empty() {
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {created}");
        assert_eq!(created["error"]["message"], "the text is empty", "{name}");
        return None;
    }
    assert_eq!(status, StatusCode::CREATED, "{name}: {created}");
    let id = created["id"].as_i64().unwrap();
    let (_, view) = client.get(&format!("/api/v1/articles/{id}")).await;
    Some((id, view["segments"].as_array().unwrap().clone()))
}

pub(super) async fn export(client: &Client, id: i64) -> (StatusCode, Vec<u8>) {
    client.bytes("GET", &format!("/api/v1/articles/{id}/export?format=docx-target"), Vec::new()).await
}

pub(super) async fn save(client: &Client, segment: &Value, target: &str) {
    let body = json!({"target": target, "status": "translated", "base_revision": segment["revision"]});
    let (status, json) = client.put(&format!("/api/v1/segments/{}", segment["id"]), body).await;
    assert_eq!(status, StatusCode::OK, "{json}");
}

#[tokio::test]
async fn every_real_word_file_comes_back_translated_with_its_links_notes_cells_and_emphasis() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let limits = DocxLimits::default();
    let folder = DataDir::new("docx-documents");
    let mut exported = Vec::new();
    for file in real_files() {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let original = std::fs::read(&file).unwrap();
        let Some((id, segments)) = import(&client, &file, "ar").await else { continue };
        for segment in &segments {
            let source = segment["source"].as_str().unwrap();
            let ids: std::collections::BTreeSet<u32> = markers(source).map(|m| m.id()).collect();
            let codes = segment["codes"].as_array().unwrap();
            assert_eq!(codes.len(), ids.len(), "{name}: a segment carries the codes it holds: {segment}");
            save(&client, segment, &pseudo(source)).await;
        }
        let (status, bytes) = export(&client, id).await;
        assert_eq!(status, StatusCode::OK, "{name}: {}", String::from_utf8_lossy(&bytes));

        let before = read_docx_document(&original, &limits).unwrap();
        let after = read_docx_document(&bytes, &limits).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(after.len(), before.len(), "{name}: paragraphs");
        for (b, a) in before.iter().zip(&after) {
            assert_eq!(tagged(&a.text), tagged(&pseudo(&b.text)), "{name}: no source text is left");
            assert_eq!(shape(a), shape(b), "{name}: the codes of {:?}", tagged(&b.text));
        }
        assert_eq!(structure(&bytes), structure(&original), "{name}");
        let bidi: usize = entries(&bytes)
            .iter()
            .map(|(_, data)| String::from_utf8_lossy(data).matches("<w:bidi/>").count())
            .sum();
        let changed = before.iter().filter(|p| p.text.chars().any(|c| c.is_lowercase())).count();
        assert!(bidi >= changed, "{name}: each translated paragraph set right to left ({bidi} of {changed})");
        let path = folder.0.join(&name);
        std::fs::write(&path, &bytes).unwrap();
        exported.push((path, after, before, original));
    }
    // LibreOffice opens every export and reads its body's text (one conversion of them all).
    let profile = format!("-env:UserInstallation=file://{}", folder.0.join("profile").display());
    let out = folder.0.join("txt");
    let output = Command::new("libreoffice")
        .args([profile.as_str(), "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir"])
        .arg(&out)
        .args(exported.iter().map(|(path, ..)| path))
        .output()
        .expect("LibreOffice reads the exports (scripts/test.sh installs libreoffice-writer-nogui)");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    for (path, paragraphs, sources, original) in &exported {
        let text_path = out.join(path.with_extension("txt").file_name().unwrap());
        let text =
            std::fs::read_to_string(&text_path).unwrap_or_else(|e| panic!("{}: {e}", text_path.display()));
        let long_words = |texts: &[String]| -> Vec<String> {
            let words = texts
                .iter()
                .flat_map(|t| t.split(|c: char| !c.is_alphabetic()).map(str::to_owned).collect::<Vec<_>>());
            words.filter(|w| w.chars().count() >= 4).collect()
        };
        let plain = |ps: &[DocumentParagraph]| {
            ps.iter().map(|p| tarjuman::inline::plain(&p.text)).collect::<Vec<_>>()
        };
        let translated = long_words(&plain(paragraphs));
        // A paragraph left with no text once its tracked changes are accepted is copied as it was, its
        // deletion still tracked (and shown by LibreOffice).
        let deleted = deleted_text(original);
        let left: Vec<_> = long_words(&plain(sources))
            .into_iter()
            .filter(|w| w.chars().any(char::is_lowercase) && text.contains(w.as_str()))
            .filter(|w| !deleted.iter().any(|d| d.contains(w.as_str())))
            .collect();
        assert!(left.is_empty(), "{}: LibreOffice reads source words {left:?}", path.display());
        // Its text export holds the body only (Headers.docx has text in its headers alone).
        let body_text = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        let found = translated.iter().any(|w| text.contains(w.as_str()));
        assert!(found || body_text.is_empty(), "{}: LibreOffice reads {text:?}", path.display());
    }
}

#[tokio::test]
async fn an_untranslated_word_file_exports_every_part_unchanged() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    for file in real_files() {
        let Some((id, _)) = import(&client, &file, "fr").await else { continue };
        let (status, bytes) = export(&client, id).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(entries(&bytes), entries(&std::fs::read(&file).unwrap()), "{}", file.display());
    }
}

#[tokio::test]
async fn a_target_missing_a_code_refuses_the_export_naming_the_segment() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/docx/TestDocument.docx");
    let (id, segments) = import(&client, &file, "fr").await.unwrap();
    let (index, link) = segments
        .iter()
        .enumerate()
        .find(|(_, s)| s["codes"].as_array().unwrap().iter().any(|c| c["class"] == "link"))
        .expect("TestDocument.docx has a hyperlink");
    assert_eq!(
        link["codes"].as_array().unwrap().iter().find(|c| c["class"] == "link").unwrap()["title"],
        "http://poi.apache.org/"
    );
    save(&client, link, &tarjuman::inline::plain(link["source"].as_str().unwrap())).await;
    let (status, body) = export(&client, id).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = String::from_utf8_lossy(&body);
    assert!(message.contains(&format!("segment {}: the translation lacks the code", index + 1)), "{message}");
}

#[tokio::test]
async fn a_document_article_refuses_an_update_it_could_not_rebuild_and_keeps_its_work() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let file = real_files().into_iter().find(|f| f.ends_with("footnotes.docx")).unwrap();
    let (id, segments) = import(&client, &file, "ar").await.unwrap();
    save(&client, &segments[0], &pseudo(segments[0]["source"].as_str().unwrap())).await;

    let body = json!({"title": "", "source_lang": "en", "target_lang": "ar", "text": "A newer version."});
    let (status, refused) = client.post(&format!("/api/v1/articles/{id}/update"), body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    let message = refused["error"]["message"].as_str().unwrap();
    assert!(message.contains("imported from a Word file") && message.contains("not text"), "{refused}");
    let page = b"<html><body><p>A newer version.</p></body></html>".to_vec();
    let uri = format!("/api/v1/articles/{id}/update?name=newer.html");
    let (status, refused) = client.bytes("POST", &uri, page).await;
    let refused = String::from_utf8_lossy(&refused);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(refused.contains("not an HTML page"), "another format: {refused}");
    let (_, view) = client.get(&format!("/api/v1/articles/{id}")).await;
    assert_eq!(view["segments"].as_array().unwrap().len(), segments.len(), "nothing changed");
    assert_eq!(view["segments"][0]["revision"], 1);
    let (status, _) = export(&client, id).await;
    assert_eq!(status, StatusCode::OK, "the document still exports");
}

/// The round trip a newsroom runs before real work on a new kind of file: every real Word file imported, its
/// pseudo-translation exported as XLIFF 1.2 (every text run changed, every code in place), that file taken back
/// into the article as another tool would return it, and the Word file exported: every paragraph translated
/// with its codes where they were, and every link, note, cell, field and image of the original in place.
#[tokio::test]
async fn real_word_files_go_out_as_pseudo_translated_xliff_and_come_back_as_translated_files() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let limits = DocxLimits::default();
    for file in real_files() {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let original = std::fs::read(&file).unwrap();
        let Some((id, _)) = import(&client, &file, "ar").await else { continue };
        let uri = format!("/api/v1/articles/{id}/export?format=xliff12&pseudo=upper");
        let (status, xliff) = client.bytes("GET", &uri, Vec::new()).await;
        assert_eq!(status, StatusCode::OK, "{name}: {}", String::from_utf8_lossy(&xliff));
        let (status, report) = client.bytes("POST", &format!("/api/v1/articles/{id}/import"), xliff).await;
        let report: Value = serde_json::from_slice(&report).unwrap();
        assert_eq!(status, StatusCode::OK, "{name}: {report}");
        assert_eq!(report["conflicts"], json!([]), "{name}: {report}");

        let (status, bytes) = export(&client, id).await;
        assert_eq!(status, StatusCode::OK, "{name}: {}", String::from_utf8_lossy(&bytes));
        let before = read_docx_document(&original, &limits).unwrap();
        let after = read_docx_document(&bytes, &limits).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(after.len(), before.len(), "{name}: paragraphs");
        for (b, a) in before.iter().zip(&after) {
            let left: Vec<&str> =
                a.text.split_whitespace().filter(|w| w.chars().any(char::is_lowercase)).collect();
            assert_eq!(left, Vec::<&str>::new(), "{name}: source text left in {:?}", tagged(&a.text));
            assert_eq!(shape(a), shape(b), "{name}: the codes of {:?}", tagged(&b.text));
        }
        assert_eq!(structure(&bytes), structure(&original), "{name}");
    }
}
