//! The workbench's own vocabulary: roles, segment statuses, revision origins, user names. Parsed once at
//! the edge (JSON, CLI, database rows); past it nothing re-checks a string.

pub mod assignment;
pub mod comment;
pub mod role;
pub mod status;
pub mod username;

pub use assignment::Task;
pub use role::{Role, WriteRefusal};
pub use status::{RevisionOrigin, SegmentStatus};
pub use username::Username;

/// A word that is not one of a field's allowed values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {field} {value:?} (expected one of: {expected})")]
pub struct UnknownWord {
    /// The field, e.g. `role`.
    pub field: &'static str,
    /// What was given.
    pub value: String,
    /// The allowed words.
    pub expected: &'static str,
}

/// Declares an enum's words in one table: `as_str`, `FromStr`, `Display`, and serde as those words.
macro_rules! words {
    ($(#[$meta:meta])* $vis:vis enum $ty:ident ($field:literal) { $($(#[$vmeta:meta])* $variant:ident => $name:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "lowercase")]
        $vis enum $ty { $($(#[$vmeta])* $variant),+ }

        impl $ty {
            /// Every value, in the order declared.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The word, as stored and sent.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name),+ }
            }
        }
        impl std::str::FromStr for $ty {
            type Err = $crate::domain::UnknownWord;
            fn from_str(raw: &str) -> Result<Self, Self::Err> {
                match raw.trim().to_ascii_lowercase().as_str() {
                    $($name => Ok(Self::$variant),)+
                    _ => Err($crate::domain::UnknownWord {
                        field: $field,
                        value: raw.to_owned(),
                        expected: concat!($($name, " "),+),
                    }),
                }
            }
        }
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use words;
