//! Every sentence about user data, built from the typed reading (one place, so it can be
//! translated).

use super::{Account, Blocked, Credential, Kind, Problem, Ssh, Unreadable, Verdict, Way};
use crate::i18n::{text, Msg};

/// "cloud-config", "a shell script", …: follows "Recognised as".
pub fn kind(kind: Kind) -> String {
    text(match kind {
        Kind::Empty => Msg::KindEmpty,
        Kind::CloudConfig => Msg::KindCloudConfig,
        Kind::Script => Msg::KindScript,
        Kind::Include => Msg::KindInclude,
        Kind::Boothook => Msg::KindBoothook,
        Kind::PartHandler => Msg::KindPartHandler,
        Kind::Archive => Msg::KindArchive,
        Kind::JsonPatch => Msg::KindJsonPatch,
        Kind::Jinja => Msg::KindJinja,
        Kind::Mime => Msg::KindMime,
        Kind::Unrecognised => Msg::KindUnrecognised,
    })
}

fn in_part(part: Option<usize>) -> String {
    part.map(|part| text(Msg::InPart { part }))
        .unwrap_or_default()
}

pub fn problem(problem: &Problem) -> String {
    match problem {
        Problem::InvalidYaml { part, line, info } => text(Msg::ProblemYaml {
            part: in_part(*part),
            line: *line,
            info: info.clone(),
        }),
        Problem::NotAMapping { part } => text(Msg::ProblemNotAMapping {
            part: in_part(*part),
        }),
        Problem::ArchiveNotAList => text(Msg::ProblemArchive),
        Problem::MimeWithoutVersion => text(Msg::ProblemMimeVersion),
        Problem::BrokenMime => text(Msg::ProblemBrokenMime),
        Problem::Unrecognised => text(Msg::ProblemUnrecognised),
    }
}

fn who(account: &Account) -> String {
    match account {
        Account::Default(Some(name)) => text(Msg::DefaultUserNamed { name: name.clone() }),
        Account::Default(None) => text(Msg::DefaultUser),
        Account::Root => "root".into(),
        Account::User(name) => name.clone(),
    }
}

/// One way in: "ops with an SSH key".
pub fn way(way: &Way) -> String {
    let who = who(&way.account);
    match &way.credential {
        Credential::Key => text(Msg::WayKey { who }),
        Credential::ImportedKeys => text(Msg::WayImportedKeys { who }),
        Credential::Password { expires, random } => {
            let password = text(match random {
                true => Msg::RandomPassword,
                false => Msg::APassword,
            });
            let over = text(match way.ssh {
                Ssh::Yes => Msg::OverSsh,
                Ssh::No => Msg::NotOverSsh,
                Ssh::ImageDecides => Msg::SshImageDecides,
            });
            let change = match expires {
                true => text(Msg::ChangedAtFirstLogin),
                false => String::new(),
            };
            text(Msg::WayPassword {
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
    text(Msg::SetUpByUserData {
        ways: listed.join(&text(Msg::OrSeparator)),
    })
}

pub fn blocked(blocked: &Blocked) -> String {
    match blocked {
        Blocked::NoKeys(account) => text(Msg::BlockedNoKeys { who: who(account) }),
        Blocked::NotKeys(account) => text(Msg::BlockedNotKeys { who: who(account) }),
        Blocked::PasswordLocked(account) => text(Msg::BlockedLocked { who: who(account) }),
        Blocked::RootKeysRefused => text(Msg::BlockedRootKeys),
        Blocked::NoDefaultUser => text(Msg::BlockedNoDefaultUser),
        Blocked::NoShell(account) => text(Msg::BlockedNoShell { who: who(account) }),
        Blocked::Nothing => text(Msg::BlockedNothing),
        Blocked::NotRead => text(Msg::BlockedNotRead),
    }
}

pub fn unreadable(unreadable: &Unreadable) -> String {
    match unreadable {
        Unreadable::Script => text(Msg::UnreadableScript),
        Unreadable::Include => text(Msg::UnreadableInclude),
        Unreadable::Boothook => text(Msg::UnreadableBoothook),
        Unreadable::PartHandler => text(Msg::UnreadablePartHandler),
        Unreadable::JsonPatch => text(Msg::UnreadableJsonPatch),
        Unreadable::Template => text(Msg::UnreadableTemplate),
        Unreadable::Compressed => text(Msg::UnreadableCompressed),
        Unreadable::Commands => text(Msg::UnreadableCommands),
        Unreadable::UnknownAccount(name) => {
            text(Msg::UnreadableUnknownAccount { name: name.clone() })
        }
    }
}

fn joined(parts: Vec<String>) -> String {
    parts.join(&text(Msg::RuleNeedsSeparator))
}

/// The warning of a plan whose user data leaves no known way in, or cannot be checked;
/// `None` when it sets one up.
pub fn warning(verdict: &Verdict, image_name: &str) -> Option<String> {
    match verdict {
        Verdict::Ways(_) => None,
        Verdict::NoWay(reasons) => Some(text(Msg::WarningNoWay {
            image: image_name.to_owned(),
            reasons: joined(reasons.iter().map(blocked).collect()),
        })),
        Verdict::CannotTell(reasons) => Some(text(Msg::WarningCannotTell {
            reasons: joined(reasons.iter().map(unreadable).collect()),
        })),
    }
}
