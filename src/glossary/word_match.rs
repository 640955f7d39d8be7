//! How one text word relates to one term word: proclitic splits, the optional article, inflections.
//! All strings here are normalised ([`crate::text::normalize_word`]).

use crate::text::arabic::{ARTICLE, INFLECTIONS, MIN_STEM_CHARS, PROCLITICS};
use crate::text::chars::is_ignorable;

use super::matcher::MatchKind;

/// One word of an indexed term.
#[derive(Debug, Clone)]
pub(crate) struct TermWord {
    /// The normalised word.
    pub full: Box<str>,
    /// The word without its article, when it was written with one («السلام» → «سلام»).
    pub bare: Option<Box<str>>,
}

impl TermWord {
    /// `original` is the word as the glossary writes it, `norm` its normalised form. Only a bare alef
    /// before lam is an article: «ألماتي» (Almaty) starts with a hamza, so its «ال» is part of the name.
    pub fn new(original: &str, norm: &str) -> Self {
        let mut letters = original.chars().filter(|c| !is_ignorable(*c));
        let has_article = matches!((letters.next(), letters.next()), (Some('ا' | 'ٱ'), Some('ل')));
        let bare = norm.strip_prefix(ARTICLE).filter(|rest| has_at_least(rest, MIN_STEM_CHARS));
        Self { full: norm.into(), bare: bare.filter(|_| has_article).map(Into::into) }
    }

    /// How `rest` (a text word minus its proclitics) matches this word, if it does, the closest way.
    pub fn compare(&self, rest: &str, inflect: bool) -> Option<MatchKind> {
        if rest == &*self.full {
            return Some(MatchKind::Exact);
        }
        if self.bare.as_deref() == Some(rest) {
            return Some(MatchKind::Clitic);
        }
        let inflects = |form: &str| inflects(rest, form);
        (inflect && (inflects(&self.full) || self.bare.as_deref().is_some_and(inflects)))
            .then_some(MatchKind::Inflected)
    }
}

/// A reading of a text word as proclitics + the rest.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Split<'a> {
    /// The whole proclitic sequence, including a part written apart before the word («لـ”رويترز”»).
    pub proclitic: &'static str,
    /// Bytes of the normalised word taken by the proclitic.
    pub taken: usize,
    /// What is left: the candidate stem.
    pub rest: &'a str,
}

impl Split<'_> {
    /// The closeness a match through this split has at best.
    pub fn floor(&self) -> MatchKind {
        if self.proclitic.is_empty() {
            MatchKind::Exact
        } else {
            MatchKind::Clitic
        }
    }
}

/// The readings of `word`: as it is (unless a separated proclitic `detached` precedes it), then with every
/// proclitic sequence it starts with — any of [`PROCLITICS`] for the first word of a term, the article only
/// for the others. A split must leave at least [`MIN_STEM_CHARS`] letters.
pub(crate) fn splits<'a>(
    word: &'a str,
    detached: &'static str,
    first_word: bool,
) -> impl Iterator<Item = Split<'a>> {
    let whole = detached.is_empty().then_some(Split { proclitic: "", taken: 0, rest: word });
    let allowed: &'static [&'static str] = if first_word { PROCLITICS } else { &[ARTICLE] };
    whole.into_iter().chain(allowed.iter().filter_map(move |&proclitic| {
        let attached = strip_prefix(proclitic, detached)?;
        let rest = strip_prefix(word, attached)?;
        has_at_least(rest, MIN_STEM_CHARS).then_some(Split { proclitic, taken: attached.len(), rest })
    }))
}

/// `str::strip_prefix` for the short affixes here, compared inline: the library call to `memcmp` costs
/// more than the comparison, and this runs for every proclitic on every word.
pub(crate) fn strip_prefix<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let (bytes, affix) = (s.as_bytes(), prefix.as_bytes());
    let equal = bytes.len() >= affix.len() && bytes.iter().zip(affix).all(|(a, b)| a == b);
    // Both are valid UTF-8 and equal over the prefix, so the cut falls on a char boundary.
    equal.then(|| s.get(affix.len()..)).flatten()
}

/// `str::strip_suffix`, compared inline like [`strip_prefix`].
pub(crate) fn strip_suffix<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let (bytes, affix) = (s.as_bytes(), suffix.as_bytes());
    let equal = bytes.len() >= affix.len() && bytes.iter().rev().zip(affix.iter().rev()).all(|(a, b)| a == b);
    equal.then(|| s.get(..s.len() - affix.len())).flatten()
}

/// Whether `rest` is `form` inflected: some [`INFLECTIONS`] entry swaps `form`'s ending for `rest`'s,
/// leaving the same stem of at least [`MIN_STEM_CHARS`] letters.
pub(crate) fn inflects(rest: &str, form: &str) -> bool {
    INFLECTIONS.iter().any(|inflection| {
        let stem = strip_suffix(rest, inflection.text_ending);
        !inflection.text_ending.is_empty()
            && stem.is_some_and(|stem| {
                strip_suffix(form, inflection.term_ending) == Some(stem) && has_at_least(stem, MIN_STEM_CHARS)
            })
    })
}

/// Whether `s` has at least `n` chars.
pub(crate) fn has_at_least(s: &str, n: usize) -> bool {
    n == 0 || s.chars().nth(n - 1).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize_word;

    fn word(text: &str) -> TermWord {
        TermWord::new(text, &normalize_word(text))
    }

    #[test]
    fn splits_need_a_real_stem() {
        for (name, input, detached, first, expected) in [
            ("plain", "منظمه", "", true, vec![("", "منظمه")]),
            ("lam", "لمنظمه", "", true, vec![("", "لمنظمه"), ("ل", "منظمه")]),
            (
                "lam plus article",
                "للسلطات",
                "",
                true,
                vec![("", "للسلطات"), ("ل", "لسلطات"), ("لل", "سلطات")],
            ),
            ("waw plus article", "والامن", "", true, vec![("", "والامن"), ("و", "الامن"), ("وال", "امن")]),
            ("later words take the article only", "والامن", "", false, vec![("", "والامن")]),
            ("too short", "لن", "", true, vec![("", "لن")]),
            ("detached lam", "رويترز", "ل", true, vec![("ل", "رويترز")]),
            ("detached ba with article", "الشغب", "ب", true, vec![("ب", "الشغب"), ("بال", "شغب")]),
        ] {
            let got: Vec<_> = splits(input, detached, first).map(|s| (s.proclitic, s.rest)).collect();
            assert_eq!(got, expected, "{name}");
        }
    }

    #[test]
    fn inflections() {
        for (name, rest, form, expected) in [
            ("feminine plural", "ناقلات", "ناقله", true),
            ("nisba feminine", "كازاخيه", "كازاخي", true),
            ("nisba plural", "ارهابيين", "ارهابي", true),
            ("pronoun after ta marbuta", "منظمتها", "منظمه", true),
            ("no nisba from a noun", "ايرانيين", "ايران", false),
            ("no nisba feminine from a name", "روسيه", "روسيا", false),
            ("a longer word is not an inflection", "قطارات", "قطر", false),
            ("derived word", "مصرفيه", "مصر", false),
            ("stem too short", "قات", "قه", false),
        ] {
            assert_eq!(inflects(rest, form), expected, "{name}");
        }
    }

    #[test]
    fn article_only_when_written_bare() {
        for (name, input, bare) in [
            ("article", "السلام", Some("سلام")),
            ("hamza alef is no article", "ألماتي", None),
            ("no article", "منظمة", None),
            ("article on a short word keeps it", "الم", None),
        ] {
            assert_eq!(word(input).bare.as_deref(), bare, "{name}");
        }
    }
}
