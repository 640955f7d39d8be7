//! The `text_engine` target; its body is shared with the corpus replay test (see `src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tarjuman_fuzz::text_engine(data));
