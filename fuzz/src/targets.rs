//! The fuzz targets' bodies: one function per reader of outside bytes, each calling the public entry point
//! that the upload routes (or, for SRX, the segmenter) use, then what the server does next with what was read.
//!
//! Shared by the cargo-fuzz binaries (`fuzz_targets/<name>.rs`, one line each, through `lib.rs`) and by the
//! corpus replay in `cargo test` (`tests/it/fuzz_replay.rs` includes this file), so a saved input replays
//! through exactly the code that was fuzzed. Every reader may refuse any input; none may panic. Only public
//! `tarjuman` API is called, so the targets stay valid while the readers' internals change.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use tarjuman::app::interchange::{read_article_file, ArticleFile, ArticleParts};
use tarjuman::formats::{self, tmx, xliff12, xliff2, BilingualDocument};
use tarjuman::glossary::error::FileFormat;
use tarjuman::glossary::model::{Concept, MatchMode, Term};
use tarjuman::glossary::{file, TermIndex};
use tarjuman::lang::LanguageTag;
use tarjuman::text::{normalize, segment, Segmenter};
use tarjuman::tm::analysis::{Band, Rates};
use tarjuman::web::bodies;

/// A target's name, which names its binary `fuzz_targets/<name>.rs` and its seed corpus `corpus/<name>/`, and
/// its body.
pub type Target = (&'static str, fn(&[u8]));

/// Every target.
pub const TARGETS: &[Target] = &[
    ("article_file", article_file),
    ("csv_bilingual", csv_bilingual),
    ("csv_glossary", csv_glossary),
    ("docx", docx),
    ("html", html),
    ("json_bodies", json_bodies),
    ("srx", srx),
    ("tbx", tbx),
    ("text_engine", text_engine),
    ("tmx", tmx),
    ("xliff12", xliff12),
    ("xliff2", xliff2),
];

fn lang(tag: &str) -> LanguageTag {
    LanguageTag::parse(tag).expect("a valid language tag")
}

/// What an article import does with a document it read: cut it into segments and targets (the
/// `ArticleParts` of a new article), and what an export does later: write it back in the same format.
fn import_and_export(doc: &BilingualDocument, write: fn(&BilingualDocument) -> Vec<u8>) {
    let _ = ArticleParts::of(doc, |_| true);
    let _ = write(doc);
}

/// An article upload whose kind is sniffed from its bytes (no file name): text, HTML, DOCX or XLIFF.
pub fn article_file(data: &[u8]) {
    if let Ok(ArticleFile::Bilingual(doc) | ArticleFile::ForeignXliff { doc, .. }) =
        read_article_file(data, None)
    {
        let _ = ArticleParts::of(&doc, |_| true);
    }
}

/// XLIFF 1.2, as `POST /api/v1/articles/{id}/import` reads it.
pub fn xliff12(data: &[u8]) {
    if let Ok(doc) = xliff12::read_xliff12(data) {
        import_and_export(&doc, xliff12::write_xliff12);
    }
}

/// XLIFF 2.x.
pub fn xliff2(data: &[u8]) {
    if let Ok(doc) = xliff2::read_xliff2(data) {
        import_and_export(&doc, xliff2::write_xliff2);
    }
}

/// Bilingual CSV (id, source, target, status).
pub fn csv_bilingual(data: &[u8]) {
    if let Ok(doc) = formats::csv::read_csv(data, lang("ar"), lang("en")) {
        import_and_export(&doc, formats::csv::write_csv);
    }
}

/// TMX, as `POST /api/v1/tm/import` reads it.
pub fn tmx(data: &[u8]) {
    let _ = tmx::read_tmx(data);
}

/// A glossary file as the glossary import reads it, then exported again in the same format.
fn glossary(format: FileFormat, data: &[u8]) {
    if let Ok(import) = file::read(format, data, lang("ar"), lang("en")) {
        let _ = file::write(format, &import.glossary);
    }
}

/// TBX glossaries.
pub fn tbx(data: &[u8]) {
    glossary(FileFormat::Tbx, data);
}

/// CSV glossaries.
pub fn csv_glossary(data: &[u8]) {
    glossary(FileFormat::Csv, data);
}

/// HTML article uploads.
pub fn html(data: &[u8]) {
    let _ = read_article_file(data, Some("upload.html"));
}

/// DOCX article uploads (a ZIP holding `word/document.xml`).
pub fn docx(data: &[u8]) {
    let _ = read_article_file(data, Some("upload.docx"));
}

/// SRX segmentation rules: compiled, then used on a paragraph with Arabic and English sentence ends.
pub fn srx(data: &[u8]) {
    let Ok(xml) = std::str::from_utf8(data) else { return };
    if let Ok(segmenter) = Segmenter::from_srx(xml) {
        for tag in ["ar", "en"] {
            let _ = segmenter
                .segment("قال د. أحمد: نعم. Mr. Smith left! Then? ١٢٫٥ بالمئة…\nNew line.", &lang(tag));
        }
    }
}

/// The API's JSON request bodies, each decoded as the handlers' `Json` extractor does (axum's
/// `Json::from_bytes`), and the rates body checked as `PUT /api/v1/analysis/rates` checks it.
pub fn json_bodies(data: &[u8]) {
    fn decode<T: DeserializeOwned>(data: &[u8]) -> Option<T> {
        axum::Json::<T>::from_bytes(data).ok().map(|axum::Json(body)| body)
    }
    decode::<bodies::CreateArticle>(data);
    decode::<bodies::UpdateArticle>(data);
    decode::<bodies::TakeMachineTranslation>(data);
    decode::<bodies::Credentials>(data);
    decode::<bodies::CreateGlossary>(data);
    decode::<bodies::EntryBody>(data);
    decode::<bodies::IgnoreFinding>(data);
    decode::<bodies::SaveSegment>(data);
    decode::<bodies::RevertSegment>(data);
    decode::<bodies::SplitSegment>(data);
    decode::<bodies::AnnotateSegment>(data);
    decode::<bodies::ScoringChange>(data);
    decode::<bodies::AddWord>(data);
    decode::<bodies::ChooseDictionary>(data);
    decode::<bodies::CommentBody>(data);
    decode::<bodies::Resolve>(data);
    decode::<bodies::MarkRead>(data);
    decode::<bodies::Heartbeat>(data);
    decode::<bodies::NewWebhook>(data);
    for (band, percent) in decode::<BTreeMap<String, i64>>(data).unwrap_or_default() {
        if let Ok(band) = band.parse::<Band>() {
            let _ = Rates::checked(band, percent);
        }
    }
}

/// Normalise, segment and match arbitrary UTF-8: nothing may panic, every match must map back.
pub fn text_engine(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Comment text: every part is a piece of the text, in order, and every mention names a user name.
    let parts = tarjuman::domain::comment::parts(text);
    assert!(parts.iter().all(|p| !p.text.is_empty() && text.contains(p.text.as_str())));
    for name in tarjuman::domain::comment::mentions(text) {
        assert!(tarjuman::domain::Username::parse(&name).is_ok(), "{name:?}");
    }
    let _ = normalize(text);
    for tag in ["ar", "en", "xx"] {
        for s in segment(text, &lang(tag)) {
            assert_eq!(&text[s.start..s.end], s.text);
        }
    }
    let chars: Vec<char> = text.chars().collect();
    for m in term_index().find(text) {
        assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.surface);
    }
}

fn term_index() -> &'static TermIndex {
    static INDEX: OnceLock<TermIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let concept = |terms: &[&str], mode| Concept {
            source_terms: terms.iter().map(|t| Term::preferred(*t)).collect(),
            match_mode: mode,
            ..Concept::default()
        };
        TermIndex::build(&[
            concept(&["روسيا", "قاسم جومارت توكاييف", "نيد برايس"], MatchMode::Proper),
            concept(&["عنف", "ناقلة جنود مدرعة", "قوات حفظ السلام"], MatchMode::Inflected),
            concept(&["تاس", "U.S."], MatchMode::Exact),
        ])
    })
}
