//! The fuzz corpora replayed on every `cargo test`: each saved input of `fuzz/corpus/<target>/` goes through
//! the function its fuzz target calls (`fuzz/src/targets.rs`, included here as a module), so an input that once
//! broke a reader stays fixed without a fuzzing toolchain. The corpora are small and minimised: seconds.
//! The real files the other tests read from `tests/data/<target>/` are seeds too, kept there only once.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

#[path = "../../fuzz/src/targets.rs"]
mod targets;

/// The server reads uploads on tokio worker threads, whose stacks are 2 MiB: an input must fit in that,
/// whatever stack the test harness or libFuzzer happens to give.
const WORKER_STACK: usize = 2 << 20;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files of a directory, sorted; an unreadable or missing directory is none.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| Some(e.ok()?.path())).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn every_fuzz_target_is_replayed() {
    let binaries: Vec<String> = files(&fuzz_dir().join("fuzz_targets"))
        .iter()
        .filter_map(|p| Some(p.file_stem()?.to_str()?.to_owned()))
        .collect();
    let replayed: Vec<String> = targets::TARGETS.iter().map(|(name, _)| (*name).to_owned()).collect();
    assert_eq!(
        binaries, replayed,
        "fuzz/fuzz_targets/*.rs and TARGETS in fuzz/src/targets.rs must name the same targets"
    );
}

#[test]
fn fuzz_corpora_replay_without_a_panic() {
    let mut problems = Vec::new();
    for &(name, body) in targets::TARGETS {
        let dir = fuzz_dir().join("corpus").join(name);
        let mut inputs = files(&dir);
        if inputs.is_empty() {
            problems.push(format!(
                "{}: no seed inputs (missing or empty), so nothing would be replayed",
                dir.display()
            ));
        }
        inputs.extend(files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)));
        for input in inputs {
            let bytes = std::fs::read(&input).expect("a readable corpus file");
            let replay = std::thread::Builder::new()
                .name(format!("{name} {}", input.display()))
                .stack_size(WORKER_STACK)
                .spawn(move || catch_unwind(AssertUnwindSafe(|| body(&bytes))).is_ok())
                .expect("a replay thread")
                .join();
            if !matches!(replay, Ok(true)) {
                problems.push(format!("{name}: {} panicked", input.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
