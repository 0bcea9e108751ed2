//! One plan for many instances, as data: what the user chose, which instances block it and
//! why, and the ResetInstances calls it becomes, with the snapshot of each boot disk taken
//! first. Every rule is `zec_api::rules`, checked per instance with the same
//! `validate_reset` the single-instance form uses.

use std::collections::HashSet;

use std::fmt;

use zec_api::rules::{self, Field, ProtectionPolicy, ResetContext};
use zec_api::wire::{Image, InstanceInfo, ResetInstanceRequest, ResetOptions};
use zec_api::InstanceStatus;

use crate::fleet::changed::Frozen;
use crate::fleet::review::InstanceReview;
use crate::form::{Catalog, LoginChoice, SnapshotChoice};
use crate::plan::SnapshotPlan;
use crate::review::{consequences, ReviewContext};

pub use super::reviewed::{FleetPlan, Target};

/// What the user entered for the whole fleet. No instance name: each keeps its own.
#[derive(Clone, PartialEq)]
pub struct FleetForm {
    pub image_id: Option<String>,
    pub login: LoginChoice,
    pub password: String,
    pub key_id: Option<String>,
    /// Empty: every instance keeps its own time zone.
    pub timezone: String,
    pub enable_agent: bool,
    pub user_data: String,
    /// The password came from the generator: it is shown once the batch is sent, until the
    /// user says it is saved.
    pub password_generated: bool,
    /// Snapshot every boot disk first (on by default, as for one instance). An empty name
    /// gives each its own default name.
    pub snapshot: SnapshotChoice,
}

/// The password is never printed.
impl fmt::Debug for FleetForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FleetForm")
            .field("image_id", &self.image_id)
            .field("login", &self.login)
            .field("password_set", &!self.password.is_empty())
            .field("key_id", &self.key_id)
            .field("timezone", &self.timezone)
            .field("enable_agent", &self.enable_agent)
            .field("user_data_bytes", &self.user_data.len())
            .field("snapshot", &self.snapshot)
            .finish()
    }
}

impl Default for FleetForm {
    fn default() -> Self {
        FleetForm {
            image_id: None,
            login: LoginChoice::Password,
            password: String::new(),
            key_id: None,
            timezone: String::new(),
            enable_agent: false,
            user_data: String::new(),
            password_generated: false,
            snapshot: SnapshotChoice::default(),
        }
    }
}

/// One instance that keeps the plan from being reviewed, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Blocker {
    pub instance_id: String,
    pub instance_name: String,
    pub reason: String,
}

impl Blocker {
    fn of(instance: &InstanceInfo, reason: impl Into<String>) -> Blocker {
        Blocker {
            instance_id: instance.instance_id.clone(),
            instance_name: instance.display_name().to_owned(),
            reason: reason.into(),
        }
    }
}

/// An image of the picker: usable when no selected instance blocks it.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageOption {
    pub image: Image,
    pub blocked_by: Vec<Blocker>,
}

/// Every image, with the instances it does not fit (OS type, boot disk, status).
pub fn image_options(targets: &[InstanceInfo], images: &[Image]) -> Vec<ImageOption> {
    images
        .iter()
        .map(|image| ImageOption {
            image: image.clone(),
            blocked_by: targets
                .iter()
                .filter_map(|instance| {
                    let current = images.iter().find(|i| i.image_id == instance.image_id);
                    rules::check_image(image, instance, current.map(|i| &i.os_type))
                        .err()
                        .map(|violation| Blocker::of(instance, crate::i18n::violation(&violation)))
                })
                .collect(),
        })
        .collect()
}

/// What keeps the plan from review: instances (with the reason) and fields of the form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlanCheck {
    pub blockers: Vec<Blocker>,
    pub problems: Vec<(Field, String)>,
}

impl PlanCheck {
    pub fn is_clear(&self) -> bool {
        self.blockers.is_empty() && self.problems.is_empty()
    }

    /// The blocking instances that StopInstances can power off (RUNNING, and
    /// REINSTALL_FAILED, which the rule also asks to power off).
    pub fn to_power_off(&self, targets: &[InstanceInfo]) -> Vec<String> {
        let blocked: HashSet<&str> = self
            .blockers
            .iter()
            .map(|b| b.instance_id.as_str())
            .collect();
        targets
            .iter()
            .filter(|i| can_power_off(&i.status) && blocked.contains(i.instance_id.as_str()))
            .map(|i| i.instance_id.clone())
            .collect()
    }
}

/// Whether StopInstances powers off an instance in this status.
pub fn can_power_off(status: &InstanceStatus) -> bool {
    matches!(
        status,
        InstanceStatus::Running | InstanceStatus::ReinstallFailed
    )
}

impl FleetForm {
    fn takes_login(&self, catalog: &Catalog) -> bool {
        let image = self.image_id.as_deref().and_then(|id| catalog.image(id));
        image.is_none_or(rules::image_accepts_login)
    }

    /// The options sent to every instance. Windows and Generic images get no login.
    pub fn to_options(&self, catalog: &Catalog) -> ResetOptions {
        let takes_login = self.takes_login(catalog);
        let typed = self.timezone.trim();
        let timezone = (!typed.is_empty()).then(|| {
            catalog
                .time_zones
                .as_deref()
                .and_then(|known| rules::canonical_timezone(typed, known))
                .unwrap_or(typed)
                .to_owned()
        });
        ResetOptions {
            password: (takes_login && self.login == LoginChoice::Password)
                .then(|| self.password.clone()),
            key_id: (takes_login && self.login == LoginChoice::KeyPair)
                .then(|| self.key_id.clone())
                .flatten(),
            image_id: self.image_id.clone(),
            timezone,
            enable_agent: Some(self.enable_agent),
            instance_name: None,
            user_data: (!self.user_data.is_empty()).then(|| self.user_data.clone()),
        }
    }

    /// Every rule, per instance: an instance rule (status, image fit, protection) blocks that
    /// instance; a rule about the options is a problem of the form, named once.
    pub fn check(
        &self,
        targets: &[InstanceInfo],
        catalog: &Catalog,
        policy: &ProtectionPolicy,
    ) -> PlanCheck {
        let options = self.to_options(catalog);
        let requested = options.image_id.as_deref().and_then(|id| catalog.image(id));
        let key_pair = options
            .key_id
            .as_deref()
            .and_then(|id| catalog.key_pairs.iter().find(|key| key.key_id == id));
        let mut check = PlanCheck::default();
        if targets.is_empty() {
            check
                .problems
                .push((Field::Instance, "Select at least one instance.".to_owned()));
        }
        if requested.is_none() {
            check.problems.push((
                Field::Image,
                "Choose the image to install on every instance.".to_owned(),
            ));
        }
        let snapshot_name = self.snapshot.name.trim();
        if self.snapshot.enabled && !snapshot_name.is_empty() {
            if let Err(violation) = rules::check_snapshot_name(snapshot_name) {
                check
                    .problems
                    .push((violation.field(), crate::i18n::violation(&violation)));
            }
        }
        for instance in targets {
            if let Some(by) = rules::protection(instance, policy) {
                let reason = crate::i18n::protected(&instance.instance_id, &by);
                check.blockers.push(Blocker::of(instance, reason));
                continue;
            }
            let current = catalog.image(&instance.image_id);
            let context = ResetContext {
                instance: Some(instance),
                current_image: current,
                requested_image: requested,
                key_pair,
                image_has_agent: None,
                time_zones: catalog.time_zones.as_deref(),
            };
            for violation in rules::validate_reset(&options, &context) {
                match violation.field() {
                    Field::Instance | Field::Image => check
                        .blockers
                        .push(Blocker::of(instance, crate::i18n::violation(&violation))),
                    field if !check.problems.iter().any(|(seen, _)| *seen == field) => check
                        .problems
                        .push((field, crate::i18n::violation(&violation))),
                    _ => {}
                }
            }
        }
        check
    }

    /// "Review": the frozen plan, or what keeps it from review. `now_unix` names and dates
    /// the snapshots taken first.
    pub fn freeze(
        &self,
        targets: &[InstanceInfo],
        catalog: &Catalog,
        policy: &ProtectionPolicy,
        now_unix: i64,
    ) -> Result<FleetPlan, PlanCheck> {
        let check = self.check(targets, catalog, policy);
        if !check.is_clear() {
            return Err(check);
        }
        let options = self.to_options(catalog);
        let new_image = options.image_id.as_deref().and_then(|id| catalog.image(id));
        let login = match (&options.password, &options.key_id) {
            (Some(_), _) => "the password you set".to_owned(),
            (_, Some(id)) => {
                let name = catalog
                    .key_pairs
                    .iter()
                    .find(|k| &k.key_id == id)
                    .map_or(id.as_str(), |k| k.key_name.as_str());
                format!("the SSH key pair {name}")
            }
            _ => "the image's own setup (no password or key is set)".to_owned(),
        };
        let snapshots = self.snapshot.enabled.then_some(&self.snapshot);
        let plans: Vec<Option<SnapshotPlan>> = targets
            .iter()
            .map(|instance| snapshots.map(|choice| SnapshotPlan::new(choice, instance, now_unix)))
            .collect();
        let review = targets
            .iter()
            .map(|instance| {
                let request = ResetInstanceRequest {
                    instance_id: instance.instance_id.clone(),
                    options: options.clone(),
                };
                let context = ReviewContext {
                    instance,
                    current_image: catalog.image(&instance.image_id),
                    new_image,
                    key_pairs: &catalog.key_pairs,
                };
                InstanceReview::of(instance, consequences(&request, &context))
            })
            .collect();
        Ok(FleetPlan {
            targets: targets
                .iter()
                .zip(&plans)
                .map(|(i, snapshot)| Target {
                    instance_id: i.instance_id.clone(),
                    name: i.display_name().to_owned(),
                    frozen: Frozen::of(i),
                    disk_gib: i.system_disk.disk_size,
                    snapshot: snapshot.as_ref().map(|s| s.request.clone()),
                })
                .collect(),
            kept_until: plans.iter().flatten().next().map(|s| s.kept_until.clone()),
            hand_over_password: self.password_generated && options.password.is_some(),
            image_name: new_image.map(|i| i.image_name.clone()).unwrap_or_default(),
            options,
            login,
            form: self.clone(),
            taken: vec![],
            review,
        })
    }
}
