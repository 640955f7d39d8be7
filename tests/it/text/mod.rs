//! The text engine end to end: the seed article against the shipped termbase and against a small glossary
//! of every match kind, properties that hold for any input, and the `segment` and `match` commands.

mod cli;
mod properties;
mod seed;
mod seed_kinds;
