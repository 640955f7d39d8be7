//! The editor and the dashboard: escaping, direction, hostile and long text.

use axum::http::StatusCode;
use tarjuman::domain::Role;

use crate::support::api::{article, Client};
use crate::support::browser_session::Visitor;
use crate::support::db::TestDb;

#[tokio::test]
async fn hostile_titles_and_sources_render_as_text() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let long = "كلمة ".repeat(400);
    let (id, segments) =
        article(&db, &translator.user, &["<script>alert('source')</script> نص", &long]).await;
    sqlx::query("UPDATE articles SET title = '<script>alert(1)</script>' WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await
        .unwrap();
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    for page in ["/".to_owned(), format!("/articles/{id}")] {
        let answer = visitor.get(&page).await;
        assert_eq!(answer.status, StatusCode::OK, "{page}");
        assert!(!answer.body.contains("<script>alert"), "{page} must escape user text");
        assert!(
            answer.body.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
            "{page} shows the title as text"
        );
    }
    let editor = visitor.get(&format!("/articles/{id}")).await.body;
    assert!(
        editor.contains("&lt;script&gt;alert(&#x27;source&#x27;)&lt;&#x2f;script&gt;"),
        "the source is escaped"
    );
    assert!(editor.contains(long.trim_end()), "a 2,000-character segment is shown whole");
    assert_eq!(editor.matches("data-segment-id=").count(), segments.len());
}

#[tokio::test]
async fn direction_comes_from_the_article_languages() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    // Starts with a Latin name and a number: a per-line guess would make it left-to-right.
    let (id, _) = article(&db, &translator.user, &["CSTO 13 من أفراد الأمن"]).await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let editor = visitor.get(&format!("/articles/{id}")).await.body;
    assert!(editor.contains(r#"class="source" lang="ar" dir="rtl""#), "source is right-to-left");
    assert!(editor.contains(r#"<textarea lang="en" dir="ltr""#), "target is left-to-right");
}

#[tokio::test]
async fn reviewers_get_review_actions_and_translators_do_not() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    Client::new(&db, Role::Reviewer, "").await;
    let (id, _) = article(&db, &translator.user, &["جملة."]).await;
    for (user, sees) in [("translator", false), ("reviewer", true)] {
        let mut visitor = Visitor::new(&db.pool);
        visitor.sign_in(user, "secret-password").await;
        let editor = visitor.get(&format!("/articles/{id}")).await.body;
        assert_eq!(editor.contains(r#"data-action="final""#), sees, "{user}");
    }
}

#[tokio::test]
async fn a_missing_article_is_a_404_page() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Translator, "").await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let answer = visitor.get("/articles/999999").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(answer.body.contains("article not found"));
}

#[tokio::test]
async fn the_new_article_form_imports_pasted_text() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Translator, "").await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let csrf = visitor.get("/").await.csrf();
    let fields = [
        ("csrf", csrf.as_str()),
        ("title", "Reactions"),
        ("source_lang", "ar"),
        ("target_lang", "en"),
        ("text", "ردود فعل\nاعتبرت الصين ما يجري في كازاخستان شأنًا داخليًا."),
    ];
    let answer = visitor.post_multipart("/articles/new", &fields, &[]).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let editor = visitor.get(answer.location.as_deref().unwrap()).await.body;
    assert_eq!(editor.matches("data-segment-id=").count(), 2);
    let forged = visitor
        .post_multipart(
            "/articles/new",
            &[("csrf", "forged"), fields[1], fields[2], fields[3], fields[4]],
            &[],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_toolbar_offers_every_export() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let (id, _) = article(&db, &translator.user, &["جملة."]).await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let editor = visitor.get(&format!("/articles/{id}")).await.body;
    assert!(editor.contains(r#"<select id="download">"#), "{editor}");
    for format in ["xliff12", "xliff2", "tmx", "csv", "docx", "docx-target", "txt", "html"] {
        let href = format!("/api/v1/articles/{id}/export?format={format}");
        assert!(editor.contains(&href.replace('/', "&#x2f;")) || editor.contains(&href), "{format}");
    }
    let answer = visitor.get(&format!("/api/v1/articles/{id}/export?format=xliff12")).await;
    assert_eq!(answer.status, StatusCode::OK, "the session cookie authenticates the download");
}

#[tokio::test]
async fn files_in_other_formats_become_articles_from_the_dashboard() {
    let db = TestDb::new().await;
    Client::new(&db, Role::Translator, "").await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let csrf = visitor.get("/").await.csrf();
    let html = "<html><body><script>x()</script><h1>ردود فعل</h1><p>اعتبرت الصين ما يجري شأنًا داخليًا.</p></body></html>";
    let fields =
        [("csrf", csrf.as_str()), ("title", ""), ("source_lang", "ar"), ("target_lang", "en"), ("text", "")];
    let answer = visitor
        .post_multipart("/articles/new", &fields, &[("file", "reactions.html", html.as_bytes())])
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let editor = visitor.get(answer.location.as_deref().unwrap()).await.body;
    assert_eq!(editor.matches("data-segment-id=").count(), 2, "the heading and the paragraph, no script");
    assert!(editor.contains("reactions.html"), "the file name is the title when none is given");
}

#[tokio::test]
async fn an_xliff_brought_back_through_the_editor_becomes_revisions() {
    use tarjuman::formats::xliff12;
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let (id, segments) = article(&db, &translator.user, &["جملة أولى.", "جملة ثانية."]).await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let csrf = visitor.get(&format!("/articles/{id}")).await.csrf();
    let exported = visitor.get(&format!("/api/v1/articles/{id}/export?format=xliff12")).await;
    let mut doc = xliff12::read_xliff12(exported.body.as_bytes()).unwrap();
    doc.paragraphs[0].units[1].target = Some("A second sentence.".into());
    let file = xliff12::write_xliff12(&doc);
    let answer = visitor
        .post_multipart(&format!("/articles/{id}/import"), &[("csrf", &csrf)], &[("file", "back.xlf", &file)])
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert!(answer.body.contains("1 segment(s) updated"), "{}", answer.body);
    let (_, history) = translator.get(&format!("/api/v1/segments/{}/revisions", segments[1])).await;
    assert_eq!(
        (history[0]["target"].as_str(), history[0]["origin"].as_str()),
        (Some("A second sentence."), Some("import"))
    );
    let forged = visitor
        .post_multipart(
            &format!("/articles/{id}/import"),
            &[("csrf", "forged")],
            &[("file", "back.xlf", &file)],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}
