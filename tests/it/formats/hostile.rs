//! Hostile input: malformed documents name line and column; entity declarations are refused, never expanded;
//! nesting, size and characters XML cannot carry are refused by the one XML reader's limits.
//! DOCX is here through its `word/document.xml` (zip bombs and broken archives: `docx.rs`).

use tarjuman::formats::docx::{read_docx_text, DocxLimits};
use tarjuman::formats::tmx::read_tmx;
use tarjuman::formats::{xliff12, xliff2, FormatError, Position, Problem};
use tarjuman::xml::Problem as Xml;

type Reader = fn(&[u8]) -> Result<(), FormatError>;

const READERS: &[(&str, Reader)] = &[
    ("xliff12", |b| xliff12::read_xliff12(b).map(drop)),
    ("xliff2", |b| xliff2::read_xliff2(b).map(drop)),
    ("tmx", |b| read_tmx(b).map(drop)),
    ("docx", |b| read_docx_text(&crate::formats::support::docx_with(b), &DocxLimits::default()).map(drop)),
];

const BILLION_LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE xliff [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<xliff>&lol3;</xliff>"#;

const EXTERNAL_ENTITY: &str = r#"<?xml version="1.0"?>
<!DOCTYPE xliff [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<xliff>&xxe;</xliff>"#;

#[test]
fn malformed_xml_names_line_and_column() {
    for (name, read) in READERS {
        let error = read(b"<?xml version=\"1.0\"?>\n<a>\n  <b></c>\n</a>").unwrap_err();
        assert!(matches!(*error.problem, Problem::Xml(_)), "{name}: {error}");
        assert_eq!(error.position.map(|p| p.line), Some(3), "{name}: {error}");
        assert!(matches!(error.position, Some(Position { column: Some(_), .. })), "{name}: {error}");
    }
}

#[test]
fn entity_declarations_are_refused() {
    for (name, read) in READERS {
        for input in [BILLION_LAUGHS, EXTERNAL_ENTITY] {
            let error = read(input.as_bytes()).unwrap_err();
            assert_eq!(*error.problem, Problem::Xml(Xml::InternalSubset), "{name}: {error}");
            assert_eq!(error.position.map(|p| p.line), Some(2), "{name}");
        }
    }
}

#[test]
fn undeclared_entities_are_refused_not_fetched() {
    for (name, read) in READERS {
        let error = read(b"<xliff>&xxe;</xliff>").unwrap_err();
        assert_eq!(*error.problem, Problem::Xml(Xml::UnknownEntity("xxe".into())), "{name}: {error}");
    }
}

#[test]
fn other_encodings_and_bad_utf8_are_refused() {
    let declared = |label: &str| format!("<?xml version=\"1.0\" encoding=\"{label}\"?><xliff/>");
    for (name, read) in READERS {
        let error = read(declared("x-klingon").as_bytes()).unwrap_err();
        assert!(matches!(*error.problem, Problem::Xml(Xml::Encoding(_))), "{name}: {error}");
        // XLIFF and TMX come from CAT tools in the encoding they declare (windows-1252, UTF-16…): decoded.
        let error = read(declared("ISO-8859-1").as_bytes()).unwrap_err();
        let refused = matches!(*error.problem, Problem::Xml(Xml::Encoding(_)));
        assert_eq!(refused, *name == "docx", "{name}: {error}");
        let error = read(b"<xliff>\xff</xliff>").unwrap_err();
        assert_eq!(*error.problem, Problem::NotUtf8, "{name}: {error}");
    }
}

/// `depth` elements inside one another, the innermost holding text.
fn nested(depth: usize) -> String {
    format!("<?xml version=\"1.0\"?>\n<xliff>\n{}x{}</xliff>", "<g>".repeat(depth), "</g>".repeat(depth))
}

#[test]
fn deep_nesting_is_refused_with_its_line_and_never_overflows_the_stack() {
    for (name, read) in READERS {
        // 20,000 levels overflowed the stack of a tokio worker before the reader had a limit.
        let error = read(nested(20_000).as_bytes()).unwrap_err();
        assert_eq!(*error.problem, Problem::Xml(Xml::TooDeep { line: 3, limit: 256 }), "{name}: {error}");
        assert!(error.to_string().contains("nesting too deep (line 3"), "{name}: {error}");
    }
}

#[test]
fn nesting_up_to_the_limit_is_read() {
    // The root, 254 levels of <g> and no more than the limit: no reader refuses it for its depth.
    for (name, read) in READERS {
        if let Err(error) = read(nested(254).as_bytes()) {
            assert!(!matches!(*error.problem, Problem::Xml(Xml::TooDeep { .. })), "{name}: {error}");
        }
    }
}

#[test]
fn characters_xml_cannot_carry_are_refused() {
    for (name, read) in READERS {
        for input in [
            "<xliff>bell\u{7}</xliff>",
            "<xliff>&#7;</xliff>",
            "<xliff a=\"&#xFFFF;\"/>",
            "<xliff>\u{FFFE}</xliff>",
        ] {
            let error = read(input.as_bytes()).unwrap_err();
            assert!(matches!(*error.problem, Problem::Xml(Xml::IllegalChar(_))), "{name} {input:?}: {error}");
        }
    }
}

#[test]
fn millions_of_empty_elements_are_refused_early() {
    let file = format!("<xliff>{}</xliff>", "<x/>".repeat(1_600_000));
    for (name, read) in READERS {
        let error = read(file.as_bytes()).unwrap_err();
        // A DOCX of them is refused sooner, by how much it inflates.
        let early =
            matches!(*error.problem, Problem::Xml(Xml::OverHeld { .. }) | Problem::CompressionRatio { .. });
        assert!(early, "{name}: {error}");
    }
}

/// A file of `count` units, and the same file with 60,000 empty elements inside its first unit and outside
/// any unit, for the readers that read one unit at a time. A DOCX drops what is outside paragraphs as it
/// closes (all of it was read by then), so its flood outside units is in section properties, which are
/// dropped only once they close.
fn unit_files(count: usize) -> Vec<(&'static str, Reader, [String; 3])> {
    let flood = "<x/>".repeat(60_000);
    let xliff = |units: &str| {
        format!(
            r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="ar" datatype="plaintext" original="x"><body>{units}</body></file></xliff>"#
        )
    };
    let unit = |n: usize, inside: &str| {
        format!("<trans-unit id=\"{n}\"><source>s{n}{inside}</source></trans-unit>\n")
    };
    let tmx = |units: &str| format!(r#"<tmx version="1.4"><header srclang="ar"/><body>{units}</body></tmx>"#);
    let tu = |n: usize, inside: &str| {
        format!(
            r#"<tu><tuv xml:lang="ar"><seg>s{n}{inside}</seg></tuv><tuv xml:lang="en"><seg>t</seg></tuv></tu>"#
        )
    };
    let docx = |paragraphs: &str| {
        format!(
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{paragraphs}</w:body></w:document>"#
        )
    };
    let p = |n: usize, inside: &str| format!("<w:p><w:r><w:t>s{n}</w:t>{inside}</w:r></w:p>");
    let files = |wrap: &dyn Fn(&str) -> String, unit: &dyn Fn(usize, &str) -> String, outside: &str| {
        let units: String = (0..count).map(|n| unit(n, "")).collect();
        [wrap(&units), wrap(&format!("{}{units}", unit(count, &flood))), wrap(&format!("{units}{outside}"))]
    };
    vec![
        ("xliff12", READERS[0].1, files(&xliff, &unit, &flood)),
        ("tmx", READERS[2].1, files(&tmx, &tu, &flood)),
        ("docx", READERS[3].1, files(&docx, &p, &format!("<w:sectPr>{flood}</w:sectPr>"))),
    ]
}

#[test]
fn files_of_many_units_are_read_one_unit_at_a_time_and_a_flood_in_or_around_a_unit_is_refused() {
    // 60,000 units are some 200,000 elements in all, four times what may be held at once.
    for (name, read, [many_units, flood_in_a_unit, flood_outside_units]) in unit_files(60_000) {
        read(many_units.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
        for file in [flood_in_a_unit, flood_outside_units] {
            let error = read(file.as_bytes()).unwrap_err();
            let held = Xml::OverHeld { what: "elements and texts", limit: 50_000 };
            assert_eq!(*error.problem, Problem::Xml(held), "{name}: {error}");
            assert!(error.to_string().contains("over the budget of 50000 elements"), "{name}: {error}");
        }
    }
}
