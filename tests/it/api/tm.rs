//! `/segments/{id}/suggestions` and `/tm/...`: the translation memory.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::json;
use tarjuman::domain::Role;
use tarjuman::formats::tmx::write_tmx;
use tarjuman::formats::{BilingualDocument, Paragraph, Unit, UnitState};
use tarjuman::lang::LanguageTag;

use crate::support::api::{article, coded, coded_article, sample_codes, Client};
use crate::support::db::TestDb;
use crate::support::http::send;
use crate::support::process::tarjuman;
use tarjuman::store::articles::{self, NewArticle, NewSegment};

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

/// The memory keeps a unit's codes as the characters of the Supplementary Private Use Area-A: a TMX whose text
/// holds one (written out or as a reference) is refused whole, naming it, instead of storing a code out of
/// nowhere.
#[tokio::test]
async fn a_memory_holding_a_code_character_is_refused() {
    let db = TestDb::new().await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    for seg in ["Read&#xF0001; this", "Read \u{F8002} this"] {
        let file = format!(
            "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>Fine</seg></tuv>\
             <tuv xml:lang=\"ar\"><seg>بخير</seg></tuv></tu><tu><tuv xml:lang=\"en\"><seg>{seg}</seg></tuv>\
             <tuv xml:lang=\"ar\"><seg>اقرأ</seg></tuv></tu></body></tmx>"
        );
        let (status, json) = send(&db.pool, post_tmx(&terminologist.token, file.into_bytes())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
        assert!(json.to_string().contains("reserved for inline codes"), "{json}");
    }
    let (status, json) = terminologist.get("/api/v1/tm/search?q=Fine&side=source").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json.as_array().map(Vec::len), Some(0), "nothing stored: {json}");
}

async fn import_text(client: &Client, text: &str, pretranslate: Option<bool>) -> serde_json::Value {
    let mut body = json!({"title": "wire", "source_lang": "ar", "target_lang": "en", "text": text});
    if let Some(flag) = pretranslate {
        body["pretranslate"] = json!(flag);
    }
    let (status, created) = client.post("/api/v1/articles", body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let (_, article) = client.get(&format!("/api/v1/articles/{}", created["id"])).await;
    article
}

#[tokio::test]
async fn an_import_takes_exact_memory_matches_as_drafts_unless_told_not_to() {
    let db = TestDb::new().await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let (_, segments) = article(&db, &reviewer.user, &[SAID]).await;
    translate(&reviewer, segments[0], "Reuters reported dozens killed in Almaty.", "reviewed", 0).await;

    // The same sentence without hamza, tatweel and curly quotes, then one the memory does not know.
    let spelled_otherwise = "وتحدثت \"رويترز\" عن مقتل العشرات في مدينة الماتي.";
    let text = format!("{spelled_otherwise} اعتبرت الصين ما يجري شأنًا داخليًا.");
    let article = import_text(&reviewer, &text, None).await;
    let (known, unknown) = (&article["segments"][0], &article["segments"][1]);
    assert_eq!(known["target"], "Reuters reported dozens killed in Almaty.");
    assert_eq!((known["status"].as_str(), known["revision"].as_i64()), (Some("initial"), Some(1)));
    let (_, history) = reviewer.get(&format!("/api/v1/segments/{}/revisions", known["id"])).await;
    assert_eq!(history[0]["origin"], "tm", "{history}");
    assert_eq!((unknown["target"].as_str(), unknown["revision"].as_i64()), (Some(""), Some(0)));

    let article = import_text(&reviewer, spelled_otherwise, Some(false)).await;
    assert_eq!(article["segments"][0]["revision"], 0, "pre-translation is an option per import");
}

#[tokio::test]
async fn a_file_translation_is_never_replaced_by_the_memory() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let (_, segments) = article(&db, &translator.user, &[SAID, "ردود فعل"]).await;
    translate(&translator, segments[0], "From the memory.", "translated", 0).await;
    translate(&translator, segments[1], "Reactions", "translated", 0).await;
    let xliff = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ar" trgLang="en">
  <file id="f"><unit id="u1"><segment state="translated"><source>{SAID}</source><target>From the file.</target></segment></unit>
  <unit id="u2"><segment><source>ردود فعل</source></segment></unit></file>
</xliff>"#
    );
    let request = Request::post("/api/v1/articles/import?name=wire.xlf")
        .header(header::AUTHORIZATION, format!("Bearer {}", translator.token))
        .header(header::CONTENT_TYPE, "application/xml")
        .body(Body::from(xliff))
        .unwrap();
    let (status, created) = send(&db.pool, request).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let (_, article) = translator.get(&format!("/api/v1/articles/{}", created["id"])).await;
    let targets: Vec<(&str, &str)> = article["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["target"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    assert_eq!(targets, [("From the file.", "translated"), ("Reactions", "initial")]);
}

async fn export(client: &Client, db: &TestDb, query: &str) -> (StatusCode, Vec<String>) {
    let request = Request::get(format!("/api/v1/tm/export?{query}"))
        .header(header::AUTHORIZATION, format!("Bearer {}", client.token))
        .body(Body::empty())
        .unwrap();
    let (status, body) = send(&db.pool, request).await;
    let Some(text) = body.as_str() else { return (status, vec![body.to_string()]) };
    let units = tarjuman::formats::tmx::read_tmx(text.as_bytes()).unwrap();
    (status, units.into_iter().map(|u| u.target).collect())
}

#[tokio::test]
async fn a_tmx_export_can_be_narrowed_to_an_article_a_period_or_states() {
    let db = TestDb::new().await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let (first, one) = article(&db, &reviewer.user, &[SAID]).await;
    let (_, two) = article(&db, &reviewer.user, &["ردود فعل"]).await;
    translate(&reviewer, one[0], "Reuters reported dozens killed.", "translated", 0).await;
    translate(&reviewer, two[0], "Reactions", "final", 0).await;
    // Saves queue their units; move them into the memory before ageing one.
    tarjuman::store::tm::catch_up_pool(&db.pool).await.unwrap();
    sqlx::query("UPDATE tm_units SET updated_at = '2025-03-01T12:00:00Z' WHERE segment_id = $1")
        .bind(two[0])
        .execute(&db.pool)
        .await
        .unwrap();

    let (_, all) = export(&reviewer, &db, "").await;
    assert_eq!(all, ["Reuters reported dozens killed.", "Reactions"]);
    assert_eq!(
        export(&reviewer, &db, &format!("article={first}")).await.1,
        ["Reuters reported dozens killed."]
    );
    assert_eq!(export(&reviewer, &db, "status=final,reviewed").await.1, ["Reactions"]);
    assert_eq!(export(&reviewer, &db, "until=2025-03-01").await.1, ["Reactions"], "the whole day counts");
    assert_eq!(export(&reviewer, &db, "since=2025-03-02").await.1, ["Reuters reported dozens killed."]);
    for bad in ["since=yesterday", "status=done", "source_lang=%20"] {
        assert_eq!(export(&reviewer, &db, bad).await.0, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
}

#[tokio::test]
async fn a_sentence_with_a_word_changed_finds_its_original_among_the_whole_seed() {
    let db = TestDb::new().await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let ar = LanguageTag::parse("ar").unwrap();
    let seed: Vec<String> =
        tarjuman::text::segment(crate::support::SEED, &ar).into_iter().map(|s| s.text).collect();
    let pairs: Vec<(&str, String)> =
        seed.iter().enumerate().map(|(i, s)| (s.as_str(), format!("sentence {i}"))).collect();
    let units: Vec<(&str, &str)> = pairs.iter().map(|(s, t)| (*s, t.as_str())).collect();
    let (status, _) = send(&db.pool, post_tmx(&terminologist.token, tmx(&units))).await;
    assert_eq!(status, StatusCode::OK);

    // Seed sentence 5 with its city changed and a conjunction added.
    let original = &seed[5];
    let changed = original.replace("ألماتي", "أستانا").replacen("عن", "وعن", 1);
    assert_ne!(&changed, original);
    let (_, segments) = article(&db, &terminologist.user, &[&changed]).await;
    let (_, suggestions) = terminologist.get(&format!("/api/v1/segments/{}/suggestions", segments[0])).await;
    assert_eq!(suggestions[0]["target"], "sentence 5", "{suggestions}");
    let percent = suggestions[0]["score"]["percent"].as_u64().unwrap();
    assert!((80..100).contains(&percent), "{percent}");
}

#[tokio::test]
async fn units_stored_before_word_keys_existed_are_found_after_a_restart() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let (_, segments) = article(&db, &translator.user, &[SAID, SAID_AGAIN]).await;
    translate(&translator, segments[0], "Reuters reported dozens killed in Almaty.", "translated", 0).await;
    tarjuman::store::tm::catch_up_pool(&db.pool).await.unwrap();
    sqlx::query("UPDATE tm_units SET source_keys = NULL").execute(&db.pool).await.unwrap();
    let (_, before) = translator.get(&format!("/api/v1/segments/{}/suggestions", segments[1])).await;
    assert_eq!(before, json!([]));

    // A restart: `tarjuman migrate` (and `serve`) gives older units their keys.
    let migrated = tarjuman().arg("migrate").env("DATABASE_URL", db.url()).output().expect("tarjuman runs");
    assert!(migrated.status.success(), "{}", String::from_utf8_lossy(&migrated.stderr));
    let (_, after) = translator.get(&format!("/api/v1/segments/{}/suggestions", segments[1])).await;
    assert_eq!(after[0]["target"], "Reuters reported dozens killed in Almaty.");
}

#[tokio::test]
async fn an_export_until_the_last_day_of_the_calendar_is_a_422() {
    let db = TestDb::new().await;
    let client = Client::new(&db, Role::Translator, "").await;
    let (status, json) = client.get("/api/v1/tm/export?until=9999-12-31").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
    assert!(json["error"]["message"].as_str().unwrap().contains("last day the calendar has"), "{json}");
    assert_eq!(client.get("/api/v1/tm/export?until=9999-12-30").await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_unit_with_codes_is_offered_with_the_segments_codes_placed_by_position() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    // The same sentence in another paragraph numbered its codes otherwise.
    let (_, earlier) =
        coded_article(&db, &translator.user, &["قال {4}التقرير{/4} إن{3/} القوات وصلت."]).await;
    translate(&translator, earlier[0], &coded("{3/}{4}The report{/4} said troops arrived."), "translated", 0)
        .await;
    let (_, now) = coded_article(
        &db,
        &translator.user,
        &["قال {1}التقرير{/1} إن{2/} القوات وصلت.", "{1}قال التقرير{/1} إن{2/} القوات وصلت."],
    )
    .await;

    let (_, same_shape) = translator.get(&format!("/api/v1/segments/{}/suggestions", now[0])).await;
    let first = &same_shape[0];
    assert_eq!(first["target"], json!(coded("{2/}{1}The report{/1} said troops arrived.")), "{first}");
    assert_eq!(first["codes_placed"], true);
    assert_eq!(first["score"]["percent"], 100, "the same codes in the same places: exact");

    let (_, moved) = translator.get(&format!("/api/v1/segments/{}/suggestions", now[1])).await;
    let first = &moved[0];
    assert_eq!(first["score"]["percent"], 99, "codes elsewhere cost a point: {first}");
    assert_eq!(first["score"]["note"], "codes_only");
    assert_eq!(first["codes_placed"], true);
    // What is offered is what a save takes.
    let target = first["target"].as_str().unwrap().to_owned();
    translate(&translator, now[1], &target, "translated", 0).await;

    // Pre-translation puts the placed codes in too, where the raw unit would be refused.
    let ar = LanguageTag::parse("ar").unwrap();
    let en = LanguageTag::parse("en").unwrap();
    let segments = [NewSegment {
        paragraph: 0,
        source: coded("قال {1}التقرير{/1} إن{2/} القوات وصلت."),
        codes: sample_codes(),
        ..NewSegment::default()
    }];
    let new = NewArticle {
        title: "again",
        source_lang: &ar,
        target_lang: &en,
        origin_file_name: None,
        text: "قال التقرير إن القوات وصلت.",
        original: None,
        created_by: translator.user.id,
        glossaries: None,
        segments: &segments,
        pretranslate: true,
    };
    let info = articles::create(&db.pool, new).await.unwrap();
    let (_, article) = translator.get(&format!("/api/v1/articles/{}", info.id)).await;
    let draft = article["segments"][0]["target"].as_str().unwrap();
    assert!(
        [
            coded("{2/}{1}The report{/1} said troops arrived."),
            coded("{1}The report{/1} said{2/} troops arrived.")
        ]
        .contains(&draft.to_owned()),
        "{draft:?}"
    );
}

#[tokio::test]
async fn a_memory_in_utf16_or_a_legacy_arabic_encoding_is_read_in_it() {
    let db = TestDb::new().await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let utf16 = |text: &str| -> Vec<u8> {
        let text = text.replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1);
        let mut out = vec![0xFF, 0xFE];
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    };
    let legacy = |text: &str, label: &str| -> Vec<u8> {
        let text = text.replacen("encoding=\"UTF-8\"", &format!("encoding=\"{label}\""), 1);
        let (bytes, _, unmappable) =
            encoding_rs::Encoding::for_label(label.as_bytes()).unwrap().encode(&text);
        assert!(!unmappable, "{label} holds the memory");
        bytes.into_owned()
    };
    let memories = [
        ("قال الرئيس إن الوضع مستقر.", "The president said the situation is stable."),
        ("ردود فعل دولية على الانتخابات.", "International reactions to the election."),
        ("اعتبرت الصين ما يجري شأنا داخليا.", "China called it an internal affair."),
    ];
    for (index, (source, target)) in memories.into_iter().enumerate() {
        let text = String::from_utf8(tmx(&[(source, target)])).unwrap();
        let (label, file) = match index {
            0 => ("UTF-16", utf16(&text)),
            1 => ("ISO-8859-6", legacy(&text, "ISO-8859-6")),
            _ => ("windows-1256", legacy(&text, "windows-1256")),
        };
        let (status, report) = send(&db.pool, post_tmx(&terminologist.token, file)).await;
        assert_eq!((status, report["imported"].as_u64()), (StatusCode::OK, Some(1)), "{label}: {report}");
        let (_, segments) = article(&db, &translator.user, &[source]).await;
        let (_, suggestions) = translator.get(&format!("/api/v1/segments/{}/suggestions", segments[0])).await;
        assert_eq!(
            suggestions[0]["target"], target,
            "{label}: the Arabic read in its encoding: {suggestions}"
        );
        assert_eq!(suggestions[0]["score"]["percent"], 100, "{label}");
    }
}

/// The fifty candidates scored are the fifty most similar by pg_trgm's `similarity()`, counted by the
/// server from the trigrams each unit keeps: for every unit and sentence, the same number as PostgreSQL's,
/// so the same fifty, in the same order.
#[tokio::test]
async fn units_are_ranked_by_the_similarity_pg_trgm_computes() {
    use tarjuman::tm::rank::{most_similar, similarity};
    let db = TestDb::new().await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let ar = LanguageTag::parse("ar").unwrap();
    let mut sources: Vec<String> =
        tarjuman::text::segment(crate::support::SEED, &ar).into_iter().map(|s| s.text).collect();
    // Every kind of character a trigram is made of: Latin in either case, digits, other scripts, marks.
    sources.extend(
        [
            "CSTO Troops 2022 in ALMATY!",
            "Ölçü ÇAĞ straße – «قوات»",
            "Москва ГОТОВИТ 12 войска",
            "北京 2022 ١٢٣ x",
        ]
        .map(String::from),
    );
    // Near twins, so that many units tie or nearly tie.
    let twins: Vec<String> = sources.iter().take(20).map(|s| s.replacen(' ', " و", 2)).collect();
    sources.extend(twins.iter().cloned());
    sources.extend(twins);
    let units: Vec<(&str, &str)> = sources.iter().map(|s| (s.as_str(), "t")).collect();
    let (status, _) = send(&db.pool, post_tmx(&terminologist.token, tmx(&units))).await;
    assert_eq!(status, StatusCode::OK);
    let stored: Vec<(i64, Vec<u8>)> =
        sqlx::query_as("SELECT id, source_trigrams FROM tm_units").fetch_all(&db.pool).await.unwrap();
    assert_eq!(stored.len(), sources.len());

    for sentence in sources.iter().step_by(3).chain([&"رويترز CSTO".to_owned(), &"!".to_owned()]) {
        let normalized = tarjuman::text::normalize(sentence);
        let trigrams: Vec<u8> =
            sqlx::query_scalar("SELECT tm_trigrams($1)").bind(&normalized).fetch_one(&db.pool).await.unwrap();
        let by_postgres: Vec<(i64, f32)> = sqlx::query_as(
            "SELECT id, similarity(source_normalized, $1) FROM tm_units ORDER BY 2 DESC, id DESC",
        )
        .bind(&normalized)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        for (id, expected) in &by_postgres {
            let unit = &stored.iter().find(|(unit, _)| unit == id).unwrap().1;
            assert_eq!(similarity(&trigrams, unit), *expected, "{sentence} / unit {id}");
        }
        let ids: Vec<i64> = by_postgres.iter().map(|(id, _)| *id).collect();
        assert_eq!(most_similar(&trigrams, &stored, 50), ids[..50], "{sentence}");
    }
}
