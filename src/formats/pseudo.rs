//! Pseudo-translation: every unit's target made from its source, each text run changed so that no source text
//! is left and lengthened by about 30%, every code kept where it was. A newsroom tries a new kind of file end
//! to end with it (export pseudo-translated XLIFF, take it back in, export the target document) before real
//! work, as Okapi and memoQ offer.

use crate::formats::model::{BilingualDocument, UnitState};
use crate::inline::{self, Piece};

/// How the text is changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pseudo {
    /// Latin letters accented (`a` → `á`); letters of other scripts become accented Latin ones.
    Accented,
    /// Letters upper-cased; letters of scripts without case become Latin capitals.
    Upper,
}

impl Pseudo {
    /// The option's value: `accented` or `upper`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "accented" => Some(Self::Accented),
            "upper" => Some(Self::Upper),
            _ => None,
        }
    }

    fn letter(self, c: char) -> String {
        const ACCENTED: [char; 26] = [
            'á', 'ƀ', 'ç', 'đ', 'é', 'ƒ', 'ĝ', 'ĥ', 'í', 'ĵ', 'ķ', 'ĺ', 'ḿ', 'ñ', 'ó', 'ṕ', 'ʠ', 'ŕ', 'š',
            'ţ', 'ú', 'ṽ', 'ŵ', 'ẋ', 'ý', 'ž',
        ];
        // A letter without case (Arabic) stands for a Latin one picked by its code point, so no source is left.
        let latin = |c: char| {
            let lower = c.to_ascii_lowercase();
            if lower.is_ascii_lowercase() {
                (lower as u8 - b'a') as usize
            } else {
                c as usize % 26
            }
        };
        match self {
            Self::Accented if c.is_ascii_alphabetic() && c.is_ascii_uppercase() => {
                ACCENTED[latin(c)].to_uppercase().collect()
            }
            Self::Accented if c.is_ascii_alphabetic() || !c.is_ascii() => ACCENTED[latin(c)].to_string(),
            Self::Upper if c.is_lowercase() || c.is_uppercase() => c.to_uppercase().collect(),
            Self::Upper => char::from(b'A' + latin(c) as u8).to_string(),
            Self::Accented => c.to_string(),
        }
    }

    /// One text run changed and padded by about 30% (at least one character), before its trailing spaces.
    pub fn run(self, text: &str) -> String {
        let body = text.trim_end();
        let mut out: String =
            body.chars().map(|c| if c.is_alphabetic() { self.letter(c) } else { c.to_string() }).collect();
        let letters = body.chars().filter(|c| !c.is_whitespace()).count();
        if letters > 0 {
            out.extend(std::iter::repeat_n('~', letters.div_ceil(3)));
        }
        out.push_str(&text[body.len()..]);
        out
    }

    /// A source pseudo-translated: each text run changed, each code where it was.
    pub fn text(self, source: &str) -> String {
        let mut out = String::with_capacity(source.len() * 2);
        for piece in inline::pieces(source) {
            match piece {
                Piece::Text(text) => out.push_str(&self.run(text)),
                Piece::Code(marker) => inline::push_marker(&mut out, marker),
            }
        }
        out
    }

    /// Every unit of `doc` given its pseudo-translation as a translated target, but those the file marks as
    /// not to be translated.
    pub fn translate(self, doc: &mut BilingualDocument) {
        for unit in doc.paragraphs.iter_mut().flat_map(|p| &mut p.units).filter(|u| !u.locked) {
            unit.target = Some(self.text(&unit.source));
            unit.state = UnitState::Translated;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inline::Marker;

    #[test]
    fn every_text_run_changes_and_grows_and_codes_stay() {
        let mut source = String::from("قال ");
        inline::push_marker(&mut source, Marker::Open(1));
        source.push_str("Tokayev");
        inline::push_marker(&mut source, Marker::Close(1));
        source.push_str(" 2022.");
        for how in [Pseudo::Accented, Pseudo::Upper] {
            let target = how.text(&source);
            assert_eq!(inline::markers(&target).collect::<Vec<_>>(), [Marker::Open(1), Marker::Close(1)]);
            let plain = inline::plain(&target);
            assert!(!plain.contains("قال") && !plain.contains("Tokayev"), "{plain}");
            assert!(plain.contains("2022."), "digits and punctuation stay: {plain}");
            let grown = plain.chars().count() as f64 / inline::plain(&source).chars().count() as f64;
            assert!((1.25..1.6).contains(&grown), "{plain}: {grown}");
        }
        assert_eq!(Pseudo::Upper.run("Tokayev "), "TOKAYEV~~~ ");
        assert_eq!(Pseudo::Accented.run("Ab"), "Áƀ~");
    }
}
