//! Has an instance changed since a plan was frozen? A reviewed plan is checked against what
//! the API (the live status, a re-read) and the other tabs of this browser say before it is
//! sent: a plan for a STOPPED instance must not reach one that runs, reinstalls or was
//! reinstalled meanwhile. Used per instance by the single flow and by fleets.

use serde::{Deserialize, Serialize};
use zec_api::wire::InstanceInfo;
use zec_api::InstanceStatus;

/// What a plan was frozen against: the instance as reviewed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Frozen {
    pub status: InstanceStatus,
    pub image_id: String,
}

impl Frozen {
    pub fn of(instance: &InstanceInfo) -> Frozen {
        Frozen {
            status: instance.status.clone(),
            image_id: instance.image_id.clone(),
        }
    }
}

/// How the instance changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Its status is another one now (it was powered on, or a reinstall started).
    Status(InstanceStatus),
    /// It runs another image (it was reinstalled meanwhile).
    Image,
    /// Another tab of this browser confirmed a reinstall of it.
    OtherTab,
}

/// The change since `frozen`, if any; `other_tab`: another tab holds a confirmed plan for it.
pub fn since(frozen: &Frozen, now: &InstanceInfo, other_tab: bool) -> Option<Change> {
    if other_tab {
        Some(Change::OtherTab)
    } else if now.status != frozen.status {
        Some(Change::Status(now.status.clone()))
    } else if now.image_id != frozen.image_id {
        Some(Change::Image)
    } else {
        None
    }
}
