//! Typography of the translation: brackets and quotes that open and close, and stray spaces.

use super::{char_span, Check, Finding, SegmentContext, Severity, Side};

/// Pairs that must balance in the translation.
const PAIRS: &[(char, char)] = &[('(', ')'), ('[', ']'), ('{', '}'), ('\u{201C}', '\u{201D}'), ('«', '»')];
/// Quotes that open and close with the same character.
const SYMMETRIC_QUOTES: &[char] = &['"'];

/// A bracket or quote opened and not closed, or closed and never opened.
pub struct Unbalanced;

impl Check for Unbalanced {
    fn id(&self) -> &'static str {
        "unbalanced"
    }
    fn name(&self) -> &'static str {
        "Unbalanced brackets or quotes"
    }
    fn check(&self, s: &SegmentContext<'_>) -> Vec<Finding> {
        let text = s.target;
        let mut open: Vec<(char, usize)> = Vec::new();
        let mut findings = Vec::new();
        let mut report = |c: char, at: usize, what: &str| {
            findings.push(Finding::new(
                self,
                Severity::Warning,
                format!("“{c}” {what}."),
                Some(char_span(text, Side::Target, at..at + c.len_utf8())),
            ));
        };
        for (at, c) in text.char_indices() {
            if let Some(&(opening, _)) = PAIRS.iter().find(|&&(_, close)| close == c) {
                match open.iter().rposition(|&(o, _)| o == opening) {
                    Some(i) => {
                        open.remove(i);
                    }
                    None => report(c, at, "closes nothing"),
                }
            } else if PAIRS.iter().any(|&(o, _)| o == c) {
                open.push((c, at));
            } else if SYMMETRIC_QUOTES.contains(&c) {
                match open.iter().rposition(|&(o, _)| o == c) {
                    Some(i) => {
                        open.remove(i);
                    }
                    None => open.push((c, at)),
                }
            }
        }
        for (c, at) in open {
            report(c, at, "is never closed");
        }
        findings
    }
}

/// Leading or trailing whitespace, or two spaces in a row.
pub struct Spacing;

impl Check for Spacing {
    fn id(&self) -> &'static str {
        "spacing"
    }
    fn name(&self) -> &'static str {
        "Extra spaces"
    }
    fn check(&self, s: &SegmentContext<'_>) -> Vec<Finding> {
        let text = s.target;
        if text.trim().is_empty() {
            return Vec::new();
        }
        let mut findings = Vec::new();
        let mut flag = |range: std::ops::Range<usize>, message: &str| {
            findings.push(Finding::new(
                self,
                Severity::Warning,
                message,
                Some(char_span(text, Side::Target, range)),
            ));
        };
        let leading = text.len() - text.trim_start().len();
        if leading > 0 {
            flag(0..leading, "The translation starts with a space.");
        }
        let trailing = text.trim_end().len();
        if trailing < text.len() {
            flag(trailing..text.len(), "The translation ends with a space.");
        }
        let inner = &text[leading..trailing];
        let mut search = 0;
        while let Some(found) = inner[search..].find("  ") {
            let start = search + found;
            let end = start + inner[start..].len() - inner[start..].trim_start_matches(' ').len();
            flag(leading + start..leading + end, "Two or more spaces in a row.");
            search = end;
        }
        findings
    }
}
