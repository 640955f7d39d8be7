//! Language tags (BCP 47), parsed once at the edge.

use std::fmt;
use std::str::FromStr;

/// A well-formed BCP 47 language tag such as `ar`, `en-US` or `zh-Hant-TW`, kept in canonical case
/// (language lower case, script title case, region upper case). Serialised as that text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct LanguageTag(String);

/// Why a string is not a language tag.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a BCP 47 language tag (expected e.g. \"ar\", \"en\", \"en-US\")")]
pub struct InvalidLanguageTag(pub String);

impl LanguageTag {
    /// Parses a tag, accepting `_` as a separator (`en_US`) as many tools write it.
    pub fn parse(raw: &str) -> Result<Self, InvalidLanguageTag> {
        let invalid = || InvalidLanguageTag(raw.to_owned());
        let mut parts = raw.trim().split(['-', '_']);
        let primary = parts.next().filter(|p| is_alpha(p, 2..=3)).ok_or_else(invalid)?;
        let mut canonical = primary.to_ascii_lowercase();
        for part in parts {
            let part = if is_alpha(part, 4..=4) {
                let mut s = part.to_ascii_lowercase();
                s[..1].make_ascii_uppercase();
                s
            } else if is_alpha(part, 2..=2) {
                part.to_ascii_uppercase()
            } else if (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric()) {
                part.to_ascii_lowercase()
            } else {
                return Err(invalid());
            };
            canonical.push('-');
            canonical.push_str(&part);
        }
        Ok(Self(canonical))
    }

    /// The primary language subtag: `ar` for `ar-EG`.
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// The tag as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the language is written right to left.
    pub fn is_rtl(&self) -> bool {
        RTL_LANGUAGES.contains(&self.primary())
    }
}

/// Primary subtags of languages written right to left.
const RTL_LANGUAGES: &[&str] = &["ar", "arc", "ckb", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"];

fn is_alpha(s: &str, len: std::ops::RangeInclusive<usize>) -> bool {
    len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
}

impl FromStr for LanguageTag {
    type Err = InvalidLanguageTag;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_case_and_separators() {
        for (input, expected) in [
            ("ar", "ar"),
            ("AR", "ar"),
            ("en_us", "en-US"),
            ("zh-hant-tw", "zh-Hant-TW"),
            (" ar-EG ", "ar-EG"),
        ] {
            assert_eq!(LanguageTag::parse(input).unwrap().as_str(), expected, "{input}");
        }
    }

    #[test]
    fn rejects_garbage() {
        for input in ["", "a", "arabic", "ar-", "en-US!", "12"] {
            assert!(LanguageTag::parse(input).is_err(), "{input}");
        }
    }

    #[test]
    fn direction_from_primary_subtag() {
        assert!(LanguageTag::parse("ar-EG").unwrap().is_rtl());
        assert!(!LanguageTag::parse("en").unwrap().is_rtl());
    }
}
