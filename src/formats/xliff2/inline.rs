//! Inline codes in XLIFF 2. A unit is a paragraph, whose code ids are unique, so the ids are written as they
//! are. Written: a pair with both halves in one segment and nested as `<pc>`, else `<sc>`/`<ec startRef>`
//! (`isolated="yes"` only when the partner is not in the unit), a standalone code as `<ph>`; each code's
//! native data in the unit's `<originalData>` (`d{id}`, and `d{id}e` for a pair's end), its class as `type`,
//! what it shows as `disp`, its hover text as `equiv`. Read: those, `<cp>` as its character, `<mrk>` as its
//! text, `<sm>`/`<em>` (annotations, not formatting) dropped. A document to be written back into its file
//! ([`Mode::Markup`]) keeps each code's XLIFF markup as its native data, and `<mrk>` and `<sm>`/`<em>` as
//! pairs, so that a target is written with the source's own elements.

use std::collections::{HashMap, HashSet};

use super::NS;
use crate::formats::codes::{class_of, write_pieces, Mode, UnitCodes};
use crate::formats::given_back::{end_tag, start_tag};
use crate::formats::model::Paragraph;
use crate::inline::{self, Code, CodeClass, Marker};
use crate::xml::{Element, Inline, Node, XmlWriter};

/// A paragraph's codes, each id once.
pub(super) fn paragraph_codes(paragraph: &Paragraph) -> Vec<&Code> {
    let mut codes: Vec<&Code> = Vec::new();
    for code in paragraph.units.iter().flat_map(|u| &u.codes) {
        if !codes.iter().any(|c| c.id == code.id) {
            codes.push(code);
        }
    }
    codes
}

fn data_start(id: u32) -> String {
    format!("d{id}")
}

fn data_end(id: u32) -> String {
    format!("d{id}e")
}

/// The unit's `<originalData>`, when it has codes.
pub(super) fn write_original_data(xml: &mut XmlWriter, codes: &[&Code]) {
    if codes.is_empty() {
        return;
    }
    xml.open("originalData", &[]);
    for code in codes {
        xml.leaf("data", &[("id", &data_start(code.id))], &code.open);
        if let Some(close) = &code.close {
            xml.leaf("data", &[("id", &data_end(code.id))], close);
        }
    }
    xml.close();
}

/// The pairs of one side of a unit (its sources, or its targets, in order) whose opening half comes before
/// the closing one: their halves are not isolated.
pub(super) fn joined_pairs<'a>(texts: impl Iterator<Item = &'a str>) -> HashSet<u32> {
    let (mut open, mut joined) = (HashSet::new(), HashSet::new());
    for marker in texts.flat_map(inline::markers) {
        match marker {
            Marker::Open(id) => _ = open.insert(id),
            Marker::Close(id) if open.contains(&id) => _ = joined.insert(id),
            _ => {}
        }
    }
    joined
}

/// Writes a segment's `text` with its codes; `joined` is [`joined_pairs`] of its side of the unit.
pub(super) fn write(out: &mut Inline, text: &str, codes: &[&Code], joined: &HashSet<u32>) {
    write_pieces(out, text, |out, marker, whole| {
        let n = marker.id();
        let id = n.to_string();
        let code = codes.iter().find(|c| c.id == n);
        let (start, end) = (data_start(n), data_end(n));
        let class = code.map_or(CodeClass::Other, |c| c.class).as_str();
        let disp = code.map(|c| c.disp.as_str()).filter(|d| !d.is_empty());
        let equiv = code.and_then(|c| c.title.as_deref());
        let mut attributes = Vec::new();
        let name = match marker {
            Marker::Open(_) if whole => {
                attributes.push(("id", id.as_str()));
                if code.is_some() {
                    attributes.extend([("dataRefStart", start.as_str()), ("dataRefEnd", end.as_str())]);
                }
                attributes.push(("type", class));
                attributes.extend(disp.map(|d| ("dispStart", d)));
                attributes.extend(equiv.map(|e| ("equivStart", e)));
                out.open("pc", &attributes);
                return;
            }
            Marker::Close(_) if whole => {
                out.close("pc");
                return;
            }
            Marker::Open(_) => {
                attributes.push(("id", id.as_str()));
                if !joined.contains(&n) {
                    attributes.push(("isolated", "yes"));
                }
                attributes.extend(code.map(|_| ("dataRef", start.as_str())));
                "sc"
            }
            Marker::Close(_) => {
                if joined.contains(&n) {
                    attributes.push(("startRef", id.as_str()));
                } else {
                    attributes.extend([("id", id.as_str()), ("isolated", "yes")]);
                }
                attributes.extend(code.map(|_| ("dataRef", end.as_str())));
                "ec"
            }
            Marker::Standalone(_) => {
                attributes.push(("id", id.as_str()));
                attributes.extend(code.map(|_| ("dataRef", start.as_str())));
                "ph"
            }
        };
        if name != "ec" || !joined.contains(&n) {
            attributes.push(("type", class));
            attributes.extend(disp.map(|d| ("disp", d)));
            attributes.extend(equiv.map(|e| ("equiv", e)));
        }
        out.empty(name, &attributes);
    });
}

/// The ids of the codes a unit's source and target use.
pub(super) fn used(unit: &crate::formats::model::Unit) -> Vec<u32> {
    let texts = std::iter::once(unit.source.as_str()).chain(unit.target.as_deref());
    texts.flat_map(inline::markers).map(Marker::id).collect()
}

/// The native data of a unit, by `<data>` id.
pub(super) fn original_data(unit: &Element) -> HashMap<&str, String> {
    let data = unit.children_named(NS, "originalData").flat_map(|o| o.children_named(NS, "data"));
    data.filter_map(|d| Some((d.attribute("id")?, data_text(d)))).collect()
}

/// A `<data>`'s text, `<cp>` as its character.
fn data_text(element: &Element) -> String {
    let mut out = String::new();
    for node in &element.children {
        match node {
            Node::Text(text, _) => out.push_str(text),
            Node::Element(cp) if cp.is(NS, "cp") => out.extend(code_point(cp)),
            Node::Element(_) => {}
        }
    }
    out
}

fn code_point(cp: &Element) -> Option<char> {
    cp.attribute("hex").and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32)
}

/// The text of a `<source>` or `<target>` with its codes as markers, their definitions going to `codes`.
pub(super) fn read(
    element: &Element,
    data: &HashMap<&str, String>,
    codes: &mut UnitCodes,
    mode: Mode,
) -> String {
    let mut out = String::new();
    read_into(element, data, codes, mode, &mut out);
    out
}

fn read_into(
    element: &Element,
    data: &HashMap<&str, String>,
    codes: &mut UnitCodes,
    mode: Mode,
    out: &mut String,
) {
    for node in &element.children {
        let child = match node {
            Node::Text(text, _) => {
                out.push_str(text);
                continue;
            }
            Node::Element(child) if child.namespace.as_deref() == Some(NS) => child,
            Node::Element(_) => continue,
        };
        // The native data of each half: the `<originalData>` it names, or, for a document, the file's markup.
        let (markup, start, end) = match mode {
            Mode::Markup(text) => {
                let whole = Some(text[child.offset..child.end].to_owned());
                (true, whole.clone(), whole)
            }
            Mode::Content => (false, None, None),
        };
        let native = |attribute: &str, markup: Option<String>| match mode {
            Mode::Markup(_) => markup,
            Mode::Content => child.attribute(attribute).and_then(|r| data.get(r)).cloned(),
        };
        let class = child.attribute("type").map_or(CodeClass::Other, class_of);
        let define =
            |disp: Option<&str>, equiv: Option<&str>, open: Option<String>, close: Option<String>| {
                let disp = disp.unwrap_or(class.as_str()).to_owned();
                let title = equiv.map(str::to_owned);
                move |id| Code { id, class, disp, title, open: open.unwrap_or_default(), close }
            };
        let id = child.attribute("id").unwrap_or_default();
        match child.name.as_str() {
            "pc" | "mrk" if child.name == "pc" || markup => {
                let (disp, equiv) = match child.name.as_str() {
                    "pc" => (child.attribute("dispStart"), child.attribute("equivStart")),
                    _ => (Some("mrk"), None),
                };
                let (open, close) = match mode {
                    Mode::Markup(text) => {
                        (Some(start_tag(text, child).to_owned()), Some(end_tag(text, child).to_owned()))
                    }
                    Mode::Content => {
                        (native("dataRefStart", None), Some(native("dataRefEnd", None).unwrap_or_default()))
                    }
                };
                codes.push(out, id, Marker::Open, define(disp, equiv, open.clone(), close.clone()));
                read_into(child, data, codes, mode, out);
                codes.push(out, id, Marker::Close, define(disp, equiv, open, close));
            }
            "sc" | "sm" if child.name == "sc" || markup => {
                let (disp, equiv) = match child.name.as_str() {
                    "sc" => (child.attribute("disp"), child.attribute("equiv")),
                    _ => (Some("sm"), None),
                };
                let open = native("dataRef", start);
                codes.push(out, id, Marker::Open, define(disp, equiv, open, Some(String::new())));
            }
            "ec" | "em" if child.name == "ec" || markup => {
                let key = child.attribute("startRef").unwrap_or(id);
                let (disp, equiv) = match child.name.as_str() {
                    "ec" => (child.attribute("disp"), child.attribute("equiv")),
                    _ => (Some("em"), None),
                };
                let close = native("dataRef", end).unwrap_or_default();
                codes.push(out, key, Marker::Close, define(disp, equiv, None, Some(close.clone())));
                codes.close_data(key, close);
            }
            "ph" => {
                let (disp, equiv) = (child.attribute("disp"), child.attribute("equiv"));
                codes.push(out, id, Marker::Standalone, define(disp, equiv, native("dataRef", start), None));
            }
            "cp" => out.extend(code_point(child)),
            "mrk" => read_into(child, data, codes, mode, out),
            _ => {}
        }
    }
}
