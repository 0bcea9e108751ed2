//! The reviewed fleet plan, frozen: every instance with what it was reviewed as and the
//! snapshot of its boot disk, the options sent to all, what the dialog says about each, and
//! the ResetInstances calls Confirm sends.

use serde::{Deserialize, Serialize};
use zec_api::rules::MAX_INSTANCE_IDS;
use zec_api::wire::{CreateSnapshotRequest, ResetInstancesRequest, ResetOptions};

use crate::fleet::changed::Frozen;
use crate::fleet::plan::FleetForm;
use crate::fleet::review::InstanceReview;
use crate::plan::TakenSnapshot;

/// One instance of a frozen plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    pub instance_id: String,
    pub name: String,
    /// The instance as reviewed: Confirm checks it has not changed since.
    pub frozen: Frozen,
    pub disk_gib: u32,
    /// The snapshot of its boot disk taken first, when the plan takes them.
    pub snapshot: Option<CreateSnapshotRequest>,
}

/// The reviewed plan, frozen: exactly what Confirm sends, and what the dialog names.
#[derive(Clone, Debug, PartialEq)]
pub struct FleetPlan {
    /// Every instance, in the order shown.
    pub targets: Vec<Target>,
    pub options: ResetOptions,
    pub image_name: String,
    pub login: String,
    /// What the user entered, to plan again from (a retry, a review after a reload).
    pub form: FleetForm,
    /// "until 2026-12-04 08:00 UTC" when the plan takes snapshots first.
    pub kept_until: Option<String>,
    /// (instance id, snapshot) already taken for this plan: not taken again.
    pub taken: Vec<(String, TakenSnapshot)>,
    /// What the reinstall changes and keeps on each instance.
    pub review: Vec<InstanceReview>,
    /// The password came from the generator: shown once sent, until saved.
    pub hand_over_password: bool,
}

impl FleetPlan {
    pub fn ids(&self) -> Vec<String> {
        self.targets.iter().map(|t| t.instance_id.clone()).collect()
    }

    pub fn target(&self, instance_id: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.instance_id == instance_id)
    }

    /// The instance's name as the user knows it (its id when it has none).
    pub fn name_of(&self, instance_id: &str) -> String {
        self.target(instance_id)
            .map_or_else(|| instance_id.to_owned(), |t| t.name.clone())
    }

    pub fn takes_snapshots(&self) -> bool {
        self.targets.iter().any(|t| t.snapshot.is_some())
    }

    /// The snapshot taken for this instance, if any.
    pub fn taken_of(&self, instance_id: &str) -> Option<&TakenSnapshot> {
        self.taken
            .iter()
            .find(|(id, _)| id == instance_id)
            .map(|(_, taken)| taken)
    }

    /// ResetInstances calls of at most `MAX_INSTANCE_IDS` ids, the same options in each.
    pub fn requests(&self) -> Vec<ResetInstancesRequest> {
        self.ids()
            .chunks(MAX_INSTANCE_IDS)
            .map(|ids| ResetInstancesRequest {
                instance_ids: ids.to_vec(),
                options: self.options.clone(),
            })
            .collect()
    }

    /// The same plan without these instances (left out after their snapshot failed).
    pub fn without(&self, left_out: &[String]) -> FleetPlan {
        let kept = |id: &String| !left_out.contains(id);
        FleetPlan {
            targets: (self.targets.iter())
                .filter(|t| kept(&t.instance_id))
                .cloned()
                .collect(),
            taken: (self.taken.iter())
                .filter(|(id, _)| kept(id))
                .cloned()
                .collect(),
            review: (self.review.iter())
                .filter(|r| kept(&r.instance_id))
                .cloned()
                .collect(),
            ..self.clone()
        }
    }

    /// The plan using snapshots already taken for an earlier plan of these instances (of the
    /// same disk), instead of taking them again; only when the plan takes snapshots.
    pub fn reusing(&self, spare: &[(String, TakenSnapshot)]) -> FleetPlan {
        let mut plan = self.clone();
        for target in plan.targets.iter().filter(|t| t.snapshot.is_some()) {
            let found = spare.iter().find(|(id, taken)| {
                *id == target.instance_id
                    && target.snapshot.as_ref().map(|s| &s.disk_id) == Some(&taken.disk_id)
            });
            if let Some(found) = found {
                if plan.taken_of(&found.0).is_none() {
                    plan.taken.push(found.clone());
                }
            }
        }
        plan
    }

    /// "Show API request": each ResetInstances body, the password masked.
    pub fn bodies_shown(&self) -> Vec<String> {
        self.requests()
            .iter()
            .map(crate::api_request::body_shown)
            .collect()
    }

    /// Each call with curl, through the console's server at `origin`.
    pub fn curl(&self, origin: &str) -> Vec<String> {
        self.requests()
            .iter()
            .map(|request| crate::api_request::curl("ResetInstances", request, origin))
            .collect()
    }

    /// Each call with Zenlayer's Python SDK.
    pub fn python(&self) -> Vec<String> {
        self.requests()
            .iter()
            .map(|request| crate::api_request::python("ResetInstances", request))
            .collect()
    }
}
