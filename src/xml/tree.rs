//! A small element tree over quick-xml, with byte offsets for error positions, read under the policy of
//! [`super`].

use std::collections::HashMap;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::{Problem, XmlError, LIMITS, XML_NS};
use crate::text::chars::first_not_in_xml;

/// An element: its namespace and local name, attributes, children and where it starts.
#[derive(Debug)]
pub(crate) struct Element {
    /// The namespace URI, if the element is in one; one allocation per distinct URI in a document.
    pub namespace: Option<Arc<str>>,
    /// The local name.
    pub name: String,
    /// Attributes: namespace URI (for prefixed names), local name, value. `xmlns` declarations are left out.
    pub attributes: Vec<(Option<Arc<str>>, String, String)>,
    pub children: Vec<Node>,
    /// Byte offset of the element's `<`.
    pub offset: usize,
    /// Byte offset just after the element's end (its end tag, or `/>`): a file rewritten in place (a foreign
    /// XLIFF's targets) keeps every other byte.
    pub end: usize,
}

/// A child of an element.
#[derive(Debug)]
pub(crate) enum Node {
    Element(Element),
    /// Text (entities resolved) and the byte offset where it starts.
    Text(String, usize),
}

impl Element {
    /// An attribute's value by qualified name: unprefixed (`type`), or in the `xml:` namespace (`xml:lang`),
    /// the one prefix every XML document has bound.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        match name.strip_prefix("xml:") {
            Some(local) => self.attribute_ns(Some(XML_NS), local),
            None => self.attribute_ns(None, name),
        }
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

    /// Whether the element sits in a namespace other than `namespace` (unqualified elements do not).
    pub fn is_foreign_to(&self, namespace: &str) -> bool {
        self.namespace.as_deref().is_some_and(|ns| ns != namespace)
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
        let mut stack: Vec<std::slice::Iter<Node>> = vec![self.children.iter()];
        while let Some(nodes) = stack.last_mut() {
            match nodes.next() {
                Some(Node::Text(text, _)) => out.push_str(text),
                Some(Node::Element(e)) => stack.push(e.children.iter()),
                None => _ = stack.pop(),
            }
        }
        out
    }
}

/// Parses a whole document into its root element.
pub(crate) fn parse(text: &str) -> Result<Element, XmlError> {
    Reader::new(text, None).run()
}

/// Parses a document like [`parse`], but hands each element that `is_unit` picks (given the open elements
/// around it, outermost first) to `unit` as soon as it closes, instead of keeping it: a file of many units
/// holds one unit's tree at a time. The root comes back without them.
pub(crate) fn parse_units<E: From<XmlError>>(
    text: &str,
    is_unit: &dyn Fn(&[Element], &Element) -> bool,
    unit: &mut UnitSink<'_, E>,
) -> Result<Element, E> {
    Reader::new(text, Some(Units { is_unit, unit })).run()
}

/// Where the units of [`parse_units`] go.
struct Units<'a, E> {
    is_unit: &'a dyn Fn(&[Element], &Element) -> bool,
    unit: &'a mut UnitSink<'a, E>,
}

/// What takes each unit, with the open elements around it.
pub(crate) type UnitSink<'a, E> = dyn FnMut(&[Element], Element) -> Result<(), E> + 'a;

/// Elements and texts, and attributes, held in the tree (a unit handed to the sink gives its share back).
#[derive(Debug, Default, Clone, Copy)]
struct Held {
    nodes: usize,
    attributes: usize,
}

struct Reader<'a, E> {
    text: &'a str,
    units: Option<Units<'a, E>>,
    stack: Vec<Element>,
    /// What was held when each element of `stack` opened: what its subtree gives back if it is a unit.
    marks: Vec<Held>,
    root: Option<Element>,
    /// Each namespace URI once, shared by every element and attribute in it.
    namespaces: HashMap<Vec<u8>, Arc<str>>,
    held: Held,
    /// What may be held: [`Limits::nodes`] for a whole tree, [`Limits::unit_nodes`] when read unit by unit.
    budget: Held,
    /// Bytes of text seen over the whole document.
    text_bytes: usize,
}

fn at(offset: usize, problem: Problem) -> XmlError {
    XmlError { offset, problem }
}

fn malformed(offset: usize, e: impl ToString) -> XmlError {
    at(offset, Problem::Malformed(e.to_string()))
}

impl<'a, E: From<XmlError>> Reader<'a, E> {
    fn new(text: &'a str, units: Option<Units<'a, E>>) -> Self {
        let budget = match units {
            Some(_) => Held { nodes: LIMITS.unit_nodes, attributes: LIMITS.unit_attributes },
            None => Held { nodes: LIMITS.nodes, attributes: LIMITS.attributes },
        };
        let (stack, marks, root, namespaces) = (Vec::new(), Vec::new(), None, HashMap::new());
        Self { text, units, stack, marks, root, namespaces, held: Held::default(), budget, text_bytes: 0 }
    }

    fn run(mut self) -> Result<Element, E> {
        let mut reader = NsReader::from_str(self.text);
        loop {
            let offset = reader.buffer_position() as usize;
            // The namespace borrows the reader: make it owned before anything else.
            let read = reader.read_resolved_event().map(|(ns, event)| (self.intern(ns), event));
            let (namespace, event) = read.map_err(|e| malformed(reader.error_position() as usize, e))?;
            let namespace = namespace.map_err(|prefix| at(offset, unknown_prefix(prefix)))?;
            match event {
                Event::Start(start) | Event::Empty(start) if self.root.is_some() => {
                    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                    return Err(
                        malformed(offset, format!("<{name}> after the end of the root element")).into()
                    );
                }
                Event::Start(start) => {
                    let mark = self.held;
                    let element = self.element(&reader, &start, namespace, offset)?;
                    if self.stack.len() >= LIMITS.depth {
                        let line = self.text[..offset].bytes().filter(|&b| b == b'\n').count() as u64 + 1;
                        return Err(at(offset, Problem::TooDeep { line, limit: LIMITS.depth }).into());
                    }
                    self.stack.push(element);
                    self.marks.push(mark);
                }
                Event::Empty(start) => {
                    let mark = self.held;
                    let mut element = self.element(&reader, &start, namespace, offset)?;
                    element.end = reader.buffer_position() as usize;
                    self.close(element, mark)?;
                }
                Event::End(_) => {
                    let mut element = self.stack.pop().expect("quick-xml checks end tags against start tags");
                    element.end = reader.buffer_position() as usize;
                    let mark = self.marks.pop().expect("one mark per open element");
                    self.close(element, mark)?;
                }
                Event::Text(text) => {
                    let content = text.xml_content().map_err(|e| malformed(offset, e))?;
                    self.push_text(&content, offset)?;
                }
                Event::CData(data) => {
                    let content = data.xml_content().map_err(|e| malformed(offset, e))?;
                    self.push_text(&content, offset)?;
                }
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => {
                            let name = String::from_utf8_lossy(&reference).into_owned();
                            quick_xml::escape::resolve_predefined_entity(&name)
                                .ok_or(at(offset, Problem::UnknownEntity(name)))?
                                .to_owned()
                        }
                        Err(e) => return Err(malformed(offset, e).into()),
                    };
                    self.push_text(&resolved, offset)?;
                }
                Event::DocType(doctype) => {
                    // An internal subset is where entities are declared (billion laughs, external entities).
                    if doctype.contains(&b'[') {
                        return Err(at(offset, Problem::InternalSubset).into());
                    }
                }
                Event::Decl(decl) => {
                    if let Some(Ok(encoding)) = decl.encoding() {
                        let encoding = String::from_utf8_lossy(&encoding).into_owned();
                        if !encoding.eq_ignore_ascii_case("utf-8") && !encoding.eq_ignore_ascii_case("utf8") {
                            return Err(at(offset, Problem::Encoding(encoding)).into());
                        }
                    }
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => break,
            }
        }
        match (self.root, self.stack.pop()) {
            (Some(root), None) => Ok(root),
            (_, Some(open)) => {
                Err(malformed(open.offset, format!("<{}> is never closed (file ends)", open.name)).into())
            }
            (None, None) => Err(malformed(0, "no root element").into()),
        }
    }

    fn element(
        &mut self,
        reader: &NsReader<&[u8]>,
        start: &BytesStart,
        namespace: Option<Arc<str>>,
        offset: usize,
    ) -> Result<Element, XmlError> {
        self.spend_node(offset)?;
        let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
        let mut attributes = Vec::new();
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|e| malformed(offset, e))?;
            let key = attribute.key;
            if key.as_namespace_binding().is_some() {
                continue;
            }
            self.held.attributes += 1;
            if self.held.attributes > self.budget.attributes {
                let limit = self.budget.attributes;
                return Err(at(offset, Problem::OverHeld { what: "attributes", limit }));
            }
            let ns = self.intern(reader.resolver().resolve_attribute(key).0);
            let ns = ns.map_err(|p| at(offset, unknown_prefix(p)))?;
            let local = String::from_utf8_lossy(key.local_name().as_ref()).into_owned();
            let value = attribute.unescape_value().map_err(|e| malformed(offset, e))?;
            self.spend_text(&value, offset)?;
            attributes.push((ns, local, value.into_owned()));
        }
        Ok(Element { namespace, name, attributes, children: Vec::new(), offset, end: offset })
    }

    /// Puts a closed element into its parent, or hands it to the sink if it is a unit; `mark` is what was
    /// held before it opened.
    fn close(&mut self, mut element: Element, mark: Held) -> Result<(), E> {
        if let Some(units) = self.units.as_mut().filter(|u| (u.is_unit)(&self.stack, &element)) {
            self.held = mark;
            return (units.unit)(&self.stack, element);
        }
        // A closed element gets no more children: give back what the vector reserved for growth.
        element.children.shrink_to_fit();
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(Node::Element(element)),
            None => self.root = Some(element),
        }
        Ok(())
    }

    /// Appends text to the open element, joining it to a preceding text node (entities split text events).
    fn push_text(&mut self, text: &str, offset: usize) -> Result<(), XmlError> {
        self.spend_text(text, offset)?;
        let Some(parent) = self.stack.last() else {
            if text.trim().is_empty() {
                return Ok(());
            }
            return Err(malformed(offset, "text outside the root element"));
        };
        if !matches!(parent.children.last(), Some(Node::Text(..))) {
            self.spend_node(offset)?;
        }
        let children = &mut self.stack.last_mut().expect("checked above").children;
        match children.last_mut() {
            Some(Node::Text(previous, _)) => previous.push_str(text),
            _ => children.push(Node::Text(text.to_owned(), offset)),
        }
        Ok(())
    }

    fn spend_node(&mut self, offset: usize) -> Result<(), XmlError> {
        self.held.nodes += 1;
        match self.held.nodes > self.budget.nodes {
            true => {
                Err(at(offset, Problem::OverHeld { what: "elements and texts", limit: self.budget.nodes }))
            }
            false => Ok(()),
        }
    }

    /// Counts text against the budget and refuses characters XML cannot carry.
    fn spend_text(&mut self, text: &str, offset: usize) -> Result<(), XmlError> {
        self.text_bytes += text.len();
        if self.text_bytes > LIMITS.text_bytes {
            return Err(at(offset, Problem::OverBudget { what: "bytes of text", limit: LIMITS.text_bytes }));
        }
        match first_not_in_xml(text) {
            Some((i, c)) => Err(at(offset + i, Problem::IllegalChar(c))),
            None => Ok(()),
        }
    }

    /// A resolved namespace as a shared URI; an undeclared prefix is the error.
    fn intern(&mut self, namespace: ResolveResult) -> Result<Option<Arc<str>>, String> {
        match namespace {
            ResolveResult::Bound(ns) => {
                let uri = self
                    .namespaces
                    .entry(ns.as_ref().to_vec())
                    .or_insert_with(|| String::from_utf8_lossy(ns.as_ref()).into());
                Ok(Some(Arc::clone(uri)))
            }
            ResolveResult::Unbound => Ok(None),
            ResolveResult::Unknown(prefix) => Err(String::from_utf8_lossy(&prefix).into_owned()),
        }
    }
}

fn unknown_prefix(prefix: String) -> Problem {
    Problem::Malformed(format!("unknown namespace prefix {prefix:?}"))
}
