//! The format layer: the shared contract every format passes, the XLIFF 2 conformance
//! suite and hostile input.

mod contract;
mod hostile;
mod support;
mod xliff2_suite;
