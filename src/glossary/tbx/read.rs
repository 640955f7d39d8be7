//! Entries out of a TBX tree, 2019 (`conceptEntry/langSec/termSec`) or v2 (`termEntry/langSet/tig|ntig`),
//! for one language pair.

use crate::glossary::error::{Problem, Side};
use crate::glossary::model::{Concept, MatchMode, PartOfSpeech, Term, TermStatus};
use crate::glossary::tbx::xml::{foreign, At, Element};
use crate::lang::LanguageTag;

/// The element names of one TBX version.
pub(super) struct Vocabulary {
    pub entry: &'static str,
    lang: &'static str,
    term_secs: &'static [&'static str],
}

/// ISO 30042:2019.
pub(super) const TBX_2019: Vocabulary =
    Vocabulary { entry: "conceptEntry", lang: "langSec", term_secs: &["termSec"] };
/// TBX v2 (ISO 30042:2008, the `martif` root).
pub(super) const TBX_V2: Vocabulary =
    Vocabulary { entry: "termEntry", lang: "langSet", term_secs: &["tig", "ntig"] };

/// TBX-Min `usageStatus` words the model does not know, with their meaning.
const USAGE_STATUS: &[(&str, TermStatus)] =
    &[("notRecommended", TermStatus::Forbidden), ("obsolete", TermStatus::Forbidden)];

/// An entry with terms on one side of the pair only.
pub(super) struct Lopsided {
    pub id: Option<String>,
    pub offset: usize,
    pub missing: Side,
}

/// What the entries of a file hold for the pair.
#[derive(Default)]
pub(super) struct Entries {
    pub concepts: Vec<Concept>,
    pub lopsided: Vec<Lopsided>,
}

/// Reads one entry (`conceptEntry` or `termEntry`) into `entries`.
pub(super) fn entry(
    element: &Element,
    names: &Vocabulary,
    source: &LanguageTag,
    target: &LanguageTag,
    entries: &mut Entries,
) -> Result<(), At> {
    let entry = Entry::read(element, names, source, target)?;
    let id = element.attribute("id").map(str::to_owned);
    match (entry.source_terms.is_empty(), entry.target_terms.is_empty()) {
        (false, false) => entries.concepts.push(entry.into_concept(id)),
        (true, true) => {}
        (source_missing, _) => {
            let missing = if source_missing { Side::Source } else { Side::Target };
            entries.lopsided.push(Lopsided { id, offset: element.offset, missing });
        }
    }
    Ok(())
}

/// One entry's content for the pair.
#[derive(Default)]
struct Entry {
    source_terms: Vec<Term>,
    target_terms: Vec<Term>,
    /// Parts of speech of the terms, source terms first.
    parts_of_speech: Vec<PartOfSpeech>,
    notes: Vec<String>,
    domain: Option<String>,
}

impl Entry {
    fn read(
        element: &Element,
        names: &Vocabulary,
        source: &LanguageTag,
        target: &LanguageTag,
    ) -> Result<Self, At> {
        let mut entry = Self::default();
        for (category, item) in categories(element) {
            match category {
                "subjectField" if entry.domain.is_none() => entry.domain = Some(clean(&item.text())),
                "definition" | "note" => entry.notes.push(clean(&item.text())),
                _ => {}
            }
        }
        let mut target_pos = Vec::new();
        for lang_sec in element.elements().filter(|e| e.name == names.lang) {
            let raw = lang_sec.attribute("xml:lang").ok_or_else(|| {
                At(
                    lang_sec.offset,
                    Problem::MissingAttribute { element: lang_sec.name.clone(), attribute: "xml:lang" },
                )
            })?;
            let lang = LanguageTag::parse(raw).map_err(|e| At(lang_sec.offset, e.into()))?;
            let side = side_of(&lang, source, target);
            if side.is_some() {
                let notes = categories(lang_sec).filter(|(c, _)| matches!(*c, "definition" | "note"));
                entry.notes.extend(notes.map(|(_, item)| clean(&item.text())));
            }
            for term_sec in lang_sec.elements().filter(|e| names.term_secs.contains(&e.name.as_str())) {
                // Every term's values are parsed, whatever its language: a bad value is a bad file.
                let (term, pos) = read_term(term_sec)?;
                let (terms, parts_of_speech) = match side {
                    Some(Side::Source) => (&mut entry.source_terms, &mut entry.parts_of_speech),
                    Some(Side::Target) => (&mut entry.target_terms, &mut target_pos),
                    None => continue,
                };
                if !terms.iter().any(|t| t.text == term.text) {
                    terms.push(term);
                    parts_of_speech.extend(pos);
                }
            }
        }
        entry.parts_of_speech.extend(target_pos);
        entry.notes.retain(|n| !n.is_empty());
        Ok(entry)
    }

    fn into_concept(self, id: Option<String>) -> Concept {
        // A concept has one part of speech; the first term's wins (source side first).
        let part_of_speech = self.parts_of_speech.first().copied();
        Concept {
            id,
            source_terms: self.source_terms,
            target_terms: self.target_terms,
            part_of_speech,
            match_mode: MatchMode::default_for(part_of_speech),
            note: Some(self.notes.join("\n")).filter(|n| !n.is_empty()),
            domain: self.domain.filter(|d| !d.is_empty()),
        }
    }
}

/// Which side of the pair a language is: an exact tag first, else the primary subtag (`ar` for `ar-EG`).
fn side_of(lang: &LanguageTag, source: &LanguageTag, target: &LanguageTag) -> Option<Side> {
    if lang == source {
        Some(Side::Source)
    } else if lang == target {
        Some(Side::Target)
    } else if lang.primary() == source.primary() {
        Some(Side::Source)
    } else if lang.primary() == target.primary() {
        Some(Side::Target)
    } else {
        None
    }
}

/// A term section (`termSec`, `tig`, or `ntig` whose `termGrp` holds the term).
fn read_term(term_sec: &Element) -> Result<(Term, Option<PartOfSpeech>), At> {
    let missing =
        |parent: &Element, child| At(parent.offset, Problem::Missing { parent: parent.name.clone(), child });
    let holder = match term_sec.name.as_str() {
        "ntig" => {
            term_sec.elements().find(|e| e.name == "termGrp").ok_or_else(|| missing(term_sec, "termGrp"))?
        }
        _ => term_sec,
    };
    let term = holder.elements().find(|e| e.name == "term").ok_or_else(|| missing(holder, "term"))?;
    let text = clean(&term.text());
    if text.is_empty() {
        return Err(At(term.offset, Problem::EmptyTerm));
    }
    let (mut pos, mut admin_status, mut usage_status) = (None, None, None);
    let notes = categories(holder).chain(categories(term_sec).filter(|_| !std::ptr::eq(holder, term_sec)));
    for (category, item) in notes {
        let value = clean(&item.text());
        let parsed = match category {
            "partOfSpeech" => value.parse().map(|v| pos = pos.or(Some(v))),
            "administrativeStatus" => value.parse().map(|v| admin_status = admin_status.or(Some(v))),
            "usageStatus" => {
                let known = USAGE_STATUS.iter().find(|(word, _)| word.eq_ignore_ascii_case(&value));
                known
                    .map_or_else(|| value.parse(), |(_, status)| Ok(*status))
                    .map(|v| usage_status = usage_status.or(Some(v)))
            }
            _ => Ok(()),
        };
        parsed.map_err(|e| At(item.offset, e.into()))?;
    }
    let status = admin_status.or(usage_status).unwrap_or_default();
    Ok((Term { text, status }, pos))
}

/// The data categories directly on an element, by name: DCA style names them in `type`, DCT style in the
/// element name; a `*Grp` carries its category as first child.
fn categories(element: &Element) -> impl Iterator<Item = (&str, &Element)> {
    element.elements().filter_map(|child| {
        let item = match child.name.ends_with("Grp") && !foreign(child) {
            true => child.elements().next()?,
            false => child,
        };
        match (foreign(item), item.name.as_str()) {
            (true, name) | (false, name @ "note") => Some((name, item)),
            (false, _) => item.attribute("type").map(|t| (t, item)),
        }
    })
}

/// Text as written minus the layout of pretty-printed XML: whitespace runs that break a line become one
/// space, and the ends are trimmed.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text.trim();
    while let Some(start) = rest.find(|c: char| c.is_whitespace()) {
        out.push_str(&rest[..start]);
        let run_len = rest[start..].find(|c: char| !c.is_whitespace()).unwrap_or(rest.len() - start);
        let run = &rest[start..start + run_len];
        out.push_str(if run.contains(['\n', '\r']) { " " } else { run });
        rest = &rest[start + run_len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_folds_only_line_breaking_whitespace() {
        for (input, expected) in [
            ("  open cluster ", "open cluster"),
            ("Another name\n\t\t\tfor a cluster", "Another name for a cluster"),
            ("two  spaces stay", "two  spaces stay"),
            ("", ""),
        ] {
            assert_eq!(clean(input), expected, "{input:?}");
        }
    }
}
