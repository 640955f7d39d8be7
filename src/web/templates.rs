//! The page templates, compiled into the binary so that a release build serves from any directory.
//! Autoescaping is on for every template (they all end in `.html`).

use std::sync::LazyLock;

use axum::response::Html;
use minijinja::{Environment, HtmlEscape, Value};
use serde::Serialize;

use super::ApiError;

/// Every template, by name.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("login.html", include_str!("../../templates/login.html")),
    ("dashboard.html", include_str!("../../templates/dashboard.html")),
    ("editor.html", include_str!("../../templates/editor.html")),
    ("error.html", include_str!("../../templates/error.html")),
    ("import_report.html", include_str!("../../templates/import_report.html")),
    ("qa_report.html", include_str!("../../templates/qa_report.html")),
    ("admin_users.html", include_str!("../../templates/admin_users.html")),
    ("account.html", include_str!("../../templates/account.html")),
    ("glossaries.html", include_str!("../../templates/glossaries.html")),
    ("glossary.html", include_str!("../../templates/glossary.html")),
    ("glossary_import.html", include_str!("../../templates/glossary_import.html")),
    ("entry.html", include_str!("../../templates/entry.html")),
    ("entry_form.html", include_str!("../../templates/entry_form.html")),
    ("analysis.html", include_str!("../../templates/analysis.html")),
    ("rates.html", include_str!("../../templates/rates.html")),
    ("tm.html", include_str!("../../templates/tm.html")),
    ("review_report.html", include_str!("../../templates/review_report.html")),
    ("quality_settings.html", include_str!("../../templates/quality_settings.html")),
    ("spelling_words.html", include_str!("../../templates/spelling_words.html")),
    ("inbox.html", include_str!("../../templates/inbox.html")),
    ("webhooks.html", include_str!("../../templates/webhooks.html")),
    ("machine_translation.html", include_str!("../../templates/machine_translation.html")),
    ("effort.html", include_str!("../../templates/effort.html")),
    ("assignments.html", include_str!("../../templates/assignments.html")),
    ("statistics.html", include_str!("../../templates/statistics.html")),
    ("my_work.html", include_str!("../../templates/my_work.html")),
];

static ENVIRONMENT: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.add_filter("isolate", isolate);
    for (name, source) in TEMPLATES {
        // A template that does not compile is a bug in this build: the test suite renders every page.
        env.add_template(name, source).unwrap_or_else(|e| panic!("template {name}: {e}"));
    }
    env
});

/// `{{ text|isolate }}`: the text escaped, each right-to-left run in its own `<bdi dir="rtl">`, for
/// English messages and notes that quote Arabic (the element around it says `dir="ltr"`, never `auto`).
fn isolate(text: &str) -> Value {
    let html: String = crate::text::bidi::runs(text)
        .into_iter()
        .map(|run| match run.rtl {
            true => format!("<bdi dir=\"rtl\">{}</bdi>", HtmlEscape(run.text)),
            false => HtmlEscape(run.text).to_string(),
        })
        .collect();
    Value::from_safe_string(html)
}

/// Renders `name` with `context`.
pub fn render(name: &str, context: impl Serialize) -> Result<Html<String>, ApiError> {
    let template =
        ENVIRONMENT.get_template(name).map_err(|e| ApiError::Bug(format!("template {name}: {e}")))?;
    template.render(context).map(Html).map_err(|e| ApiError::Bug(format!("rendering {name}: {e:#}")))
}
