//! `GET /articles/{id}`: the editor. The source of each segment is cut into plain text and glossary hits
//! here, so the template only escapes and wraps; the script does the rest against the JSON API.

use std::collections::HashMap;

use axum::extract::State;
use axum::response::Html;
use minijinja::{context, Value};
use serde::Serialize;

use super::{Page, PageError, STATUSES};
use crate::app::interchange::ExportFormat;
use crate::domain::SegmentStatus;
use crate::glossary::hit::TermHit;
use crate::lang::LanguageTag;
use crate::store::articles::{self, RevisionMark};
use crate::store::findings::{self, StoredFinding};
use crate::store::segments::SegmentView;
use crate::web::extract::Path;
use crate::web::{templates, AppState};

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
    findings: Vec<ShownFinding>,
    /// Whether the viewer may change it as it is now (`Role::may_write`); read-only otherwise, so that
    /// nobody types what the server will refuse.
    writable: bool,
    /// Its current revision's origin and send-back comment.
    mark: Option<RevisionMark>,
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
) -> Result<Html<String>, PageError> {
    let info = articles::get(&state.pool, id).await?;
    let segments = articles::segments(&state.pool, id).await?;
    let terms = state.terms.for_glossaries(&state.pool, &info.glossaries).await?;
    let ids: Vec<i64> = segments.iter().map(|s| s.id).collect();
    let by_id: HashMap<i64, &SegmentView> = segments.iter().map(|s| (s.id, s)).collect();
    let mut by_segment: HashMap<i64, Vec<ShownFinding>> = HashMap::new();
    for finding in findings::of_segments(&state.pool, &ids).await? {
        let Some(segment) = by_id.get(&finding.segment_id) else { continue };
        let span_text = finding.span.map(|span| span.excerpt(&segment.source, &segment.current.target));
        by_segment.entry(finding.segment_id).or_default().push(ShownFinding { finding, span_text });
    }
    let mut marks: HashMap<i64, RevisionMark> =
        articles::revision_marks(&state.pool, id).await?.into_iter().map(|m| (m.segment_id, m)).collect();
    let segment_count = segments.len();
    let mut paragraphs: Vec<Vec<EditorSegment>> = Vec::new();
    let mut last_paragraph = None;
    for segment in segments {
        let findings = by_segment.remove(&segment.id).unwrap_or_default();
        let pieces = pieces(&segment.source, terms.find(&segment.source));
        if last_paragraph != Some(segment.paragraph) {
            paragraphs.push(Vec::new());
            last_paragraph = Some(segment.paragraph);
        }
        let status = segment.current.status;
        let writable = page.user.role.may_write(status, status).is_ok();
        let mark = marks.remove(&segment.id);
        if let Some(paragraph) = paragraphs.last_mut() {
            paragraph.push(EditorSegment { segment, pieces, findings, writable, mark });
        }
    }
    let direction = |tag: &LanguageTag| if tag.is_rtl() { "rtl" } else { "ltr" };
    let machine = !state.machines.usable(&info).is_empty();
    let article = context! {
        id => info.id,
        title => info.title,
        source_dir => direction(&info.source_lang),
        target_dir => direction(&info.target_lang),
        source_lang => info.source_lang,
        target_lang => info.target_lang,
    };
    let exports: Vec<Value> = ExportFormat::ALL
        .into_iter()
        .map(|f| context! { href => format!("/api/v1/articles/{id}/export?format={}", f.name()), label => f.label() })
        .collect();
    let context = context! {
        article,
        exports,
        paragraphs,
        segment_count,
        statuses => STATUSES,
        can_review => page.user.role.may_set(SegmentStatus::Reviewed),
        can_translate => page.user.role.may_translate(),
        machine,
        ..Value::from_serialize(page.chrome("dashboard"))
    };
    Ok(templates::render("editor.html", context)?)
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
