//! `/api/v1`, one module per resource.

mod analysis;
mod article_files;
mod articles;
mod assignments;
mod auth;
mod cached_reads;
mod comments;
mod document_updates;
mod docx_documents;
mod extract;
pub(crate) mod foreign_xliff;
mod foreign_xliff2;
mod glossaries;
mod hostile_files;
mod html_documents;
mod live;
mod mt;
mod omegat;
mod openapi;
mod quality;
mod replace;
mod review;
mod reviewed_segments;
mod segments;
mod spelling;
mod tm;
mod updates;
