//! Shared test helpers: a fresh migrated database per test, the app in-process, the binary as a process,
//! signed-in clients and fixtures.

pub mod api;
pub mod browser;
pub mod browser_session;
pub mod db;
pub mod engines;
pub mod http;
pub mod omegat;
pub mod process;
pub mod xml;

/// The seed article: Arabic news the fixtures are cut from.
pub const SEED: &str = include_str!("../../../samples/kazakhstan-csto.ar.txt");
