//! Articles as bilingual documents: the document an export writes, the targets of a file taken back into
//! its article (one transaction, conflicts reported), and new articles whose file brought translations.
//!
//! Saves go through [`segments::save_in`], so an import locks, compares and inserts exactly as the editor
//! does; only the decision of what to save is made here.

use std::collections::HashMap;

use sqlx::PgPool;

use super::articles::{self, ArticleInfo, FileMatch, NewArticle};
use super::findings::Checker;
use super::segments::{self, Save, Saved, SegmentView, LIVE_SEGMENTS};
use super::StoreError;
use crate::domain::{RevisionOrigin, Role, SegmentStatus, WriteRefusal};
use crate::formats::{Alternative, BilingualDocument, Paragraph, Unit, UnitState};
use crate::lang::LanguageTag;

/// The article as a document: live segments in order, grouped by paragraph, each unit `s{segment id}` with
/// its current target (none before the first revision), state and revision, and the matches its imported
/// file offered (`alt-trans`). Glossary hints are left empty:
/// the term index sits above the store (see `crate::app::interchange`).
pub async fn document(pool: &PgPool, id: i64) -> Result<(ArticleInfo, BilingualDocument), StoreError> {
    let info = articles::get(pool, id).await?;
    let segments = articles::segments(pool, id).await?;
    let mut doc = BilingualDocument {
        article_id: Some(info.id),
        title: info.title.clone(),
        original: info.origin_file_name.clone(),
        source_lang: info.source_lang.clone(),
        target_lang: info.target_lang.clone(),
        paragraphs: Vec::new(),
    };
    let matches: Vec<(i64, sqlx::types::Json<Vec<FileMatch>>)> = sqlx::query_as(
        "SELECT id, alternatives FROM segments
         WHERE article_id = $1 AND retired_at IS NULL AND alternatives <> '[]'::jsonb",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let mut matches: HashMap<i64, Vec<FileMatch>> = matches.into_iter().map(|(id, m)| (id, m.0)).collect();
    let mut last_paragraph = None;
    for segment in segments {
        if last_paragraph != Some(segment.paragraph) {
            doc.paragraphs.push(Paragraph::default());
            last_paragraph = Some(segment.paragraph);
        }
        let current = &segment.current;
        let mut unit = Unit::new(format!("s{}", segment.id), segment.source.clone());
        unit.codes = segment.codes.0.clone();
        unit.locked = segment.locked;
        if current.revision > 0 {
            unit.target = Some(current.target.clone());
            unit.state = state(current.status);
        }
        unit.revision = Some(i64::from(current.revision));
        unit.alternatives =
            matches.remove(&segment.id).unwrap_or_default().into_iter().map(alternative).collect();
        if let Some(paragraph) = doc.paragraphs.last_mut() {
            paragraph.units.push(unit);
        }
    }
    Ok((info, doc))
}

/// A match the imported file offered for a segment, as a file offers it again.
fn alternative(offered: FileMatch) -> Alternative {
    let FileMatch { source, target, origin, quality, .. } = offered;
    Alternative { source, target, origin, quality }
}

/// The unit state of a segment status.
pub fn state(status: SegmentStatus) -> UnitState {
    match status {
        SegmentStatus::Initial => UnitState::Initial,
        SegmentStatus::Translated => UnitState::Translated,
        SegmentStatus::Reviewed => UnitState::Reviewed,
        SegmentStatus::Final => UnitState::Final,
    }
}

/// The segment status of a unit's state.
pub fn status(state: UnitState) -> SegmentStatus {
    match state {
        UnitState::Initial => SegmentStatus::Initial,
        UnitState::Translated => SegmentStatus::Translated,
        UnitState::Reviewed => SegmentStatus::Reviewed,
        UnitState::Final => SegmentStatus::Final,
    }
}

/// Who imports, and whether conflicting units overwrite what changed since the export.
#[derive(Debug, Clone, Copy)]
pub struct Importer {
    /// The importer's user id (the author of the new revisions).
    pub user: i64,
    /// Their role: a unit whose status the role may not set refuses the whole import.
    pub role: Role,
    /// Apply conflicting units anyway, on top of the current revision.
    pub overwrite: bool,
}

/// What an import into an article did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// New revisions stored (origin `import`).
    pub applied: usize,
    /// Units with nothing new: same target and status as now, no target, or untouched since the export.
    pub unchanged: usize,
    /// Segments changed both in tarjuman since the export and in the file; applied only when `overwrite`.
    pub conflicts: Vec<ImportConflict>,
    /// Segments reviewed or final that the importer's role may not change (a reviewer must send them back
    /// first): left as they are, even with `overwrite`.
    pub skipped: Vec<ImportConflict>,
    /// Whether conflicting units were applied.
    pub overwrite: bool,
}

/// A segment the file would change that was left as it is: changed in tarjuman since the export too, or
/// not the importer's to change.
#[derive(Debug, Clone)]
pub struct ImportConflict {
    /// Segment id.
    pub segment: i64,
    /// Its index among the article's live segments.
    pub index: i64,
    /// The revision the file was exported from (null when the file does not say).
    pub file_revision: Option<i64>,
    /// The segment's revision now.
    pub current_revision: i32,
    /// The segment's target now.
    pub current_target: String,
}

/// Why an import was refused; nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum ImportRefusal {
    /// The file does not belong to this article, or names segments it does not have.
    #[error("{0}; nothing was imported")]
    Invalid(String),
    /// The file sets statuses the importer's role may not set.
    #[error("your role may not set the status of {0}; nothing was imported")]
    Forbidden(String),
    /// The store failed or the article does not exist.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ImportRefusal {
    fn from(e: sqlx::Error) -> Self {
        Self::Store(e.into())
    }
}

/// A unit to save: the segment, its view before the import, the text and status, the base revision.
struct Change<'a> {
    segment: &'a SegmentView,
    target: &'a str,
    status: SegmentStatus,
    base: i32,
    file_revision: Option<i64>,
}

/// Takes a file exported from `article` back in, in one transaction: a unit whose target or status differs
/// from its segment's becomes a new revision (origin `import`); a segment whose revision moved since the
/// export is a conflict, left alone unless `overwrite` (a unit still as exported is not one: the file did
/// not touch it); a reviewed or final segment the importer's role may not change is skipped, with or
/// without `overwrite` (see `Role::may_write`). A file of another article or language pair, or with units
/// the article does not have live, is refused whole. Each saved segment's findings come from `check`, as
/// in the editor.
pub async fn import_into(
    pool: &PgPool,
    article: i64,
    doc: &BilingualDocument,
    by: Importer,
    check: Checker<'_>,
) -> Result<ImportReport, ImportRefusal> {
    let mut tx = pool.begin().await?;
    // Split and merge lock the article too: the live segments stay as read until the import ends.
    let langs: Option<(LanguageTag, LanguageTag)> =
        sqlx::query_as("SELECT source_lang, target_lang FROM articles WHERE id = $1 FOR UPDATE")
            .bind(article)
            .fetch_optional(&mut *tx)
            .await?;
    let (source_lang, target_lang) = langs.ok_or(StoreError::NotFound("article"))?;
    if let Some(other) = doc.article_id.filter(|&other| other != article) {
        return Err(ImportRefusal::Invalid(format!(
            "the file was exported from article {other}, not {article}"
        )));
    }
    // Both sides are tags in canonical case, so equal tags are equal text.
    if doc.source_lang != source_lang || doc.target_lang != target_lang {
        return Err(ImportRefusal::Invalid(format!(
            "the file is {} → {}, the article {source_lang} → {target_lang}",
            doc.source_lang, doc.target_lang
        )));
    }
    let live: Vec<SegmentView> =
        sqlx::query_as(LIVE_SEGMENTS).bind(article).bind(None::<Vec<i64>>).fetch_all(&mut *tx).await?;
    let by_unit: HashMap<String, &SegmentView> = live.iter().map(|s| (format!("s{}", s.id), s)).collect();
    let unknown: Vec<&str> =
        doc.units().map(|u| u.id.as_str()).filter(|id| !by_unit.contains_key(*id)).collect();
    if !unknown.is_empty() {
        return Err(ImportRefusal::Invalid(format!(
            "{} unit(s) are not live segments of article {article}: {}",
            unknown.len(),
            list(&unknown)
        )));
    }
    let mut report = ImportReport { overwrite: by.overwrite, ..ImportReport::default() };
    let mut changes = Vec::new();
    for unit in doc.units() {
        let segment = by_unit[unit.id.as_str()];
        let (current, status) = (&segment.current, status(unit.state));
        if segment.locked {
            // Not to be translated: whatever the file says of it, the segment stays as it came.
            report.unchanged += 1;
            continue;
        }
        let Some(target) = unit.target.as_deref() else {
            report.unchanged += 1;
            continue;
        };
        if current.target == target && current.status == status {
            report.unchanged += 1;
            continue;
        }
        let moved = current.revision > 0 && unit.revision != Some(i64::from(current.revision));
        if moved && as_exported(&mut tx, segment.id, unit.revision, target, status).await? {
            report.unchanged += 1;
            continue;
        }
        if let Err(WriteRefusal::SignedOff(_)) = by.role.may_write(current.status, status) {
            report.skipped.push(conflict(segment, unit.revision));
            continue;
        }
        if moved {
            report.conflicts.push(conflict(segment, unit.revision));
            if !by.overwrite {
                continue;
            }
        }
        changes.push(Change {
            segment,
            target,
            status,
            base: current.revision,
            file_revision: unit.revision,
        });
    }
    let forbidden: Vec<String> = changes
        .iter()
        .filter(|c| !by.role.may_set(c.status))
        .map(|c| format!("s{} ({})", c.segment.id, c.status))
        .collect();
    if !forbidden.is_empty() {
        return Err(ImportRefusal::Forbidden(list(&forbidden)));
    }
    for change in changes {
        let findings = check(&change.segment.source, &change.segment.codes, change.target, change.status);
        let save = Save {
            target: change.target,
            status: change.status,
            base_revision: change.base,
            author: by.user,
            origin: RevisionOrigin::Import,
            comment: None,
            findings: &findings,
            judged_source: Some(&change.segment.source),
        };
        match segments::save_in(&mut tx, change.segment.id, save).await {
            Ok(Saved::Created(_)) => report.applied += 1,
            Ok(Saved::Unchanged(_)) => report.unchanged += 1,
            // Saved in the editor between our read and the segment's lock: the editor's save wins.
            Err(StoreError::Conflict { current, .. }) => report.conflicts.push(ImportConflict {
                segment: change.segment.id,
                index: change.segment.index,
                file_revision: change.file_revision,
                current_revision: current.revision,
                current_target: current.target,
            }),
            // Signed off (now, or since the export): the reviewer's text stays, the rest is imported.
            Err(StoreError::Refused(WriteRefusal::SignedOff(_))) => {
                report.skipped.push(conflict(change.segment, change.file_revision));
            }
            Err(e) => return Err(e.into()),
        }
    }
    tx.commit().await?;
    Ok(report)
}

/// Whether the file's unit is still as exported (revision `file_revision` of the segment): then the file did
/// not touch it, whatever happened to the segment since.
async fn as_exported(
    conn: &mut sqlx::PgConnection,
    segment: i64,
    file_revision: Option<i64>,
    target: &str,
    status: SegmentStatus,
) -> Result<bool, StoreError> {
    let Some(number) = file_revision.and_then(|r| i32::try_from(r).ok()).filter(|&r| r > 0) else {
        return Ok(false);
    };
    match segments::revision(conn, segment, number).await {
        Ok(exported) => Ok(exported.target == target && exported.status == status),
        Err(StoreError::NotFound(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

fn conflict(segment: &SegmentView, file_revision: Option<i64>) -> ImportConflict {
    ImportConflict {
        segment: segment.id,
        index: segment.index,
        file_revision,
        current_revision: segment.current.revision,
        current_target: segment.current.target.clone(),
    }
}

/// At most ten items, then how many more.
fn list(items: &[impl AsRef<str>]) -> String {
    let shown: Vec<&str> = items.iter().take(10).map(AsRef::as_ref).collect();
    match items.len().saturating_sub(shown.len()) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// Stores a new article and, in the same transaction, revision 1 (origin `import`) of each segment whose
/// entry in `targets` (one per segment, in order) is given; the file's translations come first, the
/// memory fills only what the file left empty. The glossaries are the article's only once it exists, so
/// only the consistency findings are stored here: the caller re-checks the new article.
pub async fn create_with_targets(
    pool: &PgPool,
    new: NewArticle<'_>,
    targets: &[Option<(&str, SegmentStatus)>],
) -> Result<ArticleInfo, StoreError> {
    let mut tx = pool.begin().await?;
    let (author, pretranslate) = (new.created_by, new.pretranslate);
    let info = articles::create(&mut *tx, NewArticle { pretranslate: false, ..new }).await?;
    let ids: Vec<(i64, bool)> =
        sqlx::query_as("SELECT id, locked FROM segments WHERE article_id = $1 ORDER BY sort_key")
            .bind(info.id)
            .fetch_all(&mut *tx)
            .await?;
    for ((id, locked), target) in ids.into_iter().zip(targets) {
        let Some((target, status)) = *target else { continue };
        if locked {
            segments::file_target_of_locked(&mut tx, id, target, status, author).await?;
            continue;
        }
        segments::save_in(&mut tx, id, Save::first_from_file(target, status, author)).await?;
    }
    if pretranslate {
        super::tm::pretranslate(&mut tx, info.id, author).await?;
    }
    tx.commit().await?;
    Ok(info)
}
