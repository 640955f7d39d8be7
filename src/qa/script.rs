//! Checks on the translation as a whole: empty, copied from the source, source script left in it.

use super::{char_span, Check, Finding, SegmentContext, Severity, Side};

/// A segment marked done with no translation.
pub struct EmptyTranslation;

impl Check for EmptyTranslation {
    fn id(&self) -> &'static str {
        "empty"
    }
    fn name(&self) -> &'static str {
        "Empty translation"
    }
    fn check(&self, s: &SegmentContext<'_>) -> Vec<Finding> {
        if s.confirmed && s.target.trim().is_empty() {
            vec![Finding::new(
                self,
                Severity::Error,
                "The segment is marked translated but has no translation.",
                None,
            )]
        } else {
            Vec::new()
        }
    }
}

/// A translation identical to its source: usually a forgotten copy.
pub struct SameAsSource;

impl Check for SameAsSource {
    fn id(&self) -> &'static str {
        "same_as_source"
    }
    fn name(&self) -> &'static str {
        "Same as source"
    }
    fn check(&self, s: &SegmentContext<'_>) -> Vec<Finding> {
        let target = s.target.trim();
        if !target.is_empty() && target == s.source.trim() {
            vec![Finding::new(self, Severity::Warning, "The translation is identical to the source.", None)]
        } else {
            Vec::new()
        }
    }
}

/// Arabic letters in a translation into a left-to-right language: an untranslated word or a pasted fragment.
pub struct SourceScriptLeft;

impl Check for SourceScriptLeft {
    fn id(&self) -> &'static str {
        "arabic_in_target"
    }
    fn name(&self) -> &'static str {
        "Arabic letters in the translation"
    }
    fn check(&self, s: &SegmentContext<'_>) -> Vec<Finding> {
        if s.target_lang.is_rtl() {
            return Vec::new();
        }
        arabic_runs(s.target)
            .map(|run| {
                let word = &s.target[run.clone()];
                Finding::new(
                    self,
                    Severity::Error,
                    format!("Arabic text «{word}» is left in the translation."),
                    Some(char_span(s.target, Side::Target, run)),
                )
            })
            .collect()
    }
}

/// Byte ranges of runs of Arabic-script characters (spaces between Arabic words join the run).
fn arabic_runs(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut runs = Vec::new();
    let mut current: Option<std::ops::Range<usize>> = None;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if is_arabic_script(c) {
            current = Some(current.map_or(i..end, |r| r.start..end));
        } else if c != ' ' || current.is_none() {
            runs.extend(current.take());
        }
    }
    runs.extend(current);
    runs.into_iter()
}

fn is_arabic_script(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
        && !matches!(c, '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{066A}'..='\u{066C}')
}
