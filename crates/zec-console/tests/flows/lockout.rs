//! The lockout guard reads user data as cloud-init does (docs/cloud-init.md): one row per
//! variant, with the verdict expected and why.

use zec_console::cloud_init::{
    read, Account, Blocked, Credential, Kind, Problem, Ssh, Unreadable, Verdict, Way,
};

const KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOpsLaptopKey ops@laptop";

fn default_user() -> Account {
    Account::Default(None)
}

fn ops() -> Account {
    Account::User("ops".into())
}

fn key(account: Account) -> Way {
    Way {
        account,
        credential: Credential::Key,
        ssh: Ssh::Yes,
    }
}

fn password(account: Account, expires: bool, random: bool, ssh: Ssh) -> Way {
    Way {
        account,
        credential: Credential::Password { expires, random },
        ssh,
    }
}

fn no_way(reasons: &[Blocked]) -> Verdict {
    Verdict::NoWay(reasons.to_vec())
}

fn base64(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// (what, user data, verdict, why).
fn table() -> Vec<(&'static str, String, Verdict, &'static str)> {
    let mime = |parts: &[(&str, &str, &str)]| {
        let mut text =
            "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"XYZ\"\n\n".to_owned();
        for (content_type, encoding, body) in parts {
            text += &format!("--XYZ\nContent-Type: {content_type}\nContent-Transfer-Encoding: {encoding}\n\n{body}\n");
        }
        text + "--XYZ--\n"
    };
    vec![
        ("empty", String::new(), no_way(&[Blocked::Nothing]), "no user data: the default user exists, locked and without keys"),
        ("header only", "#cloud-config\n".into(), no_way(&[Blocked::Nothing]), "an empty cloud-config sets up nothing"),
        ("comments only", "#cloud-config\n# TODO: add users\n".into(), no_way(&[Blocked::Nothing]), "comments are nothing"),
        (
            "an empty key list (HIGH)",
            "#cloud-config\nssh_authorized_keys: []\n".into(),
            no_way(&[Blocked::NoKeys(default_user())]),
            "the key is there but lists no key",
        ),
        (
            "a top-level key",
            format!("#cloud-config\nssh_authorized_keys:\n  - {KEY}\n"),
            Verdict::Ways(vec![key(default_user())]),
            "top-level keys go to the default user",
        ),
        (
            "a locked user with only a password (HIGH)",
            "#cloud-config\nusers:\n  - name: ops\n    lock_passwd: true\n    plain_text_passwd: S3cret-pass\n".into(),
            no_way(&[Blocked::PasswordLocked(ops())]),
            "lock_passwd: true turns password logins off",
        ),
        (
            "a password and lock_passwd left out",
            "#cloud-config\nusers:\n  - name: ops\n    passwd: $6$salt$hash\n".into(),
            no_way(&[Blocked::PasswordLocked(ops())]),
            "lock_passwd is true unless set to false",
        ),
        (
            "an unlocked password",
            "#cloud-config\nusers:\n  - name: ops\n    lock_passwd: false\n    plain_text_passwd: S3cret-pass\n".into(),
            Verdict::Ways(vec![password(ops(), false, false, Ssh::ImageDecides)]),
            "at the console; over SSH only if the image allows passwords",
        ),
        (
            "an unlocked password with ssh_pwauth",
            "#cloud-config\nssh_pwauth: true\nusers:\n  - name: ops\n    lock_passwd: false\n    plain_text_passwd: S3cret-pass\n".into(),
            Verdict::Ways(vec![password(ops(), false, false, Ssh::Yes)]),
            "ssh_pwauth: true lets sshd take passwords",
        ),
        (
            "lock_passwd: \"false\" quoted",
            "#cloud-config\nusers:\n  - name: ops\n    lock_passwd: \"false\"\n    plain_text_passwd: S3cret-pass\n".into(),
            no_way(&[Blocked::PasswordLocked(ops())]),
            "a quoted \"false\" is a non-empty string, which Python reads as true",
        ),
        (
            "lock_passwd: no (YAML 1.1)",
            "#cloud-config\nusers:\n  - name: ops\n    lock_passwd: no\n    plain_text_passwd: S3cret-pass\n".into(),
            Verdict::Ways(vec![password(ops(), false, false, Ssh::ImageDecides)]),
            "no is false in YAML 1.1, as PyYAML reads it",
        ),
        (
            "a user with a key",
            format!("#cloud-config\nusers:\n  - name: ops\n    ssh_authorized_keys: [{KEY}]\n"),
            Verdict::Ways(vec![key(ops())]),
            "keys work whatever lock_passwd says",
        ),
        (
            "- default and a top-level key",
            format!("#cloud-config\nusers:\n  - default\n  - name: ops\nssh_authorized_keys:\n  - {KEY}\n"),
            Verdict::Ways(vec![key(default_user())]),
            "the default user is kept and gets the key",
        ),
        (
            "users without default, and a top-level key",
            format!("#cloud-config\nusers:\n  - name: ops\nssh_authorized_keys:\n  - {KEY}\n"),
            no_way(&[Blocked::NoDefaultUser, Blocked::RootKeysRefused]),
            "no default user: the key reaches only root, refused while disable_root is true",
        ),
        (
            "the same with disable_root: false",
            format!("#cloud-config\ndisable_root: false\nusers:\n  - name: ops\nssh_authorized_keys:\n  - {KEY}\n"),
            Verdict::Ways(vec![key(Account::Root)]),
            "root takes the key",
        ),
        (
            "users: [] and a top-level key",
            format!("#cloud-config\nusers: []\nssh_authorized_keys:\n  - {KEY}\n"),
            no_way(&[Blocked::NoDefaultUser, Blocked::RootKeysRefused]),
            "an empty users list creates no one, not even the default user",
        ),
        (
            "users as a comma list with default",
            format!("#cloud-config\nusers: default, ops\nssh_authorized_keys: [{KEY}]\n"),
            Verdict::Ways(vec![key(default_user())]),
            "the string form names the default user too",
        ),
        (
            "a top-level password",
            "#cloud-config\npassword: S3cret-pass\n".into(),
            Verdict::Ways(vec![password(default_user(), true, false, Ssh::ImageDecides)]),
            "the default user's password, to be changed at the first login (expire defaults to true)",
        ),
        (
            "password with chpasswd expire: false",
            "#cloud-config\npassword: S3cret-pass\nchpasswd: { expire: false }\nssh_pwauth: true\n".into(),
            Verdict::Ways(vec![password(default_user(), false, false, Ssh::Yes)]),
            "the classic way to log in with a password",
        ),
        (
            "chpasswd users for root",
            "#cloud-config\nchpasswd:\n  users:\n    - name: root\n      password: S3cret-pass\n      type: text\n".into(),
            Verdict::Ways(vec![password(Account::Root, true, false, Ssh::No)]),
            "root's password works at the console; sshd refuses root passwords by default",
        ),
        (
            "chpasswd list with RANDOM",
            "#cloud-config\nchpasswd:\n  list: |\n    root:RANDOM\n".into(),
            Verdict::Ways(vec![password(Account::Root, true, true, Ssh::No)]),
            "a random password written to the console log",
        ),
        (
            "chpasswd for a user nobody creates",
            "#cloud-config\nchpasswd:\n  users:\n    - {name: ubuntu, password: S3cret-pass, type: text}\n".into(),
            Verdict::CannotTell(vec![Unreadable::UnknownAccount("ubuntu".into())]),
            "whether the image has that user cannot be known here",
        ),
        (
            "chpasswd unlocks a locked user",
            "#cloud-config\nusers:\n  - name: ops\n    plain_text_passwd: old\nchpasswd:\n  expire: false\n  users:\n    - {name: ops, password: S3cret-pass, type: text}\n".into(),
            Verdict::Ways(vec![password(ops(), false, false, Ssh::ImageDecides)]),
            "chpasswd runs after the users exist and replaces the locked password",
        ),
        (
            "a key list that holds no key",
            "#cloud-config\nssh_authorized_keys:\n  - TODO paste the key here\n".into(),
            no_way(&[Blocked::NotKeys(default_user())]),
            "not an SSH public key",
        ),
        (
            "ssh_import_id",
            "#cloud-config\nssh_import_id: [gh:ops]\n".into(),
            Verdict::Ways(vec![Way { account: default_user(), credential: Credential::ImportedKeys, ssh: Ssh::Yes }]),
            "keys fetched at the first boot",
        ),
        (
            "a user whose shell refuses logins",
            format!("#cloud-config\nusers:\n  - name: ops\n    shell: /usr/sbin/nologin\n    ssh_authorized_keys: [{KEY}]\n"),
            no_way(&[Blocked::NoShell(ops())]),
            "nologin ends every login",
        ),
        (
            "the older user: form",
            "#cloud-config\nuser:\n  name: bob\n  lock_passwd: false\n  plain_text_passwd: S3cret-pass\n".into(),
            Verdict::Ways(vec![password(Account::Default(Some("bob".into())), false, false, Ssh::ImageDecides)]),
            "user: renames and configures the default user",
        ),
        (
            "runcmd only",
            "#cloud-config\nruncmd:\n  - useradd -m ops\n".into(),
            Verdict::CannotTell(vec![Unreadable::Commands]),
            "commands may create a login; they cannot be read here",
        ),
        (
            "a shell script",
            "#!/bin/sh\necho 'root:x' | chpasswd\n".into(),
            Verdict::CannotTell(vec![Unreadable::Script]),
            "a script runs at the first boot",
        ),
        (
            "#include",
            "#include\nhttps://example.com/user-data\n".into(),
            Verdict::CannotTell(vec![Unreadable::Include]),
            "fetched at boot",
        ),
        (
            "#cloud-boothook",
            "#cloud-boothook\n#!/bin/sh\necho hi\n".into(),
            Verdict::CannotTell(vec![Unreadable::Boothook]),
            "runs at every boot",
        ),
        (
            "a Jinja template",
            "## template: jinja\n#cloud-config\nusers:\n  - name: '{{ v1.local_hostname }}'\n".into(),
            Verdict::CannotTell(vec![Unreadable::Template]),
            "filled in from the instance's data at boot",
        ),
        (
            "a Jinja header without template syntax",
            format!("## template: jinja\n#cloud-config\nssh_authorized_keys: [{KEY}]\n"),
            Verdict::Ways(vec![key(default_user())]),
            "nothing to fill in: the cloud-config reads as it is",
        ),
        (
            "an archive with a cloud-config and a script",
            format!("#cloud-config-archive\n- type: text/x-shellscript\n  content: \"#!/bin/sh\\necho hi\"\n- content: |\n    ssh_authorized_keys: [{KEY}]\n"),
            Verdict::Ways(vec![key(default_user())]),
            "an archive entry without a type or header is cloud-config",
        ),
        (
            "MIME: a cloud-config part and a script",
            mime(&[("text/x-shellscript", "7bit", "#!/bin/sh\necho hi"), ("text/cloud-config", "7bit", &format!("users:\n  - name: ops\n    ssh_authorized_keys: [{KEY}]"))]),
            Verdict::Ways(vec![key(ops())]),
            "the cloud-config part sets up ops's key",
        ),
        (
            "MIME: a base64 cloud-config part with a locked password",
            mime(&[("text/cloud-config", "base64", &base64("#cloud-config\nusers:\n  - name: ops\n    plain_text_passwd: S3cret-pass\n"))]),
            no_way(&[Blocked::PasswordLocked(ops())]),
            "decoded first, then read like any cloud-config",
        ),
        (
            "MIME: parts merged, the later one wins",
            mime(&[("text/cloud-config", "7bit", &format!("ssh_authorized_keys: [{KEY}]")), ("text/cloud-config", "7bit", "ssh_authorized_keys: []")]),
            no_way(&[Blocked::NoKeys(default_user())]),
            "lists are replaced when parts merge",
        ),
        (
            "multipart without MIME-Version",
            "Content-Type: multipart/mixed; boundary=XYZ\n\n--XYZ\n\n#cloud-config\n--XYZ--\n".into(),
            no_way(&[Blocked::NotRead]),
            "without MIME-Version cloud-init reads plain text, and runs none of it",
        ),
        (
            "invalid YAML",
            format!("#cloud-config\nssh_authorized_keys: [{KEY}\n"),
            no_way(&[Blocked::NotRead]),
            "a cloud-config that does not parse is skipped, key and all",
        ),
        (
            "a list at the top",
            "#cloud-config\n- packages\n".into(),
            no_way(&[Blocked::NotRead]),
            "a cloud-config must be a mapping",
        ),
        (
            "plain text",
            "apt-get install -y nginx\n".into(),
            no_way(&[Blocked::NotRead]),
            "no header cloud-init recognises: nothing runs",
        ),
        (
            "a capitalised header after a blank line",
            format!("\n#Cloud-Config\nssh_authorized_keys: [{KEY}]\n"),
            Verdict::Ways(vec![key(default_user())]),
            "cloud-init compares the header lower-cased, after leading white space",
        ),
    ]
}

#[test]
fn the_lockout_guard_reads_user_data_as_cloud_init_does() {
    let table = table();
    assert!(table.len() >= 25);
    let mut wrong = Vec::new();
    for (what, text, expected, why) in &table {
        let verdict = read(text).verdict;
        if verdict != *expected {
            wrong.push(format!(
                "{what} ({why}):\n  expected {expected:?}\n  got      {verdict:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn formats_and_problems_are_named_as_cloud_init_sees_them() {
    let kind = |text: &str| read(text).kind;
    assert_eq!(
        kind("#cloud-config-archive\n- a"),
        Kind::Archive,
        "the longest prefix wins"
    );
    assert_eq!(kind("#include-once\nhttps://x"), Kind::Include);
    assert_eq!(
        kind("MIME-Version: 1.0\nContent-Type: text/x-shellscript\n\n#!/bin/sh\n"),
        Kind::Mime
    );
    let problem = |text: &str| read(text).problem;
    assert!(
        matches!(problem("#cloud-config\na: [\n"), Some(Problem::InvalidYaml { line, .. }) if line >= 2)
    );
    assert_eq!(
        problem("Content-Type: multipart/mixed; boundary=x\n"),
        Some(Problem::MimeWithoutVersion)
    );
    assert_eq!(problem("hello\n"), Some(Problem::Unrecognised));
    assert_eq!(problem("#cloud-config\nruncmd: [ls]\n"), None);
    assert_eq!(
        problem("MIME-Version: 1.0\nContent-Type: multipart/mixed\n\n"),
        Some(Problem::BrokenMime),
        "a multipart message without a boundary"
    );
}
