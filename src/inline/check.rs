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
}
