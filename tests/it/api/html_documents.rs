//! Web pages as articles (issue 14): a page uploaded through `/articles/import`, translated segment by
//! segment through the API with its codes kept, and exported as the same page translated.

use axum::http::StatusCode;
use regex::Regex;
use serde_json::{json, Value};
use tarjuman::domain::Role;
use tarjuman::inline::{self, Piece};

use crate::support::api::Client;
use crate::support::db::TestDb;

use super::article_files::{export_status, import};

/// A pseudo-translation that leaves no letter as it was: each text piece between codes upper-cased (letters
/// with no case become `X`), the codes kept where they are.
pub(super) fn pseudo(source: &str) -> String {
    let mut out = String::new();
    for piece in inline::pieces(source) {
        match piece {
            Piece::Code(marker) => inline::push_marker(&mut out, marker),
            Piece::Text(text) => {
                for c in text.chars() {
                    match c {
                        c if c.is_alphabetic() && !c.is_uppercase() && !has_case(c) => out.push('X'),
                        c => out.extend(c.to_uppercase()),
                    }
                }
            }
        }
    }
    out
}

fn has_case(c: char) -> bool {
    c.to_uppercase().any(char::is_uppercase)
}

/// The page's links, images, headings, list items, table cells, captions, quotes and emphasis, in order:
/// each start tag's name with its `href` or `src`.
pub(super) fn structure(page: &str) -> Vec<String> {
    let tag = Regex::new(
        r#"(?is)<(a|img|h[1-6]|li|td|th|em|i|b|strong|u|figcaption|blockquote|q|sup|sub|code|p)\b([^>]*)>"#,
    )
    .unwrap();
    let link = Regex::new(r#"(?is)\b(?:href|src)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)"#).unwrap();
    tag.captures_iter(page)
        .map(|c| {
            let target = link.captures(&c[2]).map(|l| l[1].to_owned()).unwrap_or_default();
            format!("{} {target}", c[1].to_ascii_lowercase())
        })
        .collect()
}

/// Letters of the page's text (outside tags, scripts, styles and comments; references dropped) and of its
/// `alt` attributes that are not upper case: source text left untranslated.
pub(super) fn untranslated(page: &str) -> Vec<String> {
    let skeleton = Regex::new(r"(?is)<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->").unwrap();
    let tag = Regex::new(r#"(?s)<[^>]*>"#).unwrap();
    let reference = Regex::new(r"&#?\w+;").unwrap();
    let alt = Regex::new(r#"(?i)\balt\s*=\s*("[^"]*"|'[^']*')"#).unwrap();
    let page = skeleton.replace_all(page, " ");
    let alts = alt.captures_iter(&page).map(|c| c[1].to_owned()).collect::<Vec<_>>().join(" ");
    let text = format!("{} {alts}", tag.replace_all(&page, " "));
    let text = reference.replace_all(&text, " ");
    text.split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_alphabetic() && !c.is_uppercase()))
        .map(str::to_owned)
        .collect()
}

/// The page with the `lang` and `dir` attributes dropped.
fn without_language(page: &str) -> String {
    Regex::new(r#"(?i)\s(lang|dir)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)"#)
        .unwrap()
        .replace_all(page, "")
        .into_owned()
}

/// Every real page of `tests/data/html` (Readability's test pages) with its file name: the checks run on
/// whatever pages are put there.
pub(super) fn real_pages() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/html");
    let mut pages: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    pages.retain(|p| p.extension().is_some_and(|e| e == "html"));
    pages.sort();
    assert!(pages.len() >= 10, "the real pages are there");
    let read = |path: &std::path::PathBuf| std::fs::read_to_string(path).unwrap();
    pages.iter().map(|path| (path.file_name().unwrap().to_string_lossy().into_owned(), read(path))).collect()
}

pub(super) async fn upload(db: &TestDb, client: &Client, name: &str, page: &str) -> (StatusCode, Value) {
    // Without drafts from the memory: the pages share sentences, and the memory's targets of one page carry
    // its codes, not another's (placing them is the memory's business, not the filter's).
    let uri = format!("/api/v1/articles/import?name={name}&source_lang=en&target_lang=ar&pretranslate=false");
    import(db, client, &uri, page).await
}

pub(super) async fn segments(client: &Client, article: i64) -> Vec<Value> {
    let (status, view) = client.get(&format!("/api/v1/articles/{article}")).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    view["segments"].as_array().unwrap().clone()
}

pub(super) async fn save(client: &Client, segment: &Value, target: &str) {
    let body = json!({"target": target, "status": "translated", "base_revision": segment["revision"]});
    let (status, json) = client.put(&format!("/api/v1/segments/{}", segment["id"]), body).await;
    assert_eq!(status, StatusCode::OK, "{json}");
}

#[tokio::test]
async fn real_pages_come_back_translated_with_every_link_image_heading_and_emphasis() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let (mut links, mut coded) = (0, 0);
    for (name, page) in real_pages() {
        let (status, created) = upload(&db, &client, &name, &page).await;
        assert_eq!(status, StatusCode::CREATED, "{name}: {created}");
        let id = created["id"].as_i64().unwrap();

        let (status, unchanged) = export_status(&db, &client, id, "html").await;
        assert_eq!(status, StatusCode::OK, "{name}: {unchanged}");
        assert_eq!(
            without_language(&unchanged),
            without_language(&page),
            "{name}: untranslated, the page as it was"
        );
        assert!(unchanged.contains(" lang=\"ar\" dir=\"rtl\""), "{name}: the target's language");

        let segments = segments(&client, id).await;
        coded += segments.iter().filter(|s| !s["codes"].as_array().unwrap().is_empty()).count();
        for segment in &segments {
            save(&client, segment, &pseudo(segment["source"].as_str().unwrap())).await;
        }
        let (status, translated) = export_status(&db, &client, id, "html").await;
        assert_eq!(status, StatusCode::OK, "{name}: {translated}");
        assert_eq!(structure(&translated), structure(&page), "{name}: the markup kept in order");
        links += structure(&page).iter().filter(|t| t.starts_with("a ")).count();
        assert_eq!(untranslated(&translated), Vec::<String>::new(), "{name}: source text left");
        assert!(!untranslated(&page).is_empty(), "{name}: the check sees the source");
    }
    assert!(links > 100 && coded > 100, "the pages have links ({links}) and segments with codes ({coded})");
}

#[tokio::test]
async fn a_page_whose_translation_lost_a_code_is_not_exported() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let page = "<p>Read <a href=\"/story\">the story</a> now. It is <b>long</b>.</p><p>Fine.</p>";
    let (status, created) = upload(&db, &client, "p.html", page).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let segments = segments(&client, created["id"].as_i64().unwrap()).await;
    let sources: Vec<String> =
        segments.iter().map(|s| inline::tagged(s["source"].as_str().unwrap())).collect();
    assert_eq!(sources, ["Read <1>the story</1> now.", "It is <2>long</2>.", "Fine."]);
    assert_eq!(segments[0]["codes"][0]["title"], "/story");
    save(&client, &segments[1], "Es ist lang.").await;
    let (status, body) = export_status(&db, &client, created["id"].as_i64().unwrap(), "html").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("segment 2") && body.contains("lacks the code <2>"), "{body}");
    assert!(!body.contains("segment 1") && !body.contains("segment 3"), "{body}");
}

#[tokio::test]
async fn a_page_holding_code_characters_is_refused() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let (status, body) = upload(&db, &client, "p.html", "<p>One&#xF0001; two</p>").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("reserved for inline codes"), "{body}");
}

/// The round trip a newsroom runs before real work on a new kind of page: every real page imported, its
/// pseudo-translation exported as XLIFF 1.2 (every text run changed, every code in place), that file taken
/// back into the article as another tool would return it, and the page exported: every link, image, heading,
/// list item, cell and emphasis in place, and no source text left.
#[tokio::test]
async fn real_pages_go_out_as_pseudo_translated_xliff_and_come_back_as_translated_pages() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    for (name, page) in real_pages() {
        let (status, created) = upload(&db, &client, &name, &page).await;
        assert_eq!(status, StatusCode::CREATED, "{name}: {created}");
        let id = created["id"].as_i64().unwrap();

        let (status, xliff) = export_status(&db, &client, id, "xliff12&pseudo=upper").await;
        assert_eq!(status, StatusCode::OK, "{name}: {xliff}");
        let (status, report) = import(&db, &client, &format!("/api/v1/articles/{id}/import"), &xliff).await;
        assert_eq!(status, StatusCode::OK, "{name}: {report}");
        assert_eq!(report["conflicts"], json!([]), "{name}: {report}");
        let sources = segments(&client, id).await;
        assert!(sources.iter().all(|s| s["revision"] == 1), "{name}: every segment translated by the file");

        let (status, translated) = export_status(&db, &client, id, "html").await;
        assert_eq!(status, StatusCode::OK, "{name}: {translated}");
        assert_eq!(structure(&translated), structure(&page), "{name}: the markup kept in order");
        assert_eq!(untranslated(&translated), Vec::<String>::new(), "{name}: source text left");
    }
}
