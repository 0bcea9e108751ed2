//! The contract's broken rules in the locale in use: a `Violation` (a code and its values)
//! becomes a message here, as `zec_api::english` writes it for the servers (in English both
//! say the same words: `tests/i18n.rs`). The form's password checklist and name hints too.

use zec_api::rules::{
    IdList, Named, PasswordRule, ProtectedBy, TagPart, MAX_PAGE_SIZE, NAME_MAX_CHARS,
    NAME_MIN_CHARS, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS, PASSWORD_SPECIALS, TAG_MAX_CHARS,
    TAG_MIN_CHARS, USER_DATA_MAX_BYTES,
};
use zec_api::violation::{Operation, Violation};
use zec_api::ErrorCode;

use crate::error::ApiError;

use super::{msg, text, word, Id};

/// The sentence about a broken rule.
pub fn violation(violation: &Violation) -> String {
    use Violation::*;
    let (min, max) = (NAME_MIN_CHARS, NAME_MAX_CHARS);
    match violation {
        Password { refused, unmet } => {
            let refused = match refused.as_slice() {
                [] => String::new(),
                [one] => text(msg::RuleRefusedOne {
                    character: character(*one),
                }),
                many => text(msg::RuleRefusedMany {
                    characters: many
                        .iter()
                        .map(|c| character(*c))
                        .collect::<Vec<_>>()
                        .join(&word(Id::ListSeparator)),
                }),
            };
            let needs: Vec<String> = unmet.iter().map(|rule| password_needs(*rule)).collect();
            text(msg::RulePassword {
                refused,
                needs: needs.join(&word(Id::RuleNeedsSeparator)),
            })
        }
        NameLength { named, chars } => text(msg::RuleNameLength {
            named: noun(*named),
            min,
            max,
            chars: *chars,
        }),
        NameCharacters { named } => text(msg::RuleNameCharacters {
            named: noun(*named),
        }),
        NameEnds {
            named: Named::Instance,
        } => word(Id::RuleInstanceNameEnds),
        NameEnds {
            named: Named::Snapshot,
        } => word(Id::RuleSnapshotNameEnds),
        UserDataTooLong { bytes } => text(msg::RuleUserDataTooLong {
            bytes: *bytes,
            max: USER_DATA_MAX_BYTES,
            kib: USER_DATA_MAX_BYTES / 1024,
        }),
        LoginConflict => word(Id::RuleLoginConflict),
        LoginMissing => word(Id::RuleLoginMissing),
        ImageTakesNoPassword | ImageTakesNoKeyPair | KeyTypeNotSupported | AgentNotSupported => {
            code_message(&violation.code())
        }
        UnknownTimezone { timezone } => text(msg::RuleUnknownTimezone {
            timezone: format!("{timezone:?}"),
        }),
        NotStopped {
            status,
            to: Operation::Reinstall,
        } => text(msg::RuleNotStoppedReinstall {
            status: status.to_string(),
        }),
        NotStopped {
            status,
            to: Operation::Rollback,
        } => text(msg::RuleNotStoppedRollback {
            status: status.to_string(),
        }),
        ImageNotAvailable { status } => text(msg::RuleImageNotAvailable {
            status: status.to_string(),
        }),
        OsTypeChanges { image, current } => text(msg::RuleOsTypeChanges {
            image: image.to_string(),
            current: current.to_string(),
        }),
        ImageTooLarge {
            needed_gib,
            disk_gib,
        } => text(msg::RuleImageTooLarge {
            needed: needed_gib.clone(),
            disk: *disk_gib,
        }),
        Missing { parameter } => text(msg::RuleMissing {
            parameter: parameter.to_string(),
        }),
        TooManyIds { list, count } => text(msg::RuleTooManyIds {
            parameter: list.parameter().to_owned(),
            count: *count,
            things: match list {
                IdList::Instances => word(Id::NounInstances),
                IdList::Snapshots => word(Id::NounSnapshots),
            },
            max: list.max(),
        }),
        EmptyId(list) => text(msg::RuleEmptyId {
            parameter: list.parameter().to_owned(),
        }),
        PageSize => text(msg::RulePageSize { max: MAX_PAGE_SIZE }),
        PageNum => word(Id::RulePageNum),
        TagLength { part, chars } => text(msg::RuleTagLength {
            part: match part {
                TagPart::Key => word(Id::NounTagKey),
                TagPart::Value => word(Id::NounTagValue),
            },
            min: TAG_MIN_CHARS,
            max: TAG_MAX_CHARS,
            chars: *chars,
        }),
        TagSyntax => word(Id::RuleTagSyntax),
        Protected(instances) => text(msg::RuleProtected {
            reasons: instances
                .iter()
                .map(|(id, by)| protected(id, by))
                .collect::<Vec<_>>()
                .join(&word(Id::SentenceGap)),
        }),
        RetentionSyntax => word(Id::RuleRetentionSyntax),
        RetentionTooSoon { earliest } => text(msg::RuleRetentionTooSoon {
            earliest: zec_api::time::format_utc(*earliest),
        }),
        SnapshotOfAnotherDisk {
            snapshot_id,
            snapshot_disk,
            disk,
        } => text(msg::RuleSnapshotOfAnotherDisk {
            snapshot: snapshot_id.clone(),
            snapshot_disk: snapshot_disk.clone(),
            disk: disk.clone(),
        }),
        SnapshotNotAvailable {
            snapshot_id,
            status,
        } => text(msg::RuleSnapshotNotAvailable {
            snapshot: snapshot_id.clone(),
            status: status.to_string(),
        }),
    }
}

/// An API or proxy error code's plain explanation: English from the contract's table
/// (`ErrorCode::message`), other locales from their catalogue's `codes`.
pub fn code_message(code: &ErrorCode) -> String {
    super::code_text(code).unwrap_or_else(|| code.message().to_owned())
}

fn noun(named: Named) -> String {
    match named {
        Named::Instance => word(Id::NounInstance),
        Named::Snapshot => word(Id::NounSnapshot),
    }
}

/// "“#”", or a name for characters that do not show.
fn character(c: char) -> String {
    match c {
        ' ' => word(Id::RuleSpace),
        c if c.is_whitespace() || c.is_control() => text(msg::RuleCodePoint {
            code: format!("U+{:04X}", u32::from(c)),
        }),
        c => format!("“{c}”"),
    }
}

/// A password rule as what the password still needs ("a digit").
pub fn password_needs(rule: PasswordRule) -> String {
    match rule {
        PasswordRule::Length => text(msg::PasswordLength {
            min: PASSWORD_MIN_CHARS,
            max: PASSWORD_MAX_CHARS,
        }),
        PasswordRule::Characters => text(msg::PasswordNeedsCharacters {
            specials: PASSWORD_SPECIALS,
        }),
        PasswordRule::Lower => word(Id::PasswordNeedsLower),
        PasswordRule::Upper => word(Id::PasswordNeedsUpper),
        PasswordRule::Digit => word(Id::PasswordNeedsDigit),
        PasswordRule::Special => text(msg::PasswordNeedsSpecial {
            specials: PASSWORD_SPECIALS,
        }),
    }
}

/// A password rule as a line of the form's checklist ("A digit").
pub fn password_checklist_item(rule: PasswordRule) -> String {
    match rule {
        PasswordRule::Length => text(msg::PasswordLength {
            min: PASSWORD_MIN_CHARS,
            max: PASSWORD_MAX_CHARS,
        }),
        PasswordRule::Characters => text(msg::PasswordOnlyCharacters {
            specials: PASSWORD_SPECIALS,
        }),
        PasswordRule::Lower => word(Id::PasswordLower),
        PasswordRule::Upper => word(Id::PasswordUpper),
        PasswordRule::Digit => word(Id::PasswordDigit),
        PasswordRule::Special => text(msg::PasswordSpecial {
            specials: PASSWORD_SPECIALS,
        }),
    }
}

/// The rule of a name, as the hint under its field.
pub fn name_hint(named: Named) -> String {
    let (min, max) = (NAME_MIN_CHARS, NAME_MAX_CHARS);
    match named {
        Named::Instance => text(msg::InstanceNameHint { min, max }),
        Named::Snapshot => text(msg::SnapshotNameHint { min, max }),
    }
}

/// Why an instance is protected, naming it.
pub fn protected(instance_id: &str, by: &ProtectedBy) -> String {
    let instance = instance_id.to_owned();
    match by {
        ProtectedBy::List => text(msg::ProtectedByList { instance }),
        ProtectedBy::Tag(tag) => text(msg::ProtectedByTag {
            instance,
            tag: tag.to_string(),
        }),
    }
}

/// A failed call's sentence: in English `ApiError::message` (the code's plain message, or
/// the server's own when it says more); in another locale the code's explanation from its
/// catalogue, with the server's own English words after it as a detail.
pub fn error_message(error: &ApiError) -> String {
    if super::locale() == super::Locale::En {
        // Still subscribes the view to the locale.
        let _ = word(Id::ListSeparator);
        return error.message();
    }
    match error {
        ApiError::Refused { code, message, .. } => {
            let explanation = match code {
                ErrorCode::Other(_) => word(Id::ServerRefused),
                code => code_message(code),
            };
            let own = error.message();
            let detail = (own != code.message() && !own.is_empty()).then_some(own);
            match detail.filter(|_| !message.is_empty()) {
                Some(detail) => text(msg::WithDetail {
                    sentence: explanation,
                    detail,
                }),
                None => explanation,
            }
        }
        ApiError::Transport {
            detail,
            may_have_arrived: true,
        } => text(msg::NoReadableAnswer {
            detail: detail.clone(),
        }),
        ApiError::Transport { detail, .. } => text(msg::NotReached {
            detail: detail.clone(),
        }),
    }
}
