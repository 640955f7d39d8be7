//! Sentence segmentation: paragraphs are lines, sentences are cut inside them by SRX 2.0 rules.
//!
//! The rules are data (`rules.srx`, per language, cascading into a common set). A position is only
//! considered where some break rule's `beforebreak` (or, lacking one, its `afterbreak`) is found by one
//! forward scan of the paragraph, so the regexes are never run at every character. There, each rule in
//! order tests its `afterbreak` anchored at the position and its `beforebreak` anchored to end there (a
//! reverse search over a bounded window); the first rule that matches decides.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use super::srx::{self, SrxError};
use crate::lang::LanguageTag;

/// The built-in rules.
const BUILTIN_RULES: &str = include_str!("rules.srx");

/// How far back (in bytes) a `beforebreak` may look from a candidate position.
const BEFORE_WINDOW: usize = 256;

/// One sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// Position among all sentences of the text, from 0.
    pub index: usize,
    /// Position of its paragraph (non-blank line) among the paragraphs of the text, from 0.
    pub paragraph: usize,
    /// The sentence, without surrounding whitespace.
    pub text: String,
    /// Byte offset of `text` in the input.
    pub start: usize,
    /// Byte offset just past `text` in the input.
    pub end: usize,
}

/// Compiled segmentation rules, built once and shared (it is `Send + Sync`).
#[derive(Debug)]
pub struct Segmenter {
    rule_sets: Vec<Vec<CompiledRule>>,
    maps: Vec<(Regex, usize)>,
    cascade: bool,
}

#[derive(Debug)]
struct CompiledRule {
    is_break: bool,
    /// `beforebreak` anchored at its end; `None` matches anything.
    before: Option<Regex>,
    /// `afterbreak` anchored at its start; `None` matches anything.
    after: Option<Regex>,
    /// For break rules, the unanchored regex whose matches give candidate positions.
    finder: Option<Finder>,
}

#[derive(Debug)]
enum Finder {
    /// Candidates are where `beforebreak` matches end.
    BeforeEnds(Regex),
    /// Candidates are where `afterbreak` matches start.
    AfterStarts(Regex),
}

impl Segmenter {
    /// Compiles the rules of an SRX 2.0 document.
    pub fn from_srx(xml: &str) -> Result<Self, SrxError> {
        let doc = srx::parse(xml)?;
        let mut rule_sets = Vec::with_capacity(doc.language_rules.len());
        for set in &doc.language_rules {
            rule_sets.push(set.rules.iter().map(compile_rule).collect::<Result<Vec<_>, _>>()?);
        }
        let mut maps = Vec::with_capacity(doc.language_maps.len());
        for map in &doc.language_maps {
            let set = doc.language_rules.iter().position(|r| r.name == map.rule_name).ok_or_else(|| {
                SrxError::at_line(map.line, format!("no languagerule named {:?}", map.rule_name))
            })?;
            let pattern = compile(&format!(r"(?i)\A(?:{})\z", map.pattern), map.line)?;
            maps.push((pattern, set));
        }
        Ok(Self { rule_sets, maps, cascade: doc.cascade })
    }

    /// The built-in rules (`rules.srx`: Arabic, English, and a common set for every language).
    pub fn builtin() -> &'static Segmenter {
        static BUILTIN: OnceLock<Segmenter> = OnceLock::new();
        BUILTIN.get_or_init(|| Segmenter::from_srx(BUILTIN_RULES).expect("the built-in rules.srx compiles"))
    }

    /// Cuts `text` into sentences, using the rules mapped to `lang`.
    pub fn segment(&self, text: &str, lang: &LanguageTag) -> Vec<Segment> {
        let rules = self.rules_for(lang);
        let mut segments = Vec::new();
        let mut paragraph = 0;
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let before = segments.len();
            let mut sentence_start = 0;
            for cut in breaks(line, &rules).chain([line.len()]) {
                push_trimmed(&mut segments, text, line_start + sentence_start..line_start + cut, paragraph);
                sentence_start = cut;
            }
            if segments.len() > before {
                paragraph += 1;
            }
            line_start += line.len();
        }
        segments
    }

    fn rules_for(&self, lang: &LanguageTag) -> Vec<&CompiledRule> {
        let mut rules = Vec::new();
        for (pattern, set) in &self.maps {
            if pattern.is_match(lang.as_str()) {
                rules.extend(&self.rule_sets[*set]);
                if !self.cascade {
                    break;
                }
            }
        }
        rules
    }
}

/// Cuts `text` into sentences with the built-in rules.
pub fn segment(text: &str, lang: &LanguageTag) -> Vec<Segment> {
    Segmenter::builtin().segment(text, lang)
}

/// Byte positions inside `paragraph` where a sentence ends, in order.
fn breaks<'a>(paragraph: &'a str, rules: &'a [&CompiledRule]) -> impl Iterator<Item = usize> + 'a {
    let mut candidates = Vec::new();
    for rule in rules {
        match &rule.finder {
            Some(Finder::BeforeEnds(re)) => candidates.extend(re.find_iter(paragraph).map(|m| m.end())),
            Some(Finder::AfterStarts(re)) => candidates.extend(re.find_iter(paragraph).map(|m| m.start())),
            None => {}
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    candidates
        .into_iter()
        .filter(move |&at| 0 < at && at < paragraph.len() && decides_break(paragraph, at, rules))
}

/// What the first rule matching at `at` says; no rule, no break.
fn decides_break(paragraph: &str, at: usize, rules: &[&CompiledRule]) -> bool {
    let mut window = at.saturating_sub(BEFORE_WINDOW);
    while !paragraph.is_char_boundary(window) {
        window -= 1;
    }
    let matches = |rule: &&&CompiledRule| {
        rule.after.as_ref().is_none_or(|re| re.is_match(&paragraph[at..]))
            && rule.before.as_ref().is_none_or(|re| re.is_match(&paragraph[window..at]))
    };
    rules.iter().find(matches).is_some_and(|rule| rule.is_break)
}

fn push_trimmed(segments: &mut Vec<Segment>, text: &str, range: std::ops::Range<usize>, paragraph: usize) {
    let raw = &text[range.clone()];
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return;
    }
    let start = range.start + (raw.len() - raw.trim_start().len());
    let end = start + trimmed.len();
    segments.push(Segment { index: segments.len(), paragraph, text: trimmed.to_owned(), start, end });
}

fn compile_rule(rule: &srx::SrxRule) -> Result<CompiledRule, SrxError> {
    let optional = |pattern: &str, anchored: &str| {
        (!pattern.is_empty()).then(|| compile(&anchored.replace("{}", pattern), rule.line)).transpose()
    };
    let before = optional(&rule.before, r"(?:{})\z")?;
    let after = optional(&rule.after, r"\A(?:{})")?;
    let finder = if !rule.is_break {
        None
    } else if !rule.before.is_empty() {
        Some(Finder::BeforeEnds(compile(&rule.before, rule.line)?))
    } else if !rule.after.is_empty() {
        Some(Finder::AfterStarts(compile(&rule.after, rule.line)?))
    } else {
        return Err(SrxError::at_line(rule.line, "a break rule needs a beforebreak or an afterbreak"));
    };
    Ok(CompiledRule { is_break: rule.is_break, before, after, finder })
}

fn compile(pattern: &str, line: usize) -> Result<Regex, SrxError> {
    Regex::new(pattern).map_err(|e| SrxError::at_line(line, format!("bad regex {pattern:?}: {e}")))
}

#[cfg(test)]
#[path = "segment_tests.rs"]
mod tests;
