//! A small element tree over quick-xml, with byte offsets for error positions and the entity policy:
//! no DOCTYPE internal subset, no entities beyond the five XML ones, nothing ever fetched.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use crate::glossary::error::Problem;

/// The TBX 2019 namespace (ISO 30042:2019).
pub(super) const TBX_NS: &str = "urn:iso:std:iso:30042:ed-2";

/// An element: its local name, attributes by qualified name, children and where it starts.
#[derive(Debug)]
pub(super) struct Element {
    pub name: String,
    /// Whether the element sits in a namespace other than TBX's: a DCT-style data category or extension.
    pub foreign: bool,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Node>,
    /// Byte offset of the element's `<`.
    pub offset: usize,
}

/// A child of an element.
#[derive(Debug)]
pub(super) enum Node {
    Element(Element),
    /// Text (entities resolved) and the byte offset where it starts.
    Text(String, usize),
}

/// A problem at a byte offset.
#[derive(Debug)]
pub(super) struct At(pub usize, pub Problem);

impl Element {
    /// An attribute's value by qualified name (`type`, `xml:lang`).
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(e) => Some(e),
            Node::Text(..) => None,
        })
    }

    /// All text inside the element, inline markup (`<hi>`, `<foreign>`) flattened.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for node in &self.children {
            match node {
                Node::Text(text, _) => out.push_str(text),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }
}

/// Parses a whole document into its root element.
pub(super) fn parse(text: &str) -> Result<Element, At> {
    let mut reader = NsReader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let offset = reader.buffer_position() as usize;
        // The namespace borrows the reader: settle it to "foreign or not" before anything else.
        let read = reader.read_resolved_event().map(|(namespace, event)| (is_foreign(namespace), event));
        let (foreign, event) =
            read.map_err(|e| At(reader.error_position() as usize, Problem::Xml(e.to_string())))?;
        let foreign = foreign
            .map_err(|prefix| At(offset, Problem::Xml(format!("unknown namespace prefix {prefix:?}"))))?;
        match event {
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                return Err(At(offset, Problem::Xml(format!("<{name}> after the end of the root element"))));
            }
            Event::Start(start) => stack.push(element(&start, foreign, offset)?),
            Event::Empty(start) => {
                let element = element(&start, foreign, offset)?;
                close(&mut stack, &mut root, element);
            }
            Event::End(_) => {
                let element = stack.pop().expect("quick-xml checks end tags against start tags");
                close(&mut stack, &mut root, element);
            }
            Event::Text(text) => {
                let content = text.xml_content().map_err(|e| At(offset, Problem::Xml(e.to_string())))?;
                push_text(&mut stack, &content, offset)?;
            }
            Event::CData(data) => {
                let content = data.xml_content().map_err(|e| At(offset, Problem::Xml(e.to_string())))?;
                push_text(&mut stack, &content, offset)?;
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = String::from_utf8_lossy(&reference).into_owned();
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or(At(offset, Problem::UnknownEntity(name)))?
                            .to_owned()
                    }
                    Err(e) => return Err(At(offset, Problem::Xml(e.to_string()))),
                };
                push_text(&mut stack, &resolved, offset)?;
            }
            Event::DocType(doctype) => {
                // An internal subset is where entities are declared (billion laughs, external entities).
                if doctype.contains(&b'[') {
                    return Err(At(offset, Problem::InternalSubset));
                }
            }
            Event::Decl(decl) => {
                if let Some(Ok(encoding)) = decl.encoding() {
                    let encoding = String::from_utf8_lossy(&encoding).into_owned();
                    if !encoding.eq_ignore_ascii_case("utf-8") && !encoding.eq_ignore_ascii_case("utf8") {
                        return Err(At(offset, Problem::Encoding(encoding)));
                    }
                }
            }
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    match (root, stack.pop()) {
        (Some(root), None) => Ok(root),
        (_, Some(open)) => {
            Err(At(open.offset, Problem::Xml(format!("<{}> is never closed (file ends)", open.name))))
        }
        (None, None) => Err(At(0, Problem::Xml("no root element".into()))),
    }
}

/// Whether a name is bound to a namespace other than TBX's; an undeclared prefix is an error.
fn is_foreign(namespace: ResolveResult) -> Result<bool, String> {
    match namespace {
        ResolveResult::Bound(ns) => Ok(ns.as_ref() != TBX_NS.as_bytes()),
        ResolveResult::Unbound => Ok(false),
        ResolveResult::Unknown(prefix) => Err(String::from_utf8_lossy(&prefix).into_owned()),
    }
}

fn element(start: &quick_xml::events::BytesStart, foreign: bool, offset: usize) -> Result<Element, At> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| At(offset, Problem::Xml(e.to_string())))?;
        let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
        let value = attribute.unescape_value().map_err(|e| At(offset, Problem::Xml(e.to_string())))?;
        attributes.push((key, value.into_owned()));
    }
    Ok(Element { name, foreign, attributes, children: Vec::new(), offset })
}

fn close(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(element)),
        None => *root = Some(element),
    }
}

/// Appends text to the open element, joining it to a preceding text node (entities split text events).
fn push_text(stack: &mut [Element], text: &str, offset: usize) -> Result<(), At> {
    let Some(parent) = stack.last_mut() else {
        if text.trim().is_empty() {
            return Ok(());
        }
        return Err(At(offset, Problem::Xml("text outside the root element".into())));
    };
    match parent.children.last_mut() {
        Some(Node::Text(previous, _)) => previous.push_str(text),
        _ => parent.children.push(Node::Text(text.to_owned(), offset)),
    }
    Ok(())
}
