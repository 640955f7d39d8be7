//! Machine drafts in the editor, in a real Chromium against the server binary configured with local
//! engines: the panel, taking a draft by keyboard, the post-editing report, and keys kept out of sight.

use serde_json::json;
use tarjuman::domain::Role;
use tarjuman::mt::EngineKind;

use crate::support::api::{article, Client};
use crate::support::browser::{keys, Browser};
use crate::support::db::TestDb;
use crate::support::engines::{LocalEngine, Seen};
use crate::support::process::{tarjuman, Server};

const DRAFT: &str = "Russia sent troops to Kazakhstan.";
const DEEPL_KEY: &str = "deepl-key-that-must-never-show";
const LIBRE_KEY: &str = "libre-key-that-must-never-show";

#[tokio::test(flavor = "multi_thread")]
async fn a_translator_takes_a_machine_draft_by_keyboard_and_the_report_counts_the_edit() {
    let db = TestDb::new().await;
    let libre = LocalEngine::start(EngineKind::LibreTranslate, LIBRE_KEY, |_| DRAFT.to_owned()).await;
    // A DeepL that refuses the key it is sent and quotes it back, as a careless service might.
    let deepl = LocalEngine::start(EngineKind::DeepL, "another key", |t| t.to_owned()).await;
    deepl.script(|seen: &Seen| {
        let sent = seen.header("authorization").unwrap_or_default().to_owned();
        (403, vec![], json!({"message": format!("Wrong auth key: {sent}")}))
    });
    let log_path = std::env::temp_dir().join(format!("tarjuman-mt-{}.log", std::process::id()));
    let mut command = tarjuman();
    command.args(["serve", "--addr", "127.0.0.1:0", "--no-sample"]).env("DATABASE_URL", db.url());
    command.env("TARJUMAN_ADMIN_PASSWORD", "admin-password-for-tests").env("RUST_LOG", "info");
    command
        .envs(libre.env())
        .env("TARJUMAN_MT_DEEPL_URL", &deepl.url)
        .env("TARJUMAN_MT_DEEPL_KEY", DEEPL_KEY);
    let server = Server::start_logging_to(command, std::fs::File::create(&log_path).unwrap());
    let translator = Client::new(&db, Role::Translator, "").await;
    Client::new(&db, Role::Admin, "2").await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let (id, segments) =
        article(&db, &translator.user, &["أرسلت روسيا قوات.", "جملة ثانية.", "جملة ثالثة."]).await;

    let browser = Browser::start(1280, 900);
    sign_in(&browser, &server.url, "translator");
    browser.goto(&format!("{}articles/{id}", server.url));
    let panel = browser.wait("the engine's draft", || {
        let items = browser.find_all(".segment.active #machine li[data-engine=libretranslate]");
        items.first().map(|item| browser.text(item)).filter(|text| text.contains(DRAFT))
    });
    assert!(panel.contains("libretranslate · libretranslate"), "labelled by engine and model: {panel}");
    let failed = browser.wait("deepl's failure", || {
        let items = browser.find_all(".segment.active #machine li[data-engine=deepl]");
        items.first().map(|item| browser.text(item)).filter(|text| !text.is_empty())
    });
    assert!(failed.contains("refused the key") && !failed.contains(DEEPL_KEY), "{failed}");
    // Fetched ahead: the next segment's drafts are on the server before the translator gets there.
    browser.wait("the next segment's draft asked for", || (libre.seen().len() >= 2).then_some(()));
    // The key on the overlay.
    let overlay: Vec<String> = browser
        .find_all("#help tr[data-shortcut]")
        .iter()
        .map(|row| browser.attribute(row, "data-shortcut"))
        .collect();
    assert!(overlay.contains(&"machine".to_owned()), "{overlay:?}");

    browser.press(&[keys::CONTROL, 'd']);
    browser.press(&['1']);
    browser.wait("the draft in the box", || (active_value(&browser) == DRAFT).then_some(()));
    browser.press(&[keys::END]);
    browser.press(&[keys::BACKSPACE]);
    browser.press(&[' ', 'n', 'o', 'w', '.']);
    browser.press(&[keys::CONTROL, keys::ENTER]);
    let confirmed = "Russia sent troops to Kazakhstan now.";
    wait_stored(&db, segments[0], confirmed).await;
    let (_, history) = translator.get(&format!("/api/v1/segments/{}/revisions", segments[0])).await;
    assert_eq!(history[1]["origin"], "mt", "{history}");
    assert_eq!(history[1]["engine"], "libretranslate");

    let (_, report) = reviewer.get("/api/v1/mt/effort").await;
    let line = &report[0];
    assert_eq!(
        (line["engine"].as_str(), line["segments"].as_i64()),
        (Some("libretranslate"), Some(1)),
        "{report}"
    );
    assert_eq!(line["kept_unchanged"], 0);
    assert_eq!(line["mean_word_distance"], 2.0, "«Kazakhstan.» became «Kazakhstan now.»");
    assert_eq!(line["mean_char_distance"], 4.0);

    // The desk's page shows the same line; the engines page shows health and usage, never a key.
    sign_out(&browser);
    sign_in(&browser, &server.url, "admin2");
    browser.goto(&format!("{}mt/effort", server.url));
    let row = browser.text(&browser.find("table.effort tr[data-engine=libretranslate]"));
    assert!(row.contains("translator") && row.contains("ar-en"), "{row}");
    browser.goto(&format!("{}admin/mt", server.url));
    let deepl_row = browser.text(&browser.find("tr[data-engine=deepl]"));
    assert!(deepl_row.contains("refused the key"), "{deepl_row}");
    let usage = browser.text(&browser.find("tr[data-engine=libretranslate] .usage"));
    assert!(usage.parse::<u64>().unwrap() > 0, "{usage}");
    let page = browser.execute("return document.documentElement.outerHTML", json!([]));
    let page = page.as_str().unwrap();
    drop(server);
    let log = std::fs::read_to_string(&log_path).unwrap();
    let _ = std::fs::remove_file(&log_path);
    assert!(log.contains("machine translation failed"), "the failure is logged: {log}");
    let stored: Vec<String> = sqlx::query_scalar(
        "SELECT coalesce(last_error, '') FROM mt_health UNION ALL SELECT target FROM mt_cache
         UNION ALL SELECT house_style FROM mt_settings",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    for key in [DEEPL_KEY, LIBRE_KEY] {
        assert!(!page.contains(key), "a key on the engines page");
        assert!(!log.contains(key), "a key in the log");
        assert!(stored.iter().all(|s| !s.contains(key)), "a key in the database: {stored:?}");
    }
    assert!(!deepl.seen().is_empty(), "deepl was asked (and refused)");
}

fn sign_in(browser: &Browser, url: &str, username: &str) {
    browser.goto(url);
    browser.wait("the sign-in page", || browser.url().contains("/login").then_some(()));
    browser.type_into(&browser.find("input[name=username]"), username);
    browser.type_into(&browser.find("input[name=password]"), &format!("secret-password{}", keys::ENTER));
    browser.wait("signed in", || (!browser.url().contains("/login")).then_some(()));
}

fn sign_out(browser: &Browser) {
    let button = browser.find("header form button[type=submit]");
    browser.click(&button);
    browser.wait("signed out", || browser.url().contains("/login").then_some(()));
}

fn active_value(browser: &Browser) -> String {
    browser
        .execute("return document.querySelector('.segment.active textarea').value", json!([]))
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn wait_stored(db: &TestDb, segment: i64, target: &str) {
    for _ in 0..200 {
        let stored: Option<(String, String)> = sqlx::query_as(
            "SELECT r.target, r.status FROM segments s JOIN revisions r ON r.id = s.current_revision_id WHERE s.id = $1",
        )
        .bind(segment)
        .fetch_optional(&db.pool)
        .await
        .unwrap();
        if stored.as_ref().is_some_and(|(t, s)| t == target && s == "translated") {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("segment {segment} never became {target:?}, translated");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_pretranslate_button_shows_the_progress_and_the_drafts_arrive_without_a_reload() {
    let db = TestDb::new().await;
    let libre = LocalEngine::start(EngineKind::LibreTranslate, LIBRE_KEY, |t| format!("EN {t}")).await;
    // One request of 25 at a time, a second each: the first round (50 segments) ends well before the run.
    libre.delay(std::time::Duration::from_secs(1));
    let mut command = tarjuman();
    command.args(["serve", "--addr", "127.0.0.1:0", "--no-sample"]).env("DATABASE_URL", db.url());
    command.env("TARJUMAN_ADMIN_PASSWORD", "admin-password-for-tests");
    command.envs(libre.env()).env("TARJUMAN_MT_LIBRETRANSLATE_CONCURRENCY", "1");
    let server = Server::start(command);
    let translator = Client::new(&db, Role::Translator, "").await;
    let sentences: Vec<String> = (0..60).map(|i| format!("الجملة رقم {i}.")).collect();
    let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let (id, _) = article(&db, &translator.user, &refs).await;

    let browser = Browser::start(1280, 900);
    sign_in(&browser, &server.url, "translator");
    browser.goto(&format!("{}articles/{id}", server.url));
    browser.wait("the live stream", || (browser.text(&browser.find("#live-state")) == "live").then_some(()));
    browser.execute("window.stillThisPage = true", json!([]));
    browser.click(&browser.find("#pretranslate"));
    browser.wait("the progress after the first round", || {
        let label = browser.text(&browser.find("#pretranslate"));
        label.contains("Machine-translating… 50 of 60").then_some(())
    });
    let summary = browser.wait("the end of the run", || {
        let text = browser.text(&browser.find("#pretranslate-state"));
        text.starts_with("Machine translation done").then_some(text)
    });
    assert!(summary.contains("60 drafted") && summary.contains("0 left empty"), "{summary}");
    let last = browser.wait("the last draft in its box", || {
        let value = browser.execute(
            "const boxes = document.querySelectorAll('[data-segment-id] textarea'); return boxes[boxes.length - 1].value",
            json!([]),
        );
        value.as_str().filter(|v| !v.is_empty()).map(str::to_owned)
    });
    assert_eq!(last, "EN الجملة رقم 59.");
    assert_eq!(browser.execute("return window.stillThisPage === true", json!([])), json!(true), "no reload");

    // Imported with machine drafts: the editor opens at once and shows the run going on.
    browser.goto(&server.url);
    let text: Vec<String> = (0..60).map(|i| format!("جملة مستوردة {i}.")).collect();
    browser.type_into(&browser.find("#title"), "Imported");
    browser.execute("document.getElementById('text').value = arguments[0]", json!([text.join(" ")]));
    browser.click(&browser.find("input[name=machine_translate]"));
    browser.click(&browser.find("form button.primary[type=submit]"));
    browser.wait("the editor, the run going on", || {
        let label = browser.find_all("#pretranslate").first().map(|b| browser.text(b)).unwrap_or_default();
        label.starts_with("Machine-translating…").then_some(())
    });
    browser.wait("the end of the imported article's run", || {
        let text = browser.text(&browser.find("#pretranslate-state"));
        text.starts_with("Machine translation done: 60 drafted").then_some(())
    });
}
