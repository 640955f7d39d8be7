//! Inline codes masked as `<x id="N"/>` for the engine and put back after: an engine never sees a code it
//! could translate or break, and a draft that does not give every placeholder back exactly once is refused.
//! A code is a segment's own inline code (its marker character, [`crate::inline`]) or, in the text between
//! them, what looks like one (a tag, a `{placeholder}`, a printf `%s`).

use std::sync::LazyLock;

use regex::Regex;

use super::{Failure, Item};
use crate::inline::{self, Piece};

static CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"</?[A-Za-z][A-Za-z0-9:_-]*(?:\s[^<>]*)?/?>|\{[A-Za-z0-9_.]+\}|%(?:\d+\$)?[sdif@]")
        .expect("a valid pattern")
});

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<x\s+id\s*=\s*"(\d+)"\s*/>|<x\s+id\s*=\s*"(\d+)"\s*>\s*</x>"#).expect("a valid pattern")
});

/// A source split into text and codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masked {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Code(String),
}

/// Splits `source` at its inline codes.
pub fn mask(source: &str) -> Masked {
    let mut parts = Vec::new();
    for piece in inline::pieces(source) {
        let text = match piece {
            Piece::Code(marker) => {
                parts.push(Part::Code(marker.to_char().map(String::from).unwrap_or_default()));
                continue;
            }
            Piece::Text(text) => text,
        };
        let mut at = 0;
        for code in CODE.find_iter(text) {
            if code.start() > at {
                parts.push(Part::Text(text[at..code.start()].to_owned()));
            }
            parts.push(Part::Code(code.as_str().to_owned()));
            at = code.end();
        }
        if at < text.len() {
            parts.push(Part::Text(text[at..].to_owned()));
        }
    }
    Masked { parts }
}

impl Masked {
    /// How many codes the source has.
    pub fn codes(&self) -> usize {
        self.parts.iter().filter(|p| matches!(p, Part::Code(_))).count()
    }

    /// What the engine is sent: the text as it is when there is no code, else markup (the text escaped,
    /// each code a numbered `<x/>`).
    pub fn item(&self) -> Item {
        if self.codes() == 0 {
            let text = self.parts.iter().map(|p| match p {
                Part::Text(t) | Part::Code(t) => t.as_str(),
            });
            return Item { text: text.collect(), markup: false };
        }
        let mut text = String::new();
        let mut n = 0;
        for part in &self.parts {
            match part {
                Part::Text(t) => text.push_str(&escape(t)),
                Part::Code(_) => {
                    n += 1;
                    text.push_str(&format!("<x id=\"{n}\"/>"));
                }
            }
        }
        Item { text, markup: true }
    }

    /// The draft with the codes put back: every placeholder must come back exactly once, or the draft is
    /// refused ([`Failure::CodesLost`]).
    pub fn restore(&self, answer: &str) -> Result<String, Failure> {
        if self.codes() == 0 {
            return Ok(answer.trim().to_owned());
        }
        let codes: Vec<&str> = self
            .parts
            .iter()
            .filter_map(|p| match p {
                Part::Code(c) => Some(c.as_str()),
                Part::Text(_) => None,
            })
            .collect();
        let mut seen = vec![false; codes.len()];
        let mut out = String::new();
        let mut at = 0;
        for found in PLACEHOLDER.captures_iter(answer) {
            let whole = found.get(0).expect("the whole match");
            let id: usize = found.get(1).or(found.get(2)).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
            let slot = id.checked_sub(1).filter(|&i| i < codes.len()).ok_or(Failure::CodesLost)?;
            if std::mem::replace(&mut seen[slot], true) {
                return Err(Failure::CodesLost);
            }
            out.push_str(&unescape(&answer[at..whole.start()]));
            out.push_str(codes[slot]);
            at = whole.end();
        }
        out.push_str(&unescape(&answer[at..]));
        if seen.iter().all(|s| *s) && !out.contains("<x") {
            Ok(out.trim().to_owned())
        } else {
            Err(Failure::CodesLost)
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inline::Marker;

    #[test]
    fn codes_go_out_as_placeholders_and_come_back() {
        let masked = mask("قال <b>{name}</b> إن 5 < 6 & %s");
        assert_eq!(masked.codes(), 4);
        let item = masked.item();
        assert!(item.markup);
        assert_eq!(item.text, "قال <x id=\"1\"/><x id=\"2\"/><x id=\"3\"/> إن 5 &lt; 6 &amp; <x id=\"4\"/>");
        let answer = "<x id=\"1\"/><x id=\"2\"/><x id=\"3\"/> said 5 &lt; 6 &amp; <x id=\"4\"/>";
        assert_eq!(masked.restore(answer).unwrap(), "<b>{name}</b> said 5 < 6 & %s");
    }

    #[test]
    fn a_draft_that_drops_duplicates_or_invents_a_code_is_refused() {
        let masked = mask("مرحبا {name} و {other}");
        for answer in [
            "Hello <x id=\"1\"/> and",
            "Hello <x id=\"1\"/> and <x id=\"1\"/>",
            "Hello <x id=\"1\"/> and <x id=\"2\"/> <x id=\"3\"/>",
            "Hello <x id=\"1\"/> and <x id=\"2\">",
        ] {
            assert_eq!(masked.restore(answer), Err(Failure::CodesLost), "{answer}");
        }
    }

    #[test]
    fn a_segments_own_codes_are_placeholders_too() {
        let [open, close, image] =
            [Marker::Open(1), Marker::Close(1), Marker::Standalone(2)].map(|m| m.to_char().unwrap());
        let masked = mask(&format!("قال {open}توكاييف{close} <b>إن</b>{image}"));
        assert_eq!(masked.codes(), 5);
        assert_eq!(
            masked.item().text,
            "قال <x id=\"1\"/>توكاييف<x id=\"2\"/> <x id=\"3\"/>إن<x id=\"4\"/><x id=\"5\"/>"
        );
        let answer = "<x id=\"1\"/>Tokayev<x id=\"2\"/> <x id=\"3\"/>said<x id=\"4\"/><x id=\"5\"/>";
        assert_eq!(masked.restore(answer).unwrap(), format!("{open}Tokayev{close} <b>said</b>{image}"));
        let dropped = "<x id=\"1\"/>Tokayev<x id=\"2\"/> <x id=\"3\"/>said<x id=\"4\"/>";
        assert_eq!(masked.restore(dropped), Err(Failure::CodesLost));
    }

    #[test]
    fn text_without_codes_goes_as_it_is() {
        let masked = mask("الأسعار ارتفعت 5% & أكثر");
        assert_eq!(masked.item(), Item { text: "الأسعار ارتفعت 5% & أكثر".into(), markup: false });
        assert_eq!(masked.restore(" Prices rose 5% & more ").unwrap(), "Prices rose 5% & more");
    }
}
