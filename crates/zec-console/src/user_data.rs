//! User data as the form and the review show it: its format, what would make cloud-init
//! skip it (shown next to the field, with the line for YAML errors), and who can log in
//! afterwards. The reading itself is `cloud_init`'s.

use crate::cloud_init::{self, sentences, Verdict};

pub use crate::cloud_init::Kind as UserDataKind;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserDataCheck {
    pub kind: UserDataKind,
    /// What is wrong with it, to show next to the field.
    pub problem: Option<String>,
    /// Who can log in once cloud-init has run it.
    pub verdict: Verdict,
}

pub fn detect(text: &str) -> UserDataCheck {
    let reading = cloud_init::read(text);
    UserDataCheck {
        kind: reading.kind,
        problem: reading.problem.as_ref().map(sentences::problem),
        verdict: reading.verdict,
    }
}
