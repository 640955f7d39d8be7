//! The OASIS XLIFF 2.1 conformance suite (core): every valid file is read, invalid files are refused.

use tarjuman::formats::xliff2::read_xliff2;

use crate::formats::support::data;

fn files(folder: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(data(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlf"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_valid_file_is_read() {
    for path in files("xliff2-suite/valid") {
        if let Err(e) = read_xliff2(&std::fs::read(&path).unwrap()) {
            panic!("{}: {e}", path.display());
        }
    }
}

/// How many of the 119 invalid files the reader refuses; raise it as rules are added, never lower it.
const REFUSED_AT_LEAST: usize = 52;

#[test]
fn invalid_files_are_refused_with_a_reason() {
    let invalid = files("xliff2-suite/invalid");
    let accepted: Vec<_> = invalid
        .iter()
        .filter(|p| read_xliff2(&std::fs::read(p).unwrap()).is_ok())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let refused = invalid.len() - accepted.len();
    println!("refused {refused} of {}; still accepted:\n  {}", invalid.len(), accepted.join("\n  "));
    assert!(refused >= REFUSED_AT_LEAST, "refused {refused}, expected at least {REFUSED_AT_LEAST}");
}
