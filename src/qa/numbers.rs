//! Numbers must survive translation: every number of the source is in the target and vice versa, whatever
//! digits, decimal mark and thousands separators each side writes («٣٫٦٧» = «3.67», «1,200» = «1200»).

use super::{char_span, Check, Finding, SegmentContext, Severity, Side};
use crate::text::chars::digit_value;

/// Numbers differ between source and target.
pub struct Numbers;

impl Check for Numbers {
    fn id(&self) -> &'static str {
        "numbers"
    }
    fn name(&self) -> &'static str {
        "Numbers differ"
    }
    fn check(&self, s: &SegmentContext<'_>) -> Vec<Finding> {
        if s.target.trim().is_empty() {
            return Vec::new();
        }
        let source = numbers_in(s.source);
        let target = numbers_in(s.target);
        let mut findings = Vec::new();
        for (numbers, others, text, side, missing, (here, there)) in [
            (
                &source,
                &target,
                s.source,
                Side::Source,
                "is missing from the translation",
                ("source", "translation"),
            ),
            (&target, &source, s.target, Side::Target, "is not in the source", ("translation", "source")),
        ] {
            let count = |list: &[(String, _)], value: &str| list.iter().filter(|(v, _)| v == value).count();
            let mut unmatched: Vec<&str> = others.iter().map(|(value, _)| value.as_str()).collect();
            for (value, bytes) in numbers {
                let Some(i) = unmatched.iter().position(|v| v == value) else {
                    let number = &text[bytes.clone()];
                    // A number on both sides, only more often on this one, is not «missing».
                    let message = match count(others, value) {
                        0 => format!("The number {number} {missing}."),
                        n => format!(
                            "The number {number} is {} times in the {here}, {n} in the {there}.",
                            count(numbers, value)
                        ),
                    };
                    findings.push(Finding::new(
                        self,
                        Severity::Error,
                        message,
                        Some(char_span(text, side, bytes.clone())),
                    ));
                    continue;
                };
                unmatched.swap_remove(i);
            }
        }
        findings
    }
}

/// The numbers in `text`, each as a canonical value (ASCII digits, `.` for the decimal mark, no thousands
/// separators) with its byte range.
pub fn numbers_in(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut numbers = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit_value(chars[i].1).is_none() {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut value = String::new();
        let mut end = i;
        while end < chars.len() {
            let c = chars[end].1;
            if let Some(d) = digit_value(c) {
                value.push(char::from_digit(d, 10).unwrap_or('0'));
                end += 1;
                continue;
            }
            let next_is_digit = chars.get(end + 1).is_some_and(|&(_, n)| digit_value(n).is_some());
            if !next_is_digit {
                break;
            }
            match c {
                // A thousands separator is followed by exactly three digits.
                ',' | '\u{066C}' | '\u{00A0}' | '\u{202F}' if group_of_three(&chars[end + 1..]) => end += 1,
                '.' | '\u{066B}' if !value.contains('.') => {
                    value.push('.');
                    end += 1;
                }
                _ => break,
            }
        }
        let end_byte = chars.get(end).map_or(text.len(), |&(b, _)| b);
        numbers.push((value, start..end_byte));
        i = end.max(i + 1);
    }
    numbers
}

fn group_of_three(rest: &[(usize, char)]) -> bool {
    let digits = rest.iter().take_while(|&&(_, c)| digit_value(c).is_some()).count();
    digits == 3
}
