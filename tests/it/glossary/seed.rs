//! The shipped termbase: glossaries/seed-world.ar-en.tbx, the world of the seed article.

use tarjuman::glossary::model::{Glossary, TermStatus};
use tarjuman::glossary::tbx::{read_tbx, write_tbx};

use crate::glossary::support::lang;
use crate::glossary::tbx::assert_valid_tbx;

const SEED: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/glossaries/seed-world.ar-en.tbx"));

fn seed() -> Glossary {
    let import = read_tbx(SEED, lang("ar"), lang("en")).unwrap();
    assert!(import.one_sided.is_empty(), "{:?}", import.one_sided);
    import.glossary
}

#[test]
fn is_valid_tbx_with_at_least_sixty_complete_entries() {
    assert_valid_tbx(SEED, "glossaries/seed-world.ar-en.tbx");
    let glossary = seed();
    assert!(glossary.concepts.len() >= 60, "{} entries", glossary.concepts.len());
    for concept in &glossary.concepts {
        let id = concept.id.as_deref().unwrap();
        assert!(concept.part_of_speech.is_some(), "{id}: part of speech");
        assert!(concept.note.is_some(), "{id}: note");
        assert!(concept.domain.is_some(), "{id}: subject field");
        assert!(concept.preferred_target().is_some(), "{id}: a usable target term");
    }
}

#[test]
fn is_in_the_form_the_writer_produces() {
    // So that exporting the seed from the server gives back the shipped file, and diffs stay readable.
    let written = String::from_utf8(write_tbx(&seed())).unwrap();
    let shipped = std::str::from_utf8(SEED).unwrap();
    for (number, (w, s)) in written.lines().zip(shipped.lines()).enumerate() {
        assert_eq!(w, s, "line {} differs", number + 1);
    }
    assert_eq!(written.lines().count(), shipped.lines().count());
}

#[test]
fn carries_the_entries_the_article_needs() {
    let glossary = seed();
    // (source term, preferred target, forbidden target if any)
    let cases = [
        ("منظمة معاهدة الأمن الجماعي", "Collective Security Treaty Organization", None),
        ("منظمة الدول التركية", "Organization of Turkic States", Some("Turkic Council")),
        ("الاتحاد السوفياتي", "Soviet Union", None),
        ("ألما آتا", "Almaty", Some("Alma-Ata")),
        ("نور سلطان", "Nur-Sultan", None),
        ("نزار باييف", "Nursultan Nazarbayev", None),
        ("مثيرو الشغب", "rioters", None),
        ("قرغيزستان", "Kyrgyzstan", Some("Kirghizia")),
        ("وكالة تاس", "TASS", None),
        ("الخارجية الأمريكية", "US State Department", None),
    ];
    for (source, target, forbidden) in cases {
        let concept = glossary
            .concepts
            .iter()
            .find(|c| c.source_terms.iter().any(|t| t.text == source))
            .unwrap_or_else(|| panic!("no entry for {source}"));
        assert_eq!(concept.preferred_target().unwrap().text, target, "{source}");
        if let Some(forbidden) = forbidden {
            let term = concept.target_terms.iter().find(|t| t.text == forbidden).unwrap();
            assert_eq!(term.status, TermStatus::Forbidden, "{source}");
        }
    }
}
