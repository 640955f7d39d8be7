//! The glossary as the text engine sees it: concepts with source and target terms.
//!
//! Values here are already parsed (statuses, parts of speech, match modes are enums), so the matcher and
//! the storage layer never re-check strings.

use std::fmt;
use std::str::FromStr;

use crate::lang::LanguageTag;

/// A termbase: concepts for one language pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glossary {
    /// Source language, e.g. `ar`.
    pub source_lang: LanguageTag,
    /// Target language, e.g. `en`.
    pub target_lang: LanguageTag,
    /// The entries.
    pub concepts: Vec<Concept>,
}

/// One glossary entry: a concept named by one or more terms in each language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Concept {
    /// The identifier the entry carried in its file (TBX `id`, CSV `concept` column), if any.
    pub id: Option<String>,
    /// Source-language terms (synonyms, variant spellings); the first preferred one is the headword.
    pub source_terms: Vec<Term>,
    /// Target-language terms; the first preferred one is what the translator is offered.
    pub target_terms: Vec<Term>,
    /// Part of speech, when the file says.
    pub part_of_speech: Option<PartOfSpeech>,
    /// How the source terms are found in text; defaults from the part of speech.
    pub match_mode: MatchMode,
    /// Free-text note for the translator (definition, usage, history).
    pub note: Option<String>,
    /// Subject field, e.g. `politics`.
    pub domain: Option<String>,
}

/// A term in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The term as written.
    pub text: String,
    /// Whether translators should, may, or must not use it.
    pub status: TermStatus,
}

impl Term {
    /// A preferred term.
    pub fn preferred(text: impl Into<String>) -> Self {
        Self { text: text.into(), status: TermStatus::Preferred }
    }
}

impl Concept {
    /// The target term to offer: the first preferred one, else the first admitted one.
    pub fn preferred_target(&self) -> Option<&Term> {
        let usable = |status| self.target_terms.iter().find(move |t| t.status == status);
        usable(TermStatus::Preferred).or_else(|| usable(TermStatus::Admitted))
    }
}

/// Administrative status of a term (TBX `administrativeStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TermStatus {
    /// The term to use.
    #[default]
    Preferred,
    /// An acceptable synonym.
    Admitted,
    /// Must not be used (deprecated or superseded).
    Forbidden,
}

/// Part of speech (TBX `partOfSpeech`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartOfSpeech {
    /// A name: person, place, organisation.
    ProperNoun,
    /// A common noun.
    Noun,
    /// An adjective.
    Adjective,
    /// A verb.
    Verb,
    /// An adverb.
    Adverb,
    /// Anything else.
    Other,
}

/// How a glossary entry's source terms are found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MatchMode {
    /// The normalised form only.
    #[default]
    Exact,
    /// The normalised form with proclitics (و ف ب ك ل ال ...) on the first word.
    Proper,
    /// Proclitics and light-stemmed suffixes (ة ات ين ون ية ...).
    Inflected,
}

impl MatchMode {
    /// The mode an entry gets when its file does not say: names take proclitics only, content words inflect.
    pub fn default_for(part_of_speech: Option<PartOfSpeech>) -> Self {
        match part_of_speech {
            Some(PartOfSpeech::ProperNoun) => Self::Proper,
            Some(PartOfSpeech::Noun | PartOfSpeech::Adjective | PartOfSpeech::Verb) => Self::Inflected,
            _ => Self::Exact,
        }
    }
}

/// A value that is not one of a field's allowed words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {field} {value:?} (expected one of: {expected})")]
pub struct UnknownValue {
    /// The field, e.g. `status`.
    pub field: &'static str,
    /// What was given.
    pub value: String,
    /// The allowed words.
    pub expected: &'static str,
}

/// Declares the canonical names of an enum and the aliases files use for it, in one table.
macro_rules! named_values {
    ($ty:ident, $field:literal, { $($variant:ident => $name:literal $(| $alias:literal)*),+ $(,)? }) => {
        impl $ty {
            /// The canonical name, as stored and exported.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name),+ }
            }
        }
        impl FromStr for $ty {
            type Err = UnknownValue;
            fn from_str(raw: &str) -> Result<Self, UnknownValue> {
                let lowered = raw.trim().to_ascii_lowercase();
                match lowered.as_str() {
                    $($name $(| $alias)* => Ok(Self::$variant),)+
                    _ => Err(UnknownValue {
                        field: $field,
                        value: raw.to_owned(),
                        expected: concat!($($name, " "),+),
                    }),
                }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_values!(TermStatus, "status", {
    Preferred => "preferred" | "preferredterm-admn-sts" | "preferredterm",
    Admitted => "admitted" | "admittedterm-admn-sts" | "admittedterm",
    Forbidden => "forbidden" | "deprecatedterm-admn-sts" | "supersededterm-admn-sts" | "deprecated" | "superseded",
});

named_values!(PartOfSpeech, "part of speech", {
    ProperNoun => "properNoun" | "propernoun" | "proper noun" | "proper",
    Noun => "noun",
    Adjective => "adjective" | "adj",
    Verb => "verb",
    Adverb => "adverb" | "adv",
    Other => "other",
});

named_values!(MatchMode, "match mode", {
    Exact => "exact",
    Proper => "proper",
    Inflected => "inflected",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tbx_status_words_parse() {
        assert_eq!("preferredTerm-admn-sts".parse(), Ok(TermStatus::Preferred));
        assert_eq!("deprecatedTerm-admn-sts".parse(), Ok(TermStatus::Forbidden));
        assert_eq!("Admitted".parse(), Ok(TermStatus::Admitted));
        assert!("maybe".parse::<TermStatus>().is_err());
    }

    #[test]
    fn proper_noun_round_trips_in_tbx_case() {
        let pos: PartOfSpeech = "properNoun".parse().unwrap();
        assert_eq!(pos, PartOfSpeech::ProperNoun);
        assert_eq!(pos.as_str(), "properNoun");
    }

    #[test]
    fn match_mode_defaults_from_part_of_speech() {
        assert_eq!(MatchMode::default_for(Some(PartOfSpeech::ProperNoun)), MatchMode::Proper);
        assert_eq!(MatchMode::default_for(Some(PartOfSpeech::Adjective)), MatchMode::Inflected);
        assert_eq!(MatchMode::default_for(None), MatchMode::Exact);
    }

    #[test]
    fn preferred_target_skips_forbidden() {
        let concept = Concept {
            target_terms: vec![
                Term { text: "Alma-Ata".into(), status: TermStatus::Forbidden },
                Term { text: "Almaty".into(), status: TermStatus::Admitted },
            ],
            ..Concept::default()
        };
        assert_eq!(concept.preferred_target().unwrap().text, "Almaty");
    }
}
