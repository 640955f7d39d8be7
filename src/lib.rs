//! tarjuman: a translation-assist workbench server.
//!
//! Layers, from the bottom: [`text`], [`inline`], [`glossary`], [`formats`], [`xml`], [`qa`], [`tm`], [`mt`],
//! [`domain`], [`auth`] and [`diff`] are pure (no I/O); [`db`] runs the database and [`store`] holds all SQL; [`app`]
//! gathers what a user action needs from those; [`web`] is the HTTP surface; [`cli`] wires them into
//! subcommands. See `docs/ARCHITECTURE.md`.

pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod diff;
pub mod domain;
pub mod formats;
pub mod glossary;
pub mod inline;
pub mod lang;
pub mod mt;
pub mod qa;
pub mod store;
pub mod text;
pub mod tm;
pub mod web;
pub mod xml;
