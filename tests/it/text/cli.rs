//! `tarjuman segment` and `tarjuman match`, run as a user runs them.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::support::process::{tarjuman, DataDir};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn run(args: &[&str], files: &[&Path]) -> Output {
    let mut command = tarjuman();
    command.args(args).args(files);
    command.output().unwrap()
}

fn json(output: &Output) -> Value {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn one_error_line(output: &Output) -> String {
    assert_eq!(output.status.code(), Some(2), "bad input exits 2");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    stderr
}

#[test]
fn segment_prints_the_seed_as_24_json_segments() {
    let output = run(&["segment", "--lang", "ar", "--json"], &[&repo("samples/kazakhstan-csto.ar.txt")]);
    let segments = json(&output);
    let segments = segments.as_array().unwrap();
    assert_eq!(segments.len(), 24);
    assert_eq!(segments[9], serde_json::json!({"index": 9, "paragraph": 9, "text": "كيف بدأت القصة؟"}));
}

#[test]
fn match_reports_terms_with_offsets_into_the_segment_text() {
    let output = run(
        &["match", "--json", "--glossary"],
        &[&repo("glossaries/seed-world.ar-en.tbx"), &repo("samples/kazakhstan-csto.ar.txt")],
    );
    let segments = json(&output);
    let fourth = &segments[3];
    let text: Vec<char> = fourth["text"].as_str().unwrap().chars().collect();
    let matches = fourth["matches"].as_array().unwrap();
    let csto = matches
        .iter()
        .find(|m| m["target"] == "Collective Security Treaty Organization")
        .expect("CSTO in «لمنظمة معاهدة الأمن الجماعي»");
    assert_eq!(csto["source"], "منظمة معاهدة الأمن الجماعي");
    assert_eq!(csto["kind"], "clitic");
    let (start, end) = (csto["start"].as_u64().unwrap() as usize, csto["end"].as_u64().unwrap() as usize);
    assert_eq!(text[start..end].iter().collect::<String>(), csto["surface"].as_str().unwrap());
    // The span is the term's: the proclitic «ل» of «لمنظمة» stays outside it.
    assert_eq!(csto["surface"], "منظمة معاهدة الأمن الجماعي");
    assert_eq!(text[start - 1], 'ل');
}

#[test]
fn match_accepts_csv_glossaries_and_several_of_them() {
    let data = DataDir::new("cli-csv");
    let csv = data.0.join("extra.csv");
    std::fs::write(&csv, "source,target,pos\nالشرطة,police,noun\n").unwrap();
    let output = run(
        &["match", "--json", "--glossary"],
        &[
            &csv,
            Path::new("--glossary"),
            &repo("glossaries/seed-world.ar-en.tbx"),
            &repo("samples/kazakhstan-csto.ar.txt"),
        ],
    );
    let segments = json(&output);
    let targets: Vec<&str> =
        segments[5]["matches"].as_array().unwrap().iter().map(|m| m["target"].as_str().unwrap()).collect();
    assert!(targets.contains(&"police") && targets.contains(&"Reuters"), "{targets:?}");
}

#[test]
fn a_missing_file_is_exit_2_naming_it() {
    let error = one_error_line(&run(&["segment"], &[Path::new("/nonexistent/article.txt")]));
    assert!(error.contains("/nonexistent/article.txt"), "{error}");
}

#[test]
fn non_utf8_input_is_exit_2_naming_file_and_line() {
    let data = DataDir::new("cli-latin1");
    let file = data.0.join("latin1.txt");
    std::fs::write(&file, b"first line\nsecond line caf\xe9\n").unwrap();
    let error = one_error_line(&run(&["segment"], &[&file]));
    assert!(error.contains(&format!("{}:2:", file.display())), "{error}");
}

#[test]
fn malformed_glossaries_are_exit_2_naming_file_and_line() {
    let data = DataDir::new("cli-bad-glossary");
    let csv = data.0.join("bad.csv");
    std::fs::write(&csv, "source,target,status\nروسيا,Russia,preferred\nموسكو,Moscow,sometimes\n").unwrap();
    let tbx = repo("tests/data/tbx/poorly_formed_xml.tbx");
    let article = repo("samples/kazakhstan-csto.ar.txt");
    for (glossary, line) in [(&csv, "line 3"), (&tbx, "line 42")] {
        let error = one_error_line(&run(&["match", "--glossary"], &[glossary, &article]));
        assert!(error.contains(&glossary.display().to_string()) && error.contains(line), "{error}");
    }
}
