//! All integration tests, in one binary (one link, one throwaway PostgreSQL cluster per run).
//! Modules mirror what a user touches: the HTTP routes and the command line.

mod api;
mod browser;
mod browser_mt;
mod cli;
mod csrf;
mod desk;
mod formats;
mod fuzz_replay;
mod glossary;
mod health;
mod pages;
mod serve;
mod setup;
mod support;
mod text;
mod webhooks;
