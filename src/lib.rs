//! tarjuman: a translation-assist workbench server.
//!
//! Layers, from the bottom: [`text`] and [`glossary`] are pure (no I/O); [`db`] runs the database;
//! [`web`] is the HTTP surface; [`cli`] wires them into subcommands. See `docs/ARCHITECTURE.md`.

pub mod cli;
pub mod config;
pub mod db;
pub mod glossary;
pub mod lang;
pub mod qa;
pub mod text;
pub mod tm;
pub mod web;
