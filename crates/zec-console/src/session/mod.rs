//! The reinstall of one instance as one state value and one transition function, in the
//! manner of the Elm architecture: `update(panel, event, env)` returns the next state and
//! the commands to run (calls, storage, focus, DOM events). No DOM, no signals: every path
//! is tested as plain data. The browser's `Session` owns the state, runs the commands and
//! feeds their results back in as events.
//!
//! The state holds each fact once: the instance as last seen (its status included) and the
//! one thing going on (`Activity`). An intent that does not apply is refused by a
//! transition, with a reason the view shows (`Notice::Blocked`), never silently ignored by
//! a view.
//!
//! ```text
//! Editing ──Review──▶ Reviewing(plan) ──Confirm──▶ [snapshot first] ──▶ Submitting(plan)
//!    ▲  │                 │ Cancel                                        │ accepted ──▶ Watching ──▶ Finished
//!    │  │ Review while not STOPPED / protected: Editing(Blocked)          │ refused ──▶ Editing (message)
//!    │  ├─AskPowerOff──▶ PoweringOff ──STOPPED──▶ Editing                 │ never left ──▶ NotStarted(plan)
//!    │  └─AskRollback / AskDelete──▶ Undoing ──▶ Editing (or Finished)    │ answer lost ──▶ Resolving(plan)
//!    └──────────────── Cancel ◀─────────┘     NotStarted ◀── still STOPPED │ DEPLOYING ──▶ Watching
//! ```
//!
//! ResetInstance is sent by `Confirm` in `Reviewing` (plan without a snapshot, or one already
//! taken) and by the snapshot reaching AVAILABLE (`Snapshotting`), each only while the
//! instance is as it was reviewed (`changed`); nothing else sends it. Once the instance
//! changed under a reviewed plan (`Stale`), only a new review can send it.
//!
//! What must not be dropped silently follows from the state (`kept`): the confirmed plan
//! kept for the tab, the question before leaving, what the other tabs are told. A panel
//! reopened on a kept plan first asks the API what became of it (`recover`).

mod flow;
mod kept;
mod messages;
mod recover;
mod reinstall;
mod snapshot;
mod undo;

pub use snapshot::{FIRST_SNAPSHOT_READ_MS, SNAPSHOT_POLL_MS};

use zec_api::rules::Violation;
use zec_api::wire::InstanceInfo;
use zec_api::InstanceStatus;

pub use crate::active::{ActiveReinstall, Outcome};
use crate::changed::Change;
use crate::error::ApiError;
use crate::plan::{ReinstallPlan, TakenSnapshot};
use crate::power_off::{PowerOff, PowerResult};
use crate::resolve::Resolver;
pub use flow::{start, update};
pub use kept::{KeptPlan, KeptSnapshot, LeaveRisk};
pub use messages::{Command, Env, Event, FocusTarget, SnapshotRef};
pub use undo::{Undo, UndoEnd, UndoTarget};

/// Everything the flow knows about one instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    /// The instance as last seen: loaded, then updated by the status stream and re-reads.
    pub instance: InstanceInfo,
    pub activity: Activity,
    /// A snapshot this flow took for a plan that was not carried out (refused, or the page
    /// went): the next plan uses it instead of taking another. Dropped once the instance
    /// leaves STOPPED (the disk may differ from it then).
    pub spare: Option<TakenSnapshot>,
    /// Another tab of this browser holds a confirmed plan for this instance.
    pub elsewhere: bool,
}

/// What is going on. Each variant holds exactly what it needs.
#[derive(Clone, Debug, PartialEq)]
pub enum Activity {
    /// The form is open; what the last attempt left to say, if anything.
    Editing(Option<Notice>),
    /// The dialog shows the frozen plan.
    Reviewing(ReinstallPlan),
    /// The instance changed since the plan was reviewed: the dialog stays, Confirm does not.
    Stale {
        plan: ReinstallPlan,
        change: Change,
    },
    /// Reopened on a confirmed plan the page left: asking the API what became of it.
    Recovering {
        kept: KeptPlan,
        asking: Resolver,
    },
    /// A confirmed plan that was not carried out (the page went): what happened, and what
    /// the last delete of its snapshot did.
    Interrupted {
        kept: KeptPlan,
        undone: Option<UndoEnd>,
    },
    /// Powering the instance off so it can be reinstalled (the form stays open).
    PoweringOff(PowerOff),
    /// Taking the snapshot the plan asks for, before anything is erased. `snapshot_id` is
    /// known once CreateSnapshot answered.
    Snapshotting {
        plan: ReinstallPlan,
        snapshot_id: Option<String>,
        status: Option<zec_api::SnapshotStatus>,
        started_at: f64,
    },
    /// The CreateSnapshot answer was lost: looking the snapshot up by its name.
    FindingSnapshot {
        plan: ReinstallPlan,
        started_at: f64,
        asking: Resolver,
    },
    /// No usable snapshot: nothing was erased. Retry, or review again without one.
    SnapshotFailed {
        plan: ReinstallPlan,
        reason: String,
    },
    /// The plan was sent; waiting for the answer.
    Submitting(ReinstallPlan),
    /// The answer was lost: asking the API whether the reinstall started.
    Resolving {
        plan: ReinstallPlan,
        asking: Resolver,
    },
    /// The API says the plan was not carried out; it can only be reviewed again.
    NotStarted {
        plan: ReinstallPlan,
        status: InstanceStatus,
    },
    Watching(ActiveReinstall),
    /// The reinstall ended; how the last undo from here ended, if one was made.
    Finished {
        active: ActiveReinstall,
        outcome: Outcome,
        undone: Option<UndoEnd>,
    },
    /// Rolling back to a snapshot or deleting one; `after` is where it returns.
    Undoing {
        undo: Undo,
        after: After,
    },
}

/// Where an undo returns: the form, or the finished reinstall it was started from.
#[derive(Clone, Debug, PartialEq)]
pub enum After {
    Form,
    /// Boxed: a reinstall is much larger than the form's nothing.
    Finished(Box<ActiveReinstall>, Outcome),
    /// The plan the page went away from (deleting its snapshot).
    Kept(Box<KeptPlan>),
}

/// What the form shows above it after an attempt.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// The API refused the reinstall (not about one field).
    Refused(ApiError),
    /// An intent the flow refused, and why (a review while the instance runs, a protected
    /// instance).
    Blocked(Violation),
    /// A power-off that did not happen.
    PowerOff(PowerResult),
    /// How the last rollback or delete ended.
    Undo(UndoEnd),
    /// The caller's session does not permit what was asked: why (the grant's sentence).
    NotAllowed(String),
    /// A kept plan is back in the form: its password was not kept and must be typed again.
    PasswordAgain,
    /// Another tab of this browser confirmed a reinstall of this instance.
    OtherTab,
}

pub type Step = (Panel, Vec<Command>);

impl Panel {
    /// A panel opened on the form, or (after a reload) on a reinstall that was running.
    pub fn new(instance: InstanceInfo, resumed: Option<ActiveReinstall>) -> Panel {
        Panel {
            instance,
            activity: resumed.map_or(Activity::Editing(None), Activity::Watching),
            spare: None,
            elsewhere: false,
        }
    }

    /// A panel doing `activity` (for tests and replays).
    pub fn doing(instance: InstanceInfo, activity: Activity) -> Panel {
        Panel {
            activity,
            ..Panel::new(instance, None)
        }
    }

    pub fn instance_id(&self) -> &str {
        &self.instance.instance_id
    }

    /// Whether the form is open (changes typed into it are not sent yet).
    pub fn form_is_open(&self) -> bool {
        matches!(
            self.activity,
            Activity::Editing(_)
                | Activity::Reviewing(_)
                | Activity::Stale { .. }
                | Activity::NotStarted { .. }
                | Activity::PoweringOff(_)
                | Activity::Undoing {
                    after: After::Form,
                    ..
                }
        )
    }

    /// The reinstall being watched or finished, and its outcome once it ended.
    pub fn reinstall(&self) -> Option<(&ActiveReinstall, Option<Outcome>)> {
        match &self.activity {
            Activity::Watching(active) => Some((active, None)),
            Activity::Finished {
                active, outcome, ..
            } => Some((active, Some(*outcome))),
            Activity::Undoing {
                after: After::Finished(active, outcome),
                ..
            } => Some((active, Some(*outcome))),
            _ => None,
        }
    }

    /// How the last undo ended, where it is still shown.
    pub fn undo_end(&self) -> Option<&UndoEnd> {
        match &self.activity {
            Activity::Editing(Some(Notice::Undo(end)))
            | Activity::Finished {
                undone: Some(end), ..
            } => Some(end),
            _ => None,
        }
    }

    fn with(&self, activity: Activity) -> Panel {
        Panel {
            activity,
            ..self.clone()
        }
    }

    /// The instance's protection, as a refusal.
    fn protected(&self, env: Env<'_>) -> Option<Violation> {
        zec_api::rules::protection(&self.instance, env.policy)
            .map(|by| Violation::Protected(vec![(self.instance.instance_id.clone(), by)]))
    }
}
