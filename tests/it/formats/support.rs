//! Shared test helpers: the sample document with hostile text, and schema validation with xmllint.

use std::path::{Path, PathBuf};

use tarjuman::formats::{BilingualDocument, GlossaryHint, Paragraph, Unit, UnitState};
use tarjuman::lang::LanguageTag;

/// The test data folder.
pub fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(path)
}

/// A document with everything that can go wrong in a text: markup, entities, quotes, bidi marks, tatweel,
/// an empty target, a 2,000-character segment, every state, notes and glossary hints.
pub fn hostile_document() -> BilingualDocument {
    let unit = |id: &str, source: &str, target: Option<&str>, state: UnitState| Unit {
        target: target.map(str::to_owned),
        state,
        revision: Some(7),
        ..Unit::new(id, source)
    };
    let mut first = unit(
        "s1",
        "أرسلت منظمة معاهدة الأمن الجماعي <script>alert(1)</script> & \"قوات\" 'حفظ السلام'",
        Some("The CSTO sent <script>alert(1)</script> & \"peacekeeping\" 'troops'"),
        UnitState::Translated,
    );
    first.notes = vec!["check the name & <b>spelling</b>".into()];
    first.terms = vec![
        GlossaryHint {
            source: "منظمة معاهدة الأمن الجماعي".into(), target: "CSTO".into(), note: None
        },
        GlossaryHint {
            source: "قوات".into(), target: "troops".into(), note: Some("military sense".into())
        },
    ];
    let second = unit(
        "s2",
        "قال \u{200f}الرئيس\u{200e} قاسم جومات توكاييف إن العنـ.ـف «8٪»",
        Some(""),
        UnitState::Reviewed,
    );
    let third = unit("s3", "الأمـــــن", None, UnitState::Initial);
    let long: String = "كلمة طويلة جدا ".repeat(134).chars().take(2000).collect();
    let fourth = unit("s4", &long, Some(&"a long translation ".repeat(106)), UnitState::Final);
    let mut fifth = unit(
        "s5",
        "tab\there\nnew line =SUM(A1) +1 -2 @x 'quoted",
        Some("=HYPERLINK(\"x\")"),
        UnitState::Final,
    );
    fifth.revision = None;
    BilingualDocument {
        article_id: Some(42),
        title: "كازاخستان & <CSTO>".into(),
        original: Some("kazakhstan-csto.ar.txt".into()),
        source_lang: LanguageTag::parse("ar").unwrap(),
        target_lang: LanguageTag::parse("en").unwrap(),
        paragraphs: vec![
            Paragraph { units: vec![first, second] },
            Paragraph { units: vec![third, fourth] },
            Paragraph { units: vec![fifth] },
        ],
    }
}

/// Validates `bytes` with xmllint; `how` is `--schema` or `--dtdvalid`, `schema` relative to the schema folder.
pub fn validate(bytes: &[u8], how: &str, schema: &str, name: &str) {
    crate::support::xml::validate(bytes, how, schema, name);
}

/// A DOCX package holding only `word/document.xml` with the given bytes.
pub fn docx_with(document: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(document).unwrap();
    zip.finish().unwrap().into_inner()
}
