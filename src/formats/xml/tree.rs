//! A small element tree over quick-xml, with byte offsets for error positions and the entity policy:
//! no DOCTYPE internal subset, no entities beyond the five XML ones, nothing ever fetched.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use crate::formats::error::Problem;

/// An element: its namespace and local name, attributes, children and where it starts.
#[derive(Debug)]
pub(crate) struct Element {
    /// The namespace URI, if the element is in one.
    pub namespace: Option<String>,
    /// The local name.
    pub name: String,
    /// Attributes: namespace URI (for prefixed names), local name, value. `xmlns` declarations are left out.
    pub attributes: Vec<(Option<String>, String, String)>,
    pub children: Vec<Node>,
    /// Byte offset of the element's `<`.
    pub offset: usize,
}

/// A child of an element.
#[derive(Debug)]
pub(crate) enum Node {
    Element(Element),
    /// Text, entities resolved.
    Text(String),
}

/// A problem at a byte offset.
#[derive(Debug)]
pub(crate) struct At(pub usize, pub Problem);

impl Element {
    /// An unprefixed attribute's value.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attribute_ns(None, name)
    }

    /// An attribute's value by namespace and local name.
    pub fn attribute_ns(&self, namespace: Option<&str>, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(ns, n, _)| n == name && ns.as_deref() == namespace)
            .map(|(_, _, v)| v.as_str())
    }

    /// Whether the element is `name` in `namespace`.
    pub fn is(&self, namespace: &str, name: &str) -> bool {
        self.name == name && self.namespace.as_deref() == Some(namespace)
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(e) => Some(e),
            Node::Text(..) => None,
        })
    }

    /// The child elements named `name` in `namespace`.
    pub fn children_named<'a>(
        &'a self,
        namespace: &'a str,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Element> {
        self.elements().filter(move |e| e.is(namespace, name))
    }

    /// The first child element named `name` in `namespace`.
    pub fn child(&self, namespace: &str, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(namespace, name))
    }

    /// Every element below this one, depth first, this one excluded.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        let mut stack: Vec<&Element> = self.elements().collect();
        stack.reverse();
        while let Some(e) = stack.pop() {
            out.push(e);
            let before = stack.len();
            stack.extend(e.elements());
            stack[before..].reverse();
        }
        out
    }

    /// All text inside the element, inline markup flattened.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for node in &self.children {
            match node {
                Node::Text(text) => out.push_str(text),
                Node::Element(e) => out.push_str(&e.text()),
            }
        }
        out
    }
}

/// Parses a whole document into its root element.
pub(crate) fn parse(text: &str) -> Result<Element, At> {
    let mut reader = NsReader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let offset = reader.buffer_position() as usize;
        // The namespace borrows the reader: make it owned before anything else.
        let read = reader.read_resolved_event().map(|(namespace, event)| (owned(namespace), event));
        let (namespace, event) = match read {
            Ok(read) => read,
            Err(e) => return Err(At(reader.error_position() as usize, Problem::Xml(e.to_string()))),
        };
        let namespace = namespace.map_err(|prefix| At(offset, unknown_prefix(prefix)))?;
        match event {
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                return Err(At(offset, Problem::Xml(format!("<{name}> after the end of the root element"))));
            }
            Event::Start(start) => stack.push(element(&reader, &start, namespace, offset)?),
            Event::Empty(start) => {
                let element = element(&reader, &start, namespace, offset)?;
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

fn element(
    reader: &NsReader<&[u8]>,
    start: &BytesStart,
    namespace: Option<String>,
    offset: usize,
) -> Result<Element, At> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| At(offset, Problem::Xml(e.to_string())))?;
        let key = attribute.key;
        if key.as_namespace_binding().is_some() {
            continue;
        }
        let ns =
            owned(reader.resolver().resolve_attribute(key).0).map_err(|p| At(offset, unknown_prefix(p)))?;
        let local = String::from_utf8_lossy(key.local_name().as_ref()).into_owned();
        let value = attribute.unescape_value().map_err(|e| At(offset, Problem::Xml(e.to_string())))?;
        attributes.push((ns, local, value.into_owned()));
    }
    Ok(Element { namespace, name, attributes, children: Vec::new(), offset })
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
        Some(Node::Text(previous)) => previous.push_str(text),
        _ => parent.children.push(Node::Text(text.to_owned())),
    }
    Ok(())
}

/// A resolved namespace as an owned URI; an undeclared prefix is the error.
fn owned(namespace: ResolveResult) -> Result<Option<String>, String> {
    match namespace {
        ResolveResult::Bound(ns) => Ok(Some(String::from_utf8_lossy(ns.as_ref()).into_owned())),
        ResolveResult::Unbound => Ok(None),
        ResolveResult::Unknown(prefix) => Err(String::from_utf8_lossy(&prefix).into_owned()),
    }
}

fn unknown_prefix(prefix: String) -> Problem {
    Problem::Xml(format!("unknown namespace prefix {prefix:?}"))
}
