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

const FILES: [&str; 7] = [
    "memoq.mqxliff",
    "trados.sdlxliff",
    "okapi-rainbow.xlf",
    "omegat-utf16.xlf",
    "omegat-3.6.xlf",
    "worldserver-1252.xlf",
    "xliff11-prefixed.xlf",
];

fn tool_file(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/xliff-tools/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Imports `tests/data/xliff-tools/{name}` as a new article: its id.
pub(crate) async fn import_tool_file(client: &Client, name: &str) -> i64 {
    let uri = format!("/api/v1/articles/import?name={name}");
    let (status, body) = client.bytes("POST", &uri, tool_file(name)).await;
    let created: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(status, StatusCode::CREATED, "{name}: {created}");
    created["id"].as_i64().unwrap()
}

/// Imports a file of another tool written in a test, named `name`: its id and segments.
async fn import_sample(client: &Client, name: &str, file: &str) -> (i64, Vec<Value>) {
    let uri = format!("/api/v1/articles/import?name={name}");
    let (status, body) = client.bytes("POST", &uri, file.as_bytes().to_vec()).await;
    let created: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(status, StatusCode::CREATED, "{name}: {created}");
    let id = created["id"].as_i64().unwrap();
    let (_, view) = client.get(&format!("/api/v1/articles/{id}")).await;
    (id, view["segments"].as_array().unwrap().clone())
}

/// Each segment's translation (its text between codes), status and lock.
fn shown(segments: &[Value]) -> Vec<(String, String, bool)> {
    let field = |s: &Value, name: &str| s[name].as_str().unwrap().to_owned();
    segments
        .iter()
        .map(|s| (inline::plain(&field(s, "target")), field(s, "status"), s["locked"].as_bool().unwrap()))
        .collect()
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
        for segment in segments.iter().filter(|s| s["locked"] == false) {
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
        // A locked unit keeps the target it came with.
        let back = read_xliff12_document(&exported).unwrap();
        let expected: Vec<_> = read_xliff12_document(&original)
            .unwrap()
            .units()
            .map(|u| if u.locked { u.target.clone().unwrap_or_default() } else { translate(&u.source) })
            .collect();
        let targets: Vec<_> = back.units().map(|u| u.target.clone().unwrap_or_default()).collect();
        assert_eq!(targets, expected, "{name}");

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

/// The start and end tag and everything between of the first element `<{name} id="{id}"`.
fn element<'t>(text: &'t str, name: &str, id: &str) -> &'t str {
    let start = text.find(&format!("<{name} id=\"{id}\"")).unwrap_or_else(|| panic!("no {name} {id}"));
    let close = format!("</{name}>");
    let end = start + text[start..].find(&close).unwrap() + close.len();
    &text[start..end]
}

#[tokio::test]
async fn a_locked_unit_is_kept_read_only_and_given_back_as_it_was() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let original = tool_file("memoq.mqxliff");
    let (status, body) =
        client.bytes("POST", "/api/v1/articles/import?name=memoq.mqxliff", original.clone()).await;
    assert_eq!(status, StatusCode::CREATED);
    let created: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        (created["source_lang"].as_str(), created["target_lang"].as_str()),
        (Some("ar"), Some("en-US"))
    );
    let id = created["id"].as_i64().unwrap();
    let (_, view) = client.get(&format!("/api/v1/articles/{id}")).await;
    let segments = view["segments"].as_array().unwrap();
    let locked: Vec<_> = segments.iter().map(|s| s["locked"].as_bool().unwrap()).collect();
    assert_eq!(locked, [false, false, true, false], "translate=\"no\" is a locked segment: {view}");
    let csto = &segments[2];
    assert_eq!((csto["source"].as_str(), csto["target"].as_str()), (Some("CSTO"), Some("CSTO")));
    // The unit's own target is taken; its alt-trans (a memory match) is not.
    assert_eq!(
        inline::plain(segments[1]["target"].as_str().unwrap()),
        "The president said the situation is stable."
    );
    assert_eq!(
        segments[1]["status"], "initial",
        "memoQ's PartiallyEdited is a draft, whatever the target's state"
    );
    assert_eq!(segments[0]["revision"], 0, "an empty target is no translation");
    let codes = segments[0]["codes"].as_array().unwrap();
    assert_eq!(codes.len(), 1, "{view}");
    assert_eq!(codes[0]["open"], "<bpt id=\"1\" ctype=\"bold\">{}</bpt>");
    assert_eq!(codes[0]["close"], "<ept id=\"1\">{}</ept>");

    // Every change to it is refused, saying why, and changes nothing.
    let uri = format!("/api/v1/segments/{}", csto["id"]);
    let save = json!({"target": "Collective Security Treaty", "status": "translated", "base_revision": csto["revision"]});
    let (status, refused) = client.put(&uri, save).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    let message = refused["error"]["message"].as_str().unwrap();
    assert!(message.contains("locked") && message.contains("not to be translated"), "{message}");
    let (status, refused) = client.post(&format!("{uri}/split"), json!({"offset": 2})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    let (status, refused) = client
        .post(&format!("{uri}/machine-translations"), json!({"engine": "libre", "base_revision": 1}))
        .await;
    assert!(status.is_client_error(), "{status} {refused}");
    let (_, drafts) = client.get(&format!("{uri}/machine-translations")).await;
    assert_eq!(drafts, json!([]), "nothing to draft");
    let (_, after) = client.get(&format!("/api/v1/articles/{id}")).await;
    assert_eq!(after["segments"], view["segments"], "nothing changed");

    // No work to do: progress counts the three segments to translate only.
    let (_, progress) = client.get(&format!("/api/v1/articles/{id}/progress")).await;
    assert_eq!(progress["total"]["segments"], 3, "{progress}");
    // And the checks flag nothing in it (its target is its source, which they would flag elsewhere).
    let (status, report) = client.get(&format!("/api/v1/articles/{id}/qa")).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let checked = report["segments"].as_array().unwrap().iter().find(|s| s["id"] == csto["id"]).unwrap();
    assert_eq!(checked["findings"], json!([]), "{report}");

    // memoQ gets the unit back byte for byte, whatever else was translated.
    let first = &segments[0];
    let body = json!({"target": translate(first["source"].as_str().unwrap()), "status": "translated", "base_revision": 0});
    let (status, _) = client.put(&format!("/api/v1/segments/{}", first["id"]), body).await;
    assert_eq!(status, StatusCode::OK);
    let (_, exported) =
        client.bytes("GET", &format!("/api/v1/articles/{id}/export?format=xliff12"), Vec::new()).await;
    let (original, exported) = (String::from_utf8(original).unwrap(), String::from_utf8(exported).unwrap());
    assert_eq!(element(&exported, "trans-unit", "3"), element(&original, "trans-unit", "3"));
    assert_ne!(element(&exported, "trans-unit", "1"), element(&original, "trans-unit", "1"));

    // tarjuman's own XLIFF 2 says it too.
    let (_, own) =
        client.bytes("GET", &format!("/api/v1/articles/{id}/export?format=xliff2"), Vec::new()).await;
    let own = String::from_utf8(own).unwrap();
    assert!(element(&own, "unit", "p3").contains("translate=\"no\""), "{own}");
    assert!(!element(&own, "unit", "p1").contains("translate="), "{own}");
}

#[tokio::test]
async fn the_files_earlier_matches_are_suggestions_not_translations() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let id = import_tool_file(&client, "memoq.mqxliff").await;
    let (_, view) = client.get(&format!("/api/v1/articles/{id}")).await;
    let segments = view["segments"].as_array().unwrap();

    let suggestions = |segment: &Value| {
        let uri = format!("/api/v1/segments/{}/suggestions", segment["id"]);
        let client = &client;
        async move {
            let (status, json) = client.get(&uri).await;
            assert_eq!(status, StatusCode::OK, "{json}");
            json.as_array().unwrap().iter().filter(|s| s["origin"] == "file").cloned().collect::<Vec<_>>()
        }
    };
    let offered = suggestions(&segments[1]).await;
    assert_eq!(offered.len(), 1, "{offered:?}");
    assert_eq!(offered[0]["target"], "The minister said the situation is stable.");
    assert_eq!(
        (offered[0]["file_origin"].as_str(), offered[0]["match_quality"].as_str()),
        (Some("TM-newsroom"), Some("88"))
    );
    assert!(offered[0]["score"]["percent"].as_u64().unwrap() < 100, "{offered:?}");

    // Unit 4: an engine's proposal with codes, brought to the segment's codes, and a match without a source.
    let last = &segments[3];
    assert_eq!(last["revision"], 0, "no alt-trans is taken as the target: {last}");
    let offered = suggestions(last).await;
    let targets: Vec<_> = offered.iter().map(|s| inline::plain(s["target"].as_str().unwrap())).collect();
    assert_eq!(targets, ["The internet went down in the city.", "The internet was cut."], "{offered:?}");
    assert_eq!(
        (offered[0]["file_origin"].as_str(), offered[0]["match_quality"].as_str()),
        (Some("MT-engine"), Some("76%"))
    );
    assert_eq!(offered[1]["file_origin"], "TM-archive");
    let source = last["source"].as_str().unwrap();
    let theirs: Vec<_> = inline::markers(offered[0]["target"].as_str().unwrap()).collect();
    assert_eq!(theirs.len(), 2, "the italic pair kept: {offered:?}");
    assert!(theirs.iter().all(|m| inline::markers(source).any(|s| s == *m)), "only the segment's codes");
    // Taken like any suggestion: it is saved as the translator's text.
    let body = json!({"target": offered[0]["target"], "status": "translated", "base_revision": 0});
    let (status, saved) = client.put(&format!("/api/v1/segments/{}", last["id"]), body).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
}

#[tokio::test]
async fn an_xliff2_unit_or_group_marked_translate_no_is_locked() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let id = import_tool_file(&client, "xliff2-locked.xlf").await;
    let (_, view) = client.get(&format!("/api/v1/articles/{id}")).await;
    let segments = view["segments"].as_array().unwrap();
    let locked: Vec<_> = segments.iter().map(|s| s["locked"].as_bool().unwrap()).collect();
    // u2 says it, u3 inherits it from its group, u4 from the group around its own.
    assert_eq!(locked, [false, true, true, true, false], "{view}");
    assert_eq!(segments[1]["target"], "CSTO-2022/01");
    for segment in &segments[1..4] {
        let body = json!({"target": "x", "status": "translated", "base_revision": segment["revision"]});
        let (status, refused) = client.put(&format!("/api/v1/segments/{}", segment["id"]), body).await;
        assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    }
    let (status, _) = client
        .put(
            &format!("/api/v1/segments/{}", segments[0]["id"]),
            json!({"target": "The CSTO sent troops.", "status": "translated", "base_revision": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // Out as XLIFF 2 and as tarjuman's XLIFF 1.2, the same units are marked, and read back locked.
    for (format, read) in [
        ("xliff2", tarjuman::formats::xliff2::read_xliff2 as fn(&[u8]) -> _),
        ("xliff12", tarjuman::formats::xliff12::read_xliff12),
    ] {
        let uri = format!("/api/v1/articles/{id}/export?format={format}");
        let (status, file) = client.bytes("GET", &uri, Vec::new()).await;
        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&file));
        let back: Vec<_> = read(&file).unwrap().units().map(|u| u.locked).collect();
        assert_eq!(back, locked, "{format}: {}", String::from_utf8_lossy(&file));
    }
}

/// Whether `text` has an Arabic letter.
fn has_arabic(text: &str) -> bool {
    text.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c))
}

#[tokio::test]
async fn a_pseudo_translation_goes_out_and_back_in_with_its_codes() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let id = import_tool_file(&client, "memoq.mqxliff").await;

    let uri = format!("/api/v1/articles/{id}/export?format=xliff2&pseudo=accented");
    let (status, pseudo) = client.bytes("GET", &uri, Vec::new()).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pseudo));
    let (status, body) = client.bytes("POST", &format!("/api/v1/articles/{id}/import"), pseudo).await;
    let report: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["applied"], 3, "{report}");

    let (_, view) = client.get(&format!("/api/v1/articles/{id}")).await;
    for segment in view["segments"].as_array().unwrap().iter().filter(|s| s["locked"] == false) {
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

/// Saves `target` as segment `segment`'s translation.
async fn save(client: &Client, segment: &Value, target: &str) {
    let body = json!({"target": target, "status": "translated", "base_revision": segment["revision"]});
    let (status, json) = client.put(&format!("/api/v1/segments/{}", segment["id"]), body).await;
    assert_eq!(status, StatusCode::OK, "a half-done translation is saved: {json}");
}

#[tokio::test]
async fn a_translation_that_would_break_the_file_is_refused_by_segment() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    // Trados' second segment holds a `<g>` (an element around text), Okapi's second unit a `<bx>`/`<ex>` pair.
    for name in ["trados.sdlxliff", "okapi-rainbow.xlf"] {
        let id = import_tool_file(&client, name).await;
        let (_, view) = client.get(&format!("/api/v1/articles/{id}")).await;
        let segment = &view["segments"][1];
        let source = segment["source"].as_str().unwrap();
        let close = inline::markers(source).find(|m| matches!(m, inline::Marker::Close(_))).unwrap();
        let open = inline::Marker::Open(close.id()).to_char().unwrap();
        save(&client, segment, &translate(source).replace(close.to_char().unwrap(), "")).await;

        let uri = format!("/api/v1/articles/{id}/export?format=xliff12");
        let (status, body) = client.bytes("GET", &uri, Vec::new()).await;
        let message = String::from_utf8_lossy(&body);
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {message}");
        let tag = inline::tagged(&open.to_string());
        assert!(message.contains("segment 2") && message.contains(&tag), "{name}: {message}");
        assert!(!message.contains("segment 1"), "{name}: only the broken segment is named: {message}");

        // The translation with both halves goes out, its pair written as the source's elements.
        let (_, view) = client.get(&format!("/api/v1/articles/{id}")).await;
        save(&client, &view["segments"][1], &translate(source)).await;
        let (status, body) = client.bytes("GET", &uri, Vec::new()).await;
        assert_eq!(status, StatusCode::OK, "{name}: {}", String::from_utf8_lossy(&body));
        let back = read_xliff12_document(&body).unwrap();
        assert_eq!(
            back.units().nth(1).unwrap().target.as_deref(),
            Some(translate(source).as_str()),
            "{name}"
        );
    }
}

/// A paragraph of two units, each with earlier matches of the file, one match offered for both.
const MATCHED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="wire.docx" source-language="ar" target-language="en" datatype="x-docx"><body>
  <group id="p1">
   <trans-unit id="1"><source>قال الوزير إن الوضع مستقر في المدينة.</source>
    <alt-trans origin="TM-a" match-quality="83"><source>قال الوزير إن الوضع هادئ في المدينة.</source>
     <target>The minister said the city is calm.</target></alt-trans>
    <alt-trans origin="TM-shared" match-quality="70"><target>A match for both.</target></alt-trans>
   </trans-unit>
   <trans-unit id="2"><source>وأضاف أن القوات ستبقى.</source>
    <alt-trans origin="TM-shared" match-quality="70"><target>A match for both.</target></alt-trans>
    <alt-trans origin="TM-b" match-quality="75"><source>وأضاف أن الجنود سيبقون.</source>
     <target>He added that the soldiers would stay.</target></alt-trans>
   </trans-unit>
  </group>
 </body></file>
</xliff>
"#;

/// The targets of a segment's suggestions that its file offered, sorted.
async fn file_matches(client: &Client, segment: &Value) -> Vec<String> {
    let (status, json) = client.get(&format!("/api/v1/segments/{}/suggestions", segment["id"])).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let offered = json.as_array().unwrap().iter().filter(|s| s["origin"] == "file");
    let mut targets: Vec<String> = offered.map(|s| s["target"].as_str().unwrap().to_owned()).collect();
    targets.sort();
    targets
}

#[tokio::test]
async fn the_files_matches_stay_with_a_split_or_merged_segment() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let import = || async {
        let (status, body) =
            client.bytes("POST", "/api/v1/articles/import?name=wire.xlf", MATCHED.as_bytes().to_vec()).await;
        let created: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let (_, view) = client.get(&format!("/api/v1/articles/{}", created["id"])).await;
        view["segments"].as_array().unwrap().clone()
    };
    let (a, shared, b) = (
        "The minister said the city is calm.",
        "A match for both.",
        "He added that the soldiers would stay.",
    );

    let segments = import().await;
    assert_eq!(file_matches(&client, &segments[0]).await, [shared, a]);
    let (status, parts) =
        client.post(&format!("/api/v1/segments/{}/split", segments[0]["id"]), json!({"offset": 10})).await;
    assert_eq!(status, StatusCode::OK, "{parts}");
    assert_eq!(file_matches(&client, &parts[0]).await, [shared, a], "the first part keeps them");

    // Merged: both segments' matches, the one they share once.
    let segments = import().await;
    let (status, merged) =
        client.post(&format!("/api/v1/segments/{}/merge", segments[0]["id"]), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{merged}");
    assert_eq!(file_matches(&client, &merged).await, [shared, b, a]);
}

/// An article updated with a newer version from another tool, which carries that tool's earlier matches
/// ([`MATCHED`]), exported in `format`.
async fn exported_with_matches(client: &Client, format: &str) -> Vec<u8> {
    let body = json!({"title": "Wire", "source_lang": "ar", "target_lang": "en", "text": "قال المتحدث إن الوضع مستقر."});
    let (status, created) = client.post("/api/v1/articles", body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let uri = format!("/api/v1/articles/{id}/update?name=wire.xlf");
    let (status, counts) = client.bytes("POST", &uri, MATCHED.as_bytes().to_vec()).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&counts));
    let uri = format!("/api/v1/articles/{id}/export?format={format}");
    let (status, exported) = client.bytes("GET", &uri, Vec::new()).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&exported));
    exported
}

#[tokio::test]
async fn tarjumans_own_xliff12_gives_the_files_matches_to_the_next_tool() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let exported = exported_with_matches(&client, "xliff12").await;
    crate::support::xml::validate(&exported, "--schema", "xliff-1.2/xliff-core-1.2-strict.xsd", "own.xlf");
    let report = translate_toolkit_files(&[("xliff12", &exported)]);
    let offered: Vec<Vec<(Value, Value, Value)>> = report["xliff12"]
        .as_array()
        .unwrap()
        .iter()
        .map(|unit| {
            let alternatives = unit["alt_trans"].as_array().unwrap().iter();
            alternatives.map(|a| (a["origin"].clone(), a["source"].clone(), a["target"].clone())).collect()
        })
        .collect();
    let (first, second) = ("قال الوزير إن الوضع هادئ في المدينة.", "وأضاف أن الجنود سيبقون.");
    assert_eq!(
        offered,
        [
            vec![
                (json!("TM-a"), json!(first), json!("The minister said the city is calm.")),
                // Without a source of its own, translate-toolkit gives the match the unit's.
                (
                    json!("TM-shared"),
                    json!("قال الوزير إن الوضع مستقر في المدينة."),
                    json!("A match for both.")
                ),
            ],
            vec![
                (json!("TM-shared"), json!("وأضاف أن القوات ستبقى."), json!("A match for both.")),
                (json!("TM-b"), json!(second), json!("He added that the soldiers would stay.")),
            ],
        ],
        "{}",
        String::from_utf8_lossy(&exported)
    );
    // Read back as suggestions, not translations, with the quality the file gave.
    let back = tarjuman::formats::xliff12::read_xliff12(&exported).unwrap();
    let unit = back.units().next().unwrap();
    assert_eq!(unit.target, None);
    assert_eq!(unit.alternatives[0].quality.as_deref(), Some("83"));
}

/// A memoQ unit as memoQ writes a link in underlined text: `rid` and `id` number the pairs apart (the
/// underline is `id` 1 without `rid`, the link `rid` 1), and the pairs cross.
const MEMOQ_LINK: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="MQXliff">
<file original="wire.docx" source-language="ar" target-language="en-gb" datatype="x-docx">
<header><tool tool-id="MQ" tool-name="MemoQ" tool-version="12.0.10" tool-company="Kilgray" /></header>
<body>
<trans-unit id="10" mq:status="NotStarted" mq:segmentguid="g10">
<source xml:space="preserve" mq:segpart="10"><bpt id="1" ctype="underlined">{}</bpt><bpt id="2" rid="1">&lt;hlnk id=&quot;rId6&quot; href=&quot;@g11&quot;&gt;</bpt><bpt id="3" rid="2">&lt;rpr id=&quot;0&quot;&gt;</bpt>نابولي<ept id="1">{}</ept><ept id="4" rid="2">&lt;/rpr id=&quot;0&quot; transform=&quot;close&quot;&gt;</ept><ept id="5" rid="1">&lt;/hlnk&gt;</ept>، إيطاليا</source>
<target xml:space="preserve"></target>
</trans-unit>
</body>
</file>
</xliff>
"#;

/// The same matches in tarjuman's own XLIFF 2, in the Translation Candidates module: valid against its schema,
/// each naming its segment, and read back as that segment's suggestions.
#[tokio::test]
async fn tarjumans_own_xliff2_gives_the_files_matches_to_the_next_tool() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let exported = exported_with_matches(&client, "xliff2").await;
    crate::support::xml::validate(&exported, "--schema", "xliff-2/with-modules.xsd", "own-matches.xlf");
    let text = String::from_utf8(exported.clone()).unwrap();
    assert_eq!(text.matches("<mtc:match ").count(), 4, "{text}");
    assert!(text.contains("origin=\"TM-a\" matchQuality=\"83\""), "{text}");

    // Read back as a new article, each segment is offered the matches it was offered here.
    let uri = "/api/v1/articles/import?name=own.xlf&pretranslate=false";
    let (status, body) = client.bytes("POST", uri, exported).await;
    assert_eq!(status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    let again = serde_json::from_slice::<Value>(&body).unwrap()["id"].as_i64().unwrap();
    let (_, view) = client.get(&format!("/api/v1/articles/{again}")).await;
    let mut offered = Vec::new();
    for segment in view["segments"].as_array().unwrap() {
        let (_, suggestions) = client.get(&format!("/api/v1/segments/{}/suggestions", segment["id"])).await;
        let from_file = suggestions.as_array().unwrap().iter().filter(|s| s["origin"] == "file");
        let mut origins: Vec<String> =
            from_file.map(|s| s["file_origin"].as_str().unwrap().to_owned()).collect();
        origins.sort();
        offered.push(origins);
    }
    assert_eq!(offered, [vec!["TM-a", "TM-shared"], vec!["TM-b", "TM-shared"]], "{view}");
}

#[tokio::test]
async fn memoqs_pairs_numbered_by_rid_and_by_id_stay_apart() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let (id, segments) = import_sample(&client, "wire.mqxliff", MEMOQ_LINK).await;
    let segment = &segments[0];
    let source = segment["source"].as_str().unwrap();
    let markers: Vec<_> = inline::markers(source).collect();
    let mut distinct = markers.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!((markers.len(), distinct.len()), (6, 6), "three pairs, each code once: {markers:?}");
    save(&client, segment, &translate(source)).await;

    let (status, exported) =
        client.bytes("GET", &format!("/api/v1/articles/{id}/export?format=xliff12"), Vec::new()).await;
    let text = String::from_utf8(exported.clone()).unwrap();
    assert_eq!(status, StatusCode::OK, "{text}");
    let target = &text[text.find("<target").unwrap()..text.find("</target>").unwrap()];
    for code in [
        "<bpt id=\"1\"",
        "<bpt id=\"2\" rid=\"1\">&lt;hlnk",
        "<bpt id=\"3\"",
        "<ept id=\"1\">",
        "<ept id=\"4\"",
        "<ept id=\"5\"",
    ] {
        assert_eq!(target.matches(code).count(), 1, "{code} once in the target: {target}");
    }
    let report = translate_toolkit_files(&[
        ("xliff12.original", MEMOQ_LINK.as_bytes()),
        ("xliff12.export", &exported),
    ]);
    let (before, after) =
        (report["xliff12.original"].as_array().unwrap(), report["xliff12.export"].as_array().unwrap());
    assert_same_units("memoQ link", before, after, codes);
}

/// Trados Studio segments whose status is their `<sdl:seg>`'s: one not translated whose target is a copy of
/// its source (`origin="source"`), one signed off and locked, one a machine draft.
const TRADOS_STATUS: &str = r#"<?xml version="1.0" encoding="utf-8"?><xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2" sdl:version="1.0"><file original="wire.docx" datatype="x-sdlfilterframework2" source-language="ar-SA" target-language="en-US"><header><sdl:filetype-info><sdl:filetype-id>Word 2007 v 2.0.0.0</sdl:filetype-id></sdl:filetype-info></header><body><group><sdl:cxts><sdl:cxt id="1"/></sdl:cxts><trans-unit id="u1"><source>قال الوزير إن الوضع مستقر. وأضاف أن القوات ستبقى. وانقطع الإنترنت.</source><seg-source><mrk mtype="seg" mid="1">قال الوزير إن الوضع مستقر.</mrk> <mrk mtype="seg" mid="2">وأضاف أن القوات ستبقى.</mrk> <mrk mtype="seg" mid="3">وانقطع الإنترنت.</mrk></seg-source><target><mrk mtype="seg" mid="1">قال الوزير إن الوضع مستقر.</mrk> <mrk mtype="seg" mid="2">He added that the troops would stay.</mrk> <mrk mtype="seg" mid="3">The internet went down.</mrk></target><sdl:seg-defs><sdl:seg id="1" origin="source"/><sdl:seg id="2" conf="ApprovedSignOff" origin="tm" percent="100" locked="true"/><sdl:seg id="3" conf="Draft" origin="mt"/></sdl:seg-defs></trans-unit></group></body></file></xliff>"#;

#[tokio::test]
async fn a_trados_segments_status_and_lock_are_its_sdl_segs() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let (id, segments) = import_sample(&client, "wire.sdlxliff", TRADOS_STATUS).await;
    let expected = [
        ("", "initial", false),
        ("He added that the troops would stay.", "translated", true),
        ("The internet went down.", "initial", false),
    ];
    assert_eq!(
        shown(&segments),
        expected.map(|(t, s, l)| (t.to_owned(), s.to_owned(), l)),
        "the copy of the source is no translation; the signed-off segment is locked; the draft is a draft"
    );

    save(&client, &segments[0], "The minister said the situation is stable.").await;
    let (status, exported) =
        client.bytes("GET", &format!("/api/v1/articles/{id}/export?format=xliff12"), Vec::new()).await;
    let text = String::from_utf8(exported).unwrap();
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(text.contains(r#"<sdl:seg id="1" origin="source" conf="Translated"/>"#), "{text}");
    assert!(
        text.contains(r#"<mrk mtype="seg" mid="1">The minister said the situation is stable.</mrk>"#),
        "{text}"
    );
    assert!(
        text.contains(r#"<sdl:seg id="2" conf="ApprovedSignOff" origin="tm" percent="100" locked="true"/>"#)
    );
    assert!(
        text.contains(r#"<sdl:seg id="3" conf="Draft" origin="mt"/>"#),
        "an untouched draft stays: {text}"
    );
}

/// memoQ units whose status is their `mq:status` (memoQ writes no XLIFF `state`): not started, edited but not
/// confirmed, confirmed by the first reviewer, and confirmed and locked in memoQ (`mq:locked`).
const MEMOQ_STATUS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="MQXliff">
<file original="wire.docx" source-language="ar" target-language="en-gb" datatype="x-docx">
<body>
<trans-unit id="1" mq:status="NotStarted" mq:segmentguid="a1"><source xml:space="preserve">قال الوزير إن الوضع مستقر.</source><target xml:space="preserve"></target></trans-unit>
<trans-unit id="2" mq:status="PartiallyEdited" mq:percent="0"><source xml:space="preserve">وأضاف أن القوات ستبقى.</source><target xml:space="preserve">He added that</target></trans-unit>
<trans-unit id="3" mq:status="Reviewer1Confirmed"><source xml:space="preserve">وانقطع <bpt id="1" ctype="italic">{}</bpt>الإنترنت<ept id="1">{}</ept>.</source><target xml:space="preserve">The <bpt id="1" ctype="italic">{}</bpt>internet<ept id="1">{}</ept> went down.</target></trans-unit>
<trans-unit id="4" mq:status="ManuallyConfirmed" mq:locked="locked"><source xml:space="preserve">نور سلطان</source><target xml:space="preserve">Nur-Sultan</target></trans-unit>
</body>
</file>
</xliff>
"#;

#[tokio::test]
async fn a_memoq_units_status_and_lock_are_its_mq_status_and_mq_locked() {
    let db = TestDb::new().await;
    // A reviewer imports it: a translator's import would keep no status above «translated».
    let client = Client::new(&db, Role::Reviewer, "").await;
    let (id, segments) = import_sample(&client, "wire.mqxliff", MEMOQ_STATUS).await;
    let expected = [
        ("", "initial", false),
        ("He added that", "initial", false),
        ("The internet went down.", "reviewed", false),
        ("Nur-Sultan", "translated", true),
    ];
    assert_eq!(
        shown(&segments),
        expected.map(|(t, s, l)| (t.to_owned(), s.to_owned(), l)),
        "an edit memoQ did not confirm is a draft; the reviewer's status stands"
    );

    save(&client, &segments[0], "The minister said the situation is stable.").await;
    save(&client, &segments[1], "He added that the troops would stay.").await;
    let (status, exported) =
        client.bytes("GET", &format!("/api/v1/articles/{id}/export?format=xliff12"), Vec::new()).await;
    let text = String::from_utf8(exported).unwrap();
    assert_eq!(status, StatusCode::OK, "{text}");
    // memoQ reads a unit's confirmation from its `mq:status`: the two translated here are confirmed.
    assert!(
        text.contains(r#"<trans-unit id="1" mq:status="ManuallyConfirmed" mq:segmentguid="a1">"#),
        "{text}"
    );
    assert!(text.contains(r#"<trans-unit id="2" mq:status="ManuallyConfirmed" mq:percent="0">"#), "{text}");
    assert!(text.contains(r#"<trans-unit id="3" mq:status="Reviewer1Confirmed">"#), "untouched: {text}");
    assert!(text.contains(r#"<trans-unit id="4" mq:status="ManuallyConfirmed" mq:locked="locked">"#));
    assert!(text.contains(">The minister said the situation is stable.</target>"), "{text}");
}

/// A paragraph (group) of another tool's file whose second sentence is marked `translate="no"`.
const MIXED_LOCK: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="wire.html" source-language="ar" target-language="en" datatype="html"><body>
  <group id="p1">
   <trans-unit id="1"><source>قال الوزير إن الوضع مستقر.</source></trans-unit>
   <trans-unit id="2" translate="no"><source>CSTO-2022/01</source><target>CSTO-2022/01</target></trans-unit>
  </group>
  <group id="p2"><trans-unit id="3"><source>وانقطع الإنترنت.</source></trans-unit></group>
 </body></file>
</xliff>
"#;

#[tokio::test]
async fn a_locked_sentence_beside_open_ones_stays_locked_in_tarjumans_xliff2() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let (id, segments) = import_sample(&client, "wire.xlf", MIXED_LOCK).await;
    let locked: Vec<_> = shown(&segments).into_iter().map(|(_, _, locked)| locked).collect();
    assert_eq!(locked, [false, true, false], "{segments:?}");

    let uri = format!("/api/v1/articles/{id}/export?format=xliff2");
    let (status, file) = client.bytes("GET", &uri, Vec::new()).await;
    let text = String::from_utf8_lossy(&file).into_owned();
    assert_eq!(status, StatusCode::OK, "{text}");
    crate::support::xml::validate(&file, "--schema", "xliff-2/with-modules.xsd", "mixed.xlf");
    let back: Vec<_> = tarjuman::formats::xliff2::read_xliff2(&file)
        .unwrap()
        .units()
        .map(|u| (u.locked, u.source.clone()))
        .collect();
    assert_eq!(
        back,
        [
            (false, "قال الوزير إن الوضع مستقر.".to_owned()),
            (true, "CSTO-2022/01".to_owned()),
            (false, "وانقطع الإنترنت.".to_owned())
        ],
        "{text}"
    );
    // translate-toolkit reads the same sentences, the locked one with its mark around it.
    let report = translate_toolkit_files(&[("xliff2", &file)]);
    let units = report["xliff2"].as_array().unwrap();
    let sources: Vec<_> = units.iter().map(|u| u["source"].as_str().unwrap()).collect();
    assert_eq!(sources, ["قال الوزير إن الوضع مستقر.", "CSTO-2022/01", "وانقطع الإنترنت."], "{text}");
    assert!(units[1]["source_codes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c.as_str().unwrap().starts_with("mrk:")));
}
