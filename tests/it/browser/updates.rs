//! A wire story updated from the editor's page: the desk pastes the newer version, the work on what did
//! not change stays, the reworded sentence is marked.

use serde_json::json;
use tarjuman::domain::Role;

use super::pages::{axe_script, AXE_RUN};
use super::{desk, keys, open_article, rows, textarea_of, value, Browser};
use crate::support::api::Client;

const SENTENCES: [&str; 5] = [
    "قال المتحدث باسم الوزارة إن الوضع مستقر في العاصمة.",
    "وأضاف أن فرق الإنقاذ وصلت إلى الموقع صباحا.",
    "وكانت الأمطار قد هطلت بغزارة طوال الليل.",
    "ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى الآن.",
    "ومن المتوقع أن يعقد البرلمان جلسة طارئة غدا.",
];
const TRANSLATIONS: [&str; 4] = [
    "The ministry's spokesman said the capital is calm.",
    "He added that rescue teams reached the site in the morning.",
    "Heavy rain had fallen all night.",
    "No group has claimed the attack so far.",
];
/// The second sentence with one word more.
const REWORDED: &str = "وأضاف أن فرق الإنقاذ والإسعاف وصلت إلى الموقع صباحا.";
const ADDED: &str = "وقال شهود عيان إنهم سمعوا دوي انفجار قوي.";

#[tokio::test(flavor = "multi_thread")]
async fn an_editor_pastes_a_newer_version_and_the_translations_stay() {
    let (db, server, translator) = desk().await;
    Client::new(&db, Role::Reviewer, "").await;
    let article =
        json!({"title": "Storm", "source_lang": "ar", "target_lang": "en", "text": SENTENCES.join("\n")});
    let (status, created) = translator.post("/api/v1/articles", article).await;
    assert_eq!(status.as_u16(), 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    let (_, read) = translator.get(&format!("/api/v1/articles/{id}")).await;
    let segments = read["segments"].as_array().unwrap();
    // The translator has done all but the last sentence.
    for (segment, target) in segments.iter().zip(TRANSLATIONS) {
        let body = json!({"target": target, "status": "translated", "base_revision": 0});
        let (status, answer) = translator.put(&format!("/api/v1/segments/{}", segment["id"]), body).await;
        assert_eq!(status.as_u16(), 200, "{answer}");
    }

    // The desk's editor pastes the newer version: the second sentence reworded, the third gone, a
    // witness's line added at the end.
    let browser = Browser::start(1280, 900);
    open_article(&browser, &server, "reviewer", id);
    assert_eq!(rows(&browser).len(), 5);
    browser.click(&browser.find("#update-version > summary"));
    let text = browser.find("#update-text");
    let newer = [SENTENCES[0], REWORDED, SENTENCES[3], SENTENCES[4], ADDED];
    browser.type_into(&text, &newer.join(&keys::ENTER.to_string()));
    assert_eq!(value(&browser, &text), newer.join("\n"));
    // The editor's keys belong to the rows, not to the form: Ctrl+Shift+S here copies no source into the
    // active row (the first unfinished, the last), Ctrl+Enter saves none.
    let (control, shift, null) = (keys::CONTROL, keys::SHIFT, keys::NULL);
    browser.type_into(&text, &format!("{control}{shift}s{null}{control}{}{null}", keys::ENTER));
    assert_eq!(value(&browser, &text), newer.join("\n"));
    assert_eq!(value(&browser, &textarea_of(&browser, 4)), "");
    browser.click(&browser.find("#update-version button[type=submit]"));

    let flash = browser.wait("the confirmation", || {
        let flash = browser.find_all("p.flash.done").into_iter().next()?;
        Some(browser.text(&flash)).filter(|t| !t.is_empty())
    });
    assert_eq!(
        flash,
        "Updated to the newer version: 3 sentence(s) kept with their translation, 1 changed (marked «source \
         changed»), 1 added, 1 removed (kept in the history), 0 drafted from translations in the file."
    );
    assert_eq!(rows(&browser).len(), 5);
    let sources: Vec<String> =
        browser.find_all("[data-segment-id] .source").iter().map(|s| browser.text(s)).collect();
    assert_eq!(sources, newer);
    for (index, target) in [(0, TRANSLATIONS[0]), (2, TRANSLATIONS[3]), (3, ""), (4, "")] {
        assert_eq!(value(&browser, &textarea_of(&browser, index)), target, "segment {}", index + 1);
    }
    let marked = browser.find_all("[data-segment-id] .badge.source-changed");
    assert_eq!(marked.len(), 1, "only the reworded sentence is marked");
    let changed = browser.find("[data-index=\"1\"] .source-changed");
    assert!(browser.text(&changed).starts_with("source changed"), "{}", browser.text(&changed));
    let inserted = browser.text(&browser.find("[data-index=\"1\"] ins"));
    assert!(inserted.contains("والإسعاف"), "the diff shows the word added: {inserted}");
    assert_eq!(browser.text(&browser.find("[data-index=\"1\"] .old-target")), TRANSLATIONS[1]);
    assert_eq!(browser.text(&browser.find("[data-index=\"0\"] .badge")), "translated");

    // The desk sees who updated the story, when, and what it did.
    browser.click(&browser.find("#update-history > summary"));
    let entries = browser.find_all("#update-history li");
    assert_eq!(entries.len(), 1);
    let entry = browser.text(&entries[0]);
    assert!(entry.starts_with("Updated by reviewer at "), "{entry}");
    assert!(entry.ends_with(" UTC: 3 kept, 1 changed, 1 added, 1 removed, 0 drafted"), "{entry}");

    // axe-core finds nothing wrong with the form, the confirmation, the mark and the list.
    browser.execute("document.querySelector('#update-version').open = true", json!([]));
    browser.execute(&axe_script(), json!([]));
    let violations = browser.execute(AXE_RUN, json!([]));
    assert_eq!(violations, json!([]), "{}", violations);
}
