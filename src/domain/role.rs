//! Roles and what each may do: the one place the server's permissions are written down.

use super::status::SegmentStatus;
use super::words;

words! {
    /// What a user is in the newsroom.
    pub enum Role ("role") {
        /// Manages users; may do everything.
        Admin => "admin",
        /// Edits glossaries.
        Terminologist => "terminologist",
        /// Writes translations and marks them translated.
        Translator => "translator",
        /// Also reviews and finalises translations.
        Reviewer => "reviewer",
    }
}

impl Role {
    /// Whether the role may write targets, import articles, split and merge segments.
    pub fn may_translate(self) -> bool {
        matches!(self, Self::Admin | Self::Translator | Self::Reviewer)
    }

    /// Whether the role may leave a segment in `status`.
    pub fn may_set(self, status: SegmentStatus) -> bool {
        match self {
            Self::Admin | Self::Reviewer => true,
            Self::Translator => matches!(status, SegmentStatus::Initial | SegmentStatus::Translated),
            Self::Terminologist => false,
        }
    }

    /// Whether the role reviews others' work: marks a quality finding as not a problem (ignores it).
    pub fn may_review(self) -> bool {
        matches!(self, Self::Admin | Self::Reviewer)
    }

    /// The one rule for every write to a segment (save, revert, split, merge, import, memory drafts): may
    /// this role move a segment whose current status is `current` to `next`?
    ///
    /// Reviewed and final work belongs to the reviewers: only a role that may review changes it, text or
    /// status. A translator gets such a segment back only when a reviewer sends it back, which the editor
    /// records as a reviewer's revision with status `initial` and a comment; from then on its current
    /// status is `initial` and it is the translator's again. So the current status alone decides, and no
    /// write can lower a reviewed or final segment's status unless a reviewer makes it.
    pub fn may_write(self, current: SegmentStatus, next: SegmentStatus) -> Result<(), WriteRefusal> {
        if !self.may_translate() {
            Err(WriteRefusal::ReadOnly)
        } else if current >= SegmentStatus::Reviewed && !self.may_review() {
            Err(WriteRefusal::SignedOff(current))
        } else if !self.may_set(next) {
            Err(WriteRefusal::Status(next))
        } else {
            Ok(())
        }
    }

    /// Whether the role may create, edit and import glossaries.
    pub fn may_edit_glossaries(self) -> bool {
        matches!(self, Self::Admin | Self::Terminologist)
    }

    /// Whether the role plans the desk's work: gives an article, or a range of its segments, to a translator
    /// and a reviewer with deadlines. The desk's editors are its reviewers; admins run everything.
    pub fn may_assign(self) -> bool {
        matches!(self, Self::Admin | Self::Reviewer)
    }

    /// Whether the role runs the desk: accounts, rates, scoring, engines, webhooks, embargoes lifted.
    pub fn may_administer(self) -> bool {
        self == Self::Admin
    }
}

/// Why [`Role::may_write`] refuses a write; the message is the user's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WriteRefusal {
    /// The role writes no segments at all (a terminologist).
    #[error("your role may not change segments")]
    ReadOnly,
    /// The segment is reviewed or final, and the role does not review.
    #[error("the segment is {0}: only a reviewer may change it, or send it back to you with a comment")]
    SignedOff(SegmentStatus),
    /// The role may not leave a segment in this status.
    #[error("your role may not set a segment's status to {0}")]
    Status(SegmentStatus),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translators_cannot_review_or_finalise() {
        assert!(Role::Translator.may_set(SegmentStatus::Translated));
        assert!(!Role::Translator.may_set(SegmentStatus::Reviewed));
        assert!(!Role::Translator.may_set(SegmentStatus::Final));
        assert!(Role::Reviewer.may_set(SegmentStatus::Final));
        assert!(!Role::Terminologist.may_set(SegmentStatus::Initial));
    }

    #[test]
    fn reviewed_and_final_segments_are_the_reviewers_until_sent_back() {
        use SegmentStatus::{Final, Initial, Reviewed, Translated};
        use WriteRefusal::{ReadOnly, SignedOff, Status};
        // (name, role, current status, status written, expected)
        let cases = [
            ("a translator drafts", Role::Translator, Initial, Initial, Ok(())),
            ("a translator confirms", Role::Translator, Initial, Translated, Ok(())),
            ("a translator edits a translated one", Role::Translator, Translated, Initial, Ok(())),
            ("a translator cannot review", Role::Translator, Translated, Reviewed, Err(Status(Reviewed))),
            ("Ctrl+Enter on a final one", Role::Translator, Final, Translated, Err(SignedOff(Final))),
            ("autosave in a final one", Role::Translator, Final, Initial, Err(SignedOff(Final))),
            ("a reviewed one re-confirmed", Role::Translator, Reviewed, Translated, Err(SignedOff(Reviewed))),
            ("a reviewed one left as is", Role::Translator, Reviewed, Reviewed, Err(SignedOff(Reviewed))),
            ("a reviewer sends back", Role::Reviewer, Final, Initial, Ok(())),
            ("a reviewer edits a final one", Role::Reviewer, Final, Final, Ok(())),
            ("a reviewer reviews", Role::Reviewer, Translated, Reviewed, Ok(())),
            ("an admin lowers a reviewed one", Role::Admin, Reviewed, Translated, Ok(())),
            ("a terminologist writes nothing", Role::Terminologist, Initial, Initial, Err(ReadOnly)),
            ("not even a final one", Role::Terminologist, Final, Final, Err(ReadOnly)),
        ];
        for (name, role, current, next, expected) in cases {
            assert_eq!(role.may_write(current, next), expected, "{name}");
        }
    }

    #[test]
    fn only_reviewers_and_admins_review() {
        let reviewers: Vec<Role> = [Role::Admin, Role::Terminologist, Role::Translator, Role::Reviewer]
            .into_iter()
            .filter(|r| r.may_review())
            .collect();
        assert_eq!(reviewers, [Role::Admin, Role::Reviewer]);
    }

    #[test]
    fn only_reviewers_and_admins_plan_the_desk() {
        let planners: Vec<Role> = Role::ALL.iter().copied().filter(|r| r.may_assign()).collect();
        assert_eq!(planners, [Role::Admin, Role::Reviewer]);
    }

    #[test]
    fn only_terminologists_and_admins_edit_glossaries() {
        let editors: Vec<Role> = [Role::Admin, Role::Terminologist, Role::Translator, Role::Reviewer]
            .into_iter()
            .filter(|r| r.may_edit_glossaries())
            .collect();
        assert_eq!(editors, [Role::Admin, Role::Terminologist]);
    }
}
