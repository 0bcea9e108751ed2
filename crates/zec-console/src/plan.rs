//! The reviewed plan. "Review" freezes the form into a `ReinstallPlan`: the exact request,
//! everything else Confirm acts on (the snapshot first, whether the password is handed
//! over) and every sentence the confirmation dialog shows. The dialog renders the plan and
//! Confirm sends `plan.request`, so what was read is what is sent; nothing behind the dialog
//! (the live form included) can change it.

use crate::i18n::{msg, text, word, Id};
use serde::{Deserialize, Serialize};

use zec_api::rules::Field;
use zec_api::wire::{CreateSnapshotRequest, InstanceInfo, ResetInstanceRequest};
use zec_api::OsType;

use crate::changed::Frozen;
use crate::form::{default_snapshot_name, FormContext, ReinstallForm, SnapshotChoice, FIELD_ORDER};
use crate::review::{consequences, likely_user, Consequences, ReviewContext};

#[derive(Clone, Debug, PartialEq)]
pub struct ReinstallPlan {
    /// Exactly what Confirm sends.
    pub request: ResetInstanceRequest,
    /// The instance as the user knows it; typed to confirm.
    pub instance_label: String,
    pub disk_size_gib: u32,
    /// The image that will be installed (the current one when it is kept).
    pub image_id: String,
    pub image_name: String,
    /// How to log in afterwards, to follow "Log in with …".
    pub login: String,
    /// The user name to log in with, and whether it is a guess.
    pub login_user: (&'static str, bool),
    pub is_windows: bool,
    /// What changes, what is kept, how the user gets in.
    pub consequences: Consequences,
    /// The snapshot taken before the reinstall, when chosen.
    pub snapshot: Option<SnapshotPlan>,
    /// The instance as reviewed (its image is what a rollback brings back): Confirm checks
    /// it has not changed since (`changed`).
    pub frozen: Frozen,
    /// Set once the snapshot is AVAILABLE, just before the reinstall is sent (or when the
    /// plan uses one taken for an earlier plan that was not sent).
    pub taken: Option<TakenSnapshot>,
    /// The form it was frozen from, kept (without its password) if the page goes before
    /// the plan is carried out.
    pub form: ReinstallForm,
    /// The password came from the generator: it is shown once the reinstall is sent, until
    /// the user says it is saved (it is shown nowhere else).
    pub hand_over_password: bool,
}

/// A snapshot the flow took before erasing the disk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TakenSnapshot {
    pub snapshot_id: String,
    pub snapshot_name: String,
    pub disk_id: String,
    /// Milliseconds since the epoch, when it became AVAILABLE.
    pub taken_at: f64,
    /// "until …", as the dialog said.
    pub kept_until: String,
    /// The image the instance ran before: what a rollback brings back.
    pub original_image_id: String,
}

/// "Snapshot the boot disk first": the exact CreateSnapshot request and until when the disk
/// can be restored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotPlan {
    pub request: CreateSnapshotRequest,
    /// "until 2026-12-04 08:00 UTC" or "until the snapshot is deleted".
    pub kept_until: String,
}

/// A retention time this far past the minimum, so it is still valid when the API checks it.
const RETENTION_MARGIN_SECONDS: i64 = 3600;

impl SnapshotPlan {
    pub fn new(choice: &SnapshotChoice, instance: &InstanceInfo, now_unix: i64) -> SnapshotPlan {
        let name = match choice.name.trim() {
            "" => default_snapshot_name(instance.display_name(), now_unix),
            name => name.to_owned(),
        };
        let until = choice
            .retention_days
            .map(|days| now_unix + i64::from(days) * 86_400 + RETENTION_MARGIN_SECONDS);
        SnapshotPlan {
            request: CreateSnapshotRequest {
                disk_id: instance.system_disk.disk_id.clone(),
                snapshot_name: name,
                retention_time: until.map(zec_api::time::format_utc),
            },
            kept_until: until.map_or_else(
                || word(Id::KeptUntilDeleted),
                |until| {
                    let utc = zec_api::time::format_utc(until);
                    text(msg::KeptUntil {
                        time: format!("{} {} UTC", &utc[..10], &utc[11..16]),
                    })
                },
            ),
        }
    }
}

impl ReinstallPlan {
    /// The plan of a valid form, or the fields that block it, in form order.
    pub fn from_form(
        form: &ReinstallForm,
        context: &FormContext<'_>,
        now_unix: i64,
    ) -> Result<ReinstallPlan, Vec<Field>> {
        let violations = form.violations(context);
        if !violations.is_empty() {
            return Err(FIELD_ORDER
                .iter()
                .copied()
                .filter(|field| violations.contains_key(field))
                .collect());
        }
        let request = form.to_request(context);
        let instance = context.instance;
        let new_image = form.image_to_install(context);
        let review = ReviewContext {
            instance,
            current_image: context.current_image(),
            new_image,
            key_pairs: context.key_pairs,
        };
        let consequences = consequences(&request, &review);
        Ok(ReinstallPlan {
            instance_label: instance.display_name().to_owned(),
            disk_size_gib: instance.system_disk.disk_size,
            image_id: new_image
                .map_or_else(|| instance.image_id.clone(), |image| image.image_id.clone()),
            image_name: form.image_name_to_install(context),
            login: consequences.login.describe(),
            login_user: likely_user(new_image),
            is_windows: new_image.is_some_and(|image| image.os_type == OsType::Windows),
            consequences,
            snapshot: form
                .snapshot
                .enabled
                .then(|| SnapshotPlan::new(&form.snapshot, instance, now_unix)),
            frozen: Frozen::of(instance),
            taken: None,
            form: form.clone(),
            hand_over_password: form.password_generated && request.options.password.is_some(),
            request,
        })
    }

    pub fn instance_id(&self) -> &str {
        &self.request.instance_id
    }

    /// The plan once its snapshot is ready.
    pub fn with_taken(&self, taken: TakenSnapshot) -> ReinstallPlan {
        ReinstallPlan {
            taken: Some(taken),
            ..self.clone()
        }
    }

    /// The plan using a snapshot taken for an earlier plan that was not sent, instead of
    /// taking another (only when the plan asks for a snapshot).
    pub fn reusing(&self, spare: &TakenSnapshot) -> ReinstallPlan {
        let Some(snapshot) = &self.snapshot else {
            return self.clone();
        };
        let request = CreateSnapshotRequest {
            disk_id: spare.disk_id.clone(),
            snapshot_name: spare.snapshot_name.clone(),
            retention_time: snapshot.request.retention_time.clone(),
        };
        ReinstallPlan {
            snapshot: Some(SnapshotPlan {
                request,
                kept_until: spare.kept_until.clone(),
            }),
            taken: Some(spare.clone()),
            ..self.clone()
        }
    }

    /// The same plan without the snapshot (the user chose to go on without one).
    pub fn without_snapshot(&self) -> ReinstallPlan {
        ReinstallPlan {
            snapshot: None,
            ..self.clone()
        }
    }

    /// Whether the plan sets a password (which is never kept: a plan reviewed again after
    /// the page went asks for it again).
    pub fn sets_password(&self) -> bool {
        self.request.options.password.is_some()
    }

    /// The dialog's first sentence.
    pub fn headline(&self) -> String {
        text(msg::Headline {
            instance: self.instance_label.clone(),
            size: self.disk_size_gib.to_string(),
            image: self.image_name.clone(),
        })
    }

    /// The request body as JSON, the password masked: what "Show API request" shows.
    pub fn body_shown(&self) -> String {
        crate::api_request::body_shown(&self.request)
    }

    /// The same call with curl, against the proxy at `origin`.
    pub fn curl(&self, origin: &str) -> String {
        crate::api_request::curl("ResetInstance", &self.request, origin)
    }

    /// The same call with Zenlayer's Python SDK (zenlayercloud-sdk-python).
    pub fn python(&self) -> String {
        crate::api_request::python("ResetInstance", &self.request)
    }
}
