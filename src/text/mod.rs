//! The text engine: pure functions over strings, no I/O.
//!
//! - [`normalize()`]: the normalised view used for matching (folds, invisible characters, the tatweel-dot
//!   trick) and [`tokenize`], which ties every token of that view to its span in the original text;
//! - [`segment()`]: sentence segmentation driven by SRX 2.0 rules ([`srx`], `rules.srx`);
//! - [`arabic`]: Arabic morphology tables (proclitics, inflections) used by the glossary matcher;
//! - [`bidi`]: the right-to-left runs of a mostly left-to-right text, for pages to isolate.
#![deny(missing_docs)]

pub mod arabic;
pub mod bidi;
pub mod chars;
pub mod normalize;
pub mod position;
pub mod realign;
pub mod segment;
pub mod srx;
pub mod token;

pub use normalize::{normalize, normalize_word};
pub use segment::{segment, Segment, Segmenter};
pub use token::{tokenize, Token, TokenKind, Tokenized};

/// Longest title taken from a text's first line, in characters; a longer line is cut at a word.
const TITLE_CHARS: usize = 80;

/// A title for a text pasted without one: its first non-blank line, cut at a word boundary before 80
/// characters (with «…»); `None` for a text of nothing but whitespace.
pub fn title_from_text(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|line| !line.is_empty())?;
    if line.chars().count() <= TITLE_CHARS {
        return Some(line.to_owned());
    }
    let cut: String = line.chars().take(TITLE_CHARS).collect();
    let at_word = cut.rfind(char::is_whitespace).map_or(cut.as_str(), |end| &cut[..end]);
    Some(format!("{}…", at_word.trim_end()))
}

/// Source words as progress and analysis count them: whitespace-separated, so that «لـ”رويترز”» is one.
pub fn word_count(text: &str) -> u64 {
    text.split_whitespace().count() as u64
}

#[cfg(test)]
mod tests {
    use super::title_from_text;

    #[test]
    fn titles_come_from_the_first_line() {
        let long = "كلمة ".repeat(30);
        let cut = format!("{}…", "كلمة ".repeat(16).trim_end());
        for (name, text, expected) in [
            ("first line", "روسيا ترسل قوات\nالنص", Some("روسيا ترسل قوات")),
            ("blank lines first", "\n  \n  عنوان  \nنص", Some("عنوان")),
            ("nothing", " \n\t", None),
            ("long line cut at a word", long.as_str(), Some(cut.as_str())),
        ] {
            assert_eq!(title_from_text(text).as_deref(), expected, "{name}");
        }
    }
}
