//! Articles in and out as files: which export formats there are (media type, extension, writer), the
//! export document with its glossary hints, and what an uploaded file holds. Sits on the store and the term
//! cache, as `crate::app::terms` does; the web and command-line layers share it.

use sqlx::PgPool;

use crate::app::terms::TermCache;
use crate::domain::SegmentStatus;
use crate::formats::docx::{self, DocxLimits};
use crate::formats::pseudo::Pseudo;
use crate::formats::xliff12::{FillError, Filled};
use crate::formats::{
    self, html, Alternative, BilingualDocument, DocumentFormat, DocumentParagraph, FormatError, GlossaryHint,
};
use crate::inline;
use crate::lang::LanguageTag;
use crate::store::articles::{self, FileMatch, NewSegment};
use crate::store::exchange;
use crate::store::StoreError;
use crate::text::chars::first_not_in_xml;

/// A file an article can be exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// XLIFF 1.2.
    Xliff12,
    /// XLIFF 2.0.
    Xliff2,
    /// TMX 1.4b of the translated segments.
    Tmx,
    /// Bilingual CSV.
    Csv,
    /// A bilingual review table in Word.
    Docx,
    /// The finished translation as a Word document.
    DocxTarget,
    /// The finished translation as plain text.
    Txt,
    /// The finished translation as HTML.
    Html,
}

impl ExportFormat {
    /// Every format, in the order menus list them.
    pub const ALL: [Self; 8] = [
        Self::Xliff12,
        Self::Xliff2,
        Self::Tmx,
        Self::Csv,
        Self::Docx,
        Self::DocxTarget,
        Self::Txt,
        Self::Html,
    ];

    /// The name in `?format=` and `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Xliff12 => "xliff12",
            Self::Xliff2 => "xliff2",
            Self::Tmx => "tmx",
            Self::Csv => "csv",
            Self::Docx => "docx",
            Self::DocxTarget => "docx-target",
            Self::Txt => "txt",
            Self::Html => "html",
        }
    }

    /// The format of that name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Every name, for messages.
    pub fn names() -> String {
        Self::ALL.map(Self::name).join(", ")
    }

    /// What menus call it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Xliff12 => "XLIFF 1.2",
            Self::Xliff2 => "XLIFF 2.0",
            Self::Tmx => "TMX (translated segments)",
            Self::Csv => "CSV (bilingual)",
            Self::Docx => "Word review table",
            Self::DocxTarget => "Word (translation)",
            Self::Txt => "Text (translation)",
            Self::Html => "HTML (translation)",
        }
    }

    /// The media type of the file.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Xliff12 | Self::Xliff2 => "application/xliff+xml; charset=utf-8",
            Self::Tmx => "application/x-tmx+xml; charset=utf-8",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Docx | Self::DocxTarget => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Self::Txt => "text/plain; charset=utf-8",
            Self::Html => "text/html; charset=utf-8",
        }
    }

    /// The file name ending, with what tells the review table from the translation.
    pub fn suffix(self) -> &'static str {
        match self {
            Self::Xliff12 => ".xlf",
            Self::Xliff2 => ".xliff2.xlf",
            Self::Tmx => ".tmx",
            Self::Csv => ".csv",
            Self::Docx => ".review.docx",
            Self::DocxTarget => ".docx",
            Self::Txt => ".txt",
            Self::Html => ".html",
        }
    }

    /// The file's bytes.
    pub fn write(self, doc: &BilingualDocument) -> Vec<u8> {
        match self {
            Self::Xliff12 => formats::xliff12::write_xliff12(doc),
            Self::Xliff2 => formats::xliff2::write_xliff2(doc),
            Self::Tmx => formats::tmx::write_tmx(doc),
            Self::Csv => formats::csv::write_csv(doc),
            Self::Docx => docx::write_docx_review(doc),
            Self::DocxTarget => docx::write_docx_target(doc),
            Self::Txt => formats::write_txt_target(doc),
            Self::Html => html::write_html_target(doc),
        }
    }
}

/// A file name for an export of `title`: ASCII letters, digits and dashes only (no header injection, no
/// quoting rules), `article-{id}` when the title has none.
pub fn file_name(id: i64, title: &str, format: ExportFormat) -> String {
    let stem: String = title.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let stem: Vec<&str> = stem.split('-').filter(|s| !s.is_empty()).collect();
    let stem = if stem.is_empty() { format!("article-{id}") } else { stem.join("-") };
    format!("{stem}{}", format.suffix())
}

/// The article as a document, each unit with the glossary terms found in its source.
pub async fn export(pool: &PgPool, terms: &TermCache, id: i64) -> Result<BilingualDocument, StoreError> {
    let (info, mut doc) = exchange::document(pool, id).await?;
    let index = terms.for_glossaries(pool, &info.glossaries).await?;
    for unit in doc.paragraphs.iter_mut().flat_map(|p| &mut p.units) {
        for hit in index.find(&unit.source) {
            let hint = GlossaryHint { source: hit.source, target: hit.target, note: hit.note };
            if !unit.terms.contains(&hint) {
                unit.terms.push(hint);
            }
        }
    }
    Ok(doc)
}

/// A bilingual file taken back in: XLIFF 2 when its root is in the XLIFF 2 namespace (or says version
/// 2.x), XLIFF 1.2 otherwise; either reader names the line and column of what is wrong.
pub fn read_bilingual(bytes: &[u8]) -> Result<BilingualDocument, FormatError> {
    if is_xliff2(bytes) {
        formats::xliff2::read_xliff2(bytes)
    } else {
        formats::xliff12::read_xliff12(bytes)
    }
}

fn is_xliff2(bytes: &[u8]) -> bool {
    let head = head_text(bytes);
    let root = head.find("<xliff").map(|at| &head[at..]).unwrap_or_default();
    let root = &root[..root.find('>').unwrap_or(root.len())];
    // The root's own `version`, not a prefixed one (Okapi writes `its:version="2.0"` on XLIFF 1.2).
    let own_version =
        |v: &str| root.match_indices(v).any(|(at, _)| root[..at].ends_with(char::is_whitespace));
    root.contains("urn:oasis:names:tc:xliff:document:2.")
        || ["version=\"2.", "version='2."].into_iter().any(own_version)
}

/// What an uploaded file holds, for a new article.
#[derive(Debug)]
pub enum ArticleFile {
    /// Text to segment: paragraphs separated by line breaks, and the title the file gives itself (an HTML
    /// page's `<title>`).
    Text {
        /// The paragraphs.
        text: String,
        /// The file's own title.
        title: Option<String>,
    },
    /// Units already segmented, perhaps with targets.
    Bilingual(BilingualDocument),
    /// Another tool's XLIFF file (1.x or 2): its units, their codes as the file's own inline elements, and
    /// the file to keep, so that the translation is given back as that file ([`export_file`]).
    ForeignXliff {
        /// Which XLIFF.
        format: DocumentFormat,
        /// Its units.
        doc: BilingualDocument,
    },
    /// A document translated in place: its paragraphs with inline codes; the article keeps the file, and
    /// its translation is that file rebuilt ([`export_document`]).
    Document {
        /// What kind of file it is.
        format: DocumentFormat,
        /// The paragraphs to translate, in the filter's order.
        paragraphs: Vec<DocumentParagraph>,
        /// The file's own title.
        title: Option<String>,
    },
}

/// A document's paragraphs as a new article's segments (each paragraph cut into sentences between its
/// codes, each sentence with the codes it holds) and its original text (the sources, a paragraph per line).
pub fn document_segments(paragraphs: &[DocumentParagraph], lang: &LanguageTag) -> (Vec<NewSegment>, String) {
    let mut segments = Vec::new();
    let mut lines = Vec::with_capacity(paragraphs.len());
    for (number, paragraph) in paragraphs.iter().enumerate() {
        let number = i32::try_from(number).unwrap_or(i32::MAX);
        for source in crate::inline::segment_paragraph(&paragraph.text, lang) {
            let ids: Vec<u32> = crate::inline::markers(&source).map(|m| m.id()).collect();
            let codes = paragraph.codes.iter().filter(|c| ids.contains(&c.id)).cloned().collect();
            segments.push(NewSegment {
                paragraph: number,
                source,
                codes,
                locked: false,
                alternatives: Vec::new(),
            });
        }
        lines.push(paragraph_line(paragraph));
    }
    (segments, lines.join("\n"))
}

/// A newer version of an article, read from what an update brought (text or a file).
#[derive(Debug)]
pub struct Version {
    /// The title the file gives itself (an HTML page's `<title>`).
    pub title: Option<String>,
    /// Its sources, a paragraph per line.
    pub text: String,
    /// Its sentences, with their codes.
    pub segments: Vec<NewSegment>,
    /// Per sentence, the translation an XLIFF brings and its state, never above `translated` (nobody here
    /// reviewed it): the draft of a new or reworded sentence. Empty for other files.
    pub drafts: Vec<Option<(String, SegmentStatus)>>,
    /// The source language an XLIFF declares.
    pub source_lang: Option<LanguageTag>,
    /// The newer file of a document article, which its translation is rebuilt from from now on.
    pub original: Option<(DocumentFormat, Vec<u8>)>,
}

impl Version {
    /// `file` (whose bytes are `bytes`) as a newer version of an article in `lang` that was imported from a
    /// `document` of that format (none: text or tarjuman's XLIFF). A document article is rebuilt from its
    /// file, so it takes only a newer file of the same format (the same filter cuts it into the same
    /// paragraphs); anything else is refused, with why.
    pub fn of(
        file: ArticleFile,
        bytes: Vec<u8>,
        lang: &LanguageTag,
        document: Option<DocumentFormat>,
    ) -> Result<Self, String> {
        let units = |doc: &BilingualDocument, original| {
            let parts = ArticleParts::of(doc, |s| s <= SegmentStatus::Translated);
            let source_lang = Some(doc.source_lang.clone());
            let ArticleParts { segments, targets, text } = parts;
            Self { title: None, text, segments, drafts: targets, source_lang, original }
        };
        let text = |text: String, title| Self {
            title,
            segments: NewSegment::segmented(&text, lang),
            text,
            drafts: Vec::new(),
            source_lang: None,
            original: None,
        };
        Ok(match (document, file) {
            (None, ArticleFile::Text { text: t, .. }) => text(t, None),
            (None, ArticleFile::Bilingual(doc) | ArticleFile::ForeignXliff { doc, .. }) => units(&doc, None),
            // A text article takes a page's or a Word file's text as it takes any text.
            (None, ArticleFile::Document { paragraphs, title, .. }) => {
                text(document_text(&paragraphs), title)
            }
            (Some(kept), ArticleFile::Document { format, paragraphs, title }) if format == kept => {
                let (segments, text) = document_segments(&paragraphs, lang);
                Self {
                    title,
                    text,
                    segments,
                    drafts: Vec::new(),
                    source_lang: None,
                    original: Some((format, bytes)),
                }
            }
            (Some(kept), ArticleFile::ForeignXliff { format, doc }) if format == kept => {
                units(&doc, Some((format, bytes)))
            }
            (Some(kept), file) => {
                let brought = match &file {
                    ArticleFile::Text { .. } => "text",
                    ArticleFile::Bilingual(_) => "tarjuman's XLIFF",
                    ArticleFile::ForeignXliff { format, .. } => kind(*format),
                    ArticleFile::Document { format, .. } => kind(*format),
                };
                return Err(format!(
                    "this article was imported from {} and its translation is rebuilt from that file: update \
                     it with a newer version of that file, not {brought}",
                    kind(kept)
                ));
            }
        })
    }
}

/// What a document format is called in messages.
fn kind(format: DocumentFormat) -> &'static str {
    match format {
        DocumentFormat::Html => "an HTML page",
        DocumentFormat::Docx => "a Word file",
        DocumentFormat::Xliff12 | DocumentFormat::Xliff2 => "another tool's XLIFF",
    }
}

/// A document's text between its codes, a paragraph per line, as pasted text is read.
pub fn document_text(paragraphs: &[DocumentParagraph]) -> String {
    paragraphs.iter().map(paragraph_line).filter(|line| !line.is_empty()).collect::<Vec<_>>().join("\n")
}

/// One paragraph's text between its codes on one line, whatever line breaks a `<pre>` or a Word break holds.
fn paragraph_line(paragraph: &DocumentParagraph) -> String {
    crate::inline::plain(&paragraph.text).replace(['\r', '\n'], " ").trim().to_owned()
}

/// Why a file of an article cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The article could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The original file could not be read again.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// Translations whose codes cannot be written into the document: which segments, and why.
    #[error("the document cannot be written: {0}; fix the codes of these translations first")]
    BrokenCodes(String),
    /// Another tool's XLIFF file cannot be given back.
    #[error(transparent)]
    Fill(#[from] FillError),
}

/// An article written as a file.
#[derive(Debug)]
pub struct ExportedFile {
    /// The article's title, for the file name.
    pub title: String,
    /// The file.
    pub bytes: Vec<u8>,
    /// How many segments it holds.
    pub segments: usize,
}

/// The file an article exports as; with `pseudo`, every target a pseudo-translation of its source. An
/// article imported from a document is given back as that file: its `html` or `docx-target` export is the
/// original rebuilt with the translations in, refused (naming the segments) when a translation's codes would
/// break it, and another tool's XLIFF 1.x (2) exports as XLIFF 1.2 (2) as that file with its targets filled in
/// (a segment without a translation leaves its unit as it was), so that it goes back into the tool. Every other
/// export is `format`'s writer over the article.
pub async fn export_file(
    pool: &PgPool,
    terms: &TermCache,
    id: i64,
    format: ExportFormat,
    pseudo: Option<Pseudo>,
) -> Result<ExportedFile, ExportError> {
    let original = match format {
        ExportFormat::DocxTarget | ExportFormat::Html | ExportFormat::Xliff12 | ExportFormat::Xliff2 => {
            articles::original_file(pool, id).await?
        }
        _ => None,
    };
    let rebuilt = match (format, original) {
        (ExportFormat::Html, Some((DocumentFormat::Html, bytes))) => Some((DocumentFormat::Html, bytes)),
        (ExportFormat::DocxTarget, Some((DocumentFormat::Docx, bytes))) => {
            Some((DocumentFormat::Docx, bytes))
        }
        (ExportFormat::Xliff12, Some((DocumentFormat::Xliff12, bytes))) => {
            Some((DocumentFormat::Xliff12, bytes))
        }
        (ExportFormat::Xliff2, Some((DocumentFormat::Xliff2, bytes))) => {
            Some((DocumentFormat::Xliff2, bytes))
        }
        _ => None,
    };
    let (kind, original) = match rebuilt {
        Some((kind, original)) if !matches!(kind, DocumentFormat::Xliff12 | DocumentFormat::Xliff2) => {
            (kind, original)
        }
        foreign => return export_units(pool, terms, id, format, pseudo, foreign).await,
    };
    let info = articles::get(pool, id).await?;
    let mut segments = articles::segments(pool, id).await?;
    if let Some(pseudo) = pseudo {
        for segment in &mut segments {
            segment.current.target = pseudo.text(&segment.source);
        }
    }
    let paragraphs = paragraph_translations(&segments)?;
    let bytes = match kind {
        DocumentFormat::Html => html::rebuild_html(&original, &info.target_lang, &paragraphs)?,
        _ => rebuild_docx(&original, &paragraphs, &info.target_lang)?,
    };
    Ok(ExportedFile { title: info.title, bytes, segments: segments.len() })
}

/// The article written unit by unit by `format`'s writer, or into `foreign`, the other tool's XLIFF it came
/// from (a segment without a translation leaves its unit as it was).
async fn export_units(
    pool: &PgPool,
    terms: &TermCache,
    id: i64,
    format: ExportFormat,
    pseudo: Option<Pseudo>,
    foreign: Option<(DocumentFormat, Vec<u8>)>,
) -> Result<ExportedFile, ExportError> {
    let mut doc = export(pool, terms, id).await?;
    if let Some(pseudo) = pseudo {
        pseudo.translate(&mut doc);
    }
    let bytes = match foreign {
        Some((kind, original)) => {
            let targets: Vec<Option<Filled>> = doc
                .units()
                // A locked unit is given back exactly as the file has it.
                .map(|u| {
                    u.target.clone().filter(|_| !u.locked).map(|target| Filled { target, state: u.state })
                })
                .collect();
            match kind {
                DocumentFormat::Xliff2 => {
                    formats::xliff2::fill_xliff2(&original, &targets, &doc.target_lang)?
                }
                _ => formats::xliff12::fill_xliff12(&original, &targets)?,
            }
        }
        None => format.write(&doc),
    };
    let segments = doc.units().count();
    Ok(ExportedFile { title: doc.title, bytes, segments })
}

/// The `(source, translation)` pairs of each paragraph of a document article, paragraph `n` at `n`; a
/// segment not translated yet gives its source. Refused when any translation lacks a code of its source
/// or breaks a pair's nesting ([`crate::inline::check_complete`]).
fn paragraph_translations(
    segments: &[crate::store::segments::SegmentView],
) -> Result<Vec<Vec<(&str, &str)>>, ExportError> {
    let mut paragraphs: Vec<Vec<(&str, &str)>> = Vec::new();
    let mut broken = Vec::new();
    for segment in segments {
        let source = segment.source.as_str();
        let target = Some(segment.current.target.as_str()).filter(|t| !t.is_empty()).unwrap_or(source);
        if let Err(e) = crate::inline::check_complete(source, target) {
            broken.push(format!("segment {}: {e}", segment.index + 1));
        }
        let number = usize::try_from(segment.paragraph).unwrap_or_default();
        if paragraphs.len() <= number {
            paragraphs.resize_with(number + 1, Vec::new);
        }
        paragraphs[number].push((source, target));
    }
    match broken.is_empty() {
        true => Ok(paragraphs),
        false => Err(ExportError::BrokenCodes(broken.join("; "))),
    }
}

/// A Word file with each paragraph's sentences replaced by their translations.
fn rebuild_docx(
    original: &[u8],
    translations: &[Vec<(&str, &str)>],
    target_lang: &LanguageTag,
) -> Result<Vec<u8>, ExportError> {
    let limits = DocxLimits::default();
    let paragraphs = docx::read_docx_document(original, &limits)?;
    let texts: Vec<String> = paragraphs
        .iter()
        .enumerate()
        .map(|(number, paragraph)| {
            let units = translations.get(number).map(Vec::as_slice).unwrap_or_default();
            crate::inline::fill_paragraph(&paragraph.text, units)
        })
        .collect();
    Ok(docx::write_docx_document(original, &limits, &texts, target_lang.is_rtl())?)
}

/// Why an upload cannot become an article.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// The file is malformed (with where, for XML).
    #[error(transparent)]
    Format(#[from] FormatError),
    /// A text file that is not UTF-8.
    #[error("the file is not UTF-8 text (first bad byte on line {0}); save it as UTF-8")]
    NotUtf8(usize),
    /// A text file holding a character no export format can carry.
    #[error("line {line}: character U+{code:04X} cannot be written to XLIFF, TMX or DOCX; remove it")]
    NotXmlChar {
        /// The line.
        line: usize,
        /// The character's code point.
        code: u32,
    },
}

/// Reads an upload as `.txt`, `.html`, `.docx` or XLIFF: by the file name's extension when there is one,
/// else by content (a ZIP is a DOCX, `<xliff` an XLIFF, `<html`/`<!doctype html` HTML, anything else text).
pub fn read_article_file(bytes: &[u8], name: Option<&str>) -> Result<ArticleFile, UploadError> {
    let extension =
        name.and_then(|n| n.rsplit_once('.')).map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let kind = match extension.as_str() {
        "txt" | "text" => Kind::Text,
        "html" | "htm" | "xhtml" => Kind::Html,
        "docx" => Kind::Docx,
        "xlf" | "xliff" | "xlz" | "sdlxliff" | "mqxliff" => Kind::Xliff,
        _ => Kind::sniff(bytes),
    };
    Ok(match kind {
        Kind::Text => ArticleFile::Text { text: utf8(bytes)?, title: None },
        Kind::Html => ArticleFile::Document {
            format: DocumentFormat::Html,
            paragraphs: html::read_html_document(bytes)?,
            title: html::read_html_title(bytes),
        },
        Kind::Docx => ArticleFile::Document {
            format: DocumentFormat::Docx,
            paragraphs: docx::read_docx_document(bytes, &DocxLimits::default())?,
            title: None,
        },
        Kind::Xliff => match read_bilingual(bytes)? {
            doc if doc.article_id.is_none() && is_xliff2(bytes) => ArticleFile::ForeignXliff {
                format: DocumentFormat::Xliff2,
                doc: formats::xliff2::read_xliff2_document(bytes)?,
            },
            doc if doc.article_id.is_none() => ArticleFile::ForeignXliff {
                format: DocumentFormat::Xliff12,
                doc: formats::xliff12::read_xliff12_document(bytes)?,
            },
            doc => ArticleFile::Bilingual(doc),
        },
    })
}

enum Kind {
    Text,
    Html,
    Docx,
    Xliff,
}

impl Kind {
    fn sniff(bytes: &[u8]) -> Self {
        if bytes.starts_with(b"PK\x03\x04") {
            return Self::Docx;
        }
        let head = head_text(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
        if head.contains("<xliff") {
            Self::Xliff
        } else if head.contains("<html") || head.contains("<!doctype html") || head.contains("<body") {
            Self::Html
        } else {
            Self::Text
        }
    }
}

/// The start of a file as text, enough to tell what it is: UTF-16 (a byte-order mark says so) decoded, any
/// other encoding read as ASCII, which its markup is.
fn head_text(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(4096)];
    match encoding_rs::Encoding::for_bom(head) {
        Some((encoding, bom)) => encoding.decode_without_bom_handling(&head[bom..]).0.into_owned(),
        None => String::from_utf8_lossy(head).into_owned(),
    }
}

fn utf8(bytes: &[u8]) -> Result<String, UploadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let line = |at: usize| bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let text = String::from_utf8(bytes.to_vec())
        .map_err(|e| UploadError::NotUtf8(line(e.utf8_error().valid_up_to())))?;
    match first_not_in_xml(&text) {
        Some((at, c)) => Err(UploadError::NotXmlChar { line: line(at), code: c.into() }),
        None => Ok(text),
    }
}

/// Whether a unit's source has text to translate, not only codes.
fn has_text(source: &str) -> bool {
    !inline::plain(source).trim().is_empty()
}

/// A file's target with only the codes of its source, each once: a tool may add codes to a target (XLIFF 2
/// allows it), an article's target may not ([`inline::check_target`]); their text stays.
fn source_codes_only(source: &str, target: &str) -> String {
    let mut allowed: Vec<inline::Marker> = inline::markers(source).collect();
    let keep = |c: &char| match inline::Marker::of(*c) {
        None => true,
        Some(marker) => allowed.iter().position(|&m| m == marker).map(|at| allowed.remove(at)).is_some(),
    };
    target.chars().filter(keep).collect()
}

/// A translation the file offers for a segment, its codes those of the segment's source: each placed by its
/// rank among codes of its kind, as a memory match's are ([`crate::tm::codes::place`]), one without a
/// counterpart left out and the match flagged.
fn file_match(source: &str, offered: &Alternative) -> FileMatch {
    // Without the match's own source its codes are taken to stand as the segment's.
    let placed =
        crate::tm::codes::place(source, offered.source.as_deref().unwrap_or(source), &offered.target);
    FileMatch {
        source: offered.source.clone(),
        target: placed.target,
        origin: offered.origin.clone(),
        quality: offered.quality.clone(),
        codes_placed: placed.moved,
    }
}

/// A foreign bilingual file cut into what a new article stores.
#[derive(Debug, Default)]
pub struct ArticleParts {
    /// One segment per unit with a source, paragraphs as the file groups them (the file's segmentation kept).
    pub segments: Vec<NewSegment>,
    /// One entry per segment: its target and status, when the file has a non-empty target.
    pub targets: Vec<Option<(String, SegmentStatus)>>,
    /// The sources, a paragraph per line: the article's original text.
    pub text: String,
}

impl ArticleParts {
    /// The parts of `doc`; a status `may_set` refuses is lowered to `translated` (the sign-off was given in
    /// another tool, not by anyone here).
    pub fn of(doc: &BilingualDocument, may_set: impl Fn(SegmentStatus) -> bool) -> Self {
        let mut parts = Self::default();
        let mut paragraphs = Vec::new();
        for (number, paragraph) in doc.paragraphs.iter().enumerate() {
            let units: Vec<_> = paragraph.units.iter().filter(|u| has_text(&u.source)).collect();
            for unit in &units {
                let paragraph = i32::try_from(number).unwrap_or(i32::MAX);
                let source = unit.source.trim().to_owned();
                let alternatives = unit.alternatives.iter().map(|a| file_match(&source, a)).collect();
                parts.segments.push(NewSegment {
                    paragraph,
                    source,
                    codes: unit.codes.clone(),
                    locked: unit.locked,
                    alternatives,
                });
                let status = Some(exchange::status(unit.state))
                    .filter(|&s| may_set(s))
                    .unwrap_or(SegmentStatus::Translated);
                let target = unit.target.as_deref().filter(|t| !t.is_empty());
                parts.targets.push(target.map(|t| (source_codes_only(&unit.source, t), status)));
            }
            if !units.is_empty() {
                // The article's original text is the plain sources (`inline::plain`), a paragraph per line.
                paragraphs
                    .push(units.iter().map(|u| inline::plain(u.source.trim())).collect::<Vec<_>>().join(" "));
            }
        }
        parts.text = paragraphs.join("\n");
        parts
    }

    /// The targets as [`exchange::create_with_targets`] takes them.
    pub fn target_refs(&self) -> Vec<Option<(&str, SegmentStatus)>> {
        self.targets.iter().map(|t| t.as_ref().map(|(text, status)| (text.as_str(), *status))).collect()
    }
}
