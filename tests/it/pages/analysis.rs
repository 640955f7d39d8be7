//! The analysis on the dashboard, `/articles/{id}/analysis` and `/admin/rates`.

use axum::http::StatusCode;
use serde_json::json;
use tarjuman::domain::Role;

use crate::support::api::Client;
use crate::support::browser_session::{Answer, Visitor};
use crate::support::db::TestDb;

const SAID: &str = "وتحدثت “رويترز” عن مقـ.ـتل العشرات في مدينة ألماتي.";
const HOW: &str = "كيف بدأت القصة؟";

/// An article of `SAID` (translated in another article first, so 100%) and `HOW` twice: 8 words at 30%,
/// 3 at 100%, 3 repeated at 30%: 6.3 weighted words of 14.
async fn analysed_article(db: &TestDb, title: &str) -> (Client, i64) {
    let translator = Client::new(db, Role::Translator, "").await;
    let new = |title: &str, text: &str| json!({"title": title, "source_lang": "ar", "target_lang": "en", "text": text});
    let (_, earlier) = translator.post("/api/v1/articles", new("earlier", SAID)).await;
    let (_, full) = translator.get(&format!("/api/v1/articles/{}", earlier["id"])).await;
    let body = json!({"target": "Reuters reported dozens killed in Almaty.", "status": "translated", "base_revision": 0});
    let (status, saved) =
        translator.put(&format!("/api/v1/segments/{}", full["segments"][0]["id"]), body).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (status, article) =
        translator.post("/api/v1/articles", new(title, &[SAID, HOW, HOW].join("\n"))).await;
    assert_eq!(status, StatusCode::CREATED, "{article}");
    // The import analyses in the background; asking for the analysis makes it now if it is not there yet.
    let (status, _) = translator.get(&format!("/api/v1/articles/{}/analysis", article["id"])).await;
    assert_eq!(status, StatusCode::OK);
    (translator, article["id"].as_i64().unwrap())
}

fn weighted_cell(page: &Answer, id: i64) -> String {
    let link = format!("<a href=\"/articles/{id}/analysis\" title=\"analysed ");
    let start = page.body.find(&link).unwrap_or_else(|| panic!("no analysis link in {}", page.body));
    let text = page.body[start..].find('>').unwrap() + start + 1;
    page.body[text..].split("</a>").next().unwrap().to_owned()
}

#[tokio::test]
async fn the_dashboard_shows_weighted_words_and_the_analysis_page_the_bands() {
    let db = TestDb::new().await;
    let (_, id) = analysed_article(&db, "<script>alert(1)</script> تحليل").await;
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let dashboard = visitor.get("/").await;
    assert_eq!(weighted_cell(&dashboard, id), "6.3<small> of 14</small>");

    let page = visitor.get(&format!("/articles/{id}/analysis")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(!page.body.contains("<script>alert"), "the title is escaped");
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt; تحليل"));
    for row in [
        "<tr data-band=\"exact\"><td>100%</td><td class=\"optional\">1</td><td>8</td><td class=\"optional\">30%</td><td>2.4</td></tr>",
        "<tr data-band=\"repetition\"><td>Repetitions</td><td class=\"optional\">1</td><td>3</td><td class=\"optional\">30%</td><td>0.9</td></tr>",
        "<tr data-band=\"no_match\"><td>No match</td><td class=\"optional\">1</td><td>3</td><td class=\"optional\">100%</td><td>3.0</td></tr>",
    ] {
        assert!(page.body.contains(row), "{row} not in {}", page.body);
    }
    assert!(page.body.contains(&format!("href=\"/api/v1/articles/{id}/analysis?format=csv\"")));

    let csrf = page.csrf();
    let refused = visitor.post_form(&format!("/articles/{id}/analysis"), &[("csrf", "forged")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let again = visitor.post_form(&format!("/articles/{id}/analysis"), &[("csrf", &csrf)]).await;
    assert_eq!(
        again.location.as_deref(),
        Some(format!("/articles/{id}/analysis").as_str()),
        "{}",
        again.body
    );
}

#[tokio::test]
async fn an_admin_changes_the_rates_and_the_dashboard_follows() {
    let db = TestDb::new().await;
    let (_, id) = analysed_article(&db, "تحليل").await;
    Client::new(&db, Role::Admin, "").await;
    let mut translator = Visitor::new(&db.pool);
    translator.sign_in("translator", "secret-password").await;
    assert_eq!(translator.get("/admin/rates").await.status, StatusCode::FORBIDDEN);
    let csrf = translator.get("/").await.csrf();
    let refused = translator.post_form("/admin/rates", &[("csrf", &csrf), ("exact", "0")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut admin = Visitor::new(&db.pool);
    admin.sign_in("admin", "secret-password").await;
    let form = admin.get("/admin/rates").await;
    assert!(form
        .body
        .contains("name=\"85-94\" type=\"number\" min=\"0\" max=\"100\" step=\"1\" value=\"60\""));
    let csrf = form.csrf();
    let invalid =
        admin.post_form("/admin/rates", &[("csrf", &csrf), ("exact", "0"), ("no_match", "150")]).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(weighted_cell(&admin.get("/").await, id), "6.3<small> of 14</small>", "nothing changed");
    let saved =
        admin.post_form("/admin/rates", &[("csrf", &csrf), ("exact", "0"), ("no_match", "100")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(weighted_cell(&admin.get("/").await, id), "3.9<small> of 14</small>");
}
