//! Inline codes in the editor: chips in the source and the translation, Ctrl+, and Ctrl+Shift+S bring the
//! source's codes in, a chip is deleted as one, and the save stores each code as its marker.

use serde_json::json;

use super::{all_saved, desk, open_article, stored_text};
use crate::support::api::{coded, coded_article};
use crate::support::browser::{keys, Browser};

/// The text a row saves: the hidden textarea behind its coded box.
fn saved_form(browser: &Browser, index: usize) -> String {
    let script = "return document.querySelector(`[data-index=\"${arguments[0]}\"] textarea`).value";
    browser.execute(script, json!([index])).as_str().unwrap_or_default().to_owned()
}

fn wait_saved_form(browser: &Browser, index: usize, want: &str) {
    browser.wait(&format!("row {index} to hold {want:?}"), || {
        (saved_form(browser, index) == want).then_some(())
    });
}

/// What the chips of `css` say: shown tag, what a screen reader hears, the hover title.
fn chips(browser: &Browser, css: &str) -> Vec<(String, String, String)> {
    let script = "return [...document.querySelectorAll(arguments[0] + ' .chip')].map(c => [
        c.querySelector('[aria-hidden]').textContent, c.querySelector('.visually-hidden').textContent.trim(),
        c.title, c.isContentEditable])";
    let found = browser.execute(script, json!([css]));
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            assert_eq!(c[3], json!(false), "a chip is not edited: {c}");
            (c[0].as_str().unwrap().into(), c[1].as_str().unwrap().into(), c[2].as_str().unwrap().into())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn codes_are_chips_brought_in_by_keys_and_saved_as_markers() {
    use keys::{BACKSPACE, CONTROL, END, ENTER, ESCAPE, SHIFT};
    let (db, server, translator) = desk().await;
    let first = "قال {1}تقرير {2}المنظمة{/2}{/1} إن{3/} القوات وصلت.";
    let second = "انتهى {2}الاجتماع{/2}.";
    let (id, segments) = coded_article(&db, &translator.user, &[first, second]).await;
    let browser = Browser::start(1280, 800);
    open_article(&browser, &server, "translator", id);
    browser.wait("the first coded box focused", || {
        let focused = "return document.activeElement.matches('[data-index=\"0\"] .coded')";
        (browser.execute(focused, json!([])) == json!(true)).then_some(())
    });

    let link = "https://example.org/report".to_owned();
    let said = |tag: &str, meaning: &str, title: &str| (tag.to_owned(), meaning.to_owned(), title.to_owned());
    assert_eq!(
        chips(&browser, "[data-index=\"0\"] .source"),
        [
            said("<1>", "start of link 1", &link),
            said("<2>", "start of bold 2", ""),
            said("</2>", "end of bold 2", ""),
            said("</1>", "end of link 1", &link),
            said("<3/>", "image 3", "a map"),
        ]
    );
    assert_eq!(chips(&browser, "[data-index=\"0\"] .coded"), []);

    // Ctrl+, puts in the next code the translation lacks, at the caret, in the source's order.
    let boxed = browser.find("[data-index=\"0\"] .coded");
    browser.type_into(&boxed, "The ");
    for (text, codes) in
        [("report of ", 1), ("the organization", 1), ("", 1), (" said", 1), (" troops arrived.", 1)]
    {
        for _ in 0..codes {
            browser.press(&[CONTROL, ',']);
        }
        if !text.is_empty() {
            browser.type_into(&boxed, text);
        }
    }
    let typed = coded("The {1}report of {2}the organization{/2}{/1} said{3/} troops arrived.");
    wait_saved_form(&browser, 0, &typed);
    assert_eq!(chips(&browser, "[data-index=\"0\"] .coded").len(), 5);
    browser.press(&[CONTROL, ',']);
    browser.wait("nothing left to insert", || {
        let state = browser.text(&browser.find("[data-index=\"0\"] .save-state"));
        state.contains("every code").then_some(())
    });
    browser.press(&[CONTROL, ENTER]);
    all_saved(&browser);
    assert_eq!(stored_text(&db, segments[0]).await, typed, "the chips are saved as their markers");
    let (_, article) = translator.get(&format!("/api/v1/articles/{id}")).await;
    assert_eq!(article["segments"][0]["target"], json!(typed));
    assert_eq!(article["segments"][0]["status"], "translated");
    assert!(
        browser.find_all("[data-index=\"0\"] .finding[data-kind^=code]").is_empty(),
        "a complete translation has no code findings"
    );

    // Ctrl+Shift+S copies the source with its codes; Backspace after a chip removes that chip only.
    browser.wait("the second coded box focused", || {
        let focused = "return document.activeElement.matches('[data-index=\"1\"] .coded')";
        (browser.execute(focused, json!([])) == json!(true)).then_some(())
    });
    browser.press(&[CONTROL, SHIFT, 's']);
    wait_saved_form(&browser, 1, &coded(second));
    assert_eq!(
        chips(&browser, "[data-index=\"1\"] .coded"),
        [said("<2>", "start of bold 2", ""), said("</2>", "end of bold 2", "")]
    );
    browser.press(&[CONTROL, END]);
    browser.press(&[BACKSPACE]);
    browser.press(&[BACKSPACE]);
    wait_saved_form(&browser, 1, &coded("انتهى {2}الاجتماع"));
    assert_eq!(chips(&browser, "[data-index=\"1\"] .coded").len(), 1);
    // Saved so, the missing code is a finding on the row.
    browser.press(&[CONTROL, ENTER]);
    all_saved(&browser);
    assert_eq!(stored_text(&db, segments[1]).await, coded("انتهى {2}الاجتماع"));
    let finding = browser.wait("the missing code's finding", || {
        browser.find_all("[data-index=\"1\"] .finding[data-kind=codes]").first().map(|f| browser.text(f))
    });
    assert!(finding.contains("</2> (b) is missing"), "{finding}");
    // Esc takes unsaved edits back to the saved text, chips included.
    browser.press(&[CONTROL, END]);
    browser.press(&[CONTROL, ',']);
    wait_saved_form(&browser, 1, &coded("انتهى {2}الاجتماع{/2}"));
    browser.press(&[ESCAPE]);
    wait_saved_form(&browser, 1, &coded("انتهى {2}الاجتماع"));

    // With words selected, Ctrl+, puts a missing pair around them.
    browser.press(&[CONTROL, 'a']);
    browser.type_into(&browser.find("[data-index=\"1\"] .coded"), "The meeting ended.");
    wait_saved_form(&browser, 1, "The meeting ended.");
    browser.press(&[END]);
    browser.press(&[keys::LEFT]);
    for _ in 0.."meeting ended".len() {
        browser.press(&[SHIFT, keys::LEFT]);
    }
    browser.press(&[CONTROL, ',']);
    wait_saved_form(&browser, 1, &coded("The {2}meeting ended{/2}."));
}
