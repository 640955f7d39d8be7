//! The HTML reader: the page as paragraphs with inline codes, and where each one is in the page.
//!
//! Block elements (`p`, `h1`–`h6`, `li`, `td`, `blockquote`, `figcaption`, `div`…) delimit paragraphs;
//! inline elements inside them (`a`, `b`, `em`, `span`, `br`, `img`…) are codes whose native data is the
//! markup exactly as written; `alt` and `title` are paragraphs of their own; everything else (scripts,
//! styles, comments, the head, content marked `translate="no"`) is skeleton, copied through unchanged.

use std::ops::Range;

use super::entities::decode;
use super::open::{Open, MAX_DEPTH};
use super::tokens::{Tag, Token, Tokens};
use super::{translatable, BLOCKS, DROPPED};
use crate::formats::error::{Format, FormatError, Problem};
use crate::formats::model::DocumentParagraph;
use crate::formats::utf8;
use crate::inline::{self, Code, CodeClass, Marker};
use crate::text::chars::first_not_in_xml;
use crate::text::position::Position;
use crate::xml::Problem as Markup;

/// A page read: its paragraphs in order, and the element that takes the target's `lang` and `dir`.
pub(super) struct Page {
    pub parts: Vec<Part>,
    /// The `<html>` start tag, else the first block element's; `None` for a page without either.
    pub root: Option<Range<usize>>,
}

/// One paragraph of a page.
pub(super) struct Part {
    /// Its text, codes as markers, whitespace collapsed (outside `<pre>`).
    pub text: String,
    /// What its codes stand for (ids from 1, in order).
    pub codes: Vec<Code>,
    pub place: Place,
}

/// Where a paragraph is in the page.
pub(super) enum Place {
    /// Element content, from its first text or code to its last; `tags[id - 1]` is where each code's
    /// opening (or standalone) markup and closing markup are.
    Content { span: Range<usize>, tags: Vec<(Range<usize>, Option<Range<usize>>)> },
    /// A translatable attribute's value, as written (inside its quotes when it has any).
    Attribute { value: Range<usize>, quoted: bool },
}

/// The paragraphs of an HTML page, with their codes: what a new article is made of.
///
/// Refuses bytes that are not UTF-8 and pages whose `<meta charset>` (or `http-equiv` content type) names
/// another encoding, saying which and where; a DOCTYPE with an internal subset, characters XML cannot
/// carry, text holding the characters that stand for inline codes, and nesting past a limit.
pub fn read_html_document(bytes: &[u8]) -> Result<Vec<DocumentParagraph>, FormatError> {
    let page = read_page(bytes)?;
    Ok(page.parts.into_iter().map(|p| DocumentParagraph { text: p.text, codes: p.codes }).collect())
}

/// The article text of an HTML page, one line per paragraph of element content (attributes left out), the
/// codes dropped; in `<pre>`, each line of the text a line.
pub fn read_html_text(bytes: &[u8]) -> Result<String, FormatError> {
    let page = read_page(bytes)?;
    let content = page.parts.iter().filter(|p| matches!(p.place, Place::Content { .. }));
    let lines = content.flat_map(|p| {
        inline::plain(&p.text)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    });
    Ok(lines.collect::<Vec<_>>().join("\n"))
}

/// The page's `<title>` (references decoded, whitespace collapsed), the name its author gave it; `None`
/// when the head has no title, or a blank one.
pub fn read_html_title(bytes: &[u8]) -> Option<String> {
    let html = std::str::from_utf8(bytes).ok()?;
    let mut tokens = Tokens::new(html);
    while let Some(token) = tokens.next() {
        let Token::Start(tag) = token else { continue };
        match tag.name.as_str() {
            "title" if !tag.self_closing => {
                let start = tokens.position();
                let end =
                    html[start..].to_ascii_lowercase().find("</title").map_or(html.len(), |at| start + at);
                let title = decode(&html[start..end]).split_whitespace().collect::<Vec<_>>().join(" ");
                return Some(title).filter(|t| !t.is_empty());
            }
            "body" => return None,
            _ => {}
        }
    }
    None
}

/// The page as UTF-8 text.
pub(super) fn page_text(bytes: &[u8]) -> Result<&str, FormatError> {
    utf8(bytes, Format::Html).map_err(|not_utf8| {
        // A page in another encoding usually says so: name it rather than only "not UTF-8".
        let lossy = String::from_utf8_lossy(bytes);
        match Reader::new(&lossy).read() {
            Err(e) if matches!(*e.problem, Problem::Charset(_)) => FormatError { position: None, ..e },
            _ => not_utf8,
        }
    })
}

pub(super) fn read_page(bytes: &[u8]) -> Result<Page, FormatError> {
    Reader::new(page_text(bytes)?).read()
}

struct Reader<'a> {
    html: &'a str,
    tokens: Tokens<'a>,
    open: Open,
    page: Page,
    /// The paragraph being read, if its first text or code has been seen.
    current: Option<Building>,
    /// Attribute paragraphs met inside the current paragraph: they follow it.
    pending: Vec<Part>,
    /// Depth of `<pre>`: whitespace is kept inside.
    pre: usize,
}

/// A paragraph being read.
#[derive(Default)]
struct Building {
    text: String,
    codes: Vec<Code>,
    tags: Vec<(Range<usize>, Option<Range<usize>>)>,
    /// Open pairs: element name and code id, outermost first.
    pairs: Vec<(String, u32)>,
    span: Range<usize>,
    /// Whitespace read since the last text or code, written only if more follows.
    space: String,
}

impl<'a> Reader<'a> {
    fn new(html: &'a str) -> Self {
        Self {
            html,
            tokens: Tokens::new(html),
            open: Open::default(),
            page: Page { parts: Vec::new(), root: None },
            current: None,
            pending: Vec::new(),
            pre: 0,
        }
    }

    fn refuse(&self, offset: usize, problem: Problem) -> FormatError {
        FormatError::at(Format::Html, self.html, offset, problem)
    }

    fn read(mut self) -> Result<Page, FormatError> {
        while let Some(token) = self.tokens.next() {
            match token {
                Token::Text(text, at) => self.text(text, at)?,
                Token::InternalSubset(at) => {
                    return Err(self.refuse(at, Problem::Xml(Markup::InternalSubset)))
                }
                Token::Markup(range) => self.standalone_inside(range, CodeClass::Other, "comment"),
                Token::Start(tag) => self.start(tag)?,
                Token::End(name, range) => self.end(&name, range),
            }
        }
        self.finish();
        Ok(self.page)
    }

    fn text(&mut self, raw: &str, at: usize) -> Result<(), FormatError> {
        let decoded = decode(raw);
        if let Some((_, c)) = first_not_in_xml(&decoded) {
            return Err(self.refuse(at, Problem::Xml(Markup::IllegalChar(c))));
        }
        if let Some((_, c)) = inline::first_marker(&decoded) {
            return Err(self.refuse(at, Problem::CodeCharacter(c.into())));
        }
        let content = raw.trim_matches(|c: char| c.is_ascii_whitespace());
        if content.is_empty() {
            if let Some(current) = &mut self.current {
                let pre = self.pre > 0;
                push_space(&mut current.space, raw, pre);
            }
            return Ok(());
        }
        let start = at + (raw.len() - raw.trim_start_matches(|c: char| c.is_ascii_whitespace()).len());
        let pre = self.pre > 0;
        let current =
            self.current.get_or_insert_with(|| Building { span: start..start, ..Building::default() });
        for c in decoded.chars() {
            if c.is_ascii_whitespace() {
                push_space(&mut current.space, &c.to_string(), pre);
            } else {
                if !current.text.is_empty() {
                    current.text.push_str(&current.space);
                }
                current.space.clear();
                current.text.push(c);
            }
        }
        current.span.end = start + content.len();
        Ok(())
    }

    fn start(&mut self, tag: Tag) -> Result<(), FormatError> {
        check_charset(self.html, &tag)?;
        let name = tag.name.as_str();
        if !self.open.start(name, tag.self_closing) {
            let line = Position::of_offset(self.html, tag.range.start).line;
            return Err(
                self.refuse(tag.range.start, Problem::Xml(Markup::TooDeep { line, limit: MAX_DEPTH }))
            );
        }
        let block = BLOCKS.contains(&name);
        if block {
            self.finish();
            if self.page.root.is_none() || name == "html" {
                self.page.root = Some(tag.range.clone());
            }
        }
        let closed = tag.self_closing || super::open::is_void(name);
        if DROPPED.contains(&name) && !closed {
            let end = self.tokens.skip_to_end_of(name);
            self.open.end(name);
            self.standalone_inside(tag.range.start..end, CodeClass::Other, name);
        } else if tag.attribute("translate").is_some_and(|v| v.trim().eq_ignore_ascii_case("no")) {
            // Kept as written: a block as skeleton, an inline element as one code holding all of it.
            let end = if closed { tag.range.end } else { self.skip_element(name) };
            if !block {
                self.code(tag.range.start..end, CodeClass::Other, name, false)?;
            }
        } else if block {
            self.pre += usize::from(name == "pre");
            // Before the block's own text, which starts after its start tag.
            self.attributes(&tag)?;
            self.page.parts.append(&mut self.pending);
        } else {
            self.attributes(&tag)?;
            let (class, title) = match name {
                "a" => (CodeClass::Link, tag.attribute("href")),
                "img" => (CodeClass::Image, tag.attribute("src")),
                "q" | "cite" => (CodeClass::Quote, None),
                "button" | "kbd" | "label" => (CodeClass::Ui, None),
                "br" | "wbr" => (CodeClass::Other, None),
                _ => (CodeClass::Fmt, None),
            };
            let disp = if name == "a" { "link" } else { name };
            let id = self.code(tag.range.clone(), class, disp, !closed)?;
            let current = self.current.as_mut().expect("a code starts a paragraph");
            current.codes[id as usize - 1].title = title.map(str::to_owned);
            if !closed {
                current.pairs.push((tag.name.clone(), id));
            }
        }
        Ok(())
    }

    fn end(&mut self, name: &str, range: Range<usize>) {
        self.open.end(name);
        if BLOCKS.contains(&name) {
            self.finish();
            self.pre = self.pre.saturating_sub(usize::from(name == "pre"));
            return;
        }
        let Some(current) = &mut self.current else { return };
        match current.pairs.iter().rposition(|(open, _)| open == name) {
            Some(at) => {
                // Pairs left open inside it are closed by it, as browsers do: they stay one-sided codes.
                for (_, id) in current.pairs.split_off(at + 1) {
                    current.make_standalone(id);
                }
                let Some((_, id)) = current.pairs.pop() else { return };
                current.push_code(Marker::Close(id), range.clone());
                current.codes[id as usize - 1].close = Some(self.html[range.clone()].to_owned());
                current.tags[id as usize - 1].1 = Some(range);
            }
            // A stray end tag (or `</br>`) is markup kept as it is.
            None => self.standalone_inside(range, CodeClass::Other, name),
        }
    }

    /// The content of the element just started, up to its end tag, unread; where it ends.
    fn skip_element(&mut self, name: &str) -> usize {
        let mut depth = 1;
        let mut end = self.tokens.position();
        while let Some(token) = self.tokens.next() {
            end = self.tokens.position();
            match token {
                Token::Start(tag) if tag.name == name && !tag.self_closing => depth += 1,
                Token::Start(tag) if DROPPED.contains(&tag.name.as_str()) && !tag.self_closing => {
                    end = self.tokens.skip_to_end_of(&tag.name);
                }
                Token::End(tag, _) if tag == name => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                break;
            }
        }
        self.open.end(name);
        end
    }

    /// The translatable attributes of an element as paragraphs of their own.
    fn attributes(&mut self, tag: &Tag) -> Result<(), FormatError> {
        for attribute in tag.attributes.iter().filter(|a| translatable(&tag.name, &a.name)) {
            let Some(raw) = attribute.raw.clone() else { continue };
            if let Some((_, c)) = first_not_in_xml(&attribute.value) {
                return Err(self.refuse(raw.start, Problem::Xml(Markup::IllegalChar(c))));
            }
            if let Some((_, c)) = inline::first_marker(&attribute.value) {
                return Err(self.refuse(raw.start, Problem::CodeCharacter(c.into())));
            }
            let text = attribute.value.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() {
                let place = Place::Attribute { value: raw, quoted: attribute.quoted };
                self.pending.push(Part { text, codes: Vec::new(), place });
            }
        }
        Ok(())
    }

    /// Markup that is a standalone code inside a paragraph and skeleton outside one.
    fn standalone_inside(&mut self, range: Range<usize>, class: CodeClass, disp: &str) {
        if self.current.is_some() {
            // Past the most codes a paragraph can hold, the markup stays text of the skeleton: the
            // paragraph ends before it.
            if self.code(range, class, disp, false).is_err() {
                self.finish();
            }
        }
    }

    /// A new code for the markup at `range`, the opening half of a pair or a standalone code; its id. The
    /// first code of a paragraph starts it.
    fn code(
        &mut self,
        range: Range<usize>,
        class: CodeClass,
        disp: &str,
        paired: bool,
    ) -> Result<u32, FormatError> {
        let id = self.current.as_ref().map_or(1, |c| c.codes.len() + 1);
        let id = u32::try_from(id).unwrap_or(u32::MAX);
        if id > inline::MAX_ID {
            let problem =
                Problem::Rule(format!("a paragraph holds more than {} inline codes", inline::MAX_ID));
            return Err(self.refuse(range.start, problem));
        }
        let open = self.html[range.clone()].to_owned();
        let current = self
            .current
            .get_or_insert_with(|| Building { span: range.start..range.start, ..Building::default() });
        current.codes.push(Code { id, class, disp: disp.to_owned(), title: None, open, close: None });
        current.tags.push((range.clone(), None));
        current.push_code(if paired { Marker::Open(id) } else { Marker::Standalone(id) }, range);
        Ok(id)
    }

    /// Ends the current paragraph: kept if it has text, else left to the skeleton; then the attributes read
    /// inside it.
    fn finish(&mut self) {
        if let Some(mut current) = self.current.take() {
            for (_, id) in std::mem::take(&mut current.pairs) {
                current.make_standalone(id);
            }
            if !inline::plain(&current.text).trim().is_empty() {
                let place = Place::Content { span: current.span, tags: current.tags };
                self.page.parts.push(Part { text: current.text, codes: current.codes, place });
            }
        }
        self.page.parts.append(&mut self.pending);
    }
}

impl Building {
    fn push_code(&mut self, marker: Marker, range: Range<usize>) {
        if !self.text.is_empty() {
            self.text.push_str(&self.space);
        }
        self.space.clear();
        inline::push_marker(&mut self.text, marker);
        self.span.end = range.end;
    }

    /// A pair whose other half is not in the paragraph: its opening marker becomes a standalone one.
    fn make_standalone(&mut self, id: u32) {
        let (Some(open), Some(alone)) = (Marker::Open(id).to_char(), Marker::Standalone(id).to_char()) else {
            return;
        };
        self.text = self.text.replace(open, &alone.to_string());
    }
}

/// Whitespace between words: one space, or in `<pre>` as written.
fn push_space(space: &mut String, raw: &str, pre: bool) {
    if pre {
        space.push_str(raw);
    } else if space.is_empty() {
        space.push(' ');
    }
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
            Err(FormatError::at(Format::Html, html, tag.range.start, Problem::Charset(charset.to_owned())))
        }
        _ => Ok(()),
    }
}
