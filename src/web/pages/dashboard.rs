//! `GET /`: the articles, with progress, filters, and the form for a new one (`POST /articles/new`).

use axum::extract::State;
use axum::response::{Html, Redirect};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use super::{Page, PageError, MINUTE, STATUSES};
use crate::domain::SegmentStatus;
use crate::store::dashboard::{self, ArticleLine, Filter};
use std::collections::HashMap;
use time::OffsetDateTime;

use crate::app::mt::runs;
use crate::qa::mqm::{self, ErrorSeverity};
use crate::store::{analysis, annotations, assignments, glossaries};
use crate::tm::analysis::{Rates, Summary, Totals};
use crate::web::article_files::{import_file, NewArticleParams};
use crate::web::articles::{import_article, CreateArticle};
use crate::web::assignments::{AssignmentView, LoadView};
use crate::web::csrf::CsrfMultipart;
use crate::web::extract::{chosen_file, field_text, Query};
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
    /// Any value lists the archived articles.
    #[serde(default)]
    archived: String,
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
    /// The first review round's score, once a reviewer has marked an error.
    review: Option<ReviewLine>,
}

/// An article's review score on the dashboard.
#[derive(Serialize)]
struct ReviewLine {
    score: String,
    points_per_thousand: String,
    pass: bool,
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
        Self { article, translated, reviewed, r#final, done, analysis, analysed_at, review: None }
    }
}

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
    let archived = !query.archived.is_empty();
    let filter = Filter { title: title.as_deref(), assignee: assignee.as_deref(), status, archived };
    let rates = analysis::rates(&state.pool).await?;
    let mut articles: Vec<Line> =
        dashboard::articles(&state.pool, filter).await?.into_iter().map(|a| Line::new(a, &rates)).collect();
    review_scores(&state, &mut articles).await?;
    let my_work: Vec<AssignmentView> = views::all(assignments::open_for(&state.pool, page.user.id).await?);
    let load: Option<Vec<LoadView>> = match page.user.role.may_assign() {
        true => Some(views::all(assignments::load(&state.pool, OffsetDateTime::now_utc()).await?)),
        false => None,
    };
    let context = context! {
        articles,
        my_work,
        load,
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

/// Adds the first review round's score to the lines of articles with annotations.
async fn review_scores(state: &AppState, lines: &mut [Line]) -> Result<(), PageError> {
    let ids: Vec<i64> = lines.iter().map(|l| l.article.id).collect();
    let found = annotations::severities_of_articles(&state.pool, &ids, 1).await?;
    if found.is_empty() {
        return Ok(());
    }
    let scoring = annotations::scoring(&state.pool).await?;
    let threshold = scoring.threshold(1).unwrap_or(f64::INFINITY);
    let mut by_article: HashMap<i64, Vec<ErrorSeverity>> = HashMap::new();
    for (article, severity) in found {
        by_article.entry(article).or_default().push(severity);
    }
    for line in lines {
        if let Some(severities) = by_article.remove(&line.article.id) {
            let words = u64::try_from(line.article.words).unwrap_or_default();
            let score = mqm::score(severities, words, &scoring.weights, threshold);
            line.review = Some(ReviewLine {
                score: format!("{:.1}", score.score),
                points_per_thousand: format!("{:.1}", score.points_per_thousand),
                pass: score.pass,
            });
        }
    }
    Ok(())
}

/// The new-article form: pasted text or an uploaded file (not both), with the glossaries to match.
pub async fn post_new_article(
    State(state): State<AppState>,
    page: Page,
    CsrfMultipart(mut form): CsrfMultipart,
) -> Result<Redirect, PageError> {
    let mut fields = NewArticleForm::default();
    while let Some(field) = form.next_field().await.map_err(ApiError::from)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "file" => fields.file = chosen_file(field).await?,
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
    // Which of the two the translator meant is not for the server to guess, and dropping either loses work.
    if fields.file.is_some() && !fields.text.trim().is_empty() {
        return Err(ApiError::Validation(
            "a pasted text and a file were both given: import one at a time (go back: the text is still in the form)"
                .into(),
        )
        .into());
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
                machine_translate: Some(false),
                embargoed: Some(fields.embargoed),
            };
            import_file(&state, &page.user, &bytes, params, Some(name)).await?
        }
        None => {
            let body = CreateArticle {
                title: fields.title,
                source_lang: fields.source_lang,
                target_lang: fields.target_lang,
                text: fields.text,
                glossaries: Some(fields.glossaries),
                pretranslate: Some(fields.pretranslate),
                machine_translate: Some(false),
                embargoed: Some(fields.embargoed),
            };
            import_article(&state, &page.user, body, None).await?
        }
    };
    if fields.machine_translate {
        // The run goes on while the editor opens, which shows its progress and the drafts as they come.
        runs::start(&state.pool, &state.terms, &state.machines, article.id, page.user.id).await?;
    }
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
    file: Option<(String, Vec<u8>)>,
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
