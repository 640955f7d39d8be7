//! Writes XLIFF 1.2 that validates against the strict schema.

use super::inline;
use super::{ARROW, COPIED_SOURCE, DASH, FROM_ARTICLE, FROM_GLOSSARY, FROM_TITLE, NS, REVISION_PREFIX};
use crate::formats::model::{BilingualDocument, UnitState};
use crate::formats::{TOOL, TOOL_VERSION};
use crate::xml::XmlWriter;

/// The `state` attribute of a target in the given life-cycle state.
fn state_name(state: UnitState) -> &'static str {
    match state {
        UnitState::Initial => "new",
        UnitState::Translated => "translated",
        UnitState::Reviewed => "signed-off",
        UnitState::Final => "final",
    }
}

/// The document as XLIFF 1.2.
pub fn write_xliff12(doc: &BilingualDocument) -> Vec<u8> {
    let (source_lang, target_lang) = (doc.source_lang.as_str(), doc.target_lang.as_str());
    let mut xml = XmlWriter::new();
    xml.open("xliff", &[("version", "1.2"), ("xmlns", NS)]);
    let original = doc.original.as_deref().unwrap_or(&doc.title);
    xml.open(
        "file",
        &[
            ("original", original),
            ("source-language", source_lang),
            ("target-language", target_lang),
            ("datatype", "plaintext"),
            ("tool-id", TOOL),
        ],
    );
    xml.open("header", &[]);
    xml.empty("tool", &[("tool-id", TOOL), ("tool-name", TOOL), ("tool-version", TOOL_VERSION)]);
    if let Some(id) = doc.article_id {
        xml.leaf("note", &[("from", FROM_ARTICLE)], &id.to_string());
    }
    xml.leaf("note", &[("from", FROM_TITLE)], &doc.title);
    xml.close();
    xml.open("body", &[]);
    // A group needs a unit: empty paragraphs are left out.
    for (index, paragraph) in doc.paragraphs.iter().enumerate().filter(|(_, p)| !p.units.is_empty()) {
        let group_id = format!("p{}", index + 1);
        xml.open("group", &[("id", &group_id)]);
        for unit in &paragraph.units {
            let extradata = unit.revision.map(|r| format!("{REVISION_PREFIX}{r}"));
            let mut attributes = vec![("id", unit.id.as_str())];
            if let Some(extradata) = &extradata {
                attributes.push(("extradata", extradata));
            }
            if unit.locked {
                attributes.push(("translate", "no"));
            }
            xml.open("trans-unit", &attributes);
            xml.mixed("source", &[("xml:lang", source_lang)], |out| {
                inline::write(out, &unit.source, &unit.codes)
            });
            match &unit.target {
                Some(target) => {
                    let attributes = [("xml:lang", target_lang), ("state", state_name(unit.state))];
                    xml.mixed("target", &attributes, |out| inline::write(out, target, &unit.codes));
                }
                // OmegaT translates what a unit's target holds and skips a unit without one, as tools that
                // prepare files for it do: an untranslated unit's target is its source, marked as still to
                // translate (read back as no translation).
                None if !unit.locked => {
                    let attributes = [("xml:lang", target_lang), ("state", COPIED_SOURCE)];
                    xml.mixed("target", &attributes, |out| inline::write(out, &unit.source, &unit.codes));
                }
                None => {}
            }
            for offered in &unit.alternatives {
                // Another tool sees the matches the imported file offered, as that file offered them.
                let mut attributes = Vec::new();
                attributes.extend(offered.origin.as_deref().map(|o| ("origin", o)));
                attributes.extend(offered.quality.as_deref().map(|q| ("match-quality", q)));
                xml.open("alt-trans", &attributes);
                if let Some(source) = &offered.source {
                    xml.mixed("source", &[("xml:lang", source_lang)], |out| {
                        inline::write(out, source, &unit.codes)
                    });
                }
                xml.mixed("target", &[("xml:lang", target_lang)], |out| {
                    inline::write(out, &offered.target, &unit.codes)
                });
                xml.close();
            }
            for term in &unit.terms {
                let mut text = format!("{}{ARROW}{}", term.source, term.target);
                if let Some(note) = &term.note {
                    text.push_str(DASH);
                    text.push_str(note);
                }
                xml.leaf("note", &[("from", FROM_GLOSSARY), ("annotates", "source")], &text);
            }
            for note in &unit.notes {
                xml.leaf("note", &[], note);
            }
            xml.close();
        }
        xml.close();
    }
    xml.close();
    xml.close();
    xml.close();
    xml.finish()
}
