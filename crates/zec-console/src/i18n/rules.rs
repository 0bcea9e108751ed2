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

use super::{text, Msg};

/// The sentence about a broken rule.
pub fn violation(violation: &Violation) -> String {
    use Violation::*;
    let (min, max) = (NAME_MIN_CHARS, NAME_MAX_CHARS);
    let msg = match violation {
        Password { refused, unmet } => {
            let refused = match refused.as_slice() {
                [] => String::new(),
                [one] => text(Msg::RuleRefusedOne {
                    character: character(*one),
                }),
                many => text(Msg::RuleRefusedMany {
                    characters: many
                        .iter()
                        .map(|c| character(*c))
                        .collect::<Vec<_>>()
                        .join(&text(Msg::ListSeparator)),
                }),
            };
            let needs: Vec<String> = unmet.iter().map(|rule| password_needs(*rule)).collect();
            Msg::RulePassword {
                refused,
                needs: needs.join(&text(Msg::RuleNeedsSeparator)),
            }
        }
        NameLength { named, chars } => Msg::RuleNameLength {
            named: noun(*named),
            min,
            max,
            chars: *chars,
        },
        NameCharacters { named } => Msg::RuleNameCharacters {
            named: noun(*named),
        },
        NameEnds {
            named: Named::Instance,
        } => Msg::RuleInstanceNameEnds,
        NameEnds {
            named: Named::Snapshot,
        } => Msg::RuleSnapshotNameEnds,
        UserDataTooLong { bytes } => Msg::RuleUserDataTooLong {
            bytes: *bytes,
            max: USER_DATA_MAX_BYTES,
            kib: USER_DATA_MAX_BYTES / 1024,
        },
        LoginConflict => Msg::RuleLoginConflict,
        LoginMissing => Msg::RuleLoginMissing,
        ImageTakesNoPassword | ImageTakesNoKeyPair | KeyTypeNotSupported | AgentNotSupported => {
            return code_message(&violation.code());
        }
        UnknownTimezone { timezone } => Msg::RuleUnknownTimezone {
            timezone: format!("{timezone:?}"),
        },
        NotStopped {
            status,
            to: Operation::Reinstall,
        } => Msg::RuleNotStoppedReinstall {
            status: status.to_string(),
        },
        NotStopped {
            status,
            to: Operation::Rollback,
        } => Msg::RuleNotStoppedRollback {
            status: status.to_string(),
        },
        ImageNotAvailable { status } => Msg::RuleImageNotAvailable {
            status: status.to_string(),
        },
        OsTypeChanges { image, current } => Msg::RuleOsTypeChanges {
            image: image.to_string(),
            current: current.to_string(),
        },
        ImageTooLarge {
            needed_gib,
            disk_gib,
        } => Msg::RuleImageTooLarge {
            needed: needed_gib.clone(),
            disk: *disk_gib,
        },
        Missing { parameter } => Msg::RuleMissing {
            parameter: parameter.to_string(),
        },
        TooManyIds { list, count } => Msg::RuleTooManyIds {
            parameter: list.parameter().to_owned(),
            count: *count,
            things: text(match list {
                IdList::Instances => Msg::NounInstances,
                IdList::Snapshots => Msg::NounSnapshots,
            }),
            max: list.max(),
        },
        EmptyId(list) => Msg::RuleEmptyId {
            parameter: list.parameter().to_owned(),
        },
        PageSize => Msg::RulePageSize { max: MAX_PAGE_SIZE },
        PageNum => Msg::RulePageNum,
        TagLength { part, chars } => Msg::RuleTagLength {
            part: text(match part {
                TagPart::Key => Msg::NounTagKey,
                TagPart::Value => Msg::NounTagValue,
            }),
            min: TAG_MIN_CHARS,
            max: TAG_MAX_CHARS,
            chars: *chars,
        },
        TagSyntax => Msg::RuleTagSyntax,
        Protected(instances) => Msg::RuleProtected {
            reasons: instances
                .iter()
                .map(|(id, by)| protected(id, by))
                .collect::<Vec<_>>()
                .join(&text(Msg::SentenceGap)),
        },
        RetentionSyntax => Msg::RuleRetentionSyntax,
        RetentionTooSoon { earliest } => Msg::RuleRetentionTooSoon {
            earliest: zec_api::time::format_utc(*earliest),
        },
        SnapshotOfAnotherDisk {
            snapshot_id,
            snapshot_disk,
            disk,
        } => Msg::RuleSnapshotOfAnotherDisk {
            snapshot: snapshot_id.clone(),
            snapshot_disk: snapshot_disk.clone(),
            disk: disk.clone(),
        },
        SnapshotNotAvailable {
            snapshot_id,
            status,
        } => Msg::RuleSnapshotNotAvailable {
            snapshot: snapshot_id.clone(),
            status: status.to_string(),
        },
    };
    text(msg)
}

/// An API or proxy error code's plain explanation: English from the contract's table
/// (`ErrorCode::message`), other locales from their catalogue's `codes`.
pub fn code_message(code: &ErrorCode) -> String {
    super::code_text(code).unwrap_or_else(|| code.message().to_owned())
}

fn noun(named: Named) -> String {
    text(match named {
        Named::Instance => Msg::NounInstance,
        Named::Snapshot => Msg::NounSnapshot,
    })
}

/// "“#”", or a name for characters that do not show.
fn character(c: char) -> String {
    match c {
        ' ' => text(Msg::RuleSpace),
        c if c.is_whitespace() || c.is_control() => text(Msg::RuleCodePoint {
            code: format!("U+{:04X}", u32::from(c)),
        }),
        c => format!("“{c}”"),
    }
}

/// A password rule as what the password still needs ("a digit").
pub fn password_needs(rule: PasswordRule) -> String {
    text(match rule {
        PasswordRule::Length => Msg::PasswordLength {
            min: PASSWORD_MIN_CHARS,
            max: PASSWORD_MAX_CHARS,
        },
        PasswordRule::Characters => Msg::PasswordNeedsCharacters {
            specials: PASSWORD_SPECIALS,
        },
        PasswordRule::Lower => Msg::PasswordNeedsLower,
        PasswordRule::Upper => Msg::PasswordNeedsUpper,
        PasswordRule::Digit => Msg::PasswordNeedsDigit,
        PasswordRule::Special => Msg::PasswordNeedsSpecial {
            specials: PASSWORD_SPECIALS,
        },
    })
}

/// A password rule as a line of the form's checklist ("A digit").
pub fn password_checklist_item(rule: PasswordRule) -> String {
    text(match rule {
        PasswordRule::Length => Msg::PasswordLength {
            min: PASSWORD_MIN_CHARS,
            max: PASSWORD_MAX_CHARS,
        },
        PasswordRule::Characters => Msg::PasswordOnlyCharacters {
            specials: PASSWORD_SPECIALS,
        },
        PasswordRule::Lower => Msg::PasswordLower,
        PasswordRule::Upper => Msg::PasswordUpper,
        PasswordRule::Digit => Msg::PasswordDigit,
        PasswordRule::Special => Msg::PasswordSpecial {
            specials: PASSWORD_SPECIALS,
        },
    })
}

/// The rule of a name, as the hint under its field.
pub fn name_hint(named: Named) -> String {
    let (min, max) = (NAME_MIN_CHARS, NAME_MAX_CHARS);
    text(match named {
        Named::Instance => Msg::InstanceNameHint { min, max },
        Named::Snapshot => Msg::SnapshotNameHint { min, max },
    })
}

/// Why an instance is protected, naming it.
pub fn protected(instance_id: &str, by: &ProtectedBy) -> String {
    let instance = instance_id.to_owned();
    text(match by {
        ProtectedBy::List => Msg::ProtectedByList { instance },
        ProtectedBy::Tag(tag) => Msg::ProtectedByTag {
            instance,
            tag: tag.to_string(),
        },
    })
}

/// A failed call's sentence: in English `ApiError::message` (the code's plain message, or
/// the server's own when it says more); in another locale the code's explanation from its
/// catalogue, with the server's own English words after it as a detail.
pub fn error_message(error: &ApiError) -> String {
    if super::locale() == super::Locale::En {
        // Still subscribes the view to the locale.
        let _ = text(Msg::ListSeparator);
        return error.message();
    }
    match error {
        ApiError::Refused { code, message, .. } => {
            let explanation = match code {
                ErrorCode::Other(_) => text(Msg::ServerRefused),
                code => code_message(code),
            };
            let own = error.message();
            let detail = (own != code.message() && !own.is_empty()).then_some(own);
            match detail.filter(|_| !message.is_empty()) {
                Some(detail) => text(Msg::WithDetail {
                    sentence: explanation,
                    detail,
                }),
                None => explanation,
            }
        }
        ApiError::Transport {
            detail,
            may_have_arrived: true,
        } => text(Msg::NoReadableAnswer {
            detail: detail.clone(),
        }),
        ApiError::Transport { detail, .. } => text(Msg::NotReached {
            detail: detail.clone(),
        }),
    }
}
