//! Comment text: a Markdown-lite of `**strong**`, `*emphasis*`, `` `code` `` and `@name` mentions, read
//! into plain-text parts that the templates and the editor's script put in elements as text (never as
//! HTML), so nothing a person types can become markup.

use serde::Serialize;

/// How a stretch of a comment is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// Plain text (line breaks kept).
    Plain,
    /// `**strong**`.
    Strong,
    /// `*emphasis*`.
    Emphasis,
    /// `` `code` ``.
    Code,
    /// `@name`: the text is the name without `@`.
    Mention,
}

/// A stretch of a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// How it is shown.
    pub style: Style,
    /// Its text.
    pub text: String,
}

/// The comment cut into parts; an unclosed marker is plain text.
pub fn parts(body: &str) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::new();
    let mut push = |style: Style, text: &str| match out.last_mut() {
        Some(last) if last.style == style && style == Style::Plain => last.text.push_str(text),
        _ if text.is_empty() => {}
        _ => out.push(Part { style, text: text.to_owned() }),
    };
    let mut rest = body;
    let mut previous: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        let styled = match c {
            '*' if rest.starts_with("**") => {
                closed(rest, "**").map(|(inner, len)| (Style::Strong, inner, len))
            }
            '*' => closed(rest, "*").map(|(inner, len)| (Style::Emphasis, inner, len)),
            '`' => closed(rest, "`").map(|(inner, len)| (Style::Code, inner, len)),
            '@' if !previous.is_some_and(is_name_char) => {
                let name = mention_at(&rest[1..]);
                (!name.is_empty()).then(|| (Style::Mention, name, name.len() + 1))
            }
            _ => None,
        };
        match styled {
            Some((style, inner, len)) => {
                push(style, inner);
                previous = rest[..len].chars().last();
                rest = &rest[len..];
            }
            None => {
                push(Style::Plain, &rest[..c.len_utf8()]);
                previous = Some(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// The user names mentioned, lower-cased, each once, in order.
pub fn mentions(body: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for part in parts(body) {
        let name = part.text.to_ascii_lowercase();
        if part.style == Style::Mention && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// `marker inner marker` at the start of `text`, with a non-empty inner text on one line: the inner text
/// and the length of the whole.
fn closed<'a>(text: &'a str, marker: &str) -> Option<(&'a str, usize)> {
    let after = &text[marker.len()..];
    let end = after.find(marker)?;
    let inner = &after[..end];
    let ok = !inner.trim().is_empty() && !inner.contains('\n');
    ok.then_some((inner, marker.len() * 2 + end))
}

/// A user name at the start of `text` (the database's rule), without a trailing `.`, `-` or `_` that
/// ends a sentence rather than the name.
fn mention_at(text: &str) -> &str {
    if !text.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return "";
    }
    let end = text.find(|c: char| !is_name_char(c)).unwrap_or(text.len()).min(64);
    text[..end].trim_end_matches(['.', '-', '_'])
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(body: &str) -> String {
        parts(body)
            .into_iter()
            .map(|p| match p.style {
                Style::Plain => p.text,
                Style::Strong => format!("[b:{}]", p.text),
                Style::Emphasis => format!("[i:{}]", p.text),
                Style::Code => format!("[c:{}]", p.text),
                Style::Mention => format!("[@{}]", p.text),
            })
            .collect()
    }

    #[test]
    fn table() {
        for (body, expected) in [
            ("plain text", "plain text"),
            ("@sara please check", "[@sara] please check"),
            ("ask @omar.k.", "ask [@omar.k]."),
            ("mail sara@example.org", "mail sara@example.org"),
            ("**death toll** is *12*", "[b:death toll] is [i:12]"),
            ("`<script>` stays text", "[c:<script>] stays text"),
            ("<b>not markup</b>", "<b>not markup</b>"),
            ("unclosed **bold", "unclosed **bold"),
            ("a * b * c", "a [i: b ] c"),
            ("@ alone", "@ alone"),
            ("«قتلى» @سارة", "«قتلى» @سارة"),
            ("two\nlines", "two\nlines"),
        ] {
            assert_eq!(render(body), expected, "{body:?}");
        }
    }

    #[test]
    fn mentions_are_named_once_in_lower_case() {
        assert_eq!(mentions("@Sara and @omar, @sara again; x@y"), vec!["sara", "omar"]);
    }
}
