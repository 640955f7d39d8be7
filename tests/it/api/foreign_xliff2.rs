//! Other tools' XLIFF 2 files (issue 14): imported as a new article, translated through the API, exported as
//! that same file with each segment's target filled in and its state set, every other byte as it was; the
//! export reads back in translate-toolkit with the same units and the codes where they were, and validates
//! against the XLIFF 2 core schema when the file did. The files are the XLIFF 2.1 test suite's valid samples
//! (`tests/data/xliff2-suite/valid`, copies of `../shared/standards/samples/xliff-2.1-test-suite/core/valid`),
//! and one file written here in several encodings.

use serde_json::{json, Value};
use tarjuman::domain::Role;
use tarjuman::formats::xliff2::read_xliff2_document;
use tarjuman::inline;

use super::foreign_xliff::{assert_same_units, translate};
use crate::formats::third_party::translate_toolkit_files;
use crate::support::api::Client;
use crate::support::db::TestDb;
use crate::support::xml::validates;
use axum::http::StatusCode;

/// The suite's valid samples with something to translate, every one of them (`almostEmpty.xlf` has no
/// segment, `typeSubTypeValues.xlf` codes only).
const SAMPLES: [&str; 22] = [
    "allExtensions.xlf",
    "emptySkeletonWithHref.xlf",
    "everything-core.xlf",
    "nonEmptySkeletonWithoutHref.xlf",
    "sample1.xlf",
    "sourceOnly.xlf",
    "testTranslateWithTarget.xlf",
    "toJoin.xlf",
    "toSegment.xlf",
    "toSegmentAndOrder.xlf",
    "withCDataSections.xlf",
    "withCommentAnnotations.xlf",
    "withGlossary.xlf",
    "withMatches.xlf",
    "withModulesAttributesInEc.xlf",
    "withNotes.xlf",
    "withNotes_complex.xlf",
    "withReferences.xlf",
    "withReorderedCodes.xlf",
    "withTBXExtension.xlf",
    "withValidation.xlf",
    "withXmlLang.xlf",
];

const CORE_SCHEMA: &str = "xliff-2/xliff_core_2.0.xsd";

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/xliff2-suite/valid/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// What a translator saves for `source`: [`translate`], without the control characters a source may hold
/// (the XLIFF 2 `<cp>`) but a target may not.
fn translation(source: &str) -> String {
    translate(source).chars().filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')).collect()
}

/// Imports `file` as a new article and translates every segment not locked with [`translation`]; the
/// article's id and those segments' sources.
async fn import_and_translate(client: &Client, name: &str, file: &[u8]) -> (i64, Vec<String>) {
    let uri = format!("/api/v1/articles/import?name={name}&target_lang=fr&pretranslate=false");
    let (status, body) = client.bytes("POST", &uri, file.to_vec()).await;
    let created: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    assert_eq!(status, StatusCode::CREATED, "{name}: {}", String::from_utf8_lossy(&body));
    let id = created["id"].as_i64().unwrap();
    let (_, view) = client.get(&format!("/api/v1/articles/{id}")).await;
    let segments = view["segments"].as_array().unwrap().clone();
    let mut sources = Vec::new();
    for segment in segments.iter().filter(|s| s["locked"] == false) {
        let source = segment["source"].as_str().unwrap();
        let body = json!({"target": translation(source), "status": "translated", "base_revision": segment["revision"]});
        let (status, json) = client.put(&format!("/api/v1/segments/{}", segment["id"]), body).await;
        assert_eq!(status, StatusCode::OK, "{name}: {json}");
        sources.push(source.to_owned());
    }
    (id, sources)
}

async fn export_xliff2(client: &Client, id: i64) -> (StatusCode, Vec<u8>) {
    client.bytes("GET", &format!("/api/v1/articles/{id}/export?format=xliff2"), Vec::new()).await
}

/// A unit's codes as translate-toolkit reads them, `<cp>` left out: a character, which a translation may not
/// hold when it is a control character ([`translation`]).
fn codes(unit: &Value, side: &str) -> Vec<String> {
    let all = unit[side].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned());
    all.filter(|c| !c.starts_with("cp:")).collect()
}

/// The file without its targets, the segments' states and a `trgLang` added: what an export must leave as
/// it was.
fn untouched_part(text: &str) -> String {
    let targets = regex::Regex::new(r"(?s)<target\b[^>]*?/>|<target\b.*?</target>").unwrap();
    let states = regex::Regex::new(r#"\s(state|trgLang)=("[^"]*"|'[^']*')"#).unwrap();
    states.replace_all(&targets.replace_all(text, ""), "").into_owned()
}

#[tokio::test]
async fn another_tools_xliff2_comes_back_as_that_file_translated() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let mut originals = Vec::new();
    let mut exports = Vec::new();
    for name in SAMPLES {
        let original = sample(name);
        let file = read_xliff2_document(&original).unwrap();
        let expected = file.units().filter(|u| !u.locked).count();
        assert!(expected > 0, "{name} has something to translate");
        let (id, sources) = import_and_translate(&client, name, &original).await;
        assert_eq!(sources.len(), expected, "{name}: a segment per segment to translate");

        let (status, exported) = export_xliff2(&client, id).await;
        assert_eq!(status, StatusCode::OK, "{name}: {}", String::from_utf8_lossy(&exported));
        let (before, after) =
            (String::from_utf8(original.clone()).unwrap(), String::from_utf8(exported.clone()).unwrap());
        assert_eq!(untouched_part(&after), untouched_part(&before), "{name}: only targets and states change");

        // Each segment to translate has its translation with the source's codes, and says it is translated.
        let back = read_xliff2_document(&exported).unwrap();
        let open = back.units().filter(|u| !u.locked);
        let targets: Vec<_> = open.map(|u| u.target.clone().unwrap_or_default()).collect();
        assert_eq!(targets, sources.iter().map(|s| translation(s)).collect::<Vec<_>>(), "{name}");
        assert!(back.units().filter(|u| !u.locked).all(|u| u.state.as_str() == "translated"), "{name}");
        // A unit the file marks as not to be translated comes back as it was.
        let kept = |doc: &tarjuman::formats::BilingualDocument| -> Vec<_> {
            doc.units()
                .filter(|u| u.locked)
                .map(|u| (u.target.clone(), u.state.as_str().to_owned()))
                .collect()
        };
        assert_eq!(kept(&back), kept(&file), "{name}: locked units as they were");

        if validates(&original, "--schema", CORE_SCHEMA).is_ok() {
            if let Err(report) = validates(&exported, "--schema", CORE_SCHEMA) {
                panic!("{name}: the export no longer validates against the core schema: {report}\n{after}");
            }
        }
        originals.push((format!("xliff2.{name}.original"), original));
        exports.push((format!("xliff2.{name}.export"), exported));
    }

    let files: Vec<(&str, &[u8])> =
        originals.iter().chain(&exports).map(|(name, bytes)| (name.as_str(), bytes.as_slice())).collect();
    let report = translate_toolkit_files(&files);
    for name in SAMPLES {
        let before = report[format!("xliff2.{name}.original")].as_array().unwrap();
        let after = report[format!("xliff2.{name}.export")].as_array().unwrap();
        assert_same_units(name, before, after, codes);
    }
}

/// A translation whose `<pc>` lost its closing half cannot be written as the file's elements: the export
/// says which segment, and writes nothing.
#[tokio::test]
async fn a_translation_that_would_break_the_file_is_refused_by_segment() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let original = sample("withReorderedCodes.xlf");
    let (id, _) = import_and_translate(&client, "withReorderedCodes.xlf", &original).await;
    let (_, view) = client.get(&format!("/api/v1/articles/{id}")).await;
    let segment = &view["segments"][1];
    let source = segment["source"].as_str().unwrap();
    let close = inline::Marker::Close(1).to_char().unwrap();
    assert!(source.contains(close), "{source}");
    let half = translate(source).replace(close, "");
    let body = json!({"target": half, "status": "translated", "base_revision": segment["revision"]});
    let (status, json) = client.put(&format!("/api/v1/segments/{}", segment["id"]), body).await;
    assert_eq!(status, StatusCode::OK, "a half-done translation is saved: {json}");

    let (status, body) = export_xliff2(&client, id).await;
    let message = String::from_utf8_lossy(&body);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
    assert!(message.contains("segment 2") && message.contains("<1>"), "{message}");
}

/// A file of another tool with Arabic or French text, codes, an `<ignorable>`, notes and a segment already
/// translated, saying `encoding` in its declaration.
fn coded_file(encoding: &str, src: &str, text: [&str; 3]) -> String {
    format!(
        r#"<?xml version="1.0" encoding="{encoding}"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.2" srcLang="{src}" trgLang="en">
 <file id="f1" original="story.html">
  <unit id="u1">
   <notes><note category="context">{}</note></notes>
   <originalData><data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;</data><data id="d3">&lt;br/&gt;</data></originalData>
   <segment id="s1" state="initial"><source>{} <pc id="1" dataRefStart="d1" dataRefEnd="d2">{}</pc><ph id="3" dataRef="d3"/></source></segment>
   <ignorable><source> </source></ignorable>
   <segment id="s2" state="final"><source>{}</source><target>Already done.</target></segment>
  </unit>
 </file>
</xliff>
"#,
        text[0], text[0], text[1], text[2]
    )
}

#[tokio::test]
async fn an_xliff2_file_in_utf16_or_a_legacy_encoding_comes_back_in_it() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let arabic = ["قال الرئيس", "إن الوضع", "مستقر."];
    let french = ["Le président a déclaré", "que la situation à 5 €", "est « stable »."];
    let utf16 = |text: &str, little: bool| -> Vec<u8> {
        let mut out = if little { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for unit in text.encode_utf16() {
            out.extend(if little { unit.to_le_bytes() } else { unit.to_be_bytes() });
        }
        out
    };
    let legacy = |text: &str, label: &str| -> Vec<u8> {
        let (bytes, _, unmappable) = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap().encode(text);
        assert!(!unmappable, "{label} holds the text");
        bytes.into_owned()
    };
    let files = [
        ("UTF-16", "ar", utf16(&coded_file("UTF-16", "ar", arabic), true)),
        ("UTF-16BE", "ar", utf16(&coded_file("UTF-16", "ar", arabic), false)),
        ("windows-1252", "fr", legacy(&coded_file("windows-1252", "fr", french), "windows-1252")),
        ("ISO-8859-6", "ar", legacy(&coded_file("ISO-8859-6", "ar", arabic), "ISO-8859-6")),
        ("ISO-8859-15", "fr", legacy(&coded_file("ISO-8859-15", "fr", french), "ISO-8859-15")),
    ];
    for (label, src, original) in files {
        let name = format!("story-{label}.xlf");
        let (id, sources) = import_and_translate(&client, &name, &original).await;
        let text = if src == "ar" { arabic } else { french };
        let expected_first = format!("{} \u{F0001}{}\u{F4001}\u{F8003}", text[0], text[1]);
        assert_eq!(sources, [expected_first.as_str(), text[2]], "{label}: read in its encoding");

        let (status, exported) = export_xliff2(&client, id).await;
        assert_eq!(status, StatusCode::OK, "{label}: {}", String::from_utf8_lossy(&exported));
        assert_eq!(exported[..8], original[..8], "{label}: the file starts as it did");
        let encoding = match label {
            "UTF-16" => encoding_rs::UTF_16LE,
            "UTF-16BE" => encoding_rs::UTF_16BE,
            other => encoding_rs::Encoding::for_label(other.as_bytes()).unwrap(),
        };
        let (decoded, _, malformed) = encoding.decode(&exported);
        assert!(!malformed, "{label}: the export is in the file's encoding");
        let declared = if label.starts_with("UTF-16") { "UTF-16" } else { label };
        assert!(
            decoded.starts_with(&format!("<?xml version=\"1.0\" encoding=\"{declared}\"?>")),
            "{decoded}"
        );
        assert!(decoded.contains("<target>EN "), "{label}: {decoded}");
        assert!(decoded.contains("<ignorable><source> </source></ignorable>"), "{decoded}");
        assert!(
            decoded.contains("dataRefStart=\"d1\" dataRefEnd=\"d2\">EN "),
            "the source's own <pc>: {decoded}"
        );

        let back = read_xliff2_document(&exported).unwrap();
        let targets: Vec<_> = back.units().map(|u| u.target.clone().unwrap_or_default()).collect();
        assert_eq!(targets, sources.iter().map(|s| translation(s)).collect::<Vec<_>>(), "{label}");
    }
}

/// The Translation Candidates module's matches of a file (`<mtc:match>`, XLIFF 1.2's `<alt-trans>`) are the
/// segment's suggestions, as the file offered them, never its translation.
#[tokio::test]
async fn the_files_translation_candidates_are_suggestions_not_translations() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let uri = "/api/v1/articles/import?name=withMatches.xlf&target_lang=fr&pretranslate=false";
    let (status, body) = client.bytes("POST", uri, sample("withMatches.xlf")).await;
    assert_eq!(status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    let id = serde_json::from_slice::<Value>(&body).unwrap()["id"].as_i64().unwrap();
    let (_, view) = client.get(&format!("/api/v1/articles/{id}")).await;
    let segment = &view["segments"][0];

    let (status, offered) = client.get(&format!("/api/v1/segments/{}/suggestions", segment["id"])).await;
    assert_eq!(status, StatusCode::OK, "{offered}");
    let mut from_file: Vec<String> = offered
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["origin"] == "file")
        .map(|s| inline::plain(s["target"].as_str().unwrap()))
        .collect();
    from_file.sort();
    assert_eq!(from_file, ["Texte", "Texte2"], "{offered}");
    assert_eq!(segment["revision"], 1, "the file's own target is its translation: {segment}");
}
