//! MQM review scores: a reviewer's error annotations (a category and a severity on a span) turned into
//! penalty points, points per 1,000 source words, MQM's 0–100 quality score and pass or fail.
//!
//! The formula (MQM scoring model, raw score, no calibration): the absolute penalty total is the sum of
//! every annotation's severity weight; `points_per_thousand = penalty × 1000 / words`; `score = 100 × (1 −
//! penalty / words)`, floored at 0; a review passes when `points_per_thousand` is at most the round's
//! threshold. An article with no source words scores 100 and passes.

use super::Side;
use crate::domain::words;

words! {
    /// An MQM error type, by the names MQM gives them.
    pub enum Category ("category") {
        /// Accuracy: the meaning is rendered wrongly.
        Mistranslation => "mistranslation",
        /// Accuracy: something of the source is missing (its span is in the source).
        Omission => "omission",
        /// Accuracy: something is added that the source does not say.
        Addition => "addition",
        /// Accuracy: text left in the source language.
        Untranslated => "untranslated",
        /// Fluency: grammar.
        Grammar => "grammar",
        /// Fluency: spelling.
        Spelling => "spelling",
        /// Fluency: punctuation.
        Punctuation => "punctuation",
        /// A term other than the glossary's.
        Terminology => "terminology",
        /// Style: register, awkwardness, the house style.
        Style => "style",
        /// Locale conventions: number formats.
        Numbers => "numbers",
        /// Locale conventions: date formats.
        Dates => "dates",
        /// Locale conventions: how names are written.
        Names => "names",
    }
}

impl Category {
    /// The MQM dimension the error type belongs to.
    pub fn dimension(self) -> &'static str {
        match self {
            Self::Mistranslation | Self::Omission | Self::Addition | Self::Untranslated => "accuracy",
            Self::Grammar | Self::Spelling | Self::Punctuation => "fluency",
            Self::Terminology => "terminology",
            Self::Style => "style",
            Self::Numbers | Self::Dates | Self::Names => "locale-conventions",
        }
    }

    /// Which text the error's span points into: the source for an omission (what is missing is not in the
    /// target), the target for every other error.
    pub fn side(self) -> Side {
        if self == Self::Omission {
            Side::Source
        } else {
            Side::Target
        }
    }
}

words! {
    /// How much an error weighs.
    pub enum ErrorSeverity ("severity") {
        /// Noticed, but the text still serves.
        Minor => "minor",
        /// Changes or obscures the meaning.
        Major => "major",
        /// Makes the text unusable or harmful.
        Critical => "critical",
    }
}

/// Penalty points per severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weights {
    /// A minor error's points.
    pub minor: u32,
    /// A major error's points.
    pub major: u32,
    /// A critical error's points.
    pub critical: u32,
}

impl Default for Weights {
    /// MQM's defaults: 1, 5, 25.
    fn default() -> Self {
        Self { minor: 1, major: 5, critical: 25 }
    }
}

impl Weights {
    /// The points of one error of `severity`.
    pub fn points(&self, severity: ErrorSeverity) -> u32 {
        match severity {
            ErrorSeverity::Minor => self.minor,
            ErrorSeverity::Major => self.major,
            ErrorSeverity::Critical => self.critical,
        }
    }
}

/// A review's score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    /// The sum of the errors' weights.
    pub penalty_points: u64,
    /// The source words judged.
    pub words: u64,
    /// Penalty points per 1,000 source words.
    pub points_per_thousand: f64,
    /// MQM's quality score, 0–100.
    pub score: f64,
    /// Whether `points_per_thousand` is within the threshold.
    pub pass: bool,
}

/// The score of errors of these severities over `words` source words, against `threshold` points per 1,000
/// words.
pub fn score(
    errors: impl IntoIterator<Item = ErrorSeverity>,
    words: u64,
    weights: &Weights,
    threshold: f64,
) -> Score {
    let penalty_points: u64 = errors.into_iter().map(|s| u64::from(weights.points(s))).sum();
    let (points_per_thousand, score) = if words == 0 {
        (0.0, 100.0)
    } else {
        let per_word = penalty_points as f64 / words as f64;
        (per_word * 1000.0, (100.0 * (1.0 - per_word)).max(0.0))
    };
    Score { penalty_points, words, points_per_thousand, score, pass: points_per_thousand <= threshold }
}

/// Why an annotation's span cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpanError {
    /// The span is empty or reversed.
    #[error("the span must hold at least one character (start {start} < end {end})")]
    Empty {
        /// Start given.
        start: usize,
        /// End given.
        end: usize,
    },
    /// The span runs past the text it points into.
    #[error("the span {start}..{end} runs past the {side} ({length} characters)")]
    Outside {
        /// Start given.
        start: usize,
        /// End given.
        end: usize,
        /// Which text.
        side: Side,
        /// Its length in characters.
        length: usize,
    },
}

/// Checks that `start..end` (Unicode scalar values) is a non-empty stretch of the text an error of
/// `category` points into (the source for an omission, otherwise the target).
pub fn check_span(
    category: Category,
    start: usize,
    end: usize,
    source: &str,
    target: &str,
) -> Result<Side, SpanError> {
    if start >= end {
        return Err(SpanError::Empty { start, end });
    }
    let side = category.side();
    let text = match side {
        Side::Source => source,
        Side::Target => target,
    };
    let length = text.chars().count();
    if end > length {
        return Err(SpanError::Outside { start, end, side, length });
    }
    Ok(side)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ErrorSeverity::{Critical, Major, Minor};

    #[test]
    fn a_score_is_the_weights_over_the_words() {
        // One minor, one major, one critical over 200 words: 31 points, 155 per thousand, 84.5.
        let s = score([Minor, Major, Critical], 200, &Weights::default(), 200.0);
        assert_eq!(s.penalty_points, 31);
        assert!((s.points_per_thousand - 155.0).abs() < 1e-9);
        assert!((s.score - 84.5).abs() < 1e-9);
        assert!(s.pass);
        assert!(!score([Minor, Major, Critical], 200, &Weights::default(), 154.9).pass);
    }

    #[test]
    fn weights_are_the_admins() {
        let weights = Weights { minor: 2, major: 10, critical: 100 };
        let s = score([Minor, Minor, Critical], 1000, &weights, 20.0);
        assert_eq!(s.penalty_points, 104);
        assert!(!s.pass);
    }

    #[test]
    fn the_score_is_floored_and_empty_articles_pass() {
        assert_eq!(score([Critical], 10, &Weights::default(), 20.0).score, 0.0);
        let empty = score([], 0, &Weights::default(), 0.0);
        assert_eq!((empty.score, empty.pass), (100.0, true));
    }

    #[test]
    fn spans_point_into_the_target_or_for_an_omission_the_source() {
        let (source, target) = ("أرسلت روسيا قوات", "Russia sent");
        assert_eq!(check_span(Category::Grammar, 0, 6, source, target), Ok(Side::Target));
        assert_eq!(check_span(Category::Omission, 12, 16, source, target), Ok(Side::Source));
        assert!(matches!(
            check_span(Category::Grammar, 7, 12, source, target),
            Err(SpanError::Outside { length: 11, .. })
        ));
        assert!(matches!(check_span(Category::Style, 3, 3, source, target), Err(SpanError::Empty { .. })));
    }

    #[test]
    fn categories_read_as_mqm_names_them() {
        assert_eq!("omission".parse::<Category>(), Ok(Category::Omission));
        assert_eq!(Category::Numbers.dimension(), "locale-conventions");
        assert!("typo".parse::<Category>().is_err());
        assert_eq!("critical".parse::<ErrorSeverity>(), Ok(Critical));
    }
}
