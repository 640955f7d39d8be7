//! Synthetic glossaries and text for the benches.

#![allow(dead_code)] // each bench uses part of this module

use tarjuman::glossary::model::{Concept, MatchMode, Term};

/// The seed article.
pub const SEED: &str = include_str!("../../samples/kazakhstan-csto.ar.txt");

/// The seed article repeated to about `bytes` bytes.
pub fn seed_text(bytes: usize) -> String {
    SEED.repeat(bytes / SEED.len() + 1)
}

const LETTERS: &[char] = &[
    'ا', 'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع', 'غ', 'ف', 'ق',
    'ك', 'ل', 'م', 'ن', 'ه', 'و', 'ي', 'ة', 'أ', 'ى',
];

/// A xorshift generator: reproducible, no dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// `n` concepts of 1-4 random Arabic words of 3-8 letters, modes in turn proper, inflected, exact, plus
/// a few terms of the seed so that matches happen.
pub fn glossary(n: usize) -> Vec<Concept> {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let modes = [MatchMode::Proper, MatchMode::Inflected, MatchMode::Exact];
    let mut concepts: Vec<Concept> = (0..n)
        .map(|i| {
            let words: Vec<String> = (0..1 + rng.below(4))
                .map(|_| (0..3 + rng.below(6)).map(|_| LETTERS[rng.below(LETTERS.len())]).collect())
                .collect();
            Concept {
                source_terms: vec![Term::preferred(words.join(" "))],
                match_mode: modes[i % modes.len()],
                ..Concept::default()
            }
        })
        .collect();
    for (term, mode) in [
        ("قاسم جومارت توكاييف", MatchMode::Proper),
        ("منظمة معاهدة الأمن الجماعي", MatchMode::Proper),
        ("كازاخستان", MatchMode::Proper),
        ("روسيا", MatchMode::Proper),
        ("قوات حفظ السلام", MatchMode::Inflected),
        ("عنف", MatchMode::Inflected),
        ("نيد برايس", MatchMode::Proper),
    ] {
        concepts.push(Concept {
            source_terms: vec![Term::preferred(term)],
            match_mode: mode,
            ..Concept::default()
        });
    }
    concepts
}
