//! Shared test helpers: the sample document with hostile text, and schema validation with xmllint.

use std::path::{Path, PathBuf};

use tarjuman::formats::{BilingualDocument, GlossaryHint, Paragraph, Unit, UnitState};
use tarjuman::inline::{self, Code, CodeClass, Marker};
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

/// A code of the coded document.
fn code(id: u32, class: CodeClass, disp: &str, open: &str, close: Option<&str>) -> Code {
    let title = (class == CodeClass::Link).then(|| "https://example.org/?a=1&b=2".to_owned());
    Code { id, class, disp: disp.into(), title, open: open.into(), close: close.map(str::to_owned) }
}

/// `text` with `{n}`, `{/n}` and `{n/}` written as the markers of code n.
pub fn coded(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('}').unwrap() + at;
        let tag = &rest[at + 1..end];
        let marker = match (tag.strip_prefix('/'), tag.strip_suffix('/')) {
            (Some(id), _) => Marker::Close(id.parse().unwrap()),
            (_, Some(id)) => Marker::Standalone(id.parse().unwrap()),
            _ => Marker::Open(tag.parse().unwrap()),
        };
        inline::push_marker(&mut out, marker);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A document whose segments have inline codes: a bold name, a link (whose native data and address need
/// escaping) around an image, an italic stretch split across two sentences, a target that reorders codes,
/// crossing pairs, a line break, and a closing half whose opening is in no segment of its paragraph.
pub fn coded_document() -> BilingualDocument {
    let bold = code(1, CodeClass::Fmt, "b", "<b>", Some("</b>"));
    let link =
        code(2, CodeClass::Link, "link", "<a href=\"https://example.org/?a=1&amp;b=2\">", Some("</a>"));
    let image = code(3, CodeClass::Image, "img", "<img src=\"x.png\" alt='\"'>", None);
    let italic = code(4, CodeClass::Fmt, "i", "<i>", Some("</i>"));
    let unit = |id: &str, source: &str, codes: Vec<Code>, target: Option<&str>, state| Unit {
        codes,
        target: target.map(coded),
        state,
        revision: Some(3),
        ..Unit::new(id, coded(source))
    };
    let first = unit(
        "s1",
        "قال {1}الرئيس{/1} إن {2}الأمن{3/}{/2} {4}مهم.",
        vec![bold.clone(), link, image, italic.clone()],
        Some("The {2}security{3/}{/2} {1}president{/1} said {4}matters."),
        UnitState::Translated,
    );
    let second =
        unit("s2", "جدا{/4} والسلام.", vec![italic], Some("a lot{/4} and peace."), UnitState::Translated);
    let line_break = code(2, CodeClass::Other, "br", "<br>", None);
    let third = unit("s3", "{1}بلا{/1} ترجمة{2/}", vec![bold.clone(), line_break], None, UnitState::Initial);
    let crossing = vec![
        code(3, CodeClass::Fmt, "b", "<b>", Some("</b>")),
        code(4, CodeClass::Ui, "span", "<span class=\"ui\">", Some("</span>")),
    ];
    let fourth = unit("s4", "{3}أ{4}ب{/3}ج{/4}", crossing, Some("{3}a{4}b{/3}c{/4}"), UnitState::Reviewed);
    let underline = code(1, CodeClass::Quote, "q", "<q>", Some("</q>"));
    let fifth = unit("s5", "نهاية{/1} بقية", vec![underline], Some("end{/1} rest"), UnitState::Final);
    BilingualDocument {
        article_id: Some(43),
        title: "codes".into(),
        original: Some("codes.ar.html".into()),
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
