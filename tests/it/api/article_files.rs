//! `/articles/{id}/export`, `/articles/{id}/import`, `/articles/import`: files out, and back in.

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tarjuman::domain::Role;
use tarjuman::formats::docx::{read_docx_text, write_docx_target, DocxLimits};
use tarjuman::formats::{BilingualDocument, Paragraph, Unit};
use tarjuman::lang::LanguageTag;
use tower::ServiceExt;

use crate::support::api::{article, Client};
use crate::support::db::TestDb;
use crate::support::http::app;

const SENTENCES: [&str; 5] = [
    "أرسلت المنظمة قوات إلى كازاخستان.",
    "وقال الرئيس إن الوضع مستقر.",
    "وأعلنت الحكومة حالة الطوارئ.",
    "وانقطع الإنترنت في المدينة.",
    "وعادت الحياة إلى طبيعتها.",
];

/// A request with a bearer token and a raw body (or none).
fn raw(method: &str, uri: &str, token: Option<&str>, body: Vec<u8>) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    builder.header(header::CONTENT_TYPE, "application/octet-stream").body(Body::from(body)).unwrap()
}

/// Sends a request; the status, headers and body bytes.
async fn fetch(db: &TestDb, request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let response = app(db.pool.clone()).oneshot(request).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.into_body().collect().await.unwrap().to_bytes().to_vec())
}

async fn export(db: &TestDb, client: &Client, id: i64, format: &str) -> String {
    let (status, body) = export_status(db, client, id, format).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// An export's status and body (as text).
pub(super) async fn export_status(
    db: &TestDb,
    client: &Client,
    id: i64,
    format: &str,
) -> (StatusCode, String) {
    let uri = format!("/api/v1/articles/{id}/export?format={format}");
    let (status, _, body) = fetch(db, raw("GET", &uri, Some(&client.token), Vec::new())).await;
    (status, String::from_utf8(body).unwrap())
}

pub(super) async fn import(db: &TestDb, client: &Client, uri: &str, file: &str) -> (StatusCode, Value) {
    let (status, _, body) = fetch(db, raw("POST", uri, Some(&client.token), file.as_bytes().to_vec())).await;
    (status, serde_json::from_slice(&body).unwrap_or_else(|_| String::from_utf8_lossy(&body).into()))
}

/// A five-sentence article whose segments are all translated (`target-1` … `target-5`, revision 1).
async fn translated(db: &TestDb, client: &Client) -> (i64, Vec<i64>) {
    let (id, segments) = article(db, &client.user, &SENTENCES).await;
    for (n, segment) in segments.iter().enumerate() {
        let body = json!({"target": format!("target-{}", n + 1), "status": "translated", "base_revision": 0});
        let (status, json) = client.put(&format!("/api/v1/segments/{segment}"), body).await;
        assert_eq!(status, StatusCode::OK, "{json}");
    }
    (id, segments)
}

/// (segment, number, target, origin) of every revision of the article, in segment and number order.
async fn revisions(db: &TestDb, article: i64) -> Vec<(i64, i32, String, String)> {
    sqlx::query_as(
        "SELECT r.segment_id, r.number, r.target, r.origin::text FROM revisions r
         JOIN segments s ON s.id = r.segment_id WHERE s.article_id = $1 ORDER BY r.segment_id, r.number",
    )
    .bind(article)
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn every_format_downloads_with_its_type_and_an_ascii_file_name() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let (id, _) = translated(&db, &client).await;
    for (format, content_type) in [
        ("xliff12", "application/xliff+xml"),
        ("xliff2", "application/xliff+xml"),
        ("tmx", "application/x-tmx+xml"),
        ("csv", "text/csv"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("docx-target", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("txt", "text/plain"),
        ("html", "text/html"),
    ] {
        let uri = format!("/api/v1/articles/{id}/export?format={format}");
        let (status, headers, body) = fetch(&db, raw("GET", &uri, Some(&client.token), Vec::new())).await;
        assert_eq!(status, StatusCode::OK, "{format}");
        assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with(content_type), "{format}");
        let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
        assert!(disposition.starts_with("attachment; filename=\"fixture."), "{format}: {disposition}");
        assert!(!body.is_empty(), "{format}");
    }
    let xliff = export(&db, &client, id, "xliff12").await;
    assert!(xliff.contains("target-3") && xliff.contains(SENTENCES[2]), "{xliff}");
    let text = export(&db, &client, id, "txt").await;
    assert_eq!(text, "target-1 target-2 target-3 target-4 target-5\n");

    let uri = format!("/api/v1/articles/{id}/export?format=pdf");
    let (status, _, body) = fetch(&db, raw("GET", &uri, Some(&client.token), Vec::new())).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(String::from_utf8_lossy(&body).contains("xliff12"), "the message lists the formats");
    let (status, _, _) =
        fetch(&db, raw("GET", "/api/v1/articles/999999/export", Some(&client.token), Vec::new())).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) =
        fetch(&db, raw("GET", &format!("/api/v1/articles/{id}/export"), None, Vec::new())).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// The review table and the finished article number segments as the editor shows them (from 1), never
/// by their unit ids (`s42`).
#[tokio::test]
async fn exports_number_segments_as_the_editor_does() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    article(&db, &client.user, &SENTENCES[..3]).await;
    let (id, segments) = article(&db, &client.user, &SENTENCES[3..]).await;
    assert_eq!(segments[0], 4, "ids differ from the numbers the editor shows");
    let uri = format!("/api/v1/articles/{id}/export?format=docx");
    let (status, _, body) = fetch(&db, raw("GET", &uri, Some(&client.token), Vec::new())).await;
    assert_eq!(status, StatusCode::OK);
    let text = read_docx_text(&body, &DocxLimits::default()).unwrap();
    let cells: Vec<&str> = text.lines().collect();
    assert_eq!([cells[4], cells[8]], ["1", "2"], "{text}");
    let html = export(&db, &client, id, "html").await;
    assert!(html.contains("[untranslated segment 2: "), "{html}");
}

#[tokio::test]
async fn three_targets_changed_in_the_file_come_back_as_three_import_revisions() {
    for format in ["xliff12", "xliff2"] {
        let db = TestDb::new().await;
        let client = Client::new(&db, Role::Translator, "").await;
        let (id, segments) = translated(&db, &client).await;
        let before = revisions(&db, id).await;
        let file = export(&db, &client, id, format).await;
        let edited = file
            .replace(">target-1<", ">edited one<")
            .replace(">target-3<", ">edited three<")
            .replace(">target-5<", ">edited five<");
        assert_ne!(edited, file);
        let (status, report) = import(&db, &client, &format!("/api/v1/articles/{id}/import"), &edited).await;
        assert_eq!(status, StatusCode::OK, "{format}: {report}");
        assert_eq!(
            (report["applied"].as_i64(), report["unchanged"].as_i64()),
            (Some(3), Some(2)),
            "{report}"
        );
        assert_eq!(report["conflicts"], json!([]));
        let after = revisions(&db, id).await;
        assert_eq!(
            &after[..],
            &before_plus(&before, &segments, &[(0, "edited one"), (2, "edited three"), (4, "edited five")])[..],
            "{format}"
        );
        // The same file again changes nothing.
        let (status, report) = import(&db, &client, &format!("/api/v1/articles/{id}/import"), &edited).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["applied"], 0, "{format}: {report}");
        assert_eq!(report["conflicts"], json!([]), "{format}: still as exported or as now: {report}");
    }
}

/// `before` with revision 2 (origin import) of the segments at the given indexes.
fn before_plus(
    before: &[(i64, i32, String, String)],
    segments: &[i64],
    added: &[(usize, &str)],
) -> Vec<(i64, i32, String, String)> {
    let mut all = before.to_vec();
    for (index, target) in added {
        all.push((segments[*index], 2, (*target).to_owned(), "import".to_owned()));
    }
    all.sort_by_key(|(segment, number, ..)| (*segment, *number));
    all
}

#[tokio::test]
async fn a_segment_changed_since_the_export_is_a_conflict_unless_overwrite() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let (id, segments) = translated(&db, &client).await;
    let file = export(&db, &client, id, "xliff12").await;
    // Meanwhile, in the editor: segments 1 and 2 move to revision 2.
    for segment in &segments[..2] {
        let body = json!({"target": "changed in tarjuman", "status": "translated", "base_revision": 1});
        let (status, _) = client.put(&format!("/api/v1/segments/{segment}"), body).await;
        assert_eq!(status, StatusCode::OK);
    }
    // The file changes segments 1 and 3; segment 2 is untouched in it.
    let edited = file.replace(">target-1<", ">from the file<").replace(">target-3<", ">three from the file<");
    let uri = format!("/api/v1/articles/{id}/import");
    let (status, report) = import(&db, &client, &uri, &edited).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["applied"], 1, "{report}");
    assert_eq!(report["unchanged"], 3, "segment 2 is as exported: no conflict: {report}");
    assert_eq!(
        report["conflicts"],
        json!([{"segment": segments[0], "index": 0, "file_revision": 1, "current_revision": 2,
                "current_target": "changed in tarjuman"}])
    );
    let (_, view) = client.get(&format!("/api/v1/articles/{id}")).await;
    assert_eq!(view["segments"][0]["target"], "changed in tarjuman", "left alone");
    assert_eq!(view["segments"][2]["target"], "three from the file");

    let (status, report) = import(&db, &client, &format!("{uri}?overwrite=true"), &edited).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        (report["applied"].as_i64(), report["overwrite"].as_bool()),
        (Some(1), Some(true)),
        "{report}"
    );
    assert_eq!(report["conflicts"][0]["segment"], segments[0]);
    let (_, view) = client.get(&format!("/api/v1/articles/{id}")).await;
    assert_eq!(view["segments"][0]["target"], "from the file");
    assert_eq!(view["segments"][0]["revision"], 3);
    assert_eq!(view["segments"][1]["target"], "changed in tarjuman", "untouched in the file");
}

#[tokio::test]
async fn files_that_do_not_fit_the_article_are_refused_whole() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let (id, segments) = translated(&db, &client).await;
    let (other, _) = translated(&db, &client).await;
    let before = revisions(&db, id).await;
    let file = export(&db, &client, id, "xliff12").await;
    let changed = file.replace(">target-1<", ">edited<");
    let unknown = changed.replace(&format!("id=\"s{}\"", segments[4]), "id=\"s999999\"");
    let other_pair = changed.replace("\"en\"", "\"fr\"");
    let uri = format!("/api/v1/articles/{id}/import");
    for (name, uri, file, expected) in [
        ("unknown unit", uri.clone(), unknown, "s999999"),
        (
            "other article",
            format!("/api/v1/articles/{other}/import"),
            changed.clone(),
            "exported from article",
        ),
        ("other pair", uri.clone(), other_pair, "ar → fr"),
        ("not XML", uri.clone(), "<xliff version=\"1.2\"><file>".into(), "line 1, column"),
    ] {
        let (status, json) = import(&db, &client, &uri, &file).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {json}");
        let message = json["error"]["message"].as_str().unwrap();
        assert!(message.contains(expected), "{name}: {message}");
    }
    assert_eq!(revisions(&db, id).await, before, "nothing applied");
    assert_eq!(revisions(&db, other).await.len(), 5);

    // A translator may not sign off, even through a file.
    let signed = changed.replace("state=\"translated\"", "state=\"signed-off\"");
    let (status, json) = import(&db, &client, &uri, &signed).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{json}");
    assert_eq!(revisions(&db, id).await, before, "nothing applied");
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let (status, json) = import(&db, &reviewer, &uri, &signed).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["applied"], 5, "every unit's status changed: {json}");
}

fn document(source: &str, paragraphs: &[&[&str]]) -> BilingualDocument {
    BilingualDocument {
        article_id: None,
        title: "doc".into(),
        original: None,
        source_lang: LanguageTag::parse("en").unwrap(),
        target_lang: LanguageTag::parse(source).unwrap(),
        paragraphs: paragraphs
            .iter()
            .map(|sentences| Paragraph {
                units: sentences
                    .iter()
                    .enumerate()
                    .map(|(n, s)| Unit { target: Some((*s).to_owned()), ..Unit::new(format!("u{n}"), "x") })
                    .collect(),
            })
            .collect(),
    }
}

async fn sources(client: &Client, article: &Value) -> Vec<String> {
    let (_, view) = client.get(&format!("/api/v1/articles/{}", article["id"])).await;
    view["segments"].as_array().unwrap().iter().map(|s| s["source"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn new_articles_come_from_html_docx_text_and_foreign_xliff() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let langs = "source_lang=ar&target_lang=en";

    let html = "<!doctype html><html><head><title>t</title><style>p{}</style><script>x()</script></head>\
                <body><h1>العنوان</h1><p>الجملة الأولى. الجملة الثانية.</p></body></html>";
    let (status, created) =
        import(&db, &client, &format!("/api/v1/articles/import?name=page.html&title=Page&{langs}"), html)
            .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["origin_file_name"], "page.html");
    assert_eq!(sources(&client, &created).await, ["العنوان", "الجملة الأولى.", "الجملة الثانية."]);

    let docx = write_docx_target(&document("ar", &[&["الفقرة الأولى."], &["الفقرة الثانية."]]));
    let uri = format!("/api/v1/articles/import?title=Word&{langs}");
    let (status, _, body) = fetch(&db, raw("POST", &uri, Some(&client.token), docx)).await;
    let created: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(status, StatusCode::CREATED, "sniffed as a ZIP: {created}");
    assert_eq!(sources(&client, &created).await, ["الفقرة الأولى.", "الفقرة الثانية."]);

    let (status, json) = import(&db, &client, "/api/v1/articles/import?name=a.txt", "نص.").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a text file needs its languages: {json}");

    let path =
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/xliff2-suite/valid/testTranslateWithTarget.xlf");
    let file = std::fs::read_to_string(path).unwrap();
    let (status, created) = import(&db, &client, "/api/v1/articles/import?title=Foreign", &file).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!((created["source_lang"].as_str(), created["target_lang"].as_str()), (Some("en"), Some("fr")));
    let (_, view) = client.get(&format!("/api/v1/articles/{}", created["id"])).await;
    let segments = view["segments"].as_array().unwrap();
    // The unit marked translate="no" is three locked segments with the file's targets; the other's three
    // are open.
    assert_eq!(segments.len(), 6, "the file's segmentation is kept: {view}");
    let locked: Vec<_> = segments.iter().map(|s| s["locked"].as_bool().unwrap()).collect();
    assert_eq!(locked, [true, true, true, false, false, false], "{view}");
    let plain = |segment: &Value, side: &str| tarjuman::inline::plain(segment[side].as_str().unwrap());
    assert_eq!(
        (plain(&segments[1], "source"), plain(&segments[1], "target")),
        ("Sentence 2.".into(), "Phrase 2-3.".into())
    );
    assert_eq!(
        (plain(&segments[4], "source"), plain(&segments[4], "target")),
        ("t3 t4".into(), "t3 t4 ".into())
    );
    assert_eq!(segments[4]["revision"], 1);
    let (_, history) = client.get(&format!("/api/v1/articles/{}/history", created["id"])).await;
    assert!(history.as_array().unwrap().iter().all(|r| r["origin"] == "import"), "{history}");
}

#[tokio::test]
async fn hostile_new_article_files_are_refused_with_a_reason() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let uri = "/api/v1/articles/import?title=t&source_lang=ar&target_lang=en";

    let bomb = {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(&vec![b' '; 20 * 1024 * 1024]).unwrap();
        zip.finish().unwrap().into_inner()
    };
    let (status, _, body) = fetch(&db, raw("POST", uri, Some(&client.token), bomb)).await;
    assert!(
        status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::PAYLOAD_TOO_LARGE,
        "{status}"
    );
    let body = String::from_utf8_lossy(&body);
    assert!(body.contains("zip bomb") || body.contains("limit"), "{body}");

    let malformed = "<?xml version=\"1.0\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\">\n  <file id=\"f\"><unit id=\"u\"></file>\n</xliff>";
    let (status, json) = import(&db, &client, &format!("{uri}&name=x.xlf"), malformed).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
    let message = json["error"]["message"].as_str().unwrap();
    assert!(message.contains("line 3, column"), "{message}");

    let huge = vec![b'a'; crate::support::http::MAX_BODY_BYTES + 1];
    let (status, _, _) =
        fetch(&db, raw("POST", &format!("{uri}&name=big.txt"), Some(&client.token), huge)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM articles").fetch_one(&db.pool).await.unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn the_seed_article_exports_files_that_validate_and_come_back_through_multipart() {
    use tarjuman::app::setup::{first_start, Options};
    let db = TestDb::new().await;
    let options = Options { admin_password: Some("pw".into()), sample: false };
    first_start(&db.pool, &crate::support::http::test_passwords(), options).await.unwrap();
    let client = Client::new(&db, Role::Translator, "").await;
    let seed = include_str!("../../../samples/kazakhstan-csto.ar.txt");
    let body = json!({"title": "CSTO «قوات»", "source_lang": "ar", "target_lang": "en", "text": seed});
    let (status, created) = client.post("/api/v1/articles", body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let (_, view) = client.get(&format!("/api/v1/articles/{id}")).await;
    for segment in &view["segments"].as_array().unwrap()[..5] {
        let body =
            json!({"target": "A <b>translation</b> & \"more\"", "status": "translated", "base_revision": 0});
        let (status, _) = client.put(&format!("/api/v1/segments/{}", segment["id"]), body).await;
        assert_eq!(status, StatusCode::OK);
    }
    for (format, how, schema) in [
        ("xliff12", "--schema", "xliff-1.2/xliff-core-1.2-strict.xsd"),
        ("xliff2", "--schema", "xliff-2/with-modules.xsd"),
        ("tmx", "--dtdvalid", "tmx-1.4b/tmx14.dtd"),
    ] {
        let file = export(&db, &client, id, format).await;
        crate::support::xml::validate(file.as_bytes(), how, schema, &format!("seed.{format}"));
    }
    let xliff = export(&db, &client, id, "xliff2").await;
    assert!(xliff.contains("gls:glossEntry"), "the seed's glossary matches travel as hints");

    // Back in as a multipart upload, one target changed.
    let edited = xliff.replacen("A &lt;b&gt;translation&lt;/b&gt; &amp; \"more\"", "Edited.", 1);
    assert_ne!(edited, xliff);
    let boundary = "XtarjumanX";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"seed.xlf\"\r\n\r\n{edited}"
    );
    body.push_str(&format!("\r\n--{boundary}--\r\n"));
    let request = Request::post(format!("/api/v1/articles/{id}/import"))
        .header(header::AUTHORIZATION, format!("Bearer {}", client.token))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap();
    let (status, _, report) = fetch(&db, request).await;
    let report: Value = serde_json::from_slice(&report).unwrap();
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!((report["applied"].as_i64(), report["unchanged"].as_i64()), (Some(1), Some(23)), "{report}");
}

#[tokio::test]
async fn every_valid_file_of_the_xliff2_suite_becomes_an_article_where_it_has_units() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/xliff2-suite/valid");
    let mut files: Vec<_> = std::fs::read_dir(folder).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "xlf"));
    files.sort();
    let mut created = 0;
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy();
        let file = std::fs::read_to_string(path).unwrap();
        // A file may leave the target language open; the query says it then.
        let uri = format!("/api/v1/articles/import?name={name}&target_lang=fr");
        let (status, json) = import(&db, &client, &uri, &file).await;
        // Units whose sources are only inline codes (placeholders) have no text to translate.
        let doc = tarjuman::formats::xliff2::read_xliff2(file.as_bytes()).unwrap();
        let has_text = doc.units().any(|u| !tarjuman::inline::plain(&u.source).trim().is_empty());
        match status {
            StatusCode::CREATED if has_text => created += 1,
            StatusCode::UNPROCESSABLE_ENTITY if !has_text => {
                assert!(json["error"]["message"].as_str().unwrap().contains("empty"), "{name}: {json}");
            }
            other => panic!("{name}: {other} {json}"),
        }
    }
    // 23 of 25: almostEmpty.xlf has no unit, typeSubTypeValues.xlf only placeholders.
    assert_eq!((created, files.len()), (23, 25));
}
