//! Glossaries: the term model, file readers and writers, and the matcher.

pub mod model;
