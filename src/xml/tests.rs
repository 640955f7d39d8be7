//! The reader's policy as a table: (what, input, the text read or the problem and its byte offset).

use super::{parse, parse_units, Element, Problem, XmlError, LIMITS};

/// The root's text, or the problem and its byte offset.
type Expected = Result<&'static str, (Problem, usize)>;

fn deep(depth: usize) -> String {
    format!("{}{}", "<g>".repeat(depth), "</g>".repeat(depth))
}

#[test]
fn the_policy() {
    let too_deep = Problem::TooDeep { line: 1, limit: LIMITS.depth };
    let cases: Vec<(&str, String, Expected)> = vec![
        (
            "the five entities and character references",
            "<a>&lt;&amp;&#x41;&#66;&quot;</a>".into(),
            Ok("<&AB\""),
        ),
        ("CDATA is text", "<a><![CDATA[<b>]]></a>".into(), Ok("<b>")),
        ("text of nested inline markup", "<a>x<b>y<c>z</c></b></a>".into(), Ok("xyz")),
        ("tab, line feed and carriage return are XML", "<a>\t\n&#13;</a>".into(), Ok("\t\n\r")),
        ("the deepest nesting allowed", deep(LIMITS.depth), Ok("")),
        ("one level too deep", deep(LIMITS.depth + 1), Err((too_deep.clone(), 3 * LIMITS.depth))),
        ("100,000 levels", deep(100_000), Err((too_deep, 3 * LIMITS.depth))),
        ("a raw bell", "<a>ok\u{7}</a>".into(), Err((Problem::IllegalChar('\u{7}'), 5))),
        ("a bell by reference", "<a>&#7;</a>".into(), Err((Problem::IllegalChar('\u{7}'), 3))),
        ("U+FFFF in an attribute", "<a b=\"&#xFFFF;\"/>".into(), Err((Problem::IllegalChar('\u{FFFF}'), 0))),
        ("U+FFFE", "<a>\u{FFFE}</a>".into(), Err((Problem::IllegalChar('\u{FFFE}'), 3))),
        (
            "an internal subset",
            "<!DOCTYPE a [<!ENTITY x \"y\">]><a/>".into(),
            Err((Problem::InternalSubset, 0)),
        ),
        ("an undeclared entity", "<a>&x;</a>".into(), Err((Problem::UnknownEntity("x".into()), 3))),
        (
            "more elements than the budget",
            format!("<a>{}</a>", "<x/>".repeat(LIMITS.nodes)),
            Err((
                Problem::OverHeld { what: "elements and texts", limit: LIMITS.nodes },
                3 + 4 * (LIMITS.nodes - 1),
            )),
        ),
    ];
    for (name, input, expected) in cases {
        let got =
            parse(&input).map(|root| root.text()).map_err(|XmlError { offset, problem }| (problem, offset));
        assert_eq!(got, expected.map(str::to_owned), "{name}");
    }
}

/// Reads `<doc>` unit by unit, `<u>` children of the root being the units: how many units, or the error.
fn units(text: &str) -> Result<usize, XmlError> {
    let mut count = 0;
    let is_unit = |open: &[Element], e: &Element| open.len() == 1 && e.name == "u";
    parse_units(text, &is_unit, &mut |_: &[Element], _| -> Result<(), XmlError> {
        count += 1;
        Ok(())
    })?;
    Ok(count)
}

#[test]
fn a_file_read_unit_by_unit_may_hold_more_than_the_budget_in_all_but_not_at_once() {
    let flood = |n: usize| "<x a=\"1\"/>".repeat(n);
    let unit = format!("<u>{}</u>\n", flood(LIMITS.unit_nodes / 10));
    // Ten times the budget over the whole file, a tenth of it in each unit; the newlines between units are
    // joined into one text node, so they hold nothing either.
    assert_eq!(units(&format!("<doc>{}</doc>", unit.repeat(100))), Ok(100));
    let over = Problem::OverHeld { what: "elements and texts", limit: LIMITS.unit_nodes };
    let in_one_unit = format!("<doc>{unit}\n<u>{}</u></doc>", flood(LIMITS.unit_nodes));
    assert_eq!(units(&in_one_unit).map_err(|e| e.problem), Err(over.clone()));
    let outside_units = format!("<doc>{unit}<v>{}</v></doc>", flood(LIMITS.unit_nodes));
    assert_eq!(units(&outside_units).map_err(|e| e.problem), Err(over));
    let attributes = format!(
        "<doc><u>{}</u></doc>",
        "<x a=\"1\" b=\"2\" c=\"3\"/>".repeat(LIMITS.unit_attributes / 3 + 1)
    );
    let over = Problem::OverHeld { what: "attributes", limit: LIMITS.unit_attributes };
    assert_eq!(units(&attributes).map_err(|e| e.problem), Err(over));
}

#[test]
fn namespaces_are_shared_and_xml_lang_is_found_by_its_prefix() {
    let root = parse("<a xmlns=\"urn:x\" xml:lang=\"ar\"><b/><c/></a>").unwrap();
    let [b, c] = [&root.children[0], &root.children[1]].map(|n| match n {
        super::Node::Element(e) => e,
        super::Node::Text(..) => unreachable!(),
    });
    assert!(std::sync::Arc::ptr_eq(b.namespace.as_ref().unwrap(), c.namespace.as_ref().unwrap()));
    assert_eq!(root.attribute("xml:lang"), Some("ar"));
    assert!(b.is_foreign_to("urn:y") && !b.is_foreign_to("urn:x"));
}
