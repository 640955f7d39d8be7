//! Files in the encoding their XML declaration names (CAT tools still write `windows-1252`, and UTF-16 with a
//! byte-order mark): decoded to text for [`super::parse`], and written back in the same encoding.
//!
//! The decoded text says `encoding="UTF-8"` in its declaration (what it now is, so the reader's check that
//! a declaration matches the text holds); [`Decoded::encode`] puts the original label back.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use super::{Problem, XmlError};

/// A file's text and how to write it back as the file was.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// The text, its declaration saying UTF-8.
    pub text: String,
    encoding: &'static Encoding,
    bom: bool,
    /// Where the declaration's encoding label is in `text`, and the label as the file wrote it.
    label: Option<(usize, String)>,
}

const UTF8_LABEL: &str = "UTF-8";

/// Decodes `bytes`: a byte-order mark decides, else the XML declaration's `encoding`, else UTF-8. Bytes that
/// are not text in that encoding, or an encoding with no decoder, are refused.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, XmlError> {
    let (bom_encoding, bom_len) = Encoding::for_bom(bytes).map_or((None, 0), |(e, len)| (Some(e), len));
    let declared = declared_label(bytes);
    let encoding = match (bom_encoding, &declared) {
        (Some(encoding), _) => encoding,
        (None, Some((_, label))) => Encoding::for_label(label.as_bytes())
            .ok_or_else(|| XmlError { offset: 0, problem: Problem::Encoding(label.clone()) })?,
        (None, None) => UTF_8,
    };
    let body = &bytes[bom_len..];
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        let what = format!("{} (the file has bytes that are not)", encoding.name());
        return Err(XmlError { offset: 0, problem: Problem::Encoding(what) });
    }
    let mut text = text.into_owned();
    // Looked up in the text: a byte-order mark moves it, and UTF-16 spells it in two bytes a character.
    let label = declared_label(text.as_bytes()).map(|(at, original)| {
        text.replace_range(at..at + original.len(), UTF8_LABEL);
        (at, original)
    });
    Ok(Decoded { text, encoding, bom: bom_len > 0, label })
}

/// The `encoding` value of the XML declaration at the start of `bytes` (ASCII there: a UTF-16 file's is found
/// in its decoded text) and where the value starts.
fn declared_label(bytes: &[u8]) -> Option<(usize, String)> {
    let head = &bytes[..bytes.len().min(256)];
    let head = &head[..head.iter().position(|&b| b == b'>').unwrap_or(head.len())];
    let find = |from: usize, needle: &[u8]| {
        head[from..].windows(needle.len()).position(|w| w == needle).map(|at| from + at)
    };
    let mut at = find(find(0, b"<?xml")?, b"encoding")? + b"encoding".len();
    let skip_space = |at: &mut usize| {
        while head.get(*at).is_some_and(u8::is_ascii_whitespace) {
            *at += 1;
        }
    };
    skip_space(&mut at);
    (head.get(at) == Some(&b'=')).then_some(())?;
    at += 1;
    skip_space(&mut at);
    let quote = *head.get(at).filter(|&&q| q == b'"' || q == b'\'')?;
    let start = at + 1;
    let end = start + head[start..].iter().position(|&b| b == quote)?;
    Some((start, String::from_utf8_lossy(&head[start..end]).into_owned()))
}

impl Decoded {
    /// `text` (this file's text, changed) in the file's encoding, with its byte-order mark and label.
    pub fn encode(&self, mut text: String) -> Vec<u8> {
        if let Some((at, original)) = &self.label {
            if text.get(*at..*at + UTF8_LABEL.len()) == Some(UTF8_LABEL) {
                text.replace_range(*at..*at + UTF8_LABEL.len(), original);
            }
        }
        let mut out = Vec::with_capacity(text.len() + 3);
        if self.encoding == UTF_16LE || self.encoding == UTF_16BE {
            let little = self.encoding == UTF_16LE;
            if self.bom {
                out.extend_from_slice(if little { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
            }
            for unit in text.encode_utf16() {
                out.extend_from_slice(&if little { unit.to_le_bytes() } else { unit.to_be_bytes() });
            }
            return out;
        }
        if self.bom {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        // Characters the encoding lacks become character references, which XML reads back as they were.
        let (bytes, _, _) = self.encoding.encode(&text);
        out.extend_from_slice(&bytes);
        out
    }
}
