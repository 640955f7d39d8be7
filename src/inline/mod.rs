//! Inline codes: the formatting, links, images and fields inside a paragraph, carried through translation
//! in the XLIFF 2 inline model (issue 14; `shared/design/inline-codes.md`).
//!
//! A segment's source and target stay one string each, so revisions, history, diffs, the 409 flow, the memory
//! and every store query keep working unchanged: each code is **one character** of Unicode's Supplementary
//! Private Use Area-A standing where the code stands, whose value says its kind and id ([`Marker`]). What a
//! code stands for (its class, what it shows as, the original markup, which the translator never edits)
//! lives once per segment in a list of [`Code`]s, shared by source and target: a target may use only the
//! source's codes ([`check_target`]).
//!
//! Why one character rather than a structure or readable tags (`<b0>`): matching, normalisation, word counts
//! and QA read the text between the codes simply by treating the markers as ignorable
//! ([`crate::text::chars`]), with offsets still counted in the original string; no real text is mistaken for
//! a code (the area is unassigned and imports refuse it: [`first_marker`]); and no escaping layer can
//! corrupt a code, the failure MateCat's history warns of. Pure: no I/O.

mod check;
mod renumber;
mod sentences;

pub use check::{check_complete, check_target, CodeError};
pub use renumber::renumber;
pub use sentences::{fill_paragraph, segment_paragraph};

use serde::{Deserialize, Serialize};

/// The most codes one segment may hold (ids 1 ..= MAX_ID); a paragraph with more keeps the rest as text of
/// the skeleton, which filters decide.
pub const MAX_ID: u32 = 0x3FFF;

const OPEN_BASE: u32 = 0xF_0000;
const CLOSE_BASE: u32 = 0xF_4000;
const STANDALONE_BASE: u32 = 0xF_8000;
const END: u32 = 0xF_C000;

/// One code's place in a text: the start of a pair, its end, or a code on its own (an image, a line break, a
/// footnote reference). The two halves of a pair share the id; a pair whose halves are in two segments (a
/// bold stretch across a sentence break) is an opening marker in one and a closing marker in the other,
/// XLIFF 2's `sc`/`ec`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Marker {
    /// The start of a paired code (`<pc>`/`<sc>`).
    Open(u32),
    /// The end of a paired code (`</pc>`/`<ec>`).
    Close(u32),
    /// A standalone code (`<ph>`).
    Standalone(u32),
}

impl Marker {
    /// The code's id.
    pub fn id(self) -> u32 {
        match self {
            Self::Open(id) | Self::Close(id) | Self::Standalone(id) => id,
        }
    }

    /// The character that stands for this marker in a text; `None` for an id of 0 or above [`MAX_ID`].
    pub fn to_char(self) -> Option<char> {
        let (base, id) = match self {
            Self::Open(id) => (OPEN_BASE, id),
            Self::Close(id) => (CLOSE_BASE, id),
            Self::Standalone(id) => (STANDALONE_BASE, id),
        };
        (1..=MAX_ID).contains(&id).then(|| char::from_u32(base + id)).flatten()
    }

    /// The marker a character stands for, if it is one.
    pub fn of(c: char) -> Option<Self> {
        let value = c as u32;
        let id = value & MAX_ID;
        if !(OPEN_BASE..END).contains(&value) || id == 0 {
            return None;
        }
        Some(match value {
            v if v < CLOSE_BASE => Self::Open(id),
            v if v < STANDALONE_BASE => Self::Close(id),
            _ => Self::Standalone(id),
        })
    }
}

/// Whether `c` is a marker character (what the text engine treats as ignorable).
pub fn is_marker(c: char) -> bool {
    Marker::of(c).is_some()
}

/// The character of a marker; ids out of range are a caller's bug, so they panic in debug builds and give
/// the replacement character in release ones.
fn marker_char(marker: Marker) -> char {
    marker.to_char().unwrap_or_else(|| {
        debug_assert!(false, "code id out of range: {marker:?}");
        char::REPLACEMENT_CHARACTER
    })
}

/// Appends a marker to `text`.
pub fn push_marker(text: &mut String, marker: Marker) {
    text.push(marker_char(marker));
}

/// What kind of thing a code is, as XLIFF 2's `type` attribute names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeClass {
    /// Formatting: bold, italic, a styled span, a run's properties.
    Fmt,
    /// A hyperlink.
    Link,
    /// An image or drawing.
    Image,
    /// User-interface text.
    Ui,
    /// A quotation.
    Quote,
    /// Anything else: a line break, a field, a footnote reference, a bookmark.
    Other,
}

impl CodeClass {
    /// The XLIFF 2 `type` value (`fmt`, `link`, `image`, `ui`, `quote`, `other`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fmt => "fmt",
            Self::Link => "link",
            Self::Image => "image",
            Self::Ui => "ui",
            Self::Quote => "quote",
            Self::Other => "other",
        }
    }
}

/// What a code stands for: one per id, shared by the source and the target of a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Code {
    /// The id its markers carry, from 1.
    pub id: u32,
    /// What kind of code it is.
    pub class: CodeClass,
    /// The short name a chip shows: `b`, `i`, `link`, `img`, `br`, `fn` (XLIFF 2 `disp`).
    pub disp: String,
    /// What the chip says on hover: a link's address, an image's text; XLIFF 2 `equiv` when it is text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The native data of the opening half, or of the whole standalone code: the markup it came from
    /// (`<a href="…">`, `<img …>`, a Word run's properties), written back unchanged (XLIFF 2 `originalData`).
    pub open: String,
    /// The native data of the closing half of a pair (`</a>`); `None` for a standalone code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close: Option<String>,
}

impl Code {
    /// Whether the code is a pair (opening and closing halves) rather than a standalone code.
    pub fn is_paired(&self) -> bool {
        self.close.is_some()
    }

    /// The native data a marker of this code writes back.
    pub fn native(&self, marker: Marker) -> &str {
        match marker {
            Marker::Close(_) => self.close.as_deref().unwrap_or_default(),
            Marker::Open(_) | Marker::Standalone(_) => &self.open,
        }
    }
}

/// The code of id `id` among `codes`.
pub fn code(codes: &[Code], id: u32) -> Option<&Code> {
    codes.iter().find(|c| c.id == id)
}

/// A piece of a coded text: a stretch of text or one marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text between codes.
    Text(&'a str),
    /// A code's marker.
    Code(Marker),
}

/// The pieces of `text`, in order; adjacent text is one piece, and there is no empty text piece.
pub fn pieces(text: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let mut chars = rest.char_indices();
        let (_, first) = chars.next()?;
        if let Some(marker) = Marker::of(first) {
            rest = &rest[first.len_utf8()..];
            return Some(Piece::Code(marker));
        }
        let end = chars.find(|&(_, c)| is_marker(c)).map_or(rest.len(), |(at, _)| at);
        let (piece, after) = rest.split_at(end);
        rest = after;
        Some(Piece::Text(piece))
    })
}

/// The markers of `text`, in order.
pub fn markers(text: &str) -> impl Iterator<Item = Marker> + '_ {
    text.chars().filter_map(Marker::of)
}

/// Whether `text` holds any code.
pub fn has_codes(text: &str) -> bool {
    text.chars().any(is_marker)
}

/// The text between the codes, every marker removed: what a plain-text export, a spelling dictionary or a
/// person reading a notification sees.
pub fn plain(text: &str) -> String {
    text.chars().filter(|&c| !is_marker(c)).collect()
}

/// The first marker character in text from outside (a pasted article, a plain-text file), with its byte
/// offset: such text is refused rather than taken for codes nobody defined.
pub fn first_marker(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| is_marker(c))
}

/// `text` with each marker written as a readable tag, `<1>`, `</1>`, `<1/>`: the form of CSV exports,
/// history lines and messages, where chips cannot be drawn.
pub fn tagged(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Code(Marker::Open(id)) => out.push_str(&format!("<{id}>")),
            Piece::Code(Marker::Close(id)) => out.push_str(&format!("</{id}>")),
            Piece::Code(Marker::Standalone(id)) => out.push_str(&format!("<{id}/>")),
        }
    }
    out
}

/// `text` with each marker replaced by its code's native data, and the text between them passed through
/// `escape`: the paragraph as the original file writes it. A marker without a code writes nothing.
pub fn to_native(text: &str, codes: &[Code], escape: impl Fn(&str, &mut String)) -> String {
    let mut out = String::with_capacity(text.len() + 16 * codes.len());
    for piece in pieces(text) {
        match piece {
            Piece::Text(t) => escape(t, &mut out),
            Piece::Code(marker) => {
                if let Some(code) = code(codes, marker.id()) {
                    out.push_str(code.native(marker));
                }
            }
        }
    }
    out
}

/// `text` with the tags `{1}`, `{/1}` and `{1/}` (ids 1 to 9) written as markers: how unit tests write
/// coded text.
#[cfg(test)]
pub(crate) fn coded(text: &str) -> String {
    let mut out = text.to_owned();
    for id in 1..=9 {
        for (tag, marker) in [
            (format!("{{{id}}}"), Marker::Open(id)),
            (format!("{{/{id}}}"), Marker::Close(id)),
            (format!("{{{id}/}}"), Marker::Standalone(id)),
        ] {
            out = out.replace(&tag, &marker_char(marker).to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(id: u32) -> char {
        Marker::Open(id).to_char().unwrap()
    }

    #[test]
    fn markers_are_one_character_each_and_read_back() {
        for marker in [Marker::Open(1), Marker::Close(1), Marker::Standalone(MAX_ID), Marker::Open(200)] {
            let c = marker.to_char().unwrap();
            assert_eq!(Marker::of(c), Some(marker));
            assert!(is_marker(c));
        }
        assert_eq!(Marker::Open(0).to_char(), None);
        assert_eq!(Marker::Open(MAX_ID + 1).to_char(), None);
        for c in ['a', 'ب', '\u{E000}', '\u{F0000}', '\u{FC000}', '\u{10FFFD}'] {
            assert_eq!(Marker::of(c), None, "{c:?}");
        }
    }

    #[test]
    fn a_text_comes_apart_into_text_and_codes() {
        let close = Marker::Close(1).to_char().unwrap();
        let image = Marker::Standalone(2).to_char().unwrap();
        let text = format!("قال {}توكاييف{close} إن{image}", open(1));
        let parts: Vec<_> = pieces(&text).collect();
        assert_eq!(
            parts,
            [
                Piece::Text("قال "),
                Piece::Code(Marker::Open(1)),
                Piece::Text("توكاييف"),
                Piece::Code(Marker::Close(1)),
                Piece::Text(" إن"),
                Piece::Code(Marker::Standalone(2)),
            ]
        );
        assert_eq!(plain(&text), "قال توكاييف إن");
        assert_eq!(tagged(&text), "قال <1>توكاييف</1> إن<2/>");
        assert_eq!(first_marker(&text), Some(("قال ".len(), open(1))));
        assert!(has_codes(&text) && !has_codes("قال"));
    }

    #[test]
    fn native_data_is_written_back_around_escaped_text() {
        let codes = [
            Code {
                id: 1,
                class: CodeClass::Link,
                disp: "link".into(),
                title: Some("https://example.org/?a=1&b=2".into()),
                open: "<a href=\"https://example.org/?a=1&amp;b=2\">".into(),
                close: Some("</a>".into()),
            },
            Code {
                id: 2,
                class: CodeClass::Image,
                disp: "img".into(),
                title: None,
                open: "<img src=\"x.png\">".into(),
                close: None,
            },
        ];
        let text = format!(
            "Read {}this & that{}{}",
            open(1),
            Marker::Close(1).to_char().unwrap(),
            Marker::Standalone(2).to_char().unwrap()
        );
        let html = to_native(&text, &codes, |t, out| out.push_str(&t.replace('&', "&amp;")));
        assert_eq!(
            html,
            "Read <a href=\"https://example.org/?a=1&amp;b=2\">this &amp; that</a><img src=\"x.png\">"
        );
        let json = serde_json::to_string(&codes[1]).unwrap();
        assert_eq!(json, r#"{"id":2,"class":"image","disp":"img","open":"<img src=\"x.png\">"}"#);
        assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), codes[1]);
    }
}
