//! The editor as each role may use it: review keys that review, read-only rows for what a role may not
//! change (the server refuses those writes; the page does not invite them).

use serde_json::json;
use tarjuman::domain::Role;

use crate::support::api::{article, Client};
use crate::support::browser_session::Visitor;
use crate::support::db::TestDb;
use crate::support::http::state;

/// The editor's HTML as `user` sees it.
async fn editor(db: &TestDb, user: &str, article: i64) -> String {
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in(user, "secret-password").await;
    visitor.get(&format!("/articles/{article}")).await.body
}

/// One segment's row of the editor, up to its findings (the row's last list).
fn row(page: &str, segment: i64) -> &str {
    let start = page.find(&format!(r#"id="segment-{segment}""#)).expect("the segment's row");
    let rest = &page[start..];
    &rest[..rest.find("</ul>").expect("the row's findings")]
}

#[tokio::test]
async fn the_review_flag_is_a_word_the_script_understands() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    Client::new(&db, Role::Reviewer, "").await;
    let (id, _) = article(&db, &translator.user, &["جملة."]).await;
    // The script compares with "true"; minijinja on its own writes "True" and Ctrl+Alt+Enter did not review.
    assert!(editor(&db, "reviewer", id).await.contains(r#"data-can-review="true""#));
    assert!(editor(&db, "translator", id).await.contains(r#"data-can-review="false""#));
}

#[tokio::test]
async fn a_terminologist_gets_a_read_only_editor() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    Client::new(&db, Role::Terminologist, "").await;
    let (id, segments) = article(&db, &translator.user, &["جملة.", "أخرى."]).await;
    let page = editor(&db, "terminologist", id).await;
    for segment in segments {
        let row = row(&page, segment);
        assert!(row.contains(" readonly>"), "{row}");
        assert!(!row.contains("data-action="), "no save, split or merge: {row}");
    }
    assert!(!page.contains(r#"action="/articles/{id}/import""#), "no import form");
    assert!(page.contains("Read only"));
}

#[tokio::test]
async fn a_translator_sees_reviewed_and_final_segments_read_only() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let (id, segments) = article(&db, &translator.user, &["جملة.", "أخرى.", "ثالثة."]).await;
    for (segment, status) in segments.iter().zip(["reviewed", "final"]) {
        let body = json!({"target": "Signed off.", "status": status, "base_revision": 0});
        reviewer.put(&format!("/api/v1/segments/{segment}"), body).await;
    }
    let page = editor(&db, "translator", id).await;
    for (segment, status) in segments.iter().zip(["reviewed", "final"]) {
        let row = row(&page, *segment);
        assert!(row.contains(" readonly>"), "{row}");
        assert!(!row.contains("data-action="), "{row}");
        assert!(row.contains(&format!("{status}: a reviewer can send it back to you")), "{row}");
    }
    let open = row(&page, segments[2]);
    assert!(!open.contains("readonly") && open.contains(r#"data-action="translated""#), "{open}");
    let page = editor(&db, "reviewer", id).await;
    assert!(!page.contains(" readonly>"), "the reviewer may change every segment");
}

#[tokio::test]
async fn a_kept_editor_page_follows_a_review_made_through_another_instance_and_each_viewers_rights() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let (id, segments) = article(&db, &translator.user, &["جملة.", "أخرى."]).await;
    let instance = state(db.pool.clone());
    let (mut translating, mut reviewing) = (Visitor::at(&instance), Visitor::at(&instance));
    translating.sign_in("translator", "secret-password").await;
    reviewing.sign_in("reviewer", "secret-password").await;
    let uri = format!("/articles/{id}");
    for _ in 0..2 {
        let page = translating.get(&uri).await.body;
        assert!(!row(&page, segments[0]).contains("readonly"), "open to the translator");
    }
    reviewing.get(&uri).await;

    // Through a fresh instance: the page kept for each viewer is made again.
    let body = json!({"target": "Signed off.", "status": "reviewed", "base_revision": 0});
    reviewer.put(&format!("/api/v1/segments/{}", segments[0]), body).await;
    let page = translating.get(&uri).await.body;
    let reviewed = row(&page, segments[0]);
    assert!(reviewed.contains(">Signed off.</textarea>") && reviewed.contains(" readonly>"), "{reviewed}");
    assert!(!row(&page, segments[1]).contains("readonly"), "the other segment is still open");
    let page = reviewing.get(&uri).await.body;
    let theirs = row(&page, segments[0]);
    assert!(theirs.contains(">Signed off.</textarea>") && !theirs.contains("readonly"), "{theirs}");
}

#[tokio::test]
async fn an_import_through_the_editor_lists_the_reviewed_segments_it_left_alone() {
    use tarjuman::formats::xliff12;
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let (id, segments) = article(&db, &translator.user, &["جملة أولى.", "جملة ثانية."]).await;
    let body = json!({"target": "Signed <off>.", "status": "final", "base_revision": 0});
    reviewer.put(&format!("/api/v1/segments/{}", segments[0]), body).await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let csrf = visitor.get(&format!("/articles/{id}")).await.csrf();
    let exported = visitor.get(&format!("/api/v1/articles/{id}/export?format=xliff12")).await;
    let mut doc = xliff12::read_xliff12(exported.body.as_bytes()).unwrap();
    doc.paragraphs[0].units[0].target = Some("Mine.".into());
    doc.paragraphs[0].units[1].target = Some("A second sentence.".into());
    let file = xliff12::write_xliff12(&doc);
    let answer = visitor
        .post_multipart(&format!("/articles/{id}/import"), &[("csrf", &csrf)], &[("file", "back.xlf", &file)])
        .await;
    assert_eq!(answer.status, axum::http::StatusCode::OK, "{}", answer.body);
    assert!(answer.body.contains("1 segment(s) updated"), "{}", answer.body);
    assert!(answer.body.contains("1 reviewed or final, left to a reviewer"), "{}", answer.body);
    assert!(answer.body.contains("<td dir=\"auto\">Signed &lt;off&gt;.</td>"), "{}", answer.body);
}
