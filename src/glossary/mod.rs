//! Glossaries: the term model and the files termbases travel in (CSV, TBX).

pub mod csv;
pub mod error;
mod ids;
pub mod model;
pub mod tbx;
