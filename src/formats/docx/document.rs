//! A Word file as a document article: its paragraphs with inline codes in, the same file with the
//! translations put in out.
//!
//! The paragraphs are those of the body (table cells and text boxes included), then of each header, footer,
//! footnote and endnote part in name order, each part in document order; a paragraph without text is
//! skipped. Comments are left as they are (not translated). The reading is deterministic, so the export
//! reads the original file again and finds the same paragraphs with the same codes, and numbers segments'
//! paragraphs the same way. The export copies every zip entry as it was (not even re-compressed) but the
//! parts in which a paragraph changed; in those, only the changed paragraphs' bytes are rewritten.

use std::collections::HashMap;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::archive::Archive;
use super::filter::{paragraphs, Para};
use super::rebuild::rebuild;
use super::{DocxLimits, DOCUMENT_PART, W_NS};
use crate::formats::error::{Format, FormatError, Problem};
use crate::formats::utf8;
use crate::formats::DocumentParagraph;

/// The relationship types whose parts hold translatable paragraphs besides the body.
const TEXT_PARTS: [&str; 4] = ["/header", "/footer", "/footnotes", "/endnotes"];
const PACKAGE_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// A part read: its name, its text and its paragraphs.
struct Part {
    name: String,
    text: String,
    paras: Vec<Para>,
}

/// The paragraphs to translate of a `.docx`, in the order the export expects them back.
pub fn read_docx_document(bytes: &[u8], limits: &DocxLimits) -> Result<Vec<DocumentParagraph>, FormatError> {
    let parts = read_parts(&mut Archive::open(bytes, limits)?)?;
    let paragraphs = parts.into_iter().flat_map(|part| part.paras).filter(Para::has_text);
    Ok(paragraphs.map(|p| DocumentParagraph { text: p.text, codes: p.codes }).collect())
}

/// The original `.docx` with paragraph `i` (as [`read_docx_document`] numbers them) replaced by
/// `texts[i]`, written right to left when `rtl`. A text equal to the original leaves the paragraph's bytes
/// alone; a text for a paragraph the file does not have is an error (the file is not the one read).
pub fn write_docx_document(
    bytes: &[u8],
    limits: &DocxLimits,
    texts: &[String],
    rtl: bool,
) -> Result<Vec<u8>, FormatError> {
    let mut archive = Archive::open(bytes, limits)?;
    let parts = read_parts(&mut archive)?;
    let mut texts = texts.iter();
    let mut rewritten: HashMap<String, String> = HashMap::new();
    for part in &parts {
        let mut changed = Vec::new();
        for (index, para) in part.paras.iter().enumerate().filter(|(_, p)| p.has_text()) {
            let Some(text) = texts.next() else { continue };
            if *text != para.text {
                changed.push((index, text.as_str()));
            }
        }
        if !changed.is_empty() {
            rewritten.insert(part.name.clone(), rebuild(&part.text, &part.paras, changed, rtl));
        }
    }
    if texts.next().is_some() {
        let problem = Problem::Rule("the file has fewer paragraphs than the article".into());
        return Err(FormatError::new(Format::Docx, None, problem));
    }
    let zip_error =
        |e: zip::result::ZipError| FormatError::new(Format::Docx, None, Problem::Zip(e.to_string()));
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for index in 0..archive.zip.len() {
        let entry = archive.zip.by_index_raw(index).map_err(zip_error)?;
        match entry.name().ok().and_then(|name| rewritten.get(name.as_ref())) {
            Some(text) => {
                let name = entry.name().map_err(zip_error)?.into_owned();
                drop(entry);
                out.start_file(name, options).map_err(zip_error)?;
                out.write_all(text.as_bytes()).expect("writing to memory cannot fail");
            }
            None => out.raw_copy_file(entry).map_err(zip_error)?,
        }
    }
    Ok(out.finish().map_err(zip_error)?.into_inner())
}

/// The body, then the header, footer, footnote and endnote parts the body's relationships name.
fn read_parts(archive: &mut Archive) -> Result<Vec<Part>, FormatError> {
    let rels = relationships(archive, DOCUMENT_PART)?;
    let mut names: Vec<String> = rels
        .iter()
        .filter(|r| !r.external && TEXT_PARTS.iter().any(|t| r.kind.ends_with(t)))
        .map(|r| resolve(DOCUMENT_PART, &r.target))
        .collect();
    names.sort();
    names.dedup();
    names.insert(0, DOCUMENT_PART.to_owned());
    let mut parts = Vec::new();
    for name in names {
        let Some(bytes) = archive.part(&name)? else {
            if name == DOCUMENT_PART {
                return Err(FormatError::new(Format::Docx, None, Problem::MissingPart(DOCUMENT_PART)));
            }
            continue;
        };
        let links = if name == DOCUMENT_PART { rels.clone() } else { relationships(archive, &name)? };
        let text = utf8(&bytes, Format::Docx)?.to_owned();
        let fail = |offset, problem| FormatError::at(Format::Docx, &text, offset, problem);
        let root = crate::xml::parse(&text).map_err(|e| fail(e.offset, e.problem.into()))?;
        if name == DOCUMENT_PART && (!root.is(W_NS, "document") || root.child(W_NS, "body").is_none()) {
            let problem = Problem::WrongRoot { found: root.name.clone(), expected: "w:document with w:body" };
            return Err(fail(root.offset, problem));
        }
        if let Some((at, c)) = crate::inline::first_marker(&text) {
            let problem = Problem::Rule(format!(
                "{name} holds U+{:X}, a private-use character tarjuman reserves for inline codes",
                c as u32
            ));
            return Err(fail(at, problem));
        }
        let link = |id: &str| links.iter().find(|r| r.id == id).map(|r| r.target.clone());
        let paras = paragraphs(&text, &root, &link)
            .map_err(|e| FormatError::new(Format::Docx, None, Problem::Rule(format!("{name}: {e}"))))?;
        parts.push(Part { name, text, paras });
    }
    Ok(parts)
}

#[derive(Debug, Clone)]
struct Relationship {
    id: String,
    kind: String,
    target: String,
    external: bool,
}

/// The relationships of part `name` (none when it has no relationships part).
fn relationships(archive: &mut Archive, name: &str) -> Result<Vec<Relationship>, FormatError> {
    let (folder, file) = name.rsplit_once('/').unwrap_or(("", name));
    let rels_name = format!("{folder}/_rels/{file}.rels");
    let Some(bytes) = archive.part(&rels_name)? else { return Ok(Vec::new()) };
    let text = utf8(&bytes, Format::Docx)?;
    let root = crate::xml::parse(text)
        .map_err(|e| FormatError::at(Format::Docx, text, e.offset, e.problem.into()))?;
    let attribute = |e: &crate::xml::Element, n: &str| e.attribute(n).unwrap_or_default().to_owned();
    Ok(root
        .children_named(PACKAGE_REL_NS, "Relationship")
        .map(|r| Relationship {
            id: attribute(r, "Id"),
            kind: attribute(r, "Type"),
            target: attribute(r, "Target"),
            external: r.attribute("TargetMode") == Some("External"),
        })
        .collect())
}

/// The part a relationship of `source` targets: relative to the source's folder, or absolute.
fn resolve(source: &str, target: &str) -> String {
    if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_owned();
    }
    let mut path: Vec<&str> = source.split('/').collect();
    path.pop();
    for piece in target.split('/') {
        match piece {
            ".." => _ = path.pop(),
            "." | "" => {}
            piece => path.push(piece),
        }
    }
    path.join("/")
}
