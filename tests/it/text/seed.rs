//! The seed article against the shipped termbase: what a translator must be shown, and must not be.

use tarjuman::glossary::hit::{resolve, TermHit};
use tarjuman::glossary::tbx::read_tbx;
use tarjuman::glossary::TermIndex;
use tarjuman::lang::LanguageTag;
use tarjuman::text::segment;

use crate::support::SEED;
const TERMBASE: &[u8] = include_bytes!("../../../glossaries/seed-world.ar-en.tbx");

fn matched_segments() -> Vec<(String, Vec<TermHit>)> {
    let ar = LanguageTag::parse("ar").unwrap();
    let glossary = read_tbx(TERMBASE, ar.clone(), LanguageTag::parse("en").unwrap()).unwrap().glossary;
    let index = TermIndex::build(&glossary.concepts);
    segment(SEED, &ar)
        .into_iter()
        .map(|s| {
            let hits = resolve(&index.find(&s.text), &glossary.concepts);
            (s.text, hits)
        })
        .collect()
}

#[test]
fn the_seed_is_its_24_lines() {
    let ar = LanguageTag::parse("ar").unwrap();
    let segments: Vec<String> = segment(SEED, &ar).into_iter().map(|s| s.text).collect();
    let lines: Vec<&str> = SEED.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    assert_eq!(segments, lines);
}

#[test]
fn every_expected_term_is_found_where_the_article_uses_it() {
    let segments = matched_segments();
    // (segment, target term, required kind when the case is about the kind)
    let expected: &[(usize, &str, Option<&str>)] = &[
        (0, "Ukraine", None),
        (0, "Soviet Union", None),
        (1, "Kassym-Jomart Tokayev", Some("exact")),
        (1, "Kazakhstan", None),
        (1, "Kazakh", None),
        (2, "Collective Security Treaty Organization", None),
        (2, "violence", None),
        (3, "Collective Security Treaty Organization", Some("clitic")),
        (3, "Collective Security Council", None),
        (3, "TASS", None),
        (3, "peacekeeping forces", None),
        (4, "Belarus", None),
        (4, "Armenia", None),
        (4, "Tajikistan", None),
        (4, "Kyrgyzstan", None),
        (5, "Reuters", None),
        (5, "Almaty", None),
        (5, "Central Asia", None),
        (5, "rioters", None),
        (6, "Reuters", None),
        (7, "armored personnel carrier", None),
        (12, "Moscow", None),
        (12, "Ukraine", None),
        (13, "Nursultan Nazarbayev", None),
        (14, "Nur-Sultan", None),
        (15, "Kassym-Jomart Tokayev", Some("variant")),
        (16, "terrorist", None),
        (17, "counter-terrorism", None),
        (18, "uranium", None),
        (18, "Bitcoin", None),
        (21, "US State Department", None),
        (21, "Ned Price", Some("variant")),
        (21, "violence", None),
        (22, "human rights", None),
        (22, "state of emergency", None),
        (23, "Organization of Turkic States", None),
        (23, "Azerbaijan", None),
        (23, "Turkey", None),
        (23, "Kyrgyzstan", None),
    ];
    let mut missing = Vec::new();
    for &(index, target, kind) in expected {
        let (_, hits) = &segments[index];
        let found = hits.iter().any(|h| h.target == target && kind.is_none_or(|k| h.kind.as_str() == k));
        if !found {
            let seen: Vec<_> =
                hits.iter().map(|h| format!("{}={}({})", h.surface, h.target, h.kind.as_str())).collect();
            missing.push(format!("segment {index}: {target} {kind:?}; found {seen:?}"));
        }
    }
    assert!(missing.is_empty(), "missing:\n{}", missing.join("\n"));
}

#[test]
fn words_that_only_look_like_a_term_are_not_matched() {
    let segments = matched_segments();
    for (index, target) in [(5, "Kazakhstan"), (8, "Kazakhstan"), (12, "Russia")] {
        let (text, hits) = &segments[index];
        let wrong: Vec<_> = hits.iter().filter(|h| h.target == target).collect();
        assert!(wrong.is_empty(), "segment {index} ({text}) must not show {target}: {wrong:?}");
    }
}

#[test]
fn every_hit_points_at_its_surface_text() {
    for (text, hits) in matched_segments() {
        for hit in hits {
            let slice: String = text.chars().skip(hit.start).take(hit.end - hit.start).collect();
            assert_eq!(slice, hit.surface, "{text}");
        }
    }
}
