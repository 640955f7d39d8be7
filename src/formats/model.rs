//! The bilingual document every format writes and reads: plain data, handed over by the store.

use crate::lang::LanguageTag;

/// An article as a sequence of paragraphs of translation units, with its language pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BilingualDocument {
    /// tarjuman's article id, when the file was exported by tarjuman (so an import finds its article).
    pub article_id: Option<i64>,
    /// The article's title.
    pub title: String,
    /// The name of the file the article came from, if any.
    pub original: Option<String>,
    /// The language of the sources.
    pub source_lang: LanguageTag,
    /// The language of the targets.
    pub target_lang: LanguageTag,
    /// The paragraphs, in order.
    pub paragraphs: Vec<Paragraph>,
}

/// A paragraph: the units (sentences) that belong together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paragraph {
    /// The units, in order.
    pub units: Vec<Unit>,
}

/// A paragraph of a document as its filter reads it, before segmentation: its text with the inline codes as
/// markers ([`crate::inline`]; ids unique within the paragraph) and what they stand for. A document's
/// paragraphs are numbered in the order read, and re-reading the same file gives the same ones: its
/// translation is that file rebuilt, paragraph by paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentParagraph {
    /// The text, codes as markers.
    pub text: String,
    /// What the codes stand for.
    pub codes: Vec<crate::inline::Code>,
}

/// One translation unit: a source sentence and its translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Stable id: tarjuman writes `s{segment_id}`; units of foreign files keep theirs.
    pub id: String,
    /// The source text, its inline codes as markers ([`crate::inline`]).
    pub source: String,
    /// What the codes of `source` stand for; the target uses the same.
    pub codes: Vec<crate::inline::Code>,
    /// The translation, if any (an empty translation is `Some("")`).
    pub target: Option<String>,
    /// Where the translation is in its life cycle.
    pub state: UnitState,
    /// The revision the export was made from, so that an import can detect conflicts.
    pub revision: Option<i64>,
    /// Free notes for the translator.
    pub notes: Vec<String>,
    /// Glossary terms found in the source.
    pub terms: Vec<GlossaryHint>,
    /// The file marks the unit as not to be translated (XLIFF `translate="no"`, on it or inherited): it is
    /// kept as it is and given back untouched.
    pub locked: bool,
    /// Earlier translations the file offers for the unit (XLIFF 1.2 `<alt-trans>`): suggestions only.
    pub alternatives: Vec<Alternative>,
}

/// A translation a file offers beside a unit's own (XLIFF 1.2 `<alt-trans>`: a memory or machine match of
/// the tool that wrote the file). Its codes are numbered on their own, from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative {
    /// The source the match was made for, when the file gives it.
    pub source: Option<String>,
    /// The offered translation.
    pub target: String,
    /// Where it comes from, as the file says (`origin`, else `tool-id`): a memory's name, an engine.
    pub origin: Option<String>,
    /// How good the file says the match is (`match-quality`, free text: `100`, `75%`...).
    pub quality: Option<String>,
}

/// The kinds of file an article can be imported from as a document, whose translation is that file
/// rebuilt (the article keeps the file's bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentFormat {
    /// An HTML page.
    Html,
    /// A Word file.
    Docx,
    /// An XLIFF 1.x file of another tool.
    Xliff12,
    /// An XLIFF 2 file of another tool.
    Xliff2,
}

impl DocumentFormat {
    /// Every format.
    pub const ALL: [Self; 4] = [Self::Html, Self::Docx, Self::Xliff12, Self::Xliff2];

    /// Its name in the database: `html`, `docx`, `xliff12`, `xliff2`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Html => "html",
            Self::Docx => "docx",
            Self::Xliff12 => "xliff12",
            Self::Xliff2 => "xliff2",
        }
    }
}

impl std::str::FromStr for DocumentFormat {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == name)
            .ok_or_else(|| format!("no document format {name:?}"))
    }
}

/// A glossary match in a unit's source: the term as found and the translation to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryHint {
    /// The source term.
    pub source: String,
    /// Its translation.
    pub target: String,
    /// A note on the entry, if any.
    pub note: Option<String>,
}

/// The life cycle of a translation, as XLIFF 2 names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnitState {
    /// Not translated yet, or a translation not to be trusted.
    #[default]
    Initial,
    /// Translated, not reviewed.
    Translated,
    /// Reviewed.
    Reviewed,
    /// Finished: no more changes expected.
    Final,
}

impl UnitState {
    /// Every state, in life-cycle order.
    pub const ALL: [Self; 4] = [Self::Initial, Self::Translated, Self::Reviewed, Self::Final];

    /// The XLIFF 2 name (`initial`, `translated`, `reviewed`, `final`), also used by CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Initial => "initial",
            Self::Translated => "translated",
            Self::Reviewed => "reviewed",
            Self::Final => "final",
        }
    }

    /// The state named by [`UnitState::as_str`].
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

impl Unit {
    /// A unit with a source only.
    pub fn new(id: impl Into<String>, source: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            source: source.into(),
            codes: Vec::new(),
            target: None,
            state: UnitState::Initial,
            revision: None,
            notes: Vec::new(),
            terms: Vec::new(),
            locked: false,
            alternatives: Vec::new(),
        }
    }
}

impl BilingualDocument {
    /// Every unit, paragraph after paragraph.
    pub fn units(&self) -> impl Iterator<Item = &Unit> {
        self.paragraphs.iter().flat_map(|p| &p.units)
    }
}
