//! The text engine: pure functions over strings, no I/O.
//!
//! - [`normalize()`]: the normalised view used for matching (folds, invisible characters, the tatweel-dot
//!   trick) and [`tokenize`], which ties every token of that view to its span in the original text;
//! - [`segment()`]: sentence segmentation driven by SRX 2.0 rules ([`srx`], `rules.srx`);
//! - [`arabic`]: Arabic morphology tables (proclitics, inflections) used by the glossary matcher.
#![deny(missing_docs)]

pub mod arabic;
pub mod chars;
pub mod normalize;
pub mod position;
pub mod segment;
pub mod srx;
pub mod token;

pub use normalize::{normalize, normalize_word};
pub use segment::{segment, Segment, Segmenter};
pub use token::{tokenize, Token, TokenKind, Tokenized};

/// Source words as progress and analysis count them: whitespace-separated, so that «لـ”رويترز”» is one.
pub fn word_count(text: &str) -> u64 {
    text.split_whitespace().count() as u64
}
