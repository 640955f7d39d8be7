//! Spelling of the translation, against a Hunspell dictionary of the target language (read by the
//! pure-Rust `spellbook`) and the words the desk, the article and its glossaries add to it. A dictionary
//! per language: adding one adds a language. The caller reads the files (`app::spelling`); this module only
//! parses and checks.

use std::collections::HashSet;

use super::{char_span, Check, Finding, SegmentContext, Severity, Side};
use crate::lang::LanguageTag;

/// Suggestions kept per misspelt word.
const SUGGESTIONS: usize = 5;

/// A parsed Hunspell dictionary and the language tag it spells.
pub struct Dictionary {
    tag: LanguageTag,
    words: spellbook::Dictionary,
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary").field("tag", &self.tag).finish_non_exhaustive()
    }
}

impl Dictionary {
    /// Parses a dictionary from the text of its `.aff` and `.dic` files.
    pub fn parse(tag: LanguageTag, aff: &str, dic: &str) -> Result<Self, String> {
        let words = spellbook::Dictionary::new(aff, dic).map_err(|e| e.to_string())?;
        Ok(Self { tag, words })
    }

    /// The language (and spelling, `en-US` or `en-GB`) it checks.
    pub fn tag(&self) -> &LanguageTag {
        &self.tag
    }

    fn knows(&self, word: &str) -> bool {
        self.words.check(word)
    }

    /// Up to five corrections, best first. Only the edit-based suggestions: the n-gram pass of Hunspell
    /// costs some 50 ms a word, too much for a save, and adds little that an edit does not find.
    fn suggest(&self, word: &str) -> Vec<String> {
        let mut found = Vec::new();
        self.words.suggester().with_ngram_suggestions(false).suggest(word, &mut found);
        found.truncate(SUGGESTIONS);
        found
    }
}

/// Words taken as spelt right whatever the dictionary says: glossary terms and names, a desk's and an
/// article's word lists. Compared without case.
#[derive(Debug, Clone, Default)]
pub struct KnownWords(HashSet<String>);

impl KnownWords {
    /// Every word of these texts (a term «Kassym-Jomart Tokayev» gives three).
    pub fn of_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut known = Self::default();
        for text in texts {
            for (_, word) in words(text) {
                known.0.insert(word.to_lowercase());
            }
        }
        known
    }

    fn contains(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        let stem = lower.strip_suffix("'s").unwrap_or(&lower);
        self.0.contains(&lower) || self.0.contains(stem)
    }
}

/// What the spelling check of a segment needs: the dictionary of its target and the words added to it.
#[derive(Debug, Clone, Copy)]
pub struct Speller<'a> {
    /// The dictionary.
    pub dictionary: &'a Dictionary,
    /// The glossaries' words, the desk's and the article's lists.
    pub known: &'a [&'a KnownWords],
}

impl Speller<'_> {
    /// The words of `text` neither the dictionary nor the lists know: byte range, word, suggestions.
    pub fn misspelt(&self, text: &str) -> Vec<(std::ops::Range<usize>, String, Vec<String>)> {
        words(text)
            .filter(|(_, word)| checked(word))
            .filter(|(_, word)| !self.dictionary.knows(word) && !self.known.iter().any(|k| k.contains(word)))
            .map(|(range, word)| {
                let suggestions = self.dictionary.suggest(&word);
                (range, word, suggestions)
            })
            .collect()
    }
}

/// A word the translator wrote that neither the dictionary nor the word lists know.
pub struct Spelling;

impl Check for Spelling {
    fn id(&self) -> &'static str {
        "spelling"
    }
    fn name(&self) -> &'static str {
        "Spelling"
    }
    fn check(&self, s: &SegmentContext<'_>) -> Vec<Finding> {
        let Some(speller) = s.spelling else { return Vec::new() };
        let tag = speller.dictionary.tag();
        speller
            .misspelt(s.target)
            .into_iter()
            .map(|(range, word, suggestions)| {
                let message = format!("«{word}» is not in the {tag} dictionary.");
                let span = char_span(s.target, Side::Target, range);
                Finding { suggestions, ..Finding::new(self, Severity::Warning, message, Some(span)) }
            })
            .collect()
    }
}

/// Whether a word is worth a dictionary's look: two letters or more, not an acronym in capitals, no
/// Arabic letter (those are `arabic_in_target`'s).
fn checked(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let acronym = word.chars().all(|c| !c.is_lowercase());
    let arabic = word.chars().any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}'));
    letters >= 2 && !acronym && !arabic
}

/// The words of a text with their byte ranges: runs of letters, with an apostrophe between letters kept
/// («don't», «Tokayev’s», read with a straight apostrophe as dictionaries write it). Hyphens and
/// everything else separate words.
fn words(text: &str) -> impl Iterator<Item = (std::ops::Range<usize>, String)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, first) = chars.find(|(_, c)| c.is_alphabetic())?;
        let mut word = String::from(first);
        let mut end = start + first.len_utf8();
        while let Some(&(at, c)) = chars.peek() {
            if c.is_alphabetic() {
                word.push(c);
            } else if matches!(c, '\'' | '’') {
                let mut ahead = chars.clone();
                ahead.next();
                if !ahead.peek().is_some_and(|(_, next)| next.is_alphabetic()) {
                    break;
                }
                word.push('\'');
            } else {
                break;
            }
            end = at + c.len_utf8();
            chars.next();
        }
        Some((start..end, word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_inner_apostrophes_and_their_byte_ranges() {
        let text = "Tokayev’s men don't-stop «UN» 2022 l'";
        let found: Vec<(std::ops::Range<usize>, String)> = words(text).collect();
        let words: Vec<&str> = found.iter().map(|(_, w)| w.as_str()).collect();
        assert_eq!(words, ["Tokayev's", "men", "don't", "stop", "UN", "l"]);
        assert_eq!(&text[found[0].0.clone()], "Tokayev’s");
    }

    #[test]
    fn acronyms_single_letters_and_arabic_are_not_looked_up() {
        assert!(!checked("NATO"));
        assert!(!checked("a"));
        assert!(!checked("كازاخستان"));
        assert!(checked("goverment"));
    }

    #[test]
    fn known_words_ignore_case_and_possessives() {
        let known = KnownWords::of_texts(["Kassym-Jomart Tokayev"]);
        assert!(known.contains("Tokayev's"));
        assert!(known.contains("JOMART"));
        assert!(!known.contains("Tokay"));
    }
}
