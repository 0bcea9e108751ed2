//! Undoing a reinstall: rolling the boot disk back to a snapshot, or deleting a snapshot, as
//! a small state machine beside `flow`. It asks first, powers the instance off when needed,
//! sends ApplySnapshot once, follows the snapshot until the rollback is done, and resolves a
//! lost answer by asking the API. Pure, tested without a DOM.

use zec_api::wire::{ApplySnapshotRequest, SnapshotInfo};
use zec_api::{InstanceStatus, SnapshotStatus};

use crate::api::ApiError;

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
    /// Nothing asked; why the last attempt did not happen, if it did not.
    Idle(Option<String>),
    /// The roll-back confirmation is open.
    AskingRollback(UndoTarget),
    /// The instance is powering off first.
    PoweringOff(UndoTarget),
    Applying(UndoTarget),
    /// The ApplySnapshot answer was lost: reading the snapshot to see.
    ResolvingRollback(UndoTarget),
    RollingBack(UndoTarget),
    RolledBack(UndoTarget),
    AskingDelete(UndoTarget),
    Deleting(UndoTarget),
    Deleted(UndoTarget),
}

#[derive(Clone, Debug, PartialEq)]
pub enum UndoEvent {
    AskRollback(UndoTarget),
    AskDelete(UndoTarget),
    Cancel,
    /// Confirmed, with the instance's status now.
    Confirm(InstanceStatus),
    StopAnswered(Result<Vec<String>, ApiError>),
    Status(InstanceStatus),
    ApplyAnswered(Result<String, ApiError>),
    DeleteAnswered(Result<Vec<String>, ApiError>),
    /// The snapshot as the API lists it now (`None`: not listed).
    SnapshotSeen(Result<Option<SnapshotInfo>, ApiError>),
    Dismiss,
}

#[derive(Clone, Debug, PartialEq)]
pub enum UndoCommand {
    Stop,
    Apply(ApplySnapshotRequest),
    Delete(String),
    ReadSnapshot {
        snapshot_id: String,
        delay_ms: u32,
    },
    /// The instance's image and name came back: re-read it.
    RefreshInstance,
    /// Tell the embedding page (`rollback-finished`).
    AnnounceRolledBack(String),
    RefreshSnapshots,
}

const POLL_MS: u32 = 2000;

fn apply(target: &UndoTarget) -> (Undo, Vec<UndoCommand>) {
    let request = ApplySnapshotRequest {
        snapshot_id: target.snapshot_id.clone(),
        disk_id: target.disk_id.clone(),
    };
    (
        Undo::Applying(target.clone()),
        vec![UndoCommand::Apply(request)],
    )
}

fn read(target: &UndoTarget, delay_ms: u32) -> UndoCommand {
    UndoCommand::ReadSnapshot {
        snapshot_id: target.snapshot_id.clone(),
        delay_ms,
    }
}

/// The sentence shown for a failed step: the API's code and message, and its request id.
fn describe(error: &ApiError) -> String {
    let code = error
        .code()
        .map(|code| format!("{code}: "))
        .unwrap_or_default();
    let request = error
        .request_id()
        .map(|id| format!(" (request id {id})"))
        .unwrap_or_default();
    format!("{code}{}{request}", error.message())
}

pub fn update_undo(undo: &Undo, event: UndoEvent) -> (Undo, Vec<UndoCommand>) {
    use Undo::*;
    use UndoEvent::*;
    let idle = |error: ApiError| (Idle(Some(describe(&error))), vec![]);
    let not_done = |sentence: &str| (Idle(Some(sentence.to_owned())), vec![]);
    match (undo, event) {
        (Idle(_) | RolledBack(_) | Deleted(_), AskRollback(target)) => {
            (AskingRollback(target), vec![])
        }
        (Idle(_) | RolledBack(_) | Deleted(_), AskDelete(target)) => (AskingDelete(target), vec![]),
        (AskingRollback(_) | AskingDelete(_), Cancel) => (Idle(None), vec![]),
        (AskingRollback(target), Confirm(InstanceStatus::Stopped)) => apply(target),
        (AskingRollback(target), Confirm(_)) => {
            (PoweringOff(target.clone()), vec![UndoCommand::Stop])
        }
        (PoweringOff(_), StopAnswered(Ok(failed))) if !failed.is_empty() => {
            not_done("The instance could not be powered off; nothing was rolled back.")
        }
        // Sent (or perhaps sent): the status subscription says when it is STOPPED.
        (PoweringOff(_), StopAnswered(Err(error))) if !error.outcome_unknown() => idle(error),
        (PoweringOff(_), Cancel) => (Idle(None), vec![]),
        (PoweringOff(target), Status(InstanceStatus::Stopped)) => apply(target),
        (Applying(target), ApplyAnswered(Ok(_))) => {
            (RollingBack(target.clone()), vec![read(target, POLL_MS)])
        }
        (Applying(target), ApplyAnswered(Err(error))) if error.outcome_unknown() => {
            (ResolvingRollback(target.clone()), vec![read(target, 0)])
        }
        (Applying(_), ApplyAnswered(Err(error))) => idle(error),
        (ResolvingRollback(target), SnapshotSeen(Ok(Some(snapshot)))) => match snapshot.status {
            SnapshotStatus::RollingBack => {
                (RollingBack(target.clone()), vec![read(target, POLL_MS)])
            }
            // Unchanged: it did not start (rolling back again needs a new confirmation).
            _ => not_done(
                "The rollback did not start: the snapshot is unchanged. Nothing was sent again.",
            ),
        },
        (ResolvingRollback(_) | RollingBack(_), SnapshotSeen(Ok(None))) => {
            not_done("The snapshot is no longer listed; the rollback cannot be followed.")
        }
        (ResolvingRollback(target) | RollingBack(target), SnapshotSeen(Err(_))) => {
            (undo.clone(), vec![read(target, POLL_MS)])
        }
        (RollingBack(target), SnapshotSeen(Ok(Some(snapshot)))) => match snapshot.status {
            SnapshotStatus::RollingBack => (undo.clone(), vec![read(target, POLL_MS)]),
            _ => (
                RolledBack(target.clone()),
                vec![
                    UndoCommand::RefreshInstance,
                    UndoCommand::AnnounceRolledBack(target.snapshot_id.clone()),
                    UndoCommand::RefreshSnapshots,
                ],
            ),
        },
        (AskingDelete(target), Confirm(_)) => (
            Deleting(target.clone()),
            vec![UndoCommand::Delete(target.snapshot_id.clone())],
        ),
        (Deleting(target), DeleteAnswered(Ok(failed))) if failed.is_empty() => {
            (Deleted(target.clone()), vec![UndoCommand::RefreshSnapshots])
        }
        (Deleting(_), DeleteAnswered(Ok(_))) => not_done("The API could not delete the snapshot."),
        (Deleting(target), DeleteAnswered(Err(error))) if error.outcome_unknown() => {
            (undo.clone(), vec![read(target, 0)])
        }
        (Deleting(_), DeleteAnswered(Err(error))) => idle(error),
        // After a lost delete answer: gone or going means deleted.
        (Deleting(target), SnapshotSeen(Ok(seen))) => match seen.map(|s| s.status) {
            None | Some(SnapshotStatus::Deleting) => {
                (Deleted(target.clone()), vec![UndoCommand::RefreshSnapshots])
            }
            Some(_) => not_done("The snapshot was not deleted. Nothing was sent again."),
        },
        (Deleting(target), SnapshotSeen(Err(_))) => (undo.clone(), vec![read(target, POLL_MS)]),
        (Idle(Some(_)) | RolledBack(_) | Deleted(_), Dismiss) => (Idle(None), vec![]),
        (unchanged, _) => (unchanged.clone(), vec![]),
    }
}
