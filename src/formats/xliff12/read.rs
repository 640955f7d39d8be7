//! Reads XLIFF 1.2, tarjuman's and other tools'.
//!
//! Groups become paragraphs (nested groups are flattened: every group holding units is a paragraph); a unit
//! directly under `<body>` is a paragraph of its own. Several `<file>`s are read one after the other, the
//! language pair taken from the first. Inline markup is reduced to text: `<g>`, `<mrk>` and `<sub>` keep
//! their text; `<x/>`, `<bx/>`, `<ex/>` are dropped, and so is the native code inside `<ph>`, `<bpt>`,
//! `<ept>` and `<it>` (a `<sub>` inside them with it).

use std::cell::Cell;

use super::{ARROW, DASH, FROM_ARTICLE, FROM_GLOSSARY, FROM_TITLE, NS, REVISION_PREFIX};
use crate::formats::error::{Format, FormatError, Problem};
use crate::formats::model::{BilingualDocument, GlossaryHint, Paragraph, Unit, UnitState};
use crate::formats::{parse_xml_units, utf8};
use crate::lang::LanguageTag;
use crate::xml::{Element, Node};

/// Inline elements whose content is native code, not text.
const CODE: &[&str] = &["ph", "bpt", "ept", "it"];

/// Reads an XLIFF 1.2 document, one `<trans-unit>` at a time.
pub fn read_xliff12(bytes: &[u8]) -> Result<BilingualDocument, FormatError> {
    let text = utf8(bytes, Format::Xliff12)?;
    let fail =
        |element: &Element, problem: Problem| FormatError::at(Format::Xliff12, text, element.offset, problem);
    // The groups that closed so far: a unit after a nested group starts a new paragraph of its group.
    let groups_closed = Cell::new(0usize);
    let is_unit = |open: &[Element], e: &Element| {
        let in_body = in_body(open);
        if in_body && e.is(NS, "group") {
            groups_closed.set(groups_closed.get() + 1);
        }
        in_body && e.is(NS, "trans-unit")
    };
    let mut pair = None;
    let mut target_lang = None;
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    // Which group, between which nested groups, the last paragraph holds the units of.
    let mut filling = None;
    let mut read = |open: &[Element], element: Element| -> Result<(), FormatError> {
        if pair.is_none() {
            // The first file's language pair is checked before any unit is read, as when the whole tree was.
            let (source_lang, target) = language_pair(open[0].child(NS, "file").unwrap_or(&open[1]), &fail)?;
            target_lang = target;
            pair = Some(source_lang);
        }
        let unit = read_unit(&element, &mut target_lang, &fail)?;
        let parent = open.last().expect("units are in a body");
        let key = parent.is(NS, "group").then(|| (parent.offset, groups_closed.get()));
        match paragraphs.last_mut() {
            Some(paragraph) if key.is_some() && key == filling => paragraph.units.push(unit),
            _ => paragraphs.push(Paragraph { units: vec![unit] }),
        }
        filling = key;
        Ok(())
    };
    let root = parse_xml_units(text, Format::Xliff12, &is_unit, &mut read)?;
    if !root.is(NS, "xliff") {
        return Err(fail(&root, Problem::WrongRoot { found: root.name.clone(), expected: "xliff" }));
    }
    let first = root
        .child(NS, "file")
        .ok_or_else(|| fail(&root, Problem::Missing { parent: "xliff".into(), child: "file" }))?;
    let source_lang = match pair {
        Some(source_lang) => source_lang,
        None => {
            let (source_lang, target) = language_pair(first, &fail)?;
            target_lang = target;
            source_lang
        }
    };
    let original = first.attribute("original").map(str::to_owned);
    let mut doc = BilingualDocument {
        article_id: None,
        title: original.clone().unwrap_or_default(),
        original,
        source_lang,
        // A file without targets may leave the target language open (`und`).
        target_lang: target_lang.unwrap_or_else(|| LanguageTag::parse("und").expect("und is a tag")),
        paragraphs,
    };
    for header in root.children_named(NS, "file").filter_map(|file| file.child(NS, "header")) {
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
    Ok(doc)
}

/// Whether the open elements are where units are read: the first `<body>` of a `<file>` of the `<xliff>`
/// root, or groups in it.
fn in_body(open: &[Element]) -> bool {
    match open {
        [xliff, file, body, groups @ ..] => {
            xliff.is(NS, "xliff")
                && file.is(NS, "file")
                && body.is(NS, "body")
                && file.child(NS, "body").is_none()
                && groups.iter().all(|g| g.is(NS, "group"))
        }
        _ => false,
    }
}

/// The source language (required) and target language of the first `<file>`.
fn language_pair(
    first: &Element,
    fail: &dyn Fn(&Element, Problem) -> FormatError,
) -> Result<(LanguageTag, Option<LanguageTag>), FormatError> {
    let lang = |attribute: &'static str| -> Result<Option<LanguageTag>, FormatError> {
        match first.attribute(attribute) {
            None => Ok(None),
            Some(raw) => LanguageTag::parse(raw).map(Some).map_err(|e| fail(first, e.into())),
        }
    };
    let source_lang = lang("source-language")?.ok_or_else(|| {
        fail(first, Problem::MissingAttribute { element: "file".into(), attribute: "source-language" })
    })?;
    Ok((source_lang, lang("target-language")?))
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
