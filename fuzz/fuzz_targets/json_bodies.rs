//! The `json_bodies` target; its body is shared with the corpus replay test (see `src/targets.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(init: tarjuman_fuzz::like_a_server_worker(), |data: &[u8]| tarjuman_fuzz::json_bodies(data));
