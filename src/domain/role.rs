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

    /// Whether the role may create, edit and import glossaries.
    pub fn may_edit_glossaries(self) -> bool {
        matches!(self, Self::Admin | Self::Terminologist)
    }
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
    fn only_reviewers_and_admins_review() {
        let reviewers: Vec<Role> = [Role::Admin, Role::Terminologist, Role::Translator, Role::Reviewer]
            .into_iter()
            .filter(|r| r.may_review())
            .collect();
        assert_eq!(reviewers, [Role::Admin, Role::Reviewer]);
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
