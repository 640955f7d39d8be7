//! Normalise, segment and match arbitrary UTF-8: nothing may panic, every match must map back.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tarjuman::glossary::model::{Concept, MatchMode, Term};
use tarjuman::glossary::TermIndex;
use tarjuman::lang::LanguageTag;
use tarjuman::text::{normalize, segment};

fn index() -> &'static TermIndex {
    static INDEX: OnceLock<TermIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let concept = |terms: &[&str], mode| Concept {
            source_terms: terms.iter().map(|t| Term::preferred(*t)).collect(),
            match_mode: mode,
            ..Concept::default()
        };
        TermIndex::build(&[
            concept(&["روسيا", "قاسم جومارت توكاييف", "نيد برايس"], MatchMode::Proper),
            concept(&["عنف", "ناقلة جنود مدرعة", "قوات حفظ السلام"], MatchMode::Inflected),
            concept(&["تاس", "U.S."], MatchMode::Exact),
        ])
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = normalize(text);
    for lang in ["ar", "en", "xx"] {
        for s in segment(text, &LanguageTag::parse(lang).expect("valid tag")) {
            assert_eq!(&text[s.start..s.end], s.text);
        }
    }
    let chars: Vec<char> = text.chars().collect();
    for m in index().find(text) {
        assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.surface);
    }
});
