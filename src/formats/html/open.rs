//! How deep the reader is in a page's elements, counted as browsers close them, near enough: void elements
//! never open, an end tag closes everything up to its start, and a new `<p>`, `<li>`, `<td>`… closes an
//! open one of its kind. The reader keeps no tree, so depth costs no stack; it is bounded all the same, so
//! a page cannot hold what no article needs and every reader refuses the same thing.

/// Elements inside one another. Above the XML limit (256) because hand-written HTML often leaves inline
/// elements open and this count closes them only approximately.
pub(super) const MAX_DEPTH: usize = 1024;

/// Elements that have no content and no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
    "wbr",
];

/// Elements that a start tag of the same name closes (`<li>` after an open `<li>`).
const SELF_CLOSING_SIBLINGS: &[&str] =
    &["dd", "dt", "li", "optgroup", "option", "p", "rp", "rt", "tbody", "td", "tfoot", "th", "thead", "tr"];

/// Whether an element has no content and no end tag.
pub(super) fn is_void(name: &str) -> bool {
    VOID.contains(&name)
}

/// The names of the open elements, outermost first.
#[derive(Default)]
pub(super) struct Open(Vec<String>);

impl Open {
    /// Opens an element; `false` when that goes past [`MAX_DEPTH`].
    pub fn start(&mut self, name: &str, self_closing: bool) -> bool {
        if self_closing || is_void(name) {
            return true;
        }
        if SELF_CLOSING_SIBLINGS.contains(&name) {
            self.end(name);
        }
        self.0.push(name.to_owned());
        self.0.len() <= MAX_DEPTH
    }

    /// Closes the innermost open element of that name and everything inside it; a stray end tag closes nothing.
    pub fn end(&mut self, name: &str) {
        if let Some(at) = self.0.iter().rposition(|open| open == name) {
            self.0.truncate(at);
        }
    }
}
