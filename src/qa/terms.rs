//! Glossary checks: a term in the source whose translation is missing, and forbidden target terms used.

use super::{char_span, Check, Finding, SegmentContext, Severity, Side, Span};
use crate::glossary::model::TermStatus;

/// Endings an English term may take in running text: plural and possessive («rioters», «Kazakhstan's»).
const ENGLISH_ENDINGS: &[&str] = &["", "s", "es", "'s", "\u{2019}s", "s'", "s\u{2019}"];

/// A glossary term found in the source with none of its usable target terms in the translation.
pub struct MissingTerm;

impl Check for MissingTerm {
    fn id(&self) -> &'static str {
        "missing_term"
    }
    fn name(&self) -> &'static str {
        "Glossary term not translated as the glossary says"
    }
    fn check(&self, s: &SegmentContext<'_>) -> Vec<Finding> {
        if s.target.trim().is_empty() {
            return Vec::new();
        }
        let target = fold_case(s.target);
        let mut findings = Vec::new();
        for m in s.matches {
            let Some(concept) = s.concepts.get(m.concept) else { continue };
            let mut usable =
                concept.target_terms.iter().filter(|t| t.status != TermStatus::Forbidden).peekable();
            if usable.peek().is_none() || usable.any(|t| find_term(&target, &fold_case(&t.text)).is_some()) {
                continue;
            }
            let expected = concept.preferred_target().map_or("", |t| t.text.as_str());
            findings.push(Finding::new(
                self,
                Severity::Warning,
                format!(
                    "«{}» is usually translated as “{expected}”, which the translation does not use.",
                    m.surface
                ),
                Some(Span { side: Side::Source, start: m.start, end: m.end }),
            ));
        }
        findings
    }
}

/// A target term the glossary forbids (deprecated or superseded) used in the translation.
pub struct ForbiddenTerm;

impl Check for ForbiddenTerm {
    fn id(&self) -> &'static str {
        "forbidden_term"
    }
    fn name(&self) -> &'static str {
        "Forbidden term used"
    }
    fn check(&self, s: &SegmentContext<'_>) -> Vec<Finding> {
        let target = fold_case(s.target);
        let mut findings = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for m in s.matches {
            let Some(concept) = s.concepts.get(m.concept) else { continue };
            for term in concept.target_terms.iter().filter(|t| t.status == TermStatus::Forbidden) {
                let Some(found) = find_term(&target, &fold_case(&term.text)) else { continue };
                if !seen.insert(found.start) {
                    continue;
                }
                let instead =
                    concept.preferred_target().map_or(String::new(), |t| format!("; use “{}”", t.text));
                findings.push(Finding::new(
                    self,
                    Severity::Error,
                    format!("“{}” is a forbidden term{instead}.", term.text),
                    Some(char_span(&target, Side::Target, found)),
                ));
            }
        }
        findings
    }
}

/// Lower case, one char for one char, so that char offsets into the result are offsets into the original.
fn fold_case(text: &str) -> String {
    text.chars().map(|c| c.to_lowercase().next().unwrap_or(c)).collect()
}

/// Byte range in `haystack` of `term` as whole words, allowing an English plural or possessive ending;
/// both are case-folded with [`fold_case`].
fn find_term(haystack: &str, term: &str) -> Option<std::ops::Range<usize>> {
    if term.is_empty() {
        return None;
    }
    let stem_y = term.strip_suffix('y').map(|stem| format!("{stem}ies"));
    let forms = std::iter::once(term.to_owned()).chain(stem_y);
    for form in forms {
        for (start, _) in haystack.match_indices(form.as_str()) {
            if !boundary_before(haystack, start) {
                continue;
            }
            let after = start + form.len();
            for ending in ENGLISH_ENDINGS {
                if haystack[after..].starts_with(ending) && boundary_after(haystack, after + ending.len()) {
                    return Some(start..after + ending.len());
                }
            }
        }
    }
    None
}

fn boundary_before(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
}

fn boundary_after(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::find_term;

    #[test]
    fn whole_words_with_plural_and_possessive() {
        for (name, text, term, found) in [
            ("plain", "the rioters fled", "rioters", true),
            ("plural added", "two armored personnel carriers", "armored personnel carrier", true),
            ("possessive", "kazakhstan's president", "kazakhstan", true),
            ("curly possessive", "kazakhstan’s president", "kazakhstan", true),
            ("y to ies", "the two countries", "country", true),
            ("inside another word", "the terrorists' terrorism", "terror", false),
            ("prefix of a word", "russians", "russia", false),
            ("empty term", "anything", "", false),
        ] {
            assert_eq!(find_term(text, term).is_some(), found, "{name}");
        }
    }
}
