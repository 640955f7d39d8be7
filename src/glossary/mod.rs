//! Glossaries: the term model, the files termbases travel in (CSV, TBX), and the matcher that finds terms
//! in Arabic (or any) text.
#![deny(missing_docs)]

pub mod csv;
pub mod error;
pub mod file;
pub mod hit;
mod ids;
pub mod matcher;
pub mod model;
pub mod tbx;
mod variant;
mod word_match;

pub use matcher::{Match, MatchKind, TermIndex};
