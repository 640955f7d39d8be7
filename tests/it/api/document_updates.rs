//! Updates of document articles (issues 14 and 17): a newer version of a real web page or Word file brought
//! into the article imported from it: unchanged sentences keep their translation (their codes renumbered
//! when the file numbers them anew), the reworded one is marked, the new one appears, the removed one is
//! retired, the segments follow the new file's paragraphs, and the translated document is the NEW file
//! rebuilt with the kept translations.

use std::io::Write;

use axum::http::StatusCode;
use serde_json::{json, Value};
use tarjuman::domain::Role;
use tarjuman::formats::docx::{read_docx_document, DocxLimits};
use tarjuman::formats::html::read_html_document;
use tarjuman::inline::{self, Marker};

use super::docx_documents as docx;
use super::html_documents as html;
use crate::support::api::Client;
use crate::support::db::TestDb;

/// The sentence added to each newer version.
const ADDED: &str = "Fresh words open this paragraph now.";

/// A sentence of plain words only (no codes, nothing XML or HTML escapes), long enough that one word more
/// leaves it the same sentence reworded.
fn simple(segment: &Value) -> Option<&str> {
    let source = segment["source"].as_str()?;
    let plain = source.chars().all(|c| c.is_ascii_alphanumeric() || " ,.".contains(c));
    (plain && source.split_whitespace().count() >= 6).then_some(source)
}

/// `source` with a word added after its first.
fn reworded(source: &str) -> String {
    source.replacen(' ', " reportedly ", 1)
}

/// The words holding a lower-case letter: text a pseudo-translation did not touch.
fn lower(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_alphabetic() && !c.is_uppercase()))
        .map(str::to_owned)
        .collect();
    words.sort();
    words
}

/// What the edit of a document chose: the sentence reworded, the one removed.
struct Edit {
    changed: String,
    removed: String,
}

/// A sentence to reword and another, alone in its paragraph, to remove: each plain and once in `file` (the
/// text of the part that holds them), from two paragraphs.
fn choose(segments: &[Value], file: &str) -> Option<Edit> {
    let once = |s: &&str| file.matches(*s).count() == 1;
    let alone = |p: &Value| segments.iter().filter(|s| s["paragraph"] == *p).count() == 1;
    let changed = segments.iter().find(|s| simple(s).filter(once).is_some())?;
    let removed = segments.iter().find(|s| {
        s["paragraph"] != changed["paragraph"] && alone(&s["paragraph"]) && simple(s).filter(once).is_some()
    })?;
    Some(Edit { changed: simple(changed)?.to_owned(), removed: simple(removed)?.to_owned() })
}

async fn update(client: &Client, id: i64, name: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
    let uri = format!("/api/v1/articles/{id}/update?name={name}");
    let (status, body) = client.bytes("POST", &uri, bytes).await;
    (status, serde_json::from_slice(&body).unwrap_or_else(|_| String::from_utf8_lossy(&body).into()))
}

/// Each segment's paragraph, source and codes: what a new article of the same file would hold.
fn shape(segments: &[Value]) -> Vec<Value> {
    segments.iter().map(|s| json!([s["paragraph"], s["source"], s["codes"]])).collect()
}

/// The updated article against a new article imported from the same newer file: the same segments in the
/// same paragraphs with the same codes; every segment from before keeps its translation, `translate` of its
/// (new) source; the reworded sentence is marked with the old translation offered.
async fn check_updated(
    client: &Client,
    id: i64,
    fresh: i64,
    before: &[Value],
    edit: &Edit,
    translate: fn(&str) -> String,
) {
    let after = html::segments(client, id).await;
    assert_eq!(shape(&after), shape(&html::segments(client, fresh).await), "the new file's segments");
    let was = |s: &Value| before.iter().any(|b| b["id"] == s["id"]);
    for segment in &after {
        let source = segment["source"].as_str().unwrap();
        match was(segment) {
            true => {
                assert_eq!(segment["target"], translate(source), "kept: {segment}");
                assert_eq!(segment["status"], "translated");
            }
            false => {
                assert!(
                    source == reworded(&edit.changed) || inline::plain(source).contains(ADDED),
                    "{source}"
                );
                assert_eq!(segment["target"], "");
            }
        }
    }
    let (_, marked) = client.get(&format!("/api/v1/articles/{id}/source-changes")).await;
    assert_eq!(marked.as_array().unwrap().len(), 1, "{marked}");
    assert_eq!(marked[0]["old_source"], edit.changed);
    assert_eq!(marked[0]["old_target"], translate(&edit.changed));
}

/// Real pages, each updated with a newer version: a sentence reworded, one removed, and a bold sentence
/// put at the start of a paragraph that begins with a code, which numbers that paragraph's codes anew.
#[tokio::test]
async fn a_real_page_updated_keeps_its_translations_and_exports_the_newer_page_translated() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let mut updated = 0;
    for (name, page) in html::real_pages() {
        let (status, created) = html::upload(&db, &client, &name, &page).await;
        assert_eq!(status, StatusCode::CREATED, "{name}: {created}");
        let id = created["id"].as_i64().unwrap();
        let segments = html::segments(&client, id).await;
        let Some(edit) = choose(&segments, &page) else { continue };
        // A paragraph opening with a code whose markup is once in the page: the new sentence goes before it.
        let opening = segments.iter().find_map(|s| {
            let first = s["source"].as_str()?.chars().next().and_then(Marker::of)?;
            let starts = segments.iter().find(|t| t["paragraph"] == s["paragraph"])?["id"] == s["id"];
            let code = inline::code(&serde_json::from_value::<Vec<_>>(s["codes"].clone()).ok()?, first.id())?
                .clone();
            let capital = inline::plain(s["source"].as_str()?).trim_start().starts_with(char::is_uppercase);
            let unique = page.matches(code.open.as_str()).count() == 1 && !code.open.is_empty();
            (matches!(first, Marker::Open(_)) && starts && capital && unique).then_some(code.open)
        });
        let Some(opening) = opening else { continue };
        for segment in &segments {
            html::save(&client, segment, &html::pseudo(segment["source"].as_str().unwrap())).await;
        }
        let before = html::segments(&client, id).await;
        let newer = page
            .replacen(&edit.changed, &reworded(&edit.changed), 1)
            .replacen(&edit.removed, "", 1)
            .replacen(&opening, &format!("<b>{ADDED}</b> {opening}"), 1);

        // Another format, or text, changes nothing.
        let (status, refused) = update(&client, id, "newer.txt", b"A newer text.".to_vec()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {refused}");
        assert!(refused.to_string().contains("imported from an HTML page"), "{name}: {refused}");
        assert_eq!(html::segments(&client, id).await, before, "{name}: a refused update changes nothing");

        let (status, counts) = update(&client, id, "newer.html", newer.clone().into_bytes()).await;
        assert_eq!(status, StatusCode::OK, "{name}: {counts}");
        let kept = i64::try_from(before.len()).unwrap() - 2;
        let expected = json!({"kept": kept, "changed": 1, "added": 1, "removed": 1, "drafted": 0});
        assert_eq!(counts, expected, "{name}");

        let (status, fresh) = html::upload(&db, &client, &name, &newer).await;
        assert_eq!(status, StatusCode::CREATED, "{name}: {fresh}");
        check_updated(&client, id, fresh["id"].as_i64().unwrap(), &before, &edit, html::pseudo).await;
        let after = html::segments(&client, id).await;
        let renumbered = after.iter().find(|s| {
            let old = before.iter().find(|b| b["id"] == s["id"]);
            old.is_some_and(|old| old["source"] != s["source"])
        });
        let renumbered =
            renumbered.unwrap_or_else(|| panic!("{name}: a kept sentence whose codes were renumbered"));
        assert_eq!(renumbered["revision"], 2, "{name}: its translation carried in a revision: {renumbered}");

        let (status, exported) = super::article_files::export_status(&db, &client, id, "html").await;
        assert_eq!(status, StatusCode::OK, "{name}: {exported}");
        assert_eq!(html::structure(&exported), html::structure(&newer), "{name}: the newer page rebuilt");
        let left = lower(&html::untranslated(&exported).join(" "));
        assert_eq!(left, lower(&format!("{} {ADDED}", reworded(&edit.changed))), "{name}");
        assert!(read_html_document(exported.as_bytes()).is_ok());
        updated += 1;
    }
    assert!(updated >= 3, "pages with what the test edits: {updated}");
}

/// `file` with its main part replaced by `document`.
fn with_document(file: &[u8], document: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in docx::entries(file) {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        let data = if name == "word/document.xml" { document.as_bytes() } else { &data };
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Real Word files updated: a sentence reworded, one removed, a paragraph added at the start of the body.
#[tokio::test]
async fn a_real_word_file_updated_keeps_its_translations_and_exports_the_newer_file_translated() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let limits = DocxLimits::default();
    let mut updated = 0;
    for file in docx::real_files() {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let original = std::fs::read(&file).unwrap();
        let parts = docx::entries(&original);
        let xml =
            parts.iter().find(|(n, _)| n == "word/document.xml").map(|(_, d)| String::from_utf8_lossy(d));
        let Some(xml) = xml.map(|x| x.into_owned()) else { continue };
        let everything: String = parts.iter().map(|(_, d)| String::from_utf8_lossy(d)).collect();
        let Some((id, segments)) = docx::import(&client, &file, "ar").await else { continue };
        let Some(edit) = choose(&segments, &everything) else { continue };
        if xml.matches(&edit.changed).count() != 1 || xml.matches(&edit.removed).count() != 1 {
            continue;
        }
        for segment in &segments {
            docx::save(&client, segment, &docx::pseudo(segment["source"].as_str().unwrap())).await;
        }
        let before = html::segments(&client, id).await;
        let body = xml.find("<w:body>").map(|at| at + "<w:body>".len()).unwrap();
        let mut newer =
            xml.replacen(&edit.changed, &reworded(&edit.changed), 1).replacen(&edit.removed, "", 1);
        newer.insert_str(body, &format!("<w:p><w:r><w:t>{ADDED}</w:t></w:r></w:p>"));
        let newer = with_document(&original, &newer);

        let (status, counts) = update(&client, id, "newer.docx", newer.clone()).await;
        assert_eq!(status, StatusCode::OK, "{name}: {counts}");
        let kept = i64::try_from(before.len()).unwrap() - 2;
        assert_eq!(
            counts,
            json!({"kept": kept, "changed": 1, "added": 1, "removed": 1, "drafted": 0}),
            "{name}"
        );

        let uri = "/api/v1/articles/import?name=newer.docx&source_lang=en&target_lang=ar";
        let (status, fresh) = client.bytes("POST", uri, newer.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{name}");
        let fresh: Value = serde_json::from_slice(&fresh).unwrap();
        check_updated(&client, id, fresh["id"].as_i64().unwrap(), &before, &edit, docx::pseudo).await;

        let (status, exported) = docx::export(&client, id).await;
        assert_eq!(status, StatusCode::OK, "{name}: {}", String::from_utf8_lossy(&exported));
        let paragraphs = read_docx_document(&exported, &limits).unwrap();
        assert_eq!(paragraphs.len(), read_docx_document(&newer, &limits).unwrap().len(), "{name}");
        let text: Vec<String> = paragraphs.iter().map(|p| inline::plain(&p.text)).collect();
        assert_eq!(lower(&text.join(" ")), lower(&format!("{} {ADDED}", reworded(&edit.changed))), "{name}");
        updated += 1;
    }
    assert!(updated >= 1, "a Word file with what the test edits");
}
