//! translate-toolkit (the parser Weblate and Pootle use) reads what tarjuman writes: the hostile document as
//! XLIFF 1.2, XLIFF 2 and TMX, through `tests/tt_check.py`, gives the same units with the same texts.

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use tarjuman::formats::tmx::write_tmx;
use tarjuman::formats::{xliff12, xliff2, BilingualDocument};

use crate::formats::support::hostile_document;
use crate::support::process::DataDir;

/// The Python with translate-toolkit: `TARJUMAN_TT_PYTHON`, else the virtualenv `scripts/test.sh` makes, else
/// `python3`.
fn python() -> String {
    if let Ok(python) = std::env::var("TARJUMAN_TT_PYTHON") {
        return python;
    }
    let venv = std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache/tarjuman-venv/bin/python"));
    match venv.filter(|p| p.exists()) {
        Some(venv) => venv.display().to_string(),
        None => "python3".into(),
    }
}

const INSTALL: &str = "install translate-toolkit: python3 -m venv ~/.cache/tarjuman-venv && \
                       ~/.cache/tarjuman-venv/bin/pip install translate-toolkit (scripts/test.sh does this)";

/// What translate-toolkit reads in an XLIFF 1.2, an XLIFF 2 and a TMX file: `tests/tt_check.py`'s report.
pub fn translate_toolkit(xliff12: &[u8], xliff2: &[u8], tmx: &[u8]) -> Value {
    translate_toolkit_files(&[("xliff12", xliff12), ("xliff2", xliff2), ("tmx", tmx)])
}

/// What translate-toolkit reads in each file, by name (`xliff12`, `xliff2`, `tmx`, each optionally followed
/// by a dot and a tag): `tests/tt_check.py`'s report.
pub fn translate_toolkit_files(files: &[(&str, &[u8])]) -> Value {
    let folder = DataDir::new("translate-toolkit");
    let dir = &folder.0;
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tt_check.py");
    let output = Command::new(python())
        .arg(script)
        .args(files.iter().map(|(name, _)| format!("{name}={}", dir.join(name).display())))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} ({e}); {INSTALL}", python()));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("ModuleNotFoundError"), "translate-toolkit is missing ({stderr}); {INSTALL}");
    assert!(output.status.success(), "tt_check.py failed:\n{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).expect("tt_check.py prints JSON");
    println!("translate-toolkit {}", report["translate-toolkit"]);
    report
}

#[test]
fn translate_toolkit_reads_xliff12_xliff2_and_tmx() {
    let doc = hostile_document();
    let report =
        translate_toolkit(&xliff12::write_xliff12(&doc), &xliff2::write_xliff2(&doc), &write_tmx(&doc));

    for (format, expected) in [
        (
            "xliff12",
            xliff_units(&doc, true, |_, id| format!("{}\u{4}{id}", doc.original.as_deref().unwrap())),
        ),
        ("xliff2", xliff_units(&doc, false, |paragraph, id| format!("p{paragraph}::{id}"))),
        ("tmx", tmx_units(&doc)),
    ] {
        let got: Vec<Read> = report[format]
            .as_array()
            .unwrap_or_else(|| panic!("no {format} in the report"))
            .iter()
            .map(|u| Read {
                id: u["id"].as_str().unwrap().to_owned(),
                source: u["source"].as_str().unwrap().to_owned(),
                target: u["target"].as_str().map(str::to_owned),
            })
            .collect();
        assert_eq!(got.len(), expected.len(), "{format}: number of units");
        for (got, expected) in got.iter().zip(&expected) {
            assert_eq!(got, expected, "{format}");
        }
    }
}

/// A unit as translate-toolkit reads it.
#[derive(Debug, PartialEq)]
struct Read {
    id: String,
    source: String,
    target: Option<String>,
}

/// Every unit, as translate-toolkit reads XLIFF: ids composed by `id(paragraph number, unit id)` (1.2:
/// `original` U+0004 `id`; 2: `unit::segment`, our units being paragraphs `p1`, `p2`…), no target and an
/// empty one kept apart, and whitespace normalised: without `xml:space="preserve"` (we write none) XML leaves whitespace to the
/// application, and translate-toolkit collapses runs of spaces, tabs and line feeds and trims. `copies_source`:
/// an untranslated unit's target is its source (XLIFF 1.2, for OmegaT).
fn xliff_units(
    doc: &BilingualDocument,
    copies_source: bool,
    id: impl Fn(usize, &str) -> String,
) -> Vec<Read> {
    let mut units = Vec::new();
    for (index, paragraph) in doc.paragraphs.iter().enumerate() {
        for unit in &paragraph.units {
            units.push(Read {
                id: id(index + 1, &unit.id),
                source: collapse(&unit.source),
                target: unit
                    .target
                    .as_deref()
                    .or(Some(unit.source.as_str()).filter(|_| copies_source && !unit.locked))
                    .map(collapse),
            });
        }
    }
    units
}

/// The translated units (the TMX writer leaves the others out), texts exactly as written: TMX `<seg>` content
/// is taken verbatim.
fn tmx_units(doc: &BilingualDocument) -> Vec<Read> {
    doc.units()
        .filter(|u| u.target.as_deref().is_some_and(|t| !t.is_empty()))
        .map(|u| Read { id: u.id.clone(), source: u.source.clone(), target: u.target.clone() })
        .collect()
}

/// XML whitespace collapsed to single spaces and trimmed.
pub fn collapse(text: &str) -> String {
    text.split([' ', '\t', '\n', '\r']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}
