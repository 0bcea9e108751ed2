//! What cloud-init makes of user data, before anything is erased: its format (the first
//! line, or a MIME message), whether cloud-init can read it, and who can log in afterwards.
//! The facts this follows are in docs/cloud-init.md; the sentences are in `sentences`.
//!
//! Multi-part user data (MIME, `#cloud-config-archive`) is read part by part: cloud-config
//! parts are merged as cloud-init merges them, and every part that runs code or fetches more
//! at boot makes the verdict "cannot tell" unless a readable part already sets up a login.

mod logins;
mod parts;
pub mod sentences;
mod users;
pub mod yaml;

pub use logins::{Account, Blocked, Credential, Ssh, Way};

use yaml::Value;

/// The format cloud-init sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Empty,
    CloudConfig,
    /// `#!`: a program run once at the first boot.
    Script,
    /// `#include` / `#include-once`: URLs fetched at boot.
    Include,
    /// `#cloud-boothook`: a script run early at every boot.
    Boothook,
    /// `#part-handler`: Python code that handles other parts.
    PartHandler,
    /// `#cloud-config-archive`: a YAML list of parts.
    Archive,
    /// `#cloud-config-jsonp`: a JSON patch to the merged cloud-config.
    JsonPatch,
    /// `## template: jinja`: filled in at boot, then read again.
    Jinja,
    /// A MIME message (a `MIME-Version` header): several parts.
    Mime,
    /// Something cloud-init does not run.
    Unrecognised,
}

impl Kind {
    /// "cloud-config", "a script", …: follows "Recognised as".
    pub fn label(self) -> String {
        sentences::kind(self)
    }
}

/// Why cloud-init would skip (part of) the user data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not valid YAML; `part` counts from 1 inside a multi-part message.
    InvalidYaml {
        part: Option<usize>,
        line: usize,
        info: String,
    },
    /// A cloud-config whose top level is not a mapping of keys.
    NotAMapping { part: Option<usize> },
    /// A `#cloud-config-archive` that is not a YAML list.
    ArchiveNotAList,
    /// `Content-Type: multipart/…` without a `MIME-Version` header: read as plain text.
    MimeWithoutVersion,
    /// A MIME message without a boundary, or a part that cannot be decoded.
    BrokenMime,
    /// No first line cloud-init recognises.
    Unrecognised,
}

/// What runs or arrives at boot and cannot be read here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreadable {
    Script,
    Include,
    Boothook,
    PartHandler,
    JsonPatch,
    /// A Jinja template (filled in from the instance's data at boot).
    Template,
    /// A gzip-compressed part.
    Compressed,
    /// `runcmd`, `bootcmd` or `write_files`: commands and files that may create a login.
    Commands,
    /// A password set (chpasswd) for a user the user data does not create: the image may
    /// have it or not.
    UnknownAccount(String),
}

/// Who can log in once cloud-init has run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Each way in the user data sets up.
    Ways(Vec<Way>),
    /// Nothing sets up a way in; why, one reason per credential that does not work.
    NoWay(Vec<Blocked>),
    /// It depends on what runs or arrives at boot.
    CannotTell(Vec<Unreadable>),
}

impl Verdict {
    pub fn has_way(&self) -> bool {
        matches!(self, Verdict::Ways(_))
    }
}

/// The user data as cloud-init reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    pub kind: Kind,
    /// The first reason (part of) it would be skipped.
    pub problem: Option<Problem>,
    pub verdict: Verdict,
}

/// The prefixes cloud-init recognises, longest first (it compares them lower-cased, after
/// leading white space).
const PREFIXES: [(&str, Kind); 9] = [
    ("#cloud-config-archive", Kind::Archive),
    ("#cloud-config-jsonp", Kind::JsonPatch),
    ("## template: jinja", Kind::Jinja),
    ("#cloud-boothook", Kind::Boothook),
    ("#cloud-config", Kind::CloudConfig),
    ("#include-once", Kind::Include),
    ("#part-handler", Kind::PartHandler),
    ("#include", Kind::Include),
    ("#!", Kind::Script),
];

/// The format of a payload from its start; `None` when no prefix matches.
fn by_prefix(payload: &str) -> Option<Kind> {
    let start = payload.trim_start().to_ascii_lowercase();
    PREFIXES
        .iter()
        .find(|(prefix, _)| start.starts_with(prefix))
        .map(|(_, kind)| *kind)
}

/// A MIME message is recognised by a `MIME-Version` header in its first 4096 bytes.
fn is_mime(text: &str) -> bool {
    let head: Vec<u8> = text.bytes().take(4096).collect();
    String::from_utf8_lossy(&head)
        .to_ascii_lowercase()
        .contains("mime-version:")
}

/// The format of the whole user data.
pub fn kind_of(text: &str) -> Kind {
    if text.trim().is_empty() {
        Kind::Empty
    } else if is_mime(text) {
        Kind::Mime
    } else {
        by_prefix(text).unwrap_or(Kind::Unrecognised)
    }
}

/// What a MIME part's declared type means; `text/plain` and shell scripts are checked by
/// their first line, as cloud-init does.
fn kind_of_type(content_type: &str, payload: &str) -> Option<Kind> {
    let declared = content_type.trim().to_ascii_lowercase();
    if matches!(
        declared.as_str(),
        "text/plain" | "text/x-not-multipart" | "text/x-shellscript"
    ) {
        if let Some(kind) = by_prefix(payload) {
            return Some(kind);
        }
    }
    Some(match declared.as_str() {
        "text/cloud-config" => Kind::CloudConfig,
        "text/x-shellscript"
        | "text/x-shellscript-per-boot"
        | "text/x-shellscript-per-instance"
        | "text/x-shellscript-per-once" => Kind::Script,
        "text/x-include-url" | "text/x-include-once-url" => Kind::Include,
        "text/cloud-boothook" => Kind::Boothook,
        "text/part-handler" => Kind::PartHandler,
        "text/cloud-config-archive" => Kind::Archive,
        "text/cloud-config-jsonp" => Kind::JsonPatch,
        "text/jinja2" => Kind::Jinja,
        "multipart/mixed" | "multipart/alternative" => Kind::Mime,
        _ => return None,
    })
}

/// Everything the parts said, gathered.
#[derive(Default)]
struct Gathered {
    config: Option<Value>,
    unreadable: Vec<Unreadable>,
    problem: Option<Problem>,
}

impl Gathered {
    fn problem(&mut self, problem: Problem) {
        self.problem.get_or_insert(problem);
    }

    fn cannot_read(&mut self, unreadable: Unreadable) {
        if !self.unreadable.contains(&unreadable) {
            self.unreadable.push(unreadable);
        }
    }

    /// One part of a known format; `part` numbers the parts of a multi-part message.
    fn part(&mut self, kind: Kind, payload: &str, part: Option<usize>) {
        match kind {
            Kind::CloudConfig => self.cloud_config(payload, part),
            Kind::Script => self.cannot_read(Unreadable::Script),
            Kind::Include => self.cannot_read(Unreadable::Include),
            Kind::Boothook => self.cannot_read(Unreadable::Boothook),
            Kind::PartHandler => self.cannot_read(Unreadable::PartHandler),
            Kind::JsonPatch => self.cannot_read(Unreadable::JsonPatch),
            Kind::Jinja => {
                // Filled in at boot, then read again. Without template syntax the text stays
                // what it is.
                let rest = payload.split_once('\n').map_or("", |(_, rest)| rest);
                if ["{{", "{%", "{#"].iter().any(|mark| rest.contains(mark)) {
                    self.cannot_read(Unreadable::Template);
                } else if let Some(kind) = by_prefix(rest) {
                    self.part(kind, rest, part);
                }
            }
            Kind::Archive => self.archive(payload),
            Kind::Mime => match parts::split(payload) {
                Some(found) => {
                    for (index, found) in found.into_iter().enumerate() {
                        let number = Some(index + 1);
                        match found {
                            parts::Part::Text { content_type, body } => {
                                if let Some(kind) = kind_of_type(&content_type, &body) {
                                    self.part(kind, &body, number);
                                }
                            }
                            parts::Part::Compressed => self.cannot_read(Unreadable::Compressed),
                            parts::Part::Undecodable => self.problem(Problem::BrokenMime),
                        }
                    }
                }
                None => self.problem(Problem::BrokenMime),
            },
            Kind::Empty | Kind::Unrecognised => {}
        }
    }

    fn cloud_config(&mut self, payload: &str, part: Option<usize>) {
        match yaml::parse(payload) {
            // An empty document (only comments): read, with nothing in it.
            Ok(Value::Null) => {
                self.config.get_or_insert(Value::Map(vec![]));
            }
            Ok(config @ Value::Map(_)) => match &mut self.config {
                Some(merged) => merge(merged, config),
                None => self.config = Some(config),
            },
            Ok(_) => self.problem(Problem::NotAMapping { part }),
            Err(error) => self.problem(Problem::InvalidYaml {
                part,
                line: error.line,
                info: error.info,
            }),
        }
    }

    /// `#cloud-config-archive`: each entry's `content`, of its `type` (or found by its first
    /// line; cloud-config when none matches).
    fn archive(&mut self, payload: &str) {
        let Ok(Value::Seq(entries)) = yaml::parse(payload) else {
            self.problem(Problem::ArchiveNotAList);
            return;
        };
        for (index, entry) in entries.iter().enumerate() {
            let (content, declared) = match entry {
                Value::Str(content) => (content.clone(), None),
                Value::Map(_) => (
                    entry
                        .get("content")
                        .and_then(Value::text)
                        .unwrap_or_default(),
                    entry.get("type").and_then(Value::as_str),
                ),
                _ => continue,
            };
            let kind = match declared {
                Some(declared) => kind_of_type(declared, &content),
                None => Some(by_prefix(&content).unwrap_or(Kind::CloudConfig)),
            };
            if let Some(kind) = kind {
                self.part(kind, &content, Some(index + 1));
            }
        }
    }

    fn verdict(self) -> Verdict {
        let mut unreadable = self.unreadable;
        let mut blocked = Vec::new();
        if let Some(config) = &self.config {
            let found = logins::read(config);
            if !found.ways.is_empty() {
                return Verdict::Ways(found.ways);
            }
            blocked = found.blocked;
            for more in found.unreadable {
                if !unreadable.contains(&more) {
                    unreadable.push(more);
                }
            }
        }
        if !unreadable.is_empty() {
            return Verdict::CannotTell(unreadable);
        }
        if blocked.is_empty() {
            blocked.push(match self.problem {
                Some(_) => Blocked::NotRead,
                None => Blocked::Nothing,
            });
        }
        Verdict::NoWay(blocked)
    }
}

/// cloud-init's default merge of cloud-config parts: mappings merge key by key, anything
/// else is replaced by the later part.
fn merge(into: &mut Value, later: Value) {
    match (into, later) {
        (Value::Map(pairs), Value::Map(more)) => {
            for (key, value) in more {
                match pairs.iter_mut().rev().find(|(k, _)| *k == key) {
                    Some((_, slot)) => merge(slot, value),
                    None => pairs.push((key, value)),
                }
            }
        }
        (slot, later) => *slot = later,
    }
}

/// Reads user data as cloud-init would.
pub fn read(text: &str) -> Reading {
    let kind = kind_of(text);
    let mut gathered = Gathered::default();
    gathered.part(kind, text, None);
    match kind {
        Kind::Unrecognised
            if text
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("content-type:") =>
        {
            gathered.problem(Problem::MimeWithoutVersion)
        }
        Kind::Unrecognised => gathered.problem(Problem::Unrecognised),
        _ => {}
    }
    let problem = gathered.problem.clone();
    Reading {
        kind,
        problem,
        verdict: gathered.verdict(),
    }
}
