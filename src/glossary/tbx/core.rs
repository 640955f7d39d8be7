//! The TBX 2019 core structure (ISO 30042:2019, `TBXcoreStructV03.rng`) as data: what each element may
//! contain, in what order and how often, and which attributes it needs. Checking it up front means the
//! extraction that follows can trust the shape, and a refused file says which rule it broke and where.

use std::collections::HashSet;

use crate::glossary::error::Problem;
use crate::glossary::tbx::xml::{foreign, At, Element, Node};
use crate::lang::LanguageTag;

/// What an element may contain.
enum Content {
    /// Child elements filling these slots in order; text other than whitespace is refused.
    Slots(&'static [Slot]),
    /// Text, with these inline elements.
    Text(&'static [&'static str]),
}

/// A run of children in a sequence: any of `names`, between `min` and `max` of them.
struct Slot {
    names: &'static [&'static str],
    min: usize,
    max: usize,
    /// Whether a DCT-style element (another namespace) may stand in for one of `names`.
    dct: bool,
}

const MANY: usize = usize::MAX;

const fn one(name: &'static [&'static str]) -> Slot {
    Slot { names: name, min: 1, max: 1, dct: false }
}
const fn optional(name: &'static [&'static str]) -> Slot {
    Slot { names: name, min: 0, max: 1, dct: false }
}
const fn some(names: &'static [&'static str]) -> Slot {
    Slot { names, min: 1, max: MANY, dct: false }
}
const fn any(names: &'static [&'static str]) -> Slot {
    Slot { names, min: 0, max: MANY, dct: false }
}
const fn dct(slot: Slot) -> Slot {
    Slot { dct: true, ..slot }
}

/// `entity.auxInfo`: what may annotate a concept, language section or term section.
const AUX_INFO: &[&str] =
    &["admin", "adminGrp", "descrip", "descripGrp", "note", "ref", "transacGrp", "xref"];
/// `entity.noteLinkInfo`.
const NOTE_LINK: &[&str] = &["admin", "adminGrp", "note", "ref", "transacGrp", "xref"];
/// `entity.noteText`: inline markup in notes and data categories.
const NOTE_TEXT: &[&str] = &["ec", "foreign", "hi", "ph", "sc"];

/// Every element of the core structure and its content model.
const MODELS: &[(&str, Content)] = {
    use Content::{Slots, Text};
    &[
        ("tbx", Slots(&[one(&["tbxHeader"]), one(&["text"])])),
        ("tbxHeader", Slots(&[one(&["fileDesc"]), optional(&["encodingDesc"]), optional(&["revisionDesc"])])),
        (
            "fileDesc",
            Slots(&[optional(&["publicationStmt"]), optional(&["titleStmt"]), one(&["sourceDesc"])]),
        ),
        ("sourceDesc", Slots(&[some(&["p"])])),
        ("encodingDesc", Slots(&[some(&["p"])])),
        ("publicationStmt", Slots(&[some(&["p"])])),
        ("change", Slots(&[some(&["p"])])),
        ("revisionDesc", Slots(&[some(&["change"])])),
        ("titleStmt", Slots(&[one(&["title"]), any(&["note"])])),
        ("text", Slots(&[optional(&["body"]), optional(&["back"])])),
        ("body", Slots(&[some(&["conceptEntry"])])),
        ("back", Slots(&[any(&["refObjectSec"])])),
        ("refObjectSec", Slots(&[some(&["refObject"])])),
        ("refObject", Slots(&[some(&["itemSet", "itemGrp", "item"])])),
        ("itemSet", Slots(&[some(&["itemGrp", "item"])])),
        ("itemGrp", Slots(&[one(&["item"]), dct(any(NOTE_LINK))])),
        ("conceptEntry", Slots(&[dct(any(AUX_INFO)), some(&["langSec"])])),
        ("langSec", Slots(&[dct(any(AUX_INFO)), some(&["termSec"])])),
        ("termSec", Slots(&[one(&["term"]), dct(any(&["termNote", "termNoteGrp"])), dct(any(AUX_INFO))])),
        ("termNoteGrp", Slots(&[dct(one(&["termNote"])), dct(any(NOTE_LINK))])),
        (
            "descripGrp",
            Slots(&[
                dct(one(&["descrip"])),
                dct(any(&["admin", "adminGrp", "descripNote", "note", "ref", "transacGrp", "xref"])),
            ]),
        ),
        ("adminGrp", Slots(&[dct(one(&["admin"])), dct(any(&["adminNote", "note", "ref", "xref"]))])),
        (
            "transacGrp",
            Slots(&[dct(one(&["transac"])), dct(any(&["date", "note", "ref", "transacNote", "xref"]))]),
        ),
        ("admin", Text(NOTE_TEXT)),
        ("descrip", Text(NOTE_TEXT)),
        ("termNote", Text(NOTE_TEXT)),
        ("note", Text(NOTE_TEXT)),
        ("p", Text(NOTE_TEXT)),
        ("foreign", Text(NOTE_TEXT)),
        ("item", Text(NOTE_TEXT)),
        ("term", Text(&["hi"])),
        ("adminNote", Text(&[])),
        ("descripNote", Text(&[])),
        ("ref", Text(&[])),
        ("transac", Text(&[])),
        ("transacNote", Text(&[])),
        ("xref", Text(&[])),
        ("date", Text(&[])),
        ("title", Text(&[])),
        ("hi", Text(&[])),
        ("ph", Text(&[])),
        ("sc", Text(&[])),
        ("ec", Text(&[])),
    ]
};

fn content(name: &str) -> Option<&'static Content> {
    MODELS.iter().find(|(element, _)| *element == name).map(|(_, content)| content)
}

/// Attributes an element must carry (non-empty).
fn required_attributes(name: &str) -> &'static [&'static str] {
    match name {
        "tbx" => &["xml:lang", "type", "style"],
        "conceptEntry" => &["id"],
        "langSec" => &["xml:lang"],
        "xref" => &["type", "target"],
        "sc" => &["id"],
        "admin" | "adminNote" | "descrip" | "descripNote" | "ref" | "termNote" | "transac"
        | "transacNote" | "refObjectSec" => &["type"],
        _ => &[],
    }
}

/// What the check carries from one part of a document to the next.
#[derive(Default)]
pub(super) struct Checked {
    /// Every `id` seen: ids are unique in the whole document.
    ids: HashSet<String>,
    /// Whether entries were checked on their own ([`check_entry`]) as they were read: `<body>` then comes to
    /// [`check`] without them.
    entries: bool,
}

/// `<body>` whose entries were checked and taken out as they were read.
const BODY_READ: Content = Content::Slots(&[any(&["conceptEntry"])]);

/// Checks a `<tbx>` document against the core structure: the whole document, or what is left of it after
/// its entries went through [`check_entry`].
pub(super) fn check(root: &Element, checked: &mut Checked) -> Result<(), At> {
    check_root_attributes(root)?;
    check_element(root, checked)
}

/// Checks one `<conceptEntry>` of `<body>`.
pub(super) fn check_entry(entry: &Element, checked: &mut Checked) -> Result<(), At> {
    checked.entries = true;
    check_element(entry, checked)
}

fn check_root_attributes(root: &Element) -> Result<(), At> {
    let bad = |attribute, value: &str, expected| {
        let problem =
            Problem::BadAttribute { element: "tbx".into(), attribute, value: value.to_owned(), expected };
        At(root.offset, problem)
    };
    match root.attribute("type") {
        Some(dialect) if !dialect.starts_with("TBX-") || dialect.len() == 4 => {
            return Err(bad("type", dialect, "TBX-<dialect>, e.g. TBX-Basic"))
        }
        _ => {}
    }
    match root.attribute("style") {
        Some(style) if style != "dca" && style != "dct" => Err(bad("style", style, "dca or dct")),
        _ => Ok(()),
    }
}

fn check_element(element: &Element, checked: &mut Checked) -> Result<(), At> {
    let at = |problem| At(element.offset, problem);
    for &attribute in required_attributes(&element.name) {
        if element.attribute(attribute).is_none_or(|v| v.trim().is_empty()) {
            return Err(at(Problem::MissingAttribute { element: element.name.clone(), attribute }));
        }
    }
    if let Some(lang) = element.attribute("xml:lang") {
        LanguageTag::parse(lang).map_err(|e| at(e.into()))?;
    }
    if let Some(id) = element.attribute("id") {
        if !checked.ids.insert(id.to_owned()) {
            return Err(at(Problem::DuplicateId(id.to_owned())));
        }
    }
    let content = match element.name.as_str() {
        "body" if checked.entries => Some(&BODY_READ),
        name => content(name),
    };
    match content {
        // DCT-style data categories and unknown extensions carry text; their content is the dialect's affair.
        _ if foreign(element) => Ok(()),
        None => Err(at(Problem::NotTbxElement(element.name.clone()))),
        Some(Content::Text(inline)) => {
            for child in element.elements() {
                if !inline.contains(&child.name.as_str()) || foreign(child) {
                    let problem =
                        Problem::NotAllowed { element: child.name.clone(), parent: element.name.clone() };
                    return Err(At(child.offset, problem));
                }
                check_element(child, checked)?;
            }
            Ok(())
        }
        Some(Content::Slots(slots)) => {
            check_sequence(element, slots)?;
            element.elements().try_for_each(|child| check_element(child, checked))
        }
    }
}

/// Walks the children through the slots in order, as the RELAX NG `<group>` does.
fn check_sequence(element: &Element, slots: &[Slot]) -> Result<(), At> {
    let parent = || element.name.clone();
    let mut counts = vec![0; slots.len()];
    let mut slot = 0;
    for node in &element.children {
        let child = match node {
            Node::Text(text, offset) if !text.trim().is_empty() => {
                // Point at the text itself, not at the layout before it.
                let start = offset + text.len() - text.trim_start().len();
                return Err(At(start, Problem::StrayText(parent())));
            }
            Node::Text(..) => continue,
            Node::Element(child) => child,
        };
        let name = || child.name.clone();
        let fits = |s: &Slot| if foreign(child) { s.dct } else { s.names.contains(&child.name.as_str()) };
        let Some(found) = (slot..slots.len()).find(|&i| fits(&slots[i])) else {
            let problem = match slots[..slot].iter().position(fits) {
                Some(i) if counts[i] >= slots[i].max => {
                    Problem::TooMany { element: name(), parent: parent() }
                }
                Some(_) => Problem::Misplaced { element: name(), parent: parent() },
                None => Problem::NotAllowed { element: name(), parent: parent() },
            };
            return Err(At(child.offset, problem));
        };
        if let Some(missing) = (slot..found).find(|&i| counts[i] < slots[i].min) {
            let problem =
                Problem::OutOfOrder { parent: parent(), expected: slots[missing].names[0], found: name() };
            return Err(At(child.offset, problem));
        }
        slot = found;
        counts[slot] += 1;
        if counts[slot] > slots[slot].max {
            return Err(At(child.offset, Problem::TooMany { element: name(), parent: parent() }));
        }
    }
    match (slot..slots.len()).find(|&i| counts[i] < slots[i].min) {
        Some(missing) => {
            Err(At(element.offset, Problem::Missing { parent: parent(), child: slots[missing].names[0] }))
        }
        None => Ok(()),
    }
}
