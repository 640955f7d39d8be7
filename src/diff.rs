//! Word-level diff between two texts, for showing what a revision changed.
//!
//! Both texts are cut into tokens (runs of non-space and runs of space), the longest common subsequence
//! of tokens is kept, and the rest is reported as deleted or inserted. Concatenating the `equal` and
//! `delete` chunks gives the old text back, `equal` and `insert` the new one.

use serde::Serialize;

/// Above this many token pairs the quadratic table costs more than the answer is worth: the diff becomes
/// "everything deleted, everything inserted" (segments are sentences; this is only a guard).
const MAX_CELLS: usize = 4_000_000;

/// What happened to a chunk of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// In both texts.
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

impl Op {
    /// Every fate a chunk can have.
    pub const ALL: [Op; 3] = [Op::Equal, Op::Delete, Op::Insert];
}

/// A run of tokens with the same fate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// Equal, deleted or inserted.
    pub op: Op,
    /// The text, whitespace included.
    pub text: String,
}

/// The chunks that turn `old` into `new`.
pub fn words(old: &str, new: &str) -> Vec<Chunk> {
    let (a, b) = (tokens(old), tokens(new));
    let mut out: Vec<Chunk> = Vec::new();
    let mut push = |op: Op, text: &str| match out.last_mut() {
        Some(last) if last.op == op => last.text.push_str(text),
        _ if text.is_empty() => {}
        _ => out.push(Chunk { op, text: text.to_owned() }),
    };
    if a.len().saturating_mul(b.len()) > MAX_CELLS {
        push(Op::Delete, old);
        push(Op::Insert, new);
        return out;
    }
    let (mut i, mut j) = (0, 0);
    for op in steps(&a, &b) {
        match op {
            Op::Equal => {
                push(op, a[i]);
                (i, j) = (i + 1, j + 1);
            }
            Op::Delete => {
                push(op, a[i]);
                i += 1;
            }
            Op::Insert => {
                push(op, b[j]);
                j += 1;
            }
        }
    }
    out
}

/// The steps that turn the sequence `a` into `b` along a longest common subsequence: one `Equal` per
/// element kept, one `Delete` per element of `a` dropped, one `Insert` per element of `b` added. Quadratic
/// in time and space: callers bound the lengths.
pub fn steps<T: PartialEq>(a: &[T], b: &[T]) -> Vec<Op> {
    // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    let width = b.len() + 1;
    let mut lcs = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * width + j] = if a[i] == b[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push(Op::Equal);
            (i, j) = (i + 1, j + 1);
        } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
            out.push(Op::Delete);
            i += 1;
        } else {
            out.push(Op::Insert);
            j += 1;
        }
    }
    out.extend(std::iter::repeat_n(Op::Delete, a.len() - i));
    out.extend(std::iter::repeat_n(Op::Insert, b.len() - j));
    out
}

/// Runs of whitespace and runs of everything else, in order; joined they give `text` back.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if in_space.is_some_and(|s| s != space) {
            out.push(&text[start..i]);
            start = i;
        }
        in_space = Some(space);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(chunks: &[Chunk]) -> String {
        chunks
            .iter()
            .map(|c| match c.op {
                Op::Equal => c.text.clone(),
                Op::Delete => format!("[-{}-]", c.text),
                Op::Insert => format!("{{+{}+}}", c.text),
            })
            .collect()
    }

    #[test]
    fn table() {
        for (name, old, new, expected) in [
            ("identical", "the cat sat", "the cat sat", "the cat sat"),
            ("one word replaced", "the cat sat", "the dog sat", "the [-cat-]{+dog+} sat"),
            ("word appended", "Kazakhstan left", "Kazakhstan left the CSTO", "Kazakhstan left{+ the CSTO+}"),
            ("from nothing", "", "new text", "{+new text+}"),
            ("to nothing", "old", "", "[-old-]"),
            ("arabic", "انسحبت كازاخستان", "انسحبت كازاخستان اليوم", "انسحبت كازاخستان{+ اليوم+}"),
        ] {
            assert_eq!(render(&words(old, new)), expected, "{name}");
        }
    }

    #[test]
    fn chunks_rebuild_both_texts() {
        let (old, new) = ("a b  c d e", "a x c  d f e g");
        let chunks = words(old, new);
        let side =
            |skip: Op| chunks.iter().filter(|c| c.op != skip).map(|c| c.text.as_str()).collect::<String>();
        assert_eq!(side(Op::Insert), old);
        assert_eq!(side(Op::Delete), new);
    }
}
