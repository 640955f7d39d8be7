//! Assignments: the two jobs an article's segments are given out for, and who may take each.

use super::role::Role;
use super::words;

words! {
    /// What an assignment asks of its assignee.
    pub enum Task ("task") {
        /// Translate the segments (done when each is translated or beyond).
        Translate => "translate",
        /// Review them (done when each is reviewed or final).
        Review => "review",
    }
}

impl Task {
    /// Whether someone with `role` can do this job at all: a translation goes to whoever writes targets,
    /// a review to whoever may sign segments off.
    pub fn may_take(self, role: Role) -> bool {
        match self {
            Self::Translate => role.may_translate(),
            Self::Review => role.may_review(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviews_go_only_to_reviewers_and_admins() {
        let takers =
            |task: Task| -> Vec<Role> { Role::ALL.iter().copied().filter(|r| task.may_take(*r)).collect() };
        assert_eq!(takers(Task::Translate), [Role::Admin, Role::Translator, Role::Reviewer]);
        assert_eq!(takers(Task::Review), [Role::Admin, Role::Reviewer]);
    }
}
