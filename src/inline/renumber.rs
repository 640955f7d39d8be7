//! A translation carried to a newer version of its sentence whose codes are the same but numbered anew (an
//! updated document with a link added earlier in the paragraph renumbers every code after it).

use std::collections::HashMap;

use super::{check_target, code, markers, Code, Marker};

/// `target`, a translation of `old` (source and codes), with its markers renumbered as `new` numbers the
/// same codes: the n-th marker of the old source is the n-th of the new one, of the same kind (opening,
/// closing, standalone) and class. `None` when the codes cannot be paired so (one added, removed or moved
/// past another, a link become bold) or the target would not be a valid translation of the new source:
/// the sentence is then to be treated as changed, never kept with codes that point at the wrong markup.
pub fn renumber(old: (&str, &[Code]), new: (&str, &[Code]), target: &str) -> Option<String> {
    let (before, after): (Vec<Marker>, Vec<Marker>) = (markers(old.0).collect(), markers(new.0).collect());
    if before.len() != after.len() {
        return None;
    }
    let mut ids: HashMap<u32, u32> = HashMap::new();
    let mut taken: HashMap<u32, u32> = HashMap::new();
    for (&was, &is) in before.iter().zip(&after) {
        let class = |codes: &[Code], id| code(codes, id).map(|c| c.class);
        let same_kind = std::mem::discriminant(&was) == std::mem::discriminant(&is);
        if !same_kind || class(old.1, was.id()) != class(new.1, is.id()) {
            return None;
        }
        // Both halves of a pair, and only they, map to one id.
        if *ids.entry(was.id()).or_insert(is.id()) != is.id()
            || *taken.entry(is.id()).or_insert(was.id()) != was.id()
        {
            return None;
        }
    }
    let renumbered: Option<String> = target
        .chars()
        .map(|c| match Marker::of(c) {
            None => Some(c),
            Some(marker) => {
                let id = *ids.get(&marker.id())?;
                let moved = match marker {
                    Marker::Open(_) => Marker::Open(id),
                    Marker::Close(_) => Marker::Close(id),
                    Marker::Standalone(_) => Marker::Standalone(id),
                };
                moved.to_char()
            }
        })
        .collect();
    renumbered.filter(|t| check_target(new.0, t).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inline::{coded, CodeClass};

    fn codes(list: &[(u32, CodeClass)]) -> Vec<Code> {
        let code = |&(id, class): &(u32, CodeClass)| Code {
            id,
            class,
            disp: String::new(),
            title: None,
            open: format!("<{id}>"),
            close: Some(format!("</{id}>")),
        };
        list.iter().map(code).collect()
    }

    #[test]
    fn a_renumbered_link_and_bold_carry_the_translation_with_the_new_numbers() {
        let old_codes = codes(&[(1, CodeClass::Link), (2, CodeClass::Fmt)]);
        let new_codes = codes(&[(3, CodeClass::Link), (4, CodeClass::Fmt)]);
        let old = coded("قال {1}الوزير{/1} إن {2}القرار{/2} نهائي.");
        let new = coded("قال {3}الوزير{/3} إن {4}القرار{/4} نهائي.");
        let target = coded("The {2}decision{/2} is final, said the {1}minister{/1}.");
        assert_eq!(
            renumber((&old, &old_codes), (&new, &new_codes), &target),
            Some(coded("The {4}decision{/4} is final, said the {3}minister{/3}."))
        );
    }

    #[test]
    fn codes_that_are_not_the_same_ones_renumbered_give_no_translation() {
        let link = codes(&[(1, CodeClass::Link)]);
        let bold = codes(&[(1, CodeClass::Fmt)]);
        let old = coded("قال {1}الوزير{/1}.");
        let target = coded("The {1}minister{/1} said.");
        // A link become bold, a code added, a pair become two.
        assert_eq!(renumber((&old, &link), (&old, &bold), &target), None);
        let two = codes(&[(1, CodeClass::Link), (2, CodeClass::Link)]);
        assert_eq!(renumber((&old, &link), (&coded("قال {1}الوزير{/1}{2}.{/2}"), &two), &target), None);
        assert_eq!(renumber((&old, &link), (&coded("قال {1}الوزير{/2}."), &two), &target), None);
    }

    #[test]
    fn the_same_codes_keep_the_translation_as_it_is() {
        let link = codes(&[(1, CodeClass::Link)]);
        let old = coded("قال {1}الوزير{/1}.");
        for target in ["", "The minister said.", &coded("The {1}minister{/1} said.")] {
            assert_eq!(renumber((&old, &link), (&old, &link), target).as_deref(), Some(target));
        }
    }
}
