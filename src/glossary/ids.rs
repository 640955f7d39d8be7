//! Concept ids for writers: files need them unique (TBX `xml:id`s, CSV rows tied by the `concept` column).

use std::collections::HashSet;

use crate::glossary::model::Concept;

/// One id per concept: its own when `usable` and not taken by an earlier concept, else a fresh `c<n>` that
/// no concept uses. Generated ids come back as the concept's id when the file is read again.
pub(crate) fn unique_ids(concepts: &[Concept], usable: impl Fn(&str) -> bool) -> Vec<String> {
    let mut taken = HashSet::new();
    let own: Vec<Option<&str>> =
        concepts.iter().map(|c| c.id.as_deref().filter(|id| usable(id) && taken.insert(*id))).collect();
    let mut next = 0;
    own.into_iter()
        .map(|id| match id {
            Some(id) => id.to_owned(),
            None => loop {
                next += 1;
                let fresh = format!("c{next}");
                if !taken.contains(fresh.as_str()) {
                    break fresh;
                }
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_usable_ids_and_fills_the_rest_without_collisions() {
        let concept = |id: Option<&str>| Concept { id: id.map(str::to_owned), ..Concept::default() };
        let concepts =
            [concept(None), concept(Some("c1")), concept(Some("c1")), concept(Some("bad id")), concept(None)];
        let ids = unique_ids(&concepts, |id| !id.contains(' '));
        assert_eq!(ids, ["c2", "c1", "c3", "c4", "c5"]);
    }
}
