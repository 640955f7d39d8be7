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
    drop(translator);
}
