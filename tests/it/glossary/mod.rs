//! Glossary file formats: one module per format, plus the contract every format passes.

mod contract;
mod csv;
mod seed;
mod support;
mod tbx;
