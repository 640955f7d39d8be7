//! The desk working together, in two real browsers on two tarjuman instances sharing one database:
//! a save in one editor appears in the other, each sees where the other is, and a mention reaches the
//! other person's inbox.

use std::time::Instant;

use serde_json::json;
use tarjuman::domain::Role;

use crate::browser::{serve, sign_in};
use crate::support::api::{article, Client};
use crate::support::browser::{keys, Browser};
use crate::support::db::TestDb;

#[tokio::test(flavor = "multi_thread")]
async fn two_people_on_two_instances_see_each_other_live() {
    let db = TestDb::new().await;
    let (first, second) = (serve(&db), serve(&db));
    let sara = Client::new(&db, Role::Translator, "").await;
    Client::new(&db, Role::Reviewer, "").await;
    let (id, segments) = article(
        &db,
        &sara.user,
        &["انسحبت كازاخستان من المنظمة.", "وقال الوزير إن القرار نهائي.", "ولم يعلق الكرملين."],
    )
    .await;

    let (a, b) = (Browser::start(1280, 900), Browser::start(1280, 900));
    sign_in(&a, &first.url, "translator");
    a.goto(&format!("{}articles/{id}", first.url));
    sign_in(&b, &second.url, "reviewer");
    b.goto(&format!("{}articles/{id}", second.url));
    for browser in [&a, &b] {
        browser
            .wait("the live stream", || (browser.text(&browser.find("#live-state")) == "live").then_some(()));
    }

    // Rami goes to the second sentence: Sara sees his chip there.
    b.click(&b.find(&format!("#segment-{} textarea", segments[1])));
    a.wait("rami's chip on the second row", || {
        let chips = a.find_all(&format!("#segment-{} .chip[data-user=reviewer]", segments[1]));
        (!chips.is_empty()).then_some(())
    });

    // Sara goes to the first sentence: Rami sees her chip there.
    let box_a = a.find(&format!("#segment-{} textarea", segments[0]));
    a.click(&box_a);
    b.wait("sara's chip on the first row", || {
        let chips = b.find_all(&format!("#segment-{} .chip[data-user=translator]", segments[0]));
        (!chips.is_empty()).then_some(())
    });

    // She translates it through instance one; instance two shows it to Rami.
    let saved_at = Instant::now();
    a.type_into(&box_a, &format!("Kazakhstan left the organisation.{}{}", keys::CONTROL, keys::ENTER));
    let box_b = b.find(&format!("#segment-{} textarea", segments[0]));
    b.wait("sara's save in rami's editor", || {
        (b.property(&box_b, "value") == json!("Kazakhstan left the organisation.")).then_some(())
    });
    println!(
        "a save reached the other instance's editor {} ms after the keystroke",
        saved_at.elapsed().as_millis()
    );
    let row_b = b.find(&format!("#segment-{}", segments[0]));
    assert_eq!(b.attribute(&row_b, "data-status"), "translated");
    assert_eq!(b.attribute(&row_b, "data-revision"), "1");

    // Sara asks Rami about it; the comment appears in his open editor and in his inbox.
    a.click(&box_a);
    let comment = a.find("#comment-body");
    a.type_into(&comment, "@reviewer is «left» right here?");
    a.click(&a.find("#comment-form button[type=submit]"));
    b.click(&box_b);
    b.wait("the comment in rami's thread", || {
        b.find_all("#comments .comment")
            .into_iter()
            .next()
            .filter(|c| b.text(c).contains("is «left» right here?"))
    });
    b.goto(&format!("{}inbox", second.url));
    let item = b.find(".inbox-item.unread");
    assert!(b.text(&item).contains("translator"), "{}", b.text(&item));
    assert!(b.text(&item).contains("is «left» right here?"));
    assert_eq!(b.text(&b.find("#inbox-count")), "1");
}
