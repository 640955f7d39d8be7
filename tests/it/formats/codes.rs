//! Inline codes through tarjuman's own XLIFF 1.2, XLIFF 2 and TMX (issue 14): the files validate against the
//! official schemas, read back with the codes where they were, and translate-toolkit reads the same codes.

use serde_json::Value;
use tarjuman::formats::tmx::{read_tmx, write_tmx};
use tarjuman::formats::{xliff12, xliff2, BilingualDocument, Unit};
use tarjuman::inline::{self, Code, Marker};

use crate::formats::support::{coded_document, validate};
use crate::formats::third_party::{collapse, translate_toolkit};

/// Each unit's codes sorted by id (readers list them in the order met).
fn sorted(mut doc: BilingualDocument) -> BilingualDocument {
    for unit in doc.paragraphs.iter_mut().flat_map(|p| &mut p.units) {
        unit.codes.sort_by_key(|c| c.id);
    }
    doc
}

/// Whether `marker` is in the unit's source or target.
fn uses(unit: &Unit, marker: Marker) -> bool {
    let texts = std::iter::once(unit.source.as_str()).chain(unit.target.as_deref());
    texts.flat_map(inline::markers).any(|m| m == marker)
}

#[test]
fn xliff2_carries_every_code_with_its_native_data() {
    let doc = coded_document();
    let bytes = xliff2::write_xliff2(&doc);
    validate(&bytes, "--schema", "xliff-2/with-modules.xsd", "codes.xlf");
    validate(&bytes, "--schema", "xliff-2/xliff_core_2.0.xsd", "codes-core.xlf");
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(
        text.contains("<pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d1e\" type=\"fmt\" dispStart=\"b\">")
    );
    assert!(text.contains("<sc id=\"4\" dataRef=\"d4\""), "a pair split across segments: {text}");
    assert!(text.contains("<ec startRef=\"4\" dataRef=\"d4e\"/>"), "{text}");
    assert!(text.contains("<ec id=\"1\" isolated=\"yes\" dataRef=\"d1e\""), "{text}");
    assert!(text.contains("<data id=\"d2\">&lt;a href=\"https://example.org/?a=1&amp;amp;b=2\"&gt;</data>"));
    let back = xliff2::read_xliff2(&bytes).unwrap();
    // The isolated closing half of s5 names only its own native data: the opening half is in no segment.
    let mut expected = doc;
    expected.paragraphs[2].units[0].codes[0].open.clear();
    assert_eq!(sorted(back), sorted(expected));
}

#[test]
fn xliff12_carries_every_code_where_it_was() {
    let doc = coded_document();
    let bytes = xliff12::write_xliff12(&doc);
    validate(&bytes, "--schema", "xliff-1.2/xliff-core-1.2-strict.xsd", "codes.xlf");
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("<g id=\"1\" ctype=\"x-fmt\" equiv-text=\"b\">الرئيس</g>"), "{text}");
    assert!(text.contains("<x id=\"3\" ctype=\"image\" equiv-text=\"img\"/>"), "{text}");
    assert!(text.contains("<bx id=\"4\" ctype=\"x-fmt\" equiv-text=\"i\"/>"), "{text}");
    assert!(text.contains("<ex id=\"4\" equiv-text=\"i\"/>"), "{text}");
    assert!(text.contains("<bx id=\"4\" rid=\"4\" ctype=\"x-ui\" equiv-text=\"span\"/>"), "crossing: {text}");
    let back = xliff12::read_xliff12(&bytes).unwrap();
    // XLIFF 1.2's g, x, bx and ex hold no native data; a lone closing half (ex) has no ctype.
    let mut expected = doc;
    for unit in expected.paragraphs.iter_mut().flat_map(|p| &mut p.units) {
        let used = unit.clone();
        for code in &mut unit.codes {
            code.open.clear();
            code.close = code.close.as_ref().map(|_| String::new());
            code.title = None;
            if !uses(&used, Marker::Open(code.id)) && !uses(&used, Marker::Standalone(code.id)) {
                code.class = inline::CodeClass::Other;
            }
        }
        if unit.target.is_none() {
            unit.state = Default::default();
        }
    }
    assert_eq!(sorted(back), sorted(expected));
}

#[test]
fn tmx_carries_the_native_data_of_every_code() {
    let doc = coded_document();
    let bytes = write_tmx(&doc);
    validate(&bytes, "--dtdvalid", "tmx-1.4b/tmx14.dtd", "codes.tmx");
    let units = read_tmx(&bytes).unwrap();
    let translated: Vec<&Unit> = doc.units().filter(|u| u.target.is_some()).collect();
    assert_eq!(units.len(), translated.len());
    for (got, unit) in units.iter().zip(translated) {
        let native = |text: &str, codes: &[Code]| inline::to_native(text, codes, |t, o| o.push_str(t));
        assert_eq!(native(&got.source, &got.codes), native(&unit.source, &unit.codes), "{}", unit.id);
        let target = unit.target.as_deref().unwrap();
        assert_eq!(native(&got.target, &got.codes), native(target, &unit.codes), "{}", unit.id);
        let kinds =
            |text: &str| inline::markers(text).map(|m| std::mem::discriminant(&m)).collect::<Vec<_>>();
        assert_eq!(kinds(&got.source), kinds(&unit.source), "{}", unit.id);
    }
    assert!(String::from_utf8(bytes).unwrap().contains("<it pos=\"begin\" x=\"4\">&lt;i&gt;</it>"));
}

/// The codes translate-toolkit finds in a unit's source and target.
fn tt_codes(unit: &Value) -> (Vec<String>, Vec<String>) {
    let list =
        |key: &str| unit[key].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
    (list("source_codes"), list("target_codes"))
}

#[test]
fn translate_toolkit_reads_the_codes_where_they_were() {
    let doc = coded_document();
    let report =
        translate_toolkit(&xliff12::write_xliff12(&doc), &xliff2::write_xliff2(&doc), &write_tmx(&doc));
    let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // Per unit, in order: source codes and target codes, as XLIFF 1.2 and as XLIFF 2 write them.
    let expected_12: [(&[&str], &[&str]); 5] = [
        (&["g:1", "g:2", "x:3", "bx:4"], &["g:2", "x:3", "g:1", "bx:4"]),
        (&["ex:4"], &["ex:4"]),
        // Untranslated: XLIFF 1.2 gives OmegaT the source as the target to translate.
        (&["g:1", "x:2"], &["g:1", "x:2"]),
        (&["g:3", "bx:4", "ex:4"], &["g:3", "bx:4", "ex:4"]),
        (&["ex:1"], &["ex:1"]),
    ];
    let expected_2: [(&[&str], &[&str]); 5] = [
        (&["pc:1", "pc:2", "ph:3", "sc:4"], &["pc:2", "ph:3", "pc:1", "sc:4"]),
        (&["ec:4"], &["ec:4"]),
        (&["pc:1", "ph:2"], &[]),
        (&["pc:3", "sc:4", "ec:4"], &["pc:3", "sc:4", "ec:4"]),
        (&["ec:1"], &["ec:1"]),
    ];
    for (format, expected) in [("xliff12", expected_12), ("xliff2", expected_2)] {
        let units = report[format].as_array().unwrap();
        assert_eq!(units.len(), 5, "{format}: number of units");
        for ((got, unit), (source, target)) in units.iter().zip(doc.units()).zip(expected) {
            assert_eq!(tt_codes(got), (names(source), names(target)), "{format} {}", unit.id);
            assert_eq!(got["source"].as_str().unwrap(), collapse(&inline::plain(&unit.source)), "{format}");
        }
    }
    // TMX: translate-toolkit reads each code's native data as text, so the segment reads as the document.
    let tmx = report["tmx"].as_array().unwrap();
    let translated: Vec<&Unit> = doc.units().filter(|u| u.target.is_some()).collect();
    assert_eq!(tmx.len(), translated.len());
    for (got, unit) in tmx.iter().zip(translated) {
        let native = inline::to_native(&unit.source, &unit.codes, |t, o| o.push_str(t));
        assert_eq!(got["source"].as_str().unwrap(), native, "{}", unit.id);
    }
}
