//! Tags and protection: which instances must never be reinstalled, rolled back or powered
//! off from this product.

use crate::violation::Violation;
use crate::wire::{InstanceInfo, Tag};

pub const TAG_MIN_CHARS: usize = 1;
pub const TAG_MAX_CHARS: usize = 64;
/// The tag that protects an instance unless the deployment names another
/// (docs/wire.md, "Protection").
pub const DEFAULT_PROTECT_TAG_KEY: &str = "zec-reinstall:protected";
pub const DEFAULT_PROTECT_TAG_VALUE: &str = "true";
/// `GET` here returns the proxy's [`ProtectionPolicy`] as JSON, so the browser shows the same
/// locks the proxy enforces.
pub const PROTECTION_POLICY_PATH: &str = "/api/v2/zec/protection";

/// The part of a tag a rule concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagPart {
    Key,
    Value,
}

/// A tag's key and value are each 1–64 characters.
pub fn check_tag(tag: &Tag) -> Result<(), Violation> {
    for (part, text) in [(TagPart::Key, &tag.key), (TagPart::Value, &tag.value)] {
        let chars = text.chars().count();
        if !(TAG_MIN_CHARS..=TAG_MAX_CHARS).contains(&chars) {
            return Err(Violation::TagLength { part, chars });
        }
    }
    Ok(())
}

/// Reads `KEY=VALUE` (split at the first `=`) into a valid tag.
pub fn parse_tag(assignment: &str) -> Result<Tag, Violation> {
    let Some((key, value)) = assignment.split_once('=') else {
        return Err(Violation::TagSyntax);
    };
    let tag = Tag::new(key, value);
    check_tag(&tag)?;
    Ok(tag)
}

/// Which instances must never be reinstalled, rolled back or powered off from this product:
/// those carrying `tag`, and those listed by id. The proxy holds it (`--protect-tag`,
/// `--protect-instances`) and serves it to the browser.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProtectionPolicy {
    pub tag: Tag,
    #[serde(default)]
    pub instance_ids: Vec<String>,
}

impl Default for ProtectionPolicy {
    fn default() -> Self {
        ProtectionPolicy {
            tag: Tag::new(DEFAULT_PROTECT_TAG_KEY, DEFAULT_PROTECT_TAG_VALUE),
            instance_ids: Vec::new(),
        }
    }
}

impl ProtectionPolicy {
    /// Whether the id is listed (no lookup needed).
    pub fn lists(&self, instance_id: &str) -> bool {
        self.instance_ids.iter().any(|id| id == instance_id)
    }
}

/// Why an instance is protected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProtectedBy {
    /// Listed by id in the deployment's configuration.
    List,
    /// It carries the protecting tag.
    Tag(Tag),
}

/// The one protection rule: an instance is protected when the policy lists its id or it
/// carries the policy's tag (key and value equal, case-sensitive).
pub fn protection(instance: &InstanceInfo, policy: &ProtectionPolicy) -> Option<ProtectedBy> {
    if policy.lists(&instance.instance_id) {
        return Some(ProtectedBy::List);
    }
    if instance.tags.contains(&policy.tag) {
        return Some(ProtectedBy::Tag(policy.tag.clone()));
    }
    None
}

/// Refuses a change that names protected instances, naming every one of them
/// (`RESOURCE_PROTECTED`). `protected` pairs each instance id with why it is protected.
pub fn check_not_protected(protected: &[(String, ProtectedBy)]) -> Result<(), Violation> {
    match protected.is_empty() {
        true => Ok(()),
        false => Err(Violation::Protected(protected.to_vec())),
    }
}
