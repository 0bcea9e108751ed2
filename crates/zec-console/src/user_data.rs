//! What user data is, as cloud-init reads it: the first line decides the format. A
//! `#cloud-config` is parsed as YAML so a mistake is shown with its line before the disk is
//! erased; anything cloud-init does not recognise is said to be ignored. Pure.

use saphyr_parser::{Event, Parser};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserDataKind {
    Empty,
    CloudConfig,
    /// `#!…`: run as a program.
    Script,
    /// `#include`: a list of URLs to fetch.
    Include,
    /// `Content-Type: multipart/…`: several parts in one.
    MimeMultipart,
    /// Something cloud-init does not run.
    Unrecognised,
}

impl UserDataKind {
    pub fn label(self) -> &'static str {
        match self {
            UserDataKind::Empty => "nothing",
            UserDataKind::CloudConfig => "cloud-config",
            UserDataKind::Script => "a script",
            UserDataKind::Include => "an #include list",
            UserDataKind::MimeMultipart => "MIME multipart",
            UserDataKind::Unrecognised => "text cloud-init will not run",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserDataCheck {
    pub kind: UserDataKind,
    /// What is wrong with it, to show next to the field (the line for YAML errors).
    pub problem: Option<String>,
    /// Whether it appears to create a password or SSH key, so someone can log in.
    pub sets_credentials: bool,
}

/// cloud-config keys that create a way in.
const CREDENTIAL_KEYS: &[&str] = &[
    "password",
    "chpasswd",
    "ssh_authorized_keys",
    "passwd",
    "hashed_passwd",
    "plain_text_passwd",
];

pub fn detect(text: &str) -> UserDataCheck {
    let first_line = text.lines().next().unwrap_or("").trim_end();
    let check = |kind, problem: Option<String>, sets_credentials| UserDataCheck {
        kind,
        problem,
        sets_credentials,
    };
    if text.trim().is_empty() {
        return check(UserDataKind::Empty, None, false);
    }
    if first_line.starts_with("#cloud-config") {
        let (problem, sets_credentials) = read_cloud_config(text);
        return check(UserDataKind::CloudConfig, problem, sets_credentials);
    }
    if first_line.starts_with("#!") {
        let sets = ["chpasswd", "passwd ", "authorized_keys", "useradd"]
            .iter()
            .any(|word| text.contains(word));
        return check(UserDataKind::Script, None, sets);
    }
    if first_line.starts_with("#include") {
        return check(UserDataKind::Include, None, false);
    }
    if first_line
        .to_ascii_lowercase()
        .starts_with("content-type: multipart/")
    {
        return check(UserDataKind::MimeMultipart, None, false);
    }
    check(
        UserDataKind::Unrecognised,
        Some("cloud-init will not run this: start with #cloud-config, a #! line, #include or a MIME multipart header.".to_owned()),
        false,
    )
}

/// Where the parser is: inside a mapping (expecting a key or a value) or a sequence.
enum Node {
    Mapping { key_next: bool },
    Sequence,
}

/// A finished node inside a mapping moves it from key to value or back.
fn finished(stack: &mut [Node]) {
    if let Some(Node::Mapping { key_next }) = stack.last_mut() {
        *key_next = !*key_next;
    }
}

/// Parses the YAML; returns the first error with its line, and whether a credential key
/// appears as a mapping key.
fn read_cloud_config(text: &str) -> (Option<String>, bool) {
    let mut sets_credentials = false;
    let mut stack: Vec<Node> = Vec::new();
    let mut top_is_mapping = None;
    for event in Parser::new_from_str(text) {
        let (event, _) = match event {
            Ok(event) => event,
            Err(error) => {
                let problem = format!(
                    "The cloud-config is not valid YAML (line {}): {}.",
                    error.marker().line(),
                    error.info()
                );
                return (Some(problem), sets_credentials);
            }
        };
        let at_top = stack.is_empty();
        match event {
            Event::MappingStart(..) => {
                top_is_mapping.get_or_insert(true);
                stack.push(Node::Mapping { key_next: true });
            }
            Event::SequenceStart(..) => {
                if at_top {
                    top_is_mapping.get_or_insert(false);
                }
                stack.push(Node::Sequence);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                finished(&mut stack);
            }
            Event::Scalar(value, ..) => {
                if at_top {
                    top_is_mapping.get_or_insert(false);
                }
                let is_key = matches!(stack.last(), Some(Node::Mapping { key_next: true }));
                if is_key && CREDENTIAL_KEYS.contains(&value.as_ref()) {
                    sets_credentials = true;
                }
                finished(&mut stack);
            }
            Event::Alias(_) => finished(&mut stack),
            _ => {}
        }
    }
    if top_is_mapping == Some(false) {
        let problem = "A cloud-config must be a mapping of keys (such as packages: or runcmd:).";
        return (Some(problem.to_owned()), sets_credentials);
    }
    (None, sets_credentials)
}
