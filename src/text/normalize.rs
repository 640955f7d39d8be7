//! The normalised view of text, used for matching only: stored and displayed text is never altered.
//!
//! Each character goes through NFKC (only when it could change), then the folds of [`super::chars`]:
//! tatweel, tashkeel and invisible controls vanish, hamza-carrying alefs become bare alef, ى becomes ي,
//! ة becomes ه, every digit becomes ASCII, Arabic punctuation and curly quotes become ASCII, and letters are
//! lower-cased. A dot hidden between tatweels inside a word («عنـ.ـف», a trick to dodge keyword filters)
//! disappears with them.

use unicode_normalization::UnicodeNormalization;

use super::chars::{is_arabic_letter, is_mark, is_nfkc_inert, push_folded};
use super::token::tokenize;

/// The normalised view of `text`: what the matcher compares, with whitespace kept in place.
pub fn normalize(text: &str) -> String {
    tokenize(text).normalized
}

/// Whether `query` occurs in `text` once both are normalised: what the editor's Find means, so that
/// «اوكرانيا» finds «أوكرانيا» and «قواتها» finds «قواتـ.ـها». An empty query occurs everywhere.
pub fn contains(text: &str, query: &str) -> bool {
    normalize(text).contains(normalize(query).trim())
}

/// The normalised form of one word or short term, e.g. «الإرهابيـ.ـين» → «الارهابيين».
pub fn normalize_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_word_into(word, &mut out, |_| {});
    out
}

/// Appends the normalised form of `word` (the original text of one word token) to `out`.
///
/// `source` is called once per character pushed, with the char offset inside `word` of the character it
/// came from, so a position in the normalised word can be mapped back to the original.
pub(crate) fn fold_word_into(word: &str, out: &mut String, mut source: impl FnMut(usize)) {
    let word_start = out.len();
    let mut chars = word.char_indices().enumerate().peekable();
    while let Some((char_index, (byte, c))) = chars.next() {
        // A cluster is a base character and the combining marks after it: NFKC composes within it
        // (ا + U+0654 → أ), so it must see the whole cluster.
        let mut cluster_end = byte + c.len_utf8();
        while let Some(&(_, (b, mark))) = chars.peek() {
            if !is_mark(mark) {
                break;
            }
            cluster_end = b + mark.len_utf8();
            chars.next();
        }
        let before = out.len();
        if c == '.' && out[word_start..].chars().next_back().is_some_and(is_arabic_letter) {
            // The tatweel-dot trick: a dot inside an Arabic word is never content.
            continue;
        }
        if cluster_end == byte + c.len_utf8() && is_nfkc_inert(c) {
            push_folded(c, out);
        } else {
            for composed in word[byte..cluster_end].nfkc() {
                push_folded(composed, out);
            }
        }
        for _ in out[before..].chars() {
            source(char_index);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_normalise() {
        for (name, input, expected) in [
            ("tatweel dot", "عنـ.ـف", "عنف"),
            ("tatweel dot with suffix", "قواتـ.ـها", "قواتها"),
            ("tatweel dot after article", "العـ.ـنف", "العنف"),
            ("tatweel dot in plural", "إرهابيـ.ـين", "ارهابيين"),
            ("tatweel dot after first letter", "هـ.ـجوم", "هجوم"),
            ("tatweel dot before ta marbuta", "داميـ.ـة", "داميه"),
            ("tashkeel", "مُحَمَّدٌ", "محمد"),
            ("superscript alef", "هٰذا", "هذا"),
            ("hamza alefs", "أإآٱ", "اااا"),
            ("alef maqsura", "على", "علي"),
            ("ta marbuta", "دولة", "دوله"),
            ("decomposed hamza composes then folds", "ا\u{0654}رض", "ارض"),
            ("decomposed waw hamza keeps hamza", "مسو\u{0654}ول", "مسؤول"),
            ("bidi controls", "\u{200F}روسيا\u{202C}", "روسيا"),
            ("zero width joiner", "كازا\u{200D}خستان", "كازاخستان"),
            ("arabic-indic digits", "٣٦٧", "367"),
            ("persian digits", "۱۴۰۰", "1400"),
            ("arabic decimal separator", "٣٫٦٧", "3.67"),
            ("latin case", "Reuters", "reuters"),
            ("nfkc ligature", "ﬁnance", "finance"),
            ("presentation form lam-alef", "ﻻ", "لا"),
            ("fullwidth latin", "ＵＮ", "un"),
            ("persian yeh", "ایران", "ايران"),
        ] {
            assert_eq!(normalize_word(input), expected, "{name}");
        }
    }

    #[test]
    fn find_folds_spelling() {
        for (name, text, query, expected) in [
            ("bare alef finds hamza alef", "أوكرانيا دولة.", "اوكرانيا", true),
            ("plain word finds tatweel dot", "قواتـ.ـها كبيرة.", "قواتها", true),
            ("tatweel in the query", "قواتها", "قواتـها", true),
            ("ta marbuta and ha", "دولة", "دوله", true),
            ("latin any case", "Ukraine said", "ukraine SAID", true),
            ("spaces around the query", "روسيا ترسل", " روسيا ", true),
            ("another word", "روسيا", "اوكرانيا", false),
        ] {
            assert_eq!(contains(text, query), expected, "{name}");
        }
    }

    #[test]
    fn text_keeps_spacing_and_folds_punctuation() {
        for (name, input, expected) in [
            ("arabic comma and question", "روسيا، لماذا؟", "روسيا, لماذا?"),
            ("percent", "8٪", "8%"),
            ("semicolon", "أ؛ ب", "ا; ب"),
            ("curly quotes", "“تاس”", "\"تاس\""),
            ("sentence-final dot stays", "البلاد.", "البلاد."),
            ("ellipsis between words stays", "اوكرانيا..روسيا", "اوكرانيا..روسيا"),
        ] {
            assert_eq!(normalize(input), expected, "{name}");
        }
    }

    #[test]
    fn source_offsets_skip_marks() {
        let mut out = String::new();
        let mut sources = Vec::new();
        fold_word_into("وَالْمنظمة", &mut out, |i| sources.push(i));
        assert_eq!(out, "والمنظمه");
        assert_eq!(sources, [0, 2, 3, 5, 6, 7, 8, 9]);
    }
}
