//! What the XLIFF and TMX writers and readers share about inline codes: which pairs are whole in a text (one
//! element, `g`/`pc`), and how a file's code ids become marker ids unique in a paragraph.

use std::collections::{HashMap, HashSet};

use crate::inline::{self, Code, CodeClass, Marker, Piece, MAX_ID};
use crate::xml::Inline;

/// The ids of the pairs whose two halves are both in `text`, properly nested: those a writer may write as one
/// element. A pair crossing another is whole when it closes first (the other's halves become half pairs).
pub(crate) fn whole_pairs(text: &str) -> HashSet<u32> {
    let (mut open, mut whole) = (Vec::new(), HashSet::new());
    for marker in inline::markers(text) {
        match marker {
            Marker::Open(id) => open.push(id),
            Marker::Close(id) => {
                if let Some(at) = open.iter().rposition(|&o| o == id) {
                    open.truncate(at);
                    whole.insert(id);
                }
            }
            Marker::Standalone(_) => {}
        }
    }
    whole
}

/// How inline codes are read: their native data as the file gives it (XLIFF 1.2 `<ph>`'s content, XLIFF 2
/// `<originalData>`), or as the file's own markup, for a document whose targets are written back into it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Mode<'t> {
    Content,
    /// The whole text of the file, which element offsets index.
    Markup(&'t str),
}

impl Mode<'_> {
    pub fn is_document(self) -> bool {
        matches!(self, Self::Markup(_))
    }
}

/// Writes a segment's `text` piece by piece, the one walk of the XLIFF 1.2, XLIFF 2 and TMX writers: text as
/// text, each code through `code` with whether its pair is whole in `text` ([`whole_pairs`]: a writer may
/// write it as one element).
pub(crate) fn write_pieces(out: &mut Inline, text: &str, mut code: impl FnMut(&mut Inline, Marker, bool)) {
    let whole = whole_pairs(text);
    for piece in inline::pieces(text) {
        match piece {
            Piece::Text(t) => out.text(t),
            Piece::Code(marker) => code(out, marker, whole.contains(&marker.id())),
        }
    }
}

/// The class an XLIFF `type` or 1.2 `ctype` names (`x-` prefix dropped); formatting names are [`CodeClass::Fmt`].
pub(crate) fn class_of(name: &str) -> CodeClass {
    match name.strip_prefix("x-").unwrap_or(name) {
        "fmt" | "bold" | "italic" | "underlined" | "font" | "color" | "ulined" | "dulined" | "scap" => {
            CodeClass::Fmt
        }
        "link" => CodeClass::Link,
        "image" => CodeClass::Image,
        "ui" => CodeClass::Ui,
        "quote" => CodeClass::Quote,
        _ => CodeClass::Other,
    }
}

/// The ids a paragraph's codes took so far: an id a unit leaves open (the first half of a pair split at a
/// sentence break) may be closed by a later unit; any other id is taken.
#[derive(Debug, Default)]
pub(crate) struct ParagraphIds {
    taken: HashMap<u32, bool>,
}

impl ParagraphIds {
    /// The reader of one unit's codes in this paragraph.
    pub fn unit(&mut self) -> UnitCodes<'_> {
        UnitCodes { paragraph: self, ids: HashMap::new(), codes: Vec::new(), seen: Vec::new() }
    }
}

/// A unit's codes as they are read: the file's ids (strings) mapped to marker ids, and what each stands for.
/// The file's number is kept when it is free in the paragraph (so tarjuman's own files read back with the
/// ids of the article), else the next free number is taken.
#[derive(Debug)]
pub(crate) struct UnitCodes<'a> {
    paragraph: &'a mut ParagraphIds,
    ids: HashMap<String, u32>,
    /// The codes, in the order first met.
    pub codes: Vec<Code>,
    seen: Vec<Marker>,
}

impl UnitCodes<'_> {
    /// Appends the marker of the file's code `key` to `text`, defining the code with `define` the first time
    /// (and completing a pair's closing half when it comes later). A code past [`MAX_ID`] is left out.
    pub fn push(
        &mut self,
        text: &mut String,
        key: &str,
        kind: fn(u32) -> Marker,
        define: impl FnOnce(u32) -> Code,
    ) {
        let Some(id) = self.id(key, kind) else { return };
        let marker = kind(id);
        self.seen.push(marker);
        inline::push_marker(text, marker);
        if inline::code(&self.codes, id).is_none() {
            self.codes.push(define(id));
        }
    }

    /// Sets the closing native data of code `key`, if it is defined.
    pub fn close_data(&mut self, key: &str, data: String) {
        let Some(&id) = self.ids.get(key) else { return };
        if let Some(code) = self.codes.iter_mut().find(|c| c.id == id) {
            code.close = Some(data);
        }
    }

    /// Whether the file's code `key` was met in this unit.
    pub fn knows(&self, key: &str) -> bool {
        self.ids.contains_key(key)
    }

    fn id(&mut self, key: &str, kind: fn(u32) -> Marker) -> Option<u32> {
        if let Some(&id) = self.ids.get(key) {
            return Some(id);
        }
        // The number in a key (`3`, or an XLIFF 1.2 `rid:3`), kept unless another code of the unit has it.
        let number = key.rsplit(':').next().unwrap_or(key);
        let wanted = number.parse::<u32>().ok().filter(|n| (1..=MAX_ID).contains(n) && !self.in_unit(*n));
        let continues = |open: bool| open && matches!(kind(1), Marker::Close(_));
        let id = match wanted {
            Some(n) if self.paragraph.taken.get(&n).is_none_or(|&open| continues(open)) => n,
            _ => (1..=MAX_ID).find(|n| !self.paragraph.taken.contains_key(n) && !self.in_unit(*n))?,
        };
        self.ids.insert(key.to_owned(), id);
        Some(id)
    }

    fn in_unit(&self, id: u32) -> bool {
        self.ids.values().any(|&v| v == id)
    }
}

impl Drop for UnitCodes<'_> {
    fn drop(&mut self) {
        for &id in self.ids.values() {
            let open = self.seen.contains(&Marker::Open(id)) && !self.seen.contains(&Marker::Close(id));
            self.paragraph.taken.insert(id, open);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(markers: &[Marker]) -> String {
        let mut text = String::new();
        for &m in markers {
            inline::push_marker(&mut text, m);
        }
        text
    }

    #[test]
    fn only_nested_pairs_with_both_halves_are_whole() {
        use Marker::*;
        let crossing = text(&[Open(1), Open(2), Close(1), Close(2), Open(3), Standalone(4), Close(5)]);
        assert_eq!(whole_pairs(&crossing), HashSet::from([1]));
        let nested = text(&[Open(1), Open(2), Close(2), Close(1)]);
        assert_eq!(whole_pairs(&nested), HashSet::from([1, 2]));
    }

    #[test]
    fn ids_stay_unique_in_a_paragraph_and_a_split_pair_keeps_its_id() {
        let code = |id| Code {
            id,
            class: CodeClass::Fmt,
            disp: "b".into(),
            title: None,
            open: String::new(),
            close: None,
        };
        let mut paragraph = ParagraphIds::default();
        let (mut first, mut second) = (String::new(), String::new());
        {
            let mut unit = paragraph.unit();
            unit.push(&mut first, "1", Marker::Open, code);
            unit.push(&mut first, "1", Marker::Close, code);
            unit.push(&mut first, "2", Marker::Open, code);
        }
        {
            let mut unit = paragraph.unit();
            unit.push(&mut second, "2", Marker::Close, code);
            unit.push(&mut second, "1", Marker::Standalone, code);
            unit.push(&mut second, "a", Marker::Standalone, code);
        }
        assert_eq!(
            inline::markers(&first).collect::<Vec<_>>(),
            [Marker::Open(1), Marker::Close(1), Marker::Open(2)]
        );
        assert_eq!(
            inline::markers(&second).collect::<Vec<_>>(),
            [Marker::Close(2), Marker::Standalone(3), Marker::Standalone(4)]
        );
    }
}
