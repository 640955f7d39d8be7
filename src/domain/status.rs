//! The segment life cycle (XLIFF 2 states) and where a revision came from.

use super::words;

words! {
    /// A segment's state, in life-cycle order (the derived `Ord` follows it).
    pub enum SegmentStatus ("status") {
        /// No target yet, or a draft.
        Initial => "initial",
        /// Translated, not yet reviewed.
        Translated => "translated",
        /// Checked by a reviewer.
        Reviewed => "reviewed",
        /// Signed off.
        Final => "final",
    }
}

words! {
    /// What made a revision.
    pub enum RevisionOrigin ("origin") {
        /// Typed by a person.
        Manual => "manual",
        /// Came in with an imported file.
        Import => "import",
        /// Taken from translation memory.
        Tm => "tm",
        /// Copied from an earlier revision.
        Revert => "revert",
        /// Carried over when a segment was split.
        Split => "split",
        /// Carried over when segments were merged.
        Merge => "merge",
        /// A machine translation engine's draft.
        Mt => "mt",
    }
}
