//! TBX-Basic dialect rules (the LTAC `TBX-Basic_DCA.sch` Schematron) as tables: which data categories each
//! element may carry and at which level of an entry each may sit. Values (part of speech, status) are
//! checked when terms are read, against what tarjuman's model knows.

use crate::glossary::error::Problem;
use crate::glossary::tbx::xml::{foreign, At, Element};

const DIALECT: &str = "TBX-Basic";

/// The `type` values each meta data category element may carry.
const TYPES: &[(&str, &[&str])] = &[
    ("admin", &["customerSubset", "projectSubset", "source"]),
    ("descrip", &["subjectField", "context", "definition"]),
    ("ref", &["crossReference"]),
    // `usageStatus` is TBX-Min's, not TBX-Basic's, but real TBX-Basic exports carry it (MultiTerm, and the
    // LTAC sample basic_good.tbx), and it means what administrativeStatus means: tolerated and read.
    (
        "termNote",
        &[
            "administrativeStatus",
            "partOfSpeech",
            "geographicalUsage",
            "grammaticalGender",
            "termLocation",
            "termType",
            "usageStatus",
        ],
    ),
    ("transac", &["transactionType"]),
    ("transacNote", &["responsibility"]),
    ("xref", &["externalCrossReference", "xGraphic"]),
];

/// The entry levels at which each data category may appear (directly or in a `*Grp`).
const LEVELS: &[(&str, &[&str])] = &[
    ("subjectField", &["conceptEntry"]),
    ("definition", &["conceptEntry", "langSec"]),
    ("context", &["termSec"]),
    ("customerSubset", &["conceptEntry", "termSec"]),
    ("projectSubset", &["conceptEntry", "termSec"]),
    ("source", &["conceptEntry", "langSec", "termSec"]),
    ("crossReference", &["conceptEntry", "termSec"]),
    ("transactionType", &["conceptEntry", "langSec", "termSec"]),
    ("responsibility", &["conceptEntry", "langSec", "termSec"]),
    ("externalCrossReference", &["conceptEntry", "langSec", "termSec"]),
    ("xGraphic", &["conceptEntry", "langSec"]),
];

/// Checks a `<tbx type="TBX-Basic">` document, already known to follow the core structure.
pub(super) fn check(root: &Element) -> Result<(), At> {
    let dca = root.attribute("style") == Some("dca");
    check_children(root, &[], dca)
}

/// Checks one `<conceptEntry>` of `<body>`, already known to follow the core structure.
pub(super) fn check_entry(entry: &Element, dca: bool) -> Result<(), At> {
    let path = ["tbx", "text", "body"];
    check_element(entry, &path, dca)?;
    check_children(entry, &path, dca)
}

fn check_children(element: &Element, ancestors: &[&str], dca: bool) -> Result<(), At> {
    let mut path = ancestors.to_vec();
    path.push(&element.name);
    for child in element.elements() {
        check_element(child, &path, dca)?;
        check_children(child, &path, dca)?;
    }
    Ok(())
}

fn check_element(element: &Element, ancestors: &[&str], dca: bool) -> Result<(), At> {
    let refuse = |what: String| Err(At(element.offset, Problem::Dialect { dialect: DIALECT, what }));
    if foreign(element) && dca {
        return refuse(format!("the DCT-style element <{}> in a DCA-style file", element.name));
    }
    let Some((_, allowed)) = TYPES.iter().find(|(name, _)| *name == element.name) else { return Ok(()) };
    let category = element.attribute("type").unwrap_or_default();
    if !allowed.contains(&category) {
        let allowed = allowed.join(", ");
        return refuse(format!("<{} type={category:?}> (allowed types: {allowed})", element.name));
    }
    let Some((_, levels)) = LEVELS.iter().find(|(name, _)| *name == category) else { return Ok(()) };
    let level = match ancestors {
        [.., level, group] if group.ends_with("Grp") => level,
        [.., level] => level,
        [] => "",
    };
    if !levels.contains(&level) {
        return refuse(format!("{category} in <{level}> (allowed in: {})", levels.join(", ")));
    }
    Ok(())
}
