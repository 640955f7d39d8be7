//! A match told the way a translator and the JSON API see it: the glossary's term, its target, and where
//! it stands in the segment.

use serde::Serialize;

use super::matcher::{Match, MatchKind};
use super::model::Concept;

/// One glossary term found in a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermHit {
    /// The source term as the glossary writes it.
    pub source: String,
    /// The target term to use (the entry's preferred one; empty when it has none usable).
    pub target: String,
    /// The text as written in the segment.
    pub surface: String,
    /// Start, in Unicode scalar values of the segment text.
    pub start: usize,
    /// End (exclusive), in Unicode scalar values.
    pub end: usize,
    /// How the text differs from the term.
    pub kind: MatchKind,
    /// The source term's status: a `forbidden` term is flagged to the translator.
    pub status: &'static str,
    /// The entry's note, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Turns the matcher's positions into hits, looking the terms up in the concepts the index was built from.
pub fn resolve(matches: &[Match], concepts: &[Concept]) -> Vec<TermHit> {
    matches
        .iter()
        .filter_map(|m| {
            let concept = concepts.get(m.concept)?;
            let term = concept.source_terms.get(m.term)?;
            Some(TermHit {
                source: term.text.clone(),
                target: concept.preferred_target().map(|t| t.text.clone()).unwrap_or_default(),
                surface: m.surface.clone(),
                start: m.start,
                end: m.end,
                kind: m.kind,
                status: term.status.as_str(),
                note: concept.note.clone(),
            })
        })
        .collect()
}
