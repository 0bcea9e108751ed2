//! Who may do what: the one decision point of the proxy.
//!
//! A [`Caller`] is who is asking (its actor), which instances it may see and change (its
//! [`Scope`]) and which changes it may make (its permissions, `zec_api::grant::Permission`).
//! [`decide`] is a pure function of (caller, action, resources) that every route calls before
//! it forwards anything; listings are narrowed by the same [`Scope`] (`scope.rs`). How the
//! caller is recognised (session, identity header, token) is `identify.rs`; where requests may
//! come from is `origin.rs`.

use std::collections::BTreeSet;

use zec_api::grant::{AccessMode, Grant, Permission, Withheld};
use zec_api::rules::{self, ProtectedBy};
use zec_api::{Action, ErrorCode, Refusal};

pub use crate::identify::AccessPolicy;

/// Who is asking. [`Actor::as_str`] is what the access log (and any record of changes)
/// names: the session's `sub`, the identity header's user, or `console`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Actor {
    /// Single-tenant deployments (open or one shared token): the console itself.
    Console,
    /// A user named by the trusted reverse proxy's identity header.
    User(String),
    /// A portal session's `sub`.
    Session(String),
}

impl Actor {
    pub fn as_str(&self) -> &str {
        match self {
            Actor::Console => "console",
            Actor::User(name) | Actor::Session(name) => name,
        }
    }
}

/// The instances a caller may see and change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Everything,
    /// These instances, and every instance of these resource groups (at least one of the two
    /// is not empty).
    Only {
        instances: BTreeSet<String>,
        resource_groups: BTreeSet<String>,
    },
}

impl Scope {
    /// `Only` the given ids and groups; `Everything` when both are empty.
    pub fn of(
        instances: impl IntoIterator<Item = String>,
        resource_groups: impl IntoIterator<Item = String>,
    ) -> Scope {
        let instances: BTreeSet<String> = instances.into_iter().collect();
        let resource_groups: BTreeSet<String> = resource_groups.into_iter().collect();
        if instances.is_empty() && resource_groups.is_empty() {
            Scope::Everything
        } else {
            Scope::Only {
                instances,
                resource_groups,
            }
        }
    }

    pub fn is_restricted(&self) -> bool {
        matches!(self, Scope::Only { .. })
    }

    /// Whether the instance (its id, and its resource group as the API describes it) is in
    /// scope.
    pub fn allows(&self, instance_id: &str, resource_group: Option<&str>) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Only {
                instances,
                resource_groups,
            } => {
                instances.contains(instance_id)
                    || resource_group.is_some_and(|group| resource_groups.contains(group))
            }
        }
    }

    /// Whether the id alone allows it (no lookup of its resource group needed).
    pub fn names(&self, instance_id: &str) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Only { instances, .. } => instances.contains(instance_id),
        }
    }

    /// The ids and groups of an `Only` scope (both empty for `Everything`).
    pub fn lists(&self) -> (Vec<String>, Vec<String>) {
        match self {
            Scope::Everything => (Vec::new(), Vec::new()),
            Scope::Only {
                instances,
                resource_groups,
            } => (
                instances.iter().cloned().collect(),
                resource_groups.iter().cloned().collect(),
            ),
        }
    }
}

/// An authenticated caller, put into every API request's extensions by `identify.rs`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub actor: Actor,
    pub mode: AccessMode,
    pub scope: Scope,
    pub permissions: BTreeSet<Permission>,
    /// Unix seconds when the caller's session ends (sessions only).
    pub expires_at: Option<i64>,
    /// Whose share of the proxy a call uses (`limit.rs`): the session's `sub`, the identity
    /// header's user, or the client's address.
    pub share: String,
}

impl Caller {
    /// A caller with every permission (single-tenant modes).
    pub fn trusted(actor: Actor, mode: AccessMode, scope: Scope, share: String) -> Caller {
        Caller {
            actor,
            mode,
            scope,
            permissions: Permission::ALL.into_iter().collect(),
            expires_at: None,
            share,
        }
    }

    /// Whether the caller may make this kind of call at all (no resource needed): checked
    /// before any lookup, so a refused action costs no upstream call.
    pub fn permits(&self, action: Action) -> Result<(), Refusal> {
        match Permission::for_action(action) {
            Some(permission) if !self.permissions.contains(&permission) => Err(Refusal::with(
                ErrorCode::ActionNotAllowed,
                format!(
                    "Your session does not allow you to {} ({} needs the \"{}\" permission).",
                    permission.describe(),
                    action.name(),
                    permission.as_str()
                ),
            )),
            _ => Ok(()),
        }
    }

    /// The caller's grant, as `GET /api/v2/zec/session` answers it.
    pub fn grant(&self) -> Grant {
        let withheld = Permission::ALL
            .into_iter()
            .filter(|permission| !self.permissions.contains(permission))
            .map(|action| Withheld {
                action,
                reason: format!(
                    "Your session does not allow you to {}; ask the portal for this permission.",
                    action.describe()
                ),
            })
            .collect();
        let (instances, resource_groups) = self.scope.lists();
        Grant {
            actor: self.actor.as_str().to_owned(),
            mode: self.mode,
            expires_at: self.expires_at,
            actions: self.permissions.iter().copied().collect(),
            withheld,
            restricted: self.scope.is_restricted(),
            instances,
            resource_groups,
        }
    }
}

/// An instance a call concerns, as the API describes it now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resource {
    pub instance_id: String,
    /// `None` when the API does not know the instance (or did not need to be asked).
    pub resource_group: Option<String>,
    /// Why it is protected, if it is (`zec_api::rules::protection`).
    pub protected: Option<ProtectedBy>,
}

/// Whether an action would reinstall, roll back, power off or delete the restore points of
/// the instances it concerns: what protected instances refuse. Starting is not.
pub fn changes_protected(action: Action) -> bool {
    matches!(
        action,
        Action::ResetInstance
            | Action::ResetInstances
            | Action::StopInstances
            | Action::ApplySnapshot
            | Action::DeleteSnapshots
    )
}

/// The one decision: may `caller` make `action` on `resources` (all of them)? In order: the
/// permission (403 `ACTION_NOT_ALLOWED`), each resource in scope (403
/// `RESOURCE_NOT_ALLOWED`), none protected when the action changes it (403
/// `RESOURCE_PROTECTED`, naming every protected one).
pub fn decide(caller: &Caller, action: Action, resources: &[Resource]) -> Result<(), Refusal> {
    caller.permits(action)?;
    if let Some(outside) = resources.iter().find(|resource| {
        !caller
            .scope
            .allows(&resource.instance_id, resource.resource_group.as_deref())
    }) {
        return Err(Refusal::with(
            ErrorCode::ResourceNotAllowed,
            format!(
                "You are not allowed to manage instance {} here.",
                outside.instance_id
            ),
        ));
    }
    if changes_protected(action) {
        let protected: Vec<(String, ProtectedBy)> = resources
            .iter()
            .filter_map(|resource| {
                let by = resource.protected.clone()?;
                Some((resource.instance_id.clone(), by))
            })
            .collect();
        rules::check_not_protected(&protected)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant(name: &str, instances: &[&str], groups: &[&str]) -> Caller {
        Caller {
            actor: Actor::Session(name.into()),
            mode: AccessMode::Session,
            scope: Scope::of(
                instances.iter().map(|id| id.to_string()),
                groups.iter().map(|g| g.to_string()),
            ),
            permissions: Permission::ALL.into_iter().collect(),
            expires_at: Some(2_000_000_000),
            share: name.into(),
        }
    }

    fn instance(id: &str, group: &str, protected: bool) -> Resource {
        Resource {
            instance_id: id.into(),
            resource_group: Some(group.into()),
            protected: protected.then_some(ProtectedBy::List),
        }
    }

    /// Two tenants × every action × own / other / protected own instance.
    #[test]
    fn the_matrix_of_two_tenants() {
        let alice = tenant("alice", &["ins-a1"], &["rg-alice"]);
        let bob = tenant("bob", &["ins-b1"], &[]);
        let cases = [
            (&alice, instance("ins-a1", "rg-shared", false), "own by id"),
            (
                &alice,
                instance("ins-a2", "rg-alice", false),
                "own by group",
            ),
            (&bob, instance("ins-b1", "rg-shared", false), "own by id"),
        ];
        for &action in Action::ALL {
            for (caller, own, how) in &cases {
                assert_eq!(
                    decide(caller, action, std::slice::from_ref(own)),
                    Ok(()),
                    "{:?} {action:?} {how}",
                    caller.actor
                );
            }
            // Each one's instance is the other's "other".
            let refused = decide(&bob, action, &[instance("ins-a1", "rg-alice", false)]);
            assert_eq!(refused.unwrap_err().code, ErrorCode::ResourceNotAllowed);
            let refused = decide(&alice, action, &[instance("ins-b1", "rg-bob", false)]);
            assert_eq!(refused.unwrap_err().code, ErrorCode::ResourceNotAllowed);
            // Another's protected instance is first of all another's.
            let refused = decide(&alice, action, &[instance("ins-b1", "rg-bob", true)]);
            assert_eq!(refused.unwrap_err().code, ErrorCode::ResourceNotAllowed);
            // An own protected instance: reads, snapshots and starting pass; the rest is 403.
            let own_protected = decide(&alice, action, &[instance("ins-a1", "rg-x", true)]);
            if changes_protected(action) {
                assert_eq!(
                    own_protected.unwrap_err().code,
                    ErrorCode::ResourceProtected,
                    "{action:?}"
                );
            } else {
                assert_eq!(own_protected, Ok(()), "{action:?}");
            }
        }
    }

    #[test]
    fn an_action_outside_the_session_is_refused_before_its_resources() {
        let mut alice = tenant("alice", &["ins-a1"], &[]);
        alice.permissions = [Permission::Reinstall].into();
        for &action in Action::ALL {
            let verdict = decide(&alice, action, &[instance("ins-b1", "rg", true)]);
            match Permission::for_action(action) {
                Some(Permission::Reinstall) => {
                    assert_eq!(verdict.unwrap_err().code, ErrorCode::ResourceNotAllowed)
                }
                Some(_) => {
                    let refusal = verdict.unwrap_err();
                    assert_eq!(refusal.code, ErrorCode::ActionNotAllowed, "{action:?}");
                    assert!(
                        refusal.message.contains("permission"),
                        "{}",
                        refusal.message
                    );
                }
                None => assert_eq!(verdict.unwrap_err().code, ErrorCode::ResourceNotAllowed),
            }
        }
        let grant = alice.grant();
        assert_eq!(grant.actions, [Permission::Reinstall]);
        assert_eq!(grant.withheld.len(), 3);
        assert!(grant.restricted);
        assert_eq!(grant.instances, ["ins-a1"]);
    }

    #[test]
    fn a_batch_is_refused_whole_naming_every_protected_instance() {
        let console = Caller::trusted(
            Actor::Console,
            AccessMode::Open,
            Scope::Everything,
            "127.0.0.1".into(),
        );
        let batch = [
            instance("ins-1", "rg", false),
            instance("ins-2", "rg", true),
            instance("ins-3", "rg", true),
        ];
        let refusal = decide(&console, Action::ResetInstances, &batch).unwrap_err();
        assert_eq!(refusal.code, ErrorCode::ResourceProtected);
        assert!(refusal.message.contains("ins-2") && refusal.message.contains("ins-3"));
        assert!(!refusal.message.contains("ins-1 "));
        assert_eq!(decide(&console, Action::StartInstances, &batch), Ok(()));
        assert_eq!(console.actor.as_str(), "console");
    }

    #[test]
    fn an_unknown_instance_is_in_scope_only_by_its_id() {
        let alice = tenant("alice", &["ins-a1"], &["rg-alice"]);
        let unknown = |id: &str| Resource {
            instance_id: id.into(),
            resource_group: None,
            protected: None,
        };
        assert_eq!(
            decide(&alice, Action::ResetInstance, &[unknown("ins-a1")]),
            Ok(())
        );
        assert_eq!(
            decide(&alice, Action::ResetInstance, &[unknown("ins-zz")])
                .unwrap_err()
                .code,
            ErrorCode::ResourceNotAllowed
        );
        assert_eq!(Scope::of(Vec::new(), Vec::new()), Scope::Everything);
    }
}
