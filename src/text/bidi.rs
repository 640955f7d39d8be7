//! Right-to-left runs inside left-to-right text, so that a page isolates each one (`<bdi>`) instead of
//! guessing the direction of a whole English sentence from its first letter: a quality message or a
//! glossary note that starts with or quotes an Arabic word keeps its English order.

/// Code points of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic,
/// the Arabic supplements and presentation forms).
const RTL_RANGES: &[(char, char)] = &[
    ('\u{0590}', '\u{08FF}'),
    ('\u{FB1D}', '\u{FDFF}'),
    ('\u{FE70}', '\u{FEFF}'),
    ('\u{10800}', '\u{10FFF}'),
];

fn is_rtl(c: char) -> bool {
    RTL_RANGES.iter().any(|&(from, to)| (from..=to).contains(&c))
}

/// A stretch of text, and whether it is a right-to-left run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run<'a> {
    /// The text.
    pub text: &'a str,
    /// True for a run from a right-to-left character to the last one before a left-to-right letter
    /// (spaces and punctuation between two right-to-left words belong to it, those around it do not).
    pub rtl: bool,
}

/// `text` cut into right-to-left runs and the rest, in order; concatenated they give `text` back.
pub fn runs<'a>(text: &'a str) -> Vec<Run<'a>> {
    let mut out = Vec::new();
    let mut plain_from = 0;
    // The open right-to-left run: where it starts, and where its last right-to-left character ends.
    let mut open: Option<(usize, usize)> = None;
    // Pushes the plain text before the run, then the run.
    let close = |out: &mut Vec<Run<'a>>, plain_from: &mut usize, (start, end): (usize, usize)| {
        if start > *plain_from {
            out.push(Run { text: &text[*plain_from..start], rtl: false });
        }
        out.push(Run { text: &text[start..end], rtl: true });
        *plain_from = end;
    };
    for (at, c) in text.char_indices() {
        if is_rtl(c) {
            let end = at + c.len_utf8();
            open = Some(open.map_or((at, end), |(start, _)| (start, end)));
        } else if c.is_alphabetic() {
            if let Some(run) = open.take() {
                close(&mut out, &mut plain_from, run);
            }
        }
    }
    if let Some(run) = open {
        close(&mut out, &mut plain_from, run);
    }
    if plain_from < text.len() {
        out.push(Run { text: &text[plain_from..], rtl: false });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{runs, Run};

    #[test]
    fn runs_isolate_the_arabic() {
        let r = |text, rtl| Run { text, rtl };
        for (name, text, expected) in [
            ("english only", "numbers differ", vec![r("numbers differ", false)]),
            (
                "message starting with an arabic word",
                "منظمة is not translated",
                vec![r("منظمة", true), r(" is not translated", false)],
            ),
            (
                "quoted phrase keeps its inner space",
                "use «رأس السنة» here",
                vec![r("use «", false), r("رأس السنة", true), r("» here", false)],
            ),
            ("arabic only", "رأس السنة.", vec![r("رأس السنة", true), r(".", false)]),
            ("empty", "", vec![]),
        ] {
            assert_eq!(runs(text), expected, "{name}");
        }
    }
}
