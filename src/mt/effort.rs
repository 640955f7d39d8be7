//! Post-editing effort: how far the confirmed translation is from the machine draft it started from.

/// Edit distances between a draft and what the translator confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effort {
    /// Words inserted, deleted or replaced (Levenshtein over whitespace-separated words).
    pub words: usize,
    /// Characters inserted, deleted or replaced.
    pub chars: usize,
    /// Words in the draft.
    pub draft_words: usize,
    /// Characters in the draft.
    pub draft_chars: usize,
}

impl Effort {
    /// Whether the draft was confirmed as it came.
    pub fn kept(&self) -> bool {
        self.chars == 0
    }
}

/// The effort of turning `draft` into `confirmed`.
pub fn measure(draft: &str, confirmed: &str) -> Effort {
    let (dw, cw): (Vec<&str>, Vec<&str>) =
        (draft.split_whitespace().collect(), confirmed.split_whitespace().collect());
    let (dc, cc): (Vec<char>, Vec<char>) =
        (draft.trim().chars().collect(), confirmed.trim().chars().collect());
    Effort {
        words: levenshtein(&dw, &cw),
        chars: levenshtein(&dc, &cc),
        draft_words: dw.len(),
        draft_chars: dc.len(),
    }
}

/// Edit distance in one row of memory.
fn levenshtein<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let next = (row[j + 1] + 1).min(row[j] + 1).min(diagonal + usize::from(x != y));
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_count_words_and_characters() {
        let e = measure("Russia sent troops to Kazakhstan.", "Russia sent forces to Kazakhstan.");
        assert_eq!((e.words, e.chars, e.draft_words, e.kept()), (1, 5, 5, false));
        let same = measure("Kept as it was.", " Kept as it was. ");
        assert_eq!((same.words, same.chars, same.kept()), (0, 0, true));
        assert_eq!(measure("", "Two words").words, 2);
        assert_eq!(measure("kitten", "sitting").chars, 3);
    }
}
