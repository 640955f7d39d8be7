//! Quality checks a reviewer would otherwise do by eye, run on every save and per article.
//!
//! Each check is a small unit with an id, a name and one method over a [`SegmentContext`] (the Weblate
//! shape), so adding one is adding one file and one line in [`CHECKS`]. Checks are pure: the caller brings
//! the glossary matches and decides what to store.
#![deny(missing_docs)]

mod codes;
mod consistency;
pub mod mqm;
mod numbers;
mod script;
pub mod spelling;
mod terms;
mod typography;

use serde::Serialize;

use crate::domain::words;
use crate::glossary::model::Concept;
use crate::glossary::Match;
use crate::inline::Code;
use crate::lang::LanguageTag;

pub use consistency::{against_memory, inconsistencies};
pub use numbers::numbers_in;

words! {
    /// How bad a finding is (the derived `Ord` puts errors last).
    pub enum Severity ("severity") {
        /// Worth a look.
        Warning => "warning",
        /// Almost certainly wrong.
        Error => "error",
    }
}

words! {
    /// Which text a span points into.
    pub enum Side ("side") {
        /// The source segment.
        Source => "source",
        /// The translation.
        Target => "target",
    }
}

/// A stretch of the source or the target, in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    /// The text it points into.
    pub side: Side,
    /// Start offset.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
}

impl Span {
    /// The text the span points at, in `source` or `target` by its side.
    pub fn excerpt(&self, source: &str, target: &str) -> String {
        let text = match self.side {
            Side::Source => source,
            Side::Target => target,
        };
        text.chars().skip(self.start).take(self.end.saturating_sub(self.start)).collect()
    }
}

/// One problem found in a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The id of the check that found it, e.g. `numbers`.
    pub kind: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong, for the translator.
    pub message: String,
    /// Where, when the problem has a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// Corrections to offer, best first (spelling).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
}

/// What a check looks at.
#[derive(Debug, Clone, Copy)]
pub struct SegmentContext<'a> {
    /// The source text.
    pub source: &'a str,
    /// The translation.
    pub target: &'a str,
    /// The target language (a right-to-left target may contain Arabic letters).
    pub target_lang: &'a LanguageTag,
    /// Whether the segment is marked translated, reviewed or final (an empty draft is no error).
    pub confirmed: bool,
    /// Glossary matches in the source.
    pub matches: &'a [Match],
    /// The concepts those matches index.
    pub concepts: &'a [Concept],
    /// The target language's dictionary and word lists; `None` when there is no dictionary for it.
    pub spelling: Option<spelling::Speller<'a>>,
    /// What the source's inline codes stand for (the markers in source and target name them).
    pub codes: &'a [Code],
}

/// A quality check.
pub trait Check: Sync {
    /// Stable id, used in reports and to ignore findings.
    fn id(&self) -> &'static str;
    /// A name for people.
    fn name(&self) -> &'static str;
    /// The findings in one segment.
    fn check(&self, segment: &SegmentContext<'_>) -> Vec<Finding>;
}

/// Every per-segment check, in report order.
pub const CHECKS: &[&dyn Check] = &[
    &script::EmptyTranslation,
    &terms::MissingTerm,
    &terms::ForbiddenTerm,
    &numbers::Numbers,
    &script::SameAsSource,
    &script::SourceScriptLeft,
    &typography::Unbalanced,
    &typography::Spacing,
    &codes::Codes,
    &codes::CodeOrder,
    &codes::EmptyLink,
    &codes::CodeSpacing,
    &spelling::Spelling,
];

/// All findings of all checks for one segment.
pub fn check_segment(segment: &SegmentContext<'_>) -> Vec<Finding> {
    CHECKS.iter().flat_map(|check| check.check(segment)).collect()
}

impl Finding {
    fn new(check: &dyn Check, severity: Severity, message: impl Into<String>, span: Option<Span>) -> Self {
        Self { kind: check.id(), severity, message: message.into(), span, suggestions: Vec::new() }
    }
}

/// Char offsets of a byte range of `text`.
fn char_span(text: &str, side: Side, bytes: std::ops::Range<usize>) -> Span {
    let start = text[..bytes.start].chars().count();
    Span { side, start, end: start + text[bytes].chars().count() }
}

#[cfg(test)]
mod tests;
