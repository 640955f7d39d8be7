//! Every page of the workbench as each role reaches it, at a desk's size and a phone's: axe-core finds no
//! accessibility violation, and nothing scrolls sideways.

use std::path::{Path, PathBuf};

use serde_json::json;
use tarjuman::domain::Role;

use super::{desk, keys, sign_in, Browser};
use crate::support::api::{coded as coded_text, coded_article, Client};
use crate::support::process::DataDir;

/// axe-core's script, installed (at a pinned version) by scripts/test.sh.
pub(super) fn axe_script() -> String {
    let path = std::env::var_os("TARJUMAN_AXE_JS").map(PathBuf::from).unwrap_or_else(|| {
        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
        home.join(".cache/tarjuman-axe/node_modules/axe-core/axe.min.js")
    });
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("axe-core is needed at {} ({e}): scripts/test.sh installs it", path.display())
    })
}

/// Runs axe-core over the page (every rule it has, WCAG 2.x A and AA and best practice) and lists each
/// violation as rule, impact, the elements and why.
pub(super) const AXE_RUN: &str = "return axe.run(document, {resultTypes: ['violations']}).then(result =>
  result.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + '\\n' + v.nodes.map(n =>
    '      ' + n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join('\\n')))";

/// A browser walking the pages at one size, collecting what is wrong with each.
struct Walk {
    browser: Browser,
    axe: String,
    size: String,
    width: u64,
    problems: Vec<String>,
}

impl Walk {
    fn new(width: u32, height: u32, axe: &str) -> Self {
        let browser = Browser::start(width, height);
        Self {
            browser,
            axe: axe.to_owned(),
            size: format!("{width}x{height}"),
            width: width.into(),
            problems: vec![],
        }
    }

    fn visit(&mut self, url: &str, what: &str) {
        self.browser.goto(url);
        self.check(what);
    }

    /// Audits the page as it is now.
    fn check(&mut self, what: &str) {
        // The page's own scripts (the editor's panels) settle first.
        std::thread::sleep(std::time::Duration::from_millis(300));
        let page = format!("{what} at {} ({})", self.size, self.browser.url());
        let widths = self.browser.execute(
            "const e = document.documentElement; return [e.scrollWidth, e.clientWidth, innerWidth]",
            json!([]),
        );
        // A phone zooms a page wider than itself out: its window grows past the device's width.
        let zoomed_out = widths[2].as_u64().unwrap() > self.width;
        let (scroll, client) = (widths[0].as_u64().unwrap(), widths[1].as_u64().unwrap());
        if scroll > client || zoomed_out {
            let wide = self.browser.execute(WIDEST, json!([]));
            self.problems.push(format!("{page}: scrolls sideways, {scroll}px in {client}px; widest: {wide}"));
        }
        self.browser.execute(&self.axe, json!([]));
        let violations = self.browser.execute(AXE_RUN, json!([]));
        for violation in violations.as_array().expect("axe's violations") {
            self.problems.push(format!("{page}: {}", violation.as_str().unwrap_or_default()));
        }
    }

    fn sign_in(&self, url: &str, username: &str) {
        sign_in(&self.browser, url, username);
    }

    /// Signs out from the dashboard (an error page has no user menu).
    fn sign_out(&self, url: &str) {
        self.browser.goto(url);
        self.browser.click(&self.browser.find("header form button[type=submit]"));
        self.browser.wait("the sign-in page", || self.browser.url().contains("/login").then_some(()));
    }

    /// Chooses `file` in the file input of `form` and submits it.
    fn upload(&self, form: &str, file: &Path) {
        let browser = &self.browser;
        browser.type_into(&browser.find(&format!("{form} input[type=file]")), &file.display().to_string());
        self.submit(form);
    }

    /// Submits `form` and waits for the page it answers with.
    fn submit(&self, form: &str) {
        let browser = &self.browser;
        browser.execute("window.beforeSubmit = true", json!([]));
        // Clicked by the script: a page too wide for a phone is zoomed out, and WebDriver's pointer would
        // miss; the walk reports the width instead.
        let button = format!("{form} button[type=submit]");
        browser.find(&button);
        browser.execute("document.querySelector(arguments[0]).click()", json!([button]));
        browser.wait("the answer page", || {
            let loaded = "return !window.beforeSubmit && document.readyState === 'complete'";
            (browser.execute(loaded, json!([])) == json!(true)).then_some(())
        });
    }
}

/// The elements wider than the window, deepest first, to say what pushes a page sideways.
const WIDEST: &str = "const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1)
    .slice(-4).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' +
      String(e.className).trim().replace(/\\s+/g, '.') : '') + ' ' + Math.round(e.getBoundingClientRect().right)
      + 'px').join(', ')";

/// What the pages show: an imported article with translations, findings (one ignored), a sent-back
/// segment; a glossary entry with a note quoting Arabic; a token; files to upload.
struct Fixture {
    article: i64,
    /// An article whose segments have inline codes (chips), one translated with them.
    coded: i64,
    glossary: i64,
    entry: i64,
    xliff: PathBuf,
    tbx: PathBuf,
    _files: DataDir,
}

async fn fixture(db: &crate::support::db::TestDb, translator: &Client) -> Fixture {
    let reviewer = Client::new(db, Role::Reviewer, "").await;
    let terminologist = Client::new(db, Role::Terminologist, "").await;
    Client::new(db, Role::Admin, "2").await;
    let glossary = json!({"name": "Newsroom ar→en", "source_lang": "ar", "target_lang": "en",
                          "description": "Names and institutions of the region"});
    let (status, glossary) = terminologist.post("/api/v1/glossaries", glossary).await;
    assert_eq!(status.as_u16(), 201, "{glossary}");
    let glossary = glossary["id"].as_i64().unwrap();
    let entry = json!({"source_terms": [{"text": "منظمة معاهدة الأمن الجماعي"}, {"text": "المعاهدة", "status": "admitted"}],
                       "target_terms": [{"text": "CSTO"}, {"text": "Collective Security Treaty Organization"}],
                       "note": "«منظمة معاهدة الأمن الجماعي» is always the CSTO in headlines"});
    let (status, entry) = terminologist.post(&format!("/api/v1/glossaries/{glossary}/entries"), entry).await;
    assert_eq!(status.as_u16(), 201, "{entry}");
    let entry = entry["id"].as_i64().unwrap();

    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kazakhstan-csto.ar.txt");
    let text = std::fs::read_to_string(seed).unwrap();
    let article =
        json!({"title": "كازاخستان والمنظمة", "source_lang": "ar", "target_lang": "en", "text": text});
    let (status, article) = translator.post("/api/v1/articles", article).await;
    assert_eq!(status.as_u16(), 201, "{article}");
    let article = article["id"].as_i64().unwrap();
    let (_, full) = translator.get(&format!("/api/v1/articles/{article}")).await;
    let segments: Vec<i64> =
        full["segments"].as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()).collect();
    // Drafts with findings: numbers and terms missing, brackets unbalanced, one left in Arabic.
    let drafts = [
        "After Ukraine, Russia sends troops (to Kazakhstan",
        "Russia sent troops.",
        "The «المعاهدة» said paratroopers were sent.",
        "Dozens were killed.",
    ];
    let mut findings = vec![];
    for (segment, target) in segments.iter().zip(drafts) {
        let body = json!({"target": target, "status": "translated", "base_revision": 0});
        let (status, saved) = translator.put(&format!("/api/v1/segments/{segment}"), body).await;
        assert_eq!(status.as_u16(), 200, "{saved}");
        findings.extend(saved["findings"].as_array().unwrap().iter().map(|f| f["id"].as_i64().unwrap()));
    }
    assert!(findings.len() >= 2, "the drafts have findings to show");
    let (status, ignored) = reviewer
        .post(&format!("/api/v1/findings/{}/ignore", findings[0]), json!({"reason": "house style"}))
        .await;
    assert_eq!(status.as_u16(), 200, "{ignored}");
    let body = json!({"target": drafts[1], "status": "reviewed", "base_revision": 1});
    reviewer.put(&format!("/api/v1/segments/{}", segments[1]), body).await;
    let body = json!({"target": drafts[3], "status": "initial", "base_revision": 1,
                      "comment": "«قتل» is killed, not died: who killed them?"});
    let (status, sent) = reviewer.put(&format!("/api/v1/segments/{}", segments[3]), body).await;
    assert_eq!(status.as_u16(), 200, "{sent}");

    let files = DataDir::new("pages");
    let (status, xliff) = translator.get(&format!("/api/v1/articles/{article}/export")).await;
    assert_eq!(status.as_u16(), 200);
    let xliff_path = files.0.join("article.xlf");
    std::fs::write(&xliff_path, xliff.as_str().unwrap()).unwrap();
    let tbx = Path::new(env!("CARGO_MANIFEST_DIR")).join("glossaries/seed-world.ar-en.tbx");
    let sentences = ["قال {1}تقرير {2}المنظمة{/2}{/1} إن{3/} القوات وصلت.", "انتهى {2}الاجتماع{/2}."];
    let (coded, segments) = coded_article(db, &translator.user, &sentences).await;
    let target = coded_text("The {1}report of {2}the organization{/2}{/1} said{3/} troops arrived.");
    let body = json!({"target": target, "status": "translated", "base_revision": 0});
    let (status, saved) = translator.put(&format!("/api/v1/segments/{}", segments[0]), body).await;
    assert_eq!(status.as_u16(), 200, "{saved}");
    Fixture { article, coded, glossary, entry, xliff: xliff_path, tbx, _files: files }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_passes_axe_core_and_none_scrolls_sideways_on_a_phone() {
    let (db, server, translator) = desk().await;
    let f = fixture(&db, &translator).await;
    let axe = axe_script();
    let url = &server.url;
    let (article, glossary) =
        (format!("{url}articles/{}", f.article), format!("{url}glossaries/{}", f.glossary));
    let mut problems = vec![];
    for (width, height) in [(1280, 800), (390, 844)] {
        let mut walk = Walk::new(width, height, &axe);
        walk.visit(url, "the sign-in page");

        walk.sign_in(url, "translator");
        walk.check("the dashboard with the import form");
        walk.visit(&format!("{url}articles/{}", f.coded), "the editor with inline codes");
        walk.visit(&article, "the editor, translator");
        walk.browser.press(&[keys::F1]);
        walk.browser.find("#help[open]");
        walk.check("the editor's key help");
        walk.browser.press(&[keys::ESCAPE]);
        walk.browser.click(&walk.browser.find("#replace-open"));
        walk.browser.find("#replace[open]");
        walk.check("the replace dialog");
        walk.browser.press(&[keys::ESCAPE]);
        let unfold = "for (const tools of document.querySelectorAll('.more-tools, #update-version')) tools.open = true";
        walk.browser.execute(unfold, json!([]));
        walk.check("the editor's tools unfolded");
        walk.upload("form[action$=\"/import\"]", &f.xliff);
        walk.check("the XLIFF import report");
        walk.visit(&format!("{article}/qa"), "the quality report, translator");
        walk.visit(&format!("{article}/analysis"), "the analysis");
        walk.visit(&format!("{url}glossaries"), "the glossaries, translator");
        walk.visit(&glossary, "a glossary, translator");
        walk.visit(&format!("{url}tm?q=%D8%B1%D9%88%D8%B3%D9%8A%D8%A7"), "the memory's concordance");
        walk.visit(&format!("{url}tm"), "the memory's search");
        walk.visit(&format!("{url}account"), "the account");
        walk.visit(&format!("{url}inbox"), "the inbox");
        walk.visit(&format!("{url}articles/999999"), "the error page");
        walk.sign_out(url);

        walk.sign_in(url, "reviewer");
        walk.visit(&article, "the editor, reviewer");
        walk.browser.click(&walk.browser.find(".segment.active button[data-action=send-back]"));
        walk.browser.find("#send-back[open]");
        walk.check("the send-back dialog");
        walk.browser.press(&[keys::ESCAPE]);
        walk.visit(&format!("{article}/qa"), "the quality report, reviewer");
        walk.visit(&format!("{url}quality"), "the review report");
        walk.visit(&format!("{url}mt/effort"), "the post-editing report");
        walk.visit(&format!("{article}/assignments"), "the article's assignments with their form");
        walk.submit("main form[action$=\"/assignments\"]");
        walk.check("the article's assignments, one made");
        walk.visit(url, "the dashboard with my work and the desk's load");
        walk.visit(&format!("{url}statistics"), "the statistics");
        walk.sign_out(url);

        walk.sign_in(url, "terminologist");
        walk.visit(&article, "the editor, terminologist (read only)");
        walk.visit(&format!("{url}glossaries"), "the glossaries, terminologist");
        walk.visit(&glossary, "a glossary with its forms");
        walk.visit(&format!("{glossary}/entries/{}", f.entry), "a glossary entry");
        walk.browser.goto(&glossary);
        walk.upload("#import form", &f.tbx);
        walk.check("a glossary import's preview");
        walk.visit(&format!("{url}spelling"), "the desk's words");
        walk.sign_out(url);

        walk.sign_in(url, "admin2");
        walk.visit(&format!("{url}admin/users"), "the users and tokens");
        walk.browser.type_into(&walk.browser.find("tr[data-user=translator] input[name=name]"), "CAT tool");
        walk.submit("tr[data-user=translator] form[action$=\"/tokens\"]");
        walk.check("a new token, shown once");
        walk.browser.execute(
            "document.querySelector('tr[data-user=reviewer] details.confirm').open = true",
            json!([]),
        );
        walk.check("a password reset, asked first");
        walk.visit(&format!("{url}admin/rates"), "the rates");
        walk.submit("main form");
        walk.check("the rates, saved");
        walk.visit(&format!("{url}admin/quality"), "the review scoring");
        walk.visit(&format!("{url}admin/webhooks"), "the webhooks");
        walk.visit(&format!("{url}admin/mt"), "the machine translation engines");
        walk.visit(url, "the dashboard, admin");
        walk.sign_out(url);

        problems.append(&mut walk.problems);
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}
