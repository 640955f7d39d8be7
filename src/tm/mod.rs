//! Translation memory: how close a stored sentence is to the one being translated.
#![deny(missing_docs)]

pub mod analysis;
pub mod codes;
pub mod concordance;
pub mod keys;
pub mod rank;
pub mod score;
