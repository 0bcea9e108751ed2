//! Has an instance of a reviewed fleet plan changed since the plan was frozen? The live
//! status and the other tabs of this browser are checked per instance before anything is
//! sent: a plan for STOPPED instances must not reach one that runs or that another tab is
//! reinstalling. (A small check of the fleet's own; the single flow's `changed` check is the
//! same idea for one instance and can replace it.)

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

/// How an instance changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Its status is another one now (it was powered on, or a reinstall started).
    Status(InstanceStatus),
    /// Another tab of this browser confirmed a reinstall of it.
    OtherTab,
}

/// The change a status seen now makes, if any.
pub fn status_seen(frozen: &Frozen, now: &InstanceStatus) -> Option<Change> {
    (*now != frozen.status).then(|| Change::Status(now.clone()))
}

/// The instances marked as changed, in the order they were seen. A status change stays
/// marked (only a new review clears it); another tab's mark goes when that tab lets go.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changes(pub Vec<(String, Change)>);

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn of(&self, instance_id: &str) -> Option<&Change> {
        self.0
            .iter()
            .find(|(id, _)| id == instance_id)
            .map(|(_, c)| c)
    }

    /// A status from the live stream for an instance frozen as `frozen`.
    pub fn status(&mut self, instance_id: &str, frozen: &Frozen, now: &InstanceStatus) {
        if let Some(change) = status_seen(frozen, now) {
            self.mark(instance_id, change);
        }
    }

    /// Another tab holds (or let go of) a confirmed plan for the instance.
    pub fn other_tab(&mut self, instance_id: &str, holds: bool) {
        match holds {
            true => self.mark(instance_id, Change::OtherTab),
            false => self
                .0
                .retain(|(id, change)| id != instance_id || *change != Change::OtherTab),
        }
    }

    fn mark(&mut self, instance_id: &str, change: Change) {
        // A status change outranks another tab's: it does not go away.
        match self.0.iter_mut().find(|(id, _)| id == instance_id) {
            Some((_, Change::Status(_))) if change == Change::OtherTab => {}
            Some((_, seen)) => *seen = change,
            None => self.0.push((instance_id.to_owned(), change)),
        }
    }
}
