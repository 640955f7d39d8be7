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
    for (name, read) in READERS {
        let error = read(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><xliff/>").unwrap_err();
        assert!(matches!(*error.problem, Problem::Xml(Xml::Encoding(_))), "{name}: {error}");
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
            matches!(*error.problem, Problem::Xml(Xml::OverBudget { .. }) | Problem::CompressionRatio { .. });
        assert!(early, "{name}: {error}");
    }
}
