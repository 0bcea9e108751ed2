//! The emulator's fixture as plain data, and the small helpers every flow test uses.
#![allow(dead_code)]

use serde_json::{json, Value};
use zec_api::rules::{Field, ProtectionPolicy};
use zec_api::wire::{Image, InstanceInfo, KeyPair, SnapshotInfo};
use zec_api::{ErrorCode, InstanceStatus, SnapshotStatus};
use zec_console::form::{Catalog, FormContext, ReinstallForm};
use zec_console::permits::Permits;
use zec_console::plan::ReinstallPlan;
use zec_console::session::{Command, Env};
use zec_console::ApiError;

const FIXTURE: &str = include_str!("../../../zec-emulator/fixtures/default.json");
/// Milliseconds since the epoch, as the browser passes them.
pub const NOW: f64 = 1_000.0;
/// 2026-11-27T08:00:00Z.
pub const NOW_UNIX: i64 = 1_795_766_400;

pub struct World {
    pub instances: Vec<InstanceInfo>,
    pub catalog: Catalog,
    pub policy: ProtectionPolicy,
}

pub fn world() -> World {
    let fixture: Value = serde_json::from_str(FIXTURE).unwrap();
    let images: Vec<Image> = serde_json::from_value(fixture["images"].clone()).unwrap();
    let key_pairs: Vec<KeyPair> = serde_json::from_value(fixture["keyPairs"].clone()).unwrap();
    World {
        instances: serde_json::from_value(fixture["instances"].clone()).unwrap(),
        catalog: Catalog {
            images,
            key_pairs,
            time_zones: None,
        },
        policy: ProtectionPolicy::default(),
    }
}

impl World {
    pub fn instance(&self, id: &str) -> InstanceInfo {
        self.instances
            .iter()
            .find(|i| i.instance_id == id)
            .unwrap_or_else(|| panic!("no instance {id} in the fixture"))
            .clone()
    }

    pub fn pick(&self, ids: &[&str]) -> Vec<InstanceInfo> {
        ids.iter().map(|id| self.instance(id)).collect()
    }

    pub fn context<'a>(&'a self, instance: &'a InstanceInfo) -> FormContext<'a> {
        FormContext {
            instance,
            images: &self.catalog.images,
            key_pairs: &self.catalog.key_pairs,
            time_zones: self.catalog.time_zones.as_deref(),
            images_without_agent: None,
        }
    }

    /// The plan of `form` for web-01.
    pub fn plan(&self, form: &ReinstallForm) -> Result<ReinstallPlan, Vec<Field>> {
        let instance = self.instance("ins-web-01");
        ReinstallPlan::from_form(form, &self.context(&instance), NOW_UNIX)
    }
}

/// Everything permitted (no grant read, or one granting all four).
pub static ALL_PERMITTED: Permits = Permits::ALL;

/// The environment the transitions read: the test's clock, the default protection and a
/// session that permits everything.
pub fn env(policy: &ProtectionPolicy) -> Env<'_> {
    env_with(policy, &ALL_PERMITTED)
}

/// The same, with what the caller's session permits.
pub fn env_with<'a>(policy: &'a ProtectionPolicy, permits: &'a Permits) -> Env<'a> {
    Env {
        now_ms: NOW,
        policy,
        permits,
    }
}

/// web-01 gets Debian 12 with a password, without a snapshot first.
pub fn debian_plan() -> ReinstallPlan {
    let mut form = ReinstallForm {
        image_id: Some("img-debian-12".into()),
        password: "Abcdef1!".into(),
        ..ReinstallForm::default()
    };
    form.snapshot.enabled = false;
    world().plan(&form).unwrap()
}

/// The same with the snapshot the form suggests.
pub fn snapshot_plan() -> ReinstallPlan {
    world()
        .plan(&ReinstallForm {
            image_id: Some("img-debian-12".into()),
            password: "Abcdef1!".into(),
            ..ReinstallForm::default()
        })
        .unwrap()
}

pub fn snapshot(status: SnapshotStatus) -> SnapshotInfo {
    serde_json::from_value(
        json!({"snapshotId": "snap-1", "snapshotName": "before-reinstall-web-01-20261127T0800Z",
        "zoneId": "z", "status": status.as_str(), "diskId": "disk-web-01"}),
    )
    .unwrap()
}

/// An answer that never came back readable: the call may have been carried out.
pub fn lost() -> ApiError {
    ApiError::Transport {
        detail: "network error".into(),
        may_have_arrived: true,
    }
}

pub fn refused(code: ErrorCode) -> ApiError {
    ApiError::Refused {
        status: code.http_status(),
        message: code.message().into(),
        code,
        request_id: "req-1".into(),
    }
}

/// web-01 (or another instance of the fixture) as DescribeInstances would show it now.
pub fn with_status(id: &str, status: InstanceStatus, image_id: &str) -> InstanceInfo {
    InstanceInfo {
        status,
        image_id: image_id.into(),
        ..world().instance(id)
    }
}

/// The commands that act on the world, without the bookkeeping every step may add (what is
/// kept for the tab, what the other tabs are told): those have their own tests.
pub fn acts(commands: Vec<Command>) -> Vec<Command> {
    commands
        .into_iter()
        .filter(|c| !matches!(c, Command::Keep(_) | Command::TellTabs(_)))
        .collect()
}
