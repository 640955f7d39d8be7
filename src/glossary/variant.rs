//! Misspelled names: a word one edit away from a term word.
//!
//! Only long enough words may differ ([`MIN_VARIANT_WORD_CHARS`]), and never in their last letter: an
//! edit there is how Arabic inflects or derives (روسيا → روسية, أوكرانيا → أوكراني), not how names get
//! misspelled (جومارت → جومات, برايس → براس).

use crate::text::arabic::MIN_VARIANT_WORD_CHARS;

/// Whether `text_word` is `term_word` with one letter substituted, dropped or added, not at the end.
pub(crate) fn is_one_edit_away(text_word: &str, term_word: &str) -> bool {
    let term: Vec<char> = term_word.chars().collect();
    let text: Vec<char> = text_word.chars().collect();
    if term.len() < MIN_VARIANT_WORD_CHARS || text.len().abs_diff(term.len()) > 1 || text == term {
        return false;
    }
    let shorter = text.len().min(term.len());
    let prefix = text.iter().zip(&term).take_while(|(a, b)| a == b).count();
    let suffix = text.iter().rev().zip(term.iter().rev()).take_while(|(a, b)| a == b).count();
    let one_edit =
        if text.len() == term.len() { prefix + suffix + 1 >= shorter } else { prefix + suffix >= shorter };
    // The last letters agree, so the edit sits before them.
    one_edit && suffix >= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_not_at_the_end() {
        for (name, text, term, expected) in [
            ("dropped letter", "جومات", "جومارت", true),
            ("dropped yeh", "براس", "برايس", true),
            ("substituted first letter", "غومارت", "جومارت", true),
            ("added letter", "توكايييف", "توكاييف", true),
            ("same word", "برايس", "برايس", false),
            ("last letter differs", "روسيه", "روسيا", false),
            ("last letter dropped", "اوكراني", "اوكرانيا", false),
            ("last letter added", "ايرانه", "ايران", false),
            ("short words must match exactly", "نيز", "نيد", false),
            ("two edits", "جومت", "جومارت", false),
        ] {
            assert_eq!(is_one_edit_away(text, term), expected, "{name}");
        }
    }
}
