//! A small XML writer: indented elements whose content is either elements or text, never both, so that
//! indentation never changes a text. Escapes everything that XML would otherwise read differently.

use crate::text::chars::is_xml_char;

/// Builds an XML document in memory.
pub(crate) struct XmlWriter {
    out: String,
    open: Vec<&'static str>,
}

impl XmlWriter {
    /// A document with the XML declaration.
    pub fn new() -> Self {
        Self { out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"), open: Vec::new() }
    }

    /// Opens an element whose children are elements.
    pub fn open(&mut self, name: &'static str, attributes: &[(&str, &str)]) {
        self.start_tag(name, attributes);
        self.out.push_str(">\n");
        self.open.push(name);
    }

    /// Closes the innermost open element.
    pub fn close(&mut self) {
        let name = self.open.pop().expect("close matches an open");
        self.indent();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// An element holding only text (an empty text gives `<name></name>`, kept apart from no element).
    pub fn leaf(&mut self, name: &'static str, attributes: &[(&str, &str)], text: &str) {
        self.start_tag(name, attributes);
        self.out.push('>');
        escape_into(&mut self.out, text, false);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// An element holding text and inline elements, which `content` writes on one line (no indentation can
    /// creep into the text).
    pub fn mixed(
        &mut self,
        name: &'static str,
        attributes: &[(&str, &str)],
        content: impl FnOnce(&mut Inline),
    ) {
        self.start_tag(name, attributes);
        self.out.push('>');
        content(&mut Inline(&mut self.out));
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// An empty element.
    pub fn empty(&mut self, name: &'static str, attributes: &[(&str, &str)]) {
        self.start_tag(name, attributes);
        self.out.push_str("/>\n");
    }

    /// The document's bytes.
    pub fn finish(self) -> Vec<u8> {
        debug_assert!(self.open.is_empty(), "unclosed elements: {:?}", self.open);
        self.out.into_bytes()
    }

    fn start_tag(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.indent();
        start_tag(&mut self.out, name, attributes);
    }

    fn indent(&mut self) {
        for _ in 0..self.open.len() {
            self.out.push_str("  ");
        }
    }
}

/// The content of a mixed element: text and inline elements, written as they come.
pub(crate) struct Inline<'a>(&'a mut String);

impl Inline<'_> {
    /// Escaped text.
    pub fn text(&mut self, text: &str) {
        escape_into(self.0, text, false);
    }

    /// An inline element's start tag.
    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        start_tag(self.0, name, attributes);
        self.0.push('>');
    }

    /// An inline element's end tag.
    pub fn close(&mut self, name: &str) {
        self.0.push_str("</");
        self.0.push_str(name);
        self.0.push('>');
    }

    /// An empty inline element.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        start_tag(self.0, name, attributes);
        self.0.push_str("/>");
    }

    /// An inline element holding only text.
    pub fn leaf(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.open(name, attributes);
        self.text(text);
        self.close(name);
    }
}

/// `<name a="v"…` without the closing `>`.
fn start_tag(out: &mut String, name: &str, attributes: &[(&str, &str)]) {
    out.push('<');
    out.push_str(name);
    for (key, value) in attributes {
        out.push(' ');
        out.push_str(key);
        out.push_str("=\"");
        escape_into(out, value, true);
        out.push('"');
    }
}

/// Escapes markup characters, and what XML parsers would normalise away: a carriage return everywhere, tabs and
/// line feeds in attributes. Characters XML 1.0 cannot carry at all (C0 controls but tab, LF, CR; U+FFFE, U+FFFF)
/// are dropped: no XML file can hold them, which is why every reader refuses them on the way in (an
/// unchanged round trip must give back the same text).
pub(crate) fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\t' | '\n' => out.push(c),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}
