//! Sentence segmentation throughput on Arabic news text.

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tarjuman::lang::LanguageTag;
use tarjuman::text::Segmenter;

fn segment(c: &mut Criterion) {
    let text = common::seed_text(1 << 20);
    let lang = LanguageTag::parse("ar").unwrap();
    let segmenter = Segmenter::builtin();
    let mut group = c.benchmark_group("segment");
    group.sample_size(20).throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("seed_1MiB_ar", |b| b.iter(|| segmenter.segment(&text, &lang)));
    group.finish();
}

criterion_group!(benches, segment);
criterion_main!(benches);
