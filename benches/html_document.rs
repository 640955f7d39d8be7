//! An HTML page of 5,000 paragraphs with links, emphasis, line breaks and images: imported (read into
//! paragraphs with codes, then cut into sentences, as an upload does) and exported (the page rebuilt with
//! every sentence translated). Each must take well under a second.

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use tarjuman::app::interchange::document_segments;
use tarjuman::formats::html::{read_html_document, rebuild_html};
use tarjuman::inline::{self, Piece};
use tarjuman::lang::LanguageTag;

const PARAGRAPHS: usize = 5_000;

/// The seed article's lines, each in a paragraph with a link, bold, italic, a line break and an image.
fn page() -> String {
    let lines: Vec<&str> = common::SEED.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut page = String::from(
        "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
                                 <title>Bench</title></head><body><article>\n",
    );
    for n in 0..PARAGRAPHS {
        let line = lines[n % lines.len()];
        let (head, tail) =
            line.split_at(line.char_indices().nth(line.chars().count() / 2).map_or(0, |(at, _)| at));
        page.push_str(&format!(
            "<p class=\"body\">{head} <a href=\"/news/{n}?a=1&amp;b=2\" title=\"link {n}\">{n}</a> <b>قال</b> \
             <i>{tail}</i><br>\n<img src=\"/i/{n}.jpg\" alt=\"صورة {n}\"> وصلت القوات.</p>\n"
        ));
    }
    page.push_str("</article></body></html>\n");
    page
}

/// Each text piece between codes reversed: a translation of the same shape, codes kept.
fn translate(source: &str) -> String {
    let mut out = String::new();
    for piece in inline::pieces(source) {
        match piece {
            Piece::Text(t) => out.extend(t.chars().rev()),
            Piece::Code(marker) => inline::push_marker(&mut out, marker),
        }
    }
    out
}

fn html_document(c: &mut Criterion) {
    let page = page();
    let lang = LanguageTag::parse("ar").unwrap();
    let target = LanguageTag::parse("en").unwrap();
    let (segments, _) = document_segments(&read_html_document(page.as_bytes()).unwrap(), &lang);
    let targets: Vec<String> = segments.iter().map(|s| translate(&s.source)).collect();
    let mut paragraphs: Vec<Vec<(&str, &str)>> = Vec::new();
    for (segment, target) in segments.iter().zip(&targets) {
        let number = segment.paragraph as usize;
        paragraphs.resize_with(paragraphs.len().max(number + 1), Vec::new);
        paragraphs[number].push((&segment.source, target));
    }
    eprintln!("{} bytes, {} paragraphs, {} segments", page.len(), paragraphs.len(), segments.len());
    let mut group = c.benchmark_group("html_document");
    group.sample_size(10);
    group.bench_function("import_5000_paragraphs", |b| {
        b.iter(|| document_segments(&read_html_document(page.as_bytes()).unwrap(), &lang))
    });
    group.bench_function("export_5000_paragraphs", |b| {
        b.iter(|| rebuild_html(page.as_bytes(), &target, &paragraphs).unwrap())
    });
    group.finish();
}

criterion_group!(benches, html_document);
criterion_main!(benches);
