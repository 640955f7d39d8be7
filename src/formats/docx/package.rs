//! The package around `word/document.xml`: content types, relationships, core properties and styles.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::DOCUMENT_PART;
use crate::lang::LanguageTag;
use crate::xml::XmlWriter;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
  <Default Extension="xml" ContentType="application/xml"/>
  <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
  <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
  <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>
"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
  <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>
"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>
"#;

/// The package of a document body. `title` goes into the core properties, `lang` is the default language.
pub(crate) fn package(document: Vec<u8>, title: &str, lang: &LanguageTag) -> Vec<u8> {
    let parts: [(&str, Vec<u8>); 6] = [
        ("[Content_Types].xml", CONTENT_TYPES.into()),
        ("_rels/.rels", PACKAGE_RELS.into()),
        ("docProps/core.xml", core_properties(title, lang)),
        (DOCUMENT_PART, document),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.into()),
        ("word/styles.xml", styles(lang)),
    ];
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(name, options).expect("writing to memory cannot fail");
        zip.write_all(&bytes).expect("writing to memory cannot fail");
    }
    zip.finish().expect("writing to memory cannot fail").into_inner()
}

/// `docProps/core.xml`: the title and language, which Word and LibreOffice show as document properties.
fn core_properties(title: &str, lang: &LanguageTag) -> Vec<u8> {
    let mut xml = XmlWriter::new();
    xml.open(
        "cp:coreProperties",
        &[
            ("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
        ],
    );
    xml.leaf("dc:title", &[], title);
    xml.leaf("dc:language", &[], lang.as_str());
    xml.leaf("dc:creator", &[], crate::formats::TOOL);
    xml.close();
    xml.finish()
}

/// `word/styles.xml`: document defaults (font, size, languages) and the Normal paragraph style.
fn styles(lang: &LanguageTag) -> Vec<u8> {
    let mut xml = XmlWriter::new();
    xml.open("w:styles", &[("xmlns:w", super::W_NS)]);
    xml.open("w:docDefaults", &[]);
    xml.open("w:rPrDefault", &[]);
    xml.open("w:rPr", &[]);
    xml.empty("w:rFonts", &[("w:ascii", "Arial"), ("w:hAnsi", "Arial"), ("w:cs", "Arial")]);
    xml.empty("w:sz", &[("w:val", "22")]);
    xml.empty("w:szCs", &[("w:val", "22")]);
    xml.empty("w:lang", &[("w:val", lang.as_str()), ("w:bidi", "ar")]);
    xml.close();
    xml.close();
    xml.open("w:pPrDefault", &[]);
    xml.open("w:pPr", &[]);
    xml.empty("w:spacing", &[("w:after", "120"), ("w:line", "276"), ("w:lineRule", "auto")]);
    xml.close();
    xml.close();
    xml.close();
    xml.open("w:style", &[("w:type", "paragraph"), ("w:default", "1"), ("w:styleId", "Normal")]);
    xml.empty("w:name", &[("w:val", "Normal")]);
    xml.empty("w:qFormat", &[]);
    xml.close();
    xml.close();
    xml.finish()
}
