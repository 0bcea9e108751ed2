//! What the page must not drop silently. A confirmed plan that is not carried out yet is
//! kept for the tab (sessionStorage, never with its password) so reopening the instance says
//! what became of it; leaving while something is on its way asks first; and the other tabs
//! of this browser hear whether this one holds a confirmed plan. All three follow from the
//! state alone (`Panel::kept`, `Panel::leave_risk`, `Panel::holds_confirmed_plan`).

use serde::{Deserialize, Serialize};

use super::{Activity, After, Panel, Undo};
use crate::active::ActiveReinstall;
use crate::form::ReinstallForm;
use crate::plan::{ReinstallPlan, TakenSnapshot};

/// A confirmed plan the page may leave before it is carried out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeptPlan {
    pub instance_id: String,
    /// The form it was frozen from, without its password (`None`: only a snapshot is left
    /// of it).
    pub form: Option<ReinstallForm>,
    /// Whether the plan set a password, which must be typed again.
    pub password_needed: bool,
    /// The snapshot taken first: asked for, or taken.
    pub snapshot: Option<KeptSnapshot>,
    /// Set when ResetInstance may have been sent: what the live view shows if it started.
    pub sent: Option<ActiveReinstall>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KeptSnapshot {
    /// CreateSnapshot was sent (its id once it answered).
    Asked {
        disk_id: String,
        name: String,
        snapshot_id: Option<String>,
        kept_until: String,
    },
    Taken(TakenSnapshot),
}

impl KeptPlan {
    fn of(plan: &ReinstallPlan, snapshot_id: Option<&str>, maybe_sent: bool) -> KeptPlan {
        let snapshot = match (&plan.taken, &plan.snapshot) {
            (Some(taken), _) => Some(KeptSnapshot::Taken(taken.clone())),
            (None, Some(asked)) => Some(KeptSnapshot::Asked {
                disk_id: asked.request.disk_id.clone(),
                name: asked.request.snapshot_name.clone(),
                snapshot_id: snapshot_id.map(str::to_owned),
                kept_until: asked.kept_until.clone(),
            }),
            (None, None) => None,
        };
        let mut form = plan.form.clone();
        form.password.clear();
        form.password_generated = false;
        KeptPlan {
            instance_id: plan.instance_id().to_owned(),
            form: Some(form),
            password_needed: plan.sets_password(),
            snapshot,
            sent: maybe_sent.then(|| ActiveReinstall::of(plan, String::new(), 0.0)),
        }
    }

    /// The snapshot, once taken.
    pub fn taken(&self) -> Option<&TakenSnapshot> {
        match &self.snapshot {
            Some(KeptSnapshot::Taken(taken)) => Some(taken),
            _ => None,
        }
    }
}

/// Why leaving now needs a word first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeaveRisk {
    /// The reinstall was confirmed and is on its way (a snapshot first, or its answer).
    OnItsWay,
    /// The reinstall runs; it goes on without the page.
    Running,
    /// A confirmed plan was not sent, or a snapshot waits for it.
    NotSent,
    /// A rollback or delete is on its way.
    Undoing,
}

impl LeaveRisk {
    /// The question asked before leaving (`name`: the instance as the user knows it).
    pub fn question(self, name: &str) -> String {
        use crate::i18n::{msg, text};
        let name = name.to_owned();
        match self {
            LeaveRisk::OnItsWay => text(msg::LeaveOnItsWay { name }),
            LeaveRisk::Running => text(msg::LeaveRunning { name }),
            LeaveRisk::NotSent => text(msg::LeaveNotSent { name }),
            LeaveRisk::Undoing => text(msg::LeaveUndoing { name }),
        }
    }
}

impl Panel {
    /// The confirmed plan to keep for the tab now, if any.
    pub fn kept(&self) -> Option<KeptPlan> {
        use Activity::*;
        let spare_only = || {
            self.spare.as_ref().map(|spare| KeptPlan {
                instance_id: self.instance_id().to_owned(),
                form: None,
                password_needed: false,
                snapshot: Some(KeptSnapshot::Taken(spare.clone())),
                sent: None,
            })
        };
        match &self.activity {
            Snapshotting {
                plan, snapshot_id, ..
            } => Some(KeptPlan::of(plan, snapshot_id.as_deref(), false)),
            FindingSnapshot { plan, .. } | SnapshotFailed { plan, .. } => {
                Some(KeptPlan::of(plan, None, false))
            }
            Submitting(plan) | Resolving { plan, .. } | NotStarted { plan, .. } => {
                Some(KeptPlan::of(plan, None, true))
            }
            Reviewing(plan) | Stale { plan, .. } if plan.taken.is_some() => {
                Some(KeptPlan::of(plan, None, false))
            }
            Recovering { kept, .. } | Interrupted { kept, .. } => Some(kept.clone()),
            Undoing {
                after: After::Kept(kept),
                ..
            } => Some((**kept).clone()),
            Watching(_) | Finished { .. } => None,
            _ => spare_only(),
        }
    }

    /// Whether this tab holds a confirmed plan for the instance (the other tabs must not
    /// confirm one too).
    pub fn holds_confirmed_plan(&self) -> bool {
        use Activity::*;
        matches!(
            self.activity,
            Snapshotting { .. }
                | FindingSnapshot { .. }
                | Submitting(_)
                | Resolving { .. }
                | Recovering { .. }
                | Watching(_)
        )
    }

    /// What leaving now would leave behind, if anything (besides unsent changes in the form,
    /// which the form knows).
    pub fn leave_risk(&self) -> Option<LeaveRisk> {
        use Activity::*;
        Some(match &self.activity {
            Snapshotting { .. }
            | FindingSnapshot { .. }
            | Submitting(_)
            | Resolving { .. }
            | Recovering { .. } => LeaveRisk::OnItsWay,
            Watching(_) => LeaveRisk::Running,
            Undoing { undo, .. }
                if !matches!(undo, Undo::AskingRollback(_) | Undo::AskingDelete(_)) =>
            {
                LeaveRisk::Undoing
            }
            _ if self.kept().is_some() => LeaveRisk::NotSent,
            _ => return None,
        })
    }
}
