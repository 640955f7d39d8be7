//! Another tool's XLIFF 1.x file given back with its targets filled in, every other byte as the file had it
//! (in its own encoding), so that it goes straight back into the tool it came from.
//!
//! The file is read again as [`super::read_xliff12_document`] read it, so its units come in the same order
//! as the article's segments; each translated unit's `<target>` gets the translation, its codes written as
//! the source's own inline elements, and its `state`. A unit without a `<target>` gets one after its
//! `<source>` (or `<seg-source>`); a segmented unit (`<mrk mtype="seg">`) gets the translation in its
//! segment's `<mrk>`, and Trados Studio's `<sdl:seg>` of that segment its `conf`. A translation whose codes
//! would break the file ([`unwritable`]) writes nothing: the whole file is refused, naming the segments.

use std::collections::HashMap;

use super::read::{decode, memoq_status_of, parts, read, segment_marks, state_of, trados_conf};
use super::{child, memoq_status, trados_segment};
use crate::formats::codes::Mode;
use crate::formats::error::FormatError;
use crate::formats::given_back::{
    apply, content_range, fill_element, prefix, start_tag, unwritable, with_attribute, Edit, FillError,
    Filled,
};
use crate::formats::model::{Unit, UnitState};
use crate::inline::to_native;
use crate::xml::{escape_into, Element};

/// `original` with the translations in `targets` (one per unit [`super::read_xliff12_document`] reads, in
/// order; `None` leaves a unit as it is).
pub fn fill_xliff12(original: &[u8], targets: &[Option<Filled>]) -> Result<Vec<u8>, FillError> {
    let decoded = decode(original)?;
    let text = decoded.text.as_str();
    let mut edits: Vec<Edit> = Vec::new();
    let (mut units, mut broken) = (0, Vec::new());
    let mut hook = |element: &Element, read_units: &[Unit]| -> Result<(), FormatError> {
        let mut filled: HashMap<&str, (&Unit, &Filled)> = HashMap::new();
        for (i, unit) in read_units.iter().enumerate() {
            let Some(target) = targets.get(units + i).and_then(Option::as_ref) else { continue };
            match unwritable(unit, &target.target) {
                Some(problem) => broken.push(format!("segment {}: {problem}", units + i + 1)),
                None => {
                    filled.insert(unit.id.as_str(), (unit, target));
                }
            }
        }
        units += read_units.len();
        edits.extend(unit_edits(text, element, &filled));
        Ok(())
    };
    read(text, Mode::Markup(text), &mut hook)?;
    if units != targets.len() {
        return Err(FillError::Mismatch { segments: targets.len(), units });
    }
    if !broken.is_empty() {
        return Err(FillError::BrokenCodes(broken.join("; ")));
    }
    Ok(decoded.encode(apply(text, edits)))
}

/// The translation as XLIFF content: text escaped, codes as the source's elements.
fn content(unit: &Unit, filled: &Filled) -> String {
    to_native(&filled.target, &unit.codes, |t, out| escape_into(out, t, false))
}

/// The XLIFF 1.2 `state` of a translation in a state; a draft not yet confirmed needs review.
fn state_name(state: UnitState) -> &'static str {
    match state {
        UnitState::Initial => "needs-review-translation",
        UnitState::Translated => "translated",
        UnitState::Reviewed => "signed-off",
        UnitState::Final => "final",
    }
}

/// The edits that write a `<trans-unit>`'s translations.
fn unit_edits(text: &str, element: &Element, filled: &HashMap<&str, (&Unit, &Filled)>) -> Vec<Edit> {
    let mut edits = Vec::new();
    if filled.is_empty() {
        return edits;
    }
    let (Some(id), Some(source)) = (element.attribute("id"), child(element, "source")) else { return edits };
    let target = child(element, "target");
    let prefix = prefix(start_tag(text, element));
    let segmented = child(element, "seg-source");
    match (segmented, target) {
        (None, target) => {
            let Some((unit, filled)) = filled.get(id) else { return edits };
            edits.extend(memoq_edit(text, element, filled.state));
            let content = content(unit, filled);
            match target {
                Some(target) => {
                    let (range, mut new) = fill_element(text, target, content);
                    let tag = start_tag(text, target);
                    if range.start == target.offset {
                        // An empty `<target/>` written whole: its start tag is the first of `new`.
                        let open = new.find('>').map_or(0, |at| at + 1);
                        let tag = with_state(&new[..open], target.attribute("state"), filled.state);
                        new.replace_range(..open, &tag);
                        edits.push((range, new));
                    } else {
                        edits.push((range, new));
                        let new_tag = with_state(tag, target.attribute("state"), filled.state);
                        edits.push((target.offset..target.offset + tag.len(), new_tag));
                    }
                }
                None => {
                    let state = state_name(filled.state);
                    let new = format!("<{prefix}target state=\"{state}\">{content}</{prefix}target>");
                    edits.push((source.end..source.end, new));
                }
            }
        }
        (Some(_), Some(_)) => {
            for (unit_id, source, target) in parts(element, id, source, target) {
                if let (Some((unit, filled)), Some(mark)) = (filled.get(unit_id.as_str()), target) {
                    edits.push(fill_element(text, mark, content(unit, filled)));
                    edits.extend(trados_status(text, element, source, filled.state));
                }
            }
        }
        (Some(seg_source), None) => {
            // The target is the segmented source with each translated segment's text replaced.
            let range = content_range(text, seg_source);
            let mut inner = Vec::new();
            for (mark, (unit_id, _, _)) in
                segment_marks(seg_source).into_iter().zip(parts(element, id, source, None))
            {
                if let Some((unit, filled)) = filled.get(unit_id.as_str()) {
                    let at = content_range(text, mark);
                    inner.push((at.start - range.start..at.end - range.start, content(unit, filled)));
                    edits.extend(trados_status(text, element, mark, filled.state));
                }
            }
            let mut body = text[range].to_owned();
            for (at, replacement) in inner.into_iter().rev() {
                body.replace_range(at, &replacement);
            }
            edits.push((seg_source.end..seg_source.end, format!("<{prefix}target>{body}</{prefix}target>")));
        }
    }
    edits
}

/// The edit that gives a Trados Studio segment (the source `<mrk>` `mark`) its status, in its `<sdl:seg conf>`
/// where Trados reads it; none for a unit without one.
fn trados_status(text: &str, unit: &Element, mark: &Element, state: UnitState) -> Option<Edit> {
    let segment = trados_segment(unit, mark.attribute("mid")?)?;
    let tag = start_tag(text, segment);
    Some((segment.offset..segment.offset + tag.len(), with_attribute(tag, "conf", trados_conf(state))))
}

/// The edit that gives a memoQ unit its status, in its `mq:status` (under whatever prefix the file binds
/// memoQ's namespace to) where memoQ reads it; none for a unit memoQ did not write.
fn memoq_edit(text: &str, unit: &Element, state: UnitState) -> Option<Edit> {
    let current = memoq_status(unit)?;
    let tag = start_tag(text, unit);
    let attribute = tag.match_indices(":status=").find_map(|(at, _)| {
        let name_start = tag[..at].rfind(char::is_whitespace)? + 1;
        let value = &tag[at + ":status=".len()..];
        value.get(1..)?.starts_with(current).then(|| &tag[name_start..at + ":status".len()])
    })?;
    Some((unit.offset..unit.offset + tag.len(), with_attribute(tag, attribute, memoq_status_of(state))))
}

/// A `<target>` start tag with its `state` set, unless the file's `state` already says so: a translation
/// taken from the file and given back is the tool's own, state and all (OmegaT leaves `new` on what it
/// translated).
fn with_state(tag: &str, current: Option<&str>, state: UnitState) -> String {
    if current.and_then(state_of) == Some(state) {
        return tag.to_owned();
    }
    with_attribute(tag, "state", state_name(state))
}
