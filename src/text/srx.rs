//! A reader for SRX 2.0 (Segmentation Rules eXchange), the rule format CAT tools share.
//!
//! Only what segmentation needs is read: the header's `cascade`, each `languagerule` with its `rule`s
//! (`break`, `beforebreak`, `afterbreak`) and the `maprules`. Formatting handles and subflows do not apply
//! to plain text. The XML reader here is small on purpose: SRX is elements, attributes, text, comments,
//! CDATA and the five predefined entities plus character references.

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
}

/// Reads an SRX 2.0 document.
pub fn parse(xml: &str) -> Result<SrxDocument, SrxError> {
    let mut doc = SrxDocument { cascade: true, ..SrxDocument::default() };
    let mut reader = XmlReader { xml, pos: 0 };
    let mut open: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut rule: Option<SrxRule> = None;
    while let Some(event) = reader.next_event()? {
        match event {
            Event::Start { name, attributes, self_closing, at } => {
                let line = reader.line_of(at);
                let attr = |key: &str| attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
                let required = |key: &str| {
                    attr(key)
                        .map(str::to_owned)
                        .ok_or_else(|| reader.error(at, format!("<{name}> needs {key}")))
                };
                match name.as_str() {
                    "header" => doc.cascade = attr("cascade") != Some("no"),
                    "languagerule" => doc
                        .language_rules
                        .push(LanguageRule { name: required("languagerulename")?, rules: vec![] }),
                    "rule" => {
                        let is_break = attr("break") != Some("no");
                        rule = Some(SrxRule { is_break, before: String::new(), after: String::new(), line });
                    }
                    "languagemap" => doc.language_maps.push(LanguageMap {
                        pattern: required("languagepattern")?,
                        rule_name: required("languagerulename")?,
                        line,
                    }),
                    _ => {}
                }
                text.clear();
                if self_closing {
                    close(&name, &mut doc, &mut rule, "", line)?;
                } else {
                    open.push(name);
                }
            }
            Event::Text(t) => text.push_str(&t),
            Event::End { name, at } => {
                if open.pop().as_deref() != Some(name.as_str()) {
                    return Err(reader.error(at, format!("unexpected </{name}>")));
                }
                close(&name, &mut doc, &mut rule, &text, reader.line_of(at))?;
                text.clear();
            }
        }
    }
    match open.last() {
        Some(name) => Err(reader.error(xml.len(), format!("<{name}> is not closed"))),
        None => Ok(doc),
    }
}

/// Files the content of an element that just closed.
fn close(
    name: &str,
    doc: &mut SrxDocument,
    rule: &mut Option<SrxRule>,
    text: &str,
    line: usize,
) -> Result<(), SrxError> {
    let outside = || SrxError::at_line(line, format!("<{name}> outside <rule>"));
    match name {
        "beforebreak" => rule.as_mut().ok_or_else(outside)?.before = text.to_owned(),
        "afterbreak" => rule.as_mut().ok_or_else(outside)?.after = text.to_owned(),
        "rule" => {
            let finished = rule.take().ok_or_else(outside)?;
            let set = doc
                .language_rules
                .last_mut()
                .ok_or_else(|| SrxError::at_line(line, "<rule> outside <languagerule>"))?;
            set.rules.push(finished);
        }
        _ => {}
    }
    Ok(())
}

enum Event {
    Start { name: String, attributes: Vec<(String, String)>, self_closing: bool, at: usize },
    End { name: String, at: usize },
    Text(String),
}

struct XmlReader<'a> {
    xml: &'a str,
    pos: usize,
}

impl XmlReader<'_> {
    fn next_event(&mut self) -> Result<Option<Event>, SrxError> {
        loop {
            let rest = &self.xml[self.pos..];
            if rest.is_empty() {
                return Ok(None);
            }
            let at = self.pos;
            if let Some(body) = rest.strip_prefix("<![CDATA[") {
                let end = body.find("]]>").ok_or_else(|| self.error(at, "unterminated CDATA"))?;
                self.pos += "<![CDATA[".len() + end + 3;
                return Ok(Some(Event::Text(body[..end].to_owned())));
            }
            let skipped = [("<!--", "-->"), ("<?", "?>"), ("<!", ">")]
                .into_iter()
                .find(|(open, _)| rest.starts_with(open));
            if let Some((open, close)) = skipped {
                let end = rest.find(close).ok_or_else(|| self.error(at, format!("unterminated {open}")))?;
                self.pos += end + close.len();
                continue;
            }
            if !rest.starts_with('<') {
                let end = rest.find('<').unwrap_or(rest.len());
                self.pos += end;
                return Ok(Some(Event::Text(self.unescape(&rest[..end], at)?)));
            }
            let end = rest.find('>').ok_or_else(|| self.error(at, "unterminated tag"))?;
            self.pos += end + 1;
            let tag = &rest[1..end];
            if let Some(name) = tag.strip_prefix('/') {
                return Ok(Some(Event::End { name: local_name(name.trim()).to_owned(), at }));
            }
            let self_closing = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let name_end = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
            let name = local_name(&tag[..name_end]).to_owned();
            let attributes = self.attributes(&tag[name_end..], at)?;
            return Ok(Some(Event::Start { name, attributes, self_closing, at }));
        }
    }

    fn attributes(&self, mut rest: &str, at: usize) -> Result<Vec<(String, String)>, SrxError> {
        let mut attributes = Vec::new();
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                return Ok(attributes);
            }
            let malformed = || self.error(at, format!("malformed attribute near {:?}", truncate(rest)));
            let (key, value_part) = rest.split_once('=').ok_or_else(malformed)?;
            let value_part = value_part.trim_start();
            let quote =
                value_part.chars().next().filter(|q| *q == '"' || *q == '\'').ok_or_else(malformed)?;
            let value_end = value_part[1..].find(quote).ok_or_else(malformed)?;
            let value = self.unescape(&value_part[1..1 + value_end], at)?;
            attributes.push((local_name(key.trim()).to_owned(), value));
            rest = &value_part[value_end + 2..];
        }
    }

    fn unescape(&self, raw: &str, at: usize) -> Result<String, SrxError> {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(amp) = rest.find('&') {
            out.push_str(&rest[..amp]);
            let here = at + (raw.len() - rest.len()) + amp;
            let semi = rest[amp..].find(';').ok_or_else(|| self.error(here, "unterminated entity"))?;
            let entity = &rest[amp + 1..amp + semi];
            let c = match entity {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| entity.strip_prefix('#').map(str::parse))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            out.push(c.ok_or_else(|| self.error(here, format!("unknown entity &{entity};")))?);
            rest = &rest[amp + semi + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn line_of(&self, at: usize) -> usize {
        self.xml[..at].matches('\n').count() + 1
    }

    fn error(&self, at: usize, message: impl Into<String>) -> SrxError {
        let before = &self.xml[..at.min(self.xml.len())];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        SrxError {
            line: self.line_of(before.len()),
            column: before[line_start..].chars().count() + 1,
            message: message.into(),
        }
    }
}

/// The element or attribute name without its namespace prefix (`srx:rule` → `rule`).
fn local_name(qualified: &str) -> &str {
    qualified.rsplit(':').next().unwrap_or(qualified)
}

fn truncate(s: &str) -> &str {
    s.char_indices().nth(20).map_or(s, |(i, _)| &s[..i])
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
            ("unclosed element", "<srx>\n<body>", 2, 7),
            ("mismatched end", "<srx>\n  </body>", 2, 3),
            ("rule outside languagerule", "<srx><rule/></srx>", 1, 1),
            ("bad entity", "<srx>\n&nope;</srx>", 2, 1),
            ("missing languagerulename", "<srx>\n<languagerule/></srx>", 2, 1),
        ] {
            let err = parse(input).unwrap_err();
            assert_eq!((err.line, err.column), (line, column), "{name}: {err}");
        }
    }
}
