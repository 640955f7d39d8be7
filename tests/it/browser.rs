//! The workbench in a real headless Chromium against a real server and database: what a translator does
//! with the keyboard, end to end.

use std::path::Path;

use serde_json::json;
use tarjuman::domain::Role;

use crate::support::api::Client;
use crate::support::browser::{keys, Browser, Element};
use crate::support::db::TestDb;
use crate::support::process::{tarjuman, Server};

fn serve(db: &TestDb) -> Server {
    let mut command = tarjuman();
    command.args(["serve", "--addr", "127.0.0.1:0", "--no-sample"]).env("DATABASE_URL", db.url());
    command.env("TARJUMAN_ADMIN_PASSWORD", "admin-password-for-tests");
    Server::start(command)
}

fn sign_in(browser: &Browser, url: &str, username: &str) {
    browser.goto(url);
    browser.wait("the sign-in page", || browser.url().contains("/login").then_some(()));
    browser.type_into(&browser.find("input[name=username]"), username);
    browser.type_into(&browser.find("input[name=password]"), &format!("secret-password{}", keys::ENTER));
    browser.wait("the dashboard", || (!browser.url().contains("/login")).then_some(()));
}

fn rows(browser: &Browser) -> Vec<Element> {
    browser.find_all("[data-segment-id]")
}

fn textarea_of(browser: &Browser, index: usize) -> Element {
    browser.find(&format!("[data-index=\"{index}\"] textarea"))
}

fn value(browser: &Browser, element: &Element) -> String {
    browser.property(element, "value").as_str().unwrap_or_default().to_owned()
}

fn all_saved(browser: &Browser) {
    browser.wait("all changes saved", || {
        let state = browser.find("#save-overall");
        (browser.text(&state) == "All changes saved").then_some(())
    });
}

fn active_index(browser: &Browser) -> String {
    browser
        .execute("return document.activeElement.closest('[data-segment-id]')?.dataset.index ?? ''", json!([]))
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_translator_works_through_the_seed_article_with_the_keyboard() {
    let db = TestDb::new().await;
    let server = serve(&db);
    let translator = Client::new(&db, Role::Translator, "").await;
    let browser = Browser::start(1280, 800);

    sign_in(&browser, &server.url, "translator");
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kazakhstan-csto.ar.txt");
    browser.type_into(&browser.find("#title"), "Kazakhstan and the CSTO");
    browser.type_into(&browser.find("#file"), &seed.display().to_string());
    browser.click(&browser.find("#new-article button[type=submit]"));
    browser.wait("the editor", || browser.url().contains("/articles/").then_some(()));
    assert_eq!(rows(&browser).len(), 24, "one row per sentence of the seed");
    assert_eq!(active_index(&browser), "0", "the first unfinished segment has the cursor");

    // Segment 1: «اوكرانيا» is highlighted as Ukraine; Alt+1 inserts it at the cursor.
    let first = textarea_of(&browser, 0);
    let first_term = browser.text(&browser.find("#matches li"));
    assert!(first_term.contains("Ukraine"), "{first_term}");
    browser.type_into(
        &first,
        &format!("After {}{}1{}, Russia sends its troops", keys::NULL, keys::ALT, keys::NULL),
    );
    browser.type_into(&first, &format!("{}{}{}", keys::CONTROL, keys::ENTER, keys::NULL));
    assert_eq!(value(&browser, &first), "After Ukraine, Russia sends its troops");
    assert_eq!(active_index(&browser), "1", "Ctrl+Enter moves on");
    let second = textarea_of(&browser, 1);
    browser.type_into(
        &second,
        &format!("Russia sent troops to Kazakhstan.{}{}{}", keys::CONTROL, keys::ENTER, keys::NULL),
    );
    let third = textarea_of(&browser, 2);
    browser.type_into(
        &third,
        &format!("The CSTO said paratroopers were sent.{}{}{}", keys::CONTROL, keys::ENTER, keys::NULL),
    );
    all_saved(&browser);

    // After a reload the three translations are there, marked translated.
    browser.goto(&browser.url());
    for (index, text) in [
        (0, "After Ukraine, Russia sends its troops"),
        (1, "Russia sent troops to Kazakhstan."),
        (2, "The CSTO said paratroopers were sent."),
    ] {
        assert_eq!(value(&browser, &textarea_of(&browser, index)), text);
        let status = browser.text(&browser.find(&format!("[data-index=\"{index}\"] .badge")));
        assert_eq!(status, "translated");
    }
    browser.execute("window.scrollTo(0, 0)", json!([]));
    let screenshot = browser.screenshot();
    assert!(screenshot.starts_with(b"\x89PNG"), "a PNG screenshot");
    if std::env::var_os("TARJUMAN_UPDATE_SCREENSHOTS").is_some() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots/editor.png");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &screenshot).unwrap();
    }

    // History: a second version of segment 1, then "Restore" brings the first back as a new revision.
    let first = textarea_of(&browser, 0);
    browser.click(&first);
    browser.type_into(&first, &format!(" today{}{}{}", keys::CONTROL, keys::ENTER, keys::NULL));
    all_saved(&browser);
    browser.click(&first);
    let restore = browser.find("#history button[data-restore=\"1\"]");
    browser.click(&restore);
    browser.wait("the restored text", || {
        (value(&browser, &textarea_of(&browser, 0)) == "After Ukraine, Russia sends its troops").then_some(())
    });
    let (_, revisions) =
        translator.get(&format!("/api/v1/segments/{}/revisions", segment_id(&browser, 0))).await;
    let origins: Vec<&str> =
        revisions.as_array().unwrap().iter().map(|r| r["origin"].as_str().unwrap()).collect();
    assert_eq!(origins, ["revert", "manual", "manual"], "newest first: the restore is a new revision");

    // A reviewer edits segment 2 first, leaving it translated (a reviewed one would be the reviewers'
    // alone); the translator's save then meets a conflict, sees both versions, and keeps theirs: both
    // texts stay in the history.
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let second_id = segment_id(&browser, 1);
    let (status, _) = reviewer
        .put(&format!("/api/v1/segments/{second_id}"), json!({"target": "Russia deployed troops in Kazakhstan.", "status": "translated", "base_revision": 1}))
        .await;
    assert_eq!(status.as_u16(), 200);
    let second = textarea_of(&browser, 1);
    browser.click(&second);
    browser.type_into(&second, &format!(" (Reuters){}{}{}", keys::CONTROL, keys::ENTER, keys::NULL));
    let dialog = browser.find("#conflict[open]");
    assert_eq!(browser.text(&browser.find("#conflict .theirs")), "Russia deployed troops in Kazakhstan.");
    assert_eq!(browser.text(&browser.find("#conflict .mine")), "Russia sent troops to Kazakhstan. (Reuters)");
    browser.click(&browser.find("#conflict button[value=mine]"));
    browser.wait("the dialog to close", || browser.find_all("#conflict[open]").is_empty().then_some(()));
    drop(dialog);
    all_saved(&browser);
    let (_, revisions) = reviewer.get(&format!("/api/v1/segments/{second_id}/revisions")).await;
    let texts: Vec<&str> =
        revisions.as_array().unwrap().iter().map(|r| r["target"].as_str().unwrap()).collect();
    assert_eq!(
        texts,
        [
            "Russia sent troops to Kazakhstan. (Reuters)",
            "Russia deployed troops in Kazakhstan.",
            "Russia sent troops to Kazakhstan."
        ]
    );

    // A terminologist adds a term; the editor highlights it on the next load.
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let (_, glossaries) = terminologist.get("/api/v1/glossaries").await;
    let glossary = glossaries[0]["id"].as_i64().unwrap();
    assert!(browser.find_all("mark.term[data-target=\"New Year\"]").is_empty());
    let entry = json!({"source_terms": [{"text": "رأس السنة"}], "target_terms": [{"text": "New Year"}]});
    let (status, body) = terminologist.post(&format!("/api/v1/glossaries/{glossary}/entries"), entry).await;
    assert_eq!(status.as_u16(), 201, "{body}");
    browser.goto(&browser.url());
    let new_year = browser.find("mark.term[data-target=\"New Year\"]");
    assert_eq!(browser.text(&new_year), "رأس السنة");

    // Signing out ends the session: the editor sends back to the sign-in page.
    let article = browser.url();
    browser.click(&browser.find("header form button[type=submit]"));
    browser.wait("the sign-in page", || browser.url().contains("/login").then_some(()));
    browser.goto(&article);
    browser.wait("a redirect to sign in", || browser.url().contains("/login?next=").then_some(()));
}

fn segment_id(browser: &Browser, index: usize) -> String {
    let row = browser.find(&format!("[data-index=\"{index}\"]"));
    browser.attribute(&row, "data-segment-id")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_editor_fits_a_phone_even_with_a_2000_character_segment() {
    let db = TestDb::new().await;
    let server = serve(&db);
    let translator = Client::new(&db, Role::Translator, "").await;
    let long = format!("CSTO {}", "كازاخستان ".repeat(200));
    let (id, _) = crate::support::api::article(&db, &translator.user, &["13 من أفراد الأمن", &long]).await;
    let browser = Browser::start(390, 844);
    sign_in(&browser, &server.url, "translator");
    browser.goto(&format!("{}articles/{id}", server.url));
    browser.find("[data-segment-id]");
    let widths =
        browser.execute("return [document.documentElement.scrollWidth, window.innerWidth]", json!([]));
    let (page, window) = (widths[0].as_u64().unwrap(), widths[1].as_u64().unwrap());
    assert!(page <= window, "no sideways scrolling on a phone: page {page}px, window {window}px");
    // A source starting with a Latin name and a number still reads right to left.
    let direction =
        browser.execute("return getComputedStyle(document.querySelector('.source')).direction", json!([]));
    assert_eq!(direction, "rtl");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sentence_translated_once_is_offered_for_its_near_twin() {
    let db = TestDb::new().await;
    let server = serve(&db);
    let translator = Client::new(&db, Role::Translator, "").await;
    let said = "وتحدثت “رويترز” عن مقـ.ـتل العشرات في مدينة ألماتي.";
    let again = "وتحدثت رويترز عن مقتل العشرات في مدينة الماتي.";
    let (id, _) = crate::support::api::article(&db, &translator.user, &[said, again]).await;
    let browser = Browser::start(1280, 800);
    sign_in(&browser, &server.url, "translator");
    browser.goto(&format!("{}articles/{id}", server.url));
    let first = textarea_of(&browser, 0);
    browser.type_into(
        &first,
        &format!("Reuters reported dozens killed in Almaty.{}{}{}", keys::CONTROL, keys::ENTER, keys::NULL),
    );
    all_saved(&browser);
    // The cursor is on the second sentence now; its suggestions were asked for when it was entered, maybe
    // before the first save landed: come back to it as a translator would.
    browser.type_into(&textarea_of(&browser, 1), &format!("{}{}{}", keys::CONTROL, keys::UP, keys::NULL));
    browser.type_into(&textarea_of(&browser, 0), &format!("{}{}{}", keys::CONTROL, keys::DOWN, keys::NULL));
    let suggestion = browser.find("#suggestions li");
    assert!(browser.text(&suggestion).contains("99%"), "{}", browser.text(&suggestion));
    let second = textarea_of(&browser, 1);
    browser.type_into(&second, &format!("{}{}1{}", keys::ALT, keys::SHIFT, keys::NULL));
    assert_eq!(value(&browser, &second), "Reuters reported dozens killed in Almaty.");
}

#[tokio::test(flavor = "multi_thread")]
async fn findings_appear_under_a_segment_once_it_is_saved() {
    let db = TestDb::new().await;
    let server = serve(&db);
    let translator = Client::new(&db, Role::Translator, "").await;
    let csto = "وأعلنت “منظمة معاهدة الأمن الجماعي”، أن روسيا أرسلت مظليين.";
    let (id, _) = crate::support::api::article(&db, &translator.user, &[csto, "ردود فعل"]).await;
    let browser = Browser::start(1280, 800);
    sign_in(&browser, &server.url, "translator");
    browser.goto(&format!("{}articles/{id}", server.url));
    let bad = "The “Security Treaty announced that Russia sent paratroopers.";
    browser.type_into(
        &textarea_of(&browser, 0),
        &format!("{bad}{}{}{}", keys::CONTROL, keys::ENTER, keys::NULL),
    );
    let findings = browser.wait("findings under the segment", || {
        let items = browser.find_all("[data-index=\"0\"] .findings li");
        (!items.is_empty()).then(|| items.iter().map(|item| browser.text(item)).collect::<Vec<_>>())
    });
    assert!(
        findings[0].contains("missing_term") && findings[0].contains("منظمة معاهدة الأمن الجماعي"),
        "{findings:?}"
    );
    assert!(findings.iter().any(|f| f.starts_with("unbalanced") && f.ends_with('“')), "{findings:?}");
    // A finding in the translation selects its stretch of the text.
    browser.click(&browser.find("[data-index=\"0\"] .finding[data-kind=unbalanced]"));
    let selected = browser.execute(
        "const area = document.activeElement; return area.value.slice(area.selectionStart, area.selectionEnd)",
        json!([]),
    );
    assert_eq!(selected, "“");
}

/// The status and revision count of a segment, as stored.
async fn stored_status(db: &TestDb, segment: &str) -> (String, i64) {
    sqlx::query_as(
        "SELECT COALESCE((SELECT r.status FROM segments s JOIN revisions r ON r.id = s.current_revision_id
                          WHERE s.id = $1), 'initial'),
                (SELECT count(*) FROM revisions WHERE segment_id = $1)",
    )
    .bind(segment.parse::<i64>().unwrap())
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reviewers_ctrl_alt_enter_saves_as_reviewed() {
    let db = TestDb::new().await;
    let server = serve(&db);
    let translator = Client::new(&db, Role::Translator, "").await;
    Client::new(&db, Role::Reviewer, "").await;
    let (id, segments) = crate::support::api::article(&db, &translator.user, &["جملة.", "أخرى."]).await;
    for segment in &segments {
        let body = json!({"target": "Translated.", "status": "translated", "base_revision": 0});
        translator.put(&format!("/api/v1/segments/{segment}"), body).await;
    }
    let browser = Browser::start(1280, 800);
    sign_in(&browser, &server.url, "reviewer");
    browser.goto(&format!("{}articles/{id}", server.url));
    browser.type_into(
        &textarea_of(&browser, 0),
        &format!("{}{}{}{}", keys::CONTROL, keys::ALT, keys::ENTER, keys::NULL),
    );
    browser.wait("the first segment reviewed", || {
        let row = browser.find("[data-index=\"0\"]");
        (browser.attribute(&row, "data-status") == "reviewed").then_some(())
    });
    assert_eq!(stored_status(&db, &segments[0].to_string()).await, ("reviewed".to_owned(), 2));
}

#[tokio::test(flavor = "multi_thread")]
async fn what_a_role_may_not_change_is_read_only_in_the_editor() {
    let db = TestDb::new().await;
    let server = serve(&db);
    let translator = Client::new(&db, Role::Translator, "").await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    Client::new(&db, Role::Terminologist, "").await;
    let (id, segments) = crate::support::api::article(&db, &translator.user, &["جملة.", "أخرى."]).await;
    let body = json!({"target": "Signed off.", "status": "final", "base_revision": 0});
    reviewer.put(&format!("/api/v1/segments/{}", segments[0]), body).await;

    // A translator's Ctrl+Enter on a final segment, after typing into it: no downgrade, nothing stored.
    let browser = Browser::start(1280, 800);
    sign_in(&browser, &server.url, "translator");
    browser.goto(&format!("{}articles/{id}", server.url));
    let signed = textarea_of(&browser, 0);
    browser.type_into(&signed, &format!(" more{}{}{}", keys::CONTROL, keys::ENTER, keys::NULL));
    // Longer than the autosave's pause, so a draft would have been sent.
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(value(&browser, &signed), "Signed off.");
    assert_eq!(stored_status(&db, &segments[0].to_string()).await, ("final".to_owned(), 1));
    assert!(browser.find_all("[data-index=\"0\"] button[data-action]").is_empty());
    assert_eq!(browser.property(&textarea_of(&browser, 1), "readOnly"), json!(false));
    drop(browser);

    // A terminologist reads: every segment read-only, no save, split or merge to press.
    let browser = Browser::start(1280, 800);
    sign_in(&browser, &server.url, "terminologist");
    browser.goto(&format!("{}articles/{id}", server.url));
    for index in 0..segments.len() {
        assert_eq!(
            browser.property(&textarea_of(&browser, index), "readOnly"),
            json!(true),
            "segment {index}"
        );
    }
    assert!(browser.find_all("button[data-action]").is_empty());
    browser.type_into(&textarea_of(&browser, 1), "x");
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(browser.text(&browser.find("#save-overall")), "All changes saved");
    assert_eq!(stored_status(&db, &segments[1].to_string()).await, ("initial".to_owned(), 0));
}

/// The current text of a segment, as stored.
async fn stored_text(db: &TestDb, segment: i64) -> String {
    sqlx::query_scalar(
        "SELECT COALESCE((SELECT r.target FROM segments s JOIN revisions r ON r.id = s.current_revision_id
                          WHERE s.id = $1), '')",
    )
    .bind(segment)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

fn press(browser: &Browser, element: &Element, chord: &[char]) {
    let keys: String = chord.iter().chain([&keys::NULL]).collect();
    browser.type_into(element, &keys);
}

fn banner(browser: &Browser) -> String {
    browser.text(&browser.find("#save-overall"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_conflict_never_loses_a_colleagues_translation_whichever_button_is_pressed() {
    let db = TestDb::new().await;
    let server = serve(&db);
    let tr1 = Client::new(&db, Role::Translator, "1").await;
    Client::new(&db, Role::Translator, "2").await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let sources = ["أرسلت روسيا قوات.", "قال الرئيس.", "وصلت القوات.", "انتهى الاجتماع."];
    let (id, segments) = crate::support::api::article(&db, &tr1.user, &sources).await;

    // tr2's page is older than everything tr1 and the reviewer save next.
    let browser = Browser::start(1280, 800);
    sign_in(&browser, &server.url, "translator2");
    browser.goto(&format!("{}articles/{id}", server.url));
    textarea_of(&browser, 0);
    let theirs = ["Russia sent troops.", "The president said.", "The troops arrived."];
    for (segment, text) in segments.iter().zip(theirs) {
        let body = json!({"target": text, "status": "translated", "base_revision": 0});
        let (status, _) = tr1.put(&format!("/api/v1/segments/{segment}"), body).await;
        assert_eq!(status.as_u16(), 200);
    }

    // Segment 1, still empty on tr2's page: Ctrl+Enter meets tr1's text. The dialog shows the source and
    // both versions; «Keep mine» (empty) cannot be pressed, nor can an emptied merge be saved.
    let first = textarea_of(&browser, 0);
    browser.click(&first);
    press(&browser, &first, &[keys::CONTROL, keys::ENTER]);
    browser.find("#conflict[open]");
    assert_eq!(browser.text(&browser.find("#conflict .conflict-source")), sources[0]);
    assert_eq!(browser.text(&browser.find("#conflict .theirs")), theirs[0]);
    assert!(browser.find_all("#conflict button.primary[value=mine]").is_empty(), "empty «mine» is not primary");
    let banner_now = banner(&browser);
    assert!(!banner_now.contains("retrying") && banner_now.contains("conflict"), "{banner_now}");
    let merge_box = browser.find("#merged");
    assert_eq!(value(&browser, &merge_box), theirs[0], "the merge box starts from the only text there is");
    let rows = browser.property(&merge_box, "rows").as_u64().unwrap_or_default();
    assert!(rows >= 4, "a merge box big enough to edit ({rows} rows)");
    browser.click(&browser.find("#conflict button[value=mine]"));
    browser.execute("document.getElementById('merged').value = ''; document.getElementById('merged').dispatchEvent(new Event('input'))", json!([]));
    browser.click(&browser.find("#conflict button[value=merge]"));
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(stored_text(&db, segments[0]).await, theirs[0], "no empty text over tr1's");
    assert!(!browser.find_all("#conflict[open]").is_empty(), "still choosing");
    browser.click(&browser.find("#conflict button[value=theirs]"));
    browser.wait("the dialog to close", || browser.find_all("#conflict[open]").is_empty().then_some(()));
    assert_eq!(value(&browser, &textarea_of(&browser, 0)), theirs[0]);

    // Segment 2: the merge box as offered (their text) saved as tr2's confirmation.
    let second = textarea_of(&browser, 1);
    browser.click(&second);
    press(&browser, &second, &[keys::CONTROL, keys::ENTER]);
    browser.find("#conflict[open]");
    browser.click(&browser.find("#conflict button[value=merge]"));
    browser.wait("the dialog to close", || browser.find_all("#conflict[open]").is_empty().then_some(()));
    all_saved(&browser);
    assert_eq!(stored_text(&db, segments[1]).await, theirs[1]);

    // Segment 3: tr2 wrote their own: both versions are shown with a word diff, and keeping tr2's leaves
    // tr1's in the history.
    let third = textarea_of(&browser, 2);
    browser.click(&third);
    browser.type_into(&third, "The soldiers arrived.");
    press(&browser, &third, &[keys::CONTROL, keys::ENTER]);
    browser.find("#conflict[open]");
    assert_eq!(browser.text(&browser.find("#conflict .theirs del")), "troops");
    assert_eq!(browser.text(&browser.find("#conflict .mine ins")), "soldiers");
    browser.click(&browser.find("#conflict button[value=mine]"));
    all_saved(&browser);
    assert_eq!(stored_text(&db, segments[2]).await, "The soldiers arrived.");
    let (_, revisions) = tr1.get(&format!("/api/v1/segments/{}/revisions", segments[2])).await;
    assert!(revisions.as_array().unwrap().iter().any(|r| r["target"] == theirs[2]), "{revisions}");

    // Segment 4: a reviewer signs it off meanwhile; tr2's save is refused: the row says why and turns
    // read-only, and the banner does not promise a retry.
    let body = json!({"target": "The meeting ended.", "status": "final", "base_revision": 0});
    reviewer.put(&format!("/api/v1/segments/{}", segments[3]), body).await;
    let fourth = textarea_of(&browser, 3);
    browser.click(&fourth);
    browser.type_into(&fourth, "The meeting is over.");
    press(&browser, &fourth, &[keys::CONTROL, keys::ENTER]);
    browser.wait("the refusal on the row", || {
        let state = browser.text(&browser.find("[data-index=\"3\"] .save-state"));
        state.contains("final").then_some(())
    });
    assert_eq!(browser.property(&textarea_of(&browser, 3), "readOnly"), json!(true));
    assert!(browser.find_all("[data-index=\"3\"] button[data-action]").is_empty());
    let banner_now = banner(&browser);
    assert!(!banner_now.contains("retrying") && banner_now.contains("refused"), "{banner_now}");
    assert_eq!(stored_text(&db, segments[3]).await, "The meeting ended.");
}
