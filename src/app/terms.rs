//! The term index each article is matched with, cached in memory by the exact glossary versions it was
//! built from. Every article read asks the database for the current versions (one indexed query); a
//! glossary changed through any server instance has a new version, so the next read anywhere builds a
//! fresh index. Nothing here can go stale: the cache only saves rebuilding an index that is still right.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sqlx::PgPool;

use crate::glossary::hit::{resolve, TermHit};
use crate::glossary::matcher::Match;
use crate::glossary::model::{Concept, TermStatus};
use crate::glossary::MatchKind;
use crate::glossary::TermIndex;
use crate::inline::Code;
use crate::lang::LanguageTag;
use crate::mt::prompt::TermRule;
use crate::qa::spelling::{Dictionary, KnownWords, Speller};
use crate::qa::{self, Finding, SegmentContext};
use crate::store::{glossaries, StoreError};

/// Indexes kept at most; a newsroom uses a handful of glossary sets, and an old version is never asked
/// for again, so a bound this small only clears out the superseded ones.
const CAPACITY: usize = 32;

/// Sentences whose matches one index keeps at most: a few thousand articles' worth.
const MEMO_CAPACITY: usize = 200_000;

/// An index and the concepts its matches point into, and the matches of the sentences it was asked about:
/// an index is built from fixed glossary versions and a segment's source never changes, so a sentence's
/// matches never go stale, and reading an article again costs no matching.
#[derive(Debug)]
pub struct Terms {
    index: TermIndex,
    concepts: Vec<Concept>,
    /// Every word of the target terms (names included), which the spelling check accepts.
    words: KnownWords,
    memo: Mutex<HashMap<String, Arc<Vec<Match>>>>,
}

impl Terms {
    /// The glossary terms found in `text`, with their targets and notes.
    pub fn find(&self, text: &str) -> Vec<TermHit> {
        resolve(&self.matches(text), &self.concepts)
    }

    fn matches(&self, text: &str) -> Arc<Vec<Match>> {
        // A panic while holding the lock leaves a map that is still valid: keep using it.
        let memo = || self.memo.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(found) = memo().get(text) {
            return found.clone();
        }
        let found = Arc::new(self.index.find(text));
        let mut memo = memo();
        if memo.len() >= MEMO_CAPACITY {
            memo.clear();
        }
        memo.insert(text.to_owned(), found.clone());
        found
    }

    /// Builds the index of these concepts (slow for a large glossary: off the async threads).
    pub fn build(concepts: Vec<Concept>) -> Self {
        let targets = concepts.iter().flat_map(|c| &c.target_terms).map(|t| t.text.as_str());
        let words = KnownWords::of_texts(targets);
        Self { index: TermIndex::build(&concepts), concepts, words, memo: Mutex::default() }
    }

    /// The glossary terms found in `text` as a chat model is told them: each with its preferred target,
    /// admitted synonyms and forbidden targets, a name variant with the glossary's own spelling.
    pub fn rules(&self, text: &str) -> Vec<TermRule> {
        let mut rules: Vec<TermRule> = Vec::new();
        for m in self.matches(text).iter() {
            let Some(concept) = self.concepts.get(m.concept) else { continue };
            let (Some(term), Some(preferred)) =
                (concept.source_terms.get(m.term), concept.preferred_target())
            else {
                continue;
            };
            let targets = |status| {
                concept
                    .target_terms
                    .iter()
                    .filter(move |t| t.status == status && t.text != preferred.text)
                    .map(|t| t.text.clone())
                    .collect()
            };
            let rule = TermRule {
                source: m.surface.clone(),
                glossary_spelling: (m.kind == MatchKind::Variant).then(|| term.text.clone()),
                target: preferred.text.clone(),
                allowed: targets(TermStatus::Admitted),
                avoid: targets(TermStatus::Forbidden),
            };
            if !rules.contains(&rule) {
                rules.push(rule);
            }
        }
        rules
    }

    /// Every source term that is not forbidden, with its concept's preferred target, in glossary order:
    /// the entries of an engine's own glossary (DeepL's), which finds the source phrases itself.
    pub fn preferred_pairs(&self) -> Vec<(&str, &str)> {
        self.concepts
            .iter()
            .filter_map(|c| c.preferred_target().map(|target| (c, target.text.as_str())))
            .flat_map(|(c, target)| {
                let sources = c.source_terms.iter().filter(|s| s.status != TermStatus::Forbidden);
                sources.map(move |s| (s.text.as_str(), target))
            })
            .collect()
    }

    /// The quality findings of `target` as a translation of `source` (with inline `codes`) against these glossaries;
    /// `confirmed` when the segment is marked translated or beyond; spelt with `dictionary` (and the
    /// glossaries' words and `listed`) when the target language has one.
    pub fn check(
        &self,
        source: &str,
        codes: &[Code],
        target: &str,
        target_lang: &LanguageTag,
        confirmed: bool,
        spelling: Option<(&Dictionary, &KnownWords)>,
    ) -> Vec<Finding> {
        let known;
        let spelling = match spelling {
            Some((dictionary, listed)) => {
                known = [&self.words, listed];
                Some(Speller { dictionary, known: &known })
            }
            None => None,
        };
        let matches = self.matches(source);
        qa::check_segment(&SegmentContext {
            source,
            target,
            target_lang,
            confirmed,
            matches: &matches,
            concepts: &self.concepts,
            spelling,
            codes,
        })
    }
}

/// The (glossary id, version) pairs an index was built from, in id order.
pub type Versions = Vec<(i64, i64)>;
type Built = HashMap<Versions, Arc<Terms>>;

/// Shared by every request of one server instance.
#[derive(Debug, Clone, Default)]
pub struct TermCache {
    built: Arc<Mutex<Built>>,
}

impl TermCache {
    /// The index for these glossaries as they are now in the database.
    pub async fn for_glossaries(&self, pool: &PgPool, ids: &[i64]) -> Result<Arc<Terms>, StoreError> {
        self.for_versions(pool, glossaries::versions(pool, ids).await?).await
    }

    /// The index for glossaries at these versions (read in the caller's query), built from the glossaries as
    /// they are now when it is not cached.
    pub async fn for_versions(&self, pool: &PgPool, key: Versions) -> Result<Arc<Terms>, StoreError> {
        if let Some(terms) = self.lock().get(&key) {
            return Ok(terms.clone());
        }
        // Read after the versions: the concepts are at least as new as the key says, never older.
        let live: Vec<i64> = key.iter().map(|(id, _)| *id).collect();
        let concepts = glossaries::concepts_of(pool, &live).await?;
        let building = tokio::task::spawn_blocking(move || Terms::build(concepts));
        // The build is pure: if it panicked, that is a bug to surface as one, not a store error.
        let terms = Arc::new(building.await.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic())));
        let mut built = self.lock();
        if built.len() >= CAPACITY {
            built.clear();
        }
        built.insert(key, terms.clone());
        Ok(terms)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Built> {
        // A panic while holding the lock leaves a map that is still valid: keep using it.
        self.built.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
