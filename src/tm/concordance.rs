//! Where a concordance query stands in a unit, for highlighting: on the source side through the normalised
//! view, so «اوكرانيا» is found in «لأوكرانيا» (a clitic attached, a hamza written); on the target side
//! ignoring letter case.

use crate::text::{tokenize, TokenKind};

/// The char span in `source` of the words matching `query`: the first query word may end a source word
/// (attached clitics), the last may start one (suffixes), the ones between must be equal.
pub fn in_source(source: &str, query: &str) -> Option<(usize, usize)> {
    let query = tokenize(query);
    let wanted: Vec<&str> =
        query.tokens.iter().filter(|t| t.kind == TokenKind::Word).map(|t| query.norm(t)).collect();
    if wanted.is_empty() {
        return None;
    }
    let text = tokenize(source);
    let words: Vec<_> = text.tokens.iter().filter(|t| t.kind == TokenKind::Word).collect();
    let last = wanted.len() - 1;
    (0..words.len().saturating_sub(last)).find_map(|start| {
        let run = &words[start..=start + last];
        let fits = run.iter().zip(&wanted).enumerate().all(|(i, (token, want))| {
            let word = text.norm(token);
            match (i == 0, i == last) {
                (true, true) => word.contains(want),
                (true, false) => word.ends_with(want),
                (false, true) => word.starts_with(want),
                (false, false) => word == *want,
            }
        });
        fits.then(|| (run[0].chars.start, run[last].chars.end))
    })
}

/// The char span in `target` of `query`, any letter case.
pub fn in_target(target: &str, query: &str) -> Option<(usize, usize)> {
    let fold = |s: &str| s.chars().map(|c| c.to_lowercase().next().unwrap_or(c)).collect::<Vec<char>>();
    let (haystack, needle) = (fold(target), fold(query.trim()));
    if needle.is_empty() {
        return None;
    }
    haystack
        .windows(needle.len())
        .position(|w| w == needle.as_slice())
        .map(|start| (start, start + needle.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, range: Option<(usize, usize)>) -> Option<String> {
        range.map(|(a, b)| text.chars().skip(a).take(b - a).collect())
    }

    #[test]
    fn source_hits_through_hamza_clitics_and_tatweel() {
        for (name, source, query, hit) in [
            ("alef without hamza", "تستعد موسكو لحرب ضد أوكرانيا", "اوكرانيا", Some("أوكرانيا")),
            ("attached preposition", "قال بيان لمنظمة الدول التركية", "منظمة", Some("لمنظمة")),
            ("phrase across words", "وتعدي الاحتجاجات أعمال عنـ.ـف دامية", "اعمال عنف", Some("أعمال عنـ.ـف")),
            ("absent", "اعتبرت الصين ما يجري شأنًا داخليًا", "روسيا", None),
        ] {
            assert_eq!(span(source, in_source(source, query)).as_deref(), hit, "{name}");
        }
    }

    #[test]
    fn target_hits_ignore_case() {
        let target = "Russia sent troops to Kazakhstan";
        assert_eq!(span(target, in_target(target, "kazakhstan")).as_deref(), Some("Kazakhstan"));
        assert_eq!(in_target(target, "Ukraine"), None);
        assert_eq!(in_target(target, "  "), None);
    }
}
