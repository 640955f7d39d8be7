//! Glossary matching throughput: the seed article, sentence by sentence, against 100,000 entries.

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tarjuman::glossary::TermIndex;

fn find(c: &mut Criterion) {
    let index = TermIndex::build(&common::glossary(100_000));
    let text = common::seed_text(1 << 20);
    let sentences: Vec<&str> = text.lines().collect();
    let mut group = c.benchmark_group("match");
    group.sample_size(20).throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("seed_1MiB_100k_entries", |b| {
        b.iter(|| sentences.iter().map(|s| index.find(s).len()).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, find);
criterion_main!(benches);
