//! The checks on sentences of the seed article and their (good and bad) translations.

use std::sync::OnceLock;

use super::*;
use crate::glossary::model::Glossary;
use crate::glossary::tbx::read_tbx;
use crate::glossary::TermIndex;
use crate::text::segment;

const SEED: &str = include_str!("../../samples/kazakhstan-csto.ar.txt");

fn termbase() -> &'static (Glossary, TermIndex) {
    static TERMBASE: OnceLock<(Glossary, TermIndex)> = OnceLock::new();
    TERMBASE.get_or_init(|| {
        let tbx = include_bytes!("../../glossaries/seed-world.ar-en.tbx");
        let glossary = read_tbx(tbx, lang("ar"), lang("en")).unwrap().glossary;
        let index = TermIndex::build(&glossary.concepts);
        (glossary, index)
    })
}

fn lang(tag: &str) -> LanguageTag {
    LanguageTag::parse(tag).unwrap()
}

fn seed(index: usize) -> String {
    segment(SEED, &lang("ar")).swap_remove(index).text
}

/// The findings of `kind` for `target` as a translation of `source`, confirmed.
fn findings(kind: &str, source: &str, target: &str) -> Vec<Finding> {
    let (glossary, index) = termbase();
    let matches = index.find(source);
    let en = lang("en");
    let context = SegmentContext {
        source,
        target,
        target_lang: &en,
        confirmed: true,
        matches: &matches,
        concepts: &glossary.concepts,
        spelling: None,
        codes: &[],
    };
    check_segment(&context).into_iter().filter(|f| f.kind == kind).collect()
}

fn target_text(target: &str, span: Span) -> String {
    target.chars().skip(span.start).take(span.end - span.start).collect()
}

#[test]
fn missing_glossary_terms() {
    let source = seed(5);
    let good = "Reuters reported dozens of people killed whom the Kazakh police described as \"rioters\" in \
                Almaty, the main city in Central Asia.";
    assert_eq!(findings("missing_term", &source, good), vec![]);
    let bad =
        "The agency reported dozens killed whom Kazakh police called \"troublemakers\" in Almaty, the main city \
               in Central Asia.";
    let missing: Vec<String> =
        findings("missing_term", &source, bad).into_iter().map(|f| f.message).collect();
    assert_eq!(missing.len(), 2, "{missing:?}");
    assert!(missing[0].contains("Reuters") && missing[1].contains("rioters"), "{missing:?}");
}

#[test]
fn plural_and_possessive_targets_count_as_used() {
    let source = seed(7); // «ناقلات جنود مدرعة»
    let target = "On Thursday, armored personnel carriers entered the main square in Almaty amid gunfire as \
                  security forces closed in on protesters.";
    assert_eq!(findings("missing_term", &source, target), vec![]);
}

#[test]
fn forbidden_target_terms() {
    let source = seed(5);
    let target = "Reuters reported dozens of rioters killed in Alma-Ata, the main city in Central Asia.";
    let forbidden = findings("forbidden_term", &source, target);
    assert_eq!(forbidden.len(), 1, "{forbidden:?}");
    assert_eq!(forbidden[0].severity, Severity::Error);
    assert!(forbidden[0].message.contains("use “Almaty”"), "{}", forbidden[0].message);
    assert_eq!(target_text(target, forbidden[0].span.unwrap()), "Alma-Ata");
}

#[test]
fn numbers_in_any_digits_and_separators() {
    for (name, source, target, expected) in [
        ("percent sign", seed(18), "a jump of 8% in prices", vec![]),
        (
            "age in brackets and a year",
            seed(13),
            "Nazarbayev (81) ruled since 1990",
            vec!["The number 1990 is not in the source."],
        ),
        (
            "wrong number",
            "قفزة بنسبة 8٪".to_owned(),
            "a jump of 18%",
            vec!["The number 8 is missing from the translation.", "The number 18 is not in the source."],
        ),
        ("arabic-indic decimal", "سعر ٣٫٦٧ دولار".to_owned(), "a price of 3.67 dollars", vec![]),
        ("thousands separator", "1200 جندي".to_owned(), "1,200 soldiers", vec![]),
        ("arabic thousands separator", "١٬٢٠٠ جندي".to_owned(), "1200 soldiers", vec![]),
        ("list is not thousands", "مقتل 13 و 2".to_owned(), "13, 2 killed", vec![]),
        (
            "a number twice where the source has it once",
            "مقتل 13 شخصا".to_owned(),
            "13 killed, 13 of them police",
            vec!["The number 13 is 2 times in the translation, 1 in the source."],
        ),
    ] {
        let messages: Vec<String> =
            findings("numbers", &source, target).into_iter().map(|f| f.message).collect();
        assert_eq!(messages, expected, "{name}");
    }
}

#[test]
fn number_spans_point_at_the_number() {
    let target = "a jump of 18%";
    let found = findings("numbers", "قفزة بنسبة 8٪", target);
    let in_target = found.iter().find(|f| f.span.unwrap().side == Side::Target).unwrap();
    assert_eq!(target_text(target, in_target.span.unwrap()), "18");
}

#[test]
fn empty_translation_only_when_confirmed() {
    let source = seed(9);
    assert_eq!(findings("empty", &source, "  ").len(), 1);
    let (glossary, _) = termbase();
    let en = lang("en");
    let draft = SegmentContext {
        source: &source,
        target: "",
        target_lang: &en,
        confirmed: false,
        matches: &[],
        concepts: &glossary.concepts,
        spelling: None,
        codes: &[],
    };
    assert_eq!(check_segment(&draft), vec![]);
}

#[test]
fn translation_copied_from_the_source() {
    let source = seed(19);
    assert_eq!(findings("same_as_source", &source, &source).len(), 1);
    assert_eq!(findings("same_as_source", &source, "Reactions").len(), 0);
}

#[test]
fn arabic_left_in_an_english_translation() {
    let target = "Russia sent troops to كازاخستان at the request of its president.";
    let found = findings("arabic_in_target", &seed(1), target);
    assert_eq!(found.len(), 1);
    assert_eq!(target_text(target, found[0].span.unwrap()), "كازاخستان");
    let two_words = "the spokesman نيد براس said";
    let found = findings("arabic_in_target", &seed(21), two_words);
    assert_eq!(target_text(two_words, found[0].span.unwrap()), "نيد براس");
}

#[test]
fn unbalanced_brackets_and_quotes() {
    for (name, target, expected) in [
        ("balanced", "Nazarbayev (81) said “no” and \"yes\".", vec![]),
        ("bracket never closed", "Nazarbayev (81 ruled", vec!["“(” is never closed."]),
        ("curly quote never closed", "blamed “terrorists trained abroad", vec!["““” is never closed."]),
        ("closes nothing", "ruled 81) years", vec!["“)” closes nothing."]),
        ("straight quote odd", "called them \"rioters", vec!["“\"” is never closed."]),
    ] {
        let messages: Vec<String> =
            findings("unbalanced", "نص", target).into_iter().map(|f| f.message).collect();
        assert_eq!(messages, expected, "{name}");
    }
}

#[test]
fn stray_spaces() {
    let target = " Moscow said  it would  consult ";
    let found = findings("spacing", &seed(17), target);
    let spans: Vec<String> =
        found.iter().map(|f| format!("{:?}", target_text(target, f.span.unwrap()))).collect();
    assert_eq!(spans, ["\" \"", "\" \"", "\"  \"", "\"  \""]);
    assert_eq!(findings("spacing", &seed(17), "Moscow said it would consult.").len(), 0);
}

#[test]
fn the_same_source_translated_two_ways() {
    // The second source writes «أوكرانيا» with hamza and tatweel: the same sentence once normalised.
    let segments = [
        (0, "بعد اوكرانيا", "After Ukraine"),
        (1, "بعد أوكرانـيا", "Following Ukraine"),
        (2, "بعد اوكرانيا", "After  Ukraine"),
        (3, "ردود فعل", "Reactions"),
        (4, "ردود فعل", ""),
    ];
    let found = inconsistencies(&segments);
    let positions: Vec<usize> = found.iter().map(|(p, _)| *p).collect();
    assert_eq!(positions, [0, 1, 2]);
    assert!(found[1].1.message.contains("segment 1, 3"), "{}", found[1].1.message);
}

#[test]
fn the_memory_translates_the_same_source_otherwise() {
    let memory = ["Reactions", "Reactions ", "Responses"];
    let found = against_memory("Reactions", &memory).unwrap();
    assert_eq!(found.kind, "inconsistent_tm");
    assert_eq!(found.message, "The translation memory translates the same source as “Responses”.");
    assert_eq!(against_memory("Reactions", &["Reactions", " Reactions"]), None);
    assert_eq!(against_memory("", &memory), None, "an untranslated segment is not inconsistent");
    let many = ["a", "b", "c", "d", "e"];
    assert!(against_memory("Reactions", &many).unwrap().message.ends_with("“c” and 2 more."));
}
