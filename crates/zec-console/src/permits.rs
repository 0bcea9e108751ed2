//! What the caller may do, as the proxy's grant (`GET /api/v2/zec/session`) says, and why
//! not: the views hide or disable what is not permitted and show the reason in the form,
//! before anything is confirmed. The proxy decides anyway (`ACTION_NOT_ALLOWED`); this only
//! keeps the user from planning what would be refused.

use zec_api::grant::{Grant, Permission};
use zec_api::InstanceStatus;

use crate::i18n::{self, msg};

/// The permissions withheld from the caller, each with the portal's reason when it gave one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Permits {
    withheld: Vec<(Permission, Option<String>)>,
}

impl Permits {
    /// Everything: before the grant is known, or when it cannot be read (the proxy still
    /// refuses what the caller may not do).
    pub const ALL: Permits = Permits {
        withheld: Vec::new(),
    };

    pub fn from_grant(grant: &Grant) -> Permits {
        let withheld = Permission::ALL
            .into_iter()
            .filter(|permission| !grant.allows(*permission))
            .map(|permission| {
                let given = grant.withheld.iter().find(|w| w.action == permission);
                let reason = given
                    .map(|w| w.reason.trim().to_owned())
                    .filter(|reason| !reason.is_empty());
                (permission, reason)
            })
            .collect();
        Permits { withheld }
    }

    pub fn allows(&self, permission: Permission) -> bool {
        self.why_not(permission).is_none()
    }

    /// The sentence to show beside a control the caller may not use: the portal's own
    /// reason (in English as the portal wrote it; after ours in another locale), or ours.
    pub fn why_not(&self, permission: Permission) -> Option<String> {
        self.withheld
            .iter()
            .find(|(withheld, _)| *withheld == permission)
            .map(|(_, reason)| match reason {
                Some(reason) if i18n::locale() == i18n::Locale::En => reason.clone(),
                Some(reason) => i18n::text(msg::WithDetail {
                    sentence: not_allowed(permission),
                    detail: reason.clone(),
                }),
                None => not_allowed(permission),
            })
    }

    /// `Ok` when permitted, else the reason.
    pub fn check(&self, permission: Permission) -> Result<(), String> {
        match self.why_not(permission) {
            None => Ok(()),
            Some(reason) => Err(reason),
        }
    }

    /// A reinstall, with the snapshot first when `snapshot_first`.
    pub fn reinstall(&self, snapshot_first: bool) -> Result<(), String> {
        self.check(Permission::Reinstall)?;
        if snapshot_first {
            self.check(Permission::Snapshot)?;
        }
        Ok(())
    }

    /// A rollback: the rollback itself, and powering the instance off first when it is not
    /// STOPPED (the undo does that before ApplySnapshot).
    pub fn rollback(&self, status: &InstanceStatus) -> Result<(), String> {
        self.check(Permission::Rollback)?;
        if *status != InstanceStatus::Stopped {
            self.check(Permission::Power)?;
        }
        Ok(())
    }

    /// Whether the form starts with "Snapshot the boot disk first" on: only when a snapshot
    /// may be taken.
    pub fn snapshot_first_by_default(&self) -> bool {
        self.allows(Permission::Snapshot)
    }
}

/// The sentence for a permission the grant withholds without saying why.
fn not_allowed(permission: Permission) -> String {
    i18n::word(match permission {
        Permission::Reinstall => i18n::Id::NotAllowedReinstall,
        Permission::Snapshot => i18n::Id::NotAllowedSnapshot,
        Permission::Rollback => i18n::Id::NotAllowedRollback,
        Permission::Power => i18n::Id::NotAllowedPower,
    })
}
