//! `/tm`: the concordance page.

use axum::http::StatusCode;
use serde_json::json;
use tarjuman::domain::Role;

use crate::support::api::{article, Client};
use crate::support::browser_session::Visitor;
use crate::support::db::TestDb;

fn encoded(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[tokio::test]
async fn a_search_without_hamza_finds_and_marks_the_word_with_it_and_escapes_the_rest() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let (_, segments) = article(&db, &translator.user, &["تستعد موسكو لشن حرب ضد أوكرانيا."]).await;
    let body = json!({"target": "Moscow <b>prepares</b> a war against Ukraine.", "status": "translated", "base_revision": 0});
    let (status, saved) = translator.put(&format!("/api/v1/segments/{}", segments[0]), body).await;
    assert_eq!(status, StatusCode::OK, "{saved}");

    let mut visitor = Visitor::new(&db.pool);
    assert_eq!(visitor.get("/tm").await.location.as_deref(), Some("/login?next=/tm"), "signed-in users only");
    visitor.sign_in("translator", "secret-password").await;
    assert!(visitor.get("/").await.body.contains("<a href=\"/tm\""), "linked in the navigation");

    let page = visitor.get(&format!("/tm?q={}&side=source", encoded("اوكرانيا"))).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("<td dir=\"rtl\" lang=\"ar\">تستعد موسكو لشن حرب ضد <mark>أوكرانيا</mark>.</td>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Moscow &lt;b&gt;prepares&lt;&#x2f;b&gt; a war against Ukraine."));
    assert!(!page.body.contains("<b>prepares"));

    let by_target = visitor.get(&format!("/tm?q={}&side=target", encoded("<B>prepares"))).await;
    assert!(
        by_target.body.contains("Moscow <mark>&lt;b&gt;prepares</mark>&lt;&#x2f;b&gt;"),
        "{}",
        by_target.body
    );
    assert!(by_target.body.contains("value=\"&lt;B&gt;prepares\""), "the query is escaped in the form");

    let none = visitor.get(&format!("/tm?q={}", encoded("كازاخستان"))).await;
    assert!(none.body.contains("Nothing in the memory contains it."));
    assert_eq!(visitor.get("/tm?q=x&side=sideways").await.status, StatusCode::UNPROCESSABLE_ENTITY);
}
