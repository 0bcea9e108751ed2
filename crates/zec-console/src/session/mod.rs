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
//! taken) and by the snapshot reaching AVAILABLE (`Snapshotting`); nothing else sends it.

mod messages;
mod reinstall;
mod snapshot;
mod undo;

pub use snapshot::{FIRST_SNAPSHOT_READ_MS, SNAPSHOT_POLL_MS};

use zec_api::grant::Permission;
use zec_api::rules::{Field, Violation};
use zec_api::wire::InstanceInfo;
use zec_api::InstanceStatus;

pub use crate::active::{ActiveReinstall, Outcome};
use crate::error::ApiError;
use crate::plan::ReinstallPlan;
use crate::power_off::{PowerEnd, PowerEvent, PowerOff, PowerResult};
use crate::resolve::Resolver;
pub use messages::{Command, Env, Event, FocusTarget, SnapshotRef};
pub use undo::{Undo, UndoEnd, UndoTarget};

/// Everything the flow knows about one instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    /// The instance as last seen: loaded, then updated by the status stream and re-reads.
    pub instance: InstanceInfo,
    pub activity: Activity,
}

/// What is going on. Each variant holds exactly what it needs.
#[derive(Clone, Debug, PartialEq)]
pub enum Activity {
    /// The form is open; what the last attempt left to say, if anything.
    Editing(Option<Notice>),
    /// The dialog shows the frozen plan.
    Reviewing(ReinstallPlan),
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
}

pub type Step = (Panel, Vec<Command>);

impl Panel {
    /// A panel opened on the form, or (after a reload) on a reinstall that was running.
    pub fn new(instance: InstanceInfo, resumed: Option<ActiveReinstall>) -> Panel {
        Panel {
            instance,
            activity: resumed.map_or(Activity::Editing(None), Activity::Watching),
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
            instance: self.instance.clone(),
            activity,
        }
    }
}

/// The next state and the commands to run. An event that does not apply to the activity
/// changes nothing: a second Confirm while submitting sends nothing.
pub fn update(panel: &Panel, event: Event, env: Env<'_>) -> Step {
    use Activity::*;
    let mut panel = panel.clone();
    // The instance's own facts first, the same whatever is going on; a status that did not
    // change is no event.
    let seen = panel.instance.status.clone();
    let event = match event {
        Event::InstanceRead(instance) => {
            panel.instance = *instance;
            match panel.instance.status == seen {
                true => return (panel, vec![]),
                false => Event::Status(panel.instance.status.clone()),
            }
        }
        Event::Status(status) if status == seen => return (panel, vec![]),
        Event::Status(status) => {
            panel.instance.status = status.clone();
            Event::Status(status)
        }
        event => event,
    };
    match (&panel.activity, event) {
        (Editing(_), Event::Review(review)) => review_asked(&panel, review, env),
        (Editing(Some(_)), Event::Dismiss) => (panel.with(Editing(None)), vec![]),
        (Editing(_), Event::AskPowerOff) if panel.instance.status != InstanceStatus::Stopped => {
            match env.permits.check(Permission::Power) {
                Ok(()) => {
                    let ids = vec![panel.instance.instance_id.clone()];
                    (panel.with(PoweringOff(PowerOff::ask(ids))), vec![])
                }
                Err(why) => not_allowed(&panel, why),
            }
        }
        (Editing(_), Event::AskRollback(target)) => {
            undo_asked(&panel, target, true, After::Form, env)
        }
        (Editing(_), Event::AskDelete(target)) => {
            undo_asked(&panel, target, false, After::Form, env)
        }
        (
            Finished {
                active, outcome, ..
            },
            Event::AskRollback(target),
        ) => {
            let after = After::Finished(Box::new(active.clone()), *outcome);
            undo_asked(&panel, target, true, after, env)
        }
        (
            Finished {
                active, outcome, ..
            },
            Event::AskDelete(target),
        ) => {
            let after = After::Finished(Box::new(active.clone()), *outcome);
            undo_asked(&panel, target, false, after, env)
        }
        (PoweringOff(power_off), event) => match power_event(event, &panel) {
            Some(event) => powering_off(&panel, power_off, event),
            None => (panel.clone(), vec![]),
        },
        (Undoing { undo, after }, event) => undo::update(&panel, undo, after, event),
        (_, event) => reinstall::update(&panel, event, env),
    }
}

/// Opens the panel: on the form, or (after a reload) on a reinstall that was running, which
/// may have ended while nobody watched.
pub fn start(instance: InstanceInfo, resumed: Option<ActiveReinstall>, env: Env<'_>) -> Step {
    let status = instance.status.clone();
    let panel = Panel::new(instance, resumed);
    match &panel.activity {
        Activity::Watching(_) => reinstall::update(&panel, Event::Status(status), env),
        _ => (panel, vec![]),
    }
}

/// "Review": guards first (the plan is sound, the instance is STOPPED and not protected),
/// then the dialog.
fn review_asked(
    panel: &Panel,
    review: Result<Box<ReinstallPlan>, Vec<Field>>,
    env: Env<'_>,
) -> Step {
    let plan = match review {
        Ok(plan) => plan,
        Err(fields) => {
            let focus = fields
                .first()
                .map(|f| Command::Focus(FocusTarget::Field(*f)));
            return (panel.clone(), focus.into_iter().collect());
        }
    };
    if let Err(why) = env.permits.reinstall(plan.snapshot.is_some()) {
        return not_allowed(panel, why);
    }
    let instance = &panel.instance;
    let blocked = zec_api::rules::protection(instance, env.policy)
        .map(|by| Violation::Protected(vec![(instance.instance_id.clone(), by)]))
        .or_else(|| zec_api::rules::check_instance_status(&instance.status).err());
    match blocked {
        Some(why) => (
            panel.with(Activity::Editing(Some(Notice::Blocked(why)))),
            vec![],
        ),
        None => (panel.with(Activity::Reviewing(*plan)), vec![]),
    }
}

/// The form with the reason the caller's session does not permit what was asked.
fn not_allowed(panel: &Panel, why: String) -> Step {
    (
        panel.with(Activity::Editing(Some(Notice::NotAllowed(why)))),
        vec![],
    )
}

/// "Roll back…" or "Delete…", when the session permits it (a rollback of a running instance
/// powers it off first, so it needs `power` too); else why not, where the undo started.
fn undo_asked(
    panel: &Panel,
    target: UndoTarget,
    rollback: bool,
    after: After,
    env: Env<'_>,
) -> Step {
    let permitted = match rollback {
        true => env.permits.rollback(&panel.instance.status),
        false => env.permits.check(Permission::Snapshot),
    };
    match (permitted, after) {
        (Ok(()), after) => undo::ask(panel, target, rollback, after),
        (Err(why), After::Form) => not_allowed(panel, why),
        (Err(why), After::Finished(active, outcome)) => {
            let activity = Activity::Finished {
                active: *active,
                outcome,
                undone: Some(UndoEnd::NotDone(why)),
            };
            (panel.with(activity), vec![])
        }
    }
}

/// The session's events that concern a power-off; a status is about this instance.
fn power_event(event: Event, panel: &Panel) -> Option<PowerEvent> {
    Some(match event {
        Event::SetForce(force) => PowerEvent::SetForce(force),
        Event::Cancel => PowerEvent::Cancel,
        Event::Confirm => PowerEvent::Confirm,
        Event::StopAnswered { ids, answer } => PowerEvent::StopAnswered { ids, answer },
        Event::StatusesFound(found) => PowerEvent::StatusesFound(found),
        Event::Status(status) => PowerEvent::Status {
            instance_id: panel.instance.instance_id.clone(),
            status,
        },
        Event::CheckAgain | Event::Online => PowerEvent::CheckAgain,
        _ => return None,
    })
}

/// The panel's own power-off: back to the form once STOPPED (focus on it), or with what did
/// not happen.
fn powering_off(panel: &Panel, power_off: &PowerOff, event: PowerEvent) -> Step {
    let (next, commands) = power_off.update(event);
    let mut commands: Vec<Command> = commands.into_iter().map(Command::PowerOff).collect();
    let activity = match next {
        Ok(power_off) => Activity::PoweringOff(power_off),
        Err(PowerEnd::Cancelled) => {
            commands.push(Command::Focus(FocusTarget::PowerButton));
            Activity::Editing(None)
        }
        Err(PowerEnd::Stopped) => {
            commands.push(Command::Focus(FocusTarget::Form));
            Activity::Editing(None)
        }
        Err(PowerEnd::NotDone(result)) => Activity::Editing(Some(Notice::PowerOff(result))),
    };
    (panel.with(activity), commands)
}
