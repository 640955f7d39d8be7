//! `/articles/{id}/analysis` and `/analysis/rates`: words by match band against the translation memory.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tarjuman::domain::Role;
use tarjuman::formats::tmx::write_tmx;
use tarjuman::formats::{BilingualDocument, Paragraph, Unit, UnitState};
use tarjuman::lang::LanguageTag;
use tower::ServiceExt;

use crate::support::api::{article, Client};
use crate::support::db::TestDb;
use crate::support::http::{app, authed, send};

/// In the memory, word for word (8 words).
const SAID: &str = "وتحدثت “رويترز” عن مقـ.ـتل العشرات في مدينة ألماتي.";
/// `SAID` with the city changed: 91% (8 words).
const SAID_OF_ASTANA: &str = "وتحدثت “رويترز” عن مقـ.ـتل العشرات في مدينة أستانا.";
/// Nothing like it in the memory (8 words).
const CHINA: &str = "اعتبرت الصين ما يجري في كازاخستان شأنًا داخليًا.";
/// Nothing like it in the memory, and said twice (3 words).
const HOW: &str = "كيف بدأت القصة؟";

/// A memory holding `SAID`, imported from TMX (so it belongs to no article).
async fn memory(db: &TestDb) {
    let terminologist = Client::new(db, Role::Terminologist, "").await;
    let unit = Unit {
        target: Some("Reuters reported dozens killed in Almaty.".into()),
        state: UnitState::Translated,
        ..Unit::new("u1", SAID)
    };
    let tmx = write_tmx(&BilingualDocument {
        article_id: None,
        title: "memory".into(),
        original: None,
        source_lang: LanguageTag::parse("ar").unwrap(),
        target_lang: LanguageTag::parse("en").unwrap(),
        paragraphs: vec![Paragraph { units: vec![unit] }],
    });
    let request = Request::post("/api/v1/tm/import")
        .header(header::AUTHORIZATION, format!("Bearer {}", terminologist.token))
        .header(header::CONTENT_TYPE, "application/xml")
        .body(Body::from(tmx))
        .unwrap();
    let (status, answer) = send(&db.pool, request).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

/// Imports an article, one sentence a line, through the API (which analyses it on arrival).
async fn import(client: &Client, sentences: &[&str]) -> i64 {
    let body =
        json!({"title": "تحليل", "source_lang": "ar", "target_lang": "en", "text": sentences.join("\n")});
    let (status, info) = client.post("/api/v1/articles", body).await;
    assert_eq!(status, StatusCode::CREATED, "{info}");
    info["id"].as_i64().unwrap()
}

/// Segments, words and weighted words of each non-empty band, and the total weighted words.
fn bands(analysis: &Value) -> (Vec<(String, u64, u64, f64)>, f64) {
    let lines = analysis["bands"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["segments"] != 0)
        .map(|b| {
            let n = |field: &str| b[field].as_u64().unwrap();
            (
                b["band"].as_str().unwrap().to_owned(),
                n("segments"),
                n("words"),
                b["weighted_words"].as_f64().unwrap(),
            )
        })
        .collect();
    (lines, analysis["total"]["weighted_words"].as_f64().unwrap())
}

fn band(name: &str, segments: u64, words: u64, weighted: f64) -> (String, u64, u64, f64) {
    (name.to_owned(), segments, words, weighted)
}

#[tokio::test]
async fn an_article_is_analysed_on_arrival_by_band_and_weighted_at_the_site_rates() {
    let db = TestDb::new().await;
    memory(&db).await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let admin = Client::new(&db, Role::Admin, "").await;
    let id = import(&translator, &[SAID, SAID_OF_ASTANA, CHINA, HOW, HOW]).await;

    let (status, analysis) = translator.get(&format!("/api/v1/articles/{id}/analysis")).await;
    assert_eq!(status, StatusCode::OK, "{analysis}");
    assert!(analysis["analysed_at"].is_string());
    // MateCat's defaults: 100% and repetitions 30%, 85–94 60%, no match 100%.
    let expected = vec![
        band("repetition", 1, 3, 0.9),
        band("exact", 1, 8, 2.4),
        band("85-94", 1, 8, 4.8),
        band("no_match", 2, 11, 11.0),
    ];
    assert_eq!(bands(&analysis), (expected, 19.1));
    assert_eq!(analysis["total"]["words"], 30);
    let per_segment: Vec<(&str, Value)> = analysis["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["band"].as_str().unwrap(), s["score"].clone()))
        .collect();
    assert_eq!(per_segment[..2], [("exact", json!(100)), ("85-94", json!(91))]);
    assert_eq!(per_segment[3].0, "no_match");
    assert_eq!(per_segment[4], ("repetition", Value::Null), "a repetition is not looked up");

    let (status, rates) = admin.put("/api/v1/analysis/rates", json!({"exact": 0, "no_match": 50})).await;
    assert_eq!(status, StatusCode::OK, "{rates}");
    assert_eq!((rates["exact"].as_u64(), rates["85-94"].as_u64()), (Some(0), Some(60)), "others keep theirs");
    let (_, analysis) = translator.get(&format!("/api/v1/articles/{id}/analysis")).await;
    assert_eq!(bands(&analysis).1, 11.2, "0 + 4.8 + 5.5 + 0.9: {analysis}");
    let (_, asked) = translator.get(&format!("/api/v1/articles/{id}/analysis?85-94=100")).await;
    assert_eq!(bands(&asked).1, 14.4, "a request's own rate for one band: 0 + 8 + 5.5 + 0.9");
    let (status, _) = translator.get(&format!("/api/v1/articles/{id}/analysis?exact=120")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_article_s_own_translations_are_not_matches_for_it_but_are_for_the_next() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let (id, segments) = article(&db, &translator.user, &[CHINA, HOW]).await;
    let body = json!({"target": "China called the events an internal matter.", "status": "translated", "base_revision": 0});
    let (status, saved) = translator.put(&format!("/api/v1/segments/{}", segments[0]), body).await;
    assert_eq!(status, StatusCode::OK, "{saved}");

    let (status, again) = translator.post(&format!("/api/v1/articles/{id}/analysis"), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["segments"][0]["band"], "no_match", "its own unit does not count: {again}");

    let next = import(&translator, &[CHINA]).await;
    let (_, analysis) = translator.get(&format!("/api/v1/articles/{next}/analysis")).await;
    assert_eq!(analysis["segments"][0]["band"], "exact", "{analysis}");
}

#[tokio::test]
async fn a_sentence_translated_between_the_same_neighbours_is_in_context() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let (_, segments) = article(&db, &translator.user, &[HOW, CHINA, SAID]).await;
    let body = json!({"target": "China called the events an internal matter.", "status": "translated", "base_revision": 0});
    let (status, saved) = translator.put(&format!("/api/v1/segments/{}", segments[1]), body).await;
    assert_eq!(status, StatusCode::OK, "{saved}");

    let same = import(&translator, &[HOW, CHINA, SAID]).await;
    let (_, analysis) = translator.get(&format!("/api/v1/articles/{same}/analysis")).await;
    assert_eq!(
        (&analysis["segments"][1]["band"], &analysis["segments"][1]["score"]),
        (&json!("in_context"), &json!(100))
    );
    assert_eq!(bands(&analysis).0[0], band("in_context", 1, 8, 0.0), "MateCat pays nothing for it");
    let elsewhere = import(&translator, &[SAID, CHINA]).await;
    let (_, analysis) = translator.get(&format!("/api/v1/articles/{elsewhere}/analysis")).await;
    assert_eq!(analysis["segments"][1]["band"], "exact", "other neighbours: {analysis}");
}

#[tokio::test]
async fn the_analysis_comes_as_a_csv_attachment() {
    let db = TestDb::new().await;
    memory(&db).await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let id = import(&translator, &[SAID, HOW, HOW]).await;
    let request =
        authed("GET", &format!("/api/v1/articles/{id}/analysis?format=csv"), &translator.token, None);
    let response = app(db.pool.clone()).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().to_owned();
    assert_eq!(disposition, format!("attachment; filename=\"article-{id}-analysis.csv\""));
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let mut reader =
        csv::Reader::from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a byte-order mark"));
    let rows: Vec<Vec<String>> =
        reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    let row = |band: &str| rows.iter().find(|r| r[0] == band).unwrap_or_else(|| panic!("no {band} row"));
    assert_eq!(row("exact")[1..], ["100%", "1", "8", "30", "2.4"]);
    assert_eq!(row("repetition")[2..], ["1", "3", "30", "0.9"]);
    assert_eq!(row("total")[2..], ["3", "14", "", "6.3"]);

    let (status, _) = translator.get(&format!("/api/v1/articles/{id}/analysis?format=pdf")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = translator.get("/api/v1/articles/999999/analysis").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_admins_change_rates_and_only_to_percentages() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let admin = Client::new(&db, Role::Admin, "").await;
    let (status, defaults) = translator.get("/api/v1/analysis/rates").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        defaults,
        json!({"repetition": 30, "in_context": 0, "exact": 30, "95-99": 60, "85-94": 60, "75-84": 60, "50-74": 100, "no_match": 100})
    );
    let (status, _) = translator.put("/api/v1/analysis/rates", json!({"exact": 10})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for refused in
        [json!({"exact": 101}), json!({"exact": -1}), json!({"fuzzy": 10}), json!({"exact": "ten"})]
    {
        let (status, answer) = admin.put("/api/v1/analysis/rates", refused.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}: {answer}");
    }
    let (status, answer) = admin.put("/api/v1/analysis/rates", json!({"exact": 10, "95-99": 101})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let (_, after) = translator.get("/api/v1/analysis/rates").await;
    assert_eq!(after, defaults, "a refused change changes nothing");
}

#[tokio::test]
async fn only_those_who_translate_may_analyse_again() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let (id, _) = article(&db, &translator.user, &[CHINA]).await;
    let analysed = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM article_analyses")
            .fetch_one(&db.pool)
            .await
            .unwrap()
    };
    let (status, json) = terminologist.post(&format!("/api/v1/articles/{id}/analysis"), json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{json}");
    assert_eq!(json["error"]["message"], "your role may not analyse articles");
    assert_eq!(analysed().await, 0, "nothing was analysed");
    let mut page = crate::support::browser_session::Visitor::new(&db.pool);
    page.sign_in("terminologist", "secret-password").await;
    let csrf = page.get("/").await.csrf();
    let answer = page.post_form(&format!("/articles/{id}/analysis"), &[("csrf", &csrf)]).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert!(answer.body.contains("may not analyse articles"));
    assert_eq!(analysed().await, 0, "nothing was analysed");
    assert_eq!(
        translator.post(&format!("/api/v1/articles/{id}/analysis"), json!({})).await.0,
        StatusCode::OK
    );
}
