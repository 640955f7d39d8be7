//! The format layer: the shared contract every format passes, the XLIFF 2 conformance suite, hostile input,
//! DOCX and HTML, and a third-party parser reading what we write.

mod codes;
mod contract;
mod docx;
mod hostile;
mod html;
pub(crate) mod support;
pub(crate) mod third_party;
mod xliff2_suite;
