//! `/api/v1`, one module per resource.

mod auth;
mod glossaries;
mod openapi;
mod segments;
