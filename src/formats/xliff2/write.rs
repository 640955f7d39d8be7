//! Writes XLIFF 2.0 that validates against the core schema and the Glossary, Metadata and Translation
//! Candidates module schemas.

use super::inline;
use super::{CATEGORY, GLS_NS, MDA_NS, META_ARTICLE, META_REVISION, META_TITLE, MTC_NS, NS, TJ_NS};
use crate::formats::model::{Alternative, BilingualDocument, Paragraph, Unit, UnitState};
use crate::inline::{self as markers, Code};
use crate::xml::{Inline, XmlWriter};

/// What the id of a locked sentence's `<mrk translate="no">` adds to the sentence's id.
const LOCKED_MARK: &str = "-locked";

/// The document as XLIFF 2.0. Sentences of a paragraph are separated by an `<ignorable>` space, so that
/// joining the sources of a unit gives the paragraph.
pub fn write_xliff2(doc: &BilingualDocument) -> Vec<u8> {
    let mut xml = XmlWriter::new();
    xml.open(
        "xliff",
        &[
            ("xmlns", NS),
            ("xmlns:gls", GLS_NS),
            ("xmlns:mda", MDA_NS),
            ("xmlns:mtc", MTC_NS),
            ("xmlns:tj", TJ_NS),
            ("version", "2.0"),
            ("srcLang", doc.source_lang.as_str()),
            ("trgLang", doc.target_lang.as_str()),
        ],
    );
    let mut file_attributes = vec![("id", "f1")];
    if let Some(original) = &doc.original {
        file_attributes.push(("original", original));
    }
    xml.open("file", &file_attributes);
    xml.open("mda:metadata", &[]);
    xml.open("mda:metaGroup", &[("category", CATEGORY)]);
    if let Some(id) = doc.article_id {
        xml.leaf("mda:meta", &[("type", META_ARTICLE)], &id.to_string());
    }
    xml.leaf("mda:meta", &[("type", META_TITLE)], &doc.title);
    xml.close();
    xml.close();
    // A unit needs a segment: empty paragraphs are left out.
    for (index, paragraph) in doc.paragraphs.iter().enumerate().filter(|(_, p)| !p.units.is_empty()) {
        write_unit(&mut xml, &format!("p{}", index + 1), paragraph);
    }
    xml.close();
    xml.close();
    xml.finish()
}

fn write_unit(xml: &mut XmlWriter, id: &str, paragraph: &Paragraph) {
    // A paragraph all locked says it on its unit; in a paragraph that mixes locked and open sentences, each
    // locked sentence is an annotation `<mrk translate="no">` around its source and target.
    let all_locked = paragraph.units.iter().all(|u| u.locked);
    match all_locked {
        true => xml.open("unit", &[("id", id), ("translate", "no")]),
        false => xml.open("unit", &[("id", id)]),
    }
    let revisions: Vec<(String, String)> = paragraph
        .units
        .iter()
        .filter_map(|u| u.revision.map(|r| (format!("{META_REVISION}{}", u.id), r.to_string())))
        .collect();
    if !revisions.is_empty() {
        xml.open("mda:metadata", &[]);
        xml.open("mda:metaGroup", &[("category", CATEGORY)]);
        for (kind, revision) in &revisions {
            xml.leaf("mda:meta", &[("type", kind)], revision);
        }
        xml.close();
        xml.close();
    }
    if paragraph.units.iter().any(|u| !u.terms.is_empty()) {
        xml.open("gls:glossary", &[]);
        for unit in &paragraph.units {
            for term in &unit.terms {
                xml.open("gls:glossEntry", &[("tj:segment", &unit.id)]);
                xml.leaf("gls:term", &[("source", "tarjuman")], &term.source);
                xml.leaf("gls:translation", &[], &term.target);
                if let Some(note) = &term.note {
                    xml.leaf("gls:definition", &[], note);
                }
                xml.close();
            }
        }
        xml.close();
    }
    write_matches(xml, paragraph);
    if paragraph.units.iter().any(|u| !u.notes.is_empty()) {
        xml.open("notes", &[]);
        for unit in &paragraph.units {
            for note in &unit.notes {
                xml.leaf("note", &[("tj:segment", &unit.id)], note);
            }
        }
        xml.close();
    }
    let codes = inline::paragraph_codes(paragraph);
    inline::write_original_data(xml, &codes);
    let joined_sources = inline::joined_pairs(paragraph.units.iter().map(|u| u.source.as_str()));
    let joined_targets = inline::joined_pairs(paragraph.units.iter().filter_map(|u| u.target.as_deref()));
    for (index, unit) in paragraph.units.iter().enumerate() {
        if index > 0 {
            xml.open("ignorable", &[]);
            xml.leaf("source", &[], " ");
            xml.close();
        }
        let mut attributes = vec![("id", unit.id.as_str())];
        // Without a target the state can only be the default, initial.
        if unit.target.is_some() && unit.state != UnitState::Initial {
            attributes.push(("state", unit.state.as_str()));
        }
        xml.open("segment", &attributes);
        let locked = (unit.locked && !all_locked).then(|| format!("{}{LOCKED_MARK}", unit.id));
        let write = |out: &mut Inline, text: &str, joined| {
            if let Some(mark) = &locked {
                out.open("mrk", &[("id", mark), ("translate", "no")]);
            }
            inline::write(out, text, &codes, joined);
            if locked.is_some() {
                out.close("mrk");
            }
        };
        xml.mixed("source", &[], |out| write(out, &unit.source, &joined_sources));
        if let Some(target) = &unit.target {
            xml.mixed("target", &[], |out| write(out, target, &joined_targets));
        }
        xml.close();
    }
    xml.close();
}

/// The file's matches of the paragraph's sentences (`Unit::alternatives`), so that the next tool sees them: the
/// Translation Candidates module, each match naming its segment and holding its codes' native data.
fn write_matches(xml: &mut XmlWriter, paragraph: &Paragraph) {
    let offered: Vec<(&Unit, &Alternative)> =
        paragraph.units.iter().flat_map(|u| u.alternatives.iter().map(move |a| (u, a))).collect();
    if offered.is_empty() {
        return;
    }
    xml.open("mtc:matches", &[]);
    for (unit, alternative) in offered {
        let reference = format!("#{}", unit.id);
        let mut attributes = vec![("ref", reference.as_str())];
        attributes.extend(alternative.origin.as_deref().map(|o| ("origin", o)));
        // The module's quality is a number from 0 to 100; the file's may have been free text.
        let quality = alternative.quality.as_deref().and_then(similarity);
        attributes.extend(quality.as_deref().map(|q| ("matchQuality", q)));
        xml.open("mtc:match", &attributes);
        let texts = [alternative.source.as_deref().unwrap_or_default(), alternative.target.as_str()];
        let used: Vec<&Code> = unit
            .codes
            .iter()
            .filter(|c| texts.iter().any(|t| markers::markers(t).any(|m| m.id() == c.id)))
            .collect();
        inline::write_original_data(xml, &used);
        for (name, text) in ["source", "target"].into_iter().zip(texts) {
            let joined = inline::joined_pairs(std::iter::once(text));
            xml.mixed(name, &[], |out| inline::write(out, text, &used, &joined));
        }
        xml.close();
    }
    xml.close();
}

/// A match quality as the module writes it (`75`, from `75`, `75%` or `75.0 %`), when it is one.
fn similarity(quality: &str) -> Option<String> {
    let number: f64 = quality.trim().trim_end_matches('%').trim().parse().ok()?;
    (0.0..=100.0).contains(&number).then(|| number.to_string())
}
