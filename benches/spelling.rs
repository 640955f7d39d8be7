//! The spelling check's cost on a save: an average sentence of the seed article's English translation, and
//! the whole article (24 sentences), clean and with three misspelt words (each costs its suggestions),
//! against Debian's en_US dictionary and the shipped glossary's words. The dictionary is read once, outside
//! the timing, as the server reads it once per process.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tarjuman::glossary::tbx::read_tbx;
use tarjuman::lang::LanguageTag;
use tarjuman::qa::spelling::{Dictionary, KnownWords, Speller};

const TRANSLATION: &str = include_str!("common/kazakhstan-csto.en.txt");

fn spelling(c: &mut Criterion) {
    let read = |ext: &str| {
        std::fs::read_to_string(format!("/usr/share/hunspell/en_US.{ext}"))
            .expect("Debian's hunspell-en-us (scripts/test.sh installs it)")
    };
    let dictionary =
        Dictionary::parse(LanguageTag::parse("en-US").unwrap(), &read("aff"), &read("dic")).unwrap();
    let tbx = include_bytes!("../glossaries/seed-world.ar-en.tbx");
    let (ar, en) = (LanguageTag::parse("ar").unwrap(), LanguageTag::parse("en").unwrap());
    let glossary = read_tbx(tbx, ar, en).unwrap().glossary;
    let words =
        KnownWords::of_texts(glossary.concepts.iter().flat_map(|c| &c.target_terms).map(|t| t.text.as_str()));
    let known = [&words];
    let speller = Speller { dictionary: &dictionary, known: &known };
    let sentences: Vec<&str> = TRANSLATION.lines().collect();
    let misspelt: Vec<String> = sentences
        .iter()
        .map(|s| {
            s.replace("government", "goverment").replace("Belarus", "Belarsu").replace("uranium", "uranum")
        })
        .collect();
    let unknown: Vec<String> =
        sentences.iter().flat_map(|s| speller.misspelt(s)).map(|(_, word, _)| word).collect();
    assert_eq!(unknown, Vec::<String>::new(), "a clean translation");
    assert_eq!(misspelt.iter().map(|s| speller.misspelt(s).len()).sum::<usize>(), 3);

    let mut group = c.benchmark_group("spelling");
    group.sample_size(50);
    group.throughput(Throughput::Elements(sentences.len() as u64));
    group.bench_function("seed_article_clean", |b| {
        b.iter(|| sentences.iter().map(|s| speller.misspelt(s).len()).sum::<usize>())
    });
    group.bench_function("seed_article_three_misspelt", |b| {
        b.iter(|| misspelt.iter().map(|s| speller.misspelt(s).len()).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, spelling);
criterion_main!(benches);
