//! TBX 2019, TBX-Basic dialect, DCA style: valid against the core structure RELAX NG.
//!
//! Where things go: `subjectField` (a `descrip`) and the note (one `<note>` per line) at concept level,
//! before the language sections as the core structure orders them; `partOfSpeech` and
//! `administrativeStatus` on every term. The match mode is not written: TBX-Basic has no data category
//! for it and the reader derives it from the part of speech, so only a mode that differs from that default
//! is lost. TBX-Basic's picklist lacks `properNoun`; it is written anyway because the matcher needs names
//! told apart from common nouns (the RELAX NG accepts it; a strict TBX-Basic Schematron run would not).

use std::fmt::Write;

use crate::glossary::ids::unique_ids;
use crate::glossary::model::{Glossary, Term, TermStatus};
use crate::lang::LanguageTag;

/// Writes a glossary as a TBX-Basic 2019 document (UTF-8).
pub fn write_tbx(glossary: &Glossary) -> Vec<u8> {
    let mut out = String::new();
    let (source, target) = (&glossary.source_lang, &glossary.target_lang);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    // Notes are written in the target language (English for the newsroom), so it is the document's.
    let _ = writeln!(
        out,
        "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"{target}\" xmlns=\"urn:iso:std:iso:30042:ed-2\">"
    );
    out.push_str("  <tbxHeader>\n    <fileDesc>\n      <sourceDesc>\n");
    let _ = writeln!(out, "        <p>{source} to {target} glossary written by tarjuman</p>");
    out.push_str("      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n");
    // The core structure wants at least one entry in a <body>, so an empty glossary has none.
    let concepts: Vec<_> = glossary
        .concepts
        .iter()
        .zip(unique_ids(&glossary.concepts, is_xml_id))
        .filter(|(c, _)| !c.source_terms.is_empty() || !c.target_terms.is_empty())
        .collect();
    if concepts.is_empty() {
        out.push_str("  <text/>\n</tbx>\n");
        return out.into_bytes();
    }
    out.push_str("  <text>\n    <body>\n");
    for (concept, id) in concepts {
        let _ = writeln!(out, "      <conceptEntry id=\"{}\">", escape(&id, true));
        if let Some(domain) = &concept.domain {
            let _ =
                writeln!(out, "        <descrip type=\"subjectField\">{}</descrip>", escape(domain, false));
        }
        for line in concept.note.iter().flat_map(|n| n.lines()).filter(|l| !l.trim().is_empty()) {
            let _ = writeln!(out, "        <note>{}</note>", escape(line, false));
        }
        let pos = concept.part_of_speech.map(|p| p.as_str());
        lang_sec(&mut out, source, &concept.source_terms, pos);
        lang_sec(&mut out, target, &concept.target_terms, pos);
        out.push_str("      </conceptEntry>\n");
    }
    out.push_str("    </body>\n  </text>\n</tbx>\n");
    out.into_bytes()
}

fn lang_sec(out: &mut String, lang: &LanguageTag, terms: &[Term], pos: Option<&str>) {
    if terms.is_empty() {
        return;
    }
    let _ = writeln!(out, "        <langSec xml:lang=\"{lang}\">");
    for term in terms {
        out.push_str("          <termSec>\n");
        let _ = writeln!(out, "            <term>{}</term>", escape(&term.text, false));
        if let Some(pos) = pos {
            let _ = writeln!(out, "            <termNote type=\"partOfSpeech\">{pos}</termNote>");
        }
        let status = admin_status(term.status);
        let _ = writeln!(out, "            <termNote type=\"administrativeStatus\">{status}</termNote>");
        out.push_str("          </termSec>\n");
    }
    out.push_str("        </langSec>\n");
}

/// The TBX-Basic picklist word for a status.
fn admin_status(status: TermStatus) -> &'static str {
    match status {
        TermStatus::Preferred => "preferredTerm-admn-sts",
        TermStatus::Admitted => "admittedTerm-admn-sts",
        TermStatus::Forbidden => "deprecatedTerm-admn-sts",
    }
}

/// Whether an id can be an `xsd:ID` (an XML name without colons): a letter or `_`, then letters, digits,
/// `-`, `.`, `_`.
fn is_xml_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_'))
}

/// Escapes markup characters (quotes too inside attributes; text keeps them readable) and replaces the
/// characters XML 1.0 cannot carry at all (C0 controls other than tab, line feed and carriage return) with
/// U+FFFD, so the output always parses.
fn escape(text: &str, attribute: bool) -> String {
    let allowed = |c: char| !c.is_control() || matches!(c, '\t' | '\n' | '\r') || c as u32 >= 0x7F;
    let text: String = text.chars().map(|c| if allowed(c) { c } else { '\u{FFFD}' }).collect();
    match attribute {
        true => quick_xml::escape::escape(text.as_str()).into_owned(),
        false => quick_xml::escape::partial_escape(text.as_str()).into_owned(),
    }
}
