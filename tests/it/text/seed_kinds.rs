//! The seed article: 24 sentences, one per line, and the terms a translator needs in each.

use tarjuman::glossary::model::{Concept, MatchMode, PartOfSpeech, Term};
use tarjuman::glossary::{MatchKind, TermIndex};
use tarjuman::lang::LanguageTag;
use tarjuman::text::segment;

use crate::support::SEED;

/// (English name, part of speech, Arabic terms): a small glossary in the shape the TBX/CSV readers give.
const GLOSSARY: &[(&str, PartOfSpeech, &[&str])] = &[
    ("Ukraine", PartOfSpeech::ProperNoun, &["أوكرانيا"]),
    ("Soviet Union", PartOfSpeech::ProperNoun, &["الاتحاد السوفيتي", "الاتحاد السوفييتي"]),
    ("Kassym-Jomart Tokayev", PartOfSpeech::ProperNoun, &["قاسم جومارت توكاييف"]),
    ("Kazakhstan", PartOfSpeech::ProperNoun, &["كازاخستان"]),
    ("Kazakh", PartOfSpeech::Adjective, &["كازاخي"]),
    ("CSTO", PartOfSpeech::ProperNoun, &["منظمة معاهدة الأمن الجماعي"]),
    ("violence", PartOfSpeech::Noun, &["عنف"]),
    ("Collective Security Council", PartOfSpeech::ProperNoun, &["مجلس الأمن الجماعي"]),
    ("TASS", PartOfSpeech::ProperNoun, &["تاس"]),
    ("peacekeeping forces", PartOfSpeech::Noun, &["قوات حفظ السلام"]),
    ("Belarus", PartOfSpeech::ProperNoun, &["بيلاروسيا"]),
    ("Armenia", PartOfSpeech::ProperNoun, &["أرمينيا"]),
    ("Tajikistan", PartOfSpeech::ProperNoun, &["طاجيكستان"]),
    ("Kyrgyzstan", PartOfSpeech::ProperNoun, &["قيرغيزستان"]),
    ("Reuters", PartOfSpeech::ProperNoun, &["رويترز"]),
    ("Almaty", PartOfSpeech::ProperNoun, &["ألماتي"]),
    ("Central Asia", PartOfSpeech::ProperNoun, &["آسيا الوسطى"]),
    ("rioters", PartOfSpeech::Noun, &["مثيري الشغب"]),
    ("armored personnel carrier", PartOfSpeech::Noun, &["ناقلة جنود مدرعة"]),
    ("Moscow", PartOfSpeech::ProperNoun, &["موسكو"]),
    ("Nursultan Nazarbayev", PartOfSpeech::ProperNoun, &["نور سلطان نزارباييف", "نزار باييف"]),
    ("Nur-Sultan", PartOfSpeech::ProperNoun, &["نور سلطان"]),
    ("terrorist", PartOfSpeech::Noun, &["إرهابي"]),
    ("counter-terrorism", PartOfSpeech::Noun, &["مكافحة الإرهاب"]),
    ("uranium", PartOfSpeech::Noun, &["يورانيوم"]),
    ("Bitcoin", PartOfSpeech::ProperNoun, &["بيتكوين"]),
    ("US State Department", PartOfSpeech::ProperNoun, &["الخارجية الأمريكية"]),
    ("Ned Price", PartOfSpeech::ProperNoun, &["نيد برايس"]),
    ("human rights", PartOfSpeech::Noun, &["حقوق الإنسان"]),
    ("state of emergency", PartOfSpeech::Noun, &["حالة الطوارئ"]),
    ("Organization of Turkic States", PartOfSpeech::ProperNoun, &["منظمة الدول التركية"]),
    ("Azerbaijan", PartOfSpeech::ProperNoun, &["أذربيجان"]),
    ("Turkey", PartOfSpeech::ProperNoun, &["تركيا"]),
    ("Russia", PartOfSpeech::ProperNoun, &["روسيا"]),
];

/// Per line (0-based): the concepts that must be found.
const EXPECTED: &[(usize, &[&str])] = &[
    (0, &["Ukraine", "Soviet Union"]),
    (1, &["Kassym-Jomart Tokayev", "Kazakhstan", "Kazakh", "Russia"]),
    (2, &["CSTO", "violence"]),
    (3, &["CSTO", "Collective Security Council", "TASS", "peacekeeping forces", "Kazakhstan"]),
    (4, &["Belarus", "Armenia", "Tajikistan", "Kyrgyzstan", "Kazakhstan", "Russia"]),
    (5, &["Reuters", "Almaty", "Central Asia", "rioters"]),
    (6, &["Reuters"]),
    (7, &["armored personnel carrier", "Almaty"]),
    (12, &["Moscow", "Ukraine"]),
    (13, &["Nursultan Nazarbayev"]),
    (14, &["Nur-Sultan"]),
    (15, &["Kassym-Jomart Tokayev"]),
    (16, &["terrorist"]),
    (17, &["counter-terrorism", "Moscow"]),
    (18, &["uranium", "Bitcoin"]),
    (21, &["US State Department", "Ned Price", "violence"]),
    (22, &["human rights", "state of emergency"]),
    (23, &["Organization of Turkic States", "Azerbaijan", "Turkey", "Kyrgyzstan"]),
];

/// (line, concept) pairs that must never be found.
const NEVER: &[(usize, &str)] = &[(5, "Kazakhstan"), (8, "Kazakhstan"), (12, "Russia")];

/// (line, concept, kind) for the matches whose kind is the point.
const KINDS: &[(usize, &str, MatchKind)] = &[
    (0, "Ukraine", MatchKind::Exact),
    (2, "violence", MatchKind::Exact),
    (3, "CSTO", MatchKind::Clitic),
    (3, "peacekeeping forces", MatchKind::Clitic),
    (5, "rioters", MatchKind::Clitic),
    (7, "armored personnel carrier", MatchKind::Inflected),
    (15, "Kassym-Jomart Tokayev", MatchKind::Variant),
    (16, "terrorist", MatchKind::Inflected),
    (18, "uranium", MatchKind::Clitic),
    (21, "Ned Price", MatchKind::Variant),
    (21, "US State Department", MatchKind::Clitic),
    (23, "Turkey", MatchKind::Clitic),
];

fn concepts() -> Vec<Concept> {
    GLOSSARY
        .iter()
        .map(|(name, pos, terms)| Concept {
            id: Some((*name).to_owned()),
            source_terms: terms.iter().map(|t| Term::preferred(*t)).collect(),
            target_terms: vec![Term::preferred(*name)],
            part_of_speech: Some(*pos),
            match_mode: MatchMode::default_for(Some(*pos)),
            ..Concept::default()
        })
        .collect()
}

fn found(index: &TermIndex, concepts: &[Concept], line: usize) -> Vec<(String, MatchKind)> {
    let text = SEED.lines().nth(line).unwrap();
    index.find(text).into_iter().map(|m| (concepts[m.concept].id.clone().unwrap(), m.kind)).collect()
}

#[test]
fn seed_segments_into_its_24_lines() {
    let segments = segment(SEED, &LanguageTag::parse("ar").unwrap());
    let texts: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
    let lines: Vec<&str> = SEED.lines().collect();
    assert_eq!(texts, lines);
    for (i, s) in segments.iter().enumerate() {
        assert_eq!((s.index, s.paragraph, &SEED[s.start..s.end]), (i, i, s.text.as_str()));
    }
}

#[test]
fn seed_terms_are_found_per_line() {
    let concepts = concepts();
    let index = TermIndex::build(&concepts);
    for (line, names) in EXPECTED {
        let got = found(&index, &concepts, *line);
        for name in *names {
            assert!(got.iter().any(|(n, _)| n == name), "line {line}: {name} not in {got:?}");
        }
    }
    for (line, name) in NEVER {
        let got = found(&index, &concepts, *line);
        assert!(!got.iter().any(|(n, _)| n == name), "line {line}: {name} wrongly in {got:?}");
    }
    for (line, name, kind) in KINDS {
        let got = found(&index, &concepts, *line);
        assert!(got.contains(&((*name).to_owned(), *kind)), "line {line}: {name} as {kind:?} not in {got:?}");
    }
}

#[test]
fn seed_match_surfaces_are_their_char_spans() {
    let index = TermIndex::build(&concepts());
    for line in SEED.lines() {
        for m in index.find(line) {
            let span: String = line.chars().skip(m.start).take(m.end - m.start).collect();
            assert_eq!(span, m.surface);
        }
    }
}
