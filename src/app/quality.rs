//! The quality checks wired to the store and the term cache: the checks of an article (its glossaries and
//! target language), and its report as JSON and CSV. Sits on the store and the term cache, as
//! `crate::app::interchange` does; the web and command-line layers share it.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use sqlx::PgPool;

use crate::app::spelling::{self, Dictionaries};
use crate::app::terms::{TermCache, Terms};
use crate::domain::SegmentStatus;
use crate::formats::sheet::Sheet;
use crate::inline::Code;
use crate::lang::LanguageTag;
use crate::qa::spelling::{Dictionary, KnownWords};
use crate::qa::Finding;
use crate::store::articles::{self, ArticleInfo, NewArticle};
use crate::store::findings::{self, StoredFinding};
use crate::store::{self, exchange, segments, StoreError};

/// The per-segment checks of one article: its glossaries as they are now, its target language, and its
/// dictionary with the desk's and the article's words when there is one.
pub struct Checks {
    terms: Arc<Terms>,
    target_lang: LanguageTag,
    spelling: Option<(Arc<Dictionary>, KnownWords)>,
}

impl Checks {
    /// The checks of an article.
    pub async fn of_article(
        pool: &PgPool,
        cache: &TermCache,
        info: &ArticleInfo,
    ) -> Result<Self, StoreError> {
        let target_lang = info.target_lang.clone();
        let terms = cache.for_glossaries(pool, &info.glossaries).await?;
        let spelling = Self::spelling(pool, info.id, &target_lang).await?;
        Ok(Self { terms, target_lang, spelling })
    }

    /// The dictionary the article is spelt with, and the words its lists add, when its language has one.
    async fn spelling(
        pool: &PgPool,
        article: i64,
        target_lang: &LanguageTag,
    ) -> Result<Option<(Arc<Dictionary>, KnownWords)>, StoreError> {
        let settings = store::spelling::of_article(pool, article).await?;
        let tag = spelling::dictionary_tag(settings.spelling, target_lang);
        Ok(Self::dictionary(&tag, &settings.known_words).await)
    }

    /// The dictionary of `tag` with the `listed` words added, when the machine has it.
    async fn dictionary(tag: &LanguageTag, listed: &[String]) -> Option<(Arc<Dictionary>, KnownWords)> {
        let dictionary = Dictionaries::shared().get(tag).await?;
        Some((dictionary, KnownWords::of_texts(listed.iter().map(String::as_str))))
    }

    /// The checks of one segment: its article's, with its source and codes.
    pub async fn of_segment(
        pool: &PgPool,
        cache: &TermCache,
        segment: i64,
    ) -> Result<SegmentChecks, StoreError> {
        // One query for all a save's checks need; the index is the cached one of these glossary versions.
        let context = segments::check_context(pool, segment).await?;
        let terms = cache.for_versions(pool, context.glossary_versions()).await?;
        let tag = spelling::dictionary_tag(context.spelling.spelling, &context.target_lang);
        let spelling = Self::dictionary(&tag, &context.spelling.known_words).await;
        let checks = Self { terms, target_lang: context.target_lang, spelling };
        let machine_drafted = context.machine_drafted;
        Ok(SegmentChecks { checks, source: context.source, codes: context.codes.0, machine_drafted })
    }

    /// The findings of `target` as a translation of `source` (whose inline codes are `codes`) left in
    /// `status`.
    pub fn check(&self, source: &str, codes: &[Code], target: &str, status: SegmentStatus) -> Vec<Finding> {
        let spelling = self.spelling.as_ref().map(|(dictionary, listed)| (dictionary.as_ref(), listed));
        let confirmed = status >= SegmentStatus::Translated;
        self.terms.check(source, codes, target, &self.target_lang, confirmed, spelling)
    }
}

/// The checks of one segment's translations.
pub struct SegmentChecks {
    checks: Checks,
    source: String,
    codes: Vec<Code>,
    /// Whether a machine drafted the segment (a confirmation may have post-editing effort to measure).
    pub machine_drafted: bool,
}

impl SegmentChecks {
    /// The source the checks judge.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The findings of `target` as the segment's translation left in `status`.
    pub fn check(&self, target: &str, status: SegmentStatus) -> Vec<Finding> {
        self.checks.check(&self.source, &self.codes, target, status)
    }
}

/// A new article from a file with translations ([`exchange::create_with_targets`]), then checked: its
/// glossaries are known only once it is stored.
pub async fn create_with_targets(
    pool: &PgPool,
    cache: &TermCache,
    new: NewArticle<'_>,
    targets: &[Option<(&str, SegmentStatus)>],
) -> Result<ArticleInfo, StoreError> {
    let info = exchange::create_with_targets(pool, new, targets).await?;
    if targets.iter().any(Option::is_some) {
        let checks = Checks::of_article(pool, cache, &info).await?;
        findings::recheck(pool, info.id, &|s, c, t, st| checks.check(s, c, t, st)).await?;
    }
    Ok(info)
}

/// An article's quality report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The article.
    pub article_id: i64,
    /// Its title.
    pub title: String,
    /// Every live segment in order, with its findings (possibly none).
    pub segments: Vec<ReportSegment>,
    /// Counts over all findings.
    pub totals: Totals,
}

/// A segment in the report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportSegment {
    /// Position among the live segments, from 0.
    pub index: i64,
    /// Segment id.
    pub id: i64,
    /// The source sentence.
    pub source: String,
    /// The current translation.
    pub target: String,
    /// The current status.
    pub status: SegmentStatus,
    /// What the checks found.
    pub findings: Vec<StoredFinding>,
}

/// How many findings of each sort; `by_kind` and `by_severity` count the findings still standing (not
/// ignored).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    /// All findings.
    pub findings: usize,
    /// Those a reviewer ignored.
    pub ignored: usize,
    /// Standing findings per check id.
    pub by_kind: BTreeMap<String, usize>,
    /// Standing findings per severity (`error`, `warning`).
    pub by_severity: BTreeMap<String, usize>,
}

/// Re-checks every live segment of the article (glossary as it is now, consistency with the article and the
/// memory), stores the findings and reports them.
pub async fn report(pool: &PgPool, cache: &TermCache, article: i64) -> Result<Report, StoreError> {
    let info = articles::get(pool, article).await?;
    let checks = Checks::of_article(pool, cache, &info).await?;
    let checked = findings::recheck(pool, article, &|s, c, t, st| checks.check(s, c, t, st)).await?;
    let mut totals = Totals::default();
    for finding in checked.iter().flat_map(|c| &c.findings) {
        totals.findings += 1;
        if finding.ignored.is_some() {
            totals.ignored += 1;
        } else {
            *totals.by_kind.entry(finding.kind.clone()).or_default() += 1;
            *totals.by_severity.entry(finding.severity.as_str().to_owned()).or_default() += 1;
        }
    }
    let segments = checked
        .into_iter()
        .map(|c| ReportSegment {
            index: c.segment.index,
            id: c.segment.id,
            source: c.segment.source,
            target: c.segment.current.target,
            status: c.segment.current.status,
            findings: c.findings,
        })
        .collect();
    Ok(Report { article_id: info.id, title: info.title, segments, totals })
}

/// The report's header row.
const CSV_HEADER: [&str; 15] = [
    "segment",
    "segment_id",
    "status",
    "kind",
    "severity",
    "message",
    "span_side",
    "span_start",
    "span_end",
    "span_text",
    "source",
    "target",
    "ignored_by",
    "ignore_reason",
    "ignored_at",
];

/// One row per finding, as spreadsheet CSV ([`crate::formats::sheet`]); `segment` counts from 1 as the
/// editor does.
pub fn report_csv(report: &Report) -> Vec<u8> {
    let mut sheet = Sheet::default();
    sheet.row(CSV_HEADER);
    for segment in &report.segments {
        for f in &segment.findings {
            let span = f.span.map(|s| {
                [
                    s.side.as_str().to_owned(),
                    s.start.to_string(),
                    s.end.to_string(),
                    s.excerpt(&segment.source, &segment.target),
                ]
            });
            let [side, start, end, text] = span.unwrap_or_default();
            let ignored = f.ignored.as_ref().map(|i| {
                let at = i.at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
                [i.by.clone(), i.reason.clone(), at]
            });
            let [by, reason, at] = ignored.unwrap_or_default();
            sheet.row([
                (segment.index + 1).to_string(),
                segment.id.to_string(),
                segment.status.to_string(),
                f.kind.clone(),
                f.severity.as_str().to_owned(),
                f.message.clone(),
                side,
                start,
                end,
                text,
                segment.source.clone(),
                segment.target.clone(),
                by,
                reason,
                at,
            ]);
        }
    }
    sheet.finish()
}
