//! What a saved target may hold: only the source's codes, each at most once. Whether it holds all of them,
//! in a sensible order, is a quality check (a finding), not a refusal: a translator may save half-done work.

use super::{markers, Marker};

/// Why a target's codes cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// The target has a code the source does not.
    #[error("the translation has the code {} that its source does not have", tag(*.0))]
    Unknown(Marker),
    /// The target has a code twice.
    #[error("the translation has the code {} twice", tag(*.0))]
    Duplicated(Marker),
    /// The target lacks a code of the source.
    #[error("the translation lacks the code {}", tag(*.0))]
    Missing(Marker),
    /// A pair whose halves are both in the target is closed before it is opened, or crosses another pair.
    #[error("the code {} is closed before it is opened or crosses another pair", tag(*.0))]
    Unbalanced(Marker),
}

/// The readable tag of a marker, as [`super::tagged`] writes it.
fn tag(marker: Marker) -> String {
    marker.to_char().map(|c| super::tagged(&c.to_string())).unwrap_or_default()
}

/// Checks that `target` uses only codes of `source`, none twice.
pub fn check_target(source: &str, target: &str) -> Result<(), CodeError> {
    let mut allowed: Vec<Marker> = markers(source).collect();
    if allowed.is_empty() && !super::has_codes(target) {
        return Ok(());
    }
    let mut seen = Vec::new();
    allowed.sort_unstable();
    for marker in markers(target) {
        if allowed.binary_search(&marker).is_err() {
            return Err(CodeError::Unknown(marker));
        }
        if seen.contains(&marker) {
            return Err(CodeError::Duplicated(marker));
        }
        seen.push(marker);
    }
    Ok(())
}

/// Checks that `target` can be written into a document: [`check_target`], and every code of the source
/// present, each pair whose halves are both in the segment opened before it is closed and properly nested.
/// An export refuses a segment that fails this rather than write a broken file.
pub fn check_complete(source: &str, target: &str) -> Result<(), CodeError> {
    check_target(source, target)?;
    let present: Vec<Marker> = markers(target).collect();
    if let Some(missing) = markers(source).find(|m| !present.contains(m)) {
        return Err(CodeError::Missing(missing));
    }
    let mut open = Vec::new();
    for marker in present.iter().copied() {
        match marker {
            Marker::Open(id) if present.contains(&Marker::Close(id)) => open.push(id),
            Marker::Close(id) if present.contains(&Marker::Open(id)) && open.pop() != Some(id) => {
                return Err(CodeError::Unbalanced(marker));
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(marker: Marker) -> char {
        marker.to_char().unwrap()
    }

    #[test]
    fn a_target_may_use_the_sources_codes_in_any_order_once() {
        let source =
            format!("{}توكاييف{} قال{}", c(Marker::Open(1)), c(Marker::Close(1)), c(Marker::Standalone(2)));
        for target in [
            String::new(),
            "Tokayev said".to_owned(),
            format!("{}Tokayev{} said{}", c(Marker::Open(1)), c(Marker::Close(1)), c(Marker::Standalone(2))),
            format!("{} said {}Tokayev", c(Marker::Standalone(2)), c(Marker::Open(1))),
        ] {
            assert_eq!(check_target(&source, &target), Ok(()), "{target}");
        }
        let foreign = format!("{}Tokayev", c(Marker::Open(3)));
        assert_eq!(check_target(&source, &foreign), Err(CodeError::Unknown(Marker::Open(3))));
        let standalone_as_open = format!("{}Tokayev", c(Marker::Open(2)));
        assert_eq!(check_target(&source, &standalone_as_open), Err(CodeError::Unknown(Marker::Open(2))));
        let twice = format!("{0}Tokayev{0}", c(Marker::Standalone(2)));
        let error = check_target(&source, &twice).unwrap_err();
        assert_eq!(error, CodeError::Duplicated(Marker::Standalone(2)));
        assert_eq!(error.to_string(), "the translation has the code <2/> twice");
        assert!(check_target("plain", &foreign).is_err());
    }

    #[test]
    fn a_complete_target_has_every_code_properly_nested() {
        let (o1, c1, o2, c2) =
            (c(Marker::Open(1)), c(Marker::Close(1)), c(Marker::Open(2)), c(Marker::Close(2)));
        let source = format!("{o1}أ {o2}ب{c2}{c1} ج");
        assert_eq!(check_complete(&source, &format!("C {o1}A {o2}B{c2}{c1}")), Ok(()));
        assert_eq!(check_complete(&source, &format!("{o1}A{c1}")), Err(CodeError::Missing(Marker::Open(2))));
        let crossed = format!("{o1}A {o2}B{c1}{c2}");
        assert_eq!(check_complete(&source, &crossed), Err(CodeError::Unbalanced(Marker::Close(1))));
        let reversed = format!("{c1}A{o1} {o2}B{c2}");
        assert_eq!(check_complete(&source, &reversed), Err(CodeError::Unbalanced(Marker::Close(1))));
        // Half of a pair split across sentences (XLIFF 2 sc/ec) has nothing to balance here.
        let half = format!("{o1}أ ب");
        assert_eq!(check_complete(&half, &format!("A {o1}B")), Ok(()));
    }
}
