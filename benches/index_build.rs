//! Building the term index of 100,000 entries.

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use tarjuman::glossary::TermIndex;

fn build(c: &mut Criterion) {
    let concepts = common::glossary(100_000);
    let mut group = c.benchmark_group("index_build");
    group.sample_size(10);
    group.bench_function("100k_entries", |b| b.iter(|| TermIndex::build(&concepts)));
    group.finish();
}

criterion_group!(benches, build);
criterion_main!(benches);
