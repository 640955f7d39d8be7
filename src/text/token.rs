//! Tokens of the normalised view, each tied to its exact span in the original text.
//!
//! A word is a run of letters, digits and combining marks; tatweel, tashkeel and invisible controls may sit
//! inside it, and a few joiners may too: a dot between tatweels inside an Arabic word («عنـ.ـف»), a decimal
//! separator between digits (3.67, ٣٫٦٧), a dot or apostrophe between Latin letters (U.S, d'Ivoire). Every
//! other visible character is a one-character punctuation token. Whitespace and stray invisible characters
//! separate tokens.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use super::chars::{
    digit_value, is_arabic_letter, is_ignorable, is_latin_letter, is_mark, is_word_char, push_folded,
    LATIN_JOINERS, NUMBER_JOINERS, TATWEEL,
};
use super::normalize::fold_word_into;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters and digits (with whatever joins them).
    Word,
    /// One punctuation or symbol character.
    Punct,
}

/// One token: its kind, its normalised form and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Word or punctuation.
    pub kind: TokenKind,
    /// Byte range of the normalised form in [`Tokenized::normalized`].
    pub norm: Range<usize>,
    /// Byte range in the original text.
    pub bytes: Range<usize>,
    /// Range in Unicode scalar values (chars) of the original text.
    pub chars: Range<usize>,
}

/// A text cut into tokens, with its whole normalised view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokenized {
    /// The normalised view of the whole text; whitespace between tokens is kept.
    pub normalized: String,
    /// The tokens in text order.
    pub tokens: Vec<Token>,
}

impl Tokenized {
    /// The normalised form of `token`.
    pub fn norm(&self, token: &Token) -> &str {
        self.normalized.get(token.norm.clone()).unwrap_or_default()
    }
}

/// Cuts `text` into word and punctuation tokens with their normalised forms and original spans.
pub fn tokenize(text: &str) -> Tokenized {
    let mut out = Tokenized { normalized: String::with_capacity(text.len()), tokens: Vec::new() };
    let mut byte = 0;
    let mut char_index = 0;
    while let Some(c) = text[byte..].chars().next() {
        if is_word_char(c) {
            let (end, end_char) = word_end(text, byte, char_index);
            let norm_start = out.normalized.len();
            fold_word_into(&text[byte..end], &mut out.normalized, |_| {});
            push_token(&mut out, TokenKind::Word, norm_start, byte..end, char_index..end_char);
            byte = end;
            char_index = end_char;
            continue;
        }
        if c.is_whitespace() {
            out.normalized.push(if c == '\n' || c == '\t' { c } else { ' ' });
        } else if !is_ignorable(c) {
            let norm_start = out.normalized.len();
            for folded in c.nfkc() {
                push_folded(folded, &mut out.normalized);
            }
            let end = byte + c.len_utf8();
            push_token(&mut out, TokenKind::Punct, norm_start, byte..end, char_index..char_index + 1);
        }
        byte += c.len_utf8();
        char_index += 1;
    }
    out
}

fn push_token(
    out: &mut Tokenized,
    kind: TokenKind,
    norm_start: usize,
    bytes: Range<usize>,
    chars: Range<usize>,
) {
    let norm = norm_start..out.normalized.len();
    // A word made only of characters that fold to nothing is no token.
    if !norm.is_empty() {
        out.tokens.push(Token { kind, norm, bytes, chars });
    }
}

/// Where the word starting at `start` ends: after its last letter, digit or mark (trailing tatweel and
/// controls stay outside), as (byte, char) positions.
fn word_end(text: &str, start: usize, start_char: usize) -> (usize, usize) {
    let mut end = (start, start_char);
    let mut last_content = None;
    let mut previous = None;
    for (char_index, (offset, c)) in (start_char..).zip(text[start..].char_indices()) {
        let here = start + offset;
        let joins = || {
            let rest = &text[here + c.len_utf8()..];
            last_content.is_some_and(|last| joiner_joins(c, last, previous, rest))
        };
        if is_word_char(c) || is_mark(c) {
            if is_word_char(c) {
                last_content = Some(c);
            }
            end = (here + c.len_utf8(), char_index + 1);
        } else if !(is_ignorable(c) || joins()) {
            break;
        }
        previous = Some(c);
    }
    end
}

/// Whether the joiner `c`, after the word character `last` (and right after `previous`), continues the word
/// whose text goes on with `rest`.
fn joiner_joins(c: char, last: char, previous: Option<char>, rest: &str) -> bool {
    let next = rest.chars().next();
    if c == '.' && is_arabic_letter(last) {
        let tatweel_beside = previous == Some(TATWEEL) || next == Some(TATWEEL);
        let next_content = rest.chars().find(|&n| !is_ignorable(n));
        return tatweel_beside && next_content.is_some_and(is_arabic_letter);
    }
    if NUMBER_JOINERS.contains(&c) && digit_value(last).is_some() {
        return next.and_then(digit_value).is_some();
    }
    LATIN_JOINERS.contains(&c) && is_latin_letter(last) && next.is_some_and(is_latin_letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, &str)> {
        let t = tokenize(text);
        t.tokens.iter().map(|tok| (t.norm(tok).to_owned(), &text[tok.bytes.clone()])).collect()
    }

    #[test]
    fn tokens_and_spans() {
        for (name, input, expected) in [
            ("tatweel dot joins", "أعمال عنـ.ـف", vec![("اعمال", "أعمال"), ("عنف", "عنـ.ـف")]),
            ("sentence dot splits", "البلاد.", vec![("البلاد", "البلاد"), (".", ".")]),
            (
                "ellipsis between words splits",
                "اوكرانيا..روسيا",
                vec![("اوكرانيا", "اوكرانيا"), (".", "."), (".", "."), ("روسيا", "روسيا")],
            ),
            (
                "separated proclitic",
                "لـ”رويترز”",
                vec![("ل", "ل"), ("\"", "”"), ("رويترز", "رويترز"), ("\"", "”")],
            ),
            ("decimal number", "3.67 و٣٫٦٧", vec![("3.67", "3.67"), ("و3.67", "و٣٫٦٧")]),
            ("latin initials", "U.S.", vec![("u.s", "U.S"), (".", ".")]),
            ("final tashkeel stays in the span", "عنفٌ،", vec![("عنف", "عنفٌ"), (",", "،")]),
            ("trailing tatweel stays outside", "بـ ", vec![("ب", "ب")]),
            ("percent", "8٪", vec![("8", "8"), ("%", "٪")]),
        ] {
            let expected: Vec<(String, &str)> =
                expected.into_iter().map(|(n, s)| (n.to_owned(), s)).collect();
            assert_eq!(words(input), expected, "{name}");
        }
    }

    #[test]
    fn char_spans_count_scalar_values() {
        let text = "قال “تاس”";
        let t = tokenize(text);
        let spans: Vec<_> = t.tokens.iter().map(|tok| tok.chars.clone()).collect();
        assert_eq!(spans, [0..3, 4..5, 5..8, 8..9]);
    }
}
