//! Who can log in after cloud-init applied a (merged) cloud-config: the users it creates
//! (`users`, `user`, `- default`), their keys and passwords (`ssh_authorized_keys`,
//! `ssh_import_id`, `lock_passwd`, `passwd`…), the passwords `chpasswd` and `password` set,
//! `ssh_pwauth` and `disable_root`. docs/cloud-init.md says why each rule is so.

use super::users::{users, Entry};
use super::yaml::Value;
use super::Unreadable;

/// An account on the instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Account {
    /// The image's default user (its name when `user:` gives one; else the image's own).
    Default(Option<String>),
    Root,
    User(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// An SSH public key written into the user data.
    Key,
    /// Keys fetched at the first boot (`ssh_import_id`, e.g. from GitHub).
    ImportedKeys,
    /// A password; `expires`: it must be changed at the first login; `random`: cloud-init
    /// makes it up and writes it to the console log.
    Password { expires: bool, random: bool },
}

/// Whether a way in works over SSH (the console always takes a password that works).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ssh {
    Yes,
    No,
    /// `ssh_pwauth` is not set: the image's sshd decides (cloud images usually refuse).
    ImageDecides,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Way {
    pub account: Account,
    pub credential: Credential,
    pub ssh: Ssh,
}

/// Why a credential the user data names does not let anyone in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blocked {
    /// Its `ssh_authorized_keys` list is empty.
    NoKeys(Account),
    /// Its `ssh_authorized_keys` holds no SSH public key.
    NotKeys(Account),
    /// A password with `lock_passwd` true (the default): password logins are off.
    PasswordLocked(Account),
    /// Keys that reach only root, which refuses them while `disable_root` is true.
    RootKeysRefused,
    /// `users` leaves the default user out, so the top-level keys or password reach no one.
    NoDefaultUser,
    /// A login shell that refuses logins (`nologin`, `false`).
    NoShell(Account),
    /// No user, key or password at all.
    Nothing,
    /// The user data (or a part of it) is skipped: see the problem.
    NotRead,
}

#[derive(Default)]
pub struct Logins {
    pub ways: Vec<Way>,
    pub blocked: Vec<Blocked>,
    pub unreadable: Vec<Unreadable>,
}

/// Whether a line of `authorized_keys` holds a public key (options may come first).
fn is_public_key(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    words.windows(2).any(|pair| {
        ["ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-"]
            .iter()
            .any(|kind| pair[0].starts_with(kind))
            && pair[1].len() >= 16
    })
}

/// What a key list holds: (any entries, any public key).
fn keys(value: Option<&Value>) -> Option<(bool, bool)> {
    let lines: Vec<String> = match value? {
        Value::Str(line) => vec![line.clone()],
        Value::Seq(items) => items.iter().filter_map(Value::text).collect(),
        Value::Map(pairs) => pairs.iter().filter_map(|(_, v)| v.text()).collect(),
        _ => vec![],
    };
    Some((
        !lines.is_empty(),
        lines.iter().any(|line| is_public_key(line)),
    ))
}

fn imports(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Str(id)) => !id.is_empty() && id != "None",
        Some(Value::Seq(ids)) => ids.iter().any(Value::truthy),
        _ => false,
    }
}

fn has_password(entry: &Entry, key: &str) -> bool {
    entry
        .get(key)
        .and_then(Value::text)
        .is_some_and(|text| !text.is_empty())
}

/// cloud-init's reading of a yes/no setting (`get_cfg_option_bool`).
fn flag(value: Option<&Value>, default: bool) -> bool {
    match value {
        None | Some(Value::Null) => default,
        Some(Value::Bool(flag)) => *flag,
        Some(Value::Str(text)) => {
            ["true", "1", "on", "yes"].contains(&text.trim().to_ascii_lowercase().as_str())
        }
        Some(Value::Int(number)) => *number == 1,
        Some(_) => false,
    }
}

/// `chpasswd` and `password`: (user name, random) per password set, and whether they expire.
fn chpasswd(config: &Value) -> (Vec<(String, bool)>, bool) {
    let settings = config.get("chpasswd");
    let expire = flag(settings.and_then(|s| s.get("expire")), true);
    let mut set = Vec::new();
    if let Some(Value::Seq(users)) = settings.and_then(|s| s.get("users")) {
        for user in users {
            let Some(name) = user.get("name").and_then(Value::text) else {
                continue;
            };
            let kind = user.get("type").and_then(Value::as_str).unwrap_or("hash");
            let password = user.get("password").and_then(Value::text);
            match (kind, password) {
                ("RANDOM", _) => set.push((name, true)),
                ("text" | "hash", Some(password)) if !password.is_empty() => {
                    set.push((name, false))
                }
                _ => {}
            }
        }
    }
    let lines: Vec<String> = match settings.and_then(|s| s.get("list")) {
        Some(Value::Seq(lines)) => lines.iter().filter_map(Value::text).collect(),
        Some(Value::Str(text)) => text.lines().map(str::to_owned).collect(),
        _ => vec![],
    };
    for line in lines {
        if let Some((name, password)) = line.split_once(':') {
            set.push((name.trim().to_owned(), matches!(password, "R" | "RANDOM")));
        }
    }
    (set, expire)
}

fn no_shell(entry: &Entry) -> bool {
    entry
        .get("shell")
        .and_then(Value::as_str)
        .is_some_and(|shell| shell.ends_with("nologin") || shell.ends_with("/false"))
}

/// The logins a merged cloud-config sets up.
pub fn read(config: &Value) -> Logins {
    let mut logins = Logins::default();
    let entries = users(config);
    let default = entries
        .iter()
        .find(|entry| matches!(entry.account, Account::Default(_)));
    let disable_root = flag(config.get("disable_root"), true);
    let pwauth = match config.get("ssh_pwauth") {
        Some(value) if flag(Some(value), false) => Ssh::Yes,
        Some(Value::Bool(false) | Value::Int(0)) => Ssh::No,
        Some(Value::Str(text))
            if ["false", "0", "off", "no"].contains(&text.to_ascii_lowercase().as_str()) =>
        {
            Ssh::No
        }
        _ => Ssh::ImageDecides,
    };
    let way = |logins: &mut Logins, entry_account: &Account, credential: Credential| {
        let ssh = match (&credential, entry_account) {
            (Credential::Password { .. }, Account::Root) => Ssh::No,
            (Credential::Password { .. }, _) => pwauth,
            _ => Ssh::Yes,
        };
        logins.ways.push(Way {
            account: entry_account.clone(),
            credential,
            ssh,
        });
    };

    // Passwords set after the users exist (chpasswd replaces a locked password).
    let (mut passwords, expires) = chpasswd(config);
    let top_password = config
        .get("password")
        .and_then(Value::text)
        .filter(|password| !password.is_empty());
    if passwords.is_empty() {
        if let Some(_password) = top_password {
            match default {
                Some(_) => passwords.push(("default".into(), false)),
                None => logins.blocked.push(Blocked::NoDefaultUser),
            }
        }
    }
    let account_named = |name: &str| -> Option<Account> {
        if name == "root" {
            return Some(Account::Root);
        }
        entries
            .iter()
            .map(|entry| &entry.account)
            .find(|account| match account {
                Account::Default(known) => name == "default" || known.as_deref() == Some(name),
                Account::User(user) => user == name,
                Account::Root => false,
            })
            .cloned()
    };
    let mut chpasswd_accounts: Vec<(Account, bool)> = Vec::new();
    for (name, random) in passwords {
        match account_named(&name) {
            Some(account) => chpasswd_accounts.push((account, random)),
            None => logins.unreadable.push(Unreadable::UnknownAccount(name)),
        }
    }

    for entry in &entries {
        let account = &entry.account;
        let is_default = matches!(account, Account::Default(_));
        if no_shell(entry) {
            logins.blocked.push(Blocked::NoShell(account.clone()));
            continue;
        }
        let mut listed = keys(entry.get("ssh_authorized_keys"));
        if is_default {
            // Top-level keys go to the default user (cc_ssh). A string there is read as
            // a list of its characters: no key.
            let top = match config.get("ssh_authorized_keys") {
                Some(Value::Str(text)) => Some((!text.is_empty(), false)),
                other => keys(other),
            };
            listed = match (listed, top) {
                (Some((a, b)), Some((c, d))) => Some((a || c, b || d)),
                (one, other) => one.or(other),
            };
        }
        match listed {
            Some((_, true)) => way(&mut logins, account, Credential::Key),
            Some((true, false)) => logins.blocked.push(Blocked::NotKeys(account.clone())),
            Some((false, false)) => logins.blocked.push(Blocked::NoKeys(account.clone())),
            None => {}
        }
        let imported = imports(entry.get("ssh_import_id"))
            || (is_default && imports(config.get("ssh_import_id")));
        if imported {
            way(&mut logins, account, Credential::ImportedKeys);
        }
        // A password of the user's own: `passwd` only for a user cloud-init creates (root
        // exists already); locked unless `lock_passwd: false`.
        let own_password = has_password(entry, "plain_text_passwd")
            || has_password(entry, "hashed_passwd")
            || (*account != Account::Root && has_password(entry, "passwd"));
        let locked = entry.get("lock_passwd").is_none_or(Value::truthy);
        let changed = chpasswd_accounts.iter().find(|(a, _)| a == account);
        match (changed, own_password, locked) {
            (Some((_, random)), _, _) => way(
                &mut logins,
                account,
                Credential::Password {
                    expires,
                    random: *random,
                },
            ),
            (None, true, false) => way(
                &mut logins,
                account,
                Credential::Password {
                    expires: false,
                    random: false,
                },
            ),
            (None, true, true) => logins
                .blocked
                .push(Blocked::PasswordLocked(account.clone())),
            (None, false, _) => {}
        }
    }

    // Root: a password from chpasswd; the top-level keys with `disable_root: false`.
    if !entries.iter().any(|entry| entry.account == Account::Root) {
        if let Some((_, random)) = chpasswd_accounts.iter().find(|(a, _)| *a == Account::Root) {
            way(
                &mut logins,
                &Account::Root,
                Credential::Password {
                    expires,
                    random: *random,
                },
            );
        }
    }
    let top_keys = keys(config.get("ssh_authorized_keys")).is_some_and(|(_, any)| any);
    if top_keys && !disable_root {
        way(&mut logins, &Account::Root, Credential::Key);
    } else if top_keys && default.is_none() {
        logins.blocked.push(Blocked::NoDefaultUser);
        logins.blocked.push(Blocked::RootKeysRefused);
    }

    let commands = ["runcmd", "bootcmd", "write_files"]
        .iter()
        .any(|key| config.get(key).is_some_and(Value::truthy));
    if commands {
        logins.unreadable.push(Unreadable::Commands);
    }
    let mut seen = Vec::new();
    logins.blocked.retain(|blocked| {
        let first = !seen.contains(blocked);
        seen.push(blocked.clone());
        first
    });
    logins
}
