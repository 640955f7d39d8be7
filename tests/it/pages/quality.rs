//! The quality report page and the findings under each segment of the editor: escaping, filters, and the
//! ignore form (reviewers only, CSRF, a reason).

use axum::http::StatusCode;
use serde_json::json;
use tarjuman::domain::Role;

use crate::support::api::{article, Client};
use crate::support::browser_session::Visitor;
use crate::support::db::TestDb;

#[tokio::test]
async fn findings_show_under_segments_and_in_the_report_and_reviewers_ignore_them() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    Client::new(&db, Role::Reviewer, "").await;
    let (id, segments) =
        article(&db, &translator.user, &["وتحدثت “رويترز” عن مقتل العشرات.", "ردود فعل"]).await;
    let hostile = "<b>bold</b> “رويترز reported dozens killed.";
    let body = json!({"target": hostile, "status": "translated", "base_revision": 0});
    let (status, saved) = translator.put(&format!("/api/v1/segments/{}", segments[0]), body).await;
    assert_eq!(status, StatusCode::OK, "{saved}");

    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let editor = visitor.get(&format!("/articles/{id}")).await.body;
    assert!(editor.contains(&format!("href=\"/articles/{id}/qa\"")), "the editor links to the report");
    assert!(
        editor.contains(r#"data-kind="arabic_in_target""#) && editor.contains(r#"data-kind="unbalanced""#)
    );
    assert!(editor.contains("<mark dir=\"auto\">رويترز</mark>"), "the span's text is marked");
    assert!(editor.contains(r#"data-kind="unbalanced" data-start="12" data-end="13""#), "for the script");
    assert!(!editor.contains("<b>bold"), "the target is escaped");
    assert_eq!(editor.matches("\"></ul>").count(), 1, "a segment without findings has an empty list");

    let report = visitor.get(&format!("/articles/{id}/qa")).await;
    assert_eq!(report.status, StatusCode::OK);
    assert_eq!(report.body.matches("id=\"finding-").count(), 2, "{}", report.body);
    assert!(report.body.contains("&lt;b&gt;bold&lt;&#x2f;b&gt;") && !report.body.contains("<b>bold"));
    assert!(!report.body.contains("action=\"/findings/"), "translators get no ignore form");
    let filtered = visitor.get(&format!("/articles/{id}/qa?kind=unbalanced")).await.body;
    assert_eq!(filtered.matches("id=\"finding-").count(), 1);
    let errors = visitor.get(&format!("/articles/{id}/qa?severity=error")).await.body;
    assert!(errors.contains("Arabic text") && !errors.contains("is never closed"), "{errors}");

    let finding: i64 = sqlx::query_scalar("SELECT id FROM findings WHERE kind = 'unbalanced'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let ignore = format!("/findings/{finding}/ignore");
    let csrf = report.csrf();
    let refused = visitor.post_form(&ignore, &[("csrf", &csrf), ("reason", "quoted")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "translators may not ignore");

    let mut reviewer = Visitor::new(&db.pool);
    reviewer.sign_in("reviewer", "secret-password").await;
    let page = reviewer.get(&format!("/articles/{id}/qa")).await;
    assert!(page.body.contains(&format!("action=\"{ignore}\"")), "reviewers get the form");
    let csrf = page.csrf();
    assert_eq!(
        reviewer.post_form(&ignore, &[("reason", "x")]).await.status,
        StatusCode::FORBIDDEN,
        "no CSRF"
    );
    let empty = reviewer.post_form(&ignore, &[("csrf", &csrf), ("reason", " ")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done =
        reviewer.post_form(&ignore, &[("csrf", &csrf), ("reason", "<i>the quote</i> opens a title")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location.as_deref(), Some(format!("/articles/{id}/qa#finding-{finding}").as_str()));
    let after = reviewer.get(&format!("/articles/{id}/qa")).await.body;
    assert!(
        after.contains("by reviewer") && after.contains("&lt;i&gt;the quote&lt;&#x2f;i&gt; opens a title")
    );
    assert!(after.contains("1 ignored"), "{after}");
}
