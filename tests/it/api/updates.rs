//! `/articles/{id}/update`: a newer version of a wire story into the same article.

use axum::http::StatusCode;
use serde_json::{json, Value};
use tarjuman::domain::Role;

use crate::support::api::Client;
use crate::support::browser_session::Visitor;
use crate::support::db::TestDb;

fn sentence(i: usize) -> String {
    format!("قال المتحدث رقم {i} إن الوضع مستقر في المدينة رقم {i}.")
}

fn reworded(i: usize) -> String {
    format!("قال المتحدث رقم {i} إن الوضع متوتر جدا في المدينة رقم {i}.")
}

const NEW_QUOTE: &str = "وصلت فرق الإنقاذ إلى الموقع صباحا.";
const NEW_CLOSE: &str = "ولم تعلن أي جهة مسؤوليتها عن الهجوم.";

async fn live(client: &Client, id: i64) -> Vec<Value> {
    let (_, article) = client.get(&format!("/api/v1/articles/{id}")).await;
    article["segments"].as_array().unwrap().clone()
}

#[tokio::test]
async fn an_updated_story_keeps_the_work_on_unchanged_sentences() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "").await;
    let text: Vec<String> = (1..=26).map(sentence).collect();
    let (status, created) = sara
        .post(
            "/api/v1/articles",
            json!({"title": "Wire", "source_lang": "ar", "target_lang": "en", "text": text.join("\n")}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let before = live(&sara, id).await;
    assert_eq!(before.len(), 26);
    for (i, segment) in before.iter().enumerate() {
        let body = json!({"target": format!("Spokesman {} said.", i + 1), "status": "translated", "base_revision": 0});
        let (status, _) = sara.put(&format!("/api/v1/segments/{}", segment["id"]), body).await;
        assert_eq!(status, StatusCode::OK);
    }

    // Sentences 3, 10 and 20 reworded, 15 dropped, a quote after 5 and a closing line added.
    let mut newer: Vec<String> = Vec::new();
    for i in 1..=26 {
        match i {
            3 | 10 | 20 => newer.push(reworded(i)),
            15 => {}
            _ => newer.push(sentence(i)),
        }
        if i == 5 {
            newer.push(NEW_QUOTE.into());
        }
    }
    newer.push(NEW_CLOSE.into());
    let update = json!({"title": "", "source_lang": "ar", "target_lang": "en", "text": newer.join("\n")});
    let (status, counts) = sara.post(&format!("/api/v1/articles/{id}/update"), update).await;
    assert_eq!(status, StatusCode::OK, "{counts}");
    assert_eq!(counts, json!({"kept": 22, "changed": 3, "added": 2, "removed": 1, "drafted": 0}));

    let after = live(&sara, id).await;
    let sources: Vec<&str> = after.iter().map(|s| s["source"].as_str().unwrap()).collect();
    assert_eq!(sources, newer.iter().map(String::as_str).collect::<Vec<_>>(), "the new version, in order");
    // The 22 unchanged sentences are the same segments, with their translation, status and revision.
    for (i, old) in before.iter().enumerate() {
        let n = i + 1;
        let now = after.iter().find(|s| s["id"] == old["id"]);
        match n {
            3 | 10 | 15 | 20 => assert!(now.is_none(), "segment {n} is retired"),
            _ => {
                let now = now.unwrap_or_else(|| panic!("segment {n} kept"));
                assert_eq!(now["target"], format!("Spokesman {n} said."));
                assert_eq!(now["status"], "translated");
                assert_eq!(now["revision"], 1);
            }
        }
    }

    // The three reworded ones are marked, with the old source and translation offered.
    let (_, marked) = sara.get(&format!("/api/v1/articles/{id}/source-changes")).await;
    let marked = marked.as_array().unwrap();
    assert_eq!(marked.len(), 3, "{marked:?}");
    for (change, n) in marked.iter().zip([3, 10, 20]) {
        assert_eq!(change["source"], reworded(n));
        assert_eq!(change["old_source"], sentence(n));
        assert_eq!(change["old_target"], format!("Spokesman {n} said."));
        let inserted: String = change["source_diff"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["op"] == "insert")
            .map(|c| c["text"].as_str().unwrap())
            .collect();
        assert!(inserted.contains("متوتر"), "{change}");
    }
    let (_, updates) = sara.get(&format!("/api/v1/articles/{id}/updates")).await;
    assert_eq!(updates.as_array().unwrap().len(), 1, "one event in the history: {updates}");
    assert_eq!(updates[0]["by"], "translator");
    assert_eq!(updates[0]["changed"], 3);
    // The retired segments keep their history.
    let retired = before[14]["id"].as_i64().unwrap();
    let (_, revisions) = sara.get(&format!("/api/v1/segments/{retired}/revisions")).await;
    assert_eq!(revisions[0]["target"], "Spokesman 15 said.");

    // The editor marks them, offering the old translation.
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let page = visitor.get(&format!("/articles/{id}")).await;
    assert_eq!(page.body.matches("class=\"badge source-changed\"").count(), 3);
    assert!(page.body.contains("<bdi class=\"old-target\" lang=\"en\">Spokesman 10 said.</bdi>"));
}

#[tokio::test]
async fn a_refused_update_changes_nothing() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "").await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let (_, created) = sara
        .post(
            "/api/v1/articles",
            json!({"title": "Wire", "source_lang": "ar", "target_lang": "en", "text": sentence(1)}),
        )
        .await;
    let id = created["id"].as_i64().unwrap();
    let body = |text: &str| json!({"title": "", "source_lang": "ar", "target_lang": "en", "text": text});

    let (status, _) = sara.post(&format!("/api/v1/articles/{id}/update"), body("   ")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = terminologist.post(&format!("/api/v1/articles/{id}/update"), body(&sentence(2))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = sara.post("/api/v1/articles/999999/update", body(&sentence(2))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let segments = live(&sara, id).await;
    assert_eq!(segments.len(), 1);
    assert_eq!(segments[0]["source"], sentence(1));
    let (_, updates) = sara.get(&format!("/api/v1/articles/{id}/updates")).await;
    assert_eq!(updates, json!([]));
}

/// A raw upload, as `POST /articles/import` takes files.
async fn upload(db: &TestDb, client: &Client, uri: &str, body: &str) -> (StatusCode, Value) {
    use tower::ServiceExt;
    let request = axum::http::Request::post(uri)
        .header("authorization", format!("Bearer {}", client.token))
        .header("content-type", "application/octet-stream")
        .body(axum::body::Body::from(body.to_owned()))
        .unwrap();
    let response = crate::support::http::app(db.pool.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or_else(|_| String::from_utf8_lossy(&bytes).into()))
}

fn xliff(source_lang: &str, sources: &[String]) -> String {
    let units: Vec<(String, Option<(&str, &str)>)> = sources.iter().map(|s| (s.clone(), None)).collect();
    xliff_with_targets(source_lang, &units)
}

/// Units with their sources and, for some, a target and its `state`.
fn xliff_with_targets(source_lang: &str, units: &[(String, Option<(&str, &str)>)]) -> String {
    let units: String = units
        .iter()
        .enumerate()
        .map(|(n, (s, target))| {
            let target = target.map(|(t, state)| format!("<target state=\"{state}\">{t}</target>"));
            format!("<trans-unit id=\"{n}\"><source>{s}</source>{}</trans-unit>", target.unwrap_or_default())
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\
         <file original=\"wire\" source-language=\"{source_lang}\" target-language=\"en\" datatype=\"plaintext\">\
         <body>{units}</body></file></xliff>"
    )
}

#[tokio::test]
async fn an_updated_story_comes_as_xliff_too() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "").await;
    let text: Vec<String> = (1..=4).map(sentence).collect();
    let body = json!({"title": "Wire", "source_lang": "ar", "target_lang": "en", "text": text.join("\n")});
    let (_, created) = sara.post("/api/v1/articles", body).await;
    let id = created["id"].as_i64().unwrap();
    for segment in live(&sara, id).await {
        let body = json!({"target": "Done.", "status": "translated", "base_revision": 0});
        sara.put(&format!("/api/v1/segments/{}", segment["id"]), body).await;
    }

    let uri = format!("/api/v1/articles/{id}/update?name=wire.xlf&title=Wire%202");
    let (status, refused) = upload(&db, &sara, &uri, &xliff("de", &text)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "another source language: {refused}");
    let (status, refused) = upload(&db, &sara, &uri, "<xliff version=\"1.2\"><file>").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "malformed: {refused}");

    // Sentence 2 reworded, 3 gone, a quote in its place: the file's units are the sentences.
    let newer = [sentence(1), reworded(2), NEW_QUOTE.to_owned(), sentence(4)];
    let (status, counts) = upload(&db, &sara, &uri, &xliff("ar", &newer)).await;
    assert_eq!(status, StatusCode::OK, "{counts}");
    assert_eq!(counts, json!({"kept": 2, "changed": 1, "added": 1, "removed": 1, "drafted": 0}));
    let after = live(&sara, id).await;
    let sources: Vec<&str> = after.iter().map(|s| s["source"].as_str().unwrap()).collect();
    assert_eq!(sources, newer.iter().map(String::as_str).collect::<Vec<_>>());
    let targets: Vec<&str> = after.iter().map(|s| s["target"].as_str().unwrap()).collect();
    assert_eq!(targets, ["Done.", "", "", "Done."]);
    let (_, info) = sara.get(&format!("/api/v1/articles/{id}")).await;
    assert_eq!(info["title"], "Wire 2");
}

/// An update XLIFF's targets: a new or reworded sentence's becomes its draft, by the updater, never above
/// `translated`; a kept sentence keeps its own translation and the status its reviewer gave it.
#[tokio::test]
async fn an_update_xliffs_targets_draft_the_new_and_changed_sentences_only() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "").await;
    let rania = Client::new(&db, Role::Reviewer, "").await;
    let text: Vec<String> = (1..=4).map(sentence).collect();
    let body = json!({"title": "Wire", "source_lang": "ar", "target_lang": "en", "text": text.join("\n")});
    let (_, created) = sara.post("/api/v1/articles", body).await;
    let id = created["id"].as_i64().unwrap();
    let before = live(&sara, id).await;
    for segment in &before {
        let body = json!({"target": "Done.", "status": "translated", "base_revision": 0});
        sara.put(&format!("/api/v1/segments/{}", segment["id"]), body).await;
    }
    let body = json!({"target": "Done.", "status": "reviewed", "base_revision": 1});
    let (status, reviewed) = rania.put(&format!("/api/v1/segments/{}", before[0]["id"]), body).await;
    assert_eq!(status, StatusCode::OK, "{reviewed}");

    // Every unit translated in the file: the kept ones too, as another tool would send them.
    let newer = [
        (sentence(1), Some(("Overwritten.", "translated"))),
        (reworded(2), Some(("The situation is tense.", "final"))),
        (NEW_QUOTE.to_owned(), Some(("Rescuers arrived.", "needs-translation"))),
        (sentence(4), Some(("Overwritten.", "final"))),
    ];
    let uri = format!("/api/v1/articles/{id}/update?name=wire.xlf");
    let (status, counts) = upload(&db, &sara, &uri, &xliff_with_targets("ar", &newer)).await;
    assert_eq!(status, StatusCode::OK, "{counts}");
    assert_eq!(counts, json!({"kept": 2, "changed": 1, "added": 1, "removed": 1, "drafted": 2}));

    let after = live(&sara, id).await;
    let shown: Vec<(&str, &str, i64)> = after
        .iter()
        .map(|s| {
            (s["target"].as_str().unwrap(), s["status"].as_str().unwrap(), s["revision"].as_i64().unwrap())
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("Done.", "reviewed", 2),
            ("The situation is tense.", "translated", 1),
            ("Rescuers arrived.", "initial", 1),
            ("Done.", "translated", 1),
        ],
        "kept translations untouched, drafts never above translated"
    );
    assert_eq!(after[0]["id"], before[0]["id"]);
    let (_, revisions) = sara.get(&format!("/api/v1/segments/{}/revisions", after[1]["id"])).await;
    assert_eq!(revisions[0]["author"], "translator", "the updater's draft: {revisions}");
    // The draft may be the old sentence's translation: the reworded sentence stays marked until a save.
    let (_, marked) = sara.get(&format!("/api/v1/articles/{id}/source-changes")).await;
    assert_eq!(marked.as_array().unwrap().len(), 1, "{marked}");
    assert_eq!((&marked[0]["source"], &marked[0]["old_target"]), (&json!(reworded(2)), &json!("Done.")));
    let body = json!({"target": "It is tense.", "status": "translated", "base_revision": 1});
    let (status, saved) = sara.put(&format!("/api/v1/segments/{}", after[1]["id"]), body).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (_, marked) = sara.get(&format!("/api/v1/articles/{id}/source-changes")).await;
    assert_eq!(marked, json!([]));
    let (_, updates) = sara.get(&format!("/api/v1/articles/{id}/updates")).await;
    assert_eq!(updates[0]["drafted"], 2, "{updates}");
}

/// An article imported from another tool's XLIFF takes a newer file of that tool: its units are the
/// sentences, its targets drafts, and the article is given back as the NEWER file with the translations in.
#[tokio::test]
async fn another_tools_xliff_article_takes_a_newer_file_and_gives_it_back() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "").await;
    let units: Vec<(String, Option<(&str, &str)>)> = (1..=3).map(|i| (sentence(i), None)).collect();
    let uri = "/api/v1/articles/import?name=wire.xlf&title=Wire&source_lang=ar&target_lang=en";
    let (status, created) = upload(&db, &sara, uri, &xliff_with_targets("ar", &units)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    for segment in live(&sara, id).await {
        let body = json!({"target": "Done.", "status": "translated", "base_revision": 0});
        sara.put(&format!("/api/v1/segments/{}", segment["id"]), body).await;
    }

    let text = format!("/api/v1/articles/{id}/update?name=newer.txt");
    let (status, refused) = upload(&db, &sara, &text, "A newer text.").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(refused.to_string().contains("imported from another tool's XLIFF"), "{refused}");

    let newer = [
        (sentence(1), None),
        (NEW_QUOTE.to_owned(), Some(("Rescuers arrived.", "translated"))),
        (sentence(3), Some(("Overwritten.", "final"))),
    ];
    let newer = xliff_with_targets("ar", &newer).replace("original=\"wire\"", "original=\"wire-2\"");
    let uri = format!("/api/v1/articles/{id}/update?name=wire.xlf");
    let (status, counts) = upload(&db, &sara, &uri, &newer).await;
    assert_eq!(status, StatusCode::OK, "{counts}");
    assert_eq!(counts, json!({"kept": 2, "changed": 0, "added": 1, "removed": 1, "drafted": 1}));

    let (status, exported) = super::article_files::export_status(&db, &sara, id, "xliff12").await;
    assert_eq!(status, StatusCode::OK, "{exported}");
    assert!(exported.contains("original=\"wire-2\""), "the newer file given back: {exported}");
    let targets: Vec<&str> =
        exported.split("<target").skip(1).map(|t| &t[t.find('>').unwrap() + 1..]).collect();
    let targets: Vec<&str> = targets.iter().map(|t| &t[..t.find("</target>").unwrap()]).collect();
    assert_eq!(targets, ["Done.", "Rescuers arrived.", "Done."], "{exported}");
}

/// A newer file of another tool that adds a unit it marks `translate="no"` and a unit with an earlier match
/// of its own (`alt-trans`): the new sentences are locked and offered the match, as an import makes them.
#[tokio::test]
async fn an_update_xliffs_new_locked_unit_and_files_match_come_as_an_import_brings_them() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "").await;
    let units: Vec<(String, Option<(&str, &str)>)> = (1..=2).map(|i| (sentence(i), None)).collect();
    let uri = "/api/v1/articles/import?name=wire.xlf&title=Wire&source_lang=ar&target_lang=en";
    let (status, created) = upload(&db, &sara, uri, &xliff_with_targets("ar", &units)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();

    let newer = xliff_with_targets("ar", &units).replace(
        "</body>",
        &format!(
            "<trans-unit id=\"q\" translate=\"no\"><source>{NEW_QUOTE}</source>\
             <target state=\"final\">CSTO-2022/01</target></trans-unit>\
             <trans-unit id=\"c\"><source>{NEW_CLOSE}</source>\
             <alt-trans origin=\"TM-newsroom\" match-quality=\"91\"><source>{NEW_CLOSE}</source>\
             <target>No one claimed the attack.</target></alt-trans></trans-unit></body>"
        ),
    );
    let uri = format!("/api/v1/articles/{id}/update?name=wire.xlf");
    let (status, counts) = upload(&db, &sara, &uri, &newer).await;
    assert_eq!(status, StatusCode::OK, "{counts}");
    assert_eq!(counts, json!({"kept": 2, "changed": 0, "added": 2, "removed": 0, "drafted": 1}));

    let after = live(&sara, id).await;
    let locked: Vec<bool> = after.iter().map(|s| s["locked"].as_bool().unwrap()).collect();
    assert_eq!(locked, [false, false, true, false], "{after:?}");
    assert_eq!(after[2]["target"], "CSTO-2022/01", "the locked unit keeps the file's target");
    let body = json!({"target": "x", "status": "translated", "base_revision": after[2]["revision"]});
    let (status, refused) = sara.put(&format!("/api/v1/segments/{}", after[2]["id"]), body).await;
    assert_eq!(status, StatusCode::CONFLICT, "nobody changes a locked segment: {refused}");

    let (status, offered) = sara.get(&format!("/api/v1/segments/{}/suggestions", after[3]["id"])).await;
    assert_eq!(status, StatusCode::OK, "{offered}");
    let from_file: Vec<_> = offered.as_array().unwrap().iter().filter(|s| s["origin"] == "file").collect();
    assert_eq!(from_file.len(), 1, "{offered}");
    assert_eq!(from_file[0]["target"], "No one claimed the attack.");
    assert_eq!(from_file[0]["file_origin"], "TM-newsroom");
    assert_eq!(after[3]["revision"], 0, "a match is no translation: {after:?}");
}

/// The newer file decides what a kept sentence is: locked or open, and which matches it offers.
#[tokio::test]
async fn a_kept_sentence_takes_the_newer_files_lock_and_matches() {
    let db = TestDb::new().await;
    let sara = Client::new(&db, Role::Translator, "").await;
    let units: Vec<(String, Option<(&str, &str)>)> = (1..=3).map(|i| (sentence(i), None)).collect();
    // Unit `locked` marked translate="no", and the third unit offered `offered` as a match.
    let with = |locked: usize, offered: &str| {
        let third = format!("<source>{}</source>", sentence(3));
        xliff_with_targets("ar", &units)
            .replace(&format!("<trans-unit id=\"{locked}\">"), &format!("<trans-unit id=\"{locked}\" translate=\"no\">"))
            .replace(
                &third,
                &format!("{third}<alt-trans origin=\"TM\" match-quality=\"90\">{third}<target>{offered}</target></alt-trans>"),
            )
    };
    let first = with(0, "The third, as the memory had it.");
    let uri = "/api/v1/articles/import?name=wire.xlf&title=Wire&source_lang=ar&target_lang=en";
    let (status, created) = upload(&db, &sara, uri, &first).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let before = live(&sara, id).await;
    let locked: Vec<bool> = before.iter().map(|s| s["locked"].as_bool().unwrap()).collect();
    assert_eq!(locked, [true, false, false], "{first}");

    // The lock moves from the first unit to the second, and the third's match is a newer one.
    let newer = with(1, "The third, as the desk now says.");
    let uri = format!("/api/v1/articles/{id}/update?name=wire.xlf");
    let (status, counts) = upload(&db, &sara, &uri, &newer).await;
    assert_eq!(status, StatusCode::OK, "{counts}");
    assert_eq!(counts["kept"], 3, "{counts}");

    let after = live(&sara, id).await;
    let ids: Vec<&Value> = after.iter().map(|s| &s["id"]).collect();
    assert_eq!(ids, before.iter().map(|s| &s["id"]).collect::<Vec<_>>(), "the same segments, kept");
    let locked: Vec<bool> = after.iter().map(|s| s["locked"].as_bool().unwrap()).collect();
    assert_eq!(locked, [false, true, false], "{newer}");
    let body = json!({"target": "The first.", "status": "translated", "base_revision": after[0]["revision"]});
    let (status, saved) = sara.put(&format!("/api/v1/segments/{}", after[0]["id"]), body).await;
    assert_eq!(status, StatusCode::OK, "an unlocked sentence is the translator's again: {saved}");
    let (_, offered) = sara.get(&format!("/api/v1/segments/{}/suggestions", after[2]["id"])).await;
    let from_file: Vec<&Value> =
        offered.as_array().unwrap().iter().filter(|s| s["origin"] == "file").map(|s| &s["target"]).collect();
    assert_eq!(from_file, ["The third, as the desk now says."], "{offered}");
}
