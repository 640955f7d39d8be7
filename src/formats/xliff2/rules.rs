//! The processing rules of XLIFF 2 that the schema cannot say (or that a reader without the schema must
//! check itself): structure, unique ids, languages, states, inline codes and their references.

use std::collections::HashSet;

use super::NS;
use crate::formats::error::Problem;
use crate::lang::LanguageTag;
use crate::xml::{Element, XML_NS};

/// A broken rule and where.
type Broken = (usize, Problem);

fn rule(e: &Element, text: impl Into<String>) -> Broken {
    (e.offset, Problem::Rule(text.into()))
}

fn missing(e: &Element, attribute: &'static str) -> Broken {
    (e.offset, Problem::MissingAttribute { element: e.name.clone(), attribute })
}

/// `version`, `srcLang` and `trgLang` of the root: the rules checked first.
pub(super) fn languages(root: &Element) -> Result<(LanguageTag, Option<LanguageTag>), Broken> {
    match root.attribute("version") {
        // 2.2 changed modules, not the core a reader needs.
        Some("2.0" | "2.1" | "2.2") => {}
        other => {
            return Err((
                root.offset,
                Problem::BadAttribute {
                    element: "xliff".into(),
                    attribute: "version".into(),
                    value: other.unwrap_or_default().into(),
                    expected: "2.0, 2.1 or 2.2",
                },
            ))
        }
    }
    let src = root.attribute("srcLang").ok_or_else(|| missing(root, "srcLang"))?;
    let src = LanguageTag::parse(src).map_err(|e| (root.offset, e.into()))?;
    let trg =
        root.attribute("trgLang").map(LanguageTag::parse).transpose().map_err(|e| (root.offset, e.into()))?;
    Ok((src, trg))
}

/// What the rules found in the units, checked one by one as they were read ([`Units::check`]) and taken
/// out of the tree.
#[derive(Default)]
pub(super) struct Units {
    /// The first broken language rule.
    langs: Option<Broken>,
    /// The first broken rule of a unit, or a unit id missing or repeated in its file.
    units: Option<Broken>,
    /// The file whose unit ids are in `ids`, by offset.
    file: usize,
    ids: HashSet<String>,
    /// The files that had units, by offset.
    files: HashSet<usize>,
}

impl Units {
    /// Checks a unit of the file at `file` (an offset); what breaks a rule is kept for [`check`].
    pub(super) fn check(
        &mut self,
        unit: &Element,
        file: usize,
        src: &LanguageTag,
        trg: Option<&LanguageTag>,
    ) {
        if self.file != file {
            (self.file, self.ids) = (file, HashSet::new());
        }
        self.files.insert(file);
        if self.langs.is_none() {
            self.langs = check_langs(unit, src, trg).err();
        }
        if self.units.is_none() {
            self.units = check_unit(unit).err().or_else(|| match unit.attribute("id") {
                None => Some(missing(unit, "id")),
                Some(id) if !self.ids.insert(id.to_owned()) => {
                    Some((unit.offset, Problem::DuplicateId { element: "unit".into(), id: id.into() }))
                }
                Some(_) => None,
            });
        }
    }
}

/// Checks the document's rules, the units already checked by `units` as they were read; the first broken
/// rule in the file is reported (language rules before the others, as a check of the whole tree would).
pub(super) fn check(root: &Element, units: Units) -> Result<(), Broken> {
    let (src, trg) = languages(root)?;
    for e in root.elements() {
        if e.namespace.as_deref() != Some(NS) || e.name != "file" {
            return Err(rule(e, format!("<{}> is not allowed in <xliff> (only <file>)", e.name)));
        }
    }
    let files: Vec<_> = root.children_named(NS, "file").collect();
    if files.is_empty() {
        return Err(rule(root, "<xliff> without <file>"));
    }
    unique(files.iter().copied(), "file")?;
    let first = |a: Result<(), Broken>, b: Option<Broken>| match a
        .err()
        .into_iter()
        .chain(b)
        .min_by_key(|(offset, _)| *offset)
    {
        Some(broken) => Err(broken),
        None => Ok(()),
    };
    let langs = files.iter().try_for_each(|file| check_langs(file, &src, trg.as_ref()));
    first(langs, units.langs)?;
    let containers =
        files.iter().try_for_each(|file| check_container(file, units.files.contains(&file.offset)));
    first(containers, units.units)
}

/// Every id of the elements given, required and unique among them.
fn unique<'a>(elements: impl Iterator<Item = &'a Element>, what: &str) -> Result<(), Broken> {
    let mut seen = HashSet::new();
    for e in elements {
        let id = e.attribute("id").ok_or_else(|| missing(e, "id"))?;
        if !seen.insert(id) {
            return Err((e.offset, Problem::DuplicateId { element: what.into(), id: id.into() }));
        }
    }
    Ok(())
}

/// `xml:lang` of sources and targets matches srcLang and trgLang; targets need trgLang; tags are well formed.
fn check_langs(file: &Element, src: &LanguageTag, trg: Option<&LanguageTag>) -> Result<(), Broken> {
    let mut stack = vec![file];
    while let Some(e) = stack.pop() {
        if let Some(raw) = e.attribute_ns(Some(XML_NS), "lang") {
            let lang = LanguageTag::parse(raw).map_err(|err| (e.offset, err.into()))?;
            let core = e.namespace.as_deref() == Some(NS);
            if core && e.name == "source" && lang != *src {
                return Err(rule(e, format!("<source xml:lang={raw:?}> differs from srcLang {src}")));
            }
            if core && e.name == "target" && trg.is_some_and(|t| lang != *t) {
                return Err(rule(e, format!("<target xml:lang={raw:?}> differs from trgLang")));
            }
        }
        if e.is(NS, "target") && trg.is_none() {
            return Err(rule(e, "a <target> needs trgLang on <xliff>"));
        }
        stack.extend(e.elements());
    }
    Ok(())
}

/// A `<file>` or `<group>`: unit and group ids unique in the file, notes, units. `had_units`: the file's units
/// were read, and checked, before.
fn check_container(file: &Element, had_units: bool) -> Result<(), Broken> {
    let mut groups = Vec::new();
    let mut stack = vec![file];
    while let Some(e) = stack.pop() {
        check_notes(e)?;
        let mut has_content = false;
        for child in e.elements().filter(|c| c.namespace.as_deref() == Some(NS)) {
            match child.name.as_str() {
                "group" => {
                    groups.push(child);
                    stack.push(child);
                    has_content = true;
                }
                // Units were checked as they were read ([`Units::check`]); an element still here is not one.
                "unit" => has_content = true,
                "skeleton" => {
                    let empty = child.text().trim().is_empty() && child.elements().next().is_none();
                    match (child.attribute("href").is_some(), empty) {
                        (true, false) => return Err(rule(child, "<skeleton> with href must be empty")),
                        (false, true) => return Err(rule(child, "an empty <skeleton> needs href")),
                        _ => {}
                    }
                }
                "notes" => {}
                other => return Err(rule(child, format!("<{other}> is not allowed in <{}>", e.name))),
            }
        }
        if e.name == "file" && !has_content && !had_units {
            return Err(rule(e, "<file> without <unit> or <group>"));
        }
    }
    unique(groups.into_iter(), "group")
}

/// `<notes>` holds at least one `<note>`; note ids are unique.
fn check_notes(e: &Element) -> Result<(), Broken> {
    let notes: Vec<_> = e.children_named(NS, "notes").collect();
    if notes.len() > 1 {
        return Err(rule(notes[1], format!("more than one <notes> in <{}>", e.name)));
    }
    for list in notes {
        if list.child(NS, "note").is_none() {
            return Err(rule(list, "<notes> without <note>"));
        }
        let mut seen = HashSet::new();
        for note in list.children_named(NS, "note") {
            if let Some(id) = note.attribute("id") {
                if !seen.insert(id) {
                    return Err((
                        note.offset,
                        Problem::DuplicateId { element: "note".into(), id: id.into() },
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Inline elements whose `id` must be unique in the unit.
const INLINE: &[&str] = &["ph", "pc", "sc", "ec", "mrk", "sm"];
/// States of a segment.
const STATES: &[&str] = &["initial", "translated", "reviewed", "final"];

/// A unit: segments, ignorables, original data, inline codes.
fn check_unit(unit: &Element) -> Result<(), Broken> {
    let parts: Vec<_> = unit.elements().filter(|e| e.is(NS, "segment") || e.is(NS, "ignorable")).collect();
    if !parts.iter().any(|p| p.name == "segment") {
        return Err(rule(unit, "<unit> without <segment>"));
    }
    let mut ids = HashSet::new();
    for part in &parts {
        if let Some(id) = part.attribute("id") {
            if !ids.insert(id) {
                return Err((
                    part.offset,
                    Problem::DuplicateId { element: part.name.clone(), id: id.into() },
                ));
            }
        }
        let sources = part.children_named(NS, "source").count();
        if sources != 1 {
            return Err(rule(part, format!("<{}> needs exactly one <source>", part.name)));
        }
        if part.name == "segment" {
            let state = part.attribute("state");
            if let Some(state) = state.filter(|s| !STATES.contains(s)) {
                return Err(rule(
                    part,
                    format!("state {state:?} is not initial, translated, reviewed or final"),
                ));
            }
            if part.attribute("subState").is_some() && state.is_none() {
                return Err(rule(part, "subState needs state"));
            }
        }
    }
    // Data ids: required and unique; dataRef* must point to one.
    let data: Vec<_> =
        unit.children_named(NS, "originalData").flat_map(|o| o.children_named(NS, "data")).collect();
    if let Some(original) = unit.child(NS, "originalData") {
        if original.child(NS, "data").is_none() {
            return Err(rule(original, "<originalData> without <data>"));
        }
    }
    unique(data.iter().copied(), "data")?;
    let data_ids: HashSet<_> = data.iter().filter_map(|d| d.attribute("id")).collect();
    // Inline ids unique across the unit's sources (and across its targets), with segment ids.
    // Only the unit's own content: modules (e.g. matches) carry their own original data.
    let contents =
        parts.iter().flat_map(|p| p.elements().filter(|c| c.is(NS, "source") || c.is(NS, "target")));
    let inline: Vec<_> =
        contents.flat_map(|c| c.descendants()).filter(|e| e.namespace.as_deref() == Some(NS)).collect();
    let mut source_ids: HashSet<&str> = ids.clone();
    let mut target_ids: HashSet<&str> = ids.clone();
    let mut in_target = HashSet::new();
    for part in &parts {
        for target in part.children_named(NS, "target") {
            for e in target.descendants() {
                in_target.insert(e.offset);
            }
        }
    }
    for e in &inline {
        if !INLINE.contains(&e.name.as_str()) && e.name != "ec" {
            continue;
        }
        for attribute in ["dataRef", "dataRefStart", "dataRefEnd"] {
            if let Some(reference) = e.attribute(attribute) {
                if !data_ids.contains(reference) {
                    return Err(rule(e, format!("<{}> {attribute}={reference:?} names no <data>", e.name)));
                }
            }
        }
        let isolated = e.attribute("isolated");
        if let Some(value) = isolated.filter(|v| !matches!(*v, "yes" | "no")) {
            return Err(rule(e, format!("isolated={value:?}")));
        }
        if e.name == "ec" {
            match (isolated, e.attribute("id"), e.attribute("startRef")) {
                (Some("yes"), None, _) => return Err(missing(e, "id")),
                (Some("yes"), _, Some(_)) => return Err(rule(e, "an isolated <ec> has id, not startRef")),
                (Some("no") | None, Some(_), _) => {
                    return Err(rule(e, "a non-isolated <ec> has startRef, not id"))
                }
                (Some("no") | None, None, None) => return Err(missing(e, "startRef")),
                _ => {}
            }
            if e.attribute("id").is_none() {
                continue;
            }
        }
        let id = e.attribute("id").ok_or_else(|| missing(e, "id"))?;
        let seen = if in_target.contains(&e.offset) { &mut target_ids } else { &mut source_ids };
        if !seen.insert(id) {
            return Err((e.offset, Problem::DuplicateId { element: e.name.clone(), id: id.into() }));
        }
    }
    // Pairs may span segments: they are checked over the unit's sources (targets) in order.
    for side in ["source", "target"] {
        check_pairs(
            parts.iter().flat_map(|p| p.children_named(NS, side)).flat_map(|c| c.descendants()).collect(),
        )?;
    }
    // Annotation markers may span segments: an <em> closes an <sm> earlier in the unit's sources (targets).
    for side in ["source", "target"] {
        let mut markers = HashSet::new();
        let contents = parts.iter().flat_map(|p| p.children_named(NS, side));
        for e in contents.flat_map(|c| c.descendants()) {
            match e.name.as_str() {
                "sm" => {
                    markers.insert(e.attribute("id").unwrap_or_default());
                }
                "em" => {
                    let start = e.attribute("startRef").ok_or_else(|| missing(e, "startRef"))?;
                    if !markers.remove(start) {
                        return Err(rule(e, format!("<em startRef={start:?}> without an earlier <sm>")));
                    }
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// Over the inline elements of a unit's sources (or targets): a non-isolated `<ec>` closes an earlier `<sc>`; an `<sc>` without its `<ec>` must say isolated="yes"; pairs agree on canCopy/canDelete/canReorder.
fn check_pairs(inline: Vec<&Element>) -> Result<(), Broken> {
    let mut open: Vec<&Element> = Vec::new();
    for e in &inline {
        match e.name.as_str() {
            "sc" if e.attribute("isolated") != Some("yes") => open.push(e),
            "sc" => {}
            "ec" if e.attribute("isolated") != Some("yes") => {
                let start = e.attribute("startRef").unwrap_or_default();
                let Some(i) = open.iter().position(|s| s.attribute("id") == Some(start)) else {
                    return Err(rule(e, format!("<ec startRef={start:?}> without an earlier <sc>")));
                };
                let sc = open.remove(i);
                for flag in ["canCopy", "canDelete", "canReorder", "canOverlap"] {
                    if sc.attribute(flag).unwrap_or("yes") != e.attribute(flag).unwrap_or("yes") {
                        return Err(rule(e, format!("<sc> and <ec> disagree on {flag}")));
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(sc) = open.first() {
        return Err(rule(sc, "<sc> without its <ec> must be isolated=\"yes\""));
    }
    Ok(())
}
