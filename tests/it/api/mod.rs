//! `/api/v1`, one module per resource.

mod analysis;
mod article_files;
mod articles;
mod auth;
mod extract;
mod glossaries;
mod hostile_files;
mod mt;
mod openapi;
mod quality;
mod replace;
mod reviewed_segments;
mod segments;
mod tm;
