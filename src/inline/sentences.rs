//! Sentences of a paragraph with codes, and the paragraph put back together from its translated sentences.
//!
//! The segmenter reads the text between the codes (SRX rules know nothing of markup, as Okapi strips codes
//! before SRX); each break is then placed among the codes around it as SRX 2.0's format handling does by
//! default: closing codes stay with the sentence they end, opening codes go with the sentence they start,
//! and a standalone code goes with the sentence it touches. Every code lands in exactly one sentence, and
//! each sentence is a contiguous stretch of the paragraph, so the paragraph can be rebuilt around the
//! sentences exactly.

use super::{is_marker, Marker};
use crate::lang::LanguageTag;

/// The sentences of a paragraph that may hold codes, each a contiguous stretch of `paragraph` with its
/// codes, trimmed of whitespace at both ends. A paragraph with no text between its codes has none.
pub fn segment_paragraph(paragraph: &str, lang: &LanguageTag) -> Vec<String> {
    let (plain, starts) = plain_with_offsets(paragraph);
    let sentences = crate::text::segment(&plain, lang);
    if sentences.is_empty() {
        return Vec::new();
    }
    // In the paragraph: where each sentence's first character is, and where its last one ends.
    let first = |plain_at: usize| starts[plain_at];
    // `starts` maps every byte, so the byte after a sentence's last byte is one past that byte's place.
    let after_last = |plain_end: usize| plain_end.checked_sub(1).map_or(0, |at| starts[at] + 1);
    let mut cuts = vec![0];
    for pair in sentences.windows(2) {
        let gap = after_last(pair[0].end)..first(pair[1].start);
        cuts.push(gap.start + cut_in_gap(&paragraph[gap]));
    }
    cuts.push(paragraph.len());
    cuts.windows(2).map(|w| paragraph[w[0]..w[1]].trim().to_owned()).collect()
}

/// The text without its markers, and for each of its bytes the offset of the same byte in `text`; one more
/// entry past the end.
fn plain_with_offsets(text: &str) -> (String, Vec<usize>) {
    let mut plain = String::with_capacity(text.len());
    let mut starts = Vec::with_capacity(text.len() + 1);
    for (at, c) in text.char_indices().filter(|&(_, c)| !is_marker(c)) {
        plain.push(c);
        starts.extend(at..at + c.len_utf8());
    }
    starts.push(text.len());
    (plain, starts)
}

/// Where, inside the stretch between two sentences (whitespace and codes), the first sentence ends: after
/// its last closing code, unless an opening code comes first; else at the first space or opening code, so
/// a standalone code touching the first sentence stays with it.
fn cut_in_gap(gap: &str) -> usize {
    let mut cut = None;
    for (at, c) in gap.char_indices() {
        match Marker::of(c) {
            Some(Marker::Open(_)) => return cut.unwrap_or(at),
            Some(Marker::Close(_)) => cut = Some(at + c.len_utf8()),
            _ => {}
        }
    }
    cut.unwrap_or_else(|| gap.find(|c: char| c.is_whitespace()).unwrap_or(gap.len()))
}

/// The paragraph `original` with each sentence's source replaced by its translation, the whitespace between
/// them as it was; `units` are `(source, target)` in order. A source not found where expected (a split or a
/// merge changed it) is put after the previous translation with one space.
pub fn fill_paragraph(original: &str, units: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(original.len() + original.len() / 4);
    let mut cursor = 0;
    let mut in_place = true;
    for &(source, target) in units {
        match original[cursor..].find(source).filter(|_| !source.is_empty() && in_place) {
            Some(at) => {
                out.push_str(&original[cursor..cursor + at]);
                cursor += at + source.len();
            }
            None => {
                in_place = false;
                if !out.is_empty() && !target.is_empty() {
                    out.push(' ');
                }
            }
        }
        out.push_str(target);
    }
    if in_place {
        out.push_str(&original[cursor..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inline::tagged;

    /// A text written with readable tags (`<1>`, `</1>`, `<1/>`) turned into markers.
    fn coded(tags: &str) -> String {
        let re = regex::Regex::new(r"<(/?)(\d+)(/?)>").unwrap();
        re.replace_all(tags, |c: &regex::Captures| {
            let id = c[2].parse().unwrap();
            let marker = match (&c[1], &c[3]) {
                ("/", _) => Marker::Close(id),
                (_, "/") => Marker::Standalone(id),
                _ => Marker::Open(id),
            };
            marker.to_char().unwrap().to_string()
        })
        .into_owned()
    }

    fn sentences(tags: &str, lang: &str) -> Vec<String> {
        segment_paragraph(&coded(tags), &LanguageTag::parse(lang).unwrap())
            .iter()
            .map(|s| tagged(s))
            .collect()
    }

    #[test]
    fn codes_at_a_break_go_with_the_sentence_they_belong_to() {
        for (name, paragraph, expected) in [
            ("no codes", "One. Two.", vec!["One.", "Two."]),
            (
                "pair inside",
                "He met <1>Tokayev</1>. Then left.",
                vec!["He met <1>Tokayev</1>.", "Then left."],
            ),
            ("closing stays, opening goes", "<1>One.</1> <2>Two.</2>", vec!["<1>One.</1>", "<2>Two.</2>"]),
            (
                "bold across the break",
                "A <1>bold. Stretch</1> ends.",
                vec!["A <1>bold.", "Stretch</1> ends."],
            ),
            ("footnote touching the end", "One.<1/> Two.", vec!["One.<1/>", "Two."]),
            ("image before the next", "One. <1/>Two.", vec!["One.", "<1/>Two."]),
            ("space before a closing code", "<1>One. </1>Two.", vec!["<1>One. </1>", "Two."]),
            ("edges kept", " <1/> One. Two. <2/> ", vec!["<1/> One.", "Two. <2/>"]),
            ("only codes", "<1/> <2/>", vec![]),
            (
                "a sentence ending in a character of several bytes",
                "He said “yes.” <1>Then</1> left.",
                vec!["He said “yes.”", "<1>Then</1> left."],
            ),
        ] {
            assert_eq!(sentences(paragraph, "en"), expected, "{name}");
        }
        let arabic = sentences("قال <1>توكاييف</1>. وصلت القوات.", "ar");
        assert_eq!(arabic, ["قال <1>توكاييف</1>.", "وصلت القوات."]);
    }

    #[test]
    fn the_paragraph_is_rebuilt_around_its_translations() {
        let original = coded("  <1>Eins.</1>   Zwei<2/>.\n");
        let parts = segment_paragraph(&original, &LanguageTag::parse("de").unwrap());
        let same: Vec<_> = parts.iter().map(|s| (s.as_str(), s.as_str())).collect();
        assert_eq!(fill_paragraph(&original, &same), original, "unchanged sentences give the paragraph back");
        let one = coded("<1>One.</1>");
        let two = coded("Two<2/>.");
        let translated = [(parts[0].as_str(), one.as_str()), (parts[1].as_str(), two.as_str())];
        assert_eq!(tagged(&fill_paragraph(&original, &translated)), "  <1>One.</1>   Two<2/>.\n");
        let merged = format!("{} {}", parts[0], parts[1]);
        assert_eq!(tagged(&fill_paragraph(&original, &[(&merged, "All.")])), "All.");
        assert_eq!(fill_paragraph("A. B.", &[("A.", "X."), ("gone", "Y."), ("B.", "Z.")]), "X. Y. Z.");
    }
}
