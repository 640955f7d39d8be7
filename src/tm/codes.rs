//! A memory unit's inline codes brought to the segment being translated. A unit keeps its codes as the
//! markers of its source and target ([`crate::inline`]), numbered in the paragraph it came from; the same
//! sentence elsewhere numbers them otherwise, or has other ones. Its translation is offered with each code
//! replaced by the segment's code of the same kind (a pair, or a standalone code) at the same rank in the
//! source, the way Trados and memoQ place them; a code with no counterpart is left out. Pure.

use crate::inline::{markers, pieces, Marker, Piece};

/// A unit's translation with its codes placed for a segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The translation, holding only codes of the segment's source, each at most once.
    pub target: String,
    /// Whether any code was renumbered or left out: the translator should check where they stand.
    pub moved: bool,
}

/// The ids of `text`'s codes of each kind (pairs, standalone codes), in order of first appearance.
fn ranks(text: &str) -> [Vec<u32>; 2] {
    let mut ranked: [Vec<u32>; 2] = [Vec::new(), Vec::new()];
    for marker in markers(text) {
        let list = &mut ranked[kind(marker)];
        if !list.contains(&marker.id()) {
            list.push(marker.id());
        }
    }
    ranked
}

fn kind(marker: Marker) -> usize {
    match marker {
        Marker::Open(_) | Marker::Close(_) => 0,
        Marker::Standalone(_) => 1,
    }
}

fn with_id(marker: Marker, id: u32) -> Marker {
    match marker {
        Marker::Open(_) => Marker::Open(id),
        Marker::Close(_) => Marker::Close(id),
        Marker::Standalone(_) => Marker::Standalone(id),
    }
}

/// Where a text's codes stand: each marker in order, its id renumbered by first appearance among its kind,
/// with how many words come before it. Two sources with the same signature take each other's translations
/// with every code where it was.
pub fn signature(text: &str) -> Vec<(Marker, usize)> {
    let ranked = ranks(text);
    let mut words = 0;
    let mut signature = Vec::new();
    for piece in pieces(text) {
        match piece {
            Piece::Text(t) => words += t.split_whitespace().count(),
            Piece::Code(m) => {
                let rank = ranked[kind(m)].iter().position(|&id| id == m.id()).unwrap_or(0);
                signature.push((with_id(m, rank as u32 + 1), words));
            }
        }
    }
    signature
}

/// `unit_target` (the translation of `unit_source`) with its codes placed for a segment whose source is
/// `source`.
pub fn place(source: &str, unit_source: &str, unit_target: &str) -> Placed {
    let (theirs, ours) = (ranks(unit_source), ranks(source));
    let allowed: Vec<Marker> = markers(source).collect();
    let mut target = String::with_capacity(unit_target.len());
    let mut used = Vec::new();
    let mut moved = false;
    for c in unit_target.chars() {
        let Some(marker) = Marker::of(c) else {
            target.push(c);
            continue;
        };
        let rank = theirs[kind(marker)].iter().position(|&id| id == marker.id());
        let placed = rank
            .and_then(|r| ours[kind(marker)].get(r))
            .map(|&id| with_id(marker, id))
            .filter(|m| allowed.contains(m) && !used.contains(m));
        moved |= placed != Some(marker);
        if let Some(placed) = placed.and_then(|m| m.to_char().map(|c| (m, c))) {
            used.push(placed.0);
            target.push(placed.1);
        }
    }
    Placed { target, moved }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inline::check_target;

    use crate::inline::coded;

    fn placed(source: &str, unit_source: &str, unit_target: &str) -> (String, bool) {
        let placed = place(&coded(source), &coded(unit_source), &coded(unit_target));
        assert_eq!(check_target(&coded(source), &placed.target), Ok(()), "a save would take it");
        (placed.target, placed.moved)
    }

    #[test]
    fn the_same_codes_stay_where_they_are() {
        let source = "قال {1}التقرير{/1} إن{2/}";
        assert_eq!(
            placed(source, source, "{1}The report{/1} said{2/}"),
            (coded("{1}The report{/1} said{2/}"), false)
        );
        assert_eq!(placed("بلا رموز", "بلا رموز", "No codes"), ("No codes".into(), false));
    }

    #[test]
    fn codes_numbered_otherwise_are_placed_by_rank_among_their_kind() {
        let source = "قال {1}التقرير{/1} إن{2/}";
        let unit_source = "قال {4}التقرير{/4} إن{3/}";
        assert_eq!(
            placed(source, unit_source, "{3/}{4}The report{/4} said"),
            (coded("{2/}{1}The report{/1} said"), true)
        );
        assert_eq!(signature(&coded(source)), signature(&coded(unit_source)));
        assert_ne!(signature(&coded(source)), signature(&coded("قال {1}التقرير{/1}")));
        assert_ne!(signature(&coded(source)), signature(&coded("{1}قال التقرير{/1} إن{2/}")));
    }

    #[test]
    fn codes_without_a_counterpart_are_left_out() {
        assert_eq!(
            placed("قال التقرير", "قال {1}التقرير{/1}", "{1}The report{/1} said"),
            ("The report said".into(), true)
        );
        // The segment holds only the opening half of its pair (the pair ends in the next sentence).
        assert_eq!(
            placed("قال {1}التقرير", "قال {2}التقرير{/2}", "{2}The report{/2} said"),
            (coded("{1}The report said"), true)
        );
        // A unit whose target repeats a code cannot make the segment's translation hold it twice.
        assert_eq!(placed("أ{1/}", "أ{1/}", "A{1/}{1/}"), (coded("A{1/}"), true));
    }
}
