//! TMX 1.4b: a translation memory of the article's translated sentences. Read back as [`TmxUnit`]s, not as a
//! document: a TMX file is a memory, not an article.

use crate::formats::error::{Format, FormatError, Problem};
use crate::formats::model::BilingualDocument;
use crate::formats::{parse_xml_units, utf8, TOOL, TOOL_VERSION};
use crate::lang::LanguageTag;
use crate::xml::{Element, XmlWriter, XML_NS};

/// One translation unit of a memory, for one language pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TmxUnit {
    /// The `tuid`, if any.
    pub id: Option<String>,
    /// The source language.
    pub source_lang: LanguageTag,
    /// The source text.
    pub source: String,
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
    for unit in doc.units() {
        let Some(target) = unit.target.as_deref().filter(|t| !t.is_empty()) else { continue };
        xml.open("tu", &[("tuid", &unit.id)]);
        for (lang, text) in [(source_lang, unit.source.as_str()), (target_lang, target)] {
            xml.open("tuv", &[("xml:lang", lang)]);
            xml.leaf("seg", &[], text);
            xml.close();
        }
        xml.close();
    }
    xml.close();
    xml.close();
    xml.finish()
}

/// Reads the units of a TMX file: for each `<tu>`, one unit per variant in another language than the
/// header's `srclang` (with `srclang="*all*"`, the first variant is the source). Inline markup in `<seg>` is
/// reduced to text; the native code in `<bpt>`, `<ept>`, `<it>`, `<ph>` is dropped.
pub fn read_tmx(bytes: &[u8]) -> Result<Vec<TmxUnit>, FormatError> {
    let text = utf8(bytes, Format::Tmx)?;
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
    for tuv in tu.elements().filter(|e| e.name == "tuv") {
        let raw = tuv.attribute_ns(Some(XML_NS), "lang").or(tuv.attribute("lang")).ok_or_else(|| {
            (tuv, Problem::MissingAttribute { element: "tuv".into(), attribute: "xml:lang" })
        })?;
        let lang = LanguageTag::parse(raw).map_err(|e| (tuv, e.into()))?;
        let seg = tuv.elements().find(|e| e.name == "seg");
        let seg = seg.ok_or((tuv, Problem::Missing { parent: "tuv".into(), child: "seg" }))?;
        variants.push((lang, seg_text(seg)));
    }
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
            target_lang,
            target,
            creation_date: tu.attribute("creationdate").map(str::to_owned),
            creation_id: tu.attribute("creationid").map(str::to_owned),
            change_date: tu.attribute("changedate").map(str::to_owned),
        });
    }
    Ok(())
}

fn seg_text(element: &Element) -> String {
    let mut out = String::new();
    for node in &element.children {
        match node {
            crate::xml::Node::Text(text, _) => out.push_str(text),
            crate::xml::Node::Element(child)
                if matches!(child.name.as_str(), "bpt" | "ept" | "it" | "ph") => {}
            crate::xml::Node::Element(child) => out.push_str(&seg_text(child)),
        }
    }
    out
}
