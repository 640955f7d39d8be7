//! Properties over arbitrary text: offsets map back, nothing panics, segments keep all content.

use proptest::prelude::*;
use tarjuman::glossary::model::{Concept, MatchMode, Term};
use tarjuman::glossary::TermIndex;
use tarjuman::lang::LanguageTag;
use tarjuman::text::{normalize, segment, tokenize};

/// Text drawn mostly from the characters the engine treats specially: Arabic letters, tatweel, tashkeel,
/// Quranic marks, digits, punctuation, quotes, bidi controls, combining marks, whitespace, and any char.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => proptest::char::range('\u{0600}', '\u{06FF}').prop_map(String::from),
        2 => prop::sample::select(vec![
            "ـ", ".", "..", "…", "؟", "!", "?", "،", " ", "  ", "\n", "\n\n", "”", "“", "«", "»", "(", ")",
            "\u{200F}", "\u{202B}", "\u{2067}", "\u{FEFF}", "\u{0301}", "\u{064E}", "\u{0654}", "ـ.ـ", "لـ”",
            "ال", "لل", "و", "Dr.", "U.S.", "3.67", "٣٫٦٧", "ﻻ", "ﬁ", "İ", "-",
        ])
        .prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

fn index() -> TermIndex {
    let concept = |terms: &[&str], mode| Concept {
        source_terms: terms.iter().map(|t| Term::preferred(*t)).collect(),
        match_mode: mode,
        ..Concept::default()
    };
    TermIndex::build(&[
        concept(&["روسيا", "قاسم جومارت توكاييف"], MatchMode::Proper),
        concept(&["عنف", "ناقلة جنود مدرعة", "قوات حفظ السلام"], MatchMode::Inflected),
        concept(&["تاس", "U.S."], MatchMode::Exact),
        concept(&["ال", "ـ", "و"], MatchMode::Inflected),
    ])
}

fn without_whitespace(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn matches_map_back_to_their_surface(text in hostile_text()) {
        let chars: Vec<char> = text.chars().collect();
        let mut previous_end = 0;
        for m in index().find(&text) {
            prop_assert!(m.start < m.end && m.end <= chars.len());
            prop_assert!(m.start >= previous_end, "overlap");
            prop_assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.surface);
            previous_end = m.end;
        }
    }

    #[test]
    fn tokens_map_back_inside_the_text(text in hostile_text()) {
        let tokenized = tokenize(&text);
        for token in &tokenized.tokens {
            prop_assert!(text.is_char_boundary(token.bytes.start) && text.is_char_boundary(token.bytes.end));
            prop_assert_eq!(text[token.bytes.clone()].chars().count(), token.chars.len());
            prop_assert_eq!(text[..token.bytes.start].chars().count(), token.chars.start);
            prop_assert!(!tokenized.norm(token).is_empty());
        }
        prop_assert_eq!(normalize(&text), tokenized.normalized);
    }

    #[test]
    fn segments_cover_all_content_in_order(text in hostile_text(), lang in prop::sample::select(vec!["ar", "en", "fr"])) {
        let segments = segment(&text, &LanguageTag::parse(lang).unwrap());
        let mut previous_end = 0;
        for s in &segments {
            prop_assert!(s.start >= previous_end && s.start < s.end);
            prop_assert_eq!(&text[s.start..s.end], s.text.as_str());
            prop_assert_eq!(s.text.trim(), s.text.as_str());
            previous_end = s.end;
        }
        let joined: String = segments.iter().map(|s| s.text.as_str()).collect();
        prop_assert_eq!(without_whitespace(&joined), without_whitespace(&text));
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        let _ = normalize(&text);
        let _ = segment(&text, &LanguageTag::parse("ar").unwrap());
        let _ = index().find(&text);
    }
}
