//! Fuzzy-match scores as CAT tools show them: 100% for the same sentence once normalised (hamza, tatweel,
//! diacritics and invisible marks do not count), a point or two off when only punctuation or numbers differ,
//! and below that the character edit distance of the normalised texts. Pure; the candidates come from the
//! `pg_trgm` index of the store.

use serde::Serialize;

use super::codes::signature;
use crate::inline::plain;
use crate::text::normalize;

/// What the score of a near-exact match hides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchNote {
    /// Identical once normalised; only spelling marks differ (hamza, tatweel, diacritics).
    SpellingOnly,
    /// The words are the same; punctuation differs.
    PunctuationOnly,
    /// The words are the same; numbers differ (the translation's numbers must be changed).
    NumbersOnly,
    /// The words are the same; punctuation and numbers differ.
    PunctuationAndNumbers,
    /// The words are the same; the inline codes stand otherwise (`tm::codes::signature`).
    CodesOnly,
}

/// A fuzzy-match score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Score {
    /// 0 to 100.
    pub percent: u8,
    /// Why a near-exact match is not exact, when it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<MatchNote>,
}

/// Penalties for near-exact matches, in points: a changed number matters more than a changed comma.
const PUNCTUATION_PENALTY: u8 = 1;
const NUMBERS_PENALTY: u8 = 2;
/// Inline codes that stand otherwise: the translation's codes are placed by position and need a look.
const CODES_PENALTY: u8 = 1;

/// How close `candidate` (a TM source) is to `current` (the segment being translated); the text between
/// the inline codes is compared, and codes that stand otherwise cost a point (an exact match has the same
/// codes in the same places).
pub fn score(current: &str, candidate: &str) -> Score {
    let score = text_score(current, candidate);
    if signature(current) == signature(candidate) {
        return score;
    }
    match score.percent {
        100 => Score { percent: 100 - CODES_PENALTY, note: Some(MatchNote::CodesOnly) },
        percent => Score { percent: percent.saturating_sub(CODES_PENALTY), ..score },
    }
}

fn text_score(current: &str, candidate: &str) -> Score {
    let (a, b) = (collapse(&normalize(current)), collapse(&normalize(candidate)));
    if a == b {
        let note = (plain(current) != plain(candidate)).then_some(MatchNote::SpellingOnly);
        return Score { percent: 100, note };
    }
    let (words_a, words_b) = (words(&a), words(&b));
    if words_a.iter().map(|w| w.masked.as_str()).eq(words_b.iter().map(|w| w.masked.as_str())) {
        let numbers_differ = words_a.iter().map(|w| &w.text).ne(words_b.iter().map(|w| &w.text));
        let (penalty, note) = match (numbers_differ, punctuation(&a) != punctuation(&b)) {
            (true, true) => (PUNCTUATION_PENALTY + NUMBERS_PENALTY, MatchNote::PunctuationAndNumbers),
            (true, false) => (NUMBERS_PENALTY, MatchNote::NumbersOnly),
            // Same words, same marks: only the spacing around the marks differs.
            (false, _) => (PUNCTUATION_PENALTY, MatchNote::PunctuationOnly),
        };
        return Score { percent: 100 - penalty, note: Some(note) };
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let longest = a.len().max(b.len()).max(1);
    let similarity = 1.0 - edit_distance(&a, &b) as f64 / longest as f64;
    // A fuzzy match is never shown as 100%, nor as a near-exact one.
    let percent =
        (similarity * 100.0).floor().clamp(0.0, f64::from(100 - PUNCTUATION_PENALTY - NUMBERS_PENALTY - 1));
    Score { percent: percent as u8, note: None }
}

struct Word {
    text: String,
    /// The word with every digit replaced by `0`, to compare shapes.
    masked: String,
}

fn words(normalised: &str) -> Vec<Word> {
    normalised
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| Word {
            text: w.to_owned(),
            masked: w.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }).collect(),
        })
        .collect()
}

fn punctuation(text: &str) -> String {
    text.chars().filter(|c| !c.is_alphanumeric() && !c.is_whitespace()).collect()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Levenshtein distance over chars, in two rows of memory.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exact_match_has_the_same_codes_in_the_same_places() {
        use crate::inline::Marker;
        let [open, close, other_open, other_close, image] =
            [Marker::Open(1), Marker::Close(1), Marker::Open(4), Marker::Close(4), Marker::Standalone(2)]
                .map(|m| m.to_char().unwrap());
        let current = format!("قال {open}التقرير{close} إن القوات وصلت.");
        let renumbered = format!("قال {other_open}التقرير{other_close} إن القوات وصلت.");
        assert_eq!(score(&current, &renumbered), Score { percent: 100, note: None });
        let elsewhere = format!("{open}قال التقرير{close} إن القوات وصلت.");
        assert_eq!(score(&current, &elsewhere), Score { percent: 99, note: Some(MatchNote::CodesOnly) });
        assert_eq!(
            score(&current, "قال التقرير إن القوات وصلت."),
            Score { percent: 99, note: Some(MatchNote::CodesOnly) }
        );
        let fuzzy = format!("قال {open}التقرير{close} إن القوات وصلت أمس{image}.");
        let plain_fuzzy = text_score(&current, &format!("قال {open}التقرير{close} إن القوات وصلت أمس."));
        assert_eq!(score(&current, &fuzzy).percent, plain_fuzzy.percent - 1);
    }

    #[test]
    fn scores_like_a_cat_tool() {
        let seed = "وتحدثت “رويترز” عن مقـ.ـتل العشرات في مدينة ألماتي.";
        for (name, candidate, percent, note) in [
            ("identical", seed, 100, None),
            (
                "hamza, tatweel and dot trick",
                "وتحدثت “رويترز” عن مقتل العشرات في مدينة الماتي.",
                100,
                Some(MatchNote::SpellingOnly),
            ),
            (
                "punctuation",
                "وتحدثت رويترز عن مقـ.ـتل العشرات، في مدينة ألماتي!",
                99,
                Some(MatchNote::PunctuationOnly),
            ),
            ("one word changed", "وتحدثت “رويترز” عن مقـ.ـتل العشرات في مدينة أستانا.", 91, None),
        ] {
            assert_eq!(score(seed, candidate), Score { percent, note }, "{name}");
        }
    }

    #[test]
    fn an_unrelated_sentence_stays_far_below_the_suggestion_threshold() {
        let seed = "وتحدثت “رويترز” عن مقـ.ـتل العشرات في مدينة ألماتي.";
        assert!(score(seed, "اعتبرت الصين ما يجري شأنًا داخليًا.").percent < 50);
    }

    #[test]
    fn numbers_only_is_flagged_and_ranked_below_punctuation() {
        let current = "مقتل 13 من أفراد الأمن";
        assert_eq!(
            score(current, "مقتل 12 من أفراد الأمن"),
            Score { percent: 98, note: Some(MatchNote::NumbersOnly) }
        );
        assert_eq!(
            score(current, "مقتل ١٣ من أفراد الأمن"),
            Score { percent: 100, note: Some(MatchNote::SpellingOnly) }
        );
        assert_eq!(
            score(current, "مقتل 12 من أفراد الأمن."),
            Score { percent: 97, note: Some(MatchNote::PunctuationAndNumbers) }
        );
    }

    #[test]
    fn a_fuzzy_match_never_reaches_the_near_exact_band() {
        let long = "كلمة ".repeat(200);
        let almost = format!("{long}اخرى");
        assert!(score(&long, &almost).percent <= 96);
    }

    #[test]
    fn edit_distance_basics() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&chars("kitten"), &chars("sitting")), 3);
        assert_eq!(edit_distance(&chars(""), &chars("abc")), 3);
        assert_eq!(edit_distance(&chars("نيد برايس"), &chars("نيد براس")), 1);
    }
}
