//! Every sentence about user data, built from the typed reading (one place, so it can be
//! translated).

use super::{Account, Blocked, Credential, Kind, Problem, Ssh, Unreadable, Verdict, Way};

/// "cloud-config", "a shell script", …: follows "Recognised as".
pub fn kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Empty => "nothing",
        Kind::CloudConfig => "cloud-config",
        Kind::Script => "a script",
        Kind::Include => "an #include list",
        Kind::Boothook => "a boothook",
        Kind::PartHandler => "a part handler",
        Kind::Archive => "a cloud-config archive",
        Kind::JsonPatch => "a cloud-config JSON patch",
        Kind::Jinja => "a Jinja template",
        Kind::Mime => "a MIME multi-part message",
        Kind::Unrecognised => "text cloud-init will not run",
    }
}

fn in_part(part: Option<usize>) -> String {
    part.map(|part| format!(" (part {part})"))
        .unwrap_or_default()
}

pub fn problem(problem: &Problem) -> String {
    match problem {
        Problem::InvalidYaml { part, line, info } => format!(
            "The cloud-config{} is not valid YAML (line {line}): {info}. cloud-init skips it.",
            in_part(*part)
        ),
        Problem::NotAMapping { part } => format!(
            "A cloud-config{} must be a mapping of keys (such as packages: or runcmd:); cloud-init skips it.",
            in_part(*part)
        ),
        Problem::ArchiveNotAList => {
            "A #cloud-config-archive must be a YAML list of parts; cloud-init skips it.".into()
        }
        Problem::MimeWithoutVersion => "cloud-init reads a MIME message only with a MIME-Version header; without one it will not run this.".into(),
        Problem::BrokenMime => "Part of this MIME message cannot be read (no boundary, or a part that does not decode); cloud-init skips it.".into(),
        Problem::Unrecognised => "cloud-init will not run this: start with #cloud-config, a #! line, #include or a MIME message.".into(),
    }
}

fn who(account: &Account) -> String {
    match account {
        Account::Default(Some(name)) => format!("{name} (the default user)"),
        Account::Default(None) => "the image's default user".into(),
        Account::Root => "root".into(),
        Account::User(name) => name.clone(),
    }
}

/// One way in: "ops with an SSH key".
pub fn way(way: &Way) -> String {
    let who = who(&way.account);
    match &way.credential {
        Credential::Key => format!("{who} with an SSH key"),
        Credential::ImportedKeys => {
            format!("{who} with the SSH keys ssh_import_id fetches at the first boot")
        }
        Credential::Password { expires, random } => {
            let password = match random {
                true => "a random password cloud-init writes to the console log",
                false => "a password",
            };
            let over = match way.ssh {
                Ssh::Yes => "at the console or over SSH",
                Ssh::No => "at the console (not over SSH)",
                Ssh::ImageDecides => {
                    "at the console (over SSH only if the image allows passwords; ssh_pwauth is not set)"
                }
            };
            let change = match expires {
                true => ", to be changed at the first login",
                false => "",
            };
            format!("{who} with {password}, {over}{change}")
        }
    }
}

/// What the user data sets up, to follow "Log in with".
pub fn ways(ways: &[Way]) -> String {
    let listed: Vec<String> = ways.iter().map(way).collect();
    format!("{} (set up by your user data)", listed.join("; or "))
}

pub fn blocked(blocked: &Blocked) -> String {
    match blocked {
        Blocked::NoKeys(account) => {
            format!("the ssh_authorized_keys list of {} is empty", who(account))
        }
        Blocked::NotKeys(account) => format!(
            "the ssh_authorized_keys of {} hold no SSH public key",
            who(account)
        ),
        Blocked::PasswordLocked(account) => format!(
            "the password of {} is locked (lock_passwd is true unless set to false)",
            who(account)
        ),
        Blocked::RootKeysRefused => {
            "root refuses those keys while disable_root is true (the default)".into()
        }
        Blocked::NoDefaultUser => {
            "users leaves out the default user, so the top-level keys or password reach no one"
                .into()
        }
        Blocked::NoShell(account) => format!("{} has a shell that refuses logins", who(account)),
        Blocked::Nothing => "the user data creates no user with a key or password".into(),
        Blocked::NotRead => "cloud-init skips the user data (see above)".into(),
    }
}

pub fn unreadable(unreadable: &Unreadable) -> String {
    match unreadable {
        Unreadable::Script => "a script runs at the first boot".into(),
        Unreadable::Include => "#include fetches more user data at boot".into(),
        Unreadable::Boothook => "a boothook runs at every boot".into(),
        Unreadable::PartHandler => "a part handler runs".into(),
        Unreadable::JsonPatch => "a JSON patch changes the cloud-config".into(),
        Unreadable::Template => "a Jinja template is filled in at boot".into(),
        Unreadable::Compressed => "a compressed part is unpacked at boot".into(),
        Unreadable::Commands => "runcmd, bootcmd or write_files run at boot".into(),
        Unreadable::UnknownAccount(name) => {
            format!("chpasswd sets the password of {name}, a user the user data does not create")
        }
    }
}

fn joined(parts: Vec<String>) -> String {
    parts.join("; ")
}

/// The warning of a plan whose user data leaves no known way in, or cannot be checked;
/// `None` when it sets one up.
pub fn warning(verdict: &Verdict, image_name: &str) -> Option<String> {
    match verdict {
        Verdict::Ways(_) => None,
        Verdict::NoWay(reasons) => Some(format!(
            "Nothing in this plan lets anyone log in: {image_name} sets no password or key, and the user data sets up no way in: {}.",
            joined(reasons.iter().map(blocked).collect())
        )),
        Verdict::CannotTell(reasons) => Some(format!(
            "Whether anyone can log in cannot be checked before boot: {}.",
            joined(reasons.iter().map(unreadable).collect())
        )),
    }
}
