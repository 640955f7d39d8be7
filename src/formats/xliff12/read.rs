//! Reads XLIFF 1.2, 1.1 and 1.0, tarjuman's and other tools', in any encoding the file declares, with or
//! without a prefix on the XLIFF elements.
//!
//! Groups become paragraphs (nested groups are flattened: every group holding units is a paragraph); a unit
//! directly under `<body>` is a paragraph of its own. Several `<file>`s are read one after the other, the
//! language pair taken from the first. Inline codes become markers ([`super::inline`]), numbered so that
//! ids are unique in a paragraph.

use std::cell::Cell;

use super::inline;
use super::{
    child, children, is, memoq_status, trados_segment, ARROW, DASH, FROM_ARTICLE, FROM_GLOSSARY, FROM_TITLE,
    NS_MEMOQ, REVISION_PREFIX,
};
use crate::formats::codes::{Mode, ParagraphIds};
use crate::formats::error::{Format, FormatError, Problem};
use crate::formats::model::{Alternative, BilingualDocument, GlossaryHint, Paragraph, Unit, UnitState};
use crate::formats::parse_xml_units;
use crate::lang::LanguageTag;
use crate::xml::{Decoded, Element};

/// Reads an XLIFF 1.x document, one `<trans-unit>` at a time; an inline code's native data is what the
/// file says it is (the content of `<ph>`, `<bpt>`…).
pub fn read_xliff12(bytes: &[u8]) -> Result<BilingualDocument, FormatError> {
    let decoded = decode(bytes)?;
    read(&decoded.text, Mode::Content, &mut |_, _| Ok(()))
}

/// Reads another tool's XLIFF 1.x file as a document to translate and give back
/// ([`super::fill_xliff12`]): each inline code's native data is its XLIFF markup as the file writes it, and
/// units with nothing to translate (a blank source) are left out.
pub fn read_xliff12_document(bytes: &[u8]) -> Result<BilingualDocument, FormatError> {
    let decoded = decode(bytes)?;
    read(&decoded.text, Mode::Markup(&decoded.text), &mut |_, _| Ok(()))
}

/// A file's text in whatever encoding it declares.
pub(super) fn decode(bytes: &[u8]) -> Result<Decoded, FormatError> {
    crate::formats::decode(bytes, Format::Xliff12)
}

/// What each `<trans-unit>` read gives, with the units made of it (several for a `<seg-source>`).
pub(super) type UnitHook<'h> = dyn FnMut(&Element, &[Unit]) -> Result<(), FormatError> + 'h;

/// Reads `text`, handing each `<trans-unit>` and its units to `hook` as well.
pub(super) fn read(text: &str, mode: Mode, hook: &mut UnitHook) -> Result<BilingualDocument, FormatError> {
    let fail =
        |element: &Element, problem: Problem| FormatError::at(Format::Xliff12, text, element.offset, problem);
    // The groups that closed so far: a unit after a nested group starts a new paragraph of its group.
    let groups_closed = Cell::new(0usize);
    let is_unit = |open: &[Element], e: &Element| {
        let in_body = in_body(open);
        if in_body && is(e, "group") {
            groups_closed.set(groups_closed.get() + 1);
        }
        in_body && is(e, "trans-unit")
    };
    let mut pair = None;
    let mut target_lang = None;
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    // Which group, between which nested groups, the last paragraph holds the units of.
    let mut filling = None;
    let mut ids = ParagraphIds::default();
    let mut read = |open: &[Element], element: Element| -> Result<(), FormatError> {
        if pair.is_none() {
            // The first file's language pair is checked before any unit is read, as when the whole tree was.
            let file = child(&open[0], "file").unwrap_or(&open[1]);
            let (source_lang, target) = language_pair(file, &element, &fail)?;
            target_lang = target;
            pair = Some(source_lang);
        }
        let parent = open.last().expect("units are in a body");
        let key = is(parent, "group").then(|| (parent.offset, groups_closed.get()));
        let same_paragraph = key.is_some() && key == filling;
        if !same_paragraph {
            ids = ParagraphIds::default();
        }
        let mut units = read_unit(&element, mode, &mut target_lang, &mut ids, &fail)?;
        let locked = not_to_translate(open, &element);
        for unit in &mut units {
            unit.locked |= locked;
        }
        if mode.is_document() {
            // As an article takes them: a unit of codes only has nothing to translate.
            units.retain(|u| !crate::inline::plain(&u.source).trim().is_empty());
        }
        hook(&element, &units)?;
        if units.is_empty() {
            return Ok(());
        }
        match paragraphs.last_mut() {
            Some(paragraph) if same_paragraph => paragraph.units.extend(units),
            _ => paragraphs.push(Paragraph { units }),
        }
        filling = key;
        Ok(())
    };
    let root = parse_xml_units(text, Format::Xliff12, &is_unit, &mut read)?;
    if !is(&root, "xliff") {
        return Err(fail(&root, Problem::WrongRoot { found: root.name.clone(), expected: "xliff" }));
    }
    let first = child(&root, "file")
        .ok_or_else(|| fail(&root, Problem::Missing { parent: "xliff".into(), child: "file" }))?;
    let source_lang = match pair {
        Some(source_lang) => source_lang,
        None => {
            let (source_lang, target) = language_pair(first, first, &fail)?;
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
    for header in children(&root, "file").filter_map(|file| child(file, "header")) {
        for note in children(header, "note") {
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

/// Whether the file marks a `<trans-unit>` as not to be translated: its own `translate`, else the nearest
/// enclosing group's (XLIFF 1.2 inherits it).
fn not_to_translate(open: &[Element], unit: &Element) -> bool {
    let said = std::iter::once(unit).chain(open.iter().rev().take_while(|e| is(e, "group")));
    said.filter_map(|e| e.attribute("translate")).next() == Some("no")
}

/// Whether the open elements are where units are read: the first `<body>` of a `<file>` of the `<xliff>`
/// root, or groups in it.
fn in_body(open: &[Element]) -> bool {
    match open {
        [xliff, file, body, groups @ ..] => {
            is(xliff, "xliff")
                && is(file, "file")
                && is(body, "body")
                && child(file, "body").is_none()
                && groups.iter().all(|g| is(g, "group"))
        }
        _ => false,
    }
}

/// The source language (required) and target language of the first `<file>`. A file without
/// `source-language` (XLIFF 1.0 and 1.1 tools leave it out) says it in `xml:lang`: of the file, else of its
/// first unit's `<source>`.
fn language_pair(
    first: &Element,
    unit: &Element,
    fail: &dyn Fn(&Element, Problem) -> FormatError,
) -> Result<(LanguageTag, Option<LanguageTag>), FormatError> {
    let lang = |element: &Element, attribute: &str| -> Result<Option<LanguageTag>, FormatError> {
        match element.attribute(attribute) {
            None => Ok(None),
            Some(raw) => LanguageTag::parse(raw).map(Some).map_err(|e| fail(element, e.into())),
        }
    };
    let source = child(unit, "source");
    let source_lang = match lang(first, "source-language")? {
        Some(tag) => Some(tag),
        None => match lang(first, "xml:lang")? {
            Some(tag) => Some(tag),
            None => source.map(|s| lang(s, "xml:lang")).transpose()?.flatten(),
        },
    };
    let source_lang = source_lang.ok_or_else(|| {
        fail(first, Problem::MissingAttribute { element: "file".into(), attribute: "source-language" })
    })?;
    Ok((source_lang, lang(first, "target-language")?))
}

/// The units of a `<trans-unit>`: itself, or one per `<mrk mtype="seg">` of its `<seg-source>` (Trados
/// Studio's segmentation), each with the target `<mrk>` of the same `mid`, and its state and lock as its
/// `<sdl:seg>` says.
fn read_unit(
    element: &Element,
    mode: Mode,
    target_lang: &mut Option<LanguageTag>,
    ids: &mut ParagraphIds,
    fail: &dyn Fn(&Element, Problem) -> FormatError,
) -> Result<Vec<Unit>, FormatError> {
    let id = element.attribute("id").ok_or_else(|| {
        fail(element, Problem::MissingAttribute { element: "trans-unit".into(), attribute: "id" })
    })?;
    let source = child(element, "source")
        .ok_or_else(|| fail(element, Problem::Missing { parent: "trans-unit".into(), child: "source" }))?;
    let target = child(element, "target");
    if let Some(target) = target.filter(|_| target_lang.is_none()) {
        if let Some(raw) = target.attribute_ns(Some(crate::xml::XML_NS), "lang") {
            *target_lang = Some(LanguageTag::parse(raw).map_err(|e| fail(target, e.into()))?);
        }
    }
    let state = match target {
        None => UnitState::Initial,
        Some(target) => match target.attribute("state") {
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
        },
    };
    // memoQ keeps a unit's status in `mq:status`, whatever `state` its target has.
    let state = memoq_status(element).map_or(state, memoq_state);
    let memoq_locked = element.attribute_ns(Some(NS_MEMOQ), "locked") == Some("locked");
    let mut units = Vec::new();
    for (unit_id, source, target) in parts(element, id, source, target) {
        let mut codes = ids.unit();
        let mut unit = Unit::new(unit_id, inline::read(source, &mut codes, mode));
        if let Some(target) = target {
            let target = inline::read(target, &mut codes, mode);
            // A target still to translate that repeats the source is the copy tools put there for OmegaT
            // (tarjuman's own export too), not a translation.
            if state != UnitState::Initial || target != unit.source {
                unit.target = Some(target);
                unit.state = state;
            }
        }
        unit.codes = std::mem::take(&mut codes.codes);
        unit.locked = memoq_locked;
        if let Some(segment) = source.attribute("mid").and_then(|mid| trados_segment(element, mid)) {
            unit.locked = segment.attribute("locked") == Some("true");
            match trados_state(segment) {
                Some(state) => unit.state = state,
                None => {
                    unit.target = None;
                    unit.state = UnitState::Initial;
                }
            }
        }
        units.push(unit);
    }
    if let Some(unit) = units.first_mut() {
        if let Some(revision) = element.attribute("extradata").and_then(|e| e.strip_prefix(REVISION_PREFIX)) {
            unit.revision = Some(revision.parse().map_err(|_| {
                fail(element, Problem::Rule(format!("revision {revision:?} in extradata is not a number")))
            })?);
        }
        for note in children(element, "note") {
            let text = note.text();
            match note.attribute("from") {
                Some(FROM_GLOSSARY) => unit.terms.push(hint(&text)),
                _ => unit.notes.push(text),
            }
        }
    }
    for alternative in children(element, "alt-trans") {
        // An `<alt-trans mid>` offers a match for one segment of a segmented unit.
        let owner = match alternative.attribute("mid") {
            Some(mid) => units.iter_mut().find(|u| u.id == format!("{id}_{mid}")),
            None => units.first_mut(),
        };
        if let Some(unit) = owner {
            if let Some(offered) = read_alternative(alternative, mode) {
                unit.alternatives.push(offered);
            }
        }
    }
    Ok(units)
}

/// An `<alt-trans>` as a suggestion: its target with codes numbered on their own, the source it was made
/// for, where it comes from and how good the file says it is. One without a target text offers nothing.
fn read_alternative(element: &Element, mode: Mode) -> Option<Alternative> {
    let mut ids = ParagraphIds::default();
    let mut codes = ids.unit();
    let source = child(element, "source").map(|s| inline::read(s, &mut codes, mode));
    let target = inline::read(child(element, "target")?, &mut codes, mode);
    if crate::inline::plain(&target).trim().is_empty() {
        return None;
    }
    let said =
        |name: &str| element.attribute(name).map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    Some(Alternative {
        source,
        target,
        origin: said("origin").or_else(|| said("tool-id")).or_else(|| said("tool")),
        quality: said("match-quality"),
    })
}

/// A unit's parts to translate: (unit id, source, target). Without segmentation, the unit itself.
pub(super) fn parts<'e>(
    element: &'e Element,
    id: &str,
    source: &'e Element,
    target: Option<&'e Element>,
) -> Vec<(String, &'e Element, Option<&'e Element>)> {
    let segments = child(element, "seg-source").map(|s| segment_marks(s)).unwrap_or_default();
    if segments.is_empty() {
        return vec![(id.to_owned(), source, target)];
    }
    let targets = target.map(segment_marks).unwrap_or_default();
    segments
        .into_iter()
        .map(|mark| {
            let mid = mark.attribute("mid").unwrap_or_default();
            let target = targets.iter().find(|t| t.attribute("mid") == Some(mid)).copied();
            (format!("{id}_{mid}"), mark, target)
        })
        .collect()
}

/// The `<mrk mtype="seg">` in an element, in order.
pub(super) fn segment_marks(element: &Element) -> Vec<&Element> {
    element
        .descendants()
        .into_iter()
        .filter(|e| is(e, "mrk") && e.attribute("mtype") == Some("seg"))
        .collect()
}

/// A Trados Studio segment's state, which its `<sdl:seg conf>` says (the XLIFF target has no `state`); a
/// segment without `conf` is not translated, whatever copy of its source the target holds (`origin="source"`).
fn trados_state(segment: &Element) -> Option<UnitState> {
    Some(match segment.attribute("conf")? {
        "Draft" | "RejectedTranslation" => UnitState::Initial,
        "ApprovedTranslation" => UnitState::Reviewed,
        "ApprovedSignOff" => UnitState::Final,
        _ => UnitState::Translated,
    })
}

/// The `conf` Trados Studio gives a segment in a state.
pub(super) fn trados_conf(state: UnitState) -> &'static str {
    match state {
        UnitState::Initial => "Draft",
        UnitState::Translated => "Translated",
        UnitState::Reviewed => "ApprovedTranslation",
        UnitState::Final => "ApprovedSignOff",
    }
}

/// The state of a memoQ unit's `mq:status`: confirmed by the translator, by the first reviewer, or proofread
/// (by the second); any other (not started, edited, pre-translated, machine-translated, rejected) is a
/// draft at most.
fn memoq_state(status: &str) -> UnitState {
    match status {
        "ManuallyConfirmed" => UnitState::Translated,
        "Reviewer1Confirmed" => UnitState::Reviewed,
        "Proofread" | "Reviewer2Confirmed" => UnitState::Final,
        _ => UnitState::Initial,
    }
}

/// The `mq:status` memoQ gives a unit in a state.
pub(super) fn memoq_status_of(state: UnitState) -> &'static str {
    match state {
        UnitState::Initial => "PartiallyEdited",
        UnitState::Translated => "ManuallyConfirmed",
        UnitState::Reviewed => "Reviewer1Confirmed",
        UnitState::Final => "Proofread",
    }
}

/// The life-cycle state of an XLIFF 1.2 `state` value; `x-` values (tool-defined) count as translated.
pub(super) fn state_of(state: &str) -> Option<UnitState> {
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
