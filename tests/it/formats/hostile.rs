//! Hostile input: malformed documents name line and column; entity declarations are refused, never expanded.
//! DOCX is here through its `word/document.xml` (zip bombs and broken archives: `docx.rs`).

use tarjuman::formats::docx::{read_docx_text, DocxLimits};
use tarjuman::formats::tmx::read_tmx;
use tarjuman::formats::{xliff12, xliff2, FormatError, Position, Problem};

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
            assert_eq!(*error.problem, Problem::InternalSubset, "{name}: {error}");
            assert_eq!(error.position.map(|p| p.line), Some(2), "{name}");
        }
    }
}

#[test]
fn undeclared_entities_are_refused_not_fetched() {
    for (name, read) in READERS {
        let error = read(b"<xliff>&xxe;</xliff>").unwrap_err();
        assert_eq!(*error.problem, Problem::UnknownEntity("xxe".into()), "{name}: {error}");
    }
}

#[test]
fn other_encodings_and_bad_utf8_are_refused() {
    for (name, read) in READERS {
        let error = read(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><xliff/>").unwrap_err();
        assert!(matches!(*error.problem, Problem::Encoding(_)), "{name}: {error}");
        let error = read(b"<xliff>\xff</xliff>").unwrap_err();
        assert_eq!(*error.problem, Problem::NotUtf8, "{name}: {error}");
    }
}
