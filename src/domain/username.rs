//! User names: what people type to sign in.

use std::fmt;

/// A user name: 1 to 64 ASCII letters, digits, `_`, `.` or `-`, starting with a letter or digit (the same
/// rule as the database's CHECK, so a bad name is refused with a clear message before it gets there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

/// Why a string is not a user name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a valid user name (1-64 letters, digits, '_', '.', '-', starting with a letter or digit)"
)]
pub struct InvalidUsername(pub String);

impl Username {
    /// Parses a user name.
    pub fn parse(raw: &str) -> Result<Self, InvalidUsername> {
        let ok = (1..=64).contains(&raw.len())
            && raw.starts_with(|c: char| c.is_ascii_alphanumeric())
            && raw.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(InvalidUsername(raw.to_owned()))
        }
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_names_and_refuses_the_rest() {
        for ok in ["admin", "sara.k", "a", "x_1-2"] {
            assert!(Username::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "-x", "has space", "سارة", &"a".repeat(65)] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
    }
}
