//! A tolerant HTML tokenizer: text, start tags with their attributes, end tags and other markup, each with
//! its byte range in the page so that a writer can copy the page around what it changes.

use std::ops::Range;

use super::entities::decode;

/// A start tag.
pub(super) struct Tag {
    /// Lower-case name.
    pub name: String,
    /// Its attributes, in order.
    pub attributes: Vec<Attribute>,
    pub self_closing: bool,
    /// From the `<` to just past the `>`.
    pub range: Range<usize>,
}

/// An attribute of a start tag.
pub(super) struct Attribute {
    /// Lower-case name.
    pub name: String,
    /// The value, references decoded (empty for an attribute without a value).
    pub value: String,
    /// The value as written, inside its quotes; `None` for an attribute without a value.
    pub raw: Option<Range<usize>>,
    /// Whether the value is in quotes.
    pub quoted: bool,
    /// The whole attribute, name to value.
    pub range: Range<usize>,
}

impl Tag {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attribute_at(name).map(|a| a.value.as_str())
    }

    pub fn attribute_at(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

pub(super) enum Token<'a> {
    /// Text, as written, and where it starts.
    Text(&'a str, usize),
    Start(Tag),
    /// An end tag's lower-case name and its range.
    End(String, Range<usize>),
    /// A comment, a doctype or a processing instruction.
    Markup(Range<usize>),
    /// A DOCTYPE that declares entities or other markup, at this byte offset.
    InternalSubset(usize),
}

/// Tokens of an HTML text.
pub(super) struct Tokens<'a> {
    html: &'a str,
    /// `html` in ASCII lower case: same byte offsets, for case-insensitive searches.
    lower: String,
    pos: usize,
}

impl<'a> Tokens<'a> {
    pub fn new(html: &'a str) -> Self {
        Self { html, lower: html.to_ascii_lowercase(), pos: 0 }
    }

    /// Where the next token starts.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Moves past the end tag `</name…>`, or to the end of the text if there is none; where it is then.
    pub fn skip_to_end_of(&mut self, name: &str) -> usize {
        let end = format!("</{name}");
        self.pos = match self.lower[self.pos..].find(&end) {
            Some(at) => self.after(self.pos + at + end.len(), ">"),
            None => self.html.len(),
        };
        self.pos
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
            let start = pos;
            let key_end =
                self.html[pos..].find(|c| is_name_end(c) || c == '=').map_or(bytes.len(), |at| pos + at);
            // A name always takes at least one byte (a stray `=`), so the loop moves on; a byte, not a
            // character, only when that keeps `pos` on a character boundary.
            let key_end = if key_end > pos { key_end } else { pos + char_len(self.html, pos) };
            let key = self.lower[pos..key_end].to_owned();
            pos = key_end;
            let rest = self.html[pos..].trim_start();
            let mut attribute =
                Attribute { name: key, value: String::new(), raw: None, quoted: false, range: start..pos };
            if let Some(after_eq) = rest.strip_prefix('=') {
                let after_eq = after_eq.trim_start();
                pos = bytes.len() - after_eq.len();
                let (raw, len) = match after_eq.chars().next() {
                    Some(quote @ ('"' | '\'')) => {
                        let inner = &after_eq[1..];
                        let end = inner.find(quote).unwrap_or(inner.len());
                        attribute.quoted = true;
                        (pos + 1..pos + 1 + end, (end + 2).min(after_eq.len()))
                    }
                    _ => {
                        let end = after_eq.find(|c: char| c.is_ascii_whitespace() || c == '>');
                        let end = end.unwrap_or(after_eq.len());
                        (pos..pos + end, end)
                    }
                };
                attribute.value = decode(&self.html[raw.clone()]);
                attribute.raw = Some(raw);
                pos += len;
                attribute.range = start..pos;
            }
            attributes.push(attribute);
        }
        self.pos = pos;
        Tag { name, attributes, self_closing, range: offset..pos }
    }
}

fn char_len(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(1, char::len_utf8)
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
        let rest = &self.html[self.pos..];
        let start = self.pos;
        let second = rest.as_bytes().get(1).copied().unwrap_or(b' ');
        let third = rest.as_bytes().get(2).copied().unwrap_or(b' ');
        if rest.is_empty() {
            None
        } else if rest.starts_with("<!--") {
            self.pos = self.after(start + 4, "-->");
            Some(Token::Markup(start..self.pos))
        } else if self.lower[start..].starts_with("<!doctype") && has_subset(rest) {
            // Skipping to the first `>` would leave the subset's tail (`]>`, `&lol9;`) as text.
            self.pos = self.html.len();
            Some(Token::InternalSubset(start))
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            self.pos = self.after(start, ">");
            Some(Token::Markup(start..self.pos))
        } else if second == b'/' && third.is_ascii_alphabetic() && rest.starts_with('<') {
            let name_end =
                self.html[start + 2..].find(is_name_end).map_or(self.html.len(), |at| start + 2 + at);
            let name = self.lower[start + 2..name_end].to_owned();
            self.pos = self.after(name_end, ">");
            Some(Token::End(name, start..self.pos))
        } else if rest.starts_with('<') && second.is_ascii_alphabetic() {
            Some(Token::Start(self.start_tag(start)))
        } else {
            // Text runs to the next `<` (a `<` that starts no tag is text).
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let end = rest[first..].find('<').map_or(self.html.len(), |at| start + first + at);
            self.pos = end;
            Some(Token::Text(&self.html[start..end], start))
        }
    }
}
