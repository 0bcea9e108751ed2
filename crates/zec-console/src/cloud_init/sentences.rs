//! Every sentence about user data, built from the typed reading (one place, so it can be
//! translated).

use super::{Account, Blocked, Credential, Kind, Problem, Ssh, Unreadable, Verdict, Way};
use crate::i18n::{msg, text, word, Id};

/// "cloud-config", "a shell script", …: follows "Recognised as".
pub fn kind(kind: Kind) -> String {
    word(match kind {
        Kind::Empty => Id::KindEmpty,
        Kind::CloudConfig => Id::KindCloudConfig,
        Kind::Script => Id::KindScript,
        Kind::Include => Id::KindInclude,
        Kind::Boothook => Id::KindBoothook,
        Kind::PartHandler => Id::KindPartHandler,
        Kind::Archive => Id::KindArchive,
        Kind::JsonPatch => Id::KindJsonPatch,
        Kind::Jinja => Id::KindJinja,
        Kind::Mime => Id::KindMime,
        Kind::Unrecognised => Id::KindUnrecognised,
    })
}

fn in_part(part: Option<usize>) -> String {
    part.map(|part| text(msg::InPart { part }))
        .unwrap_or_default()
}

pub fn problem(problem: &Problem) -> String {
    match problem {
        Problem::InvalidYaml { part, line, info } => text(msg::ProblemYaml {
            part: in_part(*part),
            line: *line,
            info: info.clone(),
        }),
        Problem::NotAMapping { part } => text(msg::ProblemNotAMapping {
            part: in_part(*part),
        }),
        Problem::ArchiveNotAList => word(Id::ProblemArchive),
        Problem::MimeWithoutVersion => word(Id::ProblemMimeVersion),
        Problem::BrokenMime => word(Id::ProblemBrokenMime),
        Problem::Unrecognised => word(Id::ProblemUnrecognised),
    }
}

fn who(account: &Account) -> String {
    match account {
        Account::Default(Some(name)) => text(msg::DefaultUserNamed { name: name.clone() }),
        Account::Default(None) => word(Id::DefaultUser),
        Account::Root => "root".into(),
        Account::User(name) => name.clone(),
    }
}

/// One way in: "ops with an SSH key".
pub fn way(way: &Way) -> String {
    let who = who(&way.account);
    match &way.credential {
        Credential::Key => text(msg::WayKey { who }),
        Credential::ImportedKeys => text(msg::WayImportedKeys { who }),
        Credential::Password { expires, random } => {
            let password = match random {
                true => word(Id::RandomPassword),
                false => word(Id::APassword),
            };
            let over = word(match way.ssh {
                Ssh::Yes => Id::OverSsh,
                Ssh::No => Id::NotOverSsh,
                Ssh::ImageDecides => Id::SshImageDecides,
            });
            let change = match expires {
                true => word(Id::ChangedAtFirstLogin),
                false => String::new(),
            };
            text(msg::WayPassword {
                who,
                password,
                over,
                change,
            })
        }
    }
}

/// What the user data sets up, to follow "Log in with".
pub fn ways(ways: &[Way]) -> String {
    let listed: Vec<String> = ways.iter().map(way).collect();
    text(msg::SetUpByUserData {
        ways: listed.join(&word(Id::OrSeparator)),
    })
}

pub fn blocked(blocked: &Blocked) -> String {
    match blocked {
        Blocked::NoKeys(account) => text(msg::BlockedNoKeys { who: who(account) }),
        Blocked::NotKeys(account) => text(msg::BlockedNotKeys { who: who(account) }),
        Blocked::PasswordLocked(account) => text(msg::BlockedLocked { who: who(account) }),
        Blocked::RootKeysRefused => word(Id::BlockedRootKeys),
        Blocked::NoDefaultUser => word(Id::BlockedNoDefaultUser),
        Blocked::NoShell(account) => text(msg::BlockedNoShell { who: who(account) }),
        Blocked::Nothing => word(Id::BlockedNothing),
        Blocked::NotRead => word(Id::BlockedNotRead),
    }
}

pub fn unreadable(unreadable: &Unreadable) -> String {
    match unreadable {
        Unreadable::Script => word(Id::UnreadableScript),
        Unreadable::Include => word(Id::UnreadableInclude),
        Unreadable::Boothook => word(Id::UnreadableBoothook),
        Unreadable::PartHandler => word(Id::UnreadablePartHandler),
        Unreadable::JsonPatch => word(Id::UnreadableJsonPatch),
        Unreadable::Template => word(Id::UnreadableTemplate),
        Unreadable::Compressed => word(Id::UnreadableCompressed),
        Unreadable::Commands => word(Id::UnreadableCommands),
        Unreadable::UnknownAccount(name) => {
            text(msg::UnreadableUnknownAccount { name: name.clone() })
        }
    }
}

fn joined(parts: Vec<String>) -> String {
    parts.join(&word(Id::RuleNeedsSeparator))
}

/// The warning of a plan whose user data leaves no known way in, or cannot be checked;
/// `None` when it sets one up.
pub fn warning(verdict: &Verdict, image_name: &str) -> Option<String> {
    match verdict {
        Verdict::Ways(_) => None,
        Verdict::NoWay(reasons) => Some(text(msg::WarningNoWay {
            image: image_name.to_owned(),
            reasons: joined(reasons.iter().map(blocked).collect()),
        })),
        Verdict::CannotTell(reasons) => Some(text(msg::WarningCannotTell {
            reasons: joined(reasons.iter().map(unreadable).collect()),
        })),
    }
}
