//! TBX: the LTAC samples, structure and dialect refusals with positions, entity safety, TBX v2 and DCT
//! style, language matching, and the RELAX NG validity of what the writer produces.

use tarjuman::glossary::error::{Position, Side};
use tarjuman::glossary::model::{PartOfSpeech, TermStatus};
use tarjuman::glossary::tbx::{read_tbx, write_tbx, OneSided};

use crate::glossary::support::{data, lang, sample, term};

/// A TBX 2019 document of `dialect` whose body holds `entry` on line 5.
fn document(dialect: &str, entry: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tbx type="{dialect}" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
{entry}
</body></text>
</tbx>
"#
    )
}

/// Entries read, or where and why the file is refused.
type Expected = Result<usize, (u64, u64, &'static str)>;

#[test]
fn ltac_samples_import_or_are_refused_with_a_reason() {
    // (file, Ok(concepts for en→es) or Err((line, column, reason)))
    let cases: [(&str, Expected); 7] = [
        ("astro_basic", Ok(39)),
        ("basic_good", Ok(39)),
        ("core_structure_good", Ok(39)),
        ("min_good", Ok(39)),
        ("basic_bad", Err((26, 6, r#"TBX-Basic does not allow <transac type="theWrongType">"#))),
        ("core_structure_bad", Err((16, 5, "text directly inside <sourceDesc>"))),
        ("poorly_formed_xml", Err((42, 6, "malformed XML"))),
    ];
    for (file, expected) in cases {
        let result = read_tbx(&data(&format!("tbx/{file}.tbx")), lang("en"), lang("es"));
        match (result, expected) {
            (Ok(import), Ok(count)) => assert_eq!(import.glossary.concepts.len(), count, "{file}"),
            (Err(e), Err((line, column, reason))) => {
                assert_eq!(e.position, Position { line, column: Some(column) }, "{file}: {e}");
                assert!(e.to_string().contains(reason), "{file}: {e}");
            }
            (result, expected) => panic!("{file}: got {result:?}, expected {expected:?}"),
        }
    }
}

#[test]
fn astro_basic_reads_every_field() {
    let import = read_tbx(&data("tbx/astro_basic.tbx"), lang("en"), lang("es")).unwrap();
    let first = &import.glossary.concepts[0];
    assert_eq!(first.id.as_deref(), Some("c1"));
    assert_eq!(first.domain.as_deref(), Some("General"));
    assert_eq!(first.part_of_speech, Some(PartOfSpeech::Noun));
    assert_eq!(first.source_terms[0], term("open cluster", TermStatus::Preferred));
    assert_eq!(first.source_terms[1], term("galactic cluster", TermStatus::Forbidden));
    let note = first.note.as_deref().unwrap();
    assert!(note.starts_with("G-Source: http://www.physics.drexel.edu/observatory/dump.shtml\n"), "{note}");
    assert!(note.contains("A group of stars formed together in the spiral arms of a galaxy."), "{note}");
}

#[test]
fn the_sample_bad_files_break_each_of_their_rules() {
    let minimal = |term_sec: &str| {
        format!(
            r#"<conceptEntry id="c1"><langSec xml:lang="en"><termSec>{term_sec}</termSec></langSec></conceptEntry>"#
        )
    };
    let term_sec = |extra: &str| minimal(&format!("<term>x</term>{extra}"));
    // (name, dialect, entry on line 5, where the error points in the entry, reason)
    let cases = [
        (
            "term must come first",
            "TBX-Core",
            minimal("<admin type=\"a\">x</admin><term>x</term>"),
            "<admin",
            "<admin> before <term> in <termSec>",
        ),
        ("termSec without term", "TBX-Core", minimal(""), "<termSec", "<termSec> without <term>"),
        (
            "one term per termSec",
            "TBX-Core",
            term_sec("<term>y</term>"),
            "<term>y",
            "more than one <term> in <termSec>",
        ),
        (
            "admin needs a type",
            "TBX-Core",
            term_sec("<admin>x</admin>"),
            "<admin",
            "<admin> without a type attribute",
        ),
        (
            "one descrip per descripGrp",
            "TBX-Core",
            term_sec(concat!(
                "<descripGrp><descrip type=\"a\">1</descrip>",
                "<descrip type=\"a\">2</descrip></descripGrp>"
            )),
            "<descrip type=\"a\">2",
            "more than one <descrip> in <descripGrp>",
        ),
        (
            "langSec needs xml:lang",
            "TBX-Core",
            term_sec("").replace(" xml:lang=\"en\"", ""),
            "<langSec",
            "<langSec> without a xml:lang attribute",
        ),
        (
            "concept without language",
            "TBX-Core",
            r#"<conceptEntry id="c1"><note>n</note></conceptEntry>"#.into(),
            "<conceptEntry",
            "<conceptEntry> without <langSec>",
        ),
        (
            "concept notes come first",
            "TBX-Core",
            minimal("<term>x</term>").replace("</langSec>", "</langSec><note>late</note>"),
            "<note>late",
            "<note> is out of order in <conceptEntry>",
        ),
        (
            "termNote before notes",
            "TBX-Core",
            term_sec("<note>n</note><termNote type=\"a\">x</termNote>"),
            "<termNote",
            "<termNote> is out of order in <termSec>",
        ),
        (
            "unknown element",
            "TBX-Core",
            term_sec("<remark>x</remark>"),
            "<remark",
            "<remark> is not allowed in <termSec>",
        ),
        (
            "bad language tag",
            "TBX-Core",
            minimal("<term>x</term>").replace("\"en\"", "\"english!\""),
            "<langSec",
            "not a BCP 47 language tag",
        ),
        (
            "ids are unique",
            "TBX-Core",
            format!("{}{}", term_sec(""), term_sec("").replace("\"en\"", "\"es\"")),
            "<conceptEntry id=\"c1\"><langSec xml:lang=\"es\"",
            "id \"c1\" is used twice",
        ),
        (
            "definition not at term level",
            "TBX-Basic",
            term_sec("<descrip type=\"definition\">d</descrip>"),
            "<descrip",
            "definition in <termSec>",
        ),
        (
            "subjectField at concept level only",
            "TBX-Basic",
            term_sec("<descrip type=\"subjectField\">d</descrip>"),
            "<descrip",
            "subjectField in <termSec>",
        ),
        (
            "partOfSpeech picklist",
            "TBX-Basic",
            term_sec("<termNote type=\"partOfSpeech\">nominal</termNote>"),
            "<termNote",
            "unknown part of speech \"nominal\"",
        ),
        (
            "status picklist",
            "TBX-Core",
            term_sec("<termNote type=\"administrativeStatus\">maybe</termNote>"),
            "<termNote",
            "unknown status \"maybe\"",
        ),
        (
            "transacNote type",
            "TBX-Basic",
            term_sec(concat!(
                "<transacGrp><transac type=\"transactionType\">origination</transac>",
                "<transacNote type=\"wrongType\">me</transacNote></transacGrp>"
            )),
            "<transacNote",
            "<transacNote type=\"wrongType\">",
        ),
        (
            "no DCT elements in DCA",
            "TBX-Basic",
            term_sec("<x:pos xmlns:x=\"urn:x\">noun</x:pos>"),
            "<x:pos",
            "DCT-style element <pos>",
        ),
    ];
    for (name, dialect, entry, marker, reason) in cases {
        let error = read_tbx(document(dialect, &entry).as_bytes(), lang("en"), lang("es")).expect_err(name);
        // The entry is ASCII, so the column is the marker's byte index plus one.
        let column = entry.find(marker).unwrap_or_else(|| panic!("{name}: marker not in entry")) as u64 + 1;
        assert_eq!(error.position, Position { line: 5, column: Some(column) }, "{name}: {error}");
        assert!(error.to_string().contains(reason), "{name}: {error}");
    }
}

#[test]
fn entities_cannot_expand_or_fetch() {
    let billion_laughs = r#"<?xml version="1.0"?>
<!DOCTYPE tbx [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<tbx type="TBX-Core" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text>&lol9;</text></tbx>"#;
    let external = r#"<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><tbx>&xxe;</tbx>"#;
    let undeclared = document(
        "TBX-Core",
        r#"<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>&xxe;</term></termSec></langSec></conceptEntry>"#,
    );
    let entity_column = undeclared.lines().nth(4).unwrap().find("&xxe;").unwrap() as u64 + 1;
    let cases = [
        ("billion laughs", billion_laughs.to_owned(), 2, 1, "DOCTYPE with an internal subset is refused"),
        ("external entity", external.to_owned(), 1, 1, "DOCTYPE with an internal subset is refused"),
        ("undeclared entity", undeclared.clone(), 5, entity_column, "unknown entity &xxe;"),
    ];
    for (name, input, line, column, reason) in cases {
        let error = read_tbx(input.as_bytes(), lang("en"), lang("es")).expect_err(name);
        assert_eq!(error.position, Position { line, column: Some(column) }, "{name}: {error}");
        assert!(error.to_string().contains(reason), "{name}: {error}");
    }
}

#[test]
fn refuses_what_is_not_a_utf8_termbase() {
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("not UTF-8", b"<tbx>\n  \xFF</tbx>".to_vec(), "TBX line 2, column 3: the file is not valid UTF-8"),
        (
            "declared Latin-1",
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><tbx/>".to_vec(),
            "encoding \"ISO-8859-1\"",
        ),
        ("not a termbase", b"<html><body/></html>".to_vec(), "<html> is not a termbase"),
        ("unclosed root", b"<martif>\n<text>".to_vec(), "malformed XML"),
    ];
    for (name, input, reason) in cases {
        let error = read_tbx(&input, lang("en"), lang("es")).expect_err(name);
        assert!(error.to_string().contains(reason), "{name}: {error}");
    }
}

#[test]
fn reads_tbx_v2_martif_with_tig_and_ntig() {
    let v2 = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>v2</p></sourceDesc></fileDesc></martifHeader>
<text><body>
  <termEntry id="kz">
    <descrip type="subjectField">geography</descrip>
    <note>Central Asian republic</note>
    <langSet xml:lang="ar">
      <ntig><termGrp><term>كازاخستان</term><termNote type="partOfSpeech">properNoun</termNote></termGrp></ntig>
    </langSet>
    <langSet xml:lang="en-GB">
      <tig><term>Kazakhstan</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      <tig><term>Kazakh SSR</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
    </langSet>
  </termEntry>
</body></text></martif>"#;
    let glossary = read_tbx(v2.as_bytes(), lang("ar"), lang("en")).unwrap().glossary;
    let kz = &glossary.concepts[0];
    assert_eq!(kz.id.as_deref(), Some("kz"));
    assert_eq!(kz.part_of_speech, Some(PartOfSpeech::ProperNoun));
    assert_eq!(kz.domain.as_deref(), Some("geography"));
    assert_eq!(kz.note.as_deref(), Some("Central Asian republic"));
    assert_eq!(kz.source_terms, [term("كازاخستان", TermStatus::Preferred)]);
    assert_eq!(
        kz.target_terms,
        [term("Kazakhstan", TermStatus::Preferred), term("Kazakh SSR", TermStatus::Forbidden)]
    );
}

#[test]
fn reads_dct_style_data_categories() {
    let dct = r#"<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2" xmlns:basic="http://www.tbxinfo.net/ns/basic" xmlns:min="http://www.tbxinfo.net/ns/min">
<tbxHeader><fileDesc><sourceDesc><p>dct</p></sourceDesc></fileDesc></tbxHeader>
<text><body><conceptEntry id="c1"><min:subjectField>politics</min:subjectField>
  <langSec xml:lang="ar"><termSec><term>تركي</term><basic:partOfSpeech>adjective</basic:partOfSpeech></termSec></langSec>
  <langSec xml:lang="en"><termSec><term>Turkish</term><basic:administrativeStatus>admittedTerm-admn-sts</basic:administrativeStatus></termSec></langSec>
</conceptEntry></body></text></tbx>"#;
    let concept = &read_tbx(dct.as_bytes(), lang("ar"), lang("en")).unwrap().glossary.concepts[0];
    assert_eq!(concept.part_of_speech, Some(PartOfSpeech::Adjective));
    assert_eq!(concept.domain.as_deref(), Some("politics"));
    assert_eq!(concept.target_terms, [term("Turkish", TermStatus::Admitted)]);
}

#[test]
fn one_sided_entries_are_reported_and_other_languages_skipped() {
    let entry = |id: &str, langs: &[&str]| {
        let secs: String = langs
            .iter()
            .map(|l| format!(r#"<langSec xml:lang="{l}"><termSec><term>{l}</term></termSec></langSec>"#))
            .collect();
        format!(r#"<conceptEntry id="{id}">{secs}</conceptEntry>"#)
    };
    let body =
        [entry("both", &["ar-EG", "en-US"]), entry("ar-only", &["ar"]), entry("neither", &["fr", "de"])]
            .join("\n");
    let import = read_tbx(document("TBX-Core", &body).as_bytes(), lang("ar"), lang("en")).unwrap();
    assert_eq!(import.glossary.concepts.len(), 1);
    assert_eq!(import.glossary.concepts[0].source_terms[0].text, "ar-EG");
    let position = Position { line: 6, column: Some(1) };
    assert_eq!(import.one_sided, [OneSided { id: Some("ar-only".into()), position, missing: Side::Target }]);
}

#[test]
fn concepts_without_a_usable_id_get_one() {
    let mut glossary = sample();
    glossary.concepts[0].id = None;
    glossary.concepts[1].id = Some("not an id".into());
    let read = read_tbx(&write_tbx(&glossary), lang("ar"), lang("en")).unwrap().glossary;
    assert_eq!(read.concepts[0].id.as_deref(), Some("c1"));
    assert_eq!(read.concepts[1].id.as_deref(), Some("c2"));
}

/// Validates a document with xmllint against the TBX core RELAX NG copied into tests/data/schemas.
pub fn assert_valid_tbx(document: &[u8], what: &str) {
    crate::support::xml::validate(document, "--relaxng", "TBXcoreStructV03.rng", what);
}

#[test]
fn written_tbx_validates_against_the_core_relax_ng() {
    let empty = tarjuman::glossary::model::Glossary { concepts: Vec::new(), ..sample() };
    assert_valid_tbx(&write_tbx(&sample()), "the sample glossary");
    assert_valid_tbx(&write_tbx(&empty), "an empty glossary");
}

#[test]
fn a_non_default_match_mode_is_the_one_thing_tbx_loses() {
    let glossary = sample();
    let read = read_tbx(&write_tbx(&glossary), lang("ar"), lang("en")).unwrap().glossary;
    let (written, back) = (&glossary.concepts[4], &read.concepts[4]);
    assert_eq!(back, written);
    let mut proper = glossary.clone();
    proper.concepts[4].match_mode = tarjuman::glossary::model::MatchMode::Exact;
    let read = read_tbx(&write_tbx(&proper), lang("ar"), lang("en")).unwrap().glossary;
    assert_eq!(read.concepts[4].match_mode, tarjuman::glossary::model::MatchMode::Inflected);
}

#[test]
fn a_termbase_is_read_one_entry_at_a_time_and_a_flood_in_an_entry_is_refused() {
    let entry = |n: usize, inside: &str| {
        format!(
            r#"<conceptEntry id="c{n}"><langSec xml:lang="ar"><termSec><term>ع{n}{inside}</term></termSec></langSec><langSec xml:lang="en"><termSec><term>e{n}</term></termSec></langSec></conceptEntry>"#
        )
    };
    // 10,000 entries are 110,000 elements and texts, twice what may be held at once.
    let entries: String = (0..10_000).map(|n| entry(n, "\n")).collect();
    let read = read_tbx(document("TBX-Basic", &entries).as_bytes(), lang("ar"), lang("en")).unwrap();
    assert_eq!(read.glossary.concepts.len(), 10_000);
    let flood = format!("{entries}{}", entry(10_000, &"<hi/>".repeat(60_000)));
    let error = read_tbx(document("TBX-Basic", &flood).as_bytes(), lang("ar"), lang("en")).unwrap_err();
    assert!(error.to_string().contains("over the budget of 50000 elements"), "{error}");
    assert_eq!(error.position.line, 5 + 10_000, "{error}");
}
