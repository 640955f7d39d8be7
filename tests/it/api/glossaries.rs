//! `/glossaries`: create, list, entries (add, edit, remove, search), import, export, change log.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tarjuman::domain::Role;
use tower::ServiceExt;

use crate::support::api::Client;
use crate::support::db::TestDb;
use crate::support::http::{app, send};

async fn setup() -> (TestDb, Client, i64) {
    let db = TestDb::new().await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let (status, glossary) = terminologist
        .post("/api/v1/glossaries", json!({"name": "World", "source_lang": "ar", "target_lang": "en"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{glossary}");
    let id = glossary["id"].as_i64().unwrap();
    (db, terminologist, id)
}

fn ukraine() -> Value {
    json!({
        "source_terms": [{"text": "أوكرانيا"}],
        "target_terms": [{"text": "Ukraine"}],
        "part_of_speech": "properNoun",
        "note": "country"
    })
}

async fn version(db: &TestDb, id: i64) -> i64 {
    sqlx::query_scalar("SELECT version FROM glossaries WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn create_and_list_glossaries() {
    let (_db, terminologist, id) = setup().await;
    let (status, json) = terminologist
        .post("/api/v1/glossaries", json!({"name": "world", "source_lang": "ar", "target_lang": "en"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "names are unique in any case: {json}");
    let (status, _) = terminologist
        .post("/api/v1/glossaries", json!({"name": "Other", "source_lang": "xx-!!", "target_lang": "en"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = terminologist
        .post("/api/v1/glossaries", json!({"name": "  ", "source_lang": "ar", "target_lang": "en"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a name is required");
    let (status, list) = terminologist.get("/api/v1/glossaries").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!((list[0]["id"].as_i64(), list[0]["entries"].as_i64()), (Some(id), Some(0)));
}

#[tokio::test]
async fn entries_are_added_edited_removed_and_every_change_is_logged() {
    let (db, terminologist, id) = setup().await;
    let entries = format!("/api/v1/glossaries/{id}/entries");
    let v0 = version(&db, id).await;

    let (status, added) = terminologist.post(&entries, ukraine()).await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(added["match_mode"], "proper", "defaults from the part of speech");
    assert_eq!(added["source_terms"][0], json!({"text": "أوكرانيا", "status": "preferred"}));
    let entry = added["id"].as_i64().unwrap();
    assert!(version(&db, id).await > v0, "the version moves with every change");

    let mut edited = ukraine();
    edited["target_terms"] = json!([{"text": "Ukraine"}, {"text": "the Ukraine", "status": "forbidden"}]);
    let (status, json) = terminologist.put(&format!("{entries}/{entry}"), edited).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["target_terms"][1]["status"], "forbidden");
    let (_, list) = terminologist.get(&entries).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["target_terms"].as_array().unwrap().len(), 2);

    let (status, _) = terminologist.call("DELETE", &format!("{entries}/{entry}"), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = terminologist.call("DELETE", &format!("{entries}/{entry}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    type Change = (String, Option<i64>, Option<Value>, Option<Value>);
    let log: Vec<Change> = sqlx::query_as(
        "SELECT action, user_id, before, after FROM glossary_changes WHERE glossary_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let actions: Vec<&str> = log.iter().map(|(a, ..)| a.as_str()).collect();
    assert_eq!(actions, ["create", "add", "edit", "remove"]);
    assert!(log.iter().all(|(_, user, ..)| *user == Some(terminologist.user.id)));
    let (_, _, before, after) = &log[2];
    assert_eq!(before.as_ref().unwrap()["target_terms"].as_array().unwrap().len(), 1);
    assert_eq!(after.as_ref().unwrap()["target_terms"].as_array().unwrap().len(), 2);
    assert_eq!(
        log[3].2.as_ref().unwrap()["source_terms"][0]["text"],
        "أوكرانيا",
        "removal keeps what was removed"
    );
}

#[tokio::test]
async fn invalid_entries_and_wrong_places_are_refused() {
    let (db, terminologist, id) = setup().await;
    let entries = format!("/api/v1/glossaries/{id}/entries");
    for (name, body) in [
        ("no target", json!({"source_terms": [{"text": "x"}], "target_terms": []})),
        ("empty term", json!({"source_terms": [{"text": "  "}], "target_terms": [{"text": "y"}]})),
        (
            "bad status",
            json!({"source_terms": [{"text": "x", "status": "maybe"}], "target_terms": [{"text": "y"}]}),
        ),
        (
            "bad pos",
            json!({"source_terms": [{"text": "x"}], "target_terms": [{"text": "y"}], "part_of_speech": "thing"}),
        ),
    ] {
        let (status, json) = terminologist.post(&entries, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {json}");
    }
    let (status, _) = terminologist.post("/api/v1/glossaries/999/entries", ukraine()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, other) = terminologist
        .post("/api/v1/glossaries", json!({"name": "Other", "source_lang": "ar", "target_lang": "en"}))
        .await;
    let (_, added) =
        terminologist.post(&format!("/api/v1/glossaries/{}/entries", other["id"]), ukraine()).await;
    let (status, _) = terminologist.put(&format!("{entries}/{}", added["id"]), ukraine()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "an entry of another glossary");
    let translator = Client::new(&db, Role::Translator, "").await;
    assert_eq!(translator.post(&entries, ukraine()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(translator.get(&entries).await.0, StatusCode::OK, "everyone reads glossaries");
}

#[tokio::test]
async fn entries_an_export_could_not_carry_are_refused_and_nothing_changes() {
    let (db, terminologist, id) = setup().await;
    let entries = format!("/api/v1/glossaries/{id}/entries");
    let (_, kept) = terminologist.post(&entries, ukraine()).await;
    let before = version(&db, id).await;
    let with = |field: &str, text: &str| {
        let mut body = ukraine();
        match field {
            "note" => body["note"] = json!(text),
            side => body[side] = json!([{ "text": text }]),
        }
        body
    };
    for (field, text) in
        [("target_terms", "Ukr\u{7}aine"), ("source_terms", "أوكرانيا\u{fffe}"), ("note", "a\u{1b}[31m note")]
    {
        let (status, json) = terminologist.post(&entries, with(field, text)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {json}");
        let message = json["error"]["message"].as_str().unwrap();
        assert!(message.contains("cannot be written to XLIFF, TMX or DOCX"), "{field}: {message}");
        let (status, json) = terminologist.put(&format!("{entries}/{}", kept["id"]), with(field, text)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}, edited: {json}");
    }
    let (_, list) = terminologist.get(&entries).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "nothing added: {list}");
    assert_eq!(list[0]["target_terms"][0]["text"], "Ukraine", "nothing edited");
    assert_eq!(version(&db, id).await, before, "the glossary's version did not move");
}

#[tokio::test]
async fn search_folds_arabic_letter_variants() {
    let (_db, terminologist, id) = setup().await;
    let entries = format!("/api/v1/glossaries/{id}/entries");
    terminologist.post(&entries, ukraine()).await;
    terminologist
        .post(&entries, json!({"source_terms": [{"text": "روسيا"}], "target_terms": [{"text": "Russia"}]}))
        .await;
    let (status, found) =
        terminologist.get(&format!("{entries}?q=%D8%A7%D9%88%D9%83%D8%B1%D8%A7%D9%86%D9%8A%D8%A7")).await;
    assert_eq!(status, StatusCode::OK);
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 1, "«اوكرانيا» finds «أوكرانيا»: {found:?}");
    assert_eq!(found[0]["target_terms"][0]["text"], "Ukraine");
    let (_, by_target) = terminologist.get(&format!("{entries}?q=russ")).await;
    assert_eq!(by_target.as_array().unwrap().len(), 1, "target terms are searched too, case-insensitively");
    let (_, all) = terminologist.get(&format!("{entries}?q=")).await;
    assert_eq!(all.as_array().unwrap().len(), 2);
}

async fn import(client: &Client, id: i64, format: &str, body: &'static [u8]) -> (StatusCode, Value) {
    let request = Request::post(format!("/api/v1/glossaries/{id}/import?format={format}"))
        .header(header::AUTHORIZATION, format!("Bearer {}", client.token))
        .body(Body::from(body))
        .unwrap();
    send(&client.pool, request).await
}

#[tokio::test]
async fn csv_import_is_all_or_nothing_with_a_located_error() {
    let (db, terminologist, id) = setup().await;
    let good = "source,target,pos\nموسكو,Moscow,properNoun\nروسيا,Russia,properNoun\n".as_bytes();
    let (status, report) = import(&terminologist, id, "csv", good).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!((report["imported"].as_i64(), report["glossary"]["entries"].as_i64()), (Some(2), Some(2)));

    let bad = "source,target,status\nتاس,TASS,preferred\nبيلاروسيا,Belarus,sometimes\n".as_bytes();
    let (status, json) = import(&terminologist, id, "csv", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
    assert!(json["error"]["message"].as_str().unwrap().contains("line 3"), "{json}");
    let entries: i64 = sqlx::query_scalar("SELECT count(*) FROM concepts").fetch_one(&db.pool).await.unwrap();
    assert_eq!(entries, 2, "the good row of the bad file was not imported either");

    let (status, _) = import(&terminologist, id, "docx", good).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let translator = Client::new(&db, Role::Translator, "").await;
    assert_eq!(import(&translator, id, "csv", good).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_corrupt_stored_language_is_a_server_error_not_the_clients() {
    let (db, terminologist, id) = setup().await;
    sqlx::query("UPDATE glossaries SET source_lang = 'not a tag' WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await
        .unwrap();
    let good = "source,target\nموسكو,Moscow\n".as_bytes();
    let (status, json) = import(&terminologist, id, "csv", good).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{json}");
    assert_eq!(json["error"]["code"], "internal", "{json}");
    let (status, json) = terminologist.get("/api/v1/glossaries").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{json}");
}

#[tokio::test]
async fn shipped_tbx_imports_and_exports_round_trip() {
    let (_db, terminologist, id) = setup().await;
    let tbx = include_bytes!("../../../glossaries/seed-world.ar-en.tbx");
    let (status, report) = import(&terminologist, id, "tbx", tbx).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let imported = report["imported"].as_i64().unwrap();
    assert!(imported > 20, "{report}");

    for format in ["tbx", "csv"] {
        let request = Request::get(format!("/api/v1/glossaries/{id}/export?format={format}"))
            .header(header::AUTHORIZATION, format!("Bearer {}", terminologist.token))
            .body(Body::empty())
            .unwrap();
        let response = app(terminologist.pool.clone()).oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let disposition = response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().to_owned();
        assert_eq!(disposition, format!("attachment; filename=\"World.{format}\""));
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let (_, copy) = terminologist
            .post(
                "/api/v1/glossaries",
                json!({"name": format!("copy {format}"), "source_lang": "ar", "target_lang": "en"}),
            )
            .await;
        let body: &'static [u8] = Box::leak(bytes.to_vec().into_boxed_slice());
        let (status, again) = import(&terminologist, copy["id"].as_i64().unwrap(), format, body).await;
        assert_eq!(status, StatusCode::OK, "{format}: {again}");
        assert_eq!(again["imported"].as_i64(), Some(imported), "{format} export reads back whole");
    }
    let (status, _) = terminologist.get("/api/v1/glossaries/999/export?format=csv").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unknown_glossaries_are_404_and_oversized_files_413() {
    let (_db, terminologist, id) = setup().await;
    assert_eq!(terminologist.get("/api/v1/glossaries/999/entries").await.0, StatusCode::NOT_FOUND);
    assert_eq!(import(&terminologist, 999, "csv", b"source,target\nx,y\n").await.0, StatusCode::NOT_FOUND);
    let huge: &'static [u8] =
        Box::leak(vec![b'x'; crate::support::http::MAX_BODY_BYTES + 1].into_boxed_slice());
    let (status, json) = import(&terminologist, id, "csv", huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{json}");
    assert_eq!(json["error"]["code"], "too_large");
}

#[tokio::test]
async fn formula_cells_come_back_defused_from_a_csv_export_and_read_back_as_they_were() {
    let (_db, terminologist, id) = setup().await;
    let hostile = "source,target\n\
        أمر,\"=cmd|' /C calc'!A0\"\n\
        رابط,\"=HYPERLINK(\"\"http://evil.example\"\")\"\n\
        جمع,+SUM(1+1)\n\
        عند,@SUM(1)\n\
        ناقص,-2+3\n";
    let (status, report) = import(&terminologist, id, "csv", hostile.as_bytes()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let request = Request::get(format!("/api/v1/glossaries/{id}/export?format=csv"))
        .header(header::AUTHORIZATION, format!("Bearer {}", terminologist.token))
        .body(Body::empty())
        .unwrap();
    let response = app(terminologist.pool.clone()).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(text.starts_with("\u{feff}source,target,"), "the spreadsheet CSV of every export: {text}");
    for line in text.lines().skip(1) {
        let target = line.split_once(',').map(|(_, rest)| rest.trim_start_matches('"')).unwrap();
        assert!(!target.starts_with(['=', '+', '-', '@']), "a formula cell: {line}");
    }
    assert!(text.contains(",'=cmd|' /C calc'!A0,"), "{text}");
    assert!(text.contains("'-2+3"), "{text}");
    let (_, copy) = terminologist
        .post("/api/v1/glossaries", json!({"name": "copy", "source_lang": "ar", "target_lang": "en"}))
        .await;
    let copy = copy["id"].as_i64().unwrap();
    let body: &'static [u8] = Box::leak(bytes.to_vec().into_boxed_slice());
    assert_eq!(import(&terminologist, copy, "csv", body).await.0, StatusCode::OK);
    let (_, entries) = terminologist.get(&format!("/api/v1/glossaries/{copy}/entries")).await;
    let targets: Vec<&str> =
        entries.as_array().unwrap().iter().map(|e| e["target_terms"][0]["text"].as_str().unwrap()).collect();
    assert!(targets.contains(&"=cmd|' /C calc'!A0") && targets.contains(&"-2+3"), "{targets:?}");
}
