//! The contract's sentences in English: what a broken rule says to a person, and the rules'
//! own wording in the form (the password checklist, the name hint). Rules return a
//! [`Violation`] (a code and its values); everything a person reads about them is written
//! here, once, from the same constants the rules check.

use std::fmt;

use crate::rules::{
    IdList, Named, PasswordRule, ProtectedBy, TagPart, NAME_MAX_CHARS, NAME_MIN_CHARS,
    PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS, PASSWORD_SPECIALS, TAG_MAX_CHARS, TAG_MIN_CHARS,
    USER_DATA_MAX_BYTES,
};
use crate::violation::{Operation, Violation};

/// The sentence a person reads about a broken rule.
pub fn sentence(violation: &Violation) -> String {
    use Violation::*;
    match violation {
        Password { refused, unmet } => {
            let named = match refused.as_slice() {
                [] => String::new(),
                [one] => format!("{} is not allowed. ", character(*one)),
                many => format!(
                    "{} are not allowed. ",
                    many.iter()
                        .map(|c| character(*c))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let needs: Vec<String> = unmet.iter().map(|rule| password_needs(*rule)).collect();
            format!("{named}The password needs: {}.", needs.join("; "))
        }
        NameLength { named, chars } => format!(
            "The {} name must be {NAME_MIN_CHARS}–{NAME_MAX_CHARS} characters long (it has {chars}).",
            noun(*named)
        ),
        NameCharacters { named } => format!(
            "The {} name may only contain letters, digits, hyphens (-) and periods (.).",
            noun(*named)
        ),
        NameEnds {
            named: Named::Instance,
        } => "The instance name must start with a letter or a digit.".to_owned(),
        NameEnds {
            named: Named::Snapshot,
        } => "The snapshot name must start and end with a letter or a digit.".to_owned(),
        UserDataTooLong { bytes } => format!(
            "The user data is {bytes} bytes; at most {USER_DATA_MAX_BYTES} bytes ({} KiB) are allowed.",
            USER_DATA_MAX_BYTES / 1024
        ),
        LoginConflict => "Choose either a password or an SSH key pair, not both.".to_owned(),
        LoginMissing => "Choose a login method: a password or an SSH key pair.".to_owned(),
        ImageTakesNoPassword | ImageTakesNoKeyPair | KeyTypeNotSupported | AgentNotSupported => {
            violation.code().message().to_owned()
        }
        UnknownTimezone { timezone } => format!(
            "{timezone:?} is not a known time zone; pick one from the list (IANA names such as Europe/Berlin)."
        ),
        NotStopped {
            status,
            to: Operation::Reinstall,
        } => format!("The instance is {status}; power it off (STOPPED) before reinstalling."),
        NotStopped {
            status,
            to: Operation::Rollback,
        } => format!(
            "The instance is {status}; power it off (STOPPED) before rolling back its disk."
        ),
        ImageNotAvailable { status } => {
            format!("The image is {status}; only AVAILABLE images can be installed.")
        }
        OsTypeChanges { image, current } => format!(
            "The image is {image}, the instance runs {current}: the OS type must stay the same."
        ),
        ImageTooLarge {
            needed_gib,
            disk_gib,
        } => format!("The image needs {needed_gib} GiB; the boot disk has {disk_gib} GiB."),
        Missing { parameter } => format!("{parameter} is required."),
        TooManyIds { list, count } => format!(
            "{} names {count} {}; at most {} are allowed.",
            list.parameter(),
            ids_noun(*list),
            list.max()
        ),
        EmptyId(list) => format!("{} contains an empty id.", list.parameter()),
        PageSize => format!(
            "pageSize must be between 1 and {}.",
            crate::rules::MAX_PAGE_SIZE
        ),
        PageNum => "pageNum starts at 1.".to_owned(),
        TagLength { part, chars } => format!(
            "A tag {} must be {TAG_MIN_CHARS}–{TAG_MAX_CHARS} characters long (it has {chars}).",
            match part {
                TagPart::Key => "key",
                TagPart::Value => "value",
            }
        ),
        TagSyntax => "A tag is written KEY=VALUE.".to_owned(),
        Protected(instances) => {
            let reasons: Vec<String> = instances.iter().map(|(id, by)| protected(id, by)).collect();
            format!(
                "{} Protected instances cannot be reinstalled, rolled back or powered off here; \
                 nothing was sent.",
                reasons.join(" ")
            )
        }
        RetentionSyntax => "retentionTime must be a UTC time written yyyy-MM-ddTHH:mm:ssZ, e.g. 2026-12-04T09:30:00Z.".to_owned(),
        RetentionTooSoon { earliest } => format!(
            "retentionTime must be at least 24 hours from now (after {}); leave it out to keep the snapshot until it is deleted.",
            crate::time::format_utc(*earliest)
        ),
        SnapshotOfAnotherDisk {
            snapshot_id,
            snapshot_disk,
            disk,
        } => format!("Snapshot {snapshot_id} was taken from disk {snapshot_disk}, not {disk}."),
        SnapshotNotAvailable {
            snapshot_id,
            status,
        } => format!(
            "Snapshot {snapshot_id} is {status}; only an AVAILABLE snapshot can be rolled back to."
        ),
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&sentence(self))
    }
}

fn noun(named: Named) -> &'static str {
    match named {
        Named::Instance => "instance",
        Named::Snapshot => "snapshot",
    }
}

fn ids_noun(list: IdList) -> &'static str {
    match list {
        IdList::Instances => "instances",
        IdList::Snapshots => "snapshots",
    }
}

/// "“#”", or a name for characters that do not show.
fn character(c: char) -> String {
    match c {
        ' ' => "A space".to_owned(),
        c if c.is_whitespace() || c.is_control() => format!("The character U+{:04X}", u32::from(c)),
        c => format!("“{c}”"),
    }
}

/// A password rule as what the password still needs ("a digit").
pub fn password_needs(rule: PasswordRule) -> String {
    match rule {
        PasswordRule::Length => format!("{PASSWORD_MIN_CHARS}–{PASSWORD_MAX_CHARS} characters"),
        PasswordRule::Characters => {
            format!("no characters other than letters, digits and {PASSWORD_SPECIALS}")
        }
        PasswordRule::Lower => "a lower-case letter".to_owned(),
        PasswordRule::Upper => "an upper-case letter".to_owned(),
        PasswordRule::Digit => "a digit".to_owned(),
        PasswordRule::Special => format!("one of {PASSWORD_SPECIALS}"),
    }
}

/// A password rule as a line of the form's checklist ("A digit").
pub fn password_checklist_item(rule: PasswordRule) -> String {
    match rule {
        PasswordRule::Length => password_needs(rule),
        PasswordRule::Characters => format!("Only letters, digits and {PASSWORD_SPECIALS}"),
        PasswordRule::Lower => "A lower-case letter".to_owned(),
        PasswordRule::Upper => "An upper-case letter".to_owned(),
        PasswordRule::Digit => "A digit".to_owned(),
        PasswordRule::Special => format!("A special character: {PASSWORD_SPECIALS}"),
    }
}

/// The rule of a name, as the hint under its field.
pub fn name_hint(named: Named) -> String {
    let ends = match named {
        Named::Instance => "starting with a letter or digit",
        Named::Snapshot => "starting and ending with a letter or digit",
    };
    format!(
        "{NAME_MIN_CHARS}–{NAME_MAX_CHARS} letters, digits, hyphens (-) and periods (.), {ends}."
    )
}

/// Why an instance is protected, naming it.
pub fn protected(instance_id: &str, by: &ProtectedBy) -> String {
    match by {
        ProtectedBy::List => {
            format!("Instance {instance_id} is protected by this console's configuration.")
        }
        ProtectedBy::Tag(tag) => format!("Instance {instance_id} is protected by its tag {tag}."),
    }
}
