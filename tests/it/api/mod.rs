//! `/api/v1`, one module per resource.

mod analysis;
mod article_files;
mod articles;
mod auth;
mod glossaries;
mod hostile_files;
mod openapi;
mod quality;
mod segments;
mod tm;
