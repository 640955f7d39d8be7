//! Shared test helpers: a fresh migrated database per test, the app in-process, the binary as a process.

pub mod db;
pub mod http;
pub mod process;
