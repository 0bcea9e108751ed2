//! What a caller may do: the four permissions a portal session can grant, which actions each
//! covers, and the answer of `GET /api/v2/zec/session` (the caller's grant), so the browser
//! can hide or disable what it may not do and say why. The proxy decides with the same
//! mapping (`crates/zec-proxy/src/access.rs`).

use serde::{Deserialize, Serialize};

use crate::actions::Action;

/// `GET` this path for the caller's [`Grant`].
pub const SESSION_GRANT_PATH: &str = "/api/v2/zec/session";

/// The `aud` every portal session must carry.
pub const SESSION_AUDIENCE: &str = "zec-reinstall";

/// The longest a session may live: `exp` at most this many seconds after `iat`.
pub const MAX_SESSION_SECONDS: i64 = 12 * 60 * 60;

/// A permission a session may grant (`zec.actions`). Reads need none: a caller may read
/// whatever is in its scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Permission {
    /// ResetInstance, ResetInstances.
    Reinstall,
    /// CreateSnapshot, DeleteSnapshots.
    Snapshot,
    /// ApplySnapshot.
    Rollback,
    /// StopInstances, StartInstances.
    Power,
}

impl Permission {
    pub const ALL: [Permission; 4] = [
        Permission::Reinstall,
        Permission::Snapshot,
        Permission::Rollback,
        Permission::Power,
    ];

    /// The name used in `zec.actions` and in the grant.
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Reinstall => "reinstall",
            Permission::Snapshot => "snapshot",
            Permission::Rollback => "rollback",
            Permission::Power => "power",
        }
    }

    pub fn from_name(name: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// The permission an action needs; `None` for the reads.
    pub fn for_action(action: Action) -> Option<Permission> {
        match action {
            Action::ResetInstance | Action::ResetInstances => Some(Permission::Reinstall),
            Action::CreateSnapshot | Action::DeleteSnapshots => Some(Permission::Snapshot),
            Action::ApplySnapshot => Some(Permission::Rollback),
            Action::StopInstances | Action::StartInstances => Some(Permission::Power),
            Action::DescribeInstances
            | Action::DescribeInstancesStatus
            | Action::DescribeImages
            | Action::DescribeTimeZones
            | Action::DescribeSnapshots
            | Action::DescribeKeyPairs => None,
        }
    }

    /// What the permission lets a person do, for sentences.
    pub fn describe(self) -> &'static str {
        match self {
            Permission::Reinstall => "reinstall an instance",
            Permission::Snapshot => "take or delete snapshots",
            Permission::Rollback => "roll a disk back to a snapshot",
            Permission::Power => "power instances off or on",
        }
    }
}

/// How the caller was recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccessMode {
    /// No access control (a console on a trusted network).
    Open,
    /// One shared token for every browser (single-tenant).
    Token,
    /// A user named by the trusted reverse proxy's identity header.
    IdentityHeader,
    /// A signed portal session (JWT).
    Session,
}

/// A permission the caller does not have, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Withheld {
    pub action: Permission,
    pub reason: String,
}

/// The answer of `GET /api/v2/zec/session`: who the caller is and what it may do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Grant {
    /// The session's `sub`, the identity header's user, or `console`.
    pub actor: String,
    pub mode: AccessMode,
    /// Unix seconds when the session expires (sessions only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// The permissions granted, in [`Permission::ALL`] order.
    pub actions: Vec<Permission>,
    /// The permissions not granted, each with the sentence to show beside a disabled control.
    #[serde(default)]
    pub withheld: Vec<Withheld>,
    /// Whether only some instances can be seen (then listed below).
    pub restricted: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instances: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_groups: Vec<String>,
}

impl Grant {
    pub fn allows(&self, permission: Permission) -> bool {
        self.actions.contains(&permission)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_changing_action_needs_a_permission_and_reads_need_none() {
        for &action in Action::ALL {
            assert_eq!(
                Permission::for_action(action).is_none(),
                action.is_read_only(),
                "{action:?}"
            );
        }
        for permission in Permission::ALL {
            assert_eq!(Permission::from_name(permission.as_str()), Some(permission));
        }
        assert_eq!(Permission::from_name("Reinstall"), None);
    }

    #[test]
    fn a_grant_is_camel_case_json() {
        let grant = Grant {
            actor: "alice".into(),
            mode: AccessMode::IdentityHeader,
            expires_at: Some(1_700_000_000),
            actions: vec![Permission::Reinstall, Permission::Power],
            withheld: vec![Withheld {
                action: Permission::Snapshot,
                reason: "no".into(),
            }],
            restricted: true,
            instances: vec!["ins-1".into()],
            resource_groups: vec![],
        };
        let json = serde_json::to_value(&grant).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "actor": "alice", "mode": "identity-header", "expiresAt": 1_700_000_000,
                "actions": ["reinstall", "power"],
                "withheld": [{"action": "snapshot", "reason": "no"}],
                "restricted": true, "instances": ["ins-1"]
            })
        );
        assert_eq!(serde_json::from_value::<Grant>(json).unwrap(), grant);
    }
}
