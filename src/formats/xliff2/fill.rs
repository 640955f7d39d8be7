//! Another tool's XLIFF 2 file given back with its targets filled in, every other byte as the file had it
//! (in its own encoding), so that it goes straight back into the tool it came from.
//!
//! The file is read again as [`super::read_xliff2_document`] read it, so its segments come in the same order
//! as the article's; each translated segment's `<target>` gets the translation, its codes written as the
//! source's own inline elements (`<pc>`, `<ph>`, `<sc>`/`<ec>`, `<mrk>`, `<sm>`/`<em>`, ids and references as
//! they were), and the segment its `state`. A segment without a `<target>` gets one after its `<source>`, and
//! a file without `trgLang` gets the article's. `<ignorable>`, notes, `<originalData>`, modules and
//! extensions stay as they were.

use super::read::read;
use super::NS;
use crate::formats::codes::Mode;
use crate::formats::error::{Format, FormatError};
use crate::formats::given_back::{
    apply, fill_element, prefix, start_tag, unwritable, with_attribute, Edit, FillError, Filled,
};
use crate::formats::model::Unit;
use crate::inline::to_native;
use crate::lang::LanguageTag;
use crate::text::chars::is_xml_char;
use crate::xml::{escape_into, Element};

/// `original` with the translations in `targets` (one per segment [`super::read_xliff2_document`] reads, in
/// order; `None` leaves a segment as it is); `target_lang` is the file's `trgLang` when it has none.
pub fn fill_xliff2(
    original: &[u8],
    targets: &[Option<Filled>],
    target_lang: &LanguageTag,
) -> Result<Vec<u8>, FillError> {
    let decoded = crate::formats::decode(original, Format::Xliff2)?;
    let text = decoded.text.as_str();
    let mut edits: Vec<Edit> = Vec::new();
    let (mut count, mut broken, mut root) = (0, Vec::new(), None);
    let mut hook =
        |open: &[Element], _: &Element, segments: &[(&Element, Unit)]| -> Result<(), FormatError> {
            root.get_or_insert_with(|| {
                (open[0].offset..open[0].inner, open[0].attribute("trgLang").is_some(), false)
            });
            for (segment, unit) in segments {
                count += 1;
                if unit.locked {
                    continue;
                }
                let Some(filled) = targets.get(count - 1).and_then(Option::as_ref) else { continue };
                if let Some(problem) = unwritable(unit, &filled.target) {
                    broken.push(format!("segment {count}: {problem}"));
                    continue;
                }
                edits.extend(segment_edits(text, segment, unit, filled));
                if let Some(root) = &mut root {
                    root.2 = true;
                }
            }
            Ok(())
        };
    read(text, Mode::Markup(text), &mut hook)?;
    if count != targets.len() {
        return Err(FillError::Mismatch { segments: targets.len(), units: count });
    }
    if !broken.is_empty() {
        return Err(FillError::BrokenCodes(broken.join("; ")));
    }
    if let Some((tag, false, true)) = root {
        // A target needs the file to say its language.
        edits.push((tag.clone(), with_attribute(&text[tag], "trgLang", target_lang.as_str())));
    }
    Ok(decoded.encode(apply(text, edits)))
}

/// The edits that write a segment's translation and state.
fn segment_edits(text: &str, segment: &Element, unit: &Unit, filled: &Filled) -> Vec<Edit> {
    let source = segment.child(NS, "source");
    let Some(source) = source else { return Vec::new() };
    let prefix = prefix(start_tag(text, source));
    let content = to_native(&filled.target, &unit.codes, |t, out| escape_text(out, t, prefix));
    let target = segment.child(NS, "target");
    let mut edits = vec![match target {
        Some(target) => fill_element(text, target, content),
        None => (source.end..source.end, format!("<{prefix}target>{content}</{prefix}target>")),
    }];
    let tag = start_tag(text, segment);
    edits.push((
        segment.offset..segment.offset + tag.len(),
        with_attribute(tag, "state", filled.state.as_str()),
    ));
    edits
}

/// Text escaped, a character XML cannot hold as `<cp>` (as the file's own `<cp>` was read).
fn escape_text(out: &mut String, text: &str, prefix: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| !is_xml_char(c)) {
        escape_into(out, &rest[..at], false);
        let c = rest[at..].chars().next().expect("found");
        out.push_str(&format!("<{prefix}cp hex=\"{:04X}\"/>", u32::from(c)));
        rest = &rest[at + c.len_utf8()..];
    }
    escape_into(out, rest, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::model::UnitState;
    use crate::inline::coded;

    const FILE: &str = r#"<?xml version="1.0"?>
<x:xliff xmlns:x="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en">
 <x:file id="f"><x:unit id="u"><x:originalData><x:data id="d1">&lt;b></x:data></x:originalData>
  <x:segment id="a" state="final"><x:source>Hello <x:sc id="1" dataRef="d1"/>big</x:source></x:segment>
  <x:ignorable><x:source> </x:source></x:ignorable>
  <x:segment id="b"><x:source>world<x:ec startRef="1"/> <x:ph id="2"/>now</x:source></x:segment>
  <x:segment id="c"><x:source>Left.</x:source></x:segment>
 </x:unit></x:file>
</x:xliff>
"#;

    #[test]
    fn targets_go_in_as_the_file_writes_its_codes_and_the_rest_stays() {
        let fill = |target: &str, state| Some(Filled { target: coded(target), state });
        let targets = [
            fill("Hallo {1}\u{1}groß", UnitState::Translated),
            fill("Welt{/1} {2/}jetzt", UnitState::Reviewed),
            None,
        ];
        let out = fill_xliff2(FILE.as_bytes(), &targets, &LanguageTag::parse("de").unwrap()).unwrap();
        let expected = FILE
            .replace(r#"srcLang="en">"#, r#"srcLang="en" trgLang="de">"#)
            .replace(
                r#"<x:segment id="a" state="final"><x:source>Hello <x:sc id="1" dataRef="d1"/>big</x:source>"#,
                r#"<x:segment id="a" state="translated"><x:source>Hello <x:sc id="1" dataRef="d1"/>big</x:source><x:target>Hallo <x:sc id="1" dataRef="d1"/><x:cp hex="0001"/>groß</x:target>"#,
            )
            .replace(
                r#"<x:segment id="b"><x:source>world<x:ec startRef="1"/> <x:ph id="2"/>now</x:source>"#,
                r#"<x:segment id="b" state="reviewed"><x:source>world<x:ec startRef="1"/> <x:ph id="2"/>now</x:source><x:target>Welt<x:ec startRef="1"/> <x:ph id="2"/>jetzt</x:target>"#,
            );
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }
}
