//! Which instances of a reviewed fleet plan changed since it was frozen (`crate::changed`,
//! the same check as one instance's): the live status and the other tabs of this browser are
//! checked per instance before anything is sent, so a plan for STOPPED instances never
//! reaches one that runs or that another tab is reinstalling.

use zec_api::InstanceStatus;

pub use crate::changed::{Change, Frozen};

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
