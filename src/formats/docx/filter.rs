//! A Word paragraph as translatable text with inline codes, and the skeleton to write it back from.
//!
//! Runs are compared on the properties that show: revision-session ids (`w:rsid*`), `w:lang`, `w:noProof`
//! and `w:rtl` (set from the target's direction on export) are ignored; neighbouring runs that then agree
//! are one stretch of text. The properties most of the paragraph's text has are its base; every stretch
//! set otherwise is a formatting pair. `w:hyperlink`, `w:smartTag`, `w:customXml` and inline content
//! controls are pairs around their content; a complex field is one standalone code from its `begin` to its
//! `end` (its instruction and result stay in the skeleton) except `HYPERLINK`, whose result text is a link
//! pair's content; everything else inside a paragraph (`w:fldSimple`, drawings, footnote references,
//! bookmarks, breaks, comment marks, math) is a standalone code holding its original XML. Tracked changes
//! are accepted: `w:ins`/`w:moveTo` are unwrapped, `w:del`/`w:moveFrom` dropped. Word's `_GoBack`
//! bookmark is dropped. Proofing marks and rendered page breaks, which Word recomputes, are dropped.

use std::ops::Range;

use super::read::MC_NS;
use super::W_NS;
use crate::inline::{push_marker, Code, CodeClass, Marker, MAX_ID};
use crate::xml::Element;

/// The relationships namespace of `r:id` attributes.
pub(crate) const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A piece of native markup: a stretch of the part as it was (in which translated paragraphs nested in it,
/// those of a text box, are written translated), or markup made here.
#[derive(Debug, Clone)]
pub(crate) enum Native {
    Part(Range<usize>),
    Made(String),
}

/// How a code is written back.
#[derive(Debug, Clone)]
pub(crate) enum Spec {
    /// Formatting pair: the text inside gets these run properties (left to right, right to left).
    Format(Props),
    /// A pair written as markup around its content, or a standalone code (no closing half).
    Markup { open: Vec<Native>, close: Option<Vec<Native>> },
}

/// A run's properties as written for a left-to-right and for a right-to-left target.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Props {
    pub ltr: String,
    pub rtl: String,
}

/// A paragraph of a part.
#[derive(Debug)]
pub(crate) struct Para {
    /// The text, codes as markers.
    pub text: String,
    /// What the codes stand for, for the translator.
    pub codes: Vec<Code>,
    /// How each code is written, by id − 1.
    pub specs: Vec<Spec>,
    /// Properties of text outside formatting codes.
    pub base: Props,
    /// The paragraph properties as written for each direction.
    pub para_props: Props,
    /// The stretch of the part a rebuilt paragraph replaces: after `<w:p …>` up to `</w:p>`.
    pub content: Range<usize>,
    /// The namespace prefix of WordprocessingML in this part (`w:`), for markup made here.
    pub prefix: String,
}

impl Para {
    /// Whether the paragraph has text to translate.
    pub fn has_text(&self) -> bool {
        crate::inline::plain(&self.text).chars().any(|c| !c.is_whitespace())
    }
}

/// The paragraphs of a part in document order (a text box's paragraphs after the one holding the drawing),
/// the fallback copies of `mc:AlternateContent` left out. `link` gives a hyperlink relationship's target.
pub(crate) fn paragraphs(text: &str, root: &Element, link: &LinkTarget<'_>) -> Result<Vec<Para>, String> {
    let goback: Vec<&str> = root
        .descendants()
        .into_iter()
        .filter(|e| e.is(W_NS, "bookmarkStart") && e.attribute_ns(Some(W_NS), "name") == Some("_GoBack"))
        .filter_map(|e| e.attribute_ns(Some(W_NS), "id"))
        .collect();
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(e) = stack.pop() {
        if e.is(MC_NS, "Fallback") || e.is(W_NS, "del") || e.is(W_NS, "moveFrom") {
            continue;
        }
        if e.is(W_NS, "p") && e.inner < e.end {
            let walk = Walk { text, link: Some(link), goback: &goback, ..Walk::default() };
            out.push(walk.paragraph(e)?);
        }
        let before = stack.len();
        stack.extend(e.elements());
        stack[before..].reverse();
    }
    Ok(out)
}

/// What gives a hyperlink relationship's target.
type LinkTarget<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// What a paragraph's content is read into before codes are numbered.
#[derive(Debug)]
enum Token {
    Text { text: String, key: String, props: Props },
    Open { native: Vec<Native>, class: CodeClass, disp: String, title: Option<String> },
    Close(Vec<Native>),
    Standalone { native: Vec<Native>, class: CodeClass, disp: String },
}

/// A complex field being read from its `begin`.
#[derive(Debug, Default)]
struct Field {
    depth: usize,
    instruction: String,
    native: Vec<Native>,
}

#[derive(Default)]
struct Walk<'a> {
    text: &'a str,
    link: Option<&'a LinkTarget<'a>>,
    goback: &'a [&'a str],
    tokens: Vec<Token>,
    field: Option<Field>,
    /// HYPERLINK fields whose result is being read.
    open_links: usize,
}

impl<'a> Walk<'a> {
    fn paragraph(mut self, p: &Element) -> Result<Para, String> {
        let prefix = prefix_of(&self.text[p.offset..p.inner]);
        let closing = closing_tag(self.text, p);
        let para_props = match p.child(W_NS, "pPr") {
            Some(ppr) => self.directed(ppr, "bidi", PPR_AFTER_BIDI, &[]),
            None => Props { ltr: String::new(), rtl: format!("<{prefix}pPr><{prefix}bidi/></{prefix}pPr>") },
        };
        for child in p.elements().filter(|c| !c.is(W_NS, "pPr")) {
            self.inline(child);
        }
        if let Some(field) = self.field.take() {
            self.tokens.push(Token::Standalone {
                native: field.native,
                class: CodeClass::Other,
                disp: "field".into(),
            });
        }
        let content = p.inner..closing.start;
        number(self.text, self.tokens, para_props, content, prefix)
    }

    fn slice(&self, e: &Element) -> Native {
        Native::Part(e.offset..e.end)
    }

    fn standalone(&mut self, native: Vec<Native>, class: CodeClass, disp: &str) {
        self.tokens.push(Token::Standalone { native, class, disp: disp.into() });
    }

    /// Content of a paragraph, or of a pair inside it.
    fn inline(&mut self, e: &Element) {
        if e.namespace.as_deref() != Some(W_NS) {
            let disp = if e.name == "oMath" || e.name == "oMathPara" { "math" } else { "x" };
            return self.standalone(vec![self.slice(e)], CodeClass::Other, disp);
        }
        match e.name.as_str() {
            "r" => self.run(e),
            "ins" | "moveTo" => e.elements().for_each(|c| self.inline(c)),
            "del" | "moveFrom" | "proofErr" => {}
            "bookmarkStart" | "bookmarkEnd" => {
                let id = e.attribute_ns(Some(W_NS), "id").unwrap_or_default();
                if !self.goback.contains(&id) {
                    self.standalone(vec![self.slice(e)], CodeClass::Other, "bookmark");
                }
            }
            "hyperlink" => {
                let title = match e.attribute_ns(Some(R_NS), "id") {
                    Some(id) => self.link.and_then(|link| link(id)),
                    None => e.attribute_ns(Some(W_NS), "anchor").map(|a| format!("#{a}")),
                };
                self.pair(e, None, CodeClass::Link, "link", title);
            }
            "smartTag" => self.pair(e, e.child(W_NS, "smartTagPr"), CodeClass::Other, "tag", None),
            "customXml" => self.pair(e, e.child(W_NS, "customXmlPr"), CodeClass::Other, "xml", None),
            "dir" | "bdo" => self.pair(e, None, CodeClass::Fmt, "dir", None),
            "sdt" => match e.child(W_NS, "sdtContent") {
                Some(content) if content.inner < content.end => {
                    let close = closing_tag(self.text, content).start..e.end;
                    let open = vec![Native::Part(e.offset..content.inner)];
                    self.tokens.push(Token::Open {
                        native: open,
                        class: CodeClass::Ui,
                        disp: "sdt".into(),
                        title: None,
                    });
                    content.elements().for_each(|c| self.inline(c));
                    self.tokens.push(Token::Close(vec![Native::Part(close)]));
                }
                _ => self.standalone(vec![self.slice(e)], CodeClass::Ui, "sdt"),
            },
            "fldSimple" => self.standalone(vec![self.slice(e)], CodeClass::Other, "field"),
            name => {
                let disp = if name.starts_with("comment") { "comment" } else { "x" };
                self.standalone(vec![self.slice(e)], CodeClass::Other, disp)
            }
        }
    }

    /// A pair around `e`'s content; its properties element `props`, if any, stays in the opening half.
    fn pair(
        &mut self,
        e: &Element,
        props: Option<&Element>,
        class: CodeClass,
        disp: &str,
        title: Option<String>,
    ) {
        if e.inner == e.end {
            return self.standalone(vec![self.slice(e)], class, disp);
        }
        let open_end = props.map_or(e.inner, |p| p.end);
        let open = vec![Native::Part(e.offset..open_end)];
        self.tokens.push(Token::Open { native: open, class, disp: disp.into(), title });
        for child in e.elements().filter(|c| props.is_none_or(|p| !std::ptr::eq(*c, p))) {
            self.inline(child);
        }
        self.tokens.push(Token::Close(vec![Native::Part(closing_tag(self.text, e).start..e.end)]));
    }

    fn run(&mut self, r: &Element) {
        let is_field = |c: &&Element| c.is(W_NS, "fldChar") || c.is(W_NS, "instrText");
        if self.field.is_some() || r.elements().any(|c| is_field(&c)) {
            return self.field_run(r);
        }
        let rpr = r.child(W_NS, "rPr");
        let key = props_key(rpr);
        let props = match rpr {
            Some(rpr) => {
                self.directed(rpr, "rtl", RPR_AFTER_RTL, &[("b", "bCs"), ("i", "iCs"), ("sz", "szCs")])
            }
            None => Props::default(),
        };
        let prefix = prefix_of(&self.text[r.offset..r.inner]);
        for child in r.elements() {
            let text = match (child.namespace.as_deref() == Some(W_NS)).then_some(child.name.as_str()) {
                Some("rPr" | "lastRenderedPageBreak" | "delText") => continue,
                Some("t") => child.text(),
                Some("tab") => "\t".into(),
                Some("noBreakHyphen") => "\u{2011}".into(),
                Some("softHyphen") => "\u{AD}".into(),
                name => {
                    let (class, disp) = match name {
                        Some("br" | "cr") => (CodeClass::Other, "br"),
                        Some("drawing" | "pict" | "object") => (CodeClass::Image, "img"),
                        // A drawing for new readers with a picture for old ones.
                        None if child.is(MC_NS, "AlternateContent") => (CodeClass::Image, "img"),
                        Some("footnoteReference" | "endnoteReference" | "footnoteRef" | "endnoteRef") => {
                            (CodeClass::Other, "fn")
                        }
                        _ => (CodeClass::Other, "x"),
                    };
                    let mut native = vec![Native::Made(format!("<{prefix}r>"))];
                    native.extend(rpr.map(|p| self.slice(p)));
                    native.push(self.slice(child));
                    native.push(Native::Made(format!("</{prefix}r>")));
                    self.standalone(native, class, disp);
                    continue;
                }
            };
            self.tokens.push(Token::Text { text, key: key.clone(), props: props.clone() });
        }
    }

    /// A run of a complex field: kept whole in the field's code.
    fn field_run(&mut self, r: &Element) {
        let native = self.slice(r);
        let mut taken = false;
        for c in r.elements() {
            if c.is(W_NS, "instrText") {
                if let Some(field) = self.field.as_mut() {
                    field.instruction.push_str(&c.text());
                }
            }
            if !c.is(W_NS, "fldChar") {
                continue;
            }
            match c.attribute_ns(Some(W_NS), "fldCharType").unwrap_or_default() {
                "begin" => self.field.get_or_insert_with(Field::default).depth += 1,
                "separate" => {
                    let hyperlink = self
                        .field
                        .as_ref()
                        .is_some_and(|f| f.depth == 1 && f.instruction.trim_start().starts_with("HYPERLINK"));
                    if hyperlink {
                        let mut field = self.field.take().expect("checked above");
                        field.native.push(native.clone());
                        taken = true;
                        let title = hyperlink_target(&field.instruction);
                        let (class, disp) = (CodeClass::Link, "link".into());
                        self.tokens.push(Token::Open { native: field.native, class, disp, title });
                        self.open_links += 1;
                    }
                }
                "end" => match self.field.as_mut() {
                    Some(field) => {
                        field.depth -= 1;
                        if field.depth == 0 {
                            let mut field = self.field.take().expect("checked above");
                            field.native.push(native.clone());
                            taken = true;
                            self.standalone(field.native, CodeClass::Other, "field");
                        }
                    }
                    None if self.open_links > 0 => {
                        self.open_links -= 1;
                        taken = true;
                        self.tokens.push(Token::Close(vec![native.clone()]));
                    }
                    None => {
                        taken = true;
                        self.standalone(vec![native.clone()], CodeClass::Other, "field");
                    }
                },
                _ => {}
            }
        }
        if !taken {
            match self.field.as_mut() {
                Some(field) => field.native.push(native),
                None => self.standalone(vec![native], CodeClass::Other, "field"),
            }
        }
    }

    /// Properties `props` (`w:pPr` or `w:rPr`) written for each direction: without `flag` (`w:bidi` or
    /// `w:rtl`) for left to right; with it, inserted where the schema orders it (before the first of
    /// `after`), and with the complex-script twin of each of `twins` present, for right to left.
    fn directed(&self, props: &Element, flag: &str, after: &[&str], twins: &[(&str, &str)]) -> Props {
        let raw = &self.text[props.offset..props.end];
        let prefix = prefix_of(raw);
        let local = |at: usize| at - props.offset;
        let present = |name: &str| props.children_named(W_NS, name).next().is_some();
        // Edits as (where, bytes removed, text inserted), in order.
        let mut ltr: Vec<(usize, usize, String)> = Vec::new();
        let mut rtl: Vec<(usize, usize, String)> = Vec::new();
        for child in props.elements().filter(|c| c.is(W_NS, flag)) {
            ltr.push((local(child.offset), child.end - child.offset, String::new()));
        }
        if props.inner == props.end {
            // `<w:rPr/>`: nothing to remove; the right-to-left form is written whole.
            let name = &raw[1..raw.len() - 2].trim_end();
            let rtl_raw = format!("<{name}><{prefix}{flag}/></{name}>");
            return Props { ltr: raw.to_owned(), rtl: rtl_raw };
        }
        let closing = closing_tag(self.text, props);
        for (plain, twin) in twins {
            if let Some(e) = props.child(W_NS, plain).filter(|_| !present(twin)) {
                let value = e.attribute_ns(Some(W_NS), "val");
                let attribute = value.map(|v| format!(" {prefix}val=\"{v}\"")).unwrap_or_default();
                rtl.push((local(e.end), 0, format!("<{prefix}{twin}{attribute}/>")));
            }
        }
        if !present(flag) {
            let at = props
                .elements()
                .find(|c| c.namespace.as_deref() == Some(W_NS) && after.contains(&c.name.as_str()))
                .map_or(closing.start, |c| c.offset);
            rtl.push((local(at), 0, format!("<{prefix}{flag}/>")));
        }
        rtl.sort_by_key(|edit| edit.0);
        Props { ltr: edited(raw, &ltr), rtl: edited(raw, &rtl) }
    }
}

/// `w:pPr` children that come after `w:bidi`.
const PPR_AFTER_BIDI: &[&str] = &[
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
];

/// `w:rPr` children that come after `w:rtl`.
const RPR_AFTER_RTL: &[&str] = &["cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange"];

fn edited(raw: &str, edits: &[(usize, usize, String)]) -> String {
    let mut out = String::with_capacity(raw.len() + 16);
    let mut cursor = 0;
    for (at, removed, inserted) in edits {
        out.push_str(&raw[cursor..*at]);
        out.push_str(inserted);
        cursor = at + removed;
    }
    out.push_str(&raw[cursor..]);
    out
}

/// What makes two runs look different: each property element with its attributes, revision ids and the
/// properties that do not show (or that the export sets) left out.
fn props_key(rpr: Option<&Element>) -> String {
    let Some(rpr) = rpr else { return String::new() };
    let mut key = String::new();
    for child in rpr.elements() {
        if ["lang", "noProof", "rtl", "rPrChange"].contains(&child.name.as_str()) {
            continue;
        }
        key.push_str(&child.name);
        let mut attributes: Vec<String> = child
            .attributes
            .iter()
            .filter(|(_, name, _)| !name.starts_with("rsid"))
            .map(|(_, name, value)| format!("{name}={value}"))
            .collect();
        attributes.sort();
        key.push_str(&format!("[{}];", attributes.join(",")));
    }
    key
}

/// The address of a `HYPERLINK "url" \l "anchor"` field instruction.
fn hyperlink_target(instruction: &str) -> Option<String> {
    let quoted: Vec<&str> = instruction.split('"').skip(1).step_by(2).collect();
    let anchor = instruction.contains("\\l");
    match (quoted.as_slice(), anchor) {
        ([target, ..], false) => Some((*target).to_owned()),
        ([anchor], true) => Some(format!("#{anchor}")),
        ([target, anchor, ..], true) => Some(format!("{target}#{anchor}")),
        _ => None,
    }
}

/// `w:` from `<w:p …>` (empty for a default namespace).
fn prefix_of(start_tag: &str) -> String {
    let name_end = start_tag[1..]
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .map_or(start_tag.len(), |i| i + 1);
    match start_tag[1..name_end].split_once(':') {
        Some((prefix, _)) => format!("{prefix}:"),
        None => String::new(),
    }
}

/// Where `e`'s end tag is (an element with content).
fn closing_tag(text: &str, e: &Element) -> Range<usize> {
    let start = text[e.inner..e.end].rfind("</").map_or(e.end, |at| e.inner + at);
    start..e.end
}

/// The paragraph's tokens as text with numbered codes: runs merged, the base properties chosen, formatting
/// pairs made for the rest, pairs left open at the end of the paragraph made standalone.
fn number(
    part: &str,
    tokens: Vec<Token>,
    para_props: Props,
    content: Range<usize>,
    prefix: String,
) -> Result<Para, String> {
    let mut merged: Vec<Token> = Vec::with_capacity(tokens.len());
    for token in tokens {
        match (merged.last_mut(), token) {
            (Some(Token::Text { text, key, .. }), Token::Text { text: more, key: more_key, .. })
                if *key == more_key =>
            {
                text.push_str(&more)
            }
            (_, token) => merged.push(token),
        }
    }
    let mut weights: Vec<(&str, usize, &Props)> = Vec::new();
    for token in &merged {
        if let Token::Text { text, key, props } = token {
            let chars = text.chars().filter(|c| !c.is_whitespace()).count().max(1);
            match weights.iter_mut().find(|(k, ..)| k == key) {
                Some(entry) => entry.1 += chars,
                None => weights.push((key, chars, props)),
            }
        }
    }
    let best = weights.iter().max_by_key(|(_, weight, _)| *weight);
    let (base_key, base) =
        best.map_or((String::new(), Props::default()), |(k, _, p)| ((*k).to_owned(), (*p).clone()));

    let mut para =
        Para { text: String::new(), codes: Vec::new(), specs: Vec::new(), base, para_props, content, prefix };
    let mut open: Vec<u32> = Vec::new();
    for token in merged {
        match token {
            Token::Text { text, key, .. } if key == base_key => para.text.push_str(&text),
            Token::Text { text, key, props } => {
                let disp = format_disp(&key);
                let id = para.add(
                    Spec::Format(props.clone()),
                    CodeClass::Fmt,
                    disp,
                    None,
                    props.ltr,
                    Some(String::new()),
                )?;
                push_marker(&mut para.text, Marker::Open(id));
                para.text.push_str(&text);
                push_marker(&mut para.text, Marker::Close(id));
            }
            Token::Open { native, class, disp, title } => {
                let shown = shown(part, &native);
                let spec = Spec::Markup { open: native, close: Some(Vec::new()) };
                let id = para.add(spec, class, &disp, title, shown, Some(String::new()))?;
                push_marker(&mut para.text, Marker::Open(id));
                open.push(id);
            }
            Token::Close(native) => match open.pop() {
                Some(id) => {
                    let shown = shown(part, &native);
                    if let Spec::Markup { close, .. } = &mut para.specs[id as usize - 1] {
                        *close = Some(native);
                    }
                    para.codes[id as usize - 1].close = Some(shown);
                    push_marker(&mut para.text, Marker::Close(id));
                }
                None => {
                    let shown = shown(part, &native);
                    let spec = Spec::Markup { open: native, close: None };
                    let id = para.add(spec, CodeClass::Other, "x", None, shown, None)?;
                    push_marker(&mut para.text, Marker::Standalone(id));
                }
            },
            Token::Standalone { native, class, disp } => {
                let shown = shown(part, &native);
                let id =
                    para.add(Spec::Markup { open: native, close: None }, class, &disp, None, shown, None)?;
                push_marker(&mut para.text, Marker::Standalone(id));
            }
        }
    }
    // A pair whose end is in another paragraph (a field over several) is a standalone code here.
    for id in open {
        let (from, to) = (Marker::Open(id).to_char(), Marker::Standalone(id).to_char());
        if let (Some(from), Some(to)) = (from, to) {
            para.text = para.text.replace(from, &to.to_string());
        }
        if let Spec::Markup { close, .. } = &mut para.specs[id as usize - 1] {
            *close = None;
        }
        para.codes[id as usize - 1].close = None;
    }
    Ok(para)
}

fn format_disp(key: &str) -> &'static str {
    let has = |name: &str| {
        key.split(';')
            .any(|p| p.starts_with(&format!("{name}[")) && !p.contains("val=0") && !p.contains("val=false"))
    };
    if has("b") {
        "b"
    } else if has("i") {
        "i"
    } else if has("u") {
        "u"
    } else if has("strike") {
        "s"
    } else {
        "fmt"
    }
}

impl Para {
    /// Adds a code; `open`/`close` are what it shows as native data.
    fn add(
        &mut self,
        spec: Spec,
        class: CodeClass,
        disp: &str,
        title: Option<String>,
        open: String,
        close: Option<String>,
    ) -> Result<u32, String> {
        let id = u32::try_from(self.specs.len() + 1).unwrap_or(u32::MAX);
        if id > MAX_ID {
            return Err(format!("a paragraph has more than {MAX_ID} inline codes"));
        }
        self.specs.push(spec);
        self.codes.push(Code { id, class, disp: disp.into(), title, open, close });
        Ok(id)
    }
}

/// Native markup as the translator's tools show it: the original XML.
fn shown(part: &str, native: &[Native]) -> String {
    native
        .iter()
        .map(|n| match n {
            Native::Part(range) => &part[range.clone()],
            Native::Made(s) => s.as_str(),
        })
        .collect()
}
