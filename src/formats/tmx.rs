//! TMX 1.4b: a translation memory of the article's translated sentences. Read back as [`TmxUnit`]s, not as a
//! document: a TMX file is a memory, not an article.

use std::collections::HashMap;

use crate::formats::codes::{class_of, write_pieces, ParagraphIds, UnitCodes};
use crate::formats::error::{Format, FormatError, Problem};
use crate::formats::model::BilingualDocument;
use crate::formats::{decode, parse_xml_units, TOOL, TOOL_VERSION};
use crate::inline::{self, Code, CodeClass, Marker};
use crate::lang::LanguageTag;
use crate::xml::{Element, Inline, Node, XmlWriter, XML_NS};

/// One translation unit of a memory, for one language pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TmxUnit {
    /// The `tuid`, if any.
    pub id: Option<String>,
    /// The source language.
    pub source_lang: LanguageTag,
    /// The source text, its inline codes as markers ([`crate::inline`]).
    pub source: String,
    /// What the codes of `source` and `target` stand for.
    pub codes: Vec<Code>,
    /// The target language.
    pub target_lang: LanguageTag,
    /// The target text.
    pub target: String,
    /// `creationdate` as written (`YYYYMMDDThhmmssZ`).
    pub creation_date: Option<String>,
    /// `creationid`: who created the unit.
    pub creation_id: Option<String>,
    /// `changedate` as written.
    pub change_date: Option<String>,
}

/// The document's translated units (those with a non-empty target) as TMX 1.4b.
pub fn write_tmx(doc: &BilingualDocument) -> Vec<u8> {
    let (source_lang, target_lang) = (doc.source_lang.as_str(), doc.target_lang.as_str());
    let mut xml = XmlWriter::new();
    xml.open("tmx", &[("version", "1.4")]);
    xml.empty(
        "header",
        &[
            ("creationtool", TOOL),
            ("creationtoolversion", TOOL_VERSION),
            ("segtype", "sentence"),
            ("o-tmf", TOOL),
            ("adminlang", "en"),
            ("srclang", source_lang),
            ("datatype", "plaintext"),
        ],
    );
    xml.open("body", &[]);
    // A unit its file marks as not to be translated holds no translation to remember.
    for unit in doc.units().filter(|u| !u.locked) {
        let Some(target) = unit.target.as_deref().filter(|t| !t.is_empty()) else { continue };
        xml.open("tu", &[("tuid", &unit.id)]);
        for (lang, text) in [(source_lang, unit.source.as_str()), (target_lang, target)] {
            xml.open("tuv", &[("xml:lang", lang)]);
            xml.mixed("seg", &[], |out| write_seg(out, text, &unit.codes));
            xml.close();
        }
        xml.close();
    }
    xml.close();
    xml.close();
    xml.finish()
}

/// A segment's text with its codes: a pair whose halves are both in it as `<bpt>`/`<ept>` (`i` joins them),
/// a half pair as `<it>`, a standalone code as `<ph>`, each holding its native data; `x` is the code's id, so
/// the codes of the source and the target correspond.
fn write_seg(out: &mut Inline, text: &str, codes: &[Code]) {
    write_pieces(out, text, |out, marker, whole| {
        let id = marker.id().to_string();
        let code = inline::code(codes, marker.id());
        let native = code.map_or("", |c| c.native(marker));
        let kind = code.map(|c| c.class).filter(|c| matches!(c, CodeClass::Link | CodeClass::Image));
        let mut attributes = Vec::new();
        let name = match marker {
            Marker::Open(_) if whole => {
                attributes.extend([("i", id.as_str()), ("x", id.as_str())]);
                "bpt"
            }
            Marker::Close(_) if whole => {
                attributes.push(("i", id.as_str()));
                "ept"
            }
            Marker::Open(_) => {
                attributes.extend([("pos", "begin"), ("x", id.as_str())]);
                "it"
            }
            Marker::Close(_) => {
                attributes.extend([("pos", "end"), ("x", id.as_str())]);
                "it"
            }
            Marker::Standalone(_) => {
                attributes.push(("x", id.as_str()));
                "ph"
            }
        };
        if name != "ept" {
            attributes.extend(kind.map(|k| ("type", k.as_str())));
        }
        out.leaf(name, &attributes, native);
    });
}

/// Reads the units of a TMX file: for each `<tu>`, one unit per variant in another language than the
/// header's `srclang` (with `srclang="*all*"`, the first variant is the source). Inline codes (`<bpt>`,
/// `<ept>`, `<it>`, `<ph>`) become markers with their native data, matched between the variants by `x`;
/// `<hi>` and `<sub>` outside a code keep their text.
pub fn read_tmx(bytes: &[u8]) -> Result<Vec<TmxUnit>, FormatError> {
    let decoded = decode(bytes, Format::Tmx)?;
    let text = decoded.text.as_str();
    let fail = |e: &Element, problem: Problem| FormatError::at(Format::Tmx, text, e.offset, problem);
    let mut units = Vec::new();
    // Each <tu> of the body is read as it closes, so that a memory of any size holds one unit's tree at a time.
    let is_unit = |open: &[Element], e: &Element| e.name == "tu" && open.len() == 2 && open[1].name == "body";
    let mut read_unit = |open: &[Element], tu: Element| -> Result<(), FormatError> {
        let (header, srclang) = header(&open[0]).map_err(|(e, problem)| fail(e, problem))?;
        units_of(&tu, header, srclang, &mut units).map_err(|(e, problem)| fail(e, problem))
    };
    let root = parse_xml_units(text, Format::Tmx, &is_unit, &mut read_unit)?;
    header(&root).map_err(|(e, problem)| fail(e, problem))?;
    Ok(units)
}

/// A problem at an element.
type At<'a> = (&'a Element, Problem);

/// The `<tmx>` root's header and its `srclang`.
fn header(root: &Element) -> Result<(&Element, &str), At<'_>> {
    if root.name != "tmx" {
        return Err((root, Problem::WrongRoot { found: root.name.clone(), expected: "tmx" }));
    }
    let header = root.elements().find(|e| e.name == "header");
    let header = header.ok_or((root, Problem::Missing { parent: "tmx".into(), child: "header" }))?;
    let srclang = header.attribute("srclang");
    let srclang = srclang
        .ok_or((header, Problem::MissingAttribute { element: "header".into(), attribute: "srclang" }))?;
    Ok((header, srclang))
}

/// The units of one `<tu>`: one per variant in another language than the source.
fn units_of<'a>(
    tu: &'a Element,
    header: &'a Element,
    srclang: &str,
    units: &mut Vec<TmxUnit>,
) -> Result<(), At<'a>> {
    let mut variants = Vec::new();
    let mut ids = ParagraphIds::default();
    let mut codes = ids.unit();
    for tuv in tu.elements().filter(|e| e.name == "tuv") {
        let raw = tuv.attribute_ns(Some(XML_NS), "lang").or(tuv.attribute("lang")).ok_or_else(|| {
            (tuv, Problem::MissingAttribute { element: "tuv".into(), attribute: "xml:lang" })
        })?;
        let lang = LanguageTag::parse(raw).map_err(|e| (tuv, e.into()))?;
        let seg = tuv.elements().find(|e| e.name == "seg");
        let seg = seg.ok_or((tuv, Problem::Missing { parent: "tuv".into(), child: "seg" }))?;
        // The memory keeps a unit's codes as those characters: one in the text would be a code out of nowhere.
        if let Some((_, c)) = inline::first_marker(&seg.text()) {
            return Err((seg, Problem::CodeCharacter(c.into())));
        }
        variants.push((lang, seg_text(seg, &mut codes, omegat_tags(header))));
    }
    let codes = std::mem::take(&mut codes.codes);
    let source_index = if srclang == "*all*" {
        0
    } else {
        let wanted = LanguageTag::parse(srclang).map_err(|e| (header, e.into()))?;
        match variants.iter().position(|(lang, _)| *lang == wanted) {
            Some(i) => i,
            None => return Ok(()),
        }
    };
    let Some((source_lang, source)) = variants.get(source_index).cloned() else { return Ok(()) };
    for (index, (target_lang, target)) in variants.into_iter().enumerate() {
        if index == source_index {
            continue;
        }
        units.push(TmxUnit {
            id: tu.attribute("tuid").map(str::to_owned),
            source_lang: source_lang.clone(),
            source: source.clone(),
            codes: codes.clone(),
            target_lang,
            target,
            creation_date: tu.attribute("creationdate").map(str::to_owned),
            creation_id: tu.attribute("creationid").map(str::to_owned),
            change_date: tu.attribute("changedate").map(str::to_owned),
        });
    }
    Ok(())
}

/// Whether the file is OmegaT's project memory, whose text holds OmegaT's own tags (`<a0>`, `</a0>`, `<x1/>`)
/// as text: OmegaT writes them so in `project_save.tmx`, and as `<bpt>`/`<ept>`/`<ph>` only in its level-2
/// export.
fn omegat_tags(header: &Element) -> bool {
    header.attribute("creationtool").is_some_and(|tool| tool.trim().eq_ignore_ascii_case("OmegaT"))
}

/// A `<seg>`'s text with its codes as markers. `x` names a code across variants; a `<bpt>` without one is
/// named by its `i`, which its `<ept>` shares; OmegaT's tags in its text (`omegat`) by their names.
fn seg_text(seg: &Element, codes: &mut UnitCodes, omegat: bool) -> String {
    let mut out = String::new();
    let mut keys = SegKeys { omegat, ..SegKeys::default() };
    seg_into(seg, codes, &mut keys, &mut out);
    out
}

/// One of OmegaT's tags: its length in the text, its name (`a0`) and the marker it stands for.
struct OmegatTag<'a> {
    length: usize,
    name: &'a str,
    marker: fn(u32) -> Marker,
}

/// The OmegaT tag at the start of `text`, if one is.
fn omegat_tag(text: &str) -> Option<OmegatTag<'_>> {
    let inner = text.strip_prefix('<')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let letters = inner.bytes().take_while(u8::is_ascii_lowercase).count();
    let digits = inner[letters..].bytes().take_while(u8::is_ascii_digit).count();
    if letters == 0 || digits == 0 {
        return None;
    }
    let name = &inner[..letters + digits];
    let rest = &inner[letters + digits..];
    let (marker, tail): (fn(u32) -> Marker, usize) = match (closing, rest) {
        (false, r) if r.starts_with("/>") => (Marker::Standalone, 2),
        (false, r) if r.starts_with('>') => (Marker::Open, 1),
        (true, r) if r.starts_with('>') => (Marker::Close, 1),
        _ => return None,
    };
    Some(OmegatTag { length: 1 + usize::from(closing) + name.len() + tail, name, marker })
}

/// `text` of OmegaT's project memory with its tags as codes, each its own native data, named across the
/// variants by the tag's name.
fn omegat_text(text: &str, codes: &mut UnitCodes, out: &mut String) {
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(OmegatTag { length, name, marker }) = omegat_tag(rest) else {
            out.push('<');
            rest = &rest[1..];
            continue;
        };
        let (tag, key) = (rest[..length].to_owned(), format!("omegat-{name}"));
        let define = |open: String, close: Option<String>| {
            let disp = name.to_owned();
            move |id| Code { id, class: CodeClass::Fmt, disp, title: None, open, close }
        };
        match marker(0) {
            Marker::Open(_) => codes.push(out, &key, Marker::Open, define(tag, Some(String::new()))),
            Marker::Close(_) => {
                codes.push(out, &key, Marker::Close, define(String::new(), Some(tag.clone())));
                codes.close_data(&key, tag);
            }
            Marker::Standalone(_) => codes.push(out, &key, Marker::Standalone, define(tag, None)),
        }
        rest = &rest[length..];
    }
    out.push_str(rest);
}

/// How a segment's codes are named: a pair by its `<bpt>`'s key (`i` joins the halves), a placeholder
/// without `x` by its place among them.
#[derive(Default)]
struct SegKeys {
    pairs: HashMap<String, String>,
    placeholders: usize,
    /// The text holds OmegaT's tags ([`omegat_tags`]).
    omegat: bool,
}

fn seg_into(element: &Element, codes: &mut UnitCodes, keys: &mut SegKeys, out: &mut String) {
    for node in &element.children {
        let child = match node {
            Node::Text(text, _) if keys.omegat => {
                omegat_text(text, codes, out);
                continue;
            }
            Node::Text(text, _) => {
                out.push_str(text);
                continue;
            }
            Node::Element(child) => child,
        };
        let x = child.attribute("x");
        let i = child.attribute("i").unwrap_or_default();
        let native = child.text();
        let class = child.attribute("type").map_or(CodeClass::Fmt, class_of);
        let define = |open: String, close: Option<String>| {
            let disp = child.attribute("type").unwrap_or(class.as_str()).to_owned();
            move |id| Code { id, class, disp, title: None, open, close }
        };
        match child.name.as_str() {
            "bpt" => {
                let key = x.map_or_else(|| format!("i{i}"), |x| format!("x{x}"));
                keys.pairs.insert(i.to_owned(), key.clone());
                codes.push(out, &key, Marker::Open, define(native, Some(String::new())));
            }
            "ept" => {
                let key = keys.pairs.get(i).cloned().unwrap_or_else(|| format!("i{i}"));
                codes.push(out, &key, Marker::Close, define(String::new(), Some(native.clone())));
                codes.close_data(&key, native);
            }
            "it" => {
                let key = format!("x{}", x.unwrap_or_default());
                if child.attribute("pos") == Some("end") {
                    codes.push(out, &key, Marker::Close, define(String::new(), Some(native.clone())));
                    codes.close_data(&key, native);
                } else {
                    codes.push(out, &key, Marker::Open, define(native, Some(String::new())));
                }
            }
            "ph" => {
                keys.placeholders += 1;
                let key = x.map_or_else(|| format!("ph{}", keys.placeholders), |x| format!("x{x}"));
                codes.push(out, &key, Marker::Standalone, define(native, None));
            }
            _ => seg_into(child, codes, keys, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn omegats_tags_are_told_from_text_that_looks_like_markup() {
        fn tag(text: &str) -> Option<(usize, &str, Marker)> {
            omegat_tag(text).map(|t| (t.length, t.name, (t.marker)(7)))
        }
        assert_eq!(tag("<a0>x"), Some((4, "a0", Marker::Open(7))));
        assert_eq!(tag("</a0>"), Some((5, "a0", Marker::Close(7))));
        assert_eq!(tag("<x12/> y"), Some((6, "x12", Marker::Standalone(7))));
        for text in ["<b>", "<0>", "< a0>", "<a0 >", "</a0/>", "<A0>", "a < b", "<a0"] {
            assert_eq!(tag(text), None, "{text}");
        }
    }
}
