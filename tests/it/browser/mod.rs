//! The workbench in a real headless Chromium against a real server and database: what a translator does
//! with the keyboard, end to end.

mod codes;
mod file_units;
mod pages;
mod updates;

use std::path::Path;

use serde_json::json;
use tarjuman::domain::Role;

use crate::support::api::Client;
use crate::support::browser::{keys, Browser, Element};
use crate::support::db::TestDb;
use crate::support::process::{tarjuman, Server};

pub(crate) fn serve(db: &TestDb) -> Server {
    let mut command = tarjuman();
    command.args(["serve", "--addr", "127.0.0.1:0", "--no-sample"]).env("DATABASE_URL", db.url());
    command.env("TARJUMAN_ADMIN_PASSWORD", "admin-password-for-tests");
    Server::start(command)
}

/// A fresh database, its server, and a translator.
async fn desk() -> (TestDb, Server, Client) {
    let db = TestDb::new().await;
    let server = serve(&db);
    let translator = Client::new(&db, Role::Translator, "").await;
    (db, server, translator)
}

/// Signs `username` in and opens the editor of article `id`.
fn open_article(browser: &Browser, server: &Server, username: &str, id: i64) {
    sign_in(browser, &server.url, username);
    browser.goto(&format!("{}articles/{id}", server.url));
}

/// Saves `target` as the translation of each segment, as translated.
async fn translate_all(client: &Client, segments: &[i64], target: &str) {
    for segment in segments {
        let body = json!({"target": target, "status": "translated", "base_revision": 0});
        let (status, answer) = client.put(&format!("/api/v1/segments/{segment}"), body).await;
        assert_eq!(status.as_u16(), 200, "{answer}");
    }
}

pub(crate) fn sign_in(browser: &Browser, url: &str, username: &str) {
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
    let (db, server, translator) = desk().await;
    let browser = Browser::start(1280, 800);

    sign_in(&browser, &server.url, "translator");
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kazakhstan-csto.ar.txt");
    browser.type_into(&browser.find("#title"), "Kazakhstan and the CSTO");
    browser.type_into(&browser.find("#file"), &seed.display().to_string());
    browser.click(&browser.find("#new-article button[type=submit]"));
    browser.wait("the editor", || browser.url().contains("/articles/").then_some(()));
    assert_eq!(rows(&browser).len(), 24, "one row per sentence of the seed");
    assert_eq!(active_index(&browser), "0", "the first unfinished segment has the cursor");

    // Segment 1: «اوكرانيا» is highlighted as Ukraine; Ctrl+K then 1 inserts it at the cursor.
    let first = textarea_of(&browser, 0);
    let first_term = browser.text(&browser.find("#matches li"));
    assert!(first_term.contains("Ukraine"), "{first_term}");
    browser.type_into(
        &first,
        &format!("After {}{}k{}1, Russia sends its troops", keys::NULL, keys::CONTROL, keys::NULL),
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
    // Live updates off: with them on, the row would take the reviewer's save in place (tests/it/desk.rs).
    browser.click(&browser.find("#live-toggle"));
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
    let (db, server, translator) = desk().await;
    let long = format!("CSTO {}", "كازاخستان ".repeat(200));
    let (id, _) = crate::support::api::article(&db, &translator.user, &["13 من أفراد الأمن", &long]).await;
    let browser = Browser::start(390, 844);
    open_article(&browser, &server, "translator", id);
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

/// On a phone the first translation box is whole in the first screen (the toolbar does not fill it), and
/// the glossary terms of the active segment sit right under it, not after every segment.
#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_the_first_box_is_in_sight_and_the_terms_sit_under_the_active_segment() {
    let (_db, server, translator) = desk().await;
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kazakhstan-csto.ar.txt");
    let text = std::fs::read_to_string(seed).unwrap();
    let article =
        json!({"title": "Kazakhstan and the CSTO", "source_lang": "ar", "target_lang": "en", "text": text});
    let (_, created) = translator.post("/api/v1/articles", article).await;
    let id = created["id"].as_i64().unwrap();
    let browser = Browser::start(390, 844);
    open_article(&browser, &server, "translator", id);
    assert_eq!(active_index(&browser), "0");
    let first = browser.execute(
        "const box = document.querySelector('[data-index=\"0\"] textarea').getBoundingClientRect();
         return [box.bottom + scrollY, innerHeight]",
        json!([]),
    );
    assert!(
        first[0].as_f64().unwrap() <= first[1].as_f64().unwrap(),
        "the first box in the first screen: {first}"
    );
    let toolbar = browser
        .execute("return document.querySelector('.toolbar').getBoundingClientRect().height", json!([]));
    let toolbar = toolbar.as_f64().unwrap();
    assert!(toolbar <= 844.0 / 4.0, "the toolbar takes {toolbar}px of the first screen");

    // A segment far down with a glossary term: its terms are under its box, within a screen.
    let far = browser
        .execute(
            "return [...document.querySelectorAll('[data-index]')].filter(row => row.querySelector('mark.term'))
               .map(row => row.dataset.index).filter(index => Number(index) >= 10)[0]",
            json!([]),
        )
        .as_str()
        .expect("a segment with a term past the tenth")
        .parse::<usize>()
        .unwrap();
    browser.click(&textarea_of(&browser, far));
    let term = browser.attribute(&browser.find(".segment.active mark.term"), "data-target");
    browser.wait("the active segment's terms", || {
        let items = browser.find_all("#matches li");
        items.first().is_some_and(|item| browser.text(item).contains(&term)).then_some(())
    });
    let gap = browser.execute(
        "const box = document.querySelector('.segment.active textarea').getBoundingClientRect();
         const terms = document.getElementById('matches').getBoundingClientRect();
         return [terms.top - box.bottom, innerHeight]",
        json!([]),
    );
    let (gap, screen) = (gap[0].as_f64().unwrap(), gap[1].as_f64().unwrap());
    assert!((0.0..screen / 2.0).contains(&gap), "the terms {gap}px under the box, on a {screen}px screen");
    let widths = browser.execute("return [document.documentElement.scrollWidth, innerWidth]", json!([]));
    assert!(widths[0].as_u64() <= widths[1].as_u64() && widths[1] == 390, "no sideways scrolling: {widths}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sentence_translated_once_is_offered_for_its_near_twin() {
    let (db, server, translator) = desk().await;
    let said = "وتحدثت “رويترز” عن مقـ.ـتل العشرات في مدينة ألماتي.";
    let again = "وتحدثت رويترز عن مقتل العشرات في مدينة الماتي.";
    let (id, _) = crate::support::api::article(&db, &translator.user, &[said, again]).await;
    let browser = Browser::start(1280, 800);
    open_article(&browser, &server, "translator", id);
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
    browser.type_into(&second, &format!("{}m{}1", keys::CONTROL, keys::NULL));
    assert_eq!(value(&browser, &second), "Reuters reported dozens killed in Almaty.");
}

#[tokio::test(flavor = "multi_thread")]
async fn findings_appear_under_a_segment_once_it_is_saved() {
    let (db, server, translator) = desk().await;
    let csto = "وأعلنت “منظمة معاهدة الأمن الجماعي”، أن روسيا أرسلت مظليين.";
    let (id, _) = crate::support::api::article(&db, &translator.user, &[csto, "ردود فعل"]).await;
    let browser = Browser::start(1280, 800);
    open_article(&browser, &server, "translator", id);
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
    let (db, server, translator) = desk().await;
    Client::new(&db, Role::Reviewer, "").await;
    let (id, segments) = crate::support::api::article(&db, &translator.user, &["جملة.", "أخرى."]).await;
    translate_all(&translator, &segments, "Translated.").await;
    let browser = Browser::start(1280, 800);
    open_article(&browser, &server, "reviewer", id);
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
    let (db, server, translator) = desk().await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    Client::new(&db, Role::Terminologist, "").await;
    let (id, segments) = crate::support::api::article(&db, &translator.user, &["جملة.", "أخرى."]).await;
    let body = json!({"target": "Signed off.", "status": "final", "base_revision": 0});
    reviewer.put(&format!("/api/v1/segments/{}", segments[0]), body).await;

    // A translator's Ctrl+Enter on a final segment, after typing into it: no downgrade, nothing stored.
    let browser = Browser::start(1280, 800);
    open_article(&browser, &server, "translator", id);
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
    open_article(&browser, &server, "terminologist", id);
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
    open_article(&browser, &server, "translator2", id);
    textarea_of(&browser, 0);
    // Live updates off: the page stays as loaded (live, its rows would take tr1's saves in place).
    browser.click(&browser.find("#live-toggle"));
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
    browser.press(&[keys::CONTROL, keys::ENTER]);
    browser.find("#conflict[open]");
    assert_eq!(browser.text(&browser.find("#conflict .conflict-source")), sources[0]);
    assert_eq!(browser.text(&browser.find("#conflict .theirs")), theirs[0]);
    assert!(
        browser.find_all("#conflict button.primary[value=mine]").is_empty(),
        "empty «mine» is not primary"
    );
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
    browser.press(&[keys::CONTROL, keys::ENTER]);
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
    browser.press(&[keys::CONTROL, keys::ENTER]);
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
    browser.press(&[keys::CONTROL, keys::ENTER]);
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

/// What has the focus: the segment index of a translation, `#id` of another element, or `mark` for a
/// glossary highlight.
fn focused(browser: &Browser) -> String {
    let script = "const e = document.activeElement; if (e.matches('mark.term')) return 'mark ' + \
                  e.closest('[data-segment-id]').dataset.index; if (e.matches('textarea') && \
                  e.closest('[data-segment-id]')) return e.closest('[data-segment-id]').dataset.index; \
                  return '#' + e.id";
    browser.execute(script, json!([])).as_str().unwrap_or_default().to_owned()
}

fn active_value(browser: &Browser) -> String {
    let script = "return document.querySelector('.segment.active textarea').value";
    browser.execute(script, json!([])).as_str().unwrap_or_default().to_owned()
}

fn wait_focus(browser: &Browser, want: &str) {
    let mut seen = String::new();
    for _ in 0..100 {
        seen = focused(browser);
        if seen == want {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("the focus is on {seen}, not {want}");
}

fn wait_value(browser: &Browser, want: &str) {
    browser.wait(&format!("the translation {want:?}"), || (active_value(browser) == want).then_some(()));
}

async fn wait_stored(db: &TestDb, segment: i64, want: &str) {
    for _ in 0..100 {
        if stored_status(db, &segment.to_string()).await.0 == want {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("segment {segment} never became {want}");
}

/// Every key the help overlay lists, pressed as each role, doing what the overlay says; and the overlay
/// lists exactly the keys this test knows, so a new key cannot go untested.
#[tokio::test(flavor = "multi_thread")]
async fn every_key_on_the_help_overlay_does_what_it_says_for_every_role() {
    use keys::{CONTROL, DOWN, ENTER, ESCAPE, F1, F2, SHIFT, UP};
    let (db, server, translator) = desk().await;
    Client::new(&db, Role::Reviewer, "").await;
    Client::new(&db, Role::Terminologist, "").await;
    Client::new(&db, Role::Admin, "2").await;
    let ukraine = "وصلت القوات إلى اوكرانيا أمس.";
    let back = "وعادت القوات من اوكرانيا.";
    let browser = Browser::start(1280, 800);
    for (user, role) in [
        ("translator", Role::Translator),
        ("reviewer", Role::Reviewer),
        ("terminologist", Role::Terminologist),
        ("admin2", Role::Admin),
    ] {
        let sentences = [ukraine, ukraine, "انتهى الاجتماع.", back];
        let (id, segments) = crate::support::api::article(&db, &translator.user, &sentences).await;
        // Misspelt, for the spelling key to correct.
        let body = json!({"target": "The troops reached Ukraine yesterdy.", "status": "translated", "base_revision": 0});
        translator.put(&format!("/api/v1/segments/{}", segments[0]), body).await;
        sign_in(&browser, &server.url, user);
        browser.goto(&format!("{}articles/{id}", server.url));
        wait_focus(&browser, "1");

        let listed: Vec<String> = browser
            .find_all("#help tr[data-shortcut]")
            .iter()
            .map(|row| browser.attribute(row, "data-shortcut"))
            .collect();
        let writes = role != Role::Terminologist;
        let reviews = matches!(role, Role::Reviewer | Role::Admin);
        let mut expected = vec![];
        if writes {
            expected.push("translated");
        }
        if reviews {
            expected.push("reviewed");
        }
        expected.push("next-previous");
        if writes {
            // next-code: pressed by browser::codes on an article with codes.
            expected.extend(["term", "memory", "copy-source", "next-code", "undo", "spelling"]);
        }
        if reviews {
            expected.push("annotate");
        }
        expected.extend(["highlights", "find"]);
        if writes {
            expected.push("replace");
        }
        expected.extend(["go-to", "help"]);
        assert_eq!(listed, expected, "{user}: the overlay's keys");

        // Help: F1 from the translation (nothing typed), «?» from outside a text box.
        browser.press(&[F1]);
        browser.find("#help[open]");
        browser.press(&[F1]);
        browser.wait("help closed", || browser.find_all("#help[open]").is_empty().then_some(()));
        browser.execute("document.activeElement.blur()", json!([]));
        browser.press(&['?']);
        browser.find("#help[open]");
        browser.press(&[ESCAPE]);
        browser.wait("help closed", || browser.find_all("#help[open]").is_empty().then_some(()));
        assert_eq!(value(&browser, &textarea_of(&browser, 1)), "", "{user}: the help keys type nothing");

        if writes {
            // The first spelling suggestion of the misspelt word, undone by Esc.
            browser.click(&textarea_of(&browser, 0));
            browser.find(".segment.active .underlay mark");
            browser.press(&[CONTROL, 'j']);
            browser.press(&['1']);
            wait_value(&browser, "The troops reached Ukraine yesterday.");
            browser.press(&[ESCAPE]);
            wait_value(&browser, "The troops reached Ukraine yesterdy.");
        }
        if reviews {
            // An error marked on the selected words, with the keyboard only.
            browser.click(&textarea_of(&browser, 0));
            browser.press(&[CONTROL, keys::END]);
            for _ in 0.."yesterdy.".len() {
                browser.press(&[SHIFT, keys::LEFT]);
            }
            browser.press(&[CONTROL, 'e']);
            browser.find("#annotate[open]");
            browser.press(&['s']);
            browser.press(&[ENTER]);
            let marked = browser.wait("the error on the row", || {
                let items = browser.find_all("[data-index=\"0\"] .annotations li");
                items.first().map(|item| browser.text(item))
            });
            assert!(marked.starts_with("spelling minor yesterdy."), "{user}: {marked}");
            let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM annotations WHERE segment_id = $1")
                .bind(segments[0])
                .fetch_one(&db.pool)
                .await
                .unwrap();
            assert_eq!(stored, 1, "{user}");
        }
        browser.click(&textarea_of(&browser, 1));

        if writes {
            // The glossary term, the memory match and the source, each undone by Esc.
            let term = browser.attribute(&browser.find(".segment.active mark.term"), "data-target");
            assert!(browser.text(&browser.find("#matches li")).contains(&term), "{term}");
            browser.press(&[CONTROL, 'k']);
            browser.press(&['1']);
            wait_value(&browser, &term);
            browser.press(&[ESCAPE]);
            wait_value(&browser, "");
            browser.find("#suggestions li");
            browser.press(&[CONTROL, 'm']);
            browser.press(&['1']);
            wait_value(&browser, "The troops reached Ukraine yesterdy.");
            browser.press(&[ESCAPE]);
            wait_value(&browser, "");
            browser.press(&[CONTROL, SHIFT, 's']);
            wait_value(&browser, ukraine);
            browser.press(&[ESCAPE]);
            wait_value(&browser, "");

            // Ctrl+Enter confirms and moves to the next unfinished segment.
            browser.type_into(&textarea_of(&browser, 1), "Troops reached Ukraine.");
            browser.press(&[CONTROL, ENTER]);
            wait_focus(&browser, "2");
            wait_stored(&db, segments[1], "translated").await;
        }
        if reviews {
            browser.type_into(&textarea_of(&browser, 2), "The meeting ended.");
            browser.press(&[CONTROL, keys::ALT, ENTER]);
            wait_focus(&browser, "3");
            wait_stored(&db, segments[2], "reviewed").await;
        }

        // Next and previous.
        let at: usize = focused(&browser).parse().unwrap();
        browser.press(&[CONTROL, UP]);
        wait_focus(&browser, &(at - 1).to_string());
        browser.press(&[CONTROL, DOWN]);
        wait_focus(&browser, &at.to_string());

        // Find: the box (in source and translation), and Esc back to the translation.
        browser.press(&[CONTROL, 'f']);
        wait_focus(&browser, "#find");
        browser.press(&['y', 'e', 's', 't', 'e', 'r']);
        browser.wait("one row found", || {
            (browser.find_all("[data-segment-id]:not([hidden])").len() == 1).then_some(())
        });
        browser.execute(
            "const f = document.getElementById('find'); f.value = ''; f.dispatchEvent(new Event('input'))",
            json!([]),
        );
        browser.press(&[ESCAPE]);
        wait_focus(&browser, &at.to_string());

        if writes {
            // Replace: its dialog, the find box first; Esc closes it.
            browser.press(&[CONTROL, 'h']);
            browser.find("#replace[open]");
            wait_focus(&browser, "#replace-find");
            browser.press(&[ESCAPE]);
            browser.wait("replace closed", || browser.find_all("#replace[open]").is_empty().then_some(()));
            browser.click(&textarea_of(&browser, at));
        }

        // Go to segment 4 by its number.
        browser.press(&[CONTROL, 'g']);
        wait_focus(&browser, "#jump-to");
        browser.press(&['4', ENTER]);
        wait_focus(&browser, "3");

        // The highlights: none in the Tab order; F2 reaches them, Enter inserts (for who writes), Esc
        // goes back.
        let tabbable = browser.execute(
            "return document.querySelectorAll('mark.term:not([tabindex=\"-1\"])').length",
            json!([]),
        );
        assert_eq!(tabbable, json!(0), "highlights out of the Tab order");
        browser.press(&[F2]);
        wait_focus(&browser, "mark 3");
        let mark_at = "const marks = [...document.querySelectorAll('.segment.active mark.term')]; \
                       return [marks.indexOf(document.activeElement), marks.length]";
        let count = browser.execute(mark_at, json!([]))[1].as_u64().unwrap();
        assert!(count >= 2, "the test sentence has two highlights");
        // The source reads right to left: ← goes on to the next highlight, → back.
        browser.press(&[keys::LEFT]);
        browser.wait("the next highlight", || (browser.execute(mark_at, json!([]))[0] == 1).then_some(()));
        browser.press(&[keys::RIGHT]);
        browser.wait("the first highlight", || (browser.execute(mark_at, json!([]))[0] == 0).then_some(()));
        if writes {
            let term = browser.attribute(&browser.find(".segment.active mark.term"), "data-target");
            browser.press(&[ENTER]);
            wait_focus(&browser, "3");
            wait_value(&browser, &term);
            browser.press(&[ESCAPE]);
            wait_value(&browser, "");
        } else {
            browser.press(&[ESCAPE]);
            wait_focus(&browser, "3");
        }
        all_saved(&browser);
        let sign_out = browser.find("header form button[type=submit]");
        browser.click(&sign_out);
        browser.wait("signed out", || browser.url().contains("/login").then_some(()));
    }
}

/// A reviewer sends a segment back through a dialog (not the browser's prompt); the translator sees the
/// segment marked, with the comment on the row, can filter for it, and the dashboard counts it.
#[tokio::test(flavor = "multi_thread")]
async fn a_sent_back_segment_shows_its_comment_to_the_translator() {
    let (db, server, translator) = desk().await;
    Client::new(&db, Role::Reviewer, "").await;
    let (id, segments) = crate::support::api::article(&db, &translator.user, &["جملة.", "أخرى."]).await;
    translate_all(&translator, &segments, "Translated.").await;
    let comment = "«جملة» is a sentence, not a phrase";

    let browser = Browser::start(1280, 800);
    open_article(&browser, &server, "reviewer", id);
    browser.click(&browser.find("[data-index=\"0\"] button[data-action=send-back]"));
    browser.find("#send-back[open]");
    assert_eq!(browser.text(&browser.find("#send-back .conflict-source")), "جملة.");
    // An empty comment sends nothing.
    browser.click(&browser.find("#send-back button[value=send]"));
    assert!(!browser.find_all("#send-back[open]").is_empty(), "a comment is required");
    browser.type_into(&browser.find("#send-back-comment"), comment);
    browser.click(&browser.find("#send-back button[value=send]"));
    browser.wait("the row marked", || {
        let row = browser.find("[data-index=\"0\"]");
        (browser.attribute(&row, "data-sent-back") == "true").then_some(())
    });
    all_saved(&browser);
    assert_eq!(stored_status(&db, &segments[0].to_string()).await, ("initial".to_owned(), 2));
    drop(browser);

    let browser = Browser::start(1280, 800);
    sign_in(&browser, &server.url, "translator");
    let link = browser.find("a.badge.sent-back");
    assert_eq!(browser.text(&link), "1 sent back");
    browser.click(&link);
    browser.wait("the editor", || browser.url().contains("show=sent-back").then_some(()));
    let badge = browser.find("[data-index=\"0\"] .badge.sent-back");
    assert_eq!(browser.text(&badge), "sent back");
    let note = browser.text(&browser.find("[data-index=\"0\"] .sent-back-note"));
    assert!(note.contains("reviewer") && note.contains(comment), "{note}");
    let shown: Vec<String> = browser
        .find_all("[data-segment-id]:not([hidden])")
        .iter()
        .map(|row| browser.attribute(row, "data-index"))
        .collect();
    assert_eq!(shown, ["0"], "the link filters the sent-back segments");
    assert_eq!(active_index(&browser), "0");

    // The translator's next save answers the comment: the mark goes, the comment stays in the history.
    let first = textarea_of(&browser, 0);
    browser.type_into(&first, " Fixed.");
    browser.press(&[keys::CONTROL, keys::ENTER]);
    browser.wait("the mark gone", || {
        let row = browser.find("[data-index=\"0\"]");
        (browser.attribute(&row, "data-sent-back") == "false").then_some(())
    });
    assert!(browser.find_all("[data-index=\"0\"] .sent-back-note:not([hidden])").is_empty());
    assert_eq!(stored_status(&db, &segments[0].to_string()).await, ("translated".to_owned(), 3));
}

/// The memory's best match sits under the active segment, in sight at 1280×800 with no scrolling, with its
/// score and the source's differences; a segment the memory filled on import says so.
#[tokio::test(flavor = "multi_thread")]
async fn memory_matches_are_under_the_active_segment_and_memory_drafts_are_marked() {
    let (db, server, translator) = desk().await;
    let known = "وأعلنت المنظمة أن روسيا أرسلت مظليين إلى كازاخستان.";
    let near = "وأعلنت المنظمة أن روسيا أرسلت جنودا إلى كازاخستان.";
    let (_, segments) = crate::support::api::article(&db, &translator.user, &[known]).await;
    let body = json!({"target": "The organisation said Russia sent paratroopers to Kazakhstan.", "status": "translated", "base_revision": 0});
    translator.put(&format!("/api/v1/segments/{}", segments[0]), body).await;
    let article = json!({"title": "again", "source_lang": "ar", "target_lang": "en",
                         "text": format!("{near}\n\n{known}")});
    let (status, created) = translator.post("/api/v1/articles", article).await;
    assert_eq!(status.as_u16(), 201, "{created}");

    let browser = Browser::start(1280, 800);
    sign_in(&browser, &server.url, "translator");
    browser.goto(&format!("{}articles/{}", server.url, created["id"]));
    // The second sentence came from the memory: marked so; the first was not.
    let drafted = browser.find("[data-index=\"1\"] .badge.from-tm");
    assert_eq!(browser.text(&drafted), "from memory");
    assert_eq!(browser.find_all("[data-index=\"0\"] .badge.from-tm:not([hidden])").len(), 0);
    assert_eq!(active_index(&browser), "0");
    let best = browser.find(".segment.active #suggestions li");
    let text = browser.text(&best);
    assert!(text.contains("%") && text.contains("paratroopers"), "{text}");
    assert_eq!(browser.text(&browser.find(".segment.active #suggestions li del")), "مظليين");
    // The test never scrolls; the page may still be settling (scripts fill the panels after load).
    browser.wait("the best match in sight without scrolling", || {
        let in_sight = browser.execute(
            "const r = document.querySelector('.segment.active #suggestions li').getBoundingClientRect();
             return r.top >= 0 && r.bottom <= window.innerHeight",
            json!([]),
        );
        (in_sight == json!(true)).then_some(())
    });
    // The README's picture: matches under the active segment, a memory draft below it.
    let screenshot = browser.screenshot();
    assert!(screenshot.starts_with(b"\x89PNG"), "a PNG screenshot");
    if std::env::var_os("TARJUMAN_UPDATE_SCREENSHOTS").is_some() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots/editor.png");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &screenshot).unwrap();
    }
    // The filter finds the memory's unconfirmed drafts.
    browser.execute("const f = document.getElementById('filter-status'); f.value = 'from-tm'; f.dispatchEvent(new Event('change'))", json!([]));
    assert_eq!(browser.find_all("[data-segment-id]:not([hidden])").len(), 1);
}

/// Find folds Arabic spelling as the memory does; replace in translations previews, then makes one
/// revision per changed segment and leaves alone what the user may not change.
#[tokio::test(flavor = "multi_thread")]
async fn find_folds_arabic_spelling_and_replace_makes_one_revision_per_segment() {
    let (db, server, translator) = desk().await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let sources = ["أوكرانيا دولة كبيرة.", "قواتـ.ـها كبيرة.", "جملة أخرى.", "وأوكرانيا أيضا."];
    let (id, segments) = crate::support::api::article(&db, &translator.user, &sources).await;
    let targets = ["Ukraine is big; Ukraine is far.", "Its forces are large.", "Another sentence."];
    for (segment, text) in segments.iter().zip(targets) {
        let body = json!({"target": text, "status": "translated", "base_revision": 0});
        translator.put(&format!("/api/v1/segments/{segment}"), body).await;
    }
    let body = json!({"target": "And Ukraine too.", "status": "final", "base_revision": 0});
    reviewer.put(&format!("/api/v1/segments/{}", segments[3]), body).await;

    let browser = Browser::start(1280, 800);
    open_article(&browser, &server, "translator", id);
    let shown = |browser: &Browser| -> Vec<String> {
        let rows = browser.find_all("[data-segment-id]:not([hidden])");
        rows.iter().map(|row| browser.attribute(row, "data-index")).collect()
    };
    let find = browser.find("#find");
    for (query, expected) in [("اوكرانيا", vec!["0", "3"]), ("قواتها", vec!["1"]), ("ukraine IS", vec!["0"])]
    {
        browser.execute("document.getElementById('find').value = ''", json!([]));
        browser.type_into(&find, query);
        browser.wait(&format!("the rows holding {query}"), || (shown(&browser) == expected).then_some(()));
    }
    browser.execute(
        "const f = document.getElementById('find'); f.value = ''; f.dispatchEvent(new Event('input'))",
        json!([]),
    );
    browser.wait("every row", || (shown(&browser).len() == 4).then_some(()));

    // Replace «Ukraine» with «Ukraina»: the preview shows segment 1 with its diff and says the final one is
    // not the translator's; replacing makes one revision there and none anywhere else.
    browser.click(&browser.find("#replace-open"));
    browser.type_into(&browser.find("#replace-find"), "Ukraine");
    browser.type_into(&browser.find("#replace-with"), &format!("Ukraina{}", keys::ENTER));
    let change = browser.find("#replace-changes li");
    assert!(browser.text(&change).starts_with("Segment 1"), "{}", browser.text(&change));
    assert_eq!(browser.find_all("#replace-changes li").len(), 1);
    assert_eq!(browser.text(&browser.find("#replace-changes li del")), "Ukraine");
    let summary = browser.text(&browser.find("#replace-summary"));
    assert!(summary.contains("1 more") && summary.contains("final"), "{summary}");
    browser.click(&browser.find("#replace-apply"));
    browser.wait("the dialog closed", || browser.find_all("#replace[open]").is_empty().then_some(()));
    assert_eq!(value(&browser, &textarea_of(&browser, 0)), "Ukraina is big; Ukraina is far.");
    assert_eq!(stored_status(&db, &segments[0].to_string()).await, ("translated".to_owned(), 2));
    assert_eq!(stored_text(&db, segments[0]).await, "Ukraina is big; Ukraina is far.");
    for (segment, revisions) in [(segments[1], 1), (segments[2], 1), (segments[3], 1)] {
        assert_eq!(stored_status(&db, &segment.to_string()).await.1, revisions, "segment {segment}");
    }
    assert_eq!(stored_text(&db, segments[3]).await, "And Ukraine too.");
    // The row knows its new revision: typing on saves on top of it, no conflict.
    browser.type_into(&textarea_of(&browser, 0), "!");
    all_saved(&browser);
    assert_eq!(stored_text(&db, segments[0]).await, "Ukraina is big; Ukraina is far.!");
}

/// Tab goes from one translation to the next through that row's buttons only (the glossary highlights
/// are reached with F2), and a translation box shows its whole text without a scrollbar of its own.
#[tokio::test(flavor = "multi_thread")]
async fn tab_travels_translation_to_translation_and_boxes_grow_with_their_text() {
    let (db, server, translator) = desk().await;
    let ukraine = "وصلت القوات إلى اوكرانيا أمس.";
    let (id, segments) = crate::support::api::article(&db, &translator.user, &[ukraine, ukraine]).await;
    let long = "The troops reached Ukraine yesterday, and the ministry said more would follow. ".repeat(12);
    let body = json!({"target": long, "status": "translated", "base_revision": 0});
    translator.put(&format!("/api/v1/segments/{}", segments[0]), body).await;
    let browser = Browser::start(1280, 800);
    open_article(&browser, &server, "translator", id);
    assert!(browser.find_all("[data-index=\"1\"] mark.term").len() >= 2, "highlights to skip");

    let overflow = browser.execute(
        "const a = document.querySelector('[data-index=\"0\"] textarea'); return a.scrollHeight - a.clientHeight",
        json!([]),
    );
    assert!(overflow.as_i64().unwrap() <= 2, "the whole text in sight: {overflow} px hidden");
    let box_before = browser
        .execute("return document.querySelector('[data-index=\"1\"] textarea').clientHeight", json!([]));
    browser.type_into(&textarea_of(&browser, 1), &long);
    let box_after = browser
        .execute("return document.querySelector('[data-index=\"1\"] textarea').clientHeight", json!([]));
    assert!(box_after.as_i64() > box_before.as_i64(), "the box grew as it was typed into");

    browser.click(&textarea_of(&browser, 0));
    let mut tabs = 0;
    while focused(&browser) != "1" {
        browser.press(&['\u{E004}']);
        tabs += 1;
        assert!(tabs <= 4, "more than the row's three buttons between two translations");
    }
}

/// Text pasted without a title becomes an article named after its first line, instead of a refusal that
/// throws the text away.
#[tokio::test(flavor = "multi_thread")]
async fn pasted_text_without_a_title_is_named_after_its_first_line() {
    let db = TestDb::new().await;
    let server = serve(&db);
    Client::new(&db, Role::Translator, "").await;
    let browser = Browser::start(1280, 800);
    sign_in(&browser, &server.url, "translator");
    browser.type_into(&browser.find("#text"), "روسيا ترسل قوات إلى كازاخستان\nوأعلنت المنظمة ذلك.");
    browser.click(&browser.find("#new-article button[type=submit]"));
    browser.wait("the editor", || browser.url().contains("/articles/").then_some(()));
    assert_eq!(browser.text(&browser.find("h1")), "روسيا ترسل قوات إلى كازاخستان");
    assert_eq!(rows(&browser).len(), 2);
}

/// An uploaded page's own `<title>` names the article when the form's title is empty; a text pasted with a
/// file is refused, not dropped, and going back finds it still in the form.
#[tokio::test(flavor = "multi_thread")]
async fn an_uploaded_pages_title_names_the_article_and_text_pasted_with_a_file_is_kept() {
    let (_db, server, translator) = desk().await;
    let files = crate::support::process::DataDir::new("upload");
    let page = files.0.join("news.html");
    let html = "<html><head><title>\n  Russia sends troops &amp; paratroopers </title></head>\
                <body><p>روسيا ترسل قوات إلى كازاخستان.</p></body></html>";
    std::fs::write(&page, html).unwrap();
    let browser = Browser::start(1280, 800);
    sign_in(&browser, &server.url, "translator");
    browser.type_into(&browser.find("#file"), &page.display().to_string());
    browser.click(&browser.find("#new-article button[type=submit]"));
    // Read in one script call: an element found before the next page replaced it would be stale.
    let heading = |browser: &Browser| {
        let script = "const h = document.querySelector('main h1'); return h ? h.textContent.trim() : null";
        browser.execute(script, json!([])).as_str().map(str::to_owned)
    };
    let title = browser
        .wait("the editor", || browser.url().contains("/articles/").then(|| heading(&browser)).flatten());
    assert_eq!(title, "Russia sends troops & paratroopers");

    browser.goto(&server.url);
    let pasted = "وأعلنت المنظمة إرسال مظليين.";
    browser.type_into(&browser.find("#text"), pasted);
    browser.type_into(&browser.find("#file"), &page.display().to_string());
    browser.click(&browser.find("#new-article button[type=submit]"));
    // The dashboard may hold a card of its own until the answer replaces it: wait for the refusal's.
    let message = browser.wait("the refusal", || {
        let script = "const p = document.querySelector('main .card p'); return p ? p.textContent : null";
        browser.execute(script, json!([])).as_str().filter(|m| m.contains("both given")).map(str::to_owned)
    });
    assert!(message.contains("still in the form"), "{message}");
    let (_, articles) = translator.get("/api/v1/articles").await;
    assert_eq!(articles.as_array().unwrap().len(), 1, "nothing imported from the refused form");
    browser.click(&browser.find("button[data-back]"));
    browser
        .wait("the form with the text", || (value(&browser, &browser.find("#text")) == pasted).then_some(()));
}

/// A quality message that starts with the Arabic term it names reads left to right, the term isolated,
/// on the report and under the segment.
#[tokio::test(flavor = "multi_thread")]
async fn messages_quoting_arabic_keep_their_english_order() {
    let (db, server, translator) = desk().await;
    let csto = "وأعلنت “منظمة معاهدة الأمن الجماعي”، أن روسيا أرسلت مظليين.";
    let (id, segments) =
        crate::support::api::article(&db, &translator.user, &[csto, "ووصل الوفد أمس."]).await;
    let body = json!({"target": "The treaty said Russia sent paratroopers.", "status": "translated", "base_revision": 0});
    translator.put(&format!("/api/v1/segments/{}", segments[0]), body).await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let (_, glossaries) = terminologist.get("/api/v1/glossaries").await;
    let glossary = glossaries[0]["id"].as_i64().unwrap();
    let entry =
        json!({"source_terms": [{"text": "الوفد"}], "target_terms": [{"text": "delegation"}], "note": NOTE});
    let (status, body) = terminologist.post(&format!("/api/v1/glossaries/{glossary}/entries"), entry).await;
    assert_eq!(status.as_u16(), 201, "{body}");
    let browser = Browser::start(1280, 800);
    sign_in(&browser, &server.url, "translator");
    for (page, cell) in [
        (format!("{}articles/{id}/qa", server.url), "td:has(> bdi)"),
        (format!("{}articles/{id}", server.url), ".finding[data-kind=missing_term]"),
    ] {
        browser.goto(&page);
        browser.find(cell);
        let direction = browser.execute(
            "return getComputedStyle(document.querySelector(arguments[0])).direction",
            json!([cell]),
        );
        assert_eq!(direction, "ltr", "{page}");
        let isolated = browser.find(&format!("{cell} bdi[dir=rtl]"));
        assert_eq!(browser.text(&isolated), "منظمة معاهدة الأمن الجماعي", "{page}");
    }

    // The findings the editor rebuilds after a save, and the glossary notes of its side panel, isolate
    // the same runs.
    let old = "document.querySelectorAll('.finding').forEach(item => item.dataset.old = 'yes')";
    browser.execute(old, json!([]));
    let box_ = textarea_of(&browser, 0);
    // Ctrl+Enter goes on to the second segment, whose term has the note.
    browser.type_into(&box_, &format!(" Again.{}{}{}", keys::CONTROL, keys::ENTER, keys::NULL));
    let rebuilt = ".finding[data-kind=missing_term]:not([data-old])";
    let isolated = browser.find(&format!("{rebuilt} bdi[dir=rtl]"));
    assert_eq!(browser.text(&isolated), "منظمة معاهدة الأمن الجماعي");
    let direction = browser
        .execute("return getComputedStyle(document.querySelector(arguments[0])).direction", json!([rebuilt]));
    assert_eq!(direction, "ltr");
    let runs = browser.wait("the note in the side panel", || {
        let runs = browser.execute(
            "return [...document.querySelectorAll('#matches li div[dir=ltr]')].filter(note => note.textContent ===
               arguments[0]).map(note => [...note.querySelectorAll('bdi[dir=rtl]')].map(run => run.textContent))",
            json!([NOTE]),
        );
        (runs != json!([])).then_some(runs)
    });
    assert_eq!(runs, json!([["الوفد"]]), "the note in the side panel, its Arabic isolated");
}

/// A glossary note that starts with the Arabic it talks about.
const NOTE: &str = "«الوفد» is the delegation, never the party";

/// Merge is asked first, offered only inside a paragraph (never a heading into its text, never on the
/// last segment); a split leaves the first half's translation a draft to cut.
#[tokio::test(flavor = "multi_thread")]
async fn merge_asks_first_and_stays_inside_a_paragraph_and_split_leaves_a_draft() {
    let (_db, server, translator) = desk().await;
    let article = json!({"title": "t", "source_lang": "ar", "target_lang": "en",
                         "text": "ردود فعل\nاعتبرت الصين ما يجري شأنا داخليا. وقالت روسيا إنها سترسل قوات."});
    let (_, created) = translator.post("/api/v1/articles", article).await;
    let id = created["id"].as_i64().unwrap();
    let browser = Browser::start(1280, 800);
    open_article(&browser, &server, "translator", id);
    assert_eq!(rows(&browser).len(), 3);
    let merge =
        |index: usize| browser.find_all(&format!("[data-index=\"{index}\"] button[data-action=merge]"));
    assert!(merge(0).is_empty(), "a heading is not merged into its paragraph");
    assert!(merge(2).is_empty(), "the last segment has nothing to merge with");
    browser.click(&merge(1)[0]);
    browser.find("#merge[open]");
    browser.click(&browser.find("#merge button[value=cancel]"));
    assert_eq!(rows(&browser).len(), 3, "cancelled: nothing merged");
    browser.click(&merge(1)[0]);
    browser.click(&browser.find("#merge button[value=merge]"));
    browser.wait("the merged article", || (rows(&browser).len() == 2).then_some(()));

    let merged = segment_id(&browser, 1);
    let body = json!({"target": "China called it internal. Russia said it would send troops.", "status": "translated", "base_revision": 0});
    translator.put(&format!("/api/v1/segments/{merged}"), body).await;
    let (status, parts) =
        translator.post(&format!("/api/v1/segments/{merged}/split"), json!({"offset": 33})).await;
    assert_eq!(status.as_u16(), 200, "{parts}");
    assert_eq!(parts[0]["status"], "initial", "the whole translation on half a sentence is a draft");
}

/// A refused form's error page says what went wrong in words, and its way back returns to the form with
/// the pasted text still in it.
#[tokio::test(flavor = "multi_thread")]
async fn an_error_page_leads_back_to_the_form_as_it_was() {
    let (_db, server, _) = desk().await;
    let browser = Browser::start(1280, 800);
    sign_in(&browser, &server.url, "translator");
    let text = "روسيا ترسل قوات إلى كازاخستان.";
    browser.type_into(&browser.find("#text"), text);
    browser.execute("document.getElementById('source_lang').value = 'not a language'", json!([]));
    browser.click(&browser.find("#new-article button[type=submit]"));
    let title = browser.wait("the error page", || {
        let heading = browser.find_all("h1").into_iter().next()?;
        let title = browser.text(&heading);
        // A heading read as the page was replaced reads empty: not yet an answer.
        (!title.is_empty() && title != "Articles").then_some(title)
    });
    assert_eq!(title, "That could not be used");
    browser.click(&browser.find("button[data-back]"));
    browser
        .wait("the form with the text", || (value(&browser, &browser.find("#text")) == text).then_some(()));
}

/// The text of the page's confirmation, once it shows.
fn flash(browser: &Browser) -> String {
    browser.text(&browser.find("main .flash"))
}

/// Clicks the button `css` of a form and waits for the page that answers.
fn submit(browser: &Browser, css: &str) {
    browser.execute("window.beforeSubmit = true", json!([]));
    browser.click(&browser.find(css));
    browser.wait("the answer page", || {
        let loaded = "return !window.beforeSubmit && document.readyState === 'complete'";
        (browser.execute(loaded, json!([])) == json!(true)).then_some(())
    });
}

/// Saving rates, revoking a token and saving a glossary entry each say they are done, once; resetting a
/// password asks first.
#[tokio::test(flavor = "multi_thread")]
async fn changes_say_they_are_done_and_a_password_reset_asks_first() {
    let (db, server, _) = desk().await;
    Client::new(&db, Role::Admin, "2").await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let browser = Browser::start(1280, 800);
    sign_in(&browser, &server.url, "admin2");
    browser.goto(&format!("{}admin/rates", server.url));
    browser.execute("document.getElementById('rate-exact').value = '25'", json!([]));
    submit(&browser, "main form button[type=submit]");
    assert!(flash(&browser).starts_with("Rates saved"), "{}", flash(&browser));
    browser.goto(&browser.url());
    assert!(browser.find_all("main .flash").is_empty(), "said once");

    browser.goto(&format!("{}admin/users", server.url));
    submit(&browser, "tr[data-user=translator] form[action$=\"/revoke\"] button");
    assert!(flash(&browser).starts_with("Token revoked"), "{}", flash(&browser));
    browser.find("tr[data-user=translator] .badge");

    let visible = |css: &str| {
        browser.execute("return document.querySelector(arguments[0]).checkVisibility()", json!([css]))
    };
    let reset = "tr[data-user=translator] details.confirm button[name=confirm]";
    assert_eq!(visible(reset), json!(false), "one click does not reset");
    browser.click(&browser.find("tr[data-user=translator] details.confirm summary"));
    assert_eq!(visible(reset), json!(true));
    assert!(browser.find_all("#secret").is_empty());
    browser.click(&browser.find(reset));
    browser.find("#secret");
    browser.click(&browser.find("header form button[type=submit]"));
    browser.wait("the sign-in page", || browser.url().contains("/login").then_some(()));

    let (_, glossaries) = terminologist.get("/api/v1/glossaries").await;
    let glossary = glossaries[0]["id"].as_i64().unwrap();
    let entry = json!({"source_terms": [{"text": "الوفد"}], "target_terms": [{"text": "delegation"}]});
    let (_, entry) = terminologist.post(&format!("/api/v1/glossaries/{glossary}/entries"), entry).await;
    sign_in(&browser, &server.url, "terminologist");
    browser.goto(&format!("{}glossaries/{glossary}/entries/{}", server.url, entry["id"]));
    submit(&browser, "main form button.primary");
    assert_eq!(flash(&browser), "Entry saved.");
}

/// From the editor an article is assigned, given a glossary it did not have (its terms light up), and
/// archived.
#[tokio::test(flavor = "multi_thread")]
async fn the_editor_assigns_archives_and_attaches_a_glossary_to_its_article() {
    let (db, server, translator) = desk().await;
    Client::new(&db, Role::Translator, "2").await;
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let (id, _) = crate::support::api::article(&db, &translator.user, &["ووصل الوفد أمس."]).await;
    let local = json!({"name": "Local", "source_lang": "ar", "target_lang": "en"});
    let (_, local) = terminologist.post("/api/v1/glossaries", local).await;
    let local = local["id"].as_i64().unwrap();
    let entry = json!({"source_terms": [{"text": "الوفد"}], "target_terms": [{"text": "the delegation"}]});
    terminologist.post(&format!("/api/v1/glossaries/{local}/entries"), entry).await;

    let browser = Browser::start(1280, 800);
    open_article(&browser, &server, "translator", id);
    assert!(browser.find_all("mark.term[data-target=\"the delegation\"]").is_empty());
    browser.execute("document.getElementById('assignee').value = 'translator2'", json!([]));
    browser.click(&browser.find(&format!("#article-settings input[name=glossaries][value=\"{local}\"]")));
    submit(&browser, "#article-settings button[type=submit]");
    assert_eq!(flash(&browser), "Saved the article's assignee and glossaries.");
    browser.find("mark.term[data-target=\"the delegation\"]");
    assert_eq!(browser.property(&browser.find("#assignee"), "value"), json!("translator2"));
    let (_, article) = translator.get(&format!("/api/v1/articles/{id}")).await;
    assert_eq!(article["assignee"], "translator2");
    assert!(article["glossaries"].as_array().unwrap().contains(&json!(local)), "{article}");

    browser.click(&browser.find("#article-settings input[name=archived]"));
    submit(&browser, "#article-settings button[type=submit]");
    assert!(flash(&browser).contains("archived"), "{}", flash(&browser));
    let (_, current) = translator.get("/api/v1/articles").await;
    assert!(current.as_array().unwrap().iter().all(|a| a["id"] != id), "{current}");

    // The archive lists it, and its editor restores it.
    let link = format!("main table a[href=\"/articles/{id}\"]");
    browser.goto(&server.url);
    assert!(browser.find_all(&link).is_empty());
    browser.click(&browser.find("main a[href=\"/?archived=1\"]"));
    browser.click(&browser.find(&link));
    browser.click(&browser.find("#article-settings input[name=archived]"));
    submit(&browser, "#article-settings button[type=submit]");
    assert_eq!(flash(&browser), "Saved the article's assignee and glossaries.");
    browser.goto(&server.url);
    browser.find(&link);
}

/// An analysis holds only while the memory does: once a sentence of the article is translated in another
/// one, the next look at the analysis counts it, with a new «as of».
#[tokio::test(flavor = "multi_thread")]
async fn the_analysis_is_redone_once_the_memory_changed() {
    let (db, server, translator) = desk().await;
    let sentence = "وأعلنت الحكومة حالة الطوارئ في البلاد.";
    let (id, _) = crate::support::api::article(&db, &translator.user, &[sentence, "وانقطع الإنترنت."]).await;
    let (_, other) = crate::support::api::article(&db, &translator.user, &[sentence]).await;
    let browser = Browser::start(1280, 800);
    open_article(&browser, &server, "translator", id);
    browser.goto(&format!("{}articles/{id}/analysis", server.url));
    let exact_segments =
        |browser: &Browser| browser.text(&browser.find("tr[data-band=exact] td:nth-child(2)"));
    let as_of = |browser: &Browser| browser.text(&browser.find("main h1 + p"));
    assert_eq!(exact_segments(&browser), "0");
    let before = as_of(&browser);
    // «as of» counts whole seconds.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    translate_all(&translator, &other, "The government declared a state of emergency.").await;
    browser.goto(&browser.url());
    assert_eq!(exact_segments(&browser), "1", "the new unit counts");
    assert_ne!(as_of(&browser), before);
}

/// Selects the last `chars` characters of a segment's translation with the keyboard, marks them as an error
/// of the category whose name starts with `letter`, `downs` severities below minor, and waits for the row
/// to show it.
fn mark_error(browser: &Browser, index: usize, chars: usize, letter: char, downs: usize) {
    browser.click(&textarea_of(browser, index));
    browser.press(&[keys::CONTROL, keys::END]);
    for _ in 0..chars {
        browser.press(&[keys::SHIFT, keys::LEFT]);
    }
    browser.press(&[keys::CONTROL, 'e']);
    browser.find("#annotate[open]");
    browser.press(&[letter]);
    browser.press(&['\u{E004}']); // Tab, to the severity.
    for _ in 0..downs {
        browser.press(&[keys::DOWN]);
    }
    let before = browser.find_all(&format!("[data-index=\"{index}\"] .annotations li")).len();
    browser.press(&[keys::ENTER]);
    browser.wait("the error on its row", || {
        (browser.find_all(&format!("[data-index=\"{index}\"] .annotations li")).len() == before + 1)
            .then_some(())
    });
}

/// A reviewer marks three errors on the seed's translation with the keyboard only; the article's score and
/// pass or fail appear in the editor (and on the dashboard) as a hand computation says, and the report per
/// translator lists the three.
#[tokio::test(flavor = "multi_thread")]
async fn a_reviewer_marks_three_errors_and_the_score_follows() {
    let (db, server, translator) = desk().await;
    Client::new(&db, Role::Reviewer, "").await;
    let seed = include_str!("../../../samples/kazakhstan-csto.ar.txt");
    let ar = tarjuman::lang::LanguageTag::parse("ar").unwrap();
    let sentences: Vec<String> = tarjuman::text::segment(seed, &ar).into_iter().map(|s| s.text).collect();
    let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let (id, segments) = crate::support::api::article(&db, &translator.user, &refs).await;
    let targets = [
        "After Ukraine, Russia sends its troops to this country as reactions pile up: will it revive the Soviet Unoin?",
        "At the request of the Kazakh president, Kassym-Jomart Tokayev, Russia sent troops to break up the protests Kazakhstan has seen since last Friday.",
        "The CSTO said Russia sent paratroopers on Thursday, 6 February.",
    ];
    for (segment, target) in segments.iter().zip(targets) {
        let body = json!({"target": target, "status": "translated", "base_revision": 0});
        let (status, answer) = translator.put(&format!("/api/v1/segments/{segment}"), body).await;
        assert_eq!(status.as_u16(), 200, "{answer}");
    }
    let browser = Browser::start(1280, 800);
    open_article(&browser, &server, "reviewer", id);
    mark_error(&browser, 0, "Unoin?".len(), 's', 0); // spelling, minor
    mark_error(&browser, 1, "Friday.".len(), 'm', 1); // mistranslation, major
    mark_error(&browser, 2, "February.".len(), 'd', 2); // dates, critical
    let rows: Vec<String> = (0..3)
        .map(|i| browser.text(&browser.find(&format!("[data-index=\"{i}\"] .annotations li"))))
        .collect();
    assert!(rows[0].starts_with("spelling minor Unoin?"), "{rows:?}");
    assert!(rows[1].starts_with("mistranslation major Friday."), "{rows:?}");
    assert!(rows[2].starts_with("dates critical February."), "{rows:?}");

    // By hand: 1 + 5 + 25 = 31 penalty points over the seed's source words.
    let words: usize = sentences.iter().map(|s| s.split_whitespace().count()).sum();
    let per_thousand = 31.0 * 1000.0 / words as f64;
    let score = 100.0 * (1.0 - 31.0 / words as f64);
    let verdict = if per_thousand <= 20.0 { "pass" } else { "fail" };
    let shown = browser.wait("the score updated", || {
        let ppt = browser.text(&browser.find("#quality .ppt"));
        (ppt == format!("{per_thousand:.2}")).then_some(())?;
        Some((
            browser.text(&browser.find("#quality .score")),
            browser.text(&browser.find("#quality .verdict")),
        ))
    });
    assert_eq!(shown, (format!("{score:.2}"), verdict.to_owned()));
    assert_eq!(verdict, "fail", "three errors in a short article fail round 1 (20 points per 1,000 words)");

    // The dashboard and the report per translator.
    browser.goto(&server.url);
    let line = browser.text(&browser.find("td.review"));
    assert_eq!(line, format!("{score:.1} · fail"));
    browser.goto(&format!("{}quality?by=translator", server.url));
    let group = browser.find("#review-groups tr[data-key=translator]");
    assert_eq!(
        browser.text(&browser.find("#review-groups tr[data-key=translator] .points")),
        "31",
        "{}",
        browser.text(&group)
    );
    let errors: Vec<String> =
        browser.find_all("#review-errors tbody tr").iter().map(|row| browser.text(row)).collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors.iter().all(|e| e.starts_with("translator ")), "{errors:?}");
    assert!(errors[2].contains("dates critical 25 February."), "{errors:?}");
}
