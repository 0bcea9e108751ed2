//! Undoing a reinstall: rolling the boot disk back to a snapshot, or deleting a snapshot. It
//! asks first, powers the instance off when needed (the one power-off machine), sends
//! ApplySnapshot or DeleteSnapshots once, follows the snapshot until the rollback is done,
//! and resolves a lost answer by reading the snapshot (`resolve`), never by sending again.

use crate::i18n::{word, Id};
use zec_api::live::WidgetEvent;
use zec_api::wire::{ApplySnapshotRequest, SnapshotInfo};
use zec_api::{InstanceStatus, SnapshotStatus};

use super::snapshot::SNAPSHOT_POLL_MS as POLL_MS;
use super::{Activity, After, Command, Event, Notice, Panel, SnapshotRef, Step};
use crate::error::ApiError;
use crate::power_off::{PowerEnd, PowerEvent, PowerOff};
use crate::resolve::Resolver;

/// The snapshot an undo acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UndoTarget {
    pub snapshot_id: String,
    pub snapshot_name: String,
    pub disk_id: String,
    /// When it was taken, as the user reads it.
    pub taken: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Undo {
    /// The roll-back confirmation is open.
    AskingRollback(UndoTarget),
    AskingDelete(UndoTarget),
    /// The instance is powering off first.
    PoweringOff(UndoTarget, PowerOff),
    Applying(UndoTarget),
    /// The ApplySnapshot answer was lost: reading the snapshot to see.
    ResolvingRollback(UndoTarget, Resolver),
    RollingBack(UndoTarget),
    Deleting(UndoTarget),
    /// The DeleteSnapshots answer was lost: reading the snapshot to see.
    ResolvingDelete(UndoTarget, Resolver),
}

impl Undo {
    pub fn target(&self) -> &UndoTarget {
        match self {
            Undo::AskingRollback(t)
            | Undo::AskingDelete(t)
            | Undo::PoweringOff(t, _)
            | Undo::Applying(t)
            | Undo::ResolvingRollback(t, _)
            | Undo::RollingBack(t)
            | Undo::Deleting(t)
            | Undo::ResolvingDelete(t, _) => t,
        }
    }

    /// Why a lost answer could not be resolved yet ("Check again").
    pub fn waiting(&self) -> Option<&ApiError> {
        match self {
            Undo::ResolvingRollback(_, asking) | Undo::ResolvingDelete(_, asking) => {
                asking.waiting()
            }
            Undo::PoweringOff(_, PowerOff::Resolving { asking, .. }) => asking.waiting(),
            _ => None,
        }
    }
}

/// How an undo ended.
#[derive(Clone, Debug, PartialEq)]
pub enum UndoEnd {
    Cancelled,
    RolledBack(UndoTarget),
    Deleted(UndoTarget),
    /// It did not happen, and why.
    NotDone(String),
}

/// "Roll back…" or "Delete…": the confirmation.
pub(super) fn ask(panel: &Panel, target: UndoTarget, rollback: bool, after: After) -> Step {
    let undo = match rollback {
        true => Undo::AskingRollback(target),
        false => Undo::AskingDelete(target),
    };
    (panel.with(Activity::Undoing { undo, after }), vec![])
}

fn read(target: &UndoTarget, delay_ms: u32) -> Command {
    Command::ReadSnapshot {
        snapshot: SnapshotRef::Id(target.snapshot_id.clone()),
        delay_ms,
    }
}

fn apply(target: &UndoTarget) -> (Undo, Vec<Command>) {
    let request = ApplySnapshotRequest {
        snapshot_id: target.snapshot_id.clone(),
        disk_id: target.disk_id.clone(),
    };
    (
        Undo::Applying(target.clone()),
        vec![Command::Apply(request)],
    )
}

pub(super) fn update(panel: &Panel, undo: &Undo, after: &After, event: Event) -> Step {
    let (next, commands) = step(panel, undo, event);
    let activity = match next {
        Ok(undo) => Activity::Undoing {
            undo,
            after: after.clone(),
        },
        Err(end) => back(after, end),
    };
    (panel.with(activity), commands)
}

/// Back where the undo started, with how it ended.
fn back(after: &After, end: UndoEnd) -> Activity {
    let shown = || (end != UndoEnd::Cancelled).then(|| end.clone());
    match after {
        After::Form => Activity::Editing(shown().map(Notice::Undo)),
        After::Finished(active, outcome) => Activity::Finished {
            active: (**active).clone(),
            outcome: *outcome,
            undone: shown(),
        },
        After::Kept(kept) => super::recover::after_undo(kept, end),
    }
}

type UndoStep = (Result<Undo, UndoEnd>, Vec<Command>);

fn step(panel: &Panel, undo: &Undo, event: Event) -> UndoStep {
    use Undo::*;
    let not_done = |sentence: &str| (Err(UndoEnd::NotDone(sentence.to_owned())), vec![]);
    let failed = |error: ApiError| (Err(UndoEnd::NotDone(error.describe())), vec![]);
    let same = || (Ok(undo.clone()), vec![]);
    match (undo, event) {
        (AskingRollback(_) | AskingDelete(_) | PoweringOff(..), Event::Cancel) => {
            (Err(UndoEnd::Cancelled), vec![])
        }
        (AskingRollback(target), Event::Confirm)
            if panel.instance.status == InstanceStatus::Stopped =>
        {
            let (undo, commands) = apply(target);
            (Ok(undo), commands)
        }
        (AskingRollback(target), Event::Confirm) => {
            let (power_off, commands) = PowerOff::send(&[panel.instance_id().to_owned()], false);
            let commands = commands.into_iter().map(Command::PowerOff).collect();
            (Ok(PoweringOff(target.clone(), power_off)), commands)
        }
        (PoweringOff(target, power_off), event) => {
            let Some(event) = power_event(panel, event) else {
                return same();
            };
            let (next, commands) = power_off.update(event);
            let mut commands: Vec<Command> = commands.into_iter().map(Command::PowerOff).collect();
            match next {
                Ok(power_off) => (Ok(PoweringOff(target.clone(), power_off)), commands),
                Err(PowerEnd::Stopped) => {
                    let (undo, apply) = apply(target);
                    commands.extend(apply);
                    (Ok(undo), commands)
                }
                Err(PowerEnd::NotDone(result)) => match result.errors.first() {
                    Some(error) => failed(error.clone()),
                    None => not_done(&word(Id::UndoNotPoweredOff)),
                },
                Err(PowerEnd::Cancelled) => (Err(UndoEnd::Cancelled), commands),
            }
        }
        (Applying(target), Event::ApplyAnswered(Ok(_))) => {
            (Ok(RollingBack(target.clone())), vec![read(target, POLL_MS)])
        }
        (Applying(target), Event::ApplyAnswered(Err(error))) if error.outcome_unknown() => {
            let (asking, delay_ms) = Resolver::start();
            let undo = ResolvingRollback(target.clone(), asking);
            (Ok(undo), vec![read(target, delay_ms)])
        }
        (Applying(_), Event::ApplyAnswered(Err(error))) => failed(error),
        (ResolvingRollback(target, _), Event::SnapshotSeen(Ok(Some(snapshot)))) => {
            match snapshot.status {
                SnapshotStatus::RollingBack => {
                    (Ok(RollingBack(target.clone())), vec![read(target, POLL_MS)])
                }
                // Unchanged: it did not start (rolling back again needs a new confirmation).
                _ => not_done(&word(Id::RollbackDidNotStart)),
            }
        }
        (ResolvingRollback(..) | RollingBack(_), Event::SnapshotSeen(Ok(None))) => {
            not_done(&word(Id::SnapshotNoLongerListed))
        }
        (RollingBack(target), Event::SnapshotSeen(Err(_))) => {
            // Following the progress: reading is safe, so read again.
            (Ok(undo.clone()), vec![read(target, POLL_MS)])
        }
        (RollingBack(target), Event::SnapshotSeen(Ok(Some(snapshot)))) => {
            rolling_back(panel, target, &snapshot)
        }
        (AskingDelete(target), Event::Confirm) => (
            Ok(Deleting(target.clone())),
            vec![Command::Delete(target.snapshot_id.clone())],
        ),
        (Deleting(target), Event::DeleteAnswered(Ok(failed))) if failed.is_empty() => (
            Err(UndoEnd::Deleted(target.clone())),
            vec![Command::RefreshSnapshots],
        ),
        (Deleting(_), Event::DeleteAnswered(Ok(_))) => not_done(&word(Id::CouldNotDelete)),
        (Deleting(target), Event::DeleteAnswered(Err(error))) if error.outcome_unknown() => {
            let (asking, delay_ms) = Resolver::start();
            let undo = ResolvingDelete(target.clone(), asking);
            (Ok(undo), vec![read(target, delay_ms)])
        }
        (Deleting(_), Event::DeleteAnswered(Err(error))) => failed(error),
        // After a lost delete answer: gone or going means deleted.
        (ResolvingDelete(target, _), Event::SnapshotSeen(Ok(seen))) => {
            match seen.map(|s| s.status) {
                None | Some(SnapshotStatus::Deleting) => (
                    Err(UndoEnd::Deleted(target.clone())),
                    vec![Command::RefreshSnapshots],
                ),
                Some(_) => not_done(&word(Id::SnapshotNotDeleted)),
            }
        }
        (
            ResolvingRollback(target, asking) | ResolvingDelete(target, asking),
            Event::SnapshotSeen(Err(error)),
        ) => {
            let (asking, delay) = asking.failed(error);
            let commands = delay.map(|d| read(target, d)).into_iter().collect();
            (Ok(resolving(undo, asking)), commands)
        }
        (
            ResolvingRollback(target, asking) | ResolvingDelete(target, asking),
            Event::CheckAgain | Event::Online,
        ) => {
            let (asking, delay) = asking.again();
            let commands = delay.map(|d| read(target, d)).into_iter().collect();
            (Ok(resolving(undo, asking)), commands)
        }
        _ => same(),
    }
}

/// The same resolving step with the resolver moved on.
fn resolving(undo: &Undo, asking: Resolver) -> Undo {
    match undo {
        Undo::ResolvingDelete(target, _) => Undo::ResolvingDelete(target.clone(), asking),
        _ => Undo::ResolvingRollback(undo.target().clone(), asking),
    }
}

/// Rolling back until the snapshot is no longer ROLLING_BACK: then the instance has its
/// earlier image and name again.
fn rolling_back(panel: &Panel, target: &UndoTarget, snapshot: &SnapshotInfo) -> UndoStep {
    if snapshot.status == SnapshotStatus::RollingBack {
        return (
            Ok(Undo::RollingBack(target.clone())),
            vec![read(target, POLL_MS)],
        );
    }
    let detail = zec_api::live::WidgetEventDetail {
        instance_id: panel.instance_id().to_owned(),
        status: SnapshotStatus::Available.to_string(),
        request_id: target.snapshot_id.clone(),
    };
    (
        Err(UndoEnd::RolledBack(target.clone())),
        vec![
            Command::RefreshInstance,
            Command::Announce(WidgetEvent::RollbackFinished, detail),
            Command::RefreshSnapshots,
        ],
    )
}

/// The session's events that concern the power-off before a rollback.
fn power_event(panel: &Panel, event: Event) -> Option<PowerEvent> {
    Some(match event {
        Event::StopAnswered { ids, answer } => PowerEvent::StopAnswered { ids, answer },
        Event::StatusesFound(found) => PowerEvent::StatusesFound(found),
        Event::Status(status) => PowerEvent::Status {
            instance_id: panel.instance_id().to_owned(),
            status,
        },
        Event::CheckAgain | Event::Online => PowerEvent::CheckAgain,
        _ => return None,
    })
}
