//! `GET /`: the articles, with progress, filters, and the form for a new one (`POST /articles/new`).

use axum::extract::State;
use axum::response::{Html, Redirect};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use super::{Page, PageError, STATUSES};
use crate::domain::SegmentStatus;
use crate::store::dashboard::{self, ArticleLine, Filter};
use crate::store::{analysis, glossaries};
use crate::tm::analysis::{Rates, Summary, Totals};
use crate::web::article_files::{import_file, NewArticleParams};
use crate::web::articles::{import_article, CreateArticle};
use crate::web::csrf::CsrfMultipart;
use crate::web::extract::{field_bytes, field_text, Query};
use crate::web::glossaries::GlossaryInfo;
use crate::web::{templates, views, ApiError, AppState};

/// The dashboard's filters, as the form sends them.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct DashboardQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    status: String,
}

/// An article's line with its progress bar widths (percent of source words) and the weighted words of its
/// last analysis at the site's rates.
#[derive(Serialize)]
struct Line {
    #[serde(flatten)]
    article: ArticleLine,
    translated: f64,
    reviewed: f64,
    r#final: f64,
    done: f64,
    analysis: Option<Totals>,
    /// When, `YYYY-MM-DD HH:MM` UTC.
    analysed_at: Option<String>,
}

impl Line {
    fn new(article: ArticleLine, rates: &Rates) -> Self {
        let share = |words: i64| {
            if article.words == 0 {
                0.0
            } else {
                (words as f64 * 1000.0 / article.words as f64).round() / 10.0
            }
        };
        let (translated, reviewed, r#final) =
            (share(article.translated_words), share(article.reviewed_words), share(article.final_words));
        let done = share(article.words - article.initial_words);
        let analysis = article.analysis.as_ref().map(|bands| Summary::of(bands, rates).total);
        let analysed_at = article.analysed_at.and_then(|at| at.format(MINUTE).ok());
        Self { article, translated, reviewed, r#final, done, analysis, analysed_at }
    }
}

const MINUTE: &[time::format_description::BorrowedFormatItem<'_>] =
    time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");

/// The article list.
pub async fn get_dashboard(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<DashboardQuery>,
) -> Result<Html<String>, PageError> {
    let nonempty = |s: &str| Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_owned);
    let status = match nonempty(&query.status) {
        Some(s) => Some(s.parse::<SegmentStatus>().map_err(|e| ApiError::Validation(e.to_string()))?),
        None => None,
    };
    let (title, assignee) = (nonempty(&query.q), nonempty(&query.assignee));
    let filter = Filter { title: title.as_deref(), assignee: assignee.as_deref(), status };
    let rates = analysis::rates(&state.pool).await?;
    let articles: Vec<Line> =
        dashboard::articles(&state.pool, filter).await?.into_iter().map(|a| Line::new(a, &rates)).collect();
    let context = context! {
        articles,
        query,
        assignees => dashboard::assignees(&state.pool).await?,
        glossaries => views::all::<_, GlossaryInfo>(glossaries::list(&state.pool).await?),
        statuses => STATUSES,
        can_import => page.user.role.may_translate(),
        machine => !state.machines.engines().is_empty(),
        ..Value::from_serialize(page.chrome("dashboard"))
    };
    Ok(templates::render("dashboard.html", context)?)
}

/// The new-article form: pasted text or an uploaded `.txt`, with the glossaries to match.
pub async fn post_new_article(
    State(state): State<AppState>,
    page: Page,
    CsrfMultipart(mut form): CsrfMultipart,
) -> Result<Redirect, PageError> {
    let mut fields = NewArticleForm::default();
    while let Some(field) = form.next_field().await.map_err(ApiError::from)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "file" => {
                let file_name = field.file_name().map(str::to_owned).filter(|n| !n.is_empty());
                let bytes = field_bytes(field).await?;
                if file_name.is_some() && !bytes.is_empty() {
                    fields.file = Some((file_name, bytes.to_vec()));
                }
            }
            // A checkbox: sent when ticked, absent when not.
            "pretranslate" => fields.pretranslate = true,
            "machine_translate" => fields.machine_translate = true,
            "embargoed" => fields.embargoed = true,
            "glossaries" => {
                let id = field_text(field).await?;
                fields.glossaries.push(
                    id.parse().map_err(|_| ApiError::Validation(format!("{id:?} is not a glossary id")))?,
                );
            }
            _ => {
                let value = field_text(field).await?;
                fields.set(&name, value)?;
            }
        }
    }
    let article = match fields.file {
        // A file in any format the API takes (.txt, .html, .docx, XLIFF).
        Some((name, bytes)) => {
            let given = |value: String| Some(value).filter(|v| !v.trim().is_empty());
            let ids: Vec<String> = fields.glossaries.iter().map(i64::to_string).collect();
            let params = NewArticleParams {
                title: given(fields.title),
                source_lang: given(fields.source_lang),
                target_lang: given(fields.target_lang),
                name: None,
                glossaries: Some(ids.join(",")),
                pretranslate: Some(fields.pretranslate),
                machine_translate: Some(fields.machine_translate),
                embargoed: Some(fields.embargoed),
            };
            import_file(&state, &page.user, &bytes, params, name).await?
        }
        None => {
            let body = CreateArticle {
                title: fields.title,
                source_lang: fields.source_lang,
                target_lang: fields.target_lang,
                text: fields.text,
                glossaries: Some(fields.glossaries),
                pretranslate: Some(fields.pretranslate),
                machine_translate: Some(fields.machine_translate),
                embargoed: Some(fields.embargoed),
            };
            import_article(&state, &page.user, body, None).await?
        }
    };
    Ok(Redirect::to(&format!("/articles/{}", article.id)))
}

#[derive(Default)]
struct NewArticleForm {
    title: String,
    source_lang: String,
    target_lang: String,
    text: String,
    pretranslate: bool,
    machine_translate: bool,
    embargoed: bool,
    file: Option<(Option<String>, Vec<u8>)>,
    glossaries: Vec<i64>,
}

impl NewArticleForm {
    fn set(&mut self, name: &str, value: String) -> Result<(), ApiError> {
        let slot = match name {
            "title" => &mut self.title,
            "source_lang" => &mut self.source_lang,
            "target_lang" => &mut self.target_lang,
            "text" => &mut self.text,
            other => return Err(ApiError::Validation(format!("unknown form field {other:?}"))),
        };
        *slot = value;
        Ok(())
    }
}
