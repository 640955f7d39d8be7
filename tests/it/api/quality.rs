//! Quality checks wired in: findings stored and answered on every save, ignored by reviewers, consistency
//! within the article and with the memory, the article's report as JSON and CSV.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tarjuman::app::setup::{first_start, Options};
use tarjuman::domain::Role;
use tower::ServiceExt;

use super::tm::{post_tmx, tmx};
use crate::support::api::{article, coded, coded_article, Client};
use crate::support::db::TestDb;
use crate::support::http::{app, send, test_passwords};

/// Sentences of the seed article, cut short so that each carries a few glossary terms.
const CSTO: &str = "وأعلنت “منظمة معاهدة الأمن الجماعي”، أن روسيا أرسلت مظليين.";
const PRICES: &str = "وقد أدت الاضطرابات إلى قفزة بنسبة 8٪ في أسعار المعدن.";
const NAZARBAYEV: &str = "ومنذ الحقبة السوفييتية، حكم سلطان نزار باييف (81 عامًا) كازاخستان.";
const REACTIONS: &str = "ردود فعل";
/// The same heading with a tatweel: the same source once normalised.
const REACTIONS_AGAIN: &str = "ردود فعـل";
const CHINA: &str = "اعتبرت الصين ما يجري في كازاخستان شأنًا داخليًا.";

/// A database with the shipped glossaries, a translator, a reviewer and an article of `sentences`.
async fn setup(sentences: &[&str]) -> (TestDb, Client, Client, i64, Vec<i64>) {
    let db = TestDb::new().await;
    first_start(&db.pool, &test_passwords(), Options { admin_password: Some("pw".into()), sample: false })
        .await
        .unwrap();
    let translator = Client::new(&db, Role::Translator, "").await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let (id, segments) = article(&db, &translator.user, sentences).await;
    (db, translator, reviewer, id, segments)
}

/// Saves and returns the answer (with its findings).
async fn save(client: &Client, segment: i64, target: &str, status: &str, base: i64) -> Value {
    let body = json!({"target": target, "status": status, "base_revision": base});
    let (code, answer) = client.put(&format!("/api/v1/segments/{segment}"), body).await;
    assert_eq!(code, StatusCode::OK, "{answer}");
    answer
}

fn kinds(answer: &Value) -> Vec<&str> {
    answer["findings"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap()).collect()
}

fn of_kind<'a>(answer: &'a Value, kind: &str) -> Vec<&'a Value> {
    answer["findings"].as_array().unwrap().iter().filter(|f| f["kind"] == kind).collect()
}

async fn stored(db: &TestDb, segment: i64) -> Vec<String> {
    sqlx::query_scalar("SELECT kind FROM findings WHERE segment_id = $1 ORDER BY id")
        .bind(segment)
        .fetch_all(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_save_answers_and_stores_what_the_checks_find() {
    let (db, translator, _, _, segments) = setup(&[CSTO, PRICES, NAZARBAYEV, REACTIONS]).await;

    let bad = "The “Security Treaty announced that روسيا sent  paratroopers.";
    let answer = save(&translator, segments[0], bad, "translated", 0).await;
    assert_eq!(kinds(&answer), ["missing_term", "missing_term", "arabic_in_target", "unbalanced", "spacing"]);
    let csto = &answer["findings"][0];
    assert_eq!(csto["severity"], "warning");
    assert!(csto["message"].as_str().unwrap().contains("منظمة معاهدة الأمن الجماعي"), "{csto}");
    assert_eq!(csto["span"], json!({"side": "source", "start": 8, "end": 34}), "the term in the source");
    assert_eq!(csto["ignored"], Value::Null);
    let arabic = &answer["findings"][2];
    assert_eq!(arabic["severity"], "error");
    assert_eq!(arabic["span"], json!({"side": "target", "start": 36, "end": 41}), "«روسيا» in the target");
    assert_eq!(stored(&db, segments[0]).await, kinds(&answer), "stored as answered");

    let answer =
        save(&translator, segments[1], "The unrest caused a jump of 18% in metal prices.", "translated", 0)
            .await;
    let numbers: Vec<&str> =
        of_kind(&answer, "numbers").iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert_eq!(
        numbers,
        ["The number 8 is missing from the translation.", "The number 18 is not in the source."]
    );

    let answer = save(&translator, segments[3], "", "translated", 0).await;
    assert_eq!(kinds(&answer), ["empty"], "a segment marked translated with no translation");
    let answer = save(&translator, segments[3], "", "initial", 1).await;
    assert_eq!(kinds(&answer), Vec::<&str>::new(), "an empty draft is no error");

    // A good translation: synonyms, plurals and «(81 عامًا)» as «(81)» are all right; the old findings go.
    let answer = save(
        &translator,
        segments[0],
        "The “CSTO” announced that Russia sent paratroopers.",
        "translated",
        1,
    )
    .await;
    assert_eq!(answer["findings"], json!([]));
    assert_eq!(stored(&db, segments[0]).await, Vec::<String>::new(), "the findings were replaced");
    let good = "Since the Soviet era, Nursultan Nazarbayev (81) has ruled Kazakhstan.";
    assert_eq!(save(&translator, segments[2], good, "translated", 0).await["findings"], json!([]));
}

#[tokio::test]
async fn a_forbidden_term_is_an_error_naming_the_preferred_one() {
    let (_db, translator, _, _, segments) = setup(&["في مدينة ألماتي."]).await;
    let answer = save(&translator, segments[0], "in the city of Alma-Ata.", "translated", 0).await;
    let forbidden = of_kind(&answer, "forbidden_term");
    assert_eq!(forbidden.len(), 1, "{answer}");
    assert_eq!(forbidden[0]["severity"], "error");
    assert!(forbidden[0]["message"].as_str().unwrap().contains("use “Almaty”"), "{}", forbidden[0]);
}

#[tokio::test]
async fn reviewers_ignore_a_finding_with_a_reason_and_it_stays_ignored() {
    let (db, translator, reviewer, _, segments) = setup(&[PRICES]).await;
    let answer =
        save(&translator, segments[0], "The unrest caused a jump of 18% in metal prices.", "translated", 0)
            .await;
    let missing = of_kind(&answer, "numbers")[0]["id"].as_i64().unwrap();
    let ignore = |client: &Client, id: i64, body: Value| {
        let client = client.clone();
        async move { client.post(&format!("/api/v1/findings/{id}/ignore"), body).await }
    };

    let reason = json!({"reason": "The source's 8% is a typo; the agency's figure is 18%."});
    assert_eq!(ignore(&translator, missing, reason.clone()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(ignore(&reviewer, missing, json!({"reason": "  "})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(ignore(&reviewer, missing, json!({})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(ignore(&reviewer, 999_999, reason.clone()).await.0, StatusCode::NOT_FOUND);
    let (status, ignored) = ignore(&reviewer, missing, reason.clone()).await;
    assert_eq!(status, StatusCode::OK, "{ignored}");
    assert_eq!(ignored["ignored"]["by"], "reviewer");
    assert_eq!(ignored["ignored"]["reason"], reason["reason"]);
    assert!(ignored["ignored"]["at"].is_string());

    // The same problem after a re-save with other words around it is still ignored (the same finding, kept);
    // the other number's finding is not, and a new problem is not either.
    let answer =
        save(&translator, segments[0], "The unrest led to a jump of 18% in metal prices.", "translated", 1)
            .await;
    let numbers = of_kind(&answer, "numbers");
    assert_eq!(numbers[0]["id"].as_i64(), Some(missing), "a finding found again keeps its id");
    assert_eq!(numbers[0]["ignored"]["by"], "reviewer", "{answer}");
    assert_eq!(numbers[1]["ignored"], Value::Null);
    let answer =
        save(&translator, segments[0], "The unrest led to a jump of 9% in metal prices.", "translated", 2)
            .await;
    assert!(of_kind(&answer, "numbers").iter().any(|f| f["ignored"].is_null()), "{answer}");
    assert_eq!(
        of_kind(&answer, "numbers")[0]["ignored"]["by"],
        "reviewer",
        "8 is still missing, still ignored"
    );

    let kept = sqlx::query("DELETE FROM finding_ignores").execute(&db.pool).await;
    assert!(kept.is_err(), "ignores are kept");
}

#[tokio::test]
async fn the_same_source_translated_otherwise_in_the_article_or_the_memory() {
    let (db, translator, _, id, segments) = setup(&[REACTIONS, REACTIONS_AGAIN, CHINA]).await;
    let answer = save(&translator, segments[0], "Reactions", "translated", 0).await;
    assert_eq!(answer["findings"], json!([]));
    for (status, base) in [("initial", 0), ("translated", 1)] {
        let answer = save(&translator, segments[1], "Responses", status, base).await;
        let inconsistent = of_kind(&answer, "inconsistent");
        assert_eq!(inconsistent.len(), 1, "{status}: {answer}");
        assert_eq!(inconsistent[0]["message"], "The same source is translated differently in segment 1.");
    }
    let answer = save(&translator, segments[1], "Reactions ", "translated", 2).await;
    assert!(of_kind(&answer, "inconsistent").is_empty(), "a trailing space is no other translation");

    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let memory = tmx(&[(CHINA, "China called the events in Kazakhstan an internal matter.")]);
    let (status, _) = send(&db.pool, post_tmx(&terminologist.token, memory)).await;
    assert_eq!(status, StatusCode::OK);
    let answer = save(
        &translator,
        segments[2],
        "China considered the events in Kazakhstan an internal affair.",
        "translated",
        0,
    )
    .await;
    let memory = of_kind(&answer, "inconsistent_tm");
    assert_eq!(memory.len(), 1, "{answer}");
    assert!(memory[0]["message"].as_str().unwrap().contains("an internal matter"), "{}", memory[0]);
    let answer = save(
        &translator,
        segments[2],
        "China called the events in Kazakhstan an internal matter.",
        "translated",
        1,
    )
    .await;
    assert!(of_kind(&answer, "inconsistent_tm").is_empty(), "its own unit is not held against it: {answer}");

    // A draft counts too, from either side; the report re-checks every segment.
    save(&translator, segments[1], "Responses", "initial", 3).await;
    let answer = save(&translator, segments[0], "Reactions", "translated", 1).await;
    let inconsistent = of_kind(&answer, "inconsistent");
    assert_eq!(inconsistent[0]["message"], "The same source is translated differently in segment 2.");
    let (_, report) = translator.get(&format!("/api/v1/articles/{id}/qa")).await;
    let first = report["segments"][0]["findings"].as_array().unwrap();
    assert_eq!(first.len(), 1, "{report}");
    assert_eq!(first[0]["message"], "The same source is translated differently in segment 2.");
}

#[tokio::test]
async fn the_report_as_json_and_as_csv() {
    let (db, translator, reviewer, id, segments) = setup(&[CSTO, PRICES, NAZARBAYEV]).await;
    let bad = "=The “CSTO announced that Russia sent paratroopers.";
    let answer = save(&translator, segments[0], bad, "translated", 0).await;
    let unbalanced = of_kind(&answer, "unbalanced")[0]["id"].as_i64().unwrap();
    save(&translator, segments[1], "The unrest caused a jump of 18% in metal prices.", "translated", 0).await;
    let reason = json!({"reason": "house style"});
    assert_eq!(
        reviewer.post(&format!("/api/v1/findings/{unbalanced}/ignore"), reason).await.0,
        StatusCode::OK
    );

    let (status, report) = translator.get(&format!("/api/v1/articles/{id}/qa")).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let rows = report["segments"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "every segment, with findings or not");
    assert_eq!((rows[2]["index"].as_i64(), rows[2]["findings"].clone()), (Some(2), json!([])));
    for key in ["index", "id", "source", "target", "status", "findings"] {
        assert!(rows[0].get(key).is_some(), "{key}: {}", rows[0]);
    }
    assert_eq!(rows[1]["source"], PRICES);
    let totals = &report["totals"];
    assert_eq!(totals["findings"], 3, "{totals}");
    assert_eq!(totals["ignored"], 1);
    assert_eq!(totals["by_kind"], json!({"numbers": 2}));
    assert_eq!(totals["by_severity"], json!({"error": 2}));

    let request = Request::get(format!("/api/v1/articles/{id}/qa?format=csv"))
        .header(header::AUTHORIZATION, format!("Bearer {}", translator.token))
        .body(Body::empty())
        .unwrap();
    let response = app(db.pool.clone()).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert_eq!(
        response.headers()[header::CONTENT_DISPOSITION],
        format!("attachment; filename=\"article-{id}-qa.csv\"")
    );
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = std::str::from_utf8(&bytes).unwrap().strip_prefix('\u{FEFF}').expect("a byte-order mark");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 3, "one row per finding");
    let first = &records[0];
    assert_eq!(&first[column("segment")], "1", "numbered as the editor shows");
    assert_eq!(&first[column("kind")], "unbalanced");
    assert_eq!(&first[column("span_text")], "“");
    assert_eq!(&first[column("ignored_by")], "reviewer");
    assert_eq!(&first[column("ignore_reason")], "house style");
    assert_eq!(&first[column("target")], format!("'{bad}"), "a formula start is defused");
    assert_eq!(&first[column("source")], CSTO);
    let numbers: Vec<&str> = records[1..].iter().map(|r| &r[column("span_text")]).collect();
    assert_eq!(numbers, ["8", "18"], "the number in the source, then in the target");

    assert_eq!(
        translator.get(&format!("/api/v1/articles/{id}/qa?format=xml")).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(translator.get("/api/v1/articles/999999/qa").await.0, StatusCode::NOT_FOUND);
}

/// Sends a raw body; the status and the JSON answer.
async fn upload(db: &TestDb, client: &Client, method: &str, uri: &str, body: Vec<u8>) -> (StatusCode, Value) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {}", client.token))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(body))
        .unwrap();
    let response = app(db.pool.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

#[tokio::test]
async fn translations_that_come_in_files_are_checked_too() {
    let (db, translator, _, id, segments) = setup(&[PRICES]).await;
    save(&translator, segments[0], "The unrest caused a jump of 8% in metal prices.", "translated", 0).await;
    let uri = format!("/api/v1/articles/{id}/export?format=xliff12");
    let request = Request::get(uri)
        .header(header::AUTHORIZATION, format!("Bearer {}", translator.token))
        .body(Body::empty())
        .unwrap();
    let response = app(db.pool.clone()).oneshot(request).await.unwrap();
    let file = String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    let edited = file.replace("jump of 8%", "jump of 18%");
    assert_ne!(edited, file);

    let uri = format!("/api/v1/articles/{id}/import");
    let (status, report) = upload(&db, &translator, "POST", &uri, edited.clone().into_bytes()).await;
    assert_eq!((status, report["applied"].as_i64()), (StatusCode::OK, Some(1)), "{report}");
    assert_eq!(stored(&db, segments[0]).await, ["numbers", "numbers"], "checked in the import's transaction");

    // A new article from the same file: its glossaries are the pair's, known once it exists.
    let uri = "/api/v1/articles/import?name=copy.xlf&title=Copy";
    let (status, created) = upload(&db, &translator, "POST", uri, edited.into_bytes()).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let (_, copy) = translator.get(&format!("/api/v1/articles/{}", created["id"])).await;
    let segment = copy["segments"][0]["id"].as_i64().unwrap();
    assert_eq!(stored(&db, segment).await, ["numbers", "numbers"], "checked before the answer");
}

#[tokio::test]
async fn the_report_follows_the_article_order_after_a_split() {
    let (_db, translator, _, id, segments) = setup(&[CSTO, PRICES]).await;
    save(&translator, segments[0], "The “CSTO said that Russia sent paratroopers.", "translated", 0).await;
    save(&translator, segments[1], "The unrest caused a jump of 18% in metal prices.", "translated", 0).await;
    // The parts are newer than the segment after them.
    let (status, parts) =
        translator.post(&format!("/api/v1/segments/{}/split", segments[0]), json!({"offset": 36})).await;
    assert_eq!(status, StatusCode::OK, "{parts}");
    let (_, report) = translator.get(&format!("/api/v1/articles/{id}/qa")).await;
    let kinds: Vec<Vec<&str>> = report["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["findings"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap()).collect())
        .collect();
    assert_eq!(kinds, [vec!["unbalanced"], vec![], vec!["numbers", "numbers"]], "{report}");
}

#[tokio::test]
async fn inline_code_problems_are_findings_stored_with_the_save() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let sources = ["وصلت.", "وصلت أمس.", "وصلت اليوم.", "وصلت فجرا."]
        .map(|end| format!("قال {{1}}تقرير {{2}}المنظمة{{/2}}{{/1}} إن{{3/}} القوات {end}"));
    let sources = sources.each_ref().map(String::as_str);
    let (_, segments) = coded_article(&db, &translator.user, &sources).await;
    let id = segments[0];

    let good = save(
        &translator,
        id,
        &coded("The {1}report of {2}the organization{/2}{/1} said{3/} troops arrived."),
        "translated",
        0,
    )
    .await;
    assert_eq!(kinds(&good), [""; 0], "{good}");

    let missing =
        save(&translator, id, &coded("The {1}report{/1} said troops arrived."), "translated", 1).await;
    let messages: Vec<&str> =
        of_kind(&missing, "codes").iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert_eq!(
        messages,
        [
            "The code <2> (b) is missing from the translation.",
            "The code </2> (b) is missing from the translation.",
            "The code <3/> (img) is missing from the translation."
        ]
    );
    assert_eq!(of_kind(&missing, "codes")[0]["severity"], "error");
    assert_eq!(of_kind(&missing, "codes")[0]["span"]["side"], "source");
    assert_eq!(stored(&db, id).await, ["codes", "codes", "codes"]);

    let crossed = save(
        &translator,
        segments[1],
        &coded("The {1}report {2}said{/1}{/2}{3/} troops arrived."),
        "translated",
        0,
    )
    .await;
    let unbalanced = of_kind(&crossed, "codes");
    assert_eq!(unbalanced.len(), 1, "{crossed}");
    assert!(unbalanced[0]["message"].as_str().unwrap().contains("</1> (link) closes before it opens"));

    let reordered = save(
        &translator,
        segments[2],
        &coded("{3/} Troops arrived, said the {1}report of {2}the organization{/2}{/1}."),
        "translated",
        0,
    )
    .await;
    assert_eq!(kinds(&reordered), ["code_order"], "{reordered}");
    assert_eq!(of_kind(&reordered, "code_order")[0]["severity"], "warning");

    let empty_link = save(
        &translator,
        segments[3],
        &coded("The report of {1}{2} {/2}{/1}said{3/} troops arrived."),
        "translated",
        0,
    )
    .await;
    let mut found = kinds(&empty_link);
    found.sort_unstable();
    assert_eq!(found, ["code_spacing", "code_spacing", "code_spacing", "empty_link"], "{empty_link}");
    assert_eq!(stored(&db, segments[3]).await.len(), 4);

    // A code the source does not have is refused, and nothing is stored.
    let body = json!({"target": coded("The report{4/}"), "status": "translated", "base_revision": 1});
    let (code, refused) = translator.put(&format!("/api/v1/segments/{}", segments[3]), body).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(stored(&db, segments[3]).await.len(), 4);
}
