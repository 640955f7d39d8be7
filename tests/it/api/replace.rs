//! `/articles/{id}/find` and `/articles/{id}/replace`: Find folds Arabic spelling; a replace is previewed,
//! then applied all or nothing, one revision per segment, never to a segment the user may not change.

use serde_json::{json, Value};
use tarjuman::domain::Role;

use crate::support::api::{article, Client};
use crate::support::db::TestDb;

async fn revisions(db: &TestDb) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM revisions").fetch_one(&db.pool).await.unwrap()
}

fn confirmed(preview: &Value) -> Value {
    let changes = preview["changes"].as_array().unwrap();
    changes
        .iter()
        .map(|c| json!({"segment_id": c["segment_id"], "base_revision": c["base_revision"]}))
        .collect()
}

#[tokio::test]
async fn find_folds_alef_forms_and_the_tatweel_dot() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let (id, segments) = article(&db, &translator.user, &["أوكرانيا.", "قواتـ.ـها.", "جملة."]).await;
    for (q, expected) in [("اوكرانيا", vec![segments[0]]), ("قواتها", vec![segments[1]]), ("روسيا", vec![])]
    {
        let (status, found) = translator.get(&format!("/api/v1/articles/{id}/find?q={q}")).await;
        assert_eq!(status.as_u16(), 200);
        assert_eq!(found, json!(expected), "{q}");
    }
}

#[tokio::test]
async fn a_replace_is_all_or_nothing_and_skips_what_the_role_may_not_change() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let (id, segments) = article(&db, &translator.user, &["أ.", "ب.", "ج."]).await;
    for (segment, status) in segments.iter().zip(["translated", "initial", "final"]) {
        let body = json!({"target": "Kiev said", "status": status, "base_revision": 0});
        let author = if status == "final" { &reviewer } else { &translator };
        author.put(&format!("/api/v1/segments/{segment}"), body).await;
    }
    let uri = format!("/api/v1/articles/{id}/replace");
    let (status, preview) = translator.get(&format!("{uri}?find=Kiev&with=Kyiv")).await;
    assert_eq!(status.as_u16(), 200, "{preview}");
    assert_eq!(preview["changes"].as_array().unwrap().len(), 2);
    assert_eq!(preview["changes"][0]["after"], "Kyiv said");
    assert_eq!(preview["skipped"][0]["segment_id"], segments[2]);

    // A segment saved since the preview: nothing is replaced, anywhere.
    let before = revisions(&db).await;
    let body = json!({"target": "Kiev said so", "status": "initial", "base_revision": 1});
    translator.put(&format!("/api/v1/segments/{}", segments[1]), body).await;
    let body = json!({"find": "Kiev", "with": "Kyiv", "segments": confirmed(&preview)});
    let (status, _) = translator.post(&uri, body.clone()).await;
    assert_eq!(status.as_u16(), 409);
    assert_eq!(revisions(&db).await, before + 1, "only the other save");

    // Previewed again: one revision per changed segment, status kept.
    let (_, preview) = translator.get(&format!("{uri}?find=Kiev&with=Kyiv")).await;
    let body = json!({"find": "Kiev", "with": "Kyiv", "segments": confirmed(&preview)});
    let (status, replaced) = translator.post(&uri, body).await;
    assert_eq!(status.as_u16(), 200, "{replaced}");
    let targets: Vec<(&str, &str)> = replaced
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["target"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(targets, [("Kyiv said", "translated"), ("Kyiv said so", "initial")]);
    assert_eq!(revisions(&db).await, before + 3);

    // The final segment: skipped in a translator's preview; refused whole when sent anyway.
    let (_, preview) = terminologist.get(&format!("{uri}?find=Kiev&with=Kyiv")).await;
    assert!(preview["changes"].as_array().unwrap().is_empty());
    let body = json!({"find": "Kiev", "with": "Kyiv", "segments": [{"segment_id": segments[2], "base_revision": 1}]});
    let (status, _) = translator.post(&uri, body).await;
    assert_eq!(status.as_u16(), 403);
    let (status, _) = translator.get(&format!("{uri}?find=&with=x")).await;
    assert_eq!(status.as_u16(), 422);
}
