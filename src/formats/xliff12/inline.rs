//! Inline codes in XLIFF 1.2. Written: a pair whose halves are both in the text as `<g>`, a half pair as
//! `<bx>`/`<ex>` (`rid` joins them), a standalone code as `<x>`, with `ctype` from the class and
//! `equiv-text` from what the code shows. Read: those, and `<ph>`, `<bpt>`, `<ept>`, `<it>` whose content is the
//! native data; `<mrk>` (an annotation) and `<sub>` outside a code keep their text. A document to be written
//! back into its file ([`Mode::Markup`]) keeps each code's XLIFF markup as its native data, and `<mrk>` as a
//! pair, so that the target is written with the source's own elements.

use super::is;
use crate::formats::codes::{class_of, write_pieces, Mode, UnitCodes};
use crate::formats::given_back::{end_tag, start_tag};
use crate::inline::{code, markers, Code, CodeClass, Marker};
use crate::xml::{Element, Inline, Node};

/// Writes `text` with its codes.
pub(super) fn write(out: &mut Inline, text: &str, codes: &[Code]) {
    write_pieces(out, text, |out, marker, whole| {
        let id = marker.id().to_string();
        let found = code(codes, marker.id());
        let disp = found.map(|c| c.disp.as_str()).filter(|d| !d.is_empty());
        let class = found.map_or(CodeClass::Other, |c| c.class);
        let mut attributes = vec![("id", id.as_str())];
        let ctype = ctype(class, matches!(marker, Marker::Standalone(_)));
        match marker {
            Marker::Open(_) if whole => {
                attributes.push(("ctype", &ctype));
                attributes.extend(disp.map(|d| ("equiv-text", d)));
                out.open("g", &attributes);
            }
            Marker::Close(_) if whole => out.close("g"),
            Marker::Open(_) | Marker::Close(_) => {
                // `rid` joins the halves in one text; the strict schema wants an `<ex rid>` to name a `<bx>` there.
                let other = match marker {
                    Marker::Open(n) => Marker::Close(n),
                    _ => Marker::Open(marker.id()),
                };
                if markers(text).any(|m| m == other) {
                    attributes.push(("rid", &id));
                }
                if matches!(marker, Marker::Open(_)) {
                    attributes.push(("ctype", &ctype));
                }
                attributes.extend(disp.map(|d| ("equiv-text", d)));
                out.empty(if matches!(marker, Marker::Open(_)) { "bx" } else { "ex" }, &attributes);
            }
            Marker::Standalone(_) => {
                attributes.push(("ctype", &ctype));
                attributes.extend(disp.map(|d| ("equiv-text", d)));
                out.empty("x", &attributes);
            }
        }
    });
}

/// The `ctype` of a code: the schema's own names where it has one (`link` for a pair, `image` for a
/// placeholder), `x-` and the class otherwise.
fn ctype(class: CodeClass, standalone: bool) -> String {
    match (class, standalone) {
        (CodeClass::Link, false) | (CodeClass::Image, true) => class.as_str().to_owned(),
        _ => format!("x-{}", class.as_str()),
    }
}

/// The text of a `<source>` or `<target>` with its codes as markers, their definitions going to `codes`.
pub(super) fn read(element: &Element, codes: &mut UnitCodes, mode: Mode) -> String {
    let mut out = String::new();
    read_into(element, codes, mode, &mut 0, &mut out);
    out
}

/// The key that joins the halves of a pair (`<bpt>`/`<ept>`, `<bx>`/`<ex>`, `<it>`): its `rid`, else its
/// `id`. The two are apart: memoQ pairs `<bpt id="1">` with `<ept id="1">` and, in the same source,
/// `<bpt id="2" rid="1">` with `<ept id="5" rid="1">`. A closing half whose own key opened nothing closes
/// the pair its value names in the other way, as a tool that gives `rid` to one half only means it.
fn pair_key(element: &Element, codes: &UnitCodes) -> String {
    let id = element.attribute("id").unwrap_or_default();
    let (key, other) = match element.attribute("rid") {
        Some(rid) => (format!("{RID}{rid}"), rid.to_owned()),
        None => (id.to_owned(), format!("{RID}{id}")),
    };
    let closing = matches!(element.name.as_str(), "ept" | "ex") || element.attribute("pos") == Some("close");
    if closing && !codes.knows(&key) && codes.knows(&other) {
        return other;
    }
    key
}

/// Marks a pair key as a `rid`'s.
const RID: &str = "rid:";

/// `marks` counts the `<mrk>`s met: the target's n-th is the source's n-th.
fn read_into(element: &Element, codes: &mut UnitCodes, mode: Mode, marks: &mut usize, out: &mut String) {
    for node in &element.children {
        let child = match node {
            Node::Text(text, _) => {
                out.push_str(text);
                continue;
            }
            Node::Element(child) if is(child, &child.name) => child,
            Node::Element(_) => continue,
        };
        let id = child.attribute("id").unwrap_or_default();
        let pair_key = pair_key(child, codes);
        // The native data of this element: the file's markup for a document, else what the code holds.
        let native = match mode {
            Mode::Markup(text) => text[child.offset..child.end].to_owned(),
            Mode::Content if matches!(child.name.as_str(), "ph" | "bpt" | "ept" | "it") => child.text(),
            Mode::Content => String::new(),
        };
        // What the code stands for: a pair's native data goes to the half this element is.
        let define = |kind: fn(u32) -> Marker| {
            let class = child.attribute("ctype").map_or(CodeClass::Other, class_of);
            let disp = child.attribute("equiv-text").or(child.attribute("ctype")).unwrap_or(&child.name);
            let disp = disp.trim_start_matches("x-").to_owned();
            let native = native.clone();
            move |id| {
                let (open, close) = match kind(id) {
                    Marker::Standalone(_) => (native, None),
                    Marker::Open(_) => (native, Some(String::new())),
                    Marker::Close(_) => (String::new(), Some(native)),
                };
                Code { id, class, disp, title: None, open, close }
            }
        };
        match (child.name.as_str(), mode) {
            ("g", _) | ("mrk", Mode::Markup(_)) => {
                let key = if child.name == "mrk" {
                    *marks += 1;
                    format!("mrk{marks}")
                } else {
                    id.to_owned()
                };
                let (open, close) = match mode {
                    Mode::Markup(text) => {
                        (start_tag(text, child).to_owned(), end_tag(text, child).to_owned())
                    }
                    Mode::Content => (String::new(), String::new()),
                };
                let pair = define(Marker::Open);
                codes.push(out, &key, Marker::Open, move |id| Code { open, close: Some(close), ..pair(id) });
                read_into(child, codes, mode, marks, out);
                codes.push(out, &key, Marker::Close, define(Marker::Open));
            }
            ("x" | "ph", _) => codes.push(out, id, Marker::Standalone, define(Marker::Standalone)),
            ("bx" | "bpt", _) => codes.push(out, &pair_key, Marker::Open, define(Marker::Open)),
            ("ex" | "ept", _) => {
                codes.push(out, &pair_key, Marker::Close, define(Marker::Close));
                codes.close_data(&pair_key, native);
            }
            ("it", _) => {
                let closing = child.attribute("pos") == Some("close");
                let kind = if closing { Marker::Close } else { Marker::Open };
                codes.push(out, &pair_key, kind, define(kind));
                if closing {
                    codes.close_data(&pair_key, native);
                }
            }
            _ => read_into(child, codes, mode, marks, out),
        }
    }
}
