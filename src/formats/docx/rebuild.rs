//! A part written back with some of its paragraphs translated: every byte outside those paragraphs as it
//! was; each translated paragraph's runs rebuilt from its text and codes (text outside formatting codes gets
//! the base properties, a formatting code's text its own, a markup code writes its original XML).

use std::ops::Range;

use super::filter::{Native, Para, Props, Spec};
use crate::inline::{pieces, Marker, Piece};
use crate::xml::escape_into;

/// The part `part` with the paragraphs `changed` (index into `paras`, new text) rebuilt; `rtl` says the
/// direction of the new text.
pub(crate) fn rebuild(part: &str, paras: &[Para], mut changed: Vec<(usize, &str)>, rtl: bool) -> String {
    changed.sort_by_key(|(index, _)| paras[*index].content.start);
    let writer = Writer { part, paras, changed, rtl };
    let mut out = String::with_capacity(part.len() + part.len() / 4);
    writer.emit(0..part.len(), &mut out);
    out
}

struct Writer<'a> {
    part: &'a str,
    paras: &'a [Para],
    changed: Vec<(usize, &'a str)>,
    rtl: bool,
}

impl Writer<'_> {
    /// The stretch `range` of the part, with the changed paragraphs in it (a text box's, inside a drawing)
    /// rebuilt.
    fn emit(&self, range: Range<usize>, out: &mut String) {
        let mut cursor = range.start;
        let first = self.changed.partition_point(|(i, _)| self.paras[*i].content.start < range.start);
        for &(index, text) in &self.changed[first..] {
            let content = &self.paras[index].content;
            if content.start >= range.end {
                break;
            }
            if content.start < cursor || content.end > range.end {
                continue;
            }
            out.push_str(&self.part[cursor..content.start]);
            self.paragraph(&self.paras[index], text, out);
            cursor = content.end;
        }
        out.push_str(&self.part[cursor..range.end]);
    }

    fn natives(&self, natives: &[Native], out: &mut String) {
        for native in natives {
            match native {
                Native::Part(range) => self.emit(range.clone(), out),
                Native::Made(markup) => out.push_str(markup),
            }
        }
    }

    fn directed<'p>(&self, props: &'p Props) -> &'p str {
        if self.rtl {
            &props.rtl
        } else {
            &props.ltr
        }
    }

    fn paragraph(&self, para: &Para, text: &str, out: &mut String) {
        out.push_str(self.directed(&para.para_props));
        let mut formats: Vec<&Props> = vec![&para.base];
        for piece in pieces(text) {
            let marker = match piece {
                Piece::Text(text) => {
                    let props = formats.last().copied().unwrap_or(&para.base);
                    self.run(&para.prefix, props, text, out);
                    continue;
                }
                Piece::Code(marker) => marker,
            };
            let Some(spec) = para.specs.get(marker.id() as usize - 1) else { continue };
            match (spec, marker) {
                (Spec::Format(props), Marker::Open(_)) => formats.push(props),
                (Spec::Format(_), Marker::Close(_)) => _ = formats.pop(),
                (Spec::Markup { open, .. }, Marker::Open(_) | Marker::Standalone(_)) => {
                    self.natives(open, out)
                }
                (Spec::Markup { close: Some(close), .. }, Marker::Close(_)) => self.natives(close, out),
                _ => {}
            }
        }
    }

    /// A run of `text` with `props`: `xml:space="preserve"` on every `w:t`, tabs as `w:tab`.
    fn run(&self, prefix: &str, props: &Props, text: &str, out: &mut String) {
        out.push_str(&format!("<{prefix}r>"));
        out.push_str(self.directed(props));
        for (number, piece) in text.split('\t').enumerate() {
            if number > 0 {
                out.push_str(&format!("<{prefix}tab/>"));
            }
            if !piece.is_empty() {
                out.push_str(&format!("<{prefix}t xml:space=\"preserve\">"));
                escape_into(out, piece, false);
                out.push_str(&format!("</{prefix}t>"));
            }
        }
        out.push_str(&format!("</{prefix}r>"));
    }
}
