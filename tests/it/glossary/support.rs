//! Shared test data: paths, language tags, a glossary that exercises every field.

use tarjuman::glossary::model::{Concept, Glossary, MatchMode, PartOfSpeech, Term, TermStatus};
use tarjuman::lang::LanguageTag;

/// A language tag from a literal.
pub fn lang(tag: &str) -> LanguageTag {
    LanguageTag::parse(tag).unwrap()
}

/// The bytes of a file under tests/data.
pub fn data(path: &str) -> Vec<u8> {
    let full = format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

pub fn term(text: &str, status: TermStatus) -> Term {
    Term { text: text.into(), status }
}

/// An ar→en glossary using every field, hostile text included; ids set because TBX needs them.
pub fn sample() -> Glossary {
    use TermStatus::{Admitted, Forbidden, Preferred};
    let concept = |id: &str, pos: Option<PartOfSpeech>, source: Vec<Term>, target: Vec<Term>| Concept {
        id: Some(id.into()),
        source_terms: source,
        target_terms: target,
        part_of_speech: pos,
        match_mode: MatchMode::default_for(pos),
        note: None,
        domain: None,
    };
    Glossary {
        source_lang: lang("ar"),
        target_lang: lang("en"),
        concepts: vec![
            Concept {
                note: Some("Capital of Kazakhstan until 1997; the largest city".into()),
                domain: Some("geography".into()),
                ..concept(
                    "almaty",
                    Some(PartOfSpeech::ProperNoun),
                    vec![term("ألماتي", Preferred), term("ألما آتا", Admitted)],
                    vec![term("Almaty", Preferred), term("Alma-Ata", Forbidden)],
                )
            },
            Concept {
                note: Some("Two lines:\nfirst, \"quoted\" and <b>bold</b> & more".into()),
                ..concept(
                    "csto",
                    Some(PartOfSpeech::ProperNoun),
                    vec![term("منظمة معاهدة الأمن الجماعي", Preferred)],
                    vec![term("CSTO", Admitted), term("Collective Security Treaty Organization", Preferred)],
                )
            },
            concept(
                "c7",
                Some(PartOfSpeech::Adjective),
                vec![term("سوفييتي", Preferred)],
                vec![term("Soviet", Preferred)],
            ),
            concept(
                "x-1",
                None,
                vec![term("<script>alert('x')</script>", Preferred)],
                vec![term("a, b; \u{200f}c", Preferred)],
            ),
            Concept {
                match_mode: MatchMode::Inflected,
                ..concept(
                    "rioters",
                    Some(PartOfSpeech::Noun),
                    vec![term("مثيري الشغب", Preferred), term("مثيرو الشغب", Preferred)],
                    vec![term("rioters", Preferred)],
                )
            },
        ],
    }
}
