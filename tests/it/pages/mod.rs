//! The server-rendered pages, in-process, as a browser session sees them: sign-in, CSRF, escaping,
//! right-to-left layout attributes, glossary pages.

mod admin;
mod analysis;
mod article_update;
mod editor;
mod editor_access;
mod glossaries;
mod quality;
mod review;
mod sign_in;
mod tm;
