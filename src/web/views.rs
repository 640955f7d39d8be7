//! The API's JSON for what several handler modules answer with: a segment, its revisions and its findings,
//! and the schemas of the words (roles, statuses, bands...) they carry. Declared here, not on the store's
//! rows nor in the pure modules, so that a column rename or an internal type cannot change the public
//! contract; each view is built from its row by one `From`.

use std::borrow::Cow;

use serde::Serialize;
use time::OffsetDateTime;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

use crate::diff::{self, Op};
use crate::domain::{RevisionOrigin, Role, SegmentStatus, Task};
use crate::qa::mqm::{Category, ErrorSeverity};
use crate::qa::{self, Severity, Side};
use crate::store::{findings, segments};
use crate::tm::analysis::Band;

/// The schema of a word enum: a string, one of the words serde writes for `ALL` its values. The enums
/// stay in their own modules (parsed once, stored as text); only what the API document says of them is
/// declared here.
macro_rules! word_schemas {
    ($($ty:ident: $description:literal),+ $(,)?) => {$(
        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                let words = $ty::ALL.iter().map(|word| serde_json::to_value(word).expect("a word serialises"));
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(words))
                    .description(Some($description))
                    .into()
            }
        }
        impl ToSchema for $ty {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($ty))
            }
        }
    )+};
}

word_schemas!(
    Role: "What a user is in the newsroom.",
    SegmentStatus: "A segment's state, in life-cycle order (the derived `Ord` follows it).",
    RevisionOrigin: "What made a revision.",
    Severity: "How bad a finding is (the derived `Ord` puts errors last).",
    Side: "Which text a span points into.",
    Op: "What happened to a chunk of text.",
    Band: "A match band.",
    Category: "An MQM error type (its dimension: accuracy, fluency, terminology, style, locale conventions).",
    ErrorSeverity: "An MQM error's severity (weights 1, 5, 25 unless the admin changed them).",
    Task: "What an assignment asks: translate (done when translated or beyond) or review (when reviewed or final).",
);

/// A segment's revision as clients see it; revision 0 is "nothing written yet".
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RevisionInfo {
    /// The per-segment revision number, 0 before the first save.
    pub revision: i32,
    /// The translation.
    pub target: String,
    /// The life-cycle state.
    pub status: SegmentStatus,
    /// Who saved it (user name); null for revision 0.
    pub author: Option<String>,
    /// When; null for revision 0.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub at: Option<OffsetDateTime>,
}

impl From<crate::store::RevisionInfo> for RevisionInfo {
    fn from(row: crate::store::RevisionInfo) -> Self {
        let crate::store::RevisionInfo { revision, target, status, author, at } = row;
        Self { revision, target, status, author, at }
    }
}

/// A live segment as an article shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SegmentView {
    /// Database id.
    pub id: i64,
    /// Position among the article's live segments, from 0.
    pub index: i64,
    /// Paragraph number, from 0.
    pub paragraph: i32,
    /// Source sentence; each inline code is one character of U+F0001–U+FBFFF standing where the code
    /// stands (`docs/API.md`, «Inline codes»).
    pub source: String,
    /// What the source's codes stand for; a target may use only these.
    #[schema(value_type = Vec<Object>)]
    pub codes: Vec<crate::inline::Code>,
    /// The file it came from marks it as not to be translated (XLIFF `translate="no"`): it is kept as the
    /// file has it, every change to it is refused (409), and it counts in no word count or progress.
    pub locked: bool,
    /// The current revision.
    #[serde(flatten)]
    pub current: RevisionInfo,
}

impl From<segments::SegmentView> for SegmentView {
    fn from(row: segments::SegmentView) -> Self {
        let segments::SegmentView { id, index, paragraph, source, codes, locked, current } = row;
        Self { id, index, paragraph, source, codes: codes.0, locked, current: current.into() }
    }
}

/// One revision in a segment's history, with what it changed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HistoryEntry {
    /// Number, text, status, author, time.
    #[serde(flatten)]
    pub revision: RevisionInfo,
    /// What made it.
    pub origin: RevisionOrigin,
    /// Why, when the author said.
    pub comment: Option<String>,
    /// The engine of a machine draft (origin `mt`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// Its model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Word diff from the revision it replaced (or from nothing).
    pub diff: Vec<Chunk>,
}

impl From<segments::HistoryEntry> for HistoryEntry {
    fn from(row: segments::HistoryEntry) -> Self {
        let segments::HistoryEntry { revision, origin, comment, machine, diff } = row;
        let (engine, model) = machine.unzip();
        Self { revision: revision.into(), origin, comment, engine, model, diff: all(diff) }
    }
}

/// A run of tokens with the same fate.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Chunk {
    /// Equal, deleted or inserted.
    pub op: Op,
    /// The text, whitespace included.
    pub text: String,
}

impl From<diff::Chunk> for Chunk {
    fn from(chunk: diff::Chunk) -> Self {
        Self { op: chunk.op, text: chunk.text }
    }
}

/// A stored finding, and the reviewer's ignore when the same problem was ignored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StoredFinding {
    /// Database id (what `POST /findings/{id}/ignore` takes), kept while re-checks find it again.
    pub id: i64,
    /// The segment it was found in.
    pub segment_id: i64,
    /// The check's id: `empty`, `missing_term`, `forbidden_term`, `numbers`, `same_as_source`,
    /// `arabic_in_target`, `unbalanced`, `spacing`, `spelling`, `inconsistent` (within the article),
    /// `inconsistent_tm`.
    pub kind: String,
    /// `error` or `warning`.
    pub severity: Severity,
    /// What is wrong, for the translator.
    pub message: String,
    /// Where, when the problem has a place.
    pub span: Option<Span>,
    /// Up to five corrections, best first (`spelling` findings; empty for the others).
    pub suggestions: Vec<String>,
    /// Who ignored this problem, why and when; null while it stands.
    pub ignored: Option<Ignored>,
}

impl From<findings::StoredFinding> for StoredFinding {
    fn from(row: findings::StoredFinding) -> Self {
        let findings::StoredFinding { id, segment_id, kind, severity, message, span, suggestions, ignored } =
            row;
        Self {
            id,
            segment_id,
            kind,
            severity,
            message,
            span: span.map(Span::from),
            suggestions,
            ignored: ignored.map(Ignored::from),
        }
    }
}

/// A stretch of the source or the target, in Unicode scalar values.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Span {
    /// The text it points into.
    pub side: Side,
    /// Start offset.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
}

impl From<qa::Span> for Span {
    fn from(span: qa::Span) -> Self {
        let qa::Span { side, start, end } = span;
        Self { side, start, end }
    }
}

/// A reviewer's decision that a finding is not a problem.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Ignored {
    /// User name.
    pub by: String,
    /// Why.
    pub reason: String,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
}

impl From<findings::Ignored> for Ignored {
    fn from(row: findings::Ignored) -> Self {
        let findings::Ignored { by, reason, at } = row;
        Self { by, reason, at }
    }
}

/// Converts every row of a list to its view.
pub fn all<R, V: From<R>>(rows: Vec<R>) -> Vec<V> {
    rows.into_iter().map(V::from).collect()
}
