//! Finds glossary terms in text: multi-word, longest first, never overlapping, aware of Arabic clitics.
//!
//! The index hashes the normalised first word of every term (plus its article-less and stem forms); the
//! text is tokenised once, and each word is looked up under each of its few readings (as is, minus
//! proclitics, minus an inflectional ending). Only terms whose first word is found are checked further,
//! so the cost per word does not grow with the glossary. Names (`MatchMode::Proper`) of two words or more
//! are also hashed under every word, the anchors from which misspelled variants are found.
//!
//! A match spans the term as it appears: proclitics stay outside («ل» of «لمنظمة», «بـ”» of
//! «بـ”مثيري الشغب”»), inflectional endings inside («ناقلات»).

use std::cmp::Reverse;

use serde::Serialize;

use super::model::{Concept, MatchMode};
use super::variant::is_one_edit_away;
use super::word_match::{splits, Split, TermWord};
use crate::text::arabic::{ARTICLE, INFLECTIONS, MIN_STEM_CHARS, PROCLITICS, TERM_ENDINGS};
use crate::text::chars::{is_ignorable, QUOTES, TATWEEL, WORD_LINKS};
use crate::text::normalize::fold_word_into;
use crate::text::{tokenize, TokenKind, Tokenized};
use foldhash::HashMap as FastHashMap;

use super::word_match::{has_at_least, strip_suffix};

/// How a match differs from the term, from closest to loosest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// The normalised text equals the term.
    Exact,
    /// Only proclitics or the article differ.
    Clitic,
    /// An inflectional ending differs too.
    Inflected,
    /// A name spelled one letter off in some word.
    Variant,
}

impl MatchKind {
    /// The name used in JSON and on screen.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Clitic => "clitic",
            Self::Inflected => "inflected",
            Self::Variant => "variant",
        }
    }
}

/// A term found in text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    /// Index of the concept in the slice the index was built from.
    pub concept: usize,
    /// Index of the term in that concept's `source_terms`.
    pub term: usize,
    /// Start, in chars (Unicode scalar values) of the searched text.
    pub start: usize,
    /// End (exclusive), in chars of the searched text.
    pub end: usize,
    /// The text between `start` and `end`, as written.
    pub surface: String,
    /// How it matched.
    pub kind: MatchKind,
}

/// The source terms of a glossary, indexed for [`TermIndex::find`]. Build once, share across threads.
#[derive(Debug, Default)]
pub struct TermIndex {
    terms: Vec<IndexedTerm>,
    keys: FastHashMap<Box<str>, Vec<Posting>>,
    /// Distinct inflectional endings to try on text words; empty when no entry inflects.
    text_endings: Vec<&'static str>,
}

#[derive(Debug)]
struct IndexedTerm {
    concept: usize,
    term: usize,
    mode: MatchMode,
    words: Box<[TermWord]>,
}

#[derive(Debug, Clone, Copy)]
struct Posting {
    term: u32,
    role: Role,
}

#[derive(Debug, Clone, Copy)]
enum Role {
    /// The key is the term's first word (`bare`: without its article) minus `ending` (see
    /// [`crate::text::arabic::INFLECTIONS`]).
    First { bare: bool, ending: &'static str },
    /// The key is word `word` of a multi-word name, from which a variant spelling may be found.
    Anchor { word: usize, bare: bool },
}

/// A match before the non-overlapping selection: words `first..=last` of the text.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    first: usize,
    last: usize,
    /// Normalised bytes of the first word taken by proclitics.
    taken: usize,
    kind: MatchKind,
    term: u32,
}

/// A word of the searched text.
#[derive(Debug)]
struct TextWord {
    token: usize,
    /// Whether the next word follows with only spaces, hyphens or an abbreviation dot between.
    linked_to_next: bool,
    /// A proclitic written apart before this word, «لـ” …».
    detached: &'static str,
}

impl TermIndex {
    /// Indexes the source terms of `concepts`; `Match::concept` indexes this slice.
    pub fn build(concepts: &[Concept]) -> TermIndex {
        let mut index = TermIndex::default();
        for (concept_index, concept) in concepts.iter().enumerate() {
            for (term_index, term) in concept.source_terms.iter().enumerate() {
                let tokens = tokenize(&term.text);
                let words: Box<[TermWord]> = tokens
                    .tokens
                    .iter()
                    .filter(|t| t.kind == TokenKind::Word)
                    .map(|t| TermWord::new(&term.text[t.bytes.clone()], tokens.norm(t)))
                    .collect();
                if !words.is_empty() {
                    index.add(IndexedTerm {
                        concept: concept_index,
                        term: term_index,
                        mode: concept.match_mode,
                        words,
                    });
                }
            }
        }
        index.keys.shrink_to_fit();
        index
    }

    fn add(&mut self, term: IndexedTerm) {
        let id = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
        let mut postings = Vec::new();
        let first = &term.words[0];
        postings.push((first.full.clone(), Role::First { bare: false, ending: "" }));
        if term.mode != MatchMode::Exact {
            if let Some(bare) = &first.bare {
                postings.push((bare.clone(), Role::First { bare: true, ending: "" }));
            }
        }
        if term.mode == MatchMode::Inflected {
            for (form, bare) in [(Some(&first.full), false), (first.bare.as_ref(), true)] {
                for &ending in TERM_ENDINGS {
                    let stem =
                        form.and_then(|f| f.strip_suffix(ending)).filter(|s| has_at_least(s, MIN_STEM_CHARS));
                    if let Some(stem) = stem {
                        postings.push((stem.into(), Role::First { bare, ending }));
                    }
                }
            }
            for inflection in INFLECTIONS {
                if !self.text_endings.contains(&inflection.text_ending) {
                    self.text_endings.push(inflection.text_ending);
                }
            }
        }
        if term.mode == MatchMode::Proper && term.words.len() > 1 {
            for (word, w) in term.words.iter().enumerate() {
                postings.push((w.full.clone(), Role::Anchor { word, bare: false }));
                if let Some(bare) = &w.bare {
                    postings.push((bare.clone(), Role::Anchor { word, bare: true }));
                }
            }
        }
        for (key, role) in postings {
            self.keys.entry(key).or_default().push(Posting { term: id, role });
        }
        self.terms.push(term);
    }

    /// Number of indexed terms (synonyms count separately).
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether no term is indexed.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms found in `text`, in text order, longest first where they compete, never overlapping.
    pub fn find(&self, text: &str) -> Vec<Match> {
        let tokenized = tokenize(text);
        let words = text_words(text, &tokenized);
        let norm = |i: usize| tokenized.norm(&tokenized.tokens[words[i].token]);
        let mut candidates = Vec::new();
        for i in 0..words.len() {
            for split in splits(norm(i), words[i].detached, true) {
                self.candidates_at(i, split, &words, &norm, &mut candidates);
            }
        }
        self.select(text, &tokenized, &words, candidates)
    }

    fn candidates_at<'a>(
        &self,
        i: usize,
        split: Split<'a>,
        words: &[TextWord],
        norm: &impl Fn(usize) -> &'a str,
        out: &mut Vec<Candidate>,
    ) {
        for posting in self.keys.get(split.rest).into_iter().flatten() {
            match posting.role {
                Role::First { bare, ending: "" } => {
                    let kind = if bare { MatchKind::Clitic } else { MatchKind::Exact };
                    out.extend(self.extend_match(i, split, posting.term, kind, words, norm));
                }
                Role::First { .. } => {}
                Role::Anchor { word, bare } => {
                    let article_at_most = split.proclitic.is_empty() || split.proclitic == ARTICLE;
                    if word == 0 || article_at_most && words[i].detached.is_empty() {
                        let kind = if bare || !split.proclitic.is_empty() {
                            MatchKind::Clitic
                        } else {
                            MatchKind::Exact
                        };
                        out.extend(self.variant_match(i, split.taken, word, kind, posting.term, words, norm));
                    }
                }
            }
        }
        for &ending in &self.text_endings {
            let Some(stem) = strip_suffix(split.rest, ending).filter(|s| has_at_least(s, MIN_STEM_CHARS))
            else {
                continue;
            };
            for posting in self.keys.get(stem).into_iter().flatten() {
                let Role::First { ending: term_ending, .. } = posting.role else { continue };
                let swaps =
                    INFLECTIONS.iter().any(|f| f.term_ending == term_ending && f.text_ending == ending);
                if swaps && self.terms[posting.term as usize].mode == MatchMode::Inflected {
                    out.extend(self.extend_match(i, split, posting.term, MatchKind::Inflected, words, norm));
                }
            }
        }
    }

    /// The candidate for `term` whose first word matched text word `i` through `split` as `kind`, if the
    /// following words match too.
    fn extend_match<'a>(
        &self,
        i: usize,
        split: Split<'a>,
        term: u32,
        kind: MatchKind,
        words: &[TextWord],
        norm: &impl Fn(usize) -> &'a str,
    ) -> Option<Candidate> {
        let indexed = &self.terms[term as usize];
        let mut kind = kind.max(split.floor());
        match indexed.mode {
            MatchMode::Exact if kind != MatchKind::Exact => return None,
            MatchMode::Proper if kind == MatchKind::Inflected => return None,
            _ => {}
        }
        let last = i + indexed.words.len() - 1;
        if last >= words.len() || !words[i..last].iter().all(|w| w.linked_to_next) {
            return None;
        }
        for (term_word, k) in indexed.words.iter().zip(i..).skip(1) {
            kind = kind.max(match indexed.mode {
                MatchMode::Exact => (norm(k) == &*term_word.full).then_some(MatchKind::Exact)?,
                mode => closest(norm(k), term_word, mode == MatchMode::Inflected)?,
            });
        }
        Some(Candidate { first: i, last, taken: split.taken, kind, term })
    }

    /// The variant candidate for the name `term` whose word `anchor` matched text word `i`, if every other
    /// word matches or is one edit away, and at least one is one edit away.
    #[allow(clippy::too_many_arguments)]
    fn variant_match<'a>(
        &self,
        i: usize,
        anchor_taken: usize,
        anchor: usize,
        anchor_kind: MatchKind,
        term: u32,
        words: &[TextWord],
        norm: &impl Fn(usize) -> &'a str,
    ) -> Option<Candidate> {
        let indexed = &self.terms[term as usize];
        let first = i.checked_sub(anchor)?;
        let last = first + indexed.words.len() - 1;
        if last >= words.len() || !words[first..last].iter().all(|w| w.linked_to_next) {
            return None;
        }
        let mut taken = if anchor == 0 { anchor_taken } else { 0 };
        let mut variants = 0;
        let mut kinds = anchor_kind;
        for (j, term_word) in indexed.words.iter().enumerate().filter(|(j, _)| *j != anchor) {
            let k = first + j;
            let (detached, first_word) = if j == 0 { (words[k].detached, true) } else { ("", false) };
            let mut best: Option<(MatchKind, usize)> = None;
            for split in splits(norm(k), detached, first_word) {
                let close = term_word.compare(split.rest, false).map(|kind| kind.max(split.floor()));
                let variant = || {
                    let forms = [Some(&*term_word.full), term_word.bare.as_deref()];
                    forms
                        .into_iter()
                        .flatten()
                        .any(|f| is_one_edit_away(split.rest, f))
                        .then_some(MatchKind::Variant)
                };
                if let Some(kind) = close.or_else(variant) {
                    if best.is_none_or(|(b, _)| kind < b) {
                        best = Some((kind, split.taken));
                    }
                }
            }
            let (kind, split_taken) = best?;
            if j == 0 {
                taken = split_taken;
            }
            variants += usize::from(kind == MatchKind::Variant);
            kinds = kinds.max(kind);
        }
        (variants > 0).then_some(Candidate { first, last, taken, kind: kinds, term })
    }

    /// Keeps the longest candidates (in words, then chars), closest first, never overlapping.
    fn select(
        &self,
        text: &str,
        tokenized: &Tokenized,
        words: &[TextWord],
        mut candidates: Vec<Candidate>,
    ) -> Vec<Match> {
        let span_chars = |c: &Candidate| {
            tokenized.tokens[words[c.last].token].chars.end
                - tokenized.tokens[words[c.first].token].chars.start
        };
        candidates
            .sort_by_key(|c| (Reverse(c.last - c.first), Reverse(span_chars(c)), c.kind, c.first, c.term));
        let mut taken_words = vec![false; words.len()];
        let mut matches = Vec::new();
        for candidate in candidates {
            if taken_words[candidate.first..=candidate.last].iter().any(|&t| t) {
                continue;
            }
            taken_words[candidate.first..=candidate.last].fill(true);
            let first = &tokenized.tokens[words[candidate.first].token];
            let last = &tokenized.tokens[words[candidate.last].token];
            let (skip_bytes, skip_chars) = proclitic_offset(&text[first.bytes.clone()], candidate.taken);
            let indexed = &self.terms[candidate.term as usize];
            matches.push(Match {
                concept: indexed.concept,
                term: indexed.term,
                start: first.chars.start + skip_chars,
                end: last.chars.end,
                surface: text[first.bytes.start + skip_bytes..last.bytes.end].to_owned(),
                kind: candidate.kind,
            });
        }
        matches.sort_by_key(|m| m.start);
        matches
    }
}

/// How the non-first text word `word` matches `term_word` at best, reading it with or without the article.
fn closest(word: &str, term_word: &TermWord, inflect: bool) -> Option<MatchKind> {
    splits(word, "", false)
        .filter_map(|split| Some(term_word.compare(split.rest, inflect)?.max(split.floor())))
        .min()
}

/// (bytes, chars) in the original word `original` that the first `taken` normalised bytes come from,
/// with the marks written on the last of them.
fn proclitic_offset(original: &str, taken: usize) -> (usize, usize) {
    if taken == 0 {
        return (0, 0);
    }
    let mut norm = String::new();
    let mut sources = Vec::new();
    fold_word_into(original, &mut norm, |source| sources.push(source));
    let taken_chars = norm.get(..taken).map_or(0, |p| p.chars().count());
    let start_char = sources.get(taken_chars).copied().unwrap_or(0);
    let start_byte = original.char_indices().nth(start_char).map_or(0, |(b, _)| b);
    (start_byte, start_char)
}

/// The words of the tokenised text, with how each is linked to the next and any detached proclitic.
fn text_words(text: &str, tokenized: &Tokenized) -> Vec<TextWord> {
    let tokens = &tokenized.tokens;
    let mut words: Vec<TextWord> = Vec::with_capacity(tokens.len());
    let mut previous_word: Option<usize> = None;
    for (index, token) in tokens.iter().enumerate() {
        if token.kind != TokenKind::Word {
            continue;
        }
        let detached = previous_word
            .map(|p| (tokenized.norm(&tokens[p]), &text[tokens[p].bytes.end..token.bytes.start]))
            .filter(|(_, gap)| is_detached_gap(gap))
            .and_then(|(norm, _)| PROCLITICS.iter().find(|&&p| p == norm).copied())
            .unwrap_or("");
        if let Some(previous) = words.last_mut() {
            let gap = &text[tokens[previous.token].bytes.end..token.bytes.start];
            previous.linked_to_next = is_linking_gap(gap);
        }
        words.push(TextWord { token: index, linked_to_next: false, detached });
        previous_word = Some(index);
    }
    words
}

/// A gap that keeps two words in one term: whitespace, invisible characters, hyphens, one abbreviation dot.
fn is_linking_gap(gap: &str) -> bool {
    gap.chars().filter(|&c| c == '.').count() <= 1
        && gap.chars().all(|c| c.is_whitespace() || is_ignorable(c) || WORD_LINKS.contains(&c) || c == '.')
}

/// The gap after a proclitic written apart: a tatweel, then quotes or spaces («لـ”رويترز”», «بـ المنظمة»).
fn is_detached_gap(gap: &str) -> bool {
    gap.starts_with(TATWEEL)
        && gap.chars().all(|c| c.is_whitespace() || is_ignorable(c) || QUOTES.contains(&c))
}

#[cfg(test)]
#[path = "matcher_tests.rs"]
mod tests;
