//! `/api/v1`, one module per resource.

mod articles;
mod auth;
mod glossaries;
mod openapi;
mod segments;
