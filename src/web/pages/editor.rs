//! `GET /articles/{id}`: the editor. The source of each segment is cut into plain text and glossary hits
//! here, so the template only escapes and wraps; the script does the rest against the JSON API.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;

use axum::extract::State;
use axum::response::{Html, Redirect};
use minijinja::{context, Value};
use serde::Serialize;

use super::{Chrome, Page, PageError, MINUTE, STATUSES};
use crate::app::interchange::ExportFormat;
use crate::app::review;
use crate::domain::{Role, SegmentStatus};
use crate::glossary::hit::TermHit;
use crate::lang::LanguageTag;
use crate::qa::mqm::{Category, ErrorSeverity};
use crate::qa::Side;
use crate::store::annotations::{self, Annotation};
use crate::store::articles::{self, ArticleChanges, ArticleInfo, RevisionMark};
use crate::store::findings::{self, StoredFinding};
use crate::store::segments::SegmentView;
use crate::store::{comments, events, updates};
use crate::store::{glossaries, spelling, users};
use crate::web::auth::require;
use crate::web::csrf::CsrfForm;
use crate::web::extract::Path;
use crate::web::read_cache::Answer;
use crate::web::{templates, ApiError, AppState};

/// A stretch of a segment's source: plain text, or a glossary hit.
#[derive(Debug, PartialEq, Serialize)]
pub struct Piece {
    text: String,
    hit: Option<TermHit>,
}

/// A segment as the editor shows it.
#[derive(Serialize)]
struct EditorSegment {
    #[serde(flatten)]
    segment: SegmentView,
    pieces: Vec<Piece>,
    /// What its inline codes stand for, as JSON for the script that draws them as chips; `None` without codes.
    codes_json: Option<String>,
    findings: Vec<ShownFinding>,
    /// Whether the viewer may change it as it is now (`Role::may_write`); read-only otherwise, so that
    /// nobody types what the server will refuse.
    writable: bool,
    /// Its current revision's origin and send-back comment.
    mark: Option<RevisionMark>,
    /// The reviewers' error annotations, of every revision.
    annotations: Vec<ShownAnnotation>,
    /// How many comments of its thread are open.
    comments: i64,
    /// When an update reworded its source and nobody has translated it since: what it was.
    source_change: Option<SourceChangeShown>,
}

/// Everything the editor page shows that is not the same for every article: what the page is made from,
/// and so what tells whether a kept rendering of it is still right.
#[derive(Serialize)]
struct EditorPage<'a> {
    article: ArticleHead,
    paragraphs: Vec<Vec<EditorSegment>>,
    segment_count: usize,
    spelling: Option<String>,
    quality: QualityShown,
    events_after: i64,
    can_review: bool,
    can_translate: bool,
    settings: Option<Value>,
    /// Whether a machine engine may see its text.
    machine: bool,
    /// The newer versions brought in, newest first.
    updates: Vec<UpdateShown>,
    #[serde(flatten)]
    chrome: Chrome<'a>,
}

#[derive(Serialize)]
struct ArticleHead {
    id: i64,
    title: String,
    source_lang: LanguageTag,
    target_lang: LanguageTag,
    source_dir: &'static str,
    target_dir: &'static str,
}

/// The review score as the header shows it.
#[derive(Serialize)]
struct QualityShown {
    score: String,
    points_per_thousand: String,
    penalty_points: u64,
    words: u64,
    pass: bool,
    threshold: f64,
}

/// An annotation on its row.
#[derive(Serialize)]
struct ShownAnnotation {
    category: Category,
    severity: ErrorSeverity,
    side: Side,
    excerpt: String,
    note: Option<String>,
    author: String,
    revision: i32,
}

impl From<Annotation> for ShownAnnotation {
    fn from(a: Annotation) -> Self {
        let side = a.span_side;
        Self {
            category: a.category,
            severity: a.severity,
            side,
            excerpt: a.excerpt,
            note: a.note,
            author: a.author,
            revision: a.revision,
        }
    }
}

/// A «source changed» mark: the word diff from the old source, and the old translation to offer.
#[derive(Serialize)]
struct SourceChangeShown {
    diff: Vec<crate::web::views::Chunk>,
    old_target: String,
}

/// An update of the story: who brought it in, when (`YYYY-MM-DD HH:MM` UTC), and what it did.
#[derive(Serialize)]
struct UpdateShown {
    by: String,
    at: String,
    #[serde(flatten)]
    counts: updates::UpdateCounts,
}

impl From<updates::UpdateEntry> for UpdateShown {
    fn from(entry: updates::UpdateEntry) -> Self {
        let at = entry.at.format(MINUTE).unwrap_or_default();
        Self { by: entry.by, at, counts: entry.counts }
    }
}

/// A stored finding and the text its span points at.
#[derive(Serialize)]
struct ShownFinding {
    #[serde(flatten)]
    finding: StoredFinding,
    span_text: Option<String>,
}

/// The editor for one article.
pub async fn get_editor(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Html<Bytes>, PageError> {
    let view = editor_page(&state, &page, id).await?;
    Ok(Html(rendered(&state, Answer::Editor { article: id, user: page.user.id }, &view)?))
}

/// What the editor page of article `id` shows `page`'s viewer.
async fn editor_page<'a>(state: &AppState, page: &'a Page, id: i64) -> Result<EditorPage<'a>, PageError> {
    let pool = &state.pool;
    // The live stream starts no later than what the page shows: its position is read before the segments.
    let (info, events_after) = tokio::try_join!(articles::get(pool, id), events::latest(pool))?;
    // Independent reads, each on a connection of its own, at once.
    let (segments, terms, marks, annotations, scoring, spelling, comment_counts, source_changes, history) = tokio::try_join!(
        articles::segments(pool, id),
        state.terms.for_glossaries(pool, &info.glossaries),
        articles::revision_marks(pool, id),
        annotations::of_article(pool, id),
        annotations::scoring(pool),
        spelling::own_choice(pool, id),
        comments::open_counts(pool, id),
        updates::source_changes(pool, id),
        updates::history(pool, id),
    )?;
    let ids: Vec<i64> = segments.iter().map(|s| s.id).collect();
    let (stored_findings, settings) =
        tokio::try_join!(async { Ok::<_, ApiError>(findings::of_segments(pool, &ids).await?) }, async {
            match page.user.role.may_translate() {
                true => settings(state, &info).await.map(Some),
                false => Ok(None),
            }
        })?;
    let quality = review::quality_of(&scoring, &segments, &annotations, 1)?;
    let by_id: HashMap<i64, &SegmentView> = segments.iter().map(|s| (s.id, s)).collect();
    let mut by_segment: HashMap<i64, Vec<ShownFinding>> = HashMap::new();
    for finding in stored_findings {
        let Some(segment) = by_id.get(&finding.segment_id) else { continue };
        let span_text = finding.span.map(|span| span.excerpt(&segment.source, &segment.current.target));
        by_segment.entry(finding.segment_id).or_default().push(ShownFinding { finding, span_text });
    }
    let mut marks: HashMap<i64, RevisionMark> = marks.into_iter().map(|m| (m.segment_id, m)).collect();
    let mut annotated: HashMap<i64, Vec<ShownAnnotation>> = HashMap::new();
    for annotation in annotations {
        annotated.entry(annotation.segment_id).or_default().push(annotation.into());
    }
    let spelling = spelling.map(|tag| tag.to_string());
    let mut comment_counts: HashMap<i64, i64> = comment_counts.into_iter().collect();
    let mut source_changes: HashMap<i64, SourceChangeShown> = source_changes
        .into_iter()
        .map(|c| {
            let diff = crate::web::views::all(crate::diff::words(&c.old_source, &c.source));
            (c.segment_id, SourceChangeShown { diff, old_target: c.old_target })
        })
        .collect();
    let segment_count = segments.len();
    let mut paragraphs: Vec<Vec<EditorSegment>> = Vec::new();
    let mut last_paragraph = None;
    for segment in segments {
        let findings = by_segment.remove(&segment.id).unwrap_or_default();
        let pieces = pieces(&segment.source, terms.find(&segment.source));
        let codes_json = (!segment.codes.is_empty())
            .then(|| serde_json::to_string(&segment.codes.0))
            .transpose()
            .map_err(|e| ApiError::Bug(format!("inline codes as JSON: {e}")))?;
        if last_paragraph != Some(segment.paragraph) {
            paragraphs.push(Vec::new());
            last_paragraph = Some(segment.paragraph);
        }
        let status = segment.current.status;
        // A segment the file marks as not to be translated is nobody's to change.
        let writable = !segment.locked && page.user.role.may_write(status, status).is_ok();
        let mark = marks.remove(&segment.id);
        let annotations = annotated.remove(&segment.id).unwrap_or_default();
        if let Some(paragraph) = paragraphs.last_mut() {
            let comments = comment_counts.remove(&segment.id).unwrap_or_default();
            let source_change = source_changes.remove(&segment.id);
            paragraph.push(EditorSegment {
                segment,
                pieces,
                codes_json,
                findings,
                writable,
                mark,
                annotations,
                comments,
                source_change,
            });
        }
    }
    let direction = |tag: &LanguageTag| if tag.is_rtl() { "rtl" } else { "ltr" };
    let machine = !state.machines.usable(&info).is_empty();
    Ok(EditorPage {
        article: ArticleHead {
            id,
            source_dir: direction(&info.source_lang),
            target_dir: direction(&info.target_lang),
            title: info.title,
            source_lang: info.source_lang,
            target_lang: info.target_lang,
        },
        paragraphs,
        segment_count,
        spelling,
        quality: QualityShown {
            score: format!("{:.2}", quality.score.score),
            points_per_thousand: format!("{:.2}", quality.score.points_per_thousand),
            penalty_points: quality.score.penalty_points,
            words: quality.score.words,
            pass: quality.score.pass,
            threshold: quality.threshold,
        },
        events_after,
        can_review: page.user.role.may_set(SegmentStatus::Reviewed),
        can_translate: page.user.role.may_translate(),
        settings,
        machine,
        updates: crate::web::views::all(history),
        chrome: page.chrome("dashboard"),
    })
}

/// The page of `view`, rendered again only when something it shows differs from the page kept for it.
fn rendered(state: &AppState, answer: Answer, view: &EditorPage) -> Result<Bytes, ApiError> {
    let fingerprint =
        serde_json::to_vec(view).map_err(|e| ApiError::Bug(format!("the editor as JSON: {e}")))?;
    if let Some(page) = state.reads.get(answer, &fingerprint) {
        return Ok(Bytes::from_owner(page));
    }
    let context = context! {
        exports => ExportFormat::ALL
            .into_iter()
            .map(|f| context! { href => format!("/api/v1/articles/{}/export?format={}", view.article.id, f.name()), label => f.label() })
            .collect::<Vec<_>>(),
        categories => Category::ALL.iter().map(|c| context! { name => c.as_str(), dimension => c.dimension() }).collect::<Vec<_>>(),
        severities => ErrorSeverity::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        statuses => STATUSES,
        ..Value::from_serialize(view)
    };
    let page: Arc<[u8]> = templates::render("editor.html", context)?.0.into_bytes().into();
    state.reads.put(answer, fingerprint, page.clone());
    Ok(Bytes::from_owner(page))
}

/// The article's settings form: who it is assigned to (anyone who translates), the glossaries of its
/// language pair and which of them it uses, whether it is archived.
async fn settings(state: &AppState, info: &ArticleInfo) -> Result<Value, ApiError> {
    let people: Vec<String> = users::list(&state.pool)
        .await?
        .into_iter()
        .filter(|a| !a.disabled && a.user.role.may_translate())
        .map(|a| a.user.username.to_string())
        .collect();
    let same_pair = |g: &glossaries::GlossaryInfo| {
        g.source_lang.primary() == info.source_lang.primary()
            && g.target_lang.primary() == info.target_lang.primary()
    };
    let glossaries: Vec<Value> = glossaries::list(&state.pool)
        .await?
        .into_iter()
        .filter(same_pair)
        .map(|g| context! { id => g.id, name => g.name, attached => info.glossaries.contains(&g.id) })
        .collect();
    Ok(context! { people, glossaries, assignee => info.assignee, archived => info.archived })
}

/// Saves the settings form (`assignee`, `glossaries`, `archived`), all or nothing.
pub async fn post_settings(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<Redirect, PageError> {
    require(page.user.role, Role::may_translate, "assign or archive articles")?;
    let values = |name: &'static str| fields.iter().filter(move |(k, _)| k == name).map(|(_, v)| v.trim());
    let assignee = values("assignee").next().filter(|v| !v.is_empty());
    let glossaries = values("glossaries")
        .map(|v| v.parse().map_err(|_| ApiError::Validation(format!("{v:?} is not a glossary id"))))
        .collect::<Result<Vec<i64>, _>>()?;
    let archived = values("archived").next().is_some();
    let changes = ArticleChanges {
        assignee: Some(assignee),
        archived: Some(archived),
        glossaries: Some(&glossaries),
        embargoed: None,
    };
    articles::update(&state.pool, id, page.user.id, changes).await?;
    page.confirm(match archived {
        true => "Saved. The article is archived: the article list no longer shows it.",
        false => "Saved the article's assignee and glossaries.",
    })
    .await?;
    Ok(Redirect::to(&format!("/articles/{id}")))
}

/// Cuts `source` at the hits' char offsets (the matcher reports them sorted and never overlapping).
pub fn pieces(source: &str, hits: Vec<TermHit>) -> Vec<Piece> {
    let chars: Vec<char> = source.chars().collect();
    let text = |range: std::ops::Range<usize>| chars[range].iter().collect::<String>();
    let mut pieces = Vec::new();
    let mut at = 0;
    for hit in hits {
        if hit.start < at || hit.end > chars.len() || hit.start >= hit.end {
            continue;
        }
        if hit.start > at {
            pieces.push(Piece { text: text(at..hit.start), hit: None });
        }
        at = hit.end;
        pieces.push(Piece { text: text(hit.start..hit.end), hit: Some(hit) });
    }
    if at < chars.len() {
        pieces.push(Piece { text: text(at..chars.len()), hit: None });
    }
    pieces
}
