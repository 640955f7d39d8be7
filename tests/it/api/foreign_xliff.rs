//! Other tools' XLIFF 1.x files (issue 14): imported as a new article, translated through the API, exported
//! as that same file with the targets filled in, which translate-toolkit reads back with the same units and
//! the codes where they were. The files are in `tests/data/xliff-tools/` (see its README).

use axum::http::StatusCode;
use serde_json::{json, Value};
use tarjuman::domain::Role;
use tarjuman::formats::xliff12::read_xliff12_document;
use tarjuman::inline::{self, Piece};

use crate::formats::third_party::translate_toolkit_files;
use crate::support::api::Client;
use crate::support::db::TestDb;

const FILES: [&str; 6] = [
    "memoq.mqxliff",
    "trados.sdlxliff",
    "okapi-rainbow.xlf",
    "omegat-utf16.xlf",
    "worldserver-1252.xlf",
    "xliff11-prefixed.xlf",
];

fn tool_file(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/xliff-tools/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The translation a translator types: each text run marked and upper-cased, every code where it was.
pub(super) fn translate(source: &str) -> String {
    let mut out = String::new();
    for piece in inline::pieces(source) {
        match piece {
            Piece::Text(text) => out.push_str(&format!("EN {}", text.to_uppercase())),
            Piece::Code(marker) => inline::push_marker(&mut out, marker),
        }
    }
    out
}

/// A unit's codes as translate-toolkit reads them, Trados' segment marks left out.
pub(super) fn codes(unit: &Value, side: &str) -> Vec<String> {
    let all = unit[side].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned());
    all.filter(|c| !c.starts_with("mrk:")).collect()
}

#[tokio::test]
async fn another_tools_xliff_comes_back_as_that_file_translated() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    for name in FILES {
        let original = tool_file(name);
        let (status, body) =
            client.bytes("POST", &format!("/api/v1/articles/import?name={name}"), original.clone()).await;
        let created: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(status, StatusCode::CREATED, "{name}: {created}");
        let id = created["id"].as_i64().unwrap();
        let (_, view) = client.get(&format!("/api/v1/articles/{id}")).await;
        let segments = view["segments"].as_array().unwrap().clone();
        let expected_segments = read_xliff12_document(&original).unwrap().units().count();
        assert_eq!(segments.len(), expected_segments, "{name}: {view}");
        for segment in &segments {
            let source = segment["source"].as_str().unwrap();
            let body = json!({
                "target": translate(source),
                "status": "translated",
                "base_revision": segment["revision"],
            });
            let (status, json) = client.put(&format!("/api/v1/segments/{}", segment["id"]), body).await;
            assert_eq!(status, StatusCode::OK, "{name}: {json}");
        }

        let (status, exported) =
            client.bytes("GET", &format!("/api/v1/articles/{id}/export?format=xliff12"), Vec::new()).await;
        assert_eq!(status, StatusCode::OK, "{name}: {}", String::from_utf8_lossy(&exported));
        // In its own encoding (UTF-16 with its byte-order mark, windows-1252), with its own declaration.
        assert_eq!(exported[..8], original[..8], "{name}: the file starts as it did");

        // Every translatable unit has its translation with its codes as the source's elements.
        let back = read_xliff12_document(&exported).unwrap();
        let sources: Vec<_> = segments.iter().map(|s| s["source"].as_str().unwrap().to_owned()).collect();
        let targets: Vec<_> = back.units().map(|u| u.target.clone().unwrap_or_default()).collect();
        assert_eq!(targets, sources.iter().map(|s| translate(s)).collect::<Vec<_>>(), "{name}");

        let report =
            translate_toolkit_files(&[("xliff12.original", &original), ("xliff12.export", &exported)]);
        let (before, after) =
            (report["xliff12.original"].as_array().unwrap(), report["xliff12.export"].as_array().unwrap());
        assert_same_units(name, before, after, codes);
    }
}

/// What translate-toolkit reads in a file given back (`after`) against the file imported (`before`): the
/// same units with the same sources and source codes; a translated unit's target with the source's codes
/// (as `codes` lists them), any other unit as it was.
pub(super) fn assert_same_units(
    name: &str,
    before: &[Value],
    after: &[Value],
    codes: fn(&Value, &str) -> Vec<String>,
) {
    assert_eq!(before.len(), after.len(), "{name}: the same units");
    for (before, after) in before.iter().zip(after) {
        assert_eq!(before["id"], after["id"], "{name}");
        assert_eq!(before["source"], after["source"], "{name}: sources untouched");
        assert_eq!(codes(before, "source_codes"), codes(after, "source_codes"), "{name}");
        let translated = after["target"].as_str().is_some_and(|t| t.contains("EN "));
        if translated {
            assert_eq!(codes(after, "target_codes"), codes(after, "source_codes"), "{name}: {after}");
        } else {
            assert_eq!(before["target"], after["target"], "{name}: a unit not translated here is as it was");
        }
    }
}

#[tokio::test]
async fn a_locked_unit_and_a_tm_match_are_not_taken_as_translations() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let (status, body) =
        client.bytes("POST", "/api/v1/articles/import?name=memoq.mqxliff", tool_file("memoq.mqxliff")).await;
    assert_eq!(status, StatusCode::CREATED);
    let created: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        (created["source_lang"].as_str(), created["target_lang"].as_str()),
        (Some("ar"), Some("en-US"))
    );
    let (_, view) = client.get(&format!("/api/v1/articles/{}", created["id"])).await;
    let segments = view["segments"].as_array().unwrap();
    let sources: Vec<_> = segments.iter().map(|s| inline::plain(s["source"].as_str().unwrap())).collect();
    assert!(!sources.contains(&"CSTO".to_owned()), "translate=\"no\" is not a segment: {sources:?}");
    assert_eq!(segments.len(), 3);
    // The unit's own target is taken; its alt-trans (a memory match) is not.
    assert_eq!(
        inline::plain(segments[1]["target"].as_str().unwrap()),
        "The president said the situation is stable."
    );
    assert_eq!(segments[1]["status"], "translated", "needs-review-translation is translated, not reviewed");
    assert_eq!(segments[0]["revision"], 0, "an empty target is no translation");
    let codes = segments[0]["codes"].as_array().unwrap();
    assert_eq!(codes.len(), 1, "{view}");
    assert_eq!(codes[0]["open"], "<bpt id=\"1\" ctype=\"bold\">{}</bpt>");
    assert_eq!(codes[0]["close"], "<ept id=\"1\">{}</ept>");
}

/// Whether `text` has an Arabic letter.
fn has_arabic(text: &str) -> bool {
    text.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c))
}

#[tokio::test]
async fn a_pseudo_translation_goes_out_and_back_in_with_its_codes() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let (_, body) =
        client.bytes("POST", "/api/v1/articles/import?name=memoq.mqxliff", tool_file("memoq.mqxliff")).await;
    let id = serde_json::from_slice::<Value>(&body).unwrap()["id"].as_i64().unwrap();

    let uri = format!("/api/v1/articles/{id}/export?format=xliff2&pseudo=accented");
    let (status, pseudo) = client.bytes("GET", &uri, Vec::new()).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pseudo));
    let (status, body) = client.bytes("POST", &format!("/api/v1/articles/{id}/import"), pseudo).await;
    let report: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["applied"], 3, "{report}");

    let (_, view) = client.get(&format!("/api/v1/articles/{id}")).await;
    for segment in view["segments"].as_array().unwrap() {
        let (source, target) = (segment["source"].as_str().unwrap(), segment["target"].as_str().unwrap());
        assert!(!has_arabic(target), "no source text is left: {target}");
        assert_eq!(inline::markers(target).collect::<Vec<_>>(), inline::markers(source).collect::<Vec<_>>());
        let grown =
            inline::plain(target).chars().count() as f64 / inline::plain(source).chars().count() as f64;
        assert!(grown > 1.2, "padded: {target}");
    }
    // The memoQ file back out carries the pseudo-translation in memoQ's own codes.
    let (_, exported) =
        client.bytes("GET", &format!("/api/v1/articles/{id}/export?format=xliff12"), Vec::new()).await;
    let text = String::from_utf8(exported).unwrap();
    assert!(text.contains("<ept id=\"1\">{}</ept>"), "{text}");
    let back = read_xliff12_document(text.as_bytes()).unwrap();
    assert!(back.units().all(|u| u.target.as_deref().is_some_and(|t| !has_arabic(t))), "{text}");

    let uri = format!("/api/v1/articles/{id}/export?format=xliff12&pseudo=klingon");
    let (status, body) = client.bytes("GET", &uri, Vec::new()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", String::from_utf8_lossy(&body));
}
