//! Glossary pages: search, entry form, import with preview, and who may edit.

use axum::http::StatusCode;
use tarjuman::domain::Role;

use crate::support::api::Client;
use crate::support::browser_session::Visitor;
use crate::support::db::TestDb;

async fn glossary(terminologist: &Client) -> i64 {
    let body = serde_json::json!({"name": "World", "source_lang": "ar", "target_lang": "en"});
    let (status, created) = terminologist.post("/api/v1/glossaries", body).await;
    assert_eq!(status, StatusCode::CREATED);
    created["id"].as_i64().unwrap()
}

#[tokio::test]
async fn search_folds_hamza_and_the_entry_form_edits_synonyms() {
    let db = TestDb::new().await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let id = glossary(&terminologist).await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("terminologist", "secret-password").await;
    let csrf = visitor.get(&format!("/glossaries/{id}")).await.csrf();
    let fields = [
        ("csrf", csrf.as_str()),
        ("source_text", "أوكرانيا"),
        ("source_status", "preferred"),
        ("source_text", ""),
        ("source_status", "preferred"),
        ("target_text", "Ukraine"),
        ("target_status", "preferred"),
        ("target_text", "the Ukraine"),
        ("target_status", "forbidden"),
        ("part_of_speech", "properNoun"),
        ("match_mode", ""),
        ("note", "No article in English."),
    ];
    let answer = visitor.post_form(&format!("/glossaries/{id}/entries"), &fields).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let found =
        visitor.get(&format!("/glossaries/{id}?q=%D8%A7%D9%88%D9%83%D8%B1%D8%A7%D9%86%D9%8A%D8%A7")).await; // «اوكرانيا»
    assert!(found.body.contains("أوكرانيا") && found.body.contains("the Ukraine"), "{}", found.body);
    assert!(found.body.contains("forbidden"));
    let missing = visitor.get(&format!("/glossaries/{id}?q=%D8%B1%D9%88%D8%B3%D9%8A%D8%A7")).await; // «روسيا»
    assert!(missing.body.contains("No entry matches"));
}

#[tokio::test]
async fn an_import_shows_a_preview_and_stores_only_on_confirmation() {
    let db = TestDb::new().await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let id = glossary(&terminologist).await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("terminologist", "secret-password").await;
    let csrf = visitor.get(&format!("/glossaries/{id}")).await.csrf();
    let csv = "source,target,pos\nموسكو,Moscow,properNoun\nألماتي,Almaty,properNoun\n".as_bytes();
    let preview = visitor
        .post_multipart(
            &format!("/glossaries/{id}/import"),
            &[("csrf", &csrf)],
            &[("file", "world.csv", csv)],
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(preview.body.contains("holds 2 entries") && preview.body.contains("Almaty"), "{}", preview.body);
    let (_, entries) = terminologist.get(&format!("/api/v1/glossaries/{id}/entries")).await;
    assert_eq!(entries.as_array().unwrap().len(), 0, "nothing stored before confirmation");
    let content = String::from_utf8(csv.to_vec()).unwrap();
    let confirm =
        [("csrf", csrf.as_str()), ("file_name", "world.csv"), ("content", &content), ("confirm", "1")];
    let done = visitor.post_multipart(&format!("/glossaries/{id}/import"), &confirm, &[]).await;
    assert!(done.body.contains("Imported 2 entries"), "{}", done.body);
    let (_, entries) = terminologist.get(&format!("/api/v1/glossaries/{id}/entries")).await;
    assert_eq!(entries.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_broken_file_is_reported_with_its_line_and_nothing_is_imported() {
    let db = TestDb::new().await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let id = glossary(&terminologist).await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("terminologist", "secret-password").await;
    let csrf = visitor.get(&format!("/glossaries/{id}")).await.csrf();
    let csv = "source,target,status\nموسكو,Moscow,preferred\nروسيا,Russia,sometimes\n".as_bytes();
    let answer = visitor
        .post_multipart(&format!("/glossaries/{id}/import"), &[("csrf", &csrf)], &[("file", "bad.csv", csv)])
        .await;
    assert!(
        answer.body.contains("line 3") && answer.body.contains("Nothing was imported"),
        "{}",
        answer.body
    );
    assert!(!answer.body.contains("name=\"confirm\""), "no way to confirm a broken file");
}

#[tokio::test]
async fn translators_read_glossaries_but_cannot_change_them() {
    let db = TestDb::new().await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    Client::new(&db, Role::Translator, "").await;
    let id = glossary(&terminologist).await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let page = visitor.get(&format!("/glossaries/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("id=\"new-entry\""), "no edit form for translators");
    let fields = [("csrf", page.csrf()), ("source_text", "موسكو".into()), ("target_text", "Moscow".into())];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let answer = visitor.post_form(&format!("/glossaries/{id}/entries"), &fields).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}
