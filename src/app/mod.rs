//! The application layer: what a user action needs from several layers below, gathered once so that the
//! web handlers and the command line stay thin. It sits on the store and the pure modules, never on `web`.
//!
//! - [`interchange`]: articles as files (export formats, the export document with glossary hints, uploads).
//! - [`mt`]: machine translation: the engines' shared wrapper, drafts for the editor, pre-translation.
//! - [`quality`]: an article's quality checks (its glossaries, its language), its report in JSON and CSV.
//! - [`terms`]: the glossary term-index cache, keyed by glossary versions.
//! - [`setup`]: first start (admin, shipped glossaries, the sample article).
//! - [`live`]: the live hub: one LISTEN connection per process, fanned out to the open editors.
//! - [`webhooks`]: the worker that signs and posts webhook deliveries, with retries.

pub mod interchange;
pub mod live;
pub mod mt;
pub mod quality;
pub mod review;
pub mod setup;
pub mod spelling;
pub mod terms;
pub mod webhooks;
