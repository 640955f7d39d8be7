//! The same sentence translated two ways within an article, or otherwise than the translation memory has it.

use std::collections::HashMap;

use super::{Finding, Severity};
use crate::text::normalize;

/// A segment to compare: its position, source and translation.
pub type Translated<'a> = (usize, &'a str, &'a str);

/// For each segment whose normalised source appears elsewhere with a different (non-empty) translation, a
/// warning naming the other segments. Whitespace differences do not count as different translations.
pub fn inconsistencies(segments: &[Translated<'_>]) -> Vec<(usize, Finding)> {
    let mut by_source: HashMap<String, Vec<(usize, String)>> = HashMap::new();
    for &(position, source, target) in segments {
        let target = squeeze(target);
        if !target.is_empty() {
            by_source.entry(normalize(source).trim().to_owned()).or_default().push((position, target));
        }
    }
    let mut findings = Vec::new();
    for group in by_source.values() {
        for (position, target) in group {
            let others: Vec<String> =
                group.iter().filter(|(_, t)| t != target).map(|(p, _)| (p + 1).to_string()).collect();
            if !others.is_empty() {
                findings.push((
                    *position,
                    Finding {
                        kind: "inconsistent",
                        severity: Severity::Warning,
                        message: format!(
                            "The same source is translated differently in segment {}.",
                            others.join(", ")
                        ),
                        span: None,
                        suggestions: Vec::new(),
                    },
                ));
            }
        }
    }
    findings.sort_by_key(|(position, _)| *position);
    findings
}

/// Memory units shown at most in one finding.
const MEMORY_SHOWN: usize = 3;

/// A warning when the translation memory holds the same (normalised) source translated otherwise;
/// `memory` are those units' targets. Whitespace differences do not count.
pub fn against_memory(target: &str, memory: &[&str]) -> Option<Finding> {
    let target = squeeze(target);
    if target.is_empty() {
        return None;
    }
    let mut others: Vec<String> = memory.iter().map(|t| squeeze(t)).filter(|t| *t != target).collect();
    others.sort();
    others.dedup();
    if others.is_empty() {
        return None;
    }
    let shown: Vec<String> = others.iter().take(MEMORY_SHOWN).map(|t| format!("“{t}”")).collect();
    let more = match others.len() - shown.len() {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    Some(Finding {
        kind: "inconsistent_tm",
        severity: Severity::Warning,
        message: format!("The translation memory translates the same source as {}{more}.", shown.join(", ")),
        span: None,
        suggestions: Vec::new(),
    })
}

/// The text with runs of whitespace as one space, trimmed.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
