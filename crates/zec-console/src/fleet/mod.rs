//! Reinstalling many instances with one plan, as one state value and one transition
//! function: `update(stage, event)` returns the next stage and the commands its owner runs.
//! `plan` checks the plan per instance and freezes it (`reviewed`, with what it changes per
//! instance: `review`); `snapshots` takes every boot disk's snapshot first; `batch` follows
//! the ResetInstances calls row by row; `running` and `undo` are the finished table's
//! retry, rollback and delete; `kept` is what a reload resumes from.
//!
//! ```text
//! Selecting ──Plan──▶ Planning ──Review──▶ Reviewing ──Confirm──▶ Snapshotting ──all AVAILABLE──▶ Running
//!     ▲                 │ Back   ▲ Cancel,     │  (no snapshots) ─────────────────────────────────▲  │ Done
//!     └─────────────────┘        │ ReviewAgain │                    one failed: LeaveOutFailed ──▶ Reviewing
//!                                └─────────────┘                                StopSnapshots ──▶ Planning
//! ```
//!
//! While planning, the instances that block the plan and can be powered off are, by the one
//! power-off machine (`power_off`). ResetInstances is sent only by Confirm in `Reviewing`
//! (nothing to snapshot, or every snapshot already taken) and by the last snapshot becoming
//! AVAILABLE in `Snapshotting` — never when an instance changed since the review.

pub mod batch;
pub mod changed;
pub mod delete;
pub mod kept;
mod messages;
pub mod plan;
pub mod review;
pub mod reviewed;
pub mod running;
pub mod snapshots;
pub mod undo;
pub mod words;

pub use messages::{Command, Event};

use crate::fleet::snapshots::Next;
use crate::plan::TakenSnapshot;
use crate::power_off::{PowerEnd, PowerEvent, PowerOff, PowerResult};
use batch::Batch;
use changed::Changes;
use delete::Deletion;
use plan::FleetPlan;
use snapshots::Snapshots;

#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    /// The instance list, where instances are selected.
    Selecting,
    /// One plan for the selected instances: the power-off of the blocking ones under way,
    /// what the last step left to say, and snapshots an earlier plan of these instances took
    /// (the next review uses them instead of taking new ones; they can be deleted).
    Planning {
        power_off: Option<Box<PowerOff>>,
        notice: Option<Notice>,
        spare: Vec<(String, TakenSnapshot)>,
        deleting: Option<Box<Deletion>>,
    },
    /// The dialog shows the frozen plan, and the instances seen changed since. (The plans
    /// are boxed: much larger than the list's nothing.)
    Reviewing(Box<Review>),
    /// The snapshot of every boot disk, before anything is erased.
    Snapshotting(Box<Snapshots>),
    Running(Box<Batch>),
}

/// A frozen plan in its dialog; Confirm is refused while an instance changed since.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    pub plan: FleetPlan,
    pub changes: Changes,
}

impl Review {
    pub fn new(plan: FleetPlan) -> Review {
        Review {
            plan,
            changes: Changes::default(),
        }
    }
}

/// What the plan says above the form after a step.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// A power-off that did not happen.
    PowerOff(PowerResult),
    /// These instances (by name) were left out after their snapshot failed.
    LeftOut(Vec<String>),
    /// How deleting the spare snapshots ended: how many went, and why others did not.
    SpareDeleted { deleted: usize, failed: Vec<String> },
}

impl Stage {
    pub fn planning() -> Stage {
        Stage::planning_with(None, vec![])
    }

    fn planning_with(notice: Option<Notice>, spare: Vec<(String, TakenSnapshot)>) -> Stage {
        Stage::Planning {
            power_off: None,
            notice,
            spare,
            deleting: None,
        }
    }
}

pub fn update(stage: &Stage, event: Event) -> (Stage, Vec<Command>) {
    use Event::*;
    use Stage::*;
    match (stage, event) {
        (Selecting, Plan) => (Stage::planning(), vec![]),
        (Planning { .. }, event) => planning(stage, event),
        (Reviewing(review), event) => reviewing(review, event),
        (Snapshotting(snapshots), event) => snapshotting(snapshots, event),
        (Running(_), Leave) => (Selecting, vec![Command::ClearSelection]),
        (Running(batch), event) => running::step(batch, event),
        (stage, _) => (stage.clone(), vec![]),
    }
}

/// Confirm (or the last snapshot AVAILABLE): the snapshots still to take, else the batch.
fn go(plan: &FleetPlan, changes: Changes) -> (Stage, Vec<Command>) {
    let all_taken = (plan.targets.iter())
        .filter(|t| t.snapshot.is_some())
        .all(|t| plan.taken_of(&t.instance_id).is_some());
    if all_taken {
        let (batch, commands) = Batch::start(plan);
        return (Stage::Running(Box::new(batch)), commands);
    }
    let (next, commands) = Snapshots::start(plan, changes);
    (settled(next), commands)
}

fn settled(next: Next) -> Stage {
    match next {
        Next::Same(snapshots) => Stage::Snapshotting(Box::new(snapshots)),
        Next::Stale(review) => Stage::Reviewing(Box::new(review)),
        Next::Send(_) => unreachable!("sent by the caller"),
    }
}

fn reviewing(review: &Review, event: Event) -> (Stage, Vec<Command>) {
    let mut review = Box::new(review.clone());
    match event {
        Event::Cancel | Event::ReviewAgain => (
            Stage::planning_with(None, review.plan.taken.clone()),
            vec![Command::FocusReview],
        ),
        Event::Confirm if review.changes.is_empty() => go(&review.plan, Changes::default()),
        Event::Status {
            instance_id,
            status,
        } => {
            if let Some(target) = review.plan.target(&instance_id) {
                let frozen = target.frozen.clone();
                review.changes.status(&instance_id, &frozen, &status);
            }
            (Stage::Reviewing(review), vec![])
        }
        Event::OtherTab { instance_id, holds } if review.plan.target(&instance_id).is_some() => {
            review.changes.other_tab(&instance_id, holds);
            (Stage::Reviewing(review), vec![])
        }
        _ => (Stage::Reviewing(review), vec![]),
    }
}

fn snapshotting(snapshots: &Snapshots, event: Event) -> (Stage, Vec<Command>) {
    let mut s = snapshots.clone();
    let commands = match event {
        Event::SnapshotCreated {
            instance_id,
            answer,
        } => s.created(&instance_id, answer),
        Event::SnapshotFound { instance_id, found } => s.found(&instance_id, found),
        Event::SnapshotsRead(read) => s.read(read),
        Event::CheckAgain(id) => s.check_again(Some(&id)),
        Event::Online => s.check_again(None),
        Event::RetrySnapshot(id) => s.retry(&id),
        Event::Status {
            instance_id,
            status,
        } => {
            if let Some(target) = s.plan.target(&instance_id) {
                let frozen = target.frozen.clone();
                s.changes.status(&instance_id, &frozen, &status);
            }
            vec![]
        }
        Event::OtherTab { instance_id, holds } if s.plan.target(&instance_id).is_some() => {
            s.changes.other_tab(&instance_id, holds);
            vec![]
        }
        Event::LeaveOutFailed if s.is_settled() && !s.interrupted && !s.failed().is_empty() => {
            return leave_out(&s);
        }
        Event::StopSnapshots if s.is_settled() => {
            let again = s.interrupted.then(|| Command::PlanAgain {
                ids: s.plan.ids(),
                form: Box::new(s.plan.form.clone()),
            });
            return (
                Stage::planning_with(None, s.taken()),
                again.into_iter().collect(),
            );
        }
        _ => vec![],
    };
    match s.settle() {
        Next::Send(plan) => {
            let (batch, sends) = Batch::start(&plan);
            let commands = commands.into_iter().chain(sends).collect();
            (Stage::Running(Box::new(batch)), commands)
        }
        next => (settled(next), commands),
    }
}

/// The instances whose snapshot failed leave the plan: the rest is a new plan to review,
/// with the snapshots already taken.
fn leave_out(s: &Snapshots) -> (Stage, Vec<Command>) {
    let failed = s.failed();
    let names = failed.iter().map(|id| s.plan.name_of(id)).collect();
    let plan = FleetPlan {
        taken: s.taken(),
        ..s.plan.without(&failed)
    };
    let deselect = Command::Deselect(failed.clone());
    if plan.targets.is_empty() {
        let stage = Stage::planning_with(Some(Notice::LeftOut(names)), vec![]);
        return (stage, vec![deselect]);
    }
    let mut changes = s.changes.clone();
    changes.0.retain(|(id, _)| !failed.contains(id));
    (
        Stage::Reviewing(Box::new(Review { plan, changes })),
        vec![deselect],
    )
}

fn planning(stage: &Stage, event: Event) -> (Stage, Vec<Command>) {
    let Stage::Planning {
        power_off,
        notice,
        spare,
        deleting,
    } = stage
    else {
        unreachable!("called in Planning");
    };
    let with = |power_off: Option<PowerOff>, notice: Option<Notice>, deleting: Option<Deletion>| {
        Stage::Planning {
            power_off: power_off.map(Box::new),
            notice,
            spare: spare.clone(),
            deleting: deleting.map(Box::new),
        }
    };
    let idle = power_off.is_none() && deleting.is_none();
    match event {
        Event::Back => (Stage::Selecting, vec![]),
        // Reviewed only once no power-off or delete is under way (the button waits too).
        Event::Review(plan) if idle => {
            let review = Review::new(plan.reusing(spare));
            (Stage::Reviewing(Box::new(review)), vec![])
        }
        Event::AskPowerOff(ids) if idle && !ids.is_empty() => {
            (with(Some(PowerOff::ask(ids)), None, None), vec![])
        }
        Event::DeleteSpare if idle && !spare.is_empty() => {
            let ids: Vec<String> = spare.iter().map(|(_, t)| t.snapshot_id.clone()).collect();
            let (deletion, commands) = Deletion::start(&ids);
            (with(None, None, Some(deletion)), commands)
        }
        event if deleting.is_some() => {
            let mut deletion = *deleting.clone().expect("checked");
            let commands = match event {
                Event::DeleteAnswered { ids, answer } => deletion.answered(&ids, answer),
                Event::DeletedRead { ids, found } => deletion.read(&ids, found),
                Event::CheckUndoAgain | Event::Online => deletion.check_again(),
                _ => vec![],
            };
            if !deletion.is_done() {
                return (with(None, notice.clone(), Some(deletion)), commands);
            }
            let gone = |taken: &TakenSnapshot| {
                (deletion.ended.iter()).any(|(id, end)| *id == taken.snapshot_id && end.is_ok())
            };
            let failed: Vec<String> = (deletion.ended.iter())
                .filter_map(|(_, end)| end.clone().err())
                .collect();
            let notice = Notice::SpareDeleted {
                deleted: spare.iter().filter(|(_, t)| gone(t)).count(),
                failed,
            };
            let left = spare.iter().filter(|(_, t)| !gone(t)).cloned().collect();
            (Stage::planning_with(Some(notice), left), commands)
        }
        event => match (power_off, power_event(event)) {
            (Some(power_off), Some(event)) => {
                let (next, commands) = power_off.update(event);
                let commands = commands.into_iter().map(Command::PowerOff).collect();
                let (power_off, notice) = match next {
                    Ok(power_off) => (Some(power_off), None),
                    Err(PowerEnd::NotDone(result)) => (None, Some(Notice::PowerOff(result))),
                    Err(PowerEnd::Cancelled | PowerEnd::Stopped) => (None, None),
                };
                (with(power_off, notice, None), commands)
            }
            _ => (stage.clone(), vec![]),
        },
    }
}

/// The fleet's events that concern its power-off.
pub(crate) fn power_event(event: Event) -> Option<PowerEvent> {
    Some(match event {
        Event::SetForce(force) => PowerEvent::SetForce(force),
        Event::CancelPowerOff => PowerEvent::Cancel,
        Event::ConfirmPowerOff => PowerEvent::Confirm,
        Event::StopAnswered { ids, answer } => PowerEvent::StopAnswered { ids, answer },
        Event::StatusesFound(found) => PowerEvent::StatusesFound(found),
        Event::Status {
            instance_id,
            status,
        } => PowerEvent::Status {
            instance_id,
            status,
        },
        Event::CheckPowerOffAgain | Event::CheckUndoAgain | Event::Online => PowerEvent::CheckAgain,
        _ => return None,
    })
}
