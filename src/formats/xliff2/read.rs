//! Reads XLIFF 2.0/2.1, tarjuman's and other tools', after checking the processing rules in [`super::rules`].
//!
//! A unit becomes a paragraph, a segment a unit (a segment without an id gets `{unit id}-{n}`); groups are
//! flattened. Inline codes become markers with their native data ([`super::inline`]).

use super::{
    inline, rules, CATEGORY, GLS_NS, MDA_NS, META_ARTICLE, META_REVISION, META_TITLE, MTC_NS, NS, TJ_NS,
};
use crate::formats::codes::{Mode, ParagraphIds};
use crate::formats::error::{Format, FormatError, Problem};
use crate::formats::model::{Alternative, BilingualDocument, GlossaryHint, Paragraph, Unit, UnitState};
use crate::formats::{decode, parse_xml_units};
use crate::lang::LanguageTag;
use crate::xml::{Element, Node};

/// Reads an XLIFF 2 document in whatever encoding it declares, one `<unit>` at a time, refusing one that
/// breaks the specification's rules; an inline code's native data is its `<originalData>`.
pub fn read_xliff2(bytes: &[u8]) -> Result<BilingualDocument, FormatError> {
    let decoded = decode(bytes, Format::Xliff2)?;
    read(&decoded.text, Mode::Content, &mut |_, _, _| Ok(()))
}

/// Reads another tool's XLIFF 2 file as a document to translate and give back ([`super::fill_xliff2`]):
/// each inline code's native data is its XLIFF markup as the file writes it (`<mrk>` and `<sm>`/`<em>`
/// included, as pairs), and segments with nothing to translate (a blank source, or `translate="no"` on
/// their unit or the group or file around it) are left out.
pub fn read_xliff2_document(bytes: &[u8]) -> Result<BilingualDocument, FormatError> {
    let decoded = decode(bytes, Format::Xliff2)?;
    read(&decoded.text, Mode::Markup(&decoded.text), &mut |_, _, _| Ok(()))
}

/// What each `<unit>` read gives: the elements open around it (the root first), the unit, and its
/// segments with the units read from them (in a document, those to translate).
pub(super) type UnitHook<'h> =
    dyn FnMut(&[Element], &Element, &[(&Element, Unit)]) -> Result<(), FormatError> + 'h;

/// Reads `text`, handing each `<unit>` and its segments to `hook` as well.
pub(super) fn read(text: &str, mode: Mode, hook: &mut UnitHook) -> Result<BilingualDocument, FormatError> {
    let fail = |offset: usize, problem: Problem| FormatError::at(Format::Xliff2, text, offset, problem);
    let is_unit = |open: &[Element], e: &Element| match open {
        [xliff, file, groups @ ..] => {
            e.is(NS, "unit")
                && xliff.is(NS, "xliff")
                && file.is(NS, "file")
                && groups.iter().all(|g| g.is(NS, "group"))
        }
        _ => false,
    };
    let (mut languages, mut checked) = (None, rules::Units::default());
    let (mut paragraphs, mut read_error) = (Vec::new(), None);
    let mut read = |open: &[Element], unit: Element| -> Result<(), FormatError> {
        if languages.is_none() {
            // The root's own rules come first: a broken one stops the read.
            languages = Some(rules::languages(&open[0]).map_err(|(offset, problem)| fail(offset, problem))?);
        }
        let (src, trg) = languages.as_ref().expect("set above");
        checked.check(&unit, open[1].offset, src, trg.as_ref());
        // A broken rule anywhere in the file is reported before what reading the units found.
        if read_error.is_some() {
            return Ok(());
        }
        let mut segments = match read_unit(&unit, mode, &fail) {
            Ok(segments) => segments,
            Err(e) => {
                read_error = Some(e);
                return Ok(());
            }
        };
        // A unit the file marks as not to be translated is kept, locked: shown, never written, given back.
        let locked = not_to_translate(open, &unit);
        segments.iter_mut().for_each(|(segment, u)| u.locked = locked || all_not_to_translate(segment));
        if mode.is_document() {
            // As an article takes them: a segment of codes only is no segment.
            segments.retain(|(_, u)| !crate::inline::plain(&u.source).trim().is_empty());
        }
        hook(open, &unit, &segments)?;
        if !mode.is_document() || !segments.is_empty() {
            paragraphs.push(Paragraph { units: segments.into_iter().map(|(_, u)| u).collect() });
        }
        Ok(())
    };
    let root = parse_xml_units(text, Format::Xliff2, &is_unit, &mut read)?;
    if !root.is(NS, "xliff") {
        return Err(fail(root.offset, Problem::WrongRoot { found: root.name.clone(), expected: "xliff" }));
    }
    rules::check(&root, checked).map_err(|(offset, problem)| fail(offset, problem))?;
    if let Some(e) = read_error {
        return Err(e);
    }
    let (source_lang, target_lang) = match languages {
        Some(languages) => languages,
        None => rules::languages(&root).map_err(|(offset, problem)| fail(offset, problem))?,
    };
    let first = root.child(NS, "file");
    let original = first.and_then(|f| f.attribute("original")).map(str::to_owned);
    let mut doc = BilingualDocument {
        article_id: None,
        title: original.clone().unwrap_or_default(),
        original,
        source_lang,
        // A file without targets may leave the target language open.
        target_lang: target_lang.unwrap_or_else(|| LanguageTag::parse("und").expect("und is a tag")),
        paragraphs,
    };
    for file in root.children_named(NS, "file") {
        for (kind, value) in tarjuman_meta(file) {
            match kind {
                META_TITLE => doc.title = value,
                META_ARTICLE => {
                    let id = value.trim().parse().map_err(|_| {
                        fail(file.offset, Problem::Rule(format!("article id {value:?} is not a number")))
                    })?;
                    doc.article_id = Some(id);
                }
                _ => {}
            }
        }
    }
    Ok(doc)
}

/// Whether a segment's whole source is one annotation `<mrk translate="no">`: a locked sentence of a unit
/// that also has sentences to translate.
fn all_not_to_translate(segment: &Element) -> bool {
    let Some(source) = segment.child(NS, "source") else { return false };
    let mut content =
        source.children.iter().filter(|n| !matches!(n, Node::Text(t, _) if t.trim().is_empty()));
    match (content.next(), content.next()) {
        (Some(Node::Element(mark)), None) => mark.is(NS, "mrk") && mark.attribute("translate") == Some("no"),
        _ => false,
    }
}

/// Whether the file marks a `<unit>` as not to be translated: its own `translate`, else the nearest
/// enclosing group's or its file's (the XLIFF 2 core attribute is inherited).
fn not_to_translate(open: &[Element], unit: &Element) -> bool {
    let said = std::iter::once(unit).chain(open.iter().skip(1).rev());
    said.filter_map(|e| e.attribute("translate")).next() == Some("no")
}

/// The `type`/text pairs of tarjuman's metadata group directly in `element`.
fn tarjuman_meta(element: &Element) -> Vec<(&str, String)> {
    let groups =
        element.children_named(MDA_NS, "metadata").flat_map(|m| m.children_named(MDA_NS, "metaGroup"));
    let ours = groups.filter(|g| g.attribute("category") == Some(CATEGORY));
    ours.flat_map(|g| g.children_named(MDA_NS, "meta"))
        .filter_map(|m| m.attribute("type").map(|t| (t, m.text())))
        .collect()
}

/// A unit's segments, each with the unit it reads as.
fn read_unit<'e>(
    element: &'e Element,
    mode: Mode,
    fail: &dyn Fn(usize, Problem) -> FormatError,
) -> Result<Vec<(&'e Element, Unit)>, FormatError> {
    let unit_id = element.attribute("id").unwrap_or_default();
    // Sized before the first push: a vector grows to four units at once, and shrinking it after leaves the
    // three spare places as a hole between the units a document keeps, one per paragraph.
    let mut units = Vec::with_capacity(element.children_named(NS, "segment").count());
    let mut segments = Vec::with_capacity(units.capacity());
    let data = inline::original_data(element);
    let mut ids = ParagraphIds::default();
    let mut codes = ids.unit();
    for (index, segment) in element.children_named(NS, "segment").enumerate() {
        let id = segment.attribute("id").map_or_else(|| format!("{unit_id}-{}", index + 1), str::to_owned);
        let source = segment.child(NS, "source").map(|s| inline::read(s, &data, &mut codes, mode));
        let mut unit = Unit::new(id, source.unwrap_or_default());
        unit.target = segment.child(NS, "target").map(|t| inline::read(t, &data, &mut codes, mode));
        unit.state = match segment.attribute("state") {
            None => UnitState::Initial,
            Some(state) => UnitState::parse(state).ok_or_else(|| {
                fail(
                    segment.offset,
                    Problem::BadAttribute {
                        element: "segment".into(),
                        attribute: "state".into(),
                        value: state.into(),
                        expected: "initial, translated, reviewed or final",
                    },
                )
            })?,
        };
        units.push(unit);
        segments.push(segment);
    }
    // Each segment keeps the codes its texts use (a pair split between two segments is in both).
    for unit in &mut units {
        let used: Vec<u32> = inline::used(unit);
        unit.codes = codes.codes.iter().filter(|c| used.contains(&c.id)).cloned().collect();
    }
    drop(codes);
    for (kind, value) in tarjuman_meta(element) {
        let Some(segment) = kind.strip_prefix(META_REVISION) else { continue };
        let revision = value.trim().parse().map_err(|_| {
            fail(element.offset, Problem::Rule(format!("revision {value:?} of {segment} is not a number")))
        })?;
        if let Some(unit) = units.iter_mut().find(|u| u.id == segment) {
            unit.revision = Some(revision);
        }
    }
    // Notes and glossary entries go to the segment tj:segment names, else to the unit's first segment.
    let owner = |units: &mut Vec<Unit>, e: &Element| -> Option<usize> {
        let named = e.attribute_ns(Some(TJ_NS), "segment");
        named.and_then(|id| units.iter().position(|u| u.id == id)).or(if units.is_empty() {
            None
        } else {
            Some(0)
        })
    };
    for note in element.children_named(NS, "notes").flat_map(|n| n.children_named(NS, "note")) {
        if let Some(i) = owner(&mut units, note) {
            units[i].notes.push(note.text());
        }
    }
    let entries =
        element.children_named(GLS_NS, "glossary").flat_map(|g| g.children_named(GLS_NS, "glossEntry"));
    for entry in entries {
        let text = |name: &str| entry.child(GLS_NS, name).map(Element::text);
        let hint = GlossaryHint {
            source: text("term").unwrap_or_default(),
            target: text("translation").unwrap_or_default(),
            note: text("definition"),
        };
        if let Some(i) = owner(&mut units, entry) {
            units[i].terms.push(hint);
        }
    }
    // The Translation Candidates module: each match offered to the segment its `ref` names (`#id`), else
    // to the unit's first, as XLIFF 1.2's `<alt-trans>` are.
    let matches = element.children_named(MTC_NS, "matches").flat_map(|m| m.children_named(MTC_NS, "match"));
    for offered in matches {
        let named = offered.attribute("ref").and_then(|r| r.strip_prefix('#'));
        let owner =
            named.and_then(|id| units.iter().position(|u| u.id == id)).or((!units.is_empty()).then_some(0));
        if let (Some(i), Some(alternative)) = (owner, read_match(offered, mode)) {
            units[i].alternatives.push(alternative);
        }
    }
    Ok(segments.into_iter().zip(units).collect())
}

/// An `<mtc:match>` as a suggestion: its target with its codes (whose native data the match holds), the
/// source it was made for, its origin and quality. A match in a reference language (`reference="yes"`) or
/// without a target text offers nothing.
fn read_match(element: &Element, mode: Mode) -> Option<Alternative> {
    if element.attribute("reference") == Some("yes") {
        return None;
    }
    let data = inline::original_data(element);
    let mut ids = ParagraphIds::default();
    let mut codes = ids.unit();
    let source = element.child(NS, "source").map(|s| inline::read(s, &data, &mut codes, mode));
    let target = inline::read(element.child(NS, "target")?, &data, &mut codes, mode);
    if crate::inline::plain(&target).trim().is_empty() {
        return None;
    }
    let said =
        |name: &str| element.attribute(name).map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    Some(Alternative { source, target, origin: said("origin"), quality: said("matchQuality") })
}
