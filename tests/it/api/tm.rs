//! `/segments/{id}/suggestions` and `/tm/...`: the translation memory.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::json;
use tarjuman::domain::Role;
use tarjuman::formats::tmx::write_tmx;
use tarjuman::formats::{BilingualDocument, Paragraph, Unit, UnitState};
use tarjuman::lang::LanguageTag;

use crate::support::api::{article, Client};
use crate::support::db::TestDb;
use crate::support::http::send;

const SAID: &str = "وتحدثت “رويترز” عن مقـ.ـتل العشرات في مدينة ألماتي.";
const SAID_AGAIN: &str = "وتحدثت رويترز عن مقتل العشرات في مدينة الماتي.";

async fn translate(client: &Client, segment: i64, target: &str, status: &str, base: i64) {
    let body = json!({"target": target, "status": status, "base_revision": base});
    let (code, answer) = client.put(&format!("/api/v1/segments/{segment}"), body).await;
    assert_eq!(code, StatusCode::OK, "{answer}");
}

#[tokio::test]
async fn a_translated_sentence_is_suggested_for_a_near_identical_one() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let (_, segments) =
        article(&db, &translator.user, &[SAID, SAID_AGAIN, "اعتبرت الصين ما يجري شأنًا داخليًا."]).await;
    let (_, none) = translator.get(&format!("/api/v1/segments/{}/suggestions", segments[1])).await;
    assert_eq!(none, json!([]), "an empty memory suggests nothing");

    translate(&translator, segments[0], "Reuters reported dozens killed in Almaty.", "initial", 0).await;
    let (_, drafts) = translator.get(&format!("/api/v1/segments/{}/suggestions", segments[1])).await;
    assert_eq!(drafts, json!([]), "a draft is not memory");

    translate(&translator, segments[0], "Reuters reported dozens killed in Almaty.", "translated", 1).await;
    let (status, suggestions) =
        translator.get(&format!("/api/v1/segments/{}/suggestions", segments[1])).await;
    assert_eq!(status, StatusCode::OK);
    let first = &suggestions[0];
    assert_eq!(first["target"], "Reuters reported dozens killed in Almaty.");
    assert_eq!(first["score"]["percent"], 99, "only the quotes differ once normalised: {first}");
    assert_eq!(first["score"]["note"], "punctuation_only");
    assert_eq!(first["origin"], "segment");
    assert!(first["diff"].as_array().unwrap().iter().any(|c| c["op"] != "equal"), "the difference is shown");
    let (_, unrelated) = translator.get(&format!("/api/v1/segments/{}/suggestions", segments[2])).await;
    assert_eq!(unrelated, json!([]), "nothing under 70%");
    let (_, own) = translator.get(&format!("/api/v1/segments/{}/suggestions", segments[0])).await;
    assert_eq!(own, json!([]), "a segment is not suggested to itself");
}

#[tokio::test]
async fn saving_again_replaces_the_unit_instead_of_adding_one() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let (_, segments) = article(&db, &translator.user, &[SAID, SAID_AGAIN]).await;
    translate(&translator, segments[0], "First version.", "translated", 0).await;
    translate(&translator, segments[0], "Second version.", "translated", 1).await;
    let (_, suggestions) = translator.get(&format!("/api/v1/segments/{}/suggestions", segments[1])).await;
    let targets: Vec<&str> =
        suggestions.as_array().unwrap().iter().map(|s| s["target"].as_str().unwrap()).collect();
    assert_eq!(targets, ["Second version."]);
}

#[tokio::test]
async fn concordance_finds_a_word_written_with_another_alef_and_says_where() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let (_, segments) = article(&db, &translator.user, &["تستعد موسكو لشن حرب ضد أوكرانيا."]).await;
    translate(&translator, segments[0], "Moscow is preparing a war against Ukraine.", "translated", 0).await;
    let (_, hits) =
        translator.get("/api/v1/tm/search?q=%D8%A7%D9%88%D9%83%D8%B1%D8%A7%D9%86%D9%8A%D8%A7").await; // «اوكرانيا»
    let hit = &hits[0];
    let source: Vec<char> = hit["source"].as_str().unwrap().chars().collect();
    let (start, end) = (hit["start"].as_u64().unwrap() as usize, hit["end"].as_u64().unwrap() as usize);
    assert_eq!(source[start..end].iter().collect::<String>(), "أوكرانيا.".trim_end_matches('.'));
    let (_, by_target) = translator.get("/api/v1/tm/search?q=ukraine&side=target").await;
    let expected = "Moscow is preparing a war against Ukraine.".find("Ukraine").unwrap();
    assert_eq!(by_target[0]["start"].as_u64(), Some(expected as u64));
    let (status, _) = translator.get("/api/v1/tm/search?q=x&side=sideways").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

pub(super) fn tmx(units: &[(&str, &str)]) -> Vec<u8> {
    let units = units
        .iter()
        .enumerate()
        .map(|(i, (s, t))| Unit {
            target: Some((*t).into()),
            state: UnitState::Translated,
            ..Unit::new(format!("u{i}"), *s)
        })
        .collect();
    write_tmx(&BilingualDocument {
        article_id: None,
        title: "memory".into(),
        original: None,
        source_lang: LanguageTag::parse("ar").unwrap(),
        target_lang: LanguageTag::parse("en").unwrap(),
        paragraphs: vec![Paragraph { units }],
    })
}

pub(super) fn post_tmx(token: &str, body: Vec<u8>) -> Request<Body> {
    Request::post("/api/v1/tm/import")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/xml")
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn tmx_fills_the_memory_all_or_nothing_and_comes_back_out() {
    let db = TestDb::new().await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let file = tmx(&[(SAID, "Reuters reported dozens killed in Almaty."), ("ردود فعل", "Reactions")]);
    let (status, _) = send(&db.pool, post_tmx(&translator.token, file.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, broken) =
        send(&db.pool, post_tmx(&terminologist.token, b"<tmx version=\"1.4\"><header".to_vec())).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{broken}");
    let (status, report) = send(&db.pool, post_tmx(&terminologist.token, file)).await;
    assert_eq!((status, report["imported"].as_u64()), (StatusCode::OK, Some(2)));

    let (_, segments) = article(&db, &translator.user, &[SAID_AGAIN]).await;
    let (_, suggestions) = translator.get(&format!("/api/v1/segments/{}/suggestions", segments[0])).await;
    assert_eq!(suggestions[0]["origin"], "tmx");

    let request = Request::get("/api/v1/tm/export?source_lang=ar&target_lang=en")
        .header(header::AUTHORIZATION, format!("Bearer {}", translator.token))
        .body(Body::empty())
        .unwrap();
    let (status, exported) = send(&db.pool, request).await;
    assert_eq!(status, StatusCode::OK);
    let exported = exported.as_str().unwrap().as_bytes().to_vec();
    crate::support::xml::validate(&exported, "--dtdvalid", "tmx-1.4b/tmx14.dtd", "the exported memory");
    assert_eq!(tarjuman::formats::tmx::read_tmx(&exported).unwrap().len(), 2);
}
