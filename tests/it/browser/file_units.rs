//! Another tool's XLIFF in the editor: a unit the file marks `translate="no"` is a locked row, read-only and
//! announced as such, and the file's earlier matches (alt-trans) are suggestions taken by keyboard.

use serde_json::json;

use super::{all_saved, desk, open_article, stored_text, textarea_of};
use crate::api::foreign_xliff::import_tool_file;
use crate::support::browser::{keys, Browser};

#[tokio::test(flavor = "multi_thread")]
async fn a_locked_row_is_read_only_and_a_match_from_the_file_is_taken_by_keyboard() {
    use keys::CONTROL;
    let (db, server, translator) = desk().await;
    let id = import_tool_file(&translator, "memoq.mqxliff").await;
    let (_, view) = translator.get(&format!("/api/v1/articles/{id}")).await;
    let segments = view["segments"].as_array().unwrap().clone();
    let browser = Browser::start(1280, 800);
    open_article(&browser, &server, "translator", id);

    // The locked row: read-only, no buttons that write, and a screen reader hears that and why.
    let locked = textarea_of(&browser, 2);
    assert_eq!(browser.property(&locked, "readOnly"), json!(true));
    assert!(browser.attribute(&locked, "aria-label").ends_with(", locked"));
    let described = browser.attribute(&locked, "aria-describedby");
    let reason = browser.text(&browser.find(&format!("#{described}")));
    assert!(reason.contains("not to be translated"), "{reason}");
    assert!(browser.find_all("[data-index=\"2\"] button[data-action]").is_empty());
    assert_eq!(browser.text(&browser.find("[data-index=\"2\"] .badge.locked")), "locked");
    browser.type_into(&locked, &format!(" more{}{}{}", CONTROL, keys::ENTER, keys::NULL));
    assert_eq!(browser.property(&locked, "value"), json!("CSTO"));

    // The last row has the file's matches: an engine's proposal with the segment's codes first.
    browser.click(&browser.find("[data-index=\"3\"] .coded"));
    let offered = browser.find("#suggestions li.from-file");
    let about = browser.text(&offered);
    assert!(about.contains("from the file · MT-engine · match quality 76%"), "{about}");
    browser.press(&[CONTROL, 'm']);
    browser.press(&['1']);
    let (_, suggestions) =
        translator.get(&format!("/api/v1/segments/{}/suggestions", segments[3]["id"])).await;
    let want = suggestions[0]["target"].as_str().unwrap();
    let last = segments[3]["id"].as_i64().unwrap();
    for _ in 0..100 {
        if stored_text(&db, last).await == want {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(stored_text(&db, last).await, want, "the file's match, saved as the translation");
    all_saved(&browser);
    assert_eq!(
        stored_text(&db, segments[2]["id"].as_i64().unwrap()).await,
        "CSTO",
        "the locked row unchanged"
    );
}
