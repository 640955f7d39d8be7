//! The HTML reader: a tolerant tokenizer and the paragraphs of its block elements.

use super::entities::decode;
use super::open::{Open, MAX_DEPTH};
use super::{BLOCKS, DROPPED};
use crate::formats::error::{Format, FormatError, Problem};
use crate::formats::utf8;
use crate::text::chars::first_not_in_xml;
use crate::text::position::Position;
use crate::xml::Problem as Markup;

/// The article text of an HTML page, one paragraph per line (as the segmenter reads text): the text of each
/// block element (`p`, `h1`–`h6`, `li`, `div`, `td`, `blockquote`, …) is a line, and so is each piece a `<br>`
/// ends. Whitespace is collapsed within a line (in `<pre>`, line feeds are kept as line breaks), character
/// references decoded, comments dropped, and the content of `script`, `style`, `noscript`, `template`,
/// `title` and the like left out.
///
/// Refuses bytes that are not UTF-8 and pages whose `<meta charset>` (or `http-equiv` content type) names
/// another encoding, saying which and where.
pub fn read_html_text(bytes: &[u8]) -> Result<String, FormatError> {
    let html = match utf8(bytes, Format::Html) {
        Ok(html) => html,
        Err(not_utf8) => {
            // A page in another encoding usually says so: name it rather than only "not UTF-8".
            let lossy = String::from_utf8_lossy(bytes);
            return Err(match paragraphs(&lossy) {
                Err(charset) => FormatError { position: None, ..charset },
                Ok(_) => not_utf8,
            });
        }
    };
    paragraphs(html).map(|lines| lines.join("\n"))
}

/// The page's `<title>` (references decoded, whitespace collapsed), the name its author gave it; `None`
/// when the head has no title, or a blank one.
pub fn read_html_title(bytes: &[u8]) -> Option<String> {
    let html = std::str::from_utf8(bytes).ok()?;
    let mut tokens = Tokens { html, lower: html.to_ascii_lowercase(), pos: 0 };
    while let Some(token) = tokens.next() {
        let Token::Start(tag) = token else { continue };
        match tag.name.as_str() {
            "title" if !tag.self_closing => {
                let start = tokens.pos;
                let end = tokens.lower[start..].find("</title").map_or(html.len(), |at| start + at);
                let title = decode(&html[start..end]).split_whitespace().collect::<Vec<_>>().join(" ");
                return Some(title).filter(|t| !t.is_empty());
            }
            "body" => return None,
            _ => {}
        }
    }
    None
}

fn paragraphs(html: &str) -> Result<Vec<String>, FormatError> {
    let mut tokens = Tokens { html, lower: html.to_ascii_lowercase(), pos: 0 };
    let mut out = Lines::default();
    let mut open = Open::default();
    let refuse = |offset, problem| Err(FormatError::at(Format::Html, html, offset, Problem::Xml(problem)));
    while let Some(token) = tokens.next() {
        match token {
            Token::Text(text) => {
                let decoded = decode(text);
                if let Some((_, c)) = first_not_in_xml(&decoded) {
                    return refuse(text.as_ptr() as usize - html.as_ptr() as usize, Markup::IllegalChar(c));
                }
                out.text(&decoded)
            }
            Token::InternalSubset(offset) => return refuse(offset, Markup::InternalSubset),
            Token::Start(tag) => {
                check_charset(html, &tag)?;
                if !open.start(&tag.name, tag.self_closing) {
                    let line = Position::of_offset(html, tag.offset).line;
                    return refuse(tag.offset, Markup::TooDeep { line, limit: MAX_DEPTH });
                }
                let name = tag.name.as_str();
                if DROPPED.contains(&name) && !tag.self_closing {
                    tokens.skip_to_end_of(name);
                } else if name == "br" {
                    out.line_break();
                } else if BLOCKS.contains(&name) {
                    out.pre += usize::from(name == "pre");
                    out.line_break();
                }
            }
            Token::End(name) => {
                open.end(&name);
                if BLOCKS.contains(&name.as_str()) {
                    out.pre = out.pre.saturating_sub(usize::from(name == "pre"));
                    out.line_break();
                } else if name == "br" {
                    out.line_break(); // `</br>` is read as `<br>` by browsers too.
                }
            }
        }
    }
    out.line_break();
    Ok(out.done)
}

/// Refuses a `<meta>` that declares an encoding other than UTF-8.
fn check_charset(html: &str, tag: &Tag) -> Result<(), FormatError> {
    if tag.name != "meta" {
        return Ok(());
    }
    let content_type = tag.attribute("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-type"));
    let declared = tag.attribute("charset").or_else(|| {
        let content = tag.attribute("content").filter(|_| content_type)?;
        let at = content.to_ascii_lowercase().find("charset=")?;
        Some(content[at + "charset=".len()..].split(';').next().unwrap_or_default())
    });
    match declared.map(|c| c.trim().trim_matches(['"', '\''])) {
        Some(charset) if !charset.eq_ignore_ascii_case("utf-8") && !charset.eq_ignore_ascii_case("utf8") => {
            Err(FormatError::at(Format::Html, html, tag.offset, Problem::Charset(charset.to_owned())))
        }
        _ => Ok(()),
    }
}

/// Lines of text being collected.
#[derive(Default)]
struct Lines {
    done: Vec<String>,
    line: String,
    /// Depth of `<pre>`: line feeds are kept inside.
    pre: usize,
}

impl Lines {
    fn text(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '\n' if self.pre > 0 => self.line_break(),
                c if c.is_ascii_whitespace() => self.line.push(' '),
                c => self.line.push(c),
            }
        }
    }

    /// Ends the current line, if it has any text.
    fn line_break(&mut self) {
        let line = self.line.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
        if !line.is_empty() {
            self.done.push(line);
        }
        self.line.clear();
    }
}

/// A start tag.
struct Tag {
    /// Lower-case name.
    name: String,
    /// Lower-case names, decoded values (empty for an attribute without a value).
    attributes: Vec<(String, String)>,
    self_closing: bool,
    /// Byte offset of the `<`.
    offset: usize,
}

impl Tag {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

enum Token<'a> {
    Text(&'a str),
    Start(Tag),
    /// An end tag's lower-case name.
    End(String),
    /// A DOCTYPE that declares entities or other markup, at this byte offset.
    InternalSubset(usize),
}

/// Tokens of an HTML text; comments, doctypes and processing instructions are skipped.
struct Tokens<'a> {
    html: &'a str,
    /// `html` in ASCII lower case: same byte offsets, for case-insensitive searches.
    lower: String,
    pos: usize,
}

impl<'a> Tokens<'a> {
    /// Moves past the end tag `</name…>`, or to the end of the text if there is none.
    fn skip_to_end_of(&mut self, name: &str) {
        let end = format!("</{name}");
        self.pos = match self.lower[self.pos..].find(&end) {
            Some(at) => self.after(self.pos + at + end.len(), ">"),
            None => self.html.len(),
        };
    }

    /// The offset just past the next `needle` from `from`, or the end of the text.
    fn after(&self, from: usize, needle: &str) -> usize {
        self.html[from..].find(needle).map_or(self.html.len(), |at| from + at + needle.len())
    }

    fn start_tag(&mut self, offset: usize) -> Tag {
        let bytes = self.html.as_bytes();
        let mut pos = offset + 1;
        let name_end = self.html[pos..].find(is_name_end).map_or(self.html.len(), |at| pos + at);
        let name = self.lower[pos..name_end].to_owned();
        pos = name_end;
        let mut attributes = Vec::new();
        let mut self_closing = false;
        loop {
            while pos < bytes.len() && (bytes[pos].is_ascii_whitespace() || bytes[pos] == b'/') {
                self_closing = bytes[pos] == b'/';
                pos += 1;
            }
            if pos >= bytes.len() || bytes[pos] == b'>' {
                pos = (pos + 1).min(bytes.len());
                break;
            }
            self_closing = false;
            let key_end =
                self.html[pos..].find(|c| is_name_end(c) || c == '=').map_or(bytes.len(), |at| pos + at);
            let key = self.lower[pos..key_end.max(pos + 1).min(bytes.len())].to_owned();
            pos = key_end.max(pos + 1).min(bytes.len());
            let rest = self.html[pos..].trim_start();
            let mut value = String::new();
            if let Some(after_eq) = rest.strip_prefix('=') {
                let after_eq = after_eq.trim_start();
                pos = bytes.len() - after_eq.len();
                let (raw, len) = match after_eq.chars().next() {
                    Some(quote @ ('"' | '\'')) => {
                        let inner = &after_eq[1..];
                        let end = inner.find(quote).unwrap_or(inner.len());
                        (&inner[..end], (end + 2).min(after_eq.len()))
                    }
                    _ => {
                        let end = after_eq.find(|c: char| c.is_ascii_whitespace() || c == '>');
                        let end = end.unwrap_or(after_eq.len());
                        (&after_eq[..end], end)
                    }
                };
                value = decode(raw);
                pos += len;
            }
            attributes.push((key, value));
        }
        self.pos = pos;
        Tag { name, attributes, self_closing, offset }
    }
}

/// Whether the DOCTYPE at the start of `rest` opens an internal subset before it ends.
fn has_subset(rest: &str) -> bool {
    let end = rest.find('>').unwrap_or(rest.len());
    rest[..end].contains('[')
}

/// Where a tag or attribute name ends.
fn is_name_end(c: char) -> bool {
    c.is_ascii_whitespace() || c == '/' || c == '>'
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            let rest = &self.html[self.pos..];
            let start = self.pos;
            let second = rest.as_bytes().get(1).copied().unwrap_or(b' ');
            let third = rest.as_bytes().get(2).copied().unwrap_or(b' ');
            if rest.is_empty() {
                return None;
            } else if rest.starts_with("<!--") {
                self.pos = self.after(start + 4, "-->");
            } else if self.lower[start..].starts_with("<!doctype") && has_subset(rest) {
                // Skipping to the first `>` would leave the subset's tail (`]>`, `&lol9;`) as text.
                self.pos = self.html.len();
                return Some(Token::InternalSubset(start));
            } else if rest.starts_with("<!") || rest.starts_with("<?") {
                self.pos = self.after(start, ">");
            } else if second == b'/' && third.is_ascii_alphabetic() && rest.starts_with('<') {
                let name_end =
                    self.html[start + 2..].find(is_name_end).map_or(self.html.len(), |at| start + 2 + at);
                let name = self.lower[start + 2..name_end].to_owned();
                self.pos = self.after(name_end, ">");
                return Some(Token::End(name));
            } else if rest.starts_with('<') && second.is_ascii_alphabetic() {
                return Some(Token::Start(self.start_tag(start)));
            } else {
                // Text runs to the next `<` (a `<` that starts no tag is text).
                let first = rest.chars().next().map_or(1, char::len_utf8);
                let end = rest[first..].find('<').map_or(self.html.len(), |at| start + first + at);
                self.pos = end;
                return Some(Token::Text(&self.html[start..end]));
            }
        }
    }
}
