//! The workbench in a real headless Chromium against a real server and database: what a translator does
//! with the keyboard, end to end.

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
        let body = json!({"target": "The troops reached Ukraine yesterday.", "status": "translated", "base_revision": 0});
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
            expected.extend(["term", "memory", "copy-source", "undo"]);
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
            wait_value(&browser, "The troops reached Ukraine yesterday.");
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
    let in_sight = browser.execute(
        "const r = document.querySelector('.segment.active #suggestions li').getBoundingClientRect();
         return r.top >= 0 && r.bottom <= window.innerHeight",
        json!([]),
    );
    assert_eq!(in_sight, json!(true), "the best match is in sight without scrolling");
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

/// A quality message that starts with the Arabic term it names reads left to right, the term isolated,
/// on the report and under the segment.
#[tokio::test(flavor = "multi_thread")]
async fn messages_quoting_arabic_keep_their_english_order() {
    let (db, server, translator) = desk().await;
    let csto = "وأعلنت “منظمة معاهدة الأمن الجماعي”، أن روسيا أرسلت مظليين.";
    let (id, segments) = crate::support::api::article(&db, &translator.user, &[csto]).await;
    let body = json!({"target": "The treaty said Russia sent paratroopers.", "status": "translated", "base_revision": 0});
    translator.put(&format!("/api/v1/segments/{}", segments[0]), body).await;
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
}

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
        (title != "Articles").then_some(title)
    });
    assert_eq!(title, "That could not be used");
    browser.click(&browser.find("button[data-back]"));
    browser
        .wait("the form with the text", || (value(&browser, &browser.find("#text")) == text).then_some(()));
}
