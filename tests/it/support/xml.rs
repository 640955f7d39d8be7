//! Validating what tarjuman writes against the official schemas, offline, with xmllint.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The schema folder (copies of ../shared/standards/schemas, with a catalog that maps xml.xsd locally).
pub fn schemas() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/schemas")
}

/// Panics with xmllint's report (or an install hint) unless `document` validates. `how` is `--schema`,
/// `--dtdvalid` or `--relaxng`; `schema` is relative to [`schemas`].
pub fn validate(document: &[u8], how: &str, schema: &str, what: &str) {
    let schema_path = schemas().join(schema);
    let args = [OsStr::new(how), schema_path.as_os_str()];
    xmllint(document, &args, &format!("{what} does not validate against {schema}"));
}

/// Panics with xmllint's report (or an install hint) unless `document` is well-formed XML.
pub fn well_formed(document: &[u8], what: &str) {
    xmllint(document, &[], &format!("{what} is not well-formed"));
}

/// Whether `document` validates (as [`validate`] takes its arguments), and xmllint's report when it does not.
pub fn validates(document: &[u8], how: &str, schema: &str) -> Result<(), String> {
    let schema_path = schemas().join(schema);
    run_xmllint(document, &[OsStr::new(how), schema_path.as_os_str()])
}

fn xmllint(document: &[u8], args: &[&OsStr], failure: &str) {
    if let Err(report) = run_xmllint(document, args) {
        panic!(
            "{failure}:\n{report}\n{}",
            String::from_utf8_lossy(document).chars().take(3000).collect::<String>()
        );
    }
}

fn run_xmllint(document: &[u8], args: &[&OsStr]) -> Result<(), String> {
    let child = Command::new("xmllint")
        .env("XML_CATALOG_FILES", schemas().join("catalog.xml"))
        .args(["--nonet", "--noout"])
        .args(args)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = child.unwrap_or_else(|e| {
        panic!("xmllint is needed to check XML output ({e}); install it: apt-get install libxml2-utils")
    });
    child.stdin.take().unwrap().write_all(document).unwrap();
    let output = child.wait_with_output().unwrap();
    match output.status.success() {
        true => Ok(()),
        false => Err(String::from_utf8_lossy(&output.stderr).into_owned()),
    }
}
