//! Whole answers of the two heavy reads, the article with its glossary matches and the editor page, kept
//! while what they were made from is unchanged. An answer is stored with a fingerprint of everything it
//! shows, read from the database for each request, and served only to a request that reads the very same
//! fingerprint, so a change made through any server instance is seen by the next read everywhere: the
//! cache saves matching, serialising and rendering again, never decides what is current.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Bytes kept at most (fingerprints and answers): an editor page of 500 segments is about 1.7 MB, its
/// fingerprint about as much again; an article's JSON about half a megabyte.
const CAPACITY_BYTES: usize = 96 * 1024 * 1024;

/// Which answer: one per article, and one editor page per article and viewer (it shows the viewer's rights
/// and form token). A newer fingerprint replaces the older answer, which nobody asks for again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    /// `GET /api/v1/articles/{id}`, as it is now.
    Article(i64),
    /// `GET /articles/{id}`: the editor page as this user sees it.
    Editor { article: i64, user: i64 },
}

#[derive(Debug)]
struct Entry {
    fingerprint: Vec<u8>,
    body: Arc<[u8]>,
    used: u64,
}

impl Entry {
    fn size(&self) -> usize {
        self.fingerprint.len() + self.body.len()
    }
}

#[derive(Debug, Default)]
struct Entries {
    by_answer: HashMap<Answer, Entry>,
    bytes: usize,
    clock: u64,
}

/// Shared by every request of one server instance.
#[derive(Debug, Clone)]
pub struct ReadCache {
    entries: Arc<Mutex<Entries>>,
    capacity: usize,
}

impl Default for ReadCache {
    fn default() -> Self {
        Self::with_capacity(CAPACITY_BYTES)
    }
}

impl ReadCache {
    fn with_capacity(capacity: usize) -> Self {
        Self { entries: Arc::default(), capacity }
    }

    /// The answer stored, if it was made from exactly this fingerprint.
    pub fn get(&self, answer: Answer, fingerprint: &[u8]) -> Option<Arc<[u8]>> {
        let mut entries = self.lock();
        entries.clock += 1;
        let now = entries.clock;
        let entry = entries.by_answer.get_mut(&answer).filter(|e| e.fingerprint == fingerprint)?;
        entry.used = now;
        Some(entry.body.clone())
    }

    /// Keeps `body` as the answer for `fingerprint`, dropping the least recently used answers beyond the
    /// size cap (one larger than the cap is not kept).
    pub fn put(&self, answer: Answer, fingerprint: Vec<u8>, body: Arc<[u8]>) {
        let mut entries = self.lock();
        entries.clock += 1;
        let entry = Entry { fingerprint, body, used: entries.clock };
        if let Some(old) = entries.by_answer.remove(&answer) {
            entries.bytes -= old.size();
        }
        if entry.size() > self.capacity {
            return;
        }
        while entries.bytes + entry.size() > self.capacity {
            let Some(oldest) = entries.by_answer.iter().min_by_key(|(_, e)| e.used).map(|(a, _)| *a) else {
                break;
            };
            if let Some(gone) = entries.by_answer.remove(&oldest) {
                entries.bytes -= gone.size();
            }
        }
        entries.bytes += entry.size();
        entries.by_answer.insert(answer, entry);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // A panic while holding the lock leaves a map that is still valid: keep using it.
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: Answer = Answer::Article(1);

    fn body(bytes: usize) -> Arc<[u8]> {
        vec![b'x'; bytes].into()
    }

    #[test]
    fn an_answer_is_served_only_for_the_fingerprint_it_was_made_from() {
        let cache = ReadCache::default();
        cache.put(ONE, b"a".to_vec(), body(10));
        assert_eq!(cache.get(ONE, b"a").map(|b| b.len()), Some(10));
        assert!(cache.get(ONE, b"b").is_none(), "something it shows changed");
        assert!(cache.get(Answer::Article(2), b"a").is_none(), "another article");
        assert!(cache.get(Answer::Editor { article: 1, user: 1 }, b"a").is_none(), "another view");
    }

    #[test]
    fn the_least_recently_read_answers_go_first_beyond_the_cap() {
        let cache = ReadCache::with_capacity(100);
        cache.put(ONE, b"a".to_vec(), body(40));
        cache.put(Answer::Article(2), b"a".to_vec(), body(40));
        cache.get(ONE, b"a");
        cache.put(Answer::Article(3), b"a".to_vec(), body(40));
        assert!(cache.get(Answer::Article(2), b"a").is_none(), "the least recently read went");
        assert!(cache.get(ONE, b"a").is_some() && cache.get(Answer::Article(3), b"a").is_some());
        // A newer answer replaces the article's older one rather than adding to the total.
        cache.put(ONE, b"b".to_vec(), body(50));
        assert!(cache.get(Answer::Article(3), b"a").is_some());
        assert!(cache.get(ONE, b"a").is_none());
        cache.put(Answer::Article(4), b"a".to_vec(), body(100));
        assert!(cache.get(Answer::Article(4), b"a").is_none(), "larger than the cap: not kept");
        assert_eq!(cache.lock().bytes, 51 + 41);
    }
}
