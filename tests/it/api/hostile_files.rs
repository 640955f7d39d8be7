//! Hostile files on every upload route: refused with 422 and where, nothing stored, the server still serving.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};
use tarjuman::domain::Role;

use crate::formats::support::docx_with;
use crate::support::api::{article, Client};
use crate::support::browser_session::Visitor;
use crate::support::db::TestDb;
use crate::support::http::send;

/// `depth` `<g>` elements inside one another on line 3 of an XLIFF 1.2 file.
fn deep_xliff(depth: usize) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file source-language=\"ar\" target-language=\"en\" datatype=\"plaintext\" original=\"x\"><body>\n<trans-unit id=\"1\"><source>{}x{}</source></trans-unit></body></file></xliff>",
        "<g>".repeat(depth),
        "</g>".repeat(depth)
    )
    .into_bytes()
}

fn deep(root_open: &str, inner: &str, root_close: &str, depth: usize) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\"?>\n{root_open}\n{}{}{root_close}",
        inner.repeat(depth),
        "</g>".repeat(depth)
    )
    .into_bytes()
}

fn post(uri: &str, token: &str, body: Vec<u8>) -> Request<Body> {
    Request::post(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(body))
        .unwrap()
}

/// Rows of everything an upload could store.
async fn stored(db: &TestDb) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in ["articles", "segments", "revisions", "tm_units", "concepts", "terms"] {
        let count: i64 =
            sqlx::query_scalar(&format!("SELECT count(*) FROM {table}")).fetch_one(&db.pool).await.unwrap();
        counts.push(count);
    }
    counts
}

fn message(json: &Value) -> &str {
    json["error"]["message"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn deep_nesting_is_refused_on_every_upload_route_and_the_server_keeps_serving() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let (id, _) = article(&db, &translator.user, &["أرسلت المنظمة قوات إلى كازاخستان."]).await;
    let (_, glossary) = terminologist
        .post("/api/v1/glossaries", json!({"name": "World", "source_lang": "ar", "target_lang": "en"}))
        .await;
    let glossary = glossary["id"].as_i64().unwrap();
    // 20,000 levels in 140 KB, and a 90,000-level Word document: each overflowed a worker's stack.
    let docx = docx_with(&deep(
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
        "<g>",
        "</w:document>",
        90_000,
    ));
    let tmx = deep(
        "<tmx version=\"1.4\"><header srclang=\"ar\"/><body><tu><tuv xml:lang=\"ar\"><seg>",
        "<g>",
        "</seg></tuv></tu></body></tmx>",
        20_000,
    );
    let tbx = deep("<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"ar\" xmlns=\"urn:iso:std:iso:30042:ed-2\"><text><body>", "<g>", "</body></text></tbx>", 20_000);
    let cases: [(&str, &Client, Vec<u8>); 5] = [
        ("/api/v1/articles/import?name=wire.xlf", &translator, deep_xliff(20_000)),
        ("/api/v1/articles/import?name=deep.docx", &translator, docx),
        (&format!("/api/v1/articles/{id}/import"), &translator, deep_xliff(20_000)),
        ("/api/v1/tm/import", &terminologist, tmx),
        (&format!("/api/v1/glossaries/{glossary}/import?format=tbx"), &terminologist, tbx.clone()),
    ];
    let before = stored(&db).await;
    for (uri, client, body) in cases {
        let (status, json) = send(&db.pool, post(uri, &client.token, body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}: {json}");
        assert!(message(&json).contains("nesting too deep (line 3"), "{uri}: {json}");
    }
    assert_eq!(stored(&db).await, before, "nothing stored");

    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("terminologist", "secret-password").await;
    let csrf = visitor.get(&format!("/glossaries/{glossary}")).await.csrf();
    let preview = visitor
        .post_multipart(
            &format!("/glossaries/{glossary}/import"),
            &[("csrf", &csrf)],
            &[("file", "deep.tbx", &tbx)],
        )
        .await;
    assert_eq!(preview.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", preview.body);
    assert!(preview.body.contains("nesting too deep (line 3"), "{}", preview.body);
    assert_eq!(stored(&db).await, before, "nothing stored");
    let (status, _) = translator.get(&format!("/api/v1/articles/{id}")).await;
    assert_eq!(status, StatusCode::OK, "still serving");
}

#[tokio::test]
async fn a_flood_of_empty_elements_in_one_unit_is_refused_and_stores_nothing() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let (id, _) = article(&db, &translator.user, &["أرسلت المنظمة قوات إلى كازاخستان."]).await;
    // 240 KB of <x/> inside one <source>, after a unit that is fine: refused at what may be held at once.
    let flood = "<x/>".repeat(60_000);
    let xliff = format!(
        "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file source-language=\"ar\" target-language=\"en\" datatype=\"plaintext\" original=\"x\"><body>\n<trans-unit id=\"1\"><source>a</source></trans-unit>\n<trans-unit id=\"2\"><source>{flood}</source></trans-unit></body></file></xliff>"
    );
    let tmx = format!(
        "<tmx version=\"1.4\"><header srclang=\"ar\"/><body><tu><tuv xml:lang=\"ar\"><seg>a</seg></tuv><tuv xml:lang=\"en\"><seg>b</seg></tuv></tu>\n\n\n<tu><tuv xml:lang=\"ar\"><seg>{flood}</seg></tuv></tu></body></tmx>"
    );
    let before = stored(&db).await;
    for (uri, client, body) in [
        ("/api/v1/articles/import?name=flood.xlf", &translator, &xliff),
        (&format!("/api/v1/articles/{id}/import"), &translator, &xliff),
        ("/api/v1/tm/import", &terminologist, &tmx),
    ] {
        let (status, json) = send(&db.pool, post(uri, &client.token, body.clone().into_bytes())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}: {json}");
        assert!(message(&json).contains("line 4"), "{uri}: {json}");
        assert!(message(&json).contains("over the budget of 50000 elements"), "{uri}: {json}");
    }
    assert_eq!(stored(&db).await, before, "nothing stored");
}

#[tokio::test]
async fn html_nested_100000_deep_is_refused() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let html = format!("<!doctype html>\n<html><body>\n{}text</body></html>", "<i>".repeat(100_000));
    let before = stored(&db).await;
    let (status, json) = send(
        &db.pool,
        post(
            "/api/v1/articles/import?name=deep.html&source_lang=ar&target_lang=en",
            &translator.token,
            html.into_bytes(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
    assert!(message(&json).contains("nesting too deep (line 3"), "{json}");
    assert_eq!(stored(&db).await, before);
}

#[tokio::test]
async fn html_with_a_doctype_internal_subset_is_refused_not_read_as_text() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let lol = "<!DOCTYPE html [\n <!ENTITY lol \"lol\">\n <!ENTITY lol9 \"&lol;&lol;\">\n]>\n<html><body><p>&lol9;</p><p>نص.</p></body></html>";
    let before = stored(&db).await;
    let (status, json) = send(
        &db.pool,
        post(
            "/api/v1/articles/import?name=lol.html&source_lang=ar&target_lang=en",
            &translator.token,
            lol.into(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
    assert!(message(&json).contains("DOCTYPE with an internal subset is refused"), "{json}");
    assert_eq!(stored(&db).await, before);

    let plain = "<!DOCTYPE html>\n<html><body><p>أرسلت المنظمة قوات.</p></body></html>";
    let (status, json) = send(
        &db.pool,
        post(
            "/api/v1/articles/import?name=ok.html&source_lang=ar&target_lang=en",
            &translator.token,
            plain.into(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{json}");
    let (_, view) = translator.get(&format!("/api/v1/articles/{}", json["id"])).await;
    let sources: Vec<&str> =
        view["segments"].as_array().unwrap().iter().map(|s| s["source"].as_str().unwrap()).collect();
    assert_eq!(sources, ["أرسلت المنظمة قوات."]);
}

#[tokio::test]
async fn characters_xml_cannot_carry_are_refused_so_an_unchanged_round_trip_changes_nothing() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let (id, segments) = article(&db, &translator.user, &["أرسلت المنظمة قوات إلى كازاخستان."]).await;
    let uri = format!("/api/v1/segments/{}", segments[0]);
    for bad in ["bell\u{7} and \u{FFFF}", "\u{FFFE}", "form\u{c}feed"] {
        let body = json!({"target": bad, "status": "translated", "base_revision": 0});
        let (status, json) = translator.put(&uri, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}: {json}");
        assert!(message(&json).contains("cannot be written to XLIFF"), "{json}");
    }
    let body = json!({"target": "tab\tand\nline", "status": "translated", "base_revision": 0});
    assert_eq!(translator.put(&uri, body).await.0, StatusCode::OK, "tab and line feed are XML");
    let before = stored(&db).await;

    let export = Request::get(format!("/api/v1/articles/{id}/export?format=xliff12"))
        .header(header::AUTHORIZATION, format!("Bearer {}", translator.token))
        .body(Body::empty())
        .unwrap();
    let response =
        tower::ServiceExt::oneshot(crate::support::http::app(db.pool.clone()), export).await.unwrap();
    let file = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes().to_vec();
    let (status, report) =
        send(&db.pool, post(&format!("/api/v1/articles/{id}/import"), &translator.token, file.clone())).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!((report["applied"].as_i64(), report["unchanged"].as_i64()), (Some(0), Some(1)), "{report}");
    assert_eq!(stored(&db).await, before, "no new revision");

    let text = String::from_utf8(file).unwrap();
    let target = text.find("</target>").unwrap();
    for bad in ["&#7;", "\u{7}", "&#xFFFF;"] {
        let edited = format!("{}{bad}{}", &text[..target], &text[target..]);
        let (status, json) =
            send(&db.pool, post(&format!("/api/v1/articles/{id}/import"), &translator.token, edited.into()))
                .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {json}");
        assert!(message(&json).contains("is not allowed in XML"), "{json}");
    }
    let (status, json) = send(
        &db.pool,
        post(
            "/api/v1/articles/import?name=bell.txt&source_lang=ar&target_lang=en",
            &translator.token,
            "one\ntwo\u{7}".into(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
    assert!(message(&json).contains("line 2: character U+0007"), "{json}");
    assert_eq!(stored(&db).await, before, "nothing stored");
}

/// Files that crashed Apache POI under fuzzing (truncated and malformed zips, broken XML, an external entity
/// in the text, a zero-length file; `tests/data/hostile-docx/`, Apache-2.0): each a clear 4xx with a message
/// that stores nothing, except the one whose only damage (a bad checksum) is in its theme, a part no
/// translator needs and tarjuman never reads: its text is imported.
#[tokio::test]
async fn word_files_that_crashed_other_parsers_are_refused_with_a_message() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile-docx");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "docx"))
        .collect();
    files.sort();
    assert!(files.len() >= 15, "the hostile files are in {}", dir.display());
    let mut imported = Vec::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let before = stored(&db).await;
        let uri = "/api/v1/articles/import?name=hostile.docx&source_lang=ar&target_lang=en&title=hostile";
        let (status, json) =
            send(&db.pool, post(uri, &translator.token, std::fs::read(&file).unwrap())).await;
        if status == StatusCode::CREATED {
            imported.push(name);
            continue;
        }
        assert!(status.is_client_error(), "{name}: {status} {json}");
        assert!(!message(&json).is_empty(), "{name}: {json}");
        assert_eq!(stored(&db).await, before, "{name}: a refused file stores nothing");
    }
    assert_eq!(imported, ["clusterfuzz-testcase-minimized-POIXWPFFuzzer-6733884933668864.docx"]);
}
