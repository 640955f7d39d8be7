//! Round trips through a real CAT tool, OmegaT (issue 14): tarjuman's XLIFF 1.2 translated in OmegaT and
//! taken back, OmegaT's own XLIFF as a new article given back as that file, and translation memories with
//! inline codes both ways (tarjuman's TMX filling OmegaT's segments, OmegaT's TMX read into the memory).

use axum::http::StatusCode;
use regex::Regex;
use serde_json::{json, Value};
use tarjuman::domain::Role;
use tarjuman::formats::tmx::read_tmx;
use tarjuman::inline::{self, Code, Marker};

use crate::formats::third_party::translate_toolkit_files;
use crate::support::api::Client;
use crate::support::db::TestDb;
use crate::support::omegat::{memory_units, tags, translated_memory, without_tags, Project};
use crate::support::xml::validate;

use super::article_files::{export_status, import};
use super::html_documents::{pseudo, save, segments, structure, untranslated, upload};

/// A real news page with links, images and emphasis (Readability's test page).
const PAGE: &str = include_str!("../../data/html/citylab-1.html");
/// An XLIFF 1.2 file in Okapi Rainbow's shape, with `seg-source`, `g`, `bx`/`ex`, `x` and `it` codes.
const OKAPI: &[u8] = include_bytes!("../../data/xliff-tools/okapi-rainbow.xlf");

/// The page imported, its XLIFF 1.2 export translated in OmegaT (every text between OmegaT's tags
/// pseudo-translated in its project memory), and the file OmegaT wrote taken back into the article: the
/// page comes out translated with every link, image and emphasis of the original, and translate-toolkit reads
/// OmegaT's file with the units and codes of tarjuman's.
#[tokio::test]
async fn a_page_translated_in_omegat_comes_back_with_its_codes() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let (status, created) = upload(&db, &client, "citylab.html", PAGE).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let sources = segments(&client, id).await;
    let coded = sources.iter().filter(|s| !s["codes"].as_array().unwrap().is_empty()).count();
    assert!(coded >= 5, "the page has segments with codes ({coded})");

    let (status, xliff) = export_status(&db, &client, id, "xliff12").await;
    assert_eq!(status, StatusCode::OK, "{xliff}");
    let project = Project::new("en", "ar");
    project.set_source("citylab.xlf", xliff.as_bytes());
    let memory = project.pseudo_memory();
    // OmegaT sees every segment (each distinct source once), with a tag for each of its codes but those of
    // pairs around the whole segment, which it keeps out of the segment and puts back around the translation.
    let seen = memory_units(&memory);
    let mut distinct: Vec<&str> = sources.iter().map(|s| s["source"].as_str().unwrap()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(seen.len(), distinct.len(), "OmegaT's segments: {seen:?}");
    let enclosed = distinct.iter().filter(|s| unwrapped(s) != **s).count();
    assert!(enclosed > 0, "the page has segments inside a pair");
    for source in &distinct {
        let inner = unwrapped(source);
        let theirs = seen.iter().map(|(s, _)| s).find(|s| without_tags(s) == inline::plain(inner));
        let theirs =
            theirs.unwrap_or_else(|| panic!("OmegaT has no segment {:?}: {seen:?}", inline::tagged(source)));
        assert_eq!(
            tags(theirs).len(),
            inline::pieces(inner).filter(is_code).count(),
            "{theirs} for {source}"
        );
    }

    let file = project.translate_with(&translated_memory(&memory, "ar", pseudo), "citylab.xlf");
    let report =
        translate_toolkit_files(&[("xliff12.tarjuman", xliff.as_bytes()), ("xliff12.omegat", &file)]);
    let (ours, theirs) = (units(&report, "xliff12.tarjuman"), units(&report, "xliff12.omegat"));
    assert_eq!(theirs.len(), ours.len(), "the same units in OmegaT's file");
    for (our, their) in ours.iter().zip(theirs) {
        assert_eq!(their["id"], our["id"]);
        assert_eq!(their["source_codes"], our["source_codes"], "{their}");
        assert_eq!(their["target_codes"], our["source_codes"], "codes where they were: {their}");
    }

    // OmegaT leaves a target's `state` as it was: a translation the same as its source ("1:39 PM ET") still
    // reads as the copy of the source tarjuman put there, not translated, and exports as the source it is.
    let changed = |source: &str| pseudo(source) != source;
    let file = String::from_utf8(file).unwrap();
    let (status, report) = import(&db, &client, &format!("/api/v1/articles/{id}/import"), &file).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let translated = sources.iter().filter(|s| changed(s["source"].as_str().unwrap())).count();
    assert!(translated + 3 > sources.len(), "{translated} of {} sources have letters", sources.len());
    assert_eq!(
        (report["conflicts"].clone(), report["applied"].as_u64()),
        (json!([]), Some(translated as u64))
    );
    for segment in segments(&client, id).await {
        let source = segment["source"].as_str().unwrap();
        let expected = if changed(source) { pseudo(source) } else { String::new() };
        assert_eq!(segment["target"], expected, "{segment}");
    }
    let (status, translated) = export_status(&db, &client, id, "html").await;
    assert_eq!(status, StatusCode::OK, "{translated}");
    assert_eq!(structure(&translated), structure(PAGE), "every link, image and emphasis in place");
    assert_eq!(untranslated(&translated), Vec::<String>::new(), "source text left");
}

/// A file OmegaT translated (from another tool's XLIFF) becomes a new article: OmegaT's translations are
/// its segments' targets with their codes, a unit OmegaT left alone is translated here, and the export is
/// OmegaT's file with that one target added and every other byte as it was, which OmegaT loads again.
#[tokio::test]
async fn a_file_omegat_wrote_is_given_back_as_that_file() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let project = Project::new("ar", "en");
    project.set_source("news.xlf", OKAPI);
    let memory = project.pseudo_memory();
    assert_eq!(memory_units(&memory).len(), 2, "OmegaT translates the units that have a target");
    let written = project.translate_with(&translated_memory(&memory, "en", pseudo), "news.xlf");
    let written = String::from_utf8(written).unwrap();

    let uri = "/api/v1/articles/import?name=news.xlf&pretranslate=false";
    let (status, created) = import(&db, &client, uri, &written).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let segments = segments(&client, id).await;
    let tagged: Vec<(String, Value)> = segments
        .iter()
        .map(|s| (inline::tagged(s["source"].as_str().unwrap()), s["target"].clone()))
        .collect();
    assert_eq!(
        tagged,
        [
            ("الوضع في <1>كازاخستان</1>".to_owned(), json!(pseudo("الوضع في \u{F0001}كازاخستان\u{F4001}"))),
            (
                "اقرأ <1>التقرير الكامل. ثم</1> شارك<2/>.".to_owned(),
                json!(pseudo(segments[1]["source"].as_str().unwrap()))
            ),
            ("curl -s https://example.org/feed".to_owned(), json!("")),
            ("<1>الإثنين".to_owned(), json!("")),
        ],
        "OmegaT's translations with their codes; the locked unit and the one without a target untranslated"
    );

    let monday = &segments[3];
    assert_eq!(monday["locked"], false);
    assert_eq!(segments[2]["locked"], true);
    let mut target = String::new();
    inline::push_marker(&mut target, Marker::Open(1));
    target.push_str("Monday");
    save(&client, monday, &target).await;
    let (status, exported) = export_status(&db, &client, id, "xliff12").await;
    assert_eq!(status, StatusCode::OK, "{exported}");
    let added = Regex::new(
        r#"(?s)(<trans-unit id="tu3">\s*<source[^>]*>.*?</source>)(\s*<target[^>]*>.*?</target>)"#,
    )
    .unwrap();
    let target_added = added.captures(&exported).unwrap_or_else(|| panic!("tu3 has a target:\n{exported}"));
    assert!(
        target_added[2].contains(r#"<it id="1" pos="open">&lt;span class=&quot;date&quot;&gt;</it>Monday"#),
        "{exported}"
    );
    assert_eq!(added.replace(&exported, "$1"), written, "OmegaT's file, every other byte as it was");

    project.set_source("news.xlf", exported.as_bytes());
    let reloaded = memory_units(&project.pseudo_memory());
    assert_eq!(reloaded.len(), 3, "OmegaT loads the export: {reloaded:?}");
    // (OmegaT translates a target's text: the one given here is a segment now, its leading code kept out.)
    assert!(reloaded.iter().any(|(source, _)| source == "Monday"), "{reloaded:?}");
}

/// A segment's text without the pairs that enclose all of it.
fn unwrapped(source: &str) -> &str {
    let mut text = source;
    loop {
        let mut chars = text.chars();
        match (chars.next().and_then(Marker::of), chars.next_back().and_then(Marker::of)) {
            (Some(Marker::Open(open)), Some(Marker::Close(close))) if open == close => text = chars.as_str(),
            _ => return text,
        }
    }
}

fn is_code(piece: &inline::Piece<'_>) -> bool {
    matches!(piece, inline::Piece::Code(_))
}

/// The units translate-toolkit read in one file of its report.
fn units<'r>(report: &'r Value, name: &str) -> &'r Vec<Value> {
    report[name].as_array().unwrap_or_else(|| panic!("{name} in {report}"))
}

/// A page whose paragraphs are a sentence each, with a link, emphasis, bold and an image inside them.
const SHORT_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Neon</title></head>
<body>
<p>Read <a href="https://example.org/report">the full report</a> today.</p>
<p>The <em>new</em> signs, <a href="/signs">seen here</a>, glow at night.</p>
<p>The minister, <b>Ali Hassan</b>, spoke<img src="neon.png"> at noon.</p>
</body></html>
"#;

/// The memory's TMX, from sentences translated here, fills an OmegaT project's segments of the same page
/// (a memory in `tm/auto/`): OmegaT writes the page with tarjuman's translations and every tag in place,
/// as tarjuman's own export of the page. OmegaT's level-2 TMX of that project goes into the memory with its
/// codes.
#[tokio::test]
async fn the_memorys_tmx_fills_omegats_segments_with_their_codes_and_omegats_tmx_fills_the_memory() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let (status, created) = upload(&db, &client, "neon.html", SHORT_PAGE).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let sources = segments(&client, id).await;
    assert_eq!(sources.len(), 3, "{sources:?}");
    for segment in &sources {
        save(&client, segment, &pseudo(segment["source"].as_str().unwrap())).await;
    }
    let (status, page) = export_status(&db, &client, id, "html").await;
    assert_eq!(status, StatusCode::OK, "{page}");

    let (status, memory) =
        client.bytes("GET", "/api/v1/tm/export?source_lang=en&target_lang=ar", vec![]).await;
    assert_eq!(status, StatusCode::OK);
    validate(&memory, "--dtdvalid", "tmx-1.4b/tmx14.dtd", "the memory's TMX");
    let text = String::from_utf8(memory.clone()).unwrap();
    for native in [
        r#"<bpt i="1" x="1" type="link">&lt;a href="https://example.org/report"&gt;</bpt>"#,
        r#"<ept i="1">&lt;/a&gt;</ept>"#,
        "&lt;em&gt;</bpt>",
        "<ph x=\"2\" type=\"image\">&lt;img src=\"neon.png\"&gt;</ph>",
    ] {
        assert!(text.contains(native), "{native} in {text}");
    }

    let project = Project::new("en", "ar");
    project.set_source("neon.html", SHORT_PAGE.as_bytes());
    project.set_auto_memory("tarjuman.tmx", &memory);
    let written = String::from_utf8(project.translate("neon.html")).unwrap();
    assert_eq!(body(&written), body(&page), "OmegaT's page is tarjuman's:\n{written}");
    assert!(body(&written)
        .contains(r#"<p>READ <a href="https://example.org/report">THE FULL REPORT</a> TODAY.</p>"#));

    // OmegaT's level-2 TMX holds its own tags as native data (`<bpt i="0">&lt;a0&gt;</bpt>`).
    let omegat_memory = project.level2_memory();
    let (status, report) = terminologist.bytes("POST", "/api/v1/tm/import", omegat_memory).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&report));
    let report: Value = serde_json::from_slice(&report).unwrap();
    assert_eq!(report["imported"], 3, "the three sentences OmegaT translated");
    let (_, memory) = client.bytes("GET", "/api/v1/tm/export?source_lang=en&target_lang=ar", vec![]).await;
    let units = read_tmx(&memory).unwrap();
    // Each code as its native data: a pair's halves joined by `…`.
    let native = |c: &Code| format!("{}…{}", c.open, c.close.as_deref().unwrap_or_default());
    let from_omegat: Vec<(String, String, Vec<String>)> = units[3..]
        .iter()
        .map(|u| (inline::tagged(&u.source), inline::tagged(&u.target), u.codes.iter().map(native).collect()))
        .collect();
    assert_eq!(
        from_omegat,
        [
            (
                "Read <1>the full report</1> today.".to_owned(),
                "READ <1>THE FULL REPORT</1> TODAY.".to_owned(),
                vec!["<a0>…</a0>".to_owned()]
            ),
            (
                "The <1>new</1> signs, <2>seen here</2>, glow at night.".to_owned(),
                "THE <1>NEW</1> SIGNS, <2>SEEN HERE</2>, GLOW AT NIGHT.".to_owned(),
                vec!["<e0>…</e0>".to_owned(), "<a1>…</a1>".to_owned()]
            ),
            (
                "The minister, <1>Ali Hassan</1>, spoke<2> at noon.".to_owned(),
                "THE MINISTER, <1>ALI HASSAN</1>, SPOKE<2> AT NOON.".to_owned(),
                vec!["<b0>…</b0>".to_owned(), "<i1>…".to_owned()]
            ),
        ],
        "OmegaT's units in the memory with their codes"
    );

    // OmegaT's own memories hold the same tags as text (here its pseudo-translated memory, each target its
    // source); read as codes, they are the same sentences with the same codes.
    let pseudo = project.pseudo_memory();
    assert!(pseudo.contains("&lt;a0&gt;"), "tags as text: {pseudo}");
    let (status, report) = terminologist.bytes("POST", "/api/v1/tm/import", pseudo.into_bytes()).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&report));
    let (_, memory) = client.bytes("GET", "/api/v1/tm/export?source_lang=en&target_lang=ar", vec![]).await;
    let mut copied: Vec<(String, Vec<String>)> = read_tmx(&memory)
        .unwrap()
        .iter()
        .filter(|u| u.target == u.source)
        .map(|u| (inline::tagged(&u.source), u.codes.iter().map(native).collect()))
        .collect();
    assert!(copied.iter().all(|(text, _)| !text.contains("<a0>") && !text.contains("<e0>")), "{copied:?}");
    // The page's other texts (its title, a link's address) have no codes.
    copied.retain(|(_, codes)| !codes.is_empty());
    copied.sort();
    let mut expected: Vec<(String, Vec<String>)> =
        from_omegat.into_iter().map(|(source, _, codes)| (source, codes)).collect();
    expected.sort();
    assert_eq!(copied, expected, "OmegaT's tags in its text are codes");
}

/// The `<body>` of a page.
fn body(page: &str) -> &str {
    let start = page.find("<body>").expect("a body");
    &page[start..page.find("</body>").expect("a body's end")]
}
