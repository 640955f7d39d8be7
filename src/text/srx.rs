//! A reader for SRX 2.0 (Segmentation Rules eXchange), the rule format CAT tools share.
//!
//! Only what segmentation needs is read: the header's `cascade`, each `languagerule` with its `rule`s
//! (`break`, `beforebreak`, `afterbreak`) and the `maprules`. Formatting handles and subflows do not apply
//! to plain text. The file is read by the shared XML reader ([`crate::xml`]), under its limits; names are
//! matched by local name, whatever the prefix.

use crate::text::position::Position;
use crate::xml::Element;

/// A parsed SRX document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SrxDocument {
    /// Whether every matching language map contributes its rules (in map order), or only the first.
    pub cascade: bool,
    /// The named rule sets.
    pub language_rules: Vec<LanguageRule>,
    /// Which rule set applies to which languages, in order.
    pub language_maps: Vec<LanguageMap>,
}

/// A named, ordered list of rules (`<languagerule>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageRule {
    /// `languagerulename`.
    pub name: String,
    /// The rules, tried in order at each position; the first that matches decides.
    pub rules: Vec<SrxRule>,
}

/// One `<rule>`: a break (or no-break) between text matching `before` and text matching `after`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SrxRule {
    /// `break="yes"` (the default) or `break="no"`.
    pub is_break: bool,
    /// The `beforebreak` regex; empty matches anything.
    pub before: String,
    /// The `afterbreak` regex; empty matches anything.
    pub after: String,
    /// Line of the `<rule>` element, for error messages.
    pub line: usize,
}

/// One `<languagemap>`: languages matching `pattern` use the rule set `rule_name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageMap {
    /// `languagepattern`, a regex over language tags.
    pub pattern: String,
    /// `languagerulename`.
    pub rule_name: String,
    /// Line of the element, for error messages.
    pub line: usize,
}

/// What is wrong with an SRX document, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("SRX line {line}, column {column}: {message}")]
pub struct SrxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl SrxError {
    pub(crate) fn at_line(line: usize, message: impl Into<String>) -> Self {
        Self { line, column: 1, message: message.into() }
    }

    fn at(xml: &str, offset: usize, message: impl Into<String>) -> Self {
        let position = Position::of_offset(xml, offset);
        let column = position.column.unwrap_or(1) as usize;
        Self { line: position.line as usize, column, message: message.into() }
    }
}

/// Reads an SRX 2.0 document.
pub fn parse(xml: &str) -> Result<SrxDocument, SrxError> {
    let root = crate::xml::parse(xml).map_err(|e| SrxError::at(xml, e.offset, e.problem.to_string()))?;
    let mut doc = SrxDocument { cascade: true, ..SrxDocument::default() };
    walk(xml, &root, None, &mut doc)?;
    Ok(doc)
}

/// Files an element and everything below it; the parent's local name says where rules may be. Recursion is
/// bounded by the XML reader's nesting limit.
fn walk(xml: &str, e: &Element, parent: Option<&str>, doc: &mut SrxDocument) -> Result<(), SrxError> {
    let line = || Position::of_offset(xml, e.offset).line as usize;
    let required = |key: &str| {
        e.attribute(key)
            .map(str::to_owned)
            .ok_or_else(|| SrxError::at(xml, e.offset, format!("<{}> needs {key}", e.name)))
    };
    let outside =
        |container: &str| SrxError::at(xml, e.offset, format!("<{}> outside <{container}>", e.name));
    match e.name.as_str() {
        "header" => doc.cascade = e.attribute("cascade") != Some("no"),
        "languagerule" => {
            doc.language_rules.push(LanguageRule { name: required("languagerulename")?, rules: vec![] })
        }
        "rule" => {
            let set = doc.language_rules.last_mut().filter(|_| parent == Some("languagerule"));
            let set = set.ok_or_else(|| outside("languagerule"))?;
            let text =
                |side: &str| e.elements().find(|c| c.name == side).map(Element::text).unwrap_or_default();
            let is_break = e.attribute("break") != Some("no");
            set.rules.push(SrxRule {
                is_break,
                before: text("beforebreak"),
                after: text("afterbreak"),
                line: line(),
            });
            return Ok(());
        }
        "beforebreak" | "afterbreak" => return Err(outside("rule")),
        "languagemap" => doc.language_maps.push(LanguageMap {
            pattern: required("languagepattern")?,
            rule_name: required("languagerulename")?,
            line: line(),
        }),
        _ => {}
    }
    e.elements().try_for_each(|child| walk(xml, child, Some(&e.name), doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shared_sample() {
        let doc = parse(include_str!("../../tests/data/srx/default.srx")).unwrap();
        assert!(doc.cascade);
        assert_eq!(doc.language_rules.len(), 1);
        let rules = &doc.language_rules[0].rules;
        assert_eq!((rules[0].before.as_str(), rules[0].after.as_str()), (r"[\.\?!]+", r"\s+\p{Lu}"));
        assert_eq!((rules[1].before.as_str(), rules[1].after.as_str()), ("", r"\n"));
        assert_eq!(doc.language_maps[0].pattern, ".*");
    }

    #[test]
    fn entities_cdata_and_prefixes() {
        let xml = r#"<srx:srx xmlns:srx="x"><srx:header cascade="no"/><srx:body><srx:languagerules>
            <srx:languagerule languagerulename="A &amp; B"><srx:rule break="no">
            <srx:beforebreak>&lt;x&#x41;</srx:beforebreak><srx:afterbreak><![CDATA[a<b]]></srx:afterbreak>
            </srx:rule></srx:languagerule></srx:languagerules></srx:body></srx:srx>"#;
        let doc = parse(xml).unwrap();
        assert!(!doc.cascade);
        assert_eq!(doc.language_rules[0].name, "A & B");
        let rule = &doc.language_rules[0].rules[0];
        assert_eq!(
            (rule.is_break, rule.before.as_str(), rule.after.as_str(), rule.line),
            (false, "<xA", "a<b", 2)
        );
    }

    #[test]
    fn errors_say_where() {
        for (name, input, line, column) in [
            ("unclosed element", "<srx>\n<body>", 2, 1),
            ("mismatched end", "<srx>\n  </body>", 2, 3),
            ("rule outside languagerule", "<srx><rule/></srx>", 1, 6),
            ("bad entity", "<srx>\n&nope;</srx>", 2, 1),
            ("missing languagerulename", "<srx>\n<languagerule/></srx>", 2, 1),
            ("entity declarations", "<!DOCTYPE srx [<!ENTITY a \"b\">]>\n<srx>&a;</srx>", 1, 1),
            ("a control character", "<srx>\n<header>\u{7}</header></srx>", 2, 9),
            ("nesting past the limit", &format!("<srx>\n{}", "<x>".repeat(300)), 2, 766),
        ] {
            let err = parse(input).unwrap_err();
            assert_eq!((err.line, err.column), (line, column), "{name}: {err}");
        }
    }
}
