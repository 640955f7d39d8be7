//! Lines up the sentences of an article with those of its newer version (an updated wire story): which
//! are the same, which were reworded, which are new and which are gone.
//!
//! Sentences equal after whitespace is collapsed are kept, along a longest common subsequence; between two
//! kept ones, an old and a new sentence sharing at least half their words (Dice) are the same sentence
//! reworded, paired in order; the rest are added or removed.

use crate::diff::{self, Op};

/// What became of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// The same sentence: old index, new index.
    Kept(usize, usize),
    /// Reworded: old index, new index.
    Changed(usize, usize),
    /// Only in the new version.
    Added(usize),
    /// Only in the old version.
    Removed(usize),
}

/// How alike two sentences must be (shared words, Dice coefficient) to count as one reworded.
const REWORDED: f64 = 0.5;

/// The fates of `old` and `new` sentences, in the new version's order (removed ones where they stood).
pub fn realign(old: &[&str], new: &[&str]) -> Vec<Fate> {
    let (a, b): (Vec<String>, Vec<String>) =
        (old.iter().map(|s| squeeze(s)).collect(), new.iter().map(|s| squeeze(s)).collect());
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    let (mut gone, mut came): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for op in diff::steps(&a, &b) {
        match op {
            Op::Equal => {
                pair(&a, &b, &gone, &came, &mut out);
                (gone, came) = (Vec::new(), Vec::new());
                out.push(Fate::Kept(i, j));
                (i, j) = (i + 1, j + 1);
            }
            Op::Delete => {
                gone.push(i);
                i += 1;
            }
            Op::Insert => {
                came.push(j);
                j += 1;
            }
        }
    }
    pair(&a, &b, &gone, &came, &mut out);
    out
}

/// Pairs a gap's removed and added sentences where they are alike, in order.
fn pair(a: &[String], b: &[String], gone: &[usize], came: &[usize], out: &mut Vec<Fate>) {
    let mut next_old = 0;
    for &j in came {
        let alike = gone[next_old..].iter().position(|&i| dice(&a[i], &b[j]) >= REWORDED);
        match alike {
            Some(k) => {
                out.extend(gone[next_old..next_old + k].iter().map(|&i| Fate::Removed(i)));
                out.push(Fate::Changed(gone[next_old + k], j));
                next_old += k + 1;
            }
            None => out.push(Fate::Added(j)),
        }
    }
    out.extend(gone[next_old..].iter().map(|&i| Fate::Removed(i)));
}

fn squeeze(sentence: &str) -> String {
    sentence.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Shared words over all words, both sides counted (1: the same words, 0: none in common).
fn dice(x: &str, y: &str) -> f64 {
    let (mut xs, mut ys): (Vec<&str>, Vec<&str>) =
        (x.split_whitespace().collect(), y.split_whitespace().collect());
    let total = xs.len() + ys.len();
    if total == 0 {
        return 1.0;
    }
    xs.sort_unstable();
    ys.sort_unstable();
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < xs.len() && j < ys.len() {
        match xs[i].cmp(ys[j]) {
            std::cmp::Ordering::Equal => {
                shared += 1;
                (i, j) = (i + 1, j + 1);
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    2.0 * shared as f64 / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use Fate::*;

    #[test]
    fn a_rising_death_toll_a_new_quote_and_a_dropped_line() {
        let old = [
            "قتل 12 شخصا في الهجوم.",
            "وقال الوزير إن القرار نهائي.",
            "ولم يعلق الكرملين.",
            "وكانت المنظمة قد تأسست عام 2002.",
        ];
        let new = [
            "قتل 15 شخصا في الهجوم.",
            "وقال الوزير إن القرار نهائي.",
            "وأضاف أن بلاده لن تتراجع.",
            "وكانت المنظمة قد تأسست  عام 2002.",
        ];
        assert_eq!(realign(&old, &new), vec![Changed(0, 0), Kept(1, 1), Added(2), Removed(2), Kept(3, 3)]);
    }

    #[test]
    fn every_sentence_has_one_fate() {
        let old = ["a b c", "d e f", "g h i"];
        let new = ["x y z", "a b c", "d e q", "g h i", "j k l"];
        let fates = realign(&old, &new);
        assert_eq!(fates, vec![Added(0), Kept(0, 1), Changed(1, 2), Kept(2, 3), Added(4)]);
        assert_eq!(realign(&[], &["a"]), vec![Added(0)]);
        assert_eq!(realign(&["a"], &[]), vec![Removed(0)]);
    }
}
