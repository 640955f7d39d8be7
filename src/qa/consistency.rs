//! The same sentence translated two ways within an article (or against the translation memory).

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
        let target = target.split_whitespace().collect::<Vec<_>>().join(" ");
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
                    },
                ));
            }
        }
    }
    findings.sort_by_key(|(position, _)| *position);
    findings
}
