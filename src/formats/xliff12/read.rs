//! Reads XLIFF 1.2, tarjuman's and other tools'.
//!
//! Groups become paragraphs (nested groups are flattened: every group holding units is a paragraph); a unit
//! directly under `<body>` is a paragraph of its own. Several `<file>`s are read one after the other, the
//! language pair taken from the first. Inline markup is reduced to text: `<g>`, `<mrk>` and `<sub>` keep
//! their text; `<x/>`, `<bx/>`, `<ex/>` are dropped, and so is the native code inside `<ph>`, `<bpt>`,
//! `<ept>` and `<it>` (a `<sub>` inside them with it).

use super::{ARROW, DASH, FROM_ARTICLE, FROM_GLOSSARY, FROM_TITLE, NS, REVISION_PREFIX};
use crate::formats::error::{Format, FormatError, Problem};
use crate::formats::model::{BilingualDocument, GlossaryHint, Paragraph, Unit, UnitState};
use crate::formats::parse_xml;
use crate::lang::LanguageTag;
use crate::xml::{Element, Node};

/// Inline elements whose content is native code, not text.
const CODE: &[&str] = &["ph", "bpt", "ept", "it"];

/// Reads an XLIFF 1.2 document.
pub fn read_xliff12(bytes: &[u8]) -> Result<BilingualDocument, FormatError> {
    let (text, root) = parse_xml(bytes, Format::Xliff12)?;
    let fail =
        |element: &Element, problem: Problem| FormatError::at(Format::Xliff12, text, element.offset, problem);
    if !root.is(NS, "xliff") {
        return Err(fail(&root, Problem::WrongRoot { found: root.name.clone(), expected: "xliff" }));
    }
    let first = root
        .child(NS, "file")
        .ok_or_else(|| fail(&root, Problem::Missing { parent: "xliff".into(), child: "file" }))?;
    let lang = |attribute: &'static str| -> Result<Option<LanguageTag>, FormatError> {
        match first.attribute(attribute) {
            None => Ok(None),
            Some(raw) => LanguageTag::parse(raw).map(Some).map_err(|e| fail(first, e.into())),
        }
    };
    let source_lang = lang("source-language")?.ok_or_else(|| {
        fail(first, Problem::MissingAttribute { element: "file".into(), attribute: "source-language" })
    })?;
    let mut target_lang = lang("target-language")?;
    let original = first.attribute("original").map(str::to_owned);
    let mut doc = BilingualDocument {
        article_id: None,
        title: original.clone().unwrap_or_default(),
        original,
        source_lang,
        target_lang: LanguageTag::parse("und").expect("und is a tag"),
        paragraphs: Vec::new(),
    };
    for file in root.children_named(NS, "file") {
        if let Some(header) = file.child(NS, "header") {
            for note in header.children_named(NS, "note") {
                match note.attribute("from") {
                    Some(FROM_TITLE) => doc.title = note.text(),
                    Some(FROM_ARTICLE) => {
                        let value = note.text();
                        let id = value.trim().parse().map_err(|_| {
                            fail(note, Problem::Rule(format!("article id {value:?} is not a number")))
                        })?;
                        doc.article_id = Some(id);
                    }
                    _ => {}
                }
            }
        }
        if let Some(body) = file.child(NS, "body") {
            read_container(body, &mut doc.paragraphs, &mut target_lang, &fail)?;
        }
    }
    // A file without targets may leave the target language open (`und`).
    if let Some(target_lang) = target_lang {
        doc.target_lang = target_lang;
    }
    Ok(doc)
}

/// Reads the units of a `<body>` or `<group>`: a group of units is a paragraph, a loose unit is one too.
fn read_container(
    container: &Element,
    paragraphs: &mut Vec<Paragraph>,
    target_lang: &mut Option<LanguageTag>,
    fail: &dyn Fn(&Element, Problem) -> FormatError,
) -> Result<(), FormatError> {
    let mut own = Paragraph::default();
    for child in container.elements().filter(|e| e.namespace.as_deref() == Some(NS)) {
        match child.name.as_str() {
            "trans-unit" if container.name == "group" => own.units.push(read_unit(child, target_lang, fail)?),
            "trans-unit" => paragraphs.push(Paragraph { units: vec![read_unit(child, target_lang, fail)?] }),
            "group" => {
                if !own.units.is_empty() {
                    paragraphs.push(std::mem::take(&mut own));
                }
                read_container(child, paragraphs, target_lang, fail)?;
            }
            _ => {}
        }
    }
    if !own.units.is_empty() {
        paragraphs.push(own);
    }
    Ok(())
}

fn read_unit(
    element: &Element,
    target_lang: &mut Option<LanguageTag>,
    fail: &dyn Fn(&Element, Problem) -> FormatError,
) -> Result<Unit, FormatError> {
    let id = element.attribute("id").ok_or_else(|| {
        fail(element, Problem::MissingAttribute { element: "trans-unit".into(), attribute: "id" })
    })?;
    let source = element
        .child(NS, "source")
        .ok_or_else(|| fail(element, Problem::Missing { parent: "trans-unit".into(), child: "source" }))?;
    let mut unit = Unit::new(id, inline_text(source));
    if let Some(target) = element.child(NS, "target") {
        if target_lang.is_none() {
            if let Some(raw) = target.attribute_ns(Some(crate::xml::XML_NS), "lang") {
                *target_lang = Some(LanguageTag::parse(raw).map_err(|e| fail(target, e.into()))?);
            }
        }
        unit.state = match target.attribute("state") {
            Some(state) => state_of(state).ok_or_else(|| {
                fail(
                    target,
                    Problem::BadAttribute {
                        element: "target".into(),
                        attribute: "state".into(),
                        value: state.into(),
                        expected: "an XLIFF 1.2 state (new, translated, signed-off, final, needs-…) or x-…",
                    },
                )
            })?,
            None if element.attribute("approved") == Some("yes") => UnitState::Reviewed,
            None => UnitState::Translated,
        };
        unit.target = Some(inline_text(target));
    }
    if let Some(revision) = element.attribute("extradata").and_then(|e| e.strip_prefix(REVISION_PREFIX)) {
        unit.revision = Some(revision.parse().map_err(|_| {
            fail(element, Problem::Rule(format!("revision {revision:?} in extradata is not a number")))
        })?);
    }
    for note in element.children_named(NS, "note") {
        let text = note.text();
        match note.attribute("from") {
            Some(FROM_GLOSSARY) => unit.terms.push(hint(&text)),
            _ => unit.notes.push(text),
        }
    }
    Ok(unit)
}

/// The life-cycle state of an XLIFF 1.2 `state` value; `x-` values (tool-defined) count as translated.
fn state_of(state: &str) -> Option<UnitState> {
    Some(match state {
        "new" | "needs-translation" | "needs-adaptation" | "needs-l10n" => UnitState::Initial,
        "translated" | "needs-review-translation" | "needs-review-adaptation" | "needs-review-l10n" => {
            UnitState::Translated
        }
        "signed-off" => UnitState::Reviewed,
        "final" => UnitState::Final,
        other if other.starts_with("x-") => UnitState::Translated,
        _ => return None,
    })
}

/// A glossary note `source → target[ — note]`; without an arrow the whole text is the source term.
fn hint(text: &str) -> GlossaryHint {
    let (source, rest) = text.split_once(ARROW).unwrap_or((text, ""));
    let (target, note) = match rest.split_once(DASH) {
        Some((target, note)) => (target, Some(note.to_owned())),
        None => (rest, None),
    };
    GlossaryHint { source: source.to_owned(), target: target.to_owned(), note }
}

/// The text of a `<source>` or `<target>`, inline codes dropped and inline markup flattened.
fn inline_text(element: &Element) -> String {
    let mut out = String::new();
    for node in &element.children {
        match node {
            Node::Text(text, _) => out.push_str(text),
            Node::Element(child) if CODE.contains(&child.name.as_str()) => {}
            Node::Element(child) => out.push_str(&inline_text(child)),
        }
    }
    out
}
