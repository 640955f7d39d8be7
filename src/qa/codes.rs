//! Inline codes in the translation ([`crate::inline`]): each of the source's codes present once, pairs opened
//! before they close and nested as in the source, a link that still has text, and the spacing around each
//! code as the source has it. Languages reorder, so codes in another order are only a warning; a pair that
//! changed which pair it sits in would change the document's structure, so that is an error.

use super::{char_span, Check, Finding, SegmentContext, Severity, Side};
use crate::inline::{self, CodeClass, Marker};

/// The readable tag of a marker (`<1>`, `</1>`, `<1/>`) with what the code shows as.
fn name(s: &SegmentContext<'_>, marker: Marker) -> String {
    let tag = marker.to_char().map(|c| inline::tagged(&c.to_string())).unwrap_or_default();
    match inline::code(s.codes, marker.id()) {
        Some(code) if !code.disp.is_empty() => format!("{tag} ({})", code.disp),
        _ => tag,
    }
}

/// The markers of `text` with their byte offsets.
fn placed(text: &str) -> Vec<(Marker, usize)> {
    text.char_indices().filter_map(|(at, c)| Some((Marker::of(c)?, at))).collect()
}

/// The span of the marker at byte `at` of `text`.
fn marker_span(text: &str, side: Side, at: usize) -> super::Span {
    let width = text[at..].chars().next().map_or(0, char::len_utf8);
    char_span(text, side, at..at + width)
}

/// For each pair whose halves are both in `markers`, in order of opening: its id and the id of the pair it
/// sits in (0 at the top); `Err` with the first closing half that closes nothing open or crosses a pair.
fn nesting(markers: &[Marker]) -> Result<Vec<(u32, u32)>, Marker> {
    let whole = |id| markers.contains(&Marker::Open(id)) && markers.contains(&Marker::Close(id));
    let mut open: Vec<u32> = Vec::new();
    let mut parents = Vec::new();
    for &marker in markers {
        match marker {
            Marker::Open(id) if whole(id) => {
                parents.push((id, open.last().copied().unwrap_or(0)));
                open.push(id);
            }
            Marker::Close(id) if whole(id) => {
                let closed = open.pop();
                if closed != Some(id) {
                    return Err(marker);
                }
            }
            _ => {}
        }
    }
    Ok(parents)
}

/// A code of the source missing from the translation, one it does not have, one twice, or a pair closed
/// before it opens, crossing another, or moved into another pair.
pub struct Codes;

impl Check for Codes {
    fn id(&self) -> &'static str {
        "codes"
    }
    fn name(&self) -> &'static str {
        "Inline codes"
    }
    fn check(&self, s: &SegmentContext<'_>) -> Vec<Finding> {
        if s.target.trim().is_empty() {
            return Vec::new();
        }
        let source = placed(s.source);
        let target = placed(s.target);
        let mut findings = Vec::new();
        let mut flag =
            |message: String, span| findings.push(Finding::new(self, Severity::Error, message, span));
        for &(marker, at) in &source {
            if !target.iter().any(|&(m, _)| m == marker) {
                let message = format!("The code {} is missing from the translation.", name(s, marker));
                flag(message, Some(marker_span(s.source, Side::Source, at)));
            }
        }
        for (i, &(marker, at)) in target.iter().enumerate() {
            let span = Some(marker_span(s.target, Side::Target, at));
            if !source.iter().any(|&(m, _)| m == marker) {
                flag(format!("The code {} is not in the source.", name(s, marker)), span);
            } else if target[..i].iter().any(|&(m, _)| m == marker) {
                flag(format!("The code {} is in the translation twice.", name(s, marker)), span);
            }
        }
        let in_both = |list: &[(Marker, usize)], other: &[(Marker, usize)]| -> Vec<Marker> {
            let mut seen = Vec::new();
            for &(m, _) in list {
                if other.iter().any(|&(o, _)| o == m) && !seen.contains(&m) {
                    seen.push(m);
                }
            }
            seen
        };
        let (ours, theirs) = (in_both(&target, &source), in_both(&source, &target));
        match (nesting(&ours), nesting(&theirs)) {
            (Err(marker), _) => {
                let at = target.iter().find(|&&(m, _)| m == marker).map_or(0, |&(_, at)| at);
                let message = format!(
                    "The code {} closes before it opens or crosses another pair of codes.",
                    name(s, marker)
                );
                flag(message, Some(marker_span(s.target, Side::Target, at)));
            }
            (Ok(target_parents), Ok(source_parents)) => {
                for (id, parent) in target_parents {
                    let Some(&(_, was)) = source_parents.iter().find(|&&(i, _)| i == id) else { continue };
                    if was != parent {
                        let opening = Marker::Open(id);
                        let at = target.iter().find(|&&(m, _)| m == opening).map_or(0, |&(_, at)| at);
                        let message = match was {
                            0 => format!(
                                "The code {} is inside another pair, unlike in the source.",
                                name(s, opening)
                            ),
                            _ => format!(
                                "The code {} is no longer inside {} as in the source.",
                                name(s, opening),
                                name(s, Marker::Open(was))
                            ),
                        };
                        flag(message, Some(marker_span(s.target, Side::Target, at)));
                    }
                }
            }
            (Ok(_), Err(_)) => {}
        }
        findings
    }
}

/// The translation's codes in another order than the source's (worth a look: languages reorder).
pub struct CodeOrder;

impl Check for CodeOrder {
    fn id(&self) -> &'static str {
        "code_order"
    }
    fn name(&self) -> &'static str {
        "Codes reordered"
    }
    fn check(&self, s: &SegmentContext<'_>) -> Vec<Finding> {
        let target: Vec<Marker> = inline::markers(s.target).collect();
        let source: Vec<Marker> = inline::markers(s.source).filter(|m| target.contains(m)).collect();
        let target: Vec<Marker> = target.into_iter().filter(|m| source.contains(m)).collect();
        let Some(first) = target.iter().zip(&source).find(|(t, s)| t != s).map(|(t, _)| *t) else {
            return Vec::new();
        };
        let at = placed(s.target).into_iter().find(|&(m, _)| m == first).map_or(0, |(_, at)| at);
        vec![Finding::new(
            self,
            Severity::Warning,
            format!("The codes are in another order than in the source, from {} on.", name(s, first)),
            Some(marker_span(s.target, Side::Target, at)),
        )]
    }
}

/// A link whose text the translation left empty: the reader could not click it.
pub struct EmptyLink;

impl Check for EmptyLink {
    fn id(&self) -> &'static str {
        "empty_link"
    }
    fn name(&self) -> &'static str {
        "Link without text"
    }
    fn check(&self, s: &SegmentContext<'_>) -> Vec<Finding> {
        let mut findings = Vec::new();
        for code in s.codes.iter().filter(|c| c.class == CodeClass::Link && c.is_paired()) {
            let (Some(source), Some(target)) = (between(s.source, code.id), between(s.target, code.id))
            else {
                continue;
            };
            if has_words(target.1) || !has_words(source.1) {
                continue;
            }
            findings.push(Finding::new(
                self,
                Severity::Error,
                format!("The link {} has no text in the translation.", name(s, Marker::Open(code.id))),
                Some(marker_span(s.target, Side::Target, target.0)),
            ));
        }
        findings
    }
}

/// The byte offset of the opening marker of pair `id` in `text` and the text up to its closing one.
fn between(text: &str, id: u32) -> Option<(usize, &str)> {
    let open = Marker::Open(id).to_char()?;
    let close = Marker::Close(id).to_char()?;
    let start = text.find(open)?;
    let inside = start + open.len_utf8();
    let end = inside + text[inside..].find(close)?;
    Some((start, &text[inside..end]))
}

/// Whether a stretch holds anything to read (an image code inside a link counts as content).
fn has_words(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_whitespace() && !matches!(Marker::of(c), Some(Marker::Open(_) | Marker::Close(_))))
}

/// A space before or after a code where the source has a letter or digit, or a letter or digit where the
/// source has a space (punctuation next to a code is the language's business).
pub struct CodeSpacing;

impl Check for CodeSpacing {
    fn id(&self) -> &'static str {
        "code_spacing"
    }
    fn name(&self) -> &'static str {
        "Spacing around codes"
    }
    fn check(&self, s: &SegmentContext<'_>) -> Vec<Finding> {
        let source = placed(s.source);
        let mut findings = Vec::new();
        for (marker, at) in placed(s.target) {
            let Some(&(_, was)) = source.iter().find(|&&(m, _)| m == marker) else { continue };
            let (before, after) = (spaced(s.target, at), spaced(s.source, was));
            for (side, (here, there)) in [("before", (before.0, after.0)), ("after", (before.1, after.1))] {
                let (Some(here), Some(there)) = (here, there) else { continue };
                if here == there {
                    continue;
                }
                let message = match there {
                    true => {
                        format!("The source has a space {side} {}, the translation none.", name(s, marker))
                    }
                    false => {
                        format!("The translation has a space {side} {}, the source none.", name(s, marker))
                    }
                };
                findings.push(Finding::new(
                    self,
                    Severity::Warning,
                    message,
                    Some(marker_span(s.target, Side::Target, at)),
                ));
            }
        }
        findings
    }
}

/// Whether the characters just before and after the marker at byte `at` are whitespace (`true`) or a letter
/// or digit (`false`); `None` for anything else: punctuation, another code, the start or end of the text.
fn spaced(text: &str, at: usize) -> (Option<bool>, Option<bool>) {
    let look = |c: Option<char>| match c {
        Some(c) if c.is_whitespace() => Some(true),
        Some(c) if c.is_alphanumeric() => Some(false),
        _ => None,
    };
    let after = text[at..].chars().nth(1);
    (look(text[..at].chars().next_back()), look(after))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inline::Code;
    use crate::lang::LanguageTag;

    use crate::inline::coded;

    fn codes() -> Vec<Code> {
        let code = |id, class, disp: &str, close: Option<&str>| Code {
            id,
            class,
            disp: disp.into(),
            title: None,
            open: format!("<{disp}>"),
            close: close.map(Into::into),
        };
        vec![
            code(1, CodeClass::Link, "link", Some("</a>")),
            code(2, CodeClass::Fmt, "b", Some("</b>")),
            code(3, CodeClass::Image, "img", None),
        ]
    }

    /// The messages of `check` for `target` as a translation of `source`.
    fn found(check: &dyn Check, source: &str, target: &str) -> Vec<String> {
        let (source, target) = (coded(source), coded(target));
        let en = LanguageTag::parse("en").unwrap();
        let codes = codes();
        let context = SegmentContext {
            source: &source,
            target: &target,
            target_lang: &en,
            confirmed: true,
            matches: &[],
            concepts: &[],
            spelling: None,
            codes: &codes,
        };
        check.check(&context).into_iter().map(|f| f.message).collect()
    }

    const SOURCE: &str = "قال {1}رئيس {2}كازاخستان{/2}{/1} إن{3/} القوات";

    #[test]
    fn every_code_once_and_pairs_nested_as_in_the_source() {
        assert_eq!(
            found(&Codes, SOURCE, "{1}The president of {2}Kazakhstan{/2}{/1} said{3/} troops"),
            [""; 0]
        );
        assert_eq!(found(&Codes, SOURCE, ""), [""; 0], "an empty draft has nothing to check");
        assert_eq!(
            found(&Codes, SOURCE, "{1}The president of Kazakhstan{/1} said troops"),
            [
                "The code <2> (b) is missing from the translation.",
                "The code </2> (b) is missing from the translation.",
                "The code <3/> (img) is missing from the translation."
            ]
        );
        assert_eq!(
            found(&Codes, SOURCE, "{1}The president of {2}Kazakhstan{/1}{/2} said{3/}{4/}"),
            [
                "The code <4/> is not in the source.",
                "The code </1> (link) closes before it opens or crosses another pair of codes."
            ]
        );
        assert_eq!(
            found(&Codes, SOURCE, "{/1}The president{1} of {2}Kazakhstan{/2} said{3/}{3/}"),
            [
                "The code <3/> (img) is in the translation twice.",
                "The code </1> (link) closes before it opens or crosses another pair of codes."
            ]
        );
        assert_eq!(
            found(&Codes, SOURCE, "{2}Kazakhstan{/2}'s {1}president{/1} said{3/} troops"),
            ["The code <2> (b) is no longer inside <1> (link) as in the source."]
        );
    }

    #[test]
    fn reordered_codes_are_a_warning_only() {
        let source = "{1}أ{/1} ب{3/} {2}ج{/2}";
        assert_eq!(found(&CodeOrder, source, "{1}A{/1} B{3/} {2}C{/2}"), [""; 0]);
        assert_eq!(
            found(&CodeOrder, source, "{2}C{/2} {1}A{/1} B{3/}"),
            ["The codes are in another order than in the source, from <2> (b) on."]
        );
        assert_eq!(found(&Codes, source, "{2}C{/2} {1}A{/1} B{3/}"), [""; 0]);
        assert_eq!(
            found(&CodeOrder, source, "{1}A{/1} B {2}C{/2}"),
            [""; 0],
            "a missing code is not an order"
        );
    }

    #[test]
    fn a_link_keeps_its_text() {
        let source = "اقرأ {1}التقرير{/1} كاملا";
        assert_eq!(found(&EmptyLink, source, "Read the {1}full report{/1}"), [""; 0]);
        assert_eq!(
            found(&EmptyLink, source, "Read the full report{1} {/1}"),
            ["The link <1> (link) has no text in the translation."]
        );
        assert_eq!(found(&EmptyLink, "{1}{3/}{/1} صورة", "{1}{3/}{/1} A picture"), [""; 0]);
        assert_eq!(found(&EmptyLink, "{2}{/2} فارغ", "{2}{/2} empty"), [""; 0], "not a link");
    }

    #[test]
    fn spaces_around_codes_as_in_the_source() {
        assert_eq!(
            found(&CodeSpacing, SOURCE, "{1}The president of {2}Kazakhstan{/2}{/1} said{3/} troops"),
            [""; 0]
        );
        assert_eq!(
            found(&CodeSpacing, SOURCE, "{1}The president of{2} Kazakhstan{/2}{/1} said {3/} troops"),
            [
                "The source has a space before <2> (b), the translation none.",
                "The translation has a space after <2> (b), the source none.",
                "The translation has a space before <3/> (img), the source none."
            ]
        );
    }
}
