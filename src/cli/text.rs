//! `segment` and `match`: the text engine on files, with no database.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;

use super::Failure;
use crate::glossary::hit::{resolve, TermHit};
use crate::glossary::model::Concept;
use crate::glossary::{csv, tbx, TermIndex};
use crate::lang::LanguageTag;
use crate::text::{segment, Segment};

#[derive(Debug, Args)]
pub(crate) struct SegmentArgs {
    /// A UTF-8 text file: one paragraph per line (or blank-line separated blocks).
    file: PathBuf,
    /// The language of the text (BCP 47).
    #[arg(long, default_value = "ar")]
    lang: LanguageTag,
    /// Print JSON: `[{"index","paragraph","text"}]`.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct MatchArgs {
    /// A UTF-8 text file.
    file: PathBuf,
    /// A glossary, `.csv` or `.tbx`; repeat for several.
    #[arg(long = "glossary", required = true)]
    glossaries: Vec<PathBuf>,
    /// The language of the text and the glossaries' source side.
    #[arg(long, default_value = "ar")]
    lang: LanguageTag,
    /// The glossaries' target side.
    #[arg(long, default_value = "en")]
    target_lang: LanguageTag,
    /// Print JSON: the segments, each with `"matches"`.
    #[arg(long)]
    json: bool,
}

/// A segment as the CLI prints it.
#[derive(Debug, Serialize)]
struct SegmentView<'a> {
    index: usize,
    paragraph: usize,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    matches: Option<Vec<TermHit>>,
}

impl<'a> SegmentView<'a> {
    fn of(segment: &'a Segment, matches: Option<Vec<TermHit>>) -> Self {
        Self { index: segment.index, paragraph: segment.paragraph, text: &segment.text, matches }
    }
}

pub(crate) fn run_segment(args: SegmentArgs) -> Result<(), Failure> {
    let text = read_text(&args.file)?;
    let segments = segment(&text, &args.lang);
    print(&Views(|| segments.iter().map(|s| SegmentView::of(s, None))), args.json);
    Ok(())
}

pub(crate) fn run_match(args: MatchArgs) -> Result<(), Failure> {
    let text = read_text(&args.file)?;
    let mut concepts = Vec::new();
    for path in &args.glossaries {
        concepts.extend(read_glossary(path, &args.lang, &args.target_lang)?);
    }
    let index = TermIndex::build(&concepts);
    let segments = segment(&text, &args.lang);
    // Each segment is matched as it is written out: its hits are freed before the next segment's are made,
    // so a long text never holds all its hits in memory at once.
    let views =
        Views(|| segments.iter().map(|s| SegmentView::of(s, Some(resolve(&index.find(&s.text), &concepts)))));
    print(&views, args.json);
    Ok(())
}

/// The segments as printed, made one at a time each time they are walked.
struct Views<F>(F);

impl<'a, F, I> Serialize for Views<F>
where
    F: Fn() -> I,
    I: Iterator<Item = SegmentView<'a>>,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

fn print<'a, F, I>(views: &Views<F>, json: bool)
where
    F: Fn() -> I,
    I: Iterator<Item = SegmentView<'a>>,
{
    // One buffered writer: a line-buffered stdout would make a write call per line of a long answer.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    // A closed pipe (`| head`) ends the output; there is nobody left to tell.
    let _ = write_views(&mut out, views, json).and_then(|()| out.flush());
}

fn write_views<'a, F, I>(out: &mut impl Write, views: &Views<F>, json: bool) -> std::io::Result<()>
where
    F: Fn() -> I,
    I: Iterator<Item = SegmentView<'a>>,
{
    if json {
        serde_json::to_writer_pretty(&mut *out, views)?;
        return writeln!(out);
    }
    for view in (views.0)() {
        writeln!(out, "[{}] {}", view.index, view.text)?;
        for hit in view.matches.iter().flatten() {
            let forbidden = if hit.status == "forbidden" { ", forbidden" } else { "" };
            writeln!(out, "    {} → {} ({}{forbidden})", hit.surface, hit.target, hit.kind.as_str())?;
        }
    }
    Ok(())
}

/// The file as UTF-8 text, or an input failure naming the file and the line of the first bad byte.
fn read_text(path: &Path) -> Result<String, Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        Failure::Input(format!("{}:{line}: not UTF-8 text", path.display()))
    })
}

fn read_glossary(path: &Path, source: &LanguageTag, target: &LanguageTag) -> Result<Vec<Concept>, Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let glossary = match extension.as_deref() {
        Some("csv") => csv::read_csv(&bytes, source.clone(), target.clone()),
        Some("tbx" | "xml") => {
            tbx::read_tbx(&bytes, source.clone(), target.clone()).map(|import| import.glossary)
        }
        _ => {
            return Err(Failure::Input(format!("{}: a glossary must be a .csv or .tbx file", path.display())))
        }
    };
    glossary.map(|g| g.concepts).map_err(|e| Failure::Input(format!("{}: {e}", path.display())))
}
