//! CSV: header rules, entries spanning rows, what is refused and where.

use tarjuman::glossary::csv::{read_csv, write_csv};
use tarjuman::glossary::error::Position;
use tarjuman::glossary::model::{Glossary, MatchMode, PartOfSpeech, TermStatus};

use crate::glossary::support::{lang, sample, term};

fn read(input: &str) -> Glossary {
    read_csv(input.as_bytes(), lang("ar"), lang("en")).unwrap_or_else(|e| panic!("{e}\n{input}"))
}

#[test]
fn reads_layouts_people_write() {
    use TermStatus::{Admitted, Forbidden, Preferred};
    // (name, csv, expected (source terms, target terms) of the first entry, number of entries)
    let cases: [(&str, &str, (Vec<_>, Vec<_>), usize); 6] = [
        (
            "minimal",
            "source,target\nروسيا,Russia\n",
            (vec![term("روسيا", Preferred)], vec![term("Russia", Preferred)]),
            1,
        ),
        (
            "byte-order mark, header case and order",
            "\u{feff}Target, SOURCE ,Status\nRussia,روسيا,admitted\n",
            (vec![term("روسيا", Admitted)], vec![term("Russia", Admitted)]),
            1,
        ),
        (
            "quoted commas and line breaks",
            "source,target,note\n\"آسيا, الوسطى\",\"Central Asia\",\"line one\nline two, \"\"quoted\"\"\"\n",
            (vec![term("آسيا, الوسطى", Preferred)], vec![term("Central Asia", Preferred)]),
            1,
        ),
        (
            "synonyms tied by concept, repeated headword keeps its first status",
            "concept,source,target,status\n\
             almaty,ألماتي,Almaty,preferred\nalmaty,ألماتي,Alma-Ata,forbidden\nalmaty,ألما آتا,,admitted\n",
            (
                vec![term("ألماتي", Preferred), term("ألما آتا", Admitted)],
                vec![term("Almaty", Preferred), term("Alma-Ata", Forbidden)],
            ),
            1,
        ),
        (
            "rows without concept are entries of their own; blank rows skipped",
            "source,target,concept\nروسيا,Russia,\n,,\nموسكو,Moscow,\n",
            (vec![term("روسيا", Preferred)], vec![term("Russia", Preferred)]),
            2,
        ),
        (
            "short rows read as empty cells",
            "source,target,pos\nروسيا,Russia\n",
            (vec![term("روسيا", Preferred)], vec![term("Russia", Preferred)]),
            1,
        ),
    ];
    for (name, input, (source, target), count) in cases {
        let glossary = read(input);
        assert_eq!(glossary.concepts.len(), count, "{name}");
        assert_eq!(glossary.concepts[0].source_terms, source, "{name}");
        assert_eq!(glossary.concepts[0].target_terms, target, "{name}");
    }
}

#[test]
fn entry_fields_and_match_mode_defaults() {
    let glossary = read(
        "source,target,pos,match,note,domain,concept\n\
         كازاخي,Kazakh,adjective,,of Kazakhstan,politics,\n\
         توكاييف,Tokayev,properNoun,exact,,,\n\
         عنف,violence,,,,,\n",
    );
    let modes: Vec<_> = glossary.concepts.iter().map(|c| (c.part_of_speech, c.match_mode)).collect();
    assert_eq!(
        modes,
        [
            (Some(PartOfSpeech::Adjective), MatchMode::Inflected),
            (Some(PartOfSpeech::ProperNoun), MatchMode::Exact),
            (None, MatchMode::Exact)
        ]
    );
    assert_eq!(glossary.concepts[0].note.as_deref(), Some("of Kazakhstan"));
    assert_eq!(glossary.concepts[0].domain.as_deref(), Some("politics"));
    assert_eq!(glossary.concepts[0].id, None);
}

#[test]
fn refusals_say_what_and_where() {
    // (name, csv, line, column, reason)
    let cases = [
        ("no target column", "source,note\nروسيا,x\n", 1, None, "missing column \"target\""),
        ("unknown column", "source,target,staus\nروسيا,Russia,x\n", 1, None, "unknown column \"staus\""),
        ("column twice", "source,target,Source\n", 1, None, "column \"source\" appears twice"),
        (
            "bad status",
            "source,target,status\nروسيا,Russia,preferred\nموسكو,Moscow,maybe\n",
            3,
            Some(3),
            "unknown status \"maybe\"",
        ),
        (
            "bad part of speech",
            "pos,source,target\nnominal,روسيا,Russia\n",
            2,
            Some(1),
            "unknown part of speech",
        ),
        (
            "conflicting note",
            "concept,source,target,note\nkz,كازاخستان,Kazakhstan,country\nkz,,Qazaqstan,republic\n",
            3,
            Some(4),
            "concept \"kz\": note \"republic\" conflicts with \"country\" from line 2",
        ),
        (
            "no target term",
            "concept,source,target\nkz,كازاخستان,\nkz,قازاقستان,\n",
            2,
            None,
            "entry kz has no target term",
        ),
        (
            "no source term, no concept",
            "source,target\n,Russia\n",
            2,
            None,
            "entry (no concept id) has no source term",
        ),
        ("extra cells", "source,target\nروسيا,Russia,x\n", 2, None, "3 cells but the header has 2"),
        (
            "an unbalanced quote swallows the rest of the file",
            "source,target\n\"روسيا,Russia\n",
            2,
            None,
            "has no target term",
        ),
    ];
    for (name, input, line, column, reason) in cases {
        let error = read_csv(input.as_bytes(), lang("ar"), lang("en")).expect_err(name);
        assert_eq!(error.position, Position { line, column }, "{name}: {error}");
        assert!(error.to_string().contains(reason), "{name}: {error}");
    }
}

#[test]
fn refuses_bytes_that_are_not_utf8() {
    let error = read_csv(b"source,target\nx,\xFF\n", lang("ar"), lang("en")).unwrap_err();
    assert_eq!(error.to_string(), "CSV line 2, column 2: the file is not valid UTF-8 (save it as UTF-8)");
}

#[test]
fn single_row_entries_without_id_stay_without_id() {
    let mut glossary = sample();
    glossary.concepts[2].id = None;
    glossary.concepts[3].id = None;
    let written = write_csv(&glossary);
    let text = String::from_utf8(written.clone()).unwrap();
    assert!(text.starts_with("\u{feff}source,target,status,pos,match,domain,note,concept\r\n"), "{text}");
    assert_eq!(read_csv(&written, lang("ar"), lang("en")).unwrap(), glossary, "{text}");
}

#[test]
fn multi_row_entries_without_id_get_a_generated_one() {
    let mut glossary = sample();
    glossary.concepts[0].id = None;
    let read = read_csv(&write_csv(&glossary), lang("ar"), lang("en")).unwrap();
    assert_eq!(read.concepts[0].id.as_deref(), Some("c1"));
    assert_eq!(read.concepts[0].source_terms, glossary.concepts[0].source_terms);
}

#[test]
fn every_bad_row_is_reported_at_once() {
    let input = "source,target,status,pos\n\
                 روسيا,Russia,preferred,properNoun\n\
                 موسكو,Moscow,sometimes,properNoun\n\
                 ألماتي,Almaty,preferred,place\n\
                 ,Nobody,preferred,noun\n\
                 تاس,TASS,preferred,properNoun,extra\n";
    let error = read_csv(input.as_bytes(), lang("ar"), lang("en")).unwrap_err();
    let lines: Vec<u64> =
        std::iter::once(error.position.line).chain(error.further.iter().map(|e| e.position.line)).collect();
    assert_eq!(lines, [3, 4, 5, 6], "{error}");
    let message = error.to_string();
    assert!(
        message.contains("sometimes") && message.contains("place") && message.contains("line 6"),
        "{message}"
    );
}
