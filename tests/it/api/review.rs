//! MQM annotations: reviewers mark errors on a revision, the article's score is recomputed from what is
//! stored, bad annotations are refused and store nothing, the admin sets weights and thresholds, and the
//! desk's report counts errors per translator, origin and month.

use axum::http::StatusCode;
use serde_json::{json, Value};
use tarjuman::app::setup::{first_start, Options};
use tarjuman::domain::Role;

use crate::support::api::{article, Client};
use crate::support::db::TestDb;
use crate::support::http::test_passwords;

/// Three sentences of the seed article: 21, 19 and 8 whitespace-separated words, 48 in all.
const SENTENCES: [&str; 3] = [
    "أرسلت روسيا، وبطلب من الرئيس الكازاخي، قاسم جومارت توكاييف، قوات عسكرية لفض الاحتجاجات الشعبية التي تشهدها كازاخستان منذ يوم الأحد الماضي.",
    "وتشمل الوحدات المرسلة إلى كازاخستان عناصر من بيلاروسيا وأرمينيا وطاجيكستان وقيرغيزستان وروسيا، دون الكشف عن قوام هذه القوات وأعدادها.",
    "اعتبرت الصين ما يجري في كازاخستان شأنًا داخليًا.",
];
const TARGETS: [&str; 3] = [
    "At the request of the Kazakh president, Kassym-Jomart Tokayev, Russia sent troops to break up the protests.",
    "The units sent to Kazakhstan include soldiers from Belarus, Armenia, Tajikistan, Kyrgyzstan and Russia.",
    "China said that what is happening in Kazakhstan is a internal affair.",
];

struct Desk {
    db: TestDb,
    admin: Client,
    translator: Client,
    reviewer: Client,
    article: i64,
    segments: Vec<i64>,
}

async fn desk() -> Desk {
    let db = TestDb::new().await;
    first_start(&db.pool, &test_passwords(), Options { admin_password: Some("pw".into()), sample: false })
        .await
        .unwrap();
    let admin = Client::new(&db, Role::Admin, "1").await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let (article, segments) = article(&db, &translator.user, &SENTENCES).await;
    for (segment, target) in segments.iter().zip(TARGETS) {
        let body = json!({"target": target, "status": "translated", "base_revision": 0});
        let (code, answer) = translator.put(&format!("/api/v1/segments/{segment}"), body).await;
        assert_eq!(code, StatusCode::OK, "{answer}");
    }
    Desk { db, admin, translator, reviewer, article, segments }
}

async fn annotate(client: &Client, segment: i64, body: Value) -> (StatusCode, Value) {
    client.post(&format!("/api/v1/segments/{segment}/annotations"), body).await
}

/// The char offsets of `part` in `text`.
fn span(text: &str, part: &str) -> (usize, usize) {
    let start = text[..text.find(part).unwrap()].chars().count();
    (start, start + part.chars().count())
}

async fn three_errors(desk: &Desk) {
    let errors = [
        (0, "troops", "mistranslation", "minor"),
        (2, "a internal", "grammar", "major"),
        (1, "Belarus", "terminology", "critical"),
    ];
    for (i, part, category, severity) in errors {
        let (start, end) = span(TARGETS[i], part);
        let body =
            json!({"category": category, "severity": severity, "start": start, "end": end, "note": "see"});
        let (code, answer) = annotate(&desk.reviewer, desk.segments[i], body).await;
        assert_eq!(code, StatusCode::CREATED, "{answer}");
        assert_eq!(answer["excerpt"], part);
        assert_eq!(answer["revision"], 1, "judges the revision it was made on");
    }
}

#[tokio::test]
async fn the_score_is_recomputed_from_the_stored_annotations() {
    let desk = desk().await;
    three_errors(&desk).await;
    let (code, quality) = desk.reviewer.get(&format!("/api/v1/articles/{}/quality", desk.article)).await;
    assert_eq!(code, StatusCode::OK, "{quality}");
    // By hand: 1 + 5 + 25 = 31 points over 21 + 19 + 8 = 48 words: 31000 / 48 = 645.833… per thousand and
    // 100 × (1 − 31/48) = 35.416… (answered to two decimals), over round 1's threshold of 20.
    assert_eq!(quality["penalty_points"], 31);
    assert_eq!(quality["words"], 48);
    assert_eq!(quality["points_per_thousand"], 645.83);
    assert_eq!(quality["score"], 35.42);
    assert_eq!(quality["pass"], false);

    // The same from the rows themselves, with the weights as stored.
    let (points, words): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT sum(w.points) FROM annotations a JOIN mqm_weights w ON w.severity = a.severity),
                (SELECT sum(array_length(regexp_split_to_array(btrim(source), '\\s+'), 1)) FROM segments)",
    )
    .fetch_one(&desk.db.pool)
    .await
    .unwrap();
    assert_eq!((points, words), (31, 48));

    // The admin's weights and threshold apply to the next answer: 1 + 2 + 10 = 13 points, 13000 / 48 =
    // 270.83 per thousand, within a threshold of 300; 100 × (1 − 13/48) = 72.92.
    let settings = json!({"weights": {"minor": 1, "major": 2, "critical": 10}, "thresholds": {"1": 300}});
    let (code, answer) = desk.admin.put("/api/v1/quality/settings", settings.clone()).await;
    assert_eq!(code, StatusCode::OK, "{answer}");
    let (_, quality) = desk.translator.get(&format!("/api/v1/articles/{}/quality", desk.article)).await;
    assert_eq!(
        (quality["penalty_points"].as_u64(), quality["points_per_thousand"].as_f64()),
        (Some(13), Some(270.83))
    );
    assert_eq!((quality["score"].as_f64(), quality["pass"].as_bool()), (Some(72.92), Some(true)));
    let (code, _) = desk.reviewer.put("/api/v1/quality/settings", settings).await;
    assert_eq!(code, StatusCode::FORBIDDEN, "only admins change the scoring");
}

#[tokio::test]
async fn annotations_stay_with_the_revision_they_judge() {
    let desk = desk().await;
    three_errors(&desk).await;
    let fixed = "China said that what is happening in Kazakhstan is an internal affair.";
    let body = json!({"target": fixed, "status": "translated", "base_revision": 1});
    let (code, _) = desk.translator.put(&format!("/api/v1/segments/{}", desk.segments[2]), body).await;
    assert_eq!(code, StatusCode::OK);
    let (code, listed) =
        desk.translator.get(&format!("/api/v1/segments/{}/annotations", desk.segments[2])).await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(listed[0]["revision"], 1);
    assert_eq!(listed[0]["excerpt"], "a internal", "the text judged, not the text now");
    assert_eq!(listed[0]["category"], "grammar");
    assert_eq!(listed[0]["dimension"], "fluency");
    let stale = json!({"category": "style", "severity": "minor", "start": 0, "end": 5, "revision": 1});
    let (code, answer) = annotate(&desk.reviewer, desk.segments[2], stale).await;
    assert_eq!(code, StatusCode::CONFLICT, "{answer}");
}

#[tokio::test]
async fn bad_annotations_are_refused_and_store_nothing() {
    let desk = desk().await;
    let (segment, length) = (desk.segments[2], TARGETS[2].chars().count());
    let source_length = SENTENCES[2].chars().count();
    let cases = [
        (
            &desk.reviewer,
            json!({"category": "typo", "severity": "minor", "start": 0, "end": 3}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown variant `typo`",
        ),
        (
            &desk.reviewer,
            json!({"category": "style", "severity": "fatal", "start": 0, "end": 3}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown variant `fatal`",
        ),
        (
            &desk.reviewer,
            json!({"category": "style", "severity": "minor", "start": 4, "end": 4}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "at least one character",
        ),
        (
            &desk.reviewer,
            json!({"category": "style", "severity": "minor", "start": 0, "end": length + 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "runs past the target",
        ),
        (
            &desk.reviewer,
            json!({"category": "omission", "severity": "major", "start": 0, "end": source_length + 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "runs past the source",
        ),
        (
            &desk.reviewer,
            json!({"category": "style", "severity": "minor", "start": 0, "end": 3, "round": 7}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "no review round 7",
        ),
        (
            &desk.translator,
            json!({"category": "style", "severity": "minor", "start": 0, "end": 3}),
            StatusCode::FORBIDDEN,
            "may not annotate",
        ),
    ];
    for (client, body, status, message) in cases {
        let (code, answer) = annotate(client, segment, body.clone()).await;
        assert_eq!(code, status, "{body}: {answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains(message), "{body}: {answer}");
    }
    let (_, untranslated) = article(&desk.db, &desk.translator.user, &["ردود فعل"]).await;
    let first = untranslated[0];
    let (code, answer) = annotate(
        &desk.reviewer,
        first,
        json!({"category": "omission", "severity": "minor", "start": 0, "end": 3}),
    )
    .await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY, "nothing to judge: {answer}");
    let stored: i64 =
        sqlx::query_scalar("SELECT count(*) FROM annotations").fetch_one(&desk.db.pool).await.unwrap();
    assert_eq!(stored, 0);
    // An omission points into the source.
    let (code, answer) = annotate(
        &desk.reviewer,
        segment,
        json!({"category": "omission", "severity": "minor", "start": 0, "end": 6}),
    )
    .await;
    assert_eq!(code, StatusCode::CREATED, "{answer}");
    assert_eq!(answer["span"]["side"], "source");
    assert_eq!(answer["excerpt"], "اعتبرت");
}

#[tokio::test]
async fn the_report_counts_each_translators_errors() {
    let desk = desk().await;
    three_errors(&desk).await;
    let (code, report) = desk.admin.get("/api/v1/quality/report?by=translator").await;
    assert_eq!(code, StatusCode::OK, "{report}");
    let groups = report["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{report}");
    assert_eq!(groups[0]["key"], "translator");
    assert_eq!(groups[0]["segments"], 3);
    assert_eq!(groups[0]["penalty_points"], 31);
    assert_eq!(groups[0]["errors"], json!({"minor": 1, "major": 1, "critical": 1}));
    let excerpts: Vec<&str> =
        report["errors"].as_array().unwrap().iter().map(|e| e["excerpt"].as_str().unwrap()).collect();
    assert_eq!(excerpts, ["troops", "Belarus", "a internal"], "in article order");
    assert!(report["errors"].as_array().unwrap().iter().all(|e| e["translator"] == "translator"));

    // A reviewer who signs a segment off does not become its translator.
    let body = json!({"target": TARGETS[0], "status": "reviewed", "base_revision": 1});
    let (code, _) = desk.reviewer.put(&format!("/api/v1/segments/{}", desk.segments[0]), body).await;
    assert_eq!(code, StatusCode::OK);
    let (_, by_origin) = desk.admin.get("/api/v1/quality/report?by=origin").await;
    assert_eq!(by_origin["groups"][0]["key"], "manual", "{by_origin}");
    let (_, report) = desk.admin.get("/api/v1/quality/report?by=translator").await;
    assert_eq!(report["groups"].as_array().unwrap().len(), 1, "{report}");

    let (code, csv) = desk.admin.get("/api/v1/quality/report?by=period&format=csv").await;
    assert_eq!(code, StatusCode::OK);
    let csv = csv.as_str().unwrap();
    let month = time::OffsetDateTime::now_utc();
    let expected_row =
        format!("{:04}-{:02},3,48,1,1,1,31,645.83,35.42,false", month.year(), u8::from(month.month()));
    assert!(
        csv.trim_start_matches('\u{feff}').starts_with(
            "period,segments,words,minor,major,critical,penalty_points,points_per_thousand,score,pass"
        ),
        "{csv}"
    );
    assert!(csv.lines().any(|l| l == expected_row), "{csv}");
    let (code, _) = desk.admin.get("/api/v1/quality/report?by=engine").await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
}
