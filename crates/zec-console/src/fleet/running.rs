//! The batch's table: its rows followed to the end, then what the finished table offers —
//! "Retry the N failed" (a new plan to review), rolling back all or some instances to the
//! snapshots taken first, deleting those snapshots, and "Back to the list". One undo at a
//! time; each asks first.

use crate::fleet::batch::{Batch, Row};
use crate::fleet::delete::Deletion;
use crate::fleet::undo::{BatchUndo, Mark, Rollback};
use crate::fleet::{power_event, Command, Event, Stage};
use crate::power_off::PowerEvent;

/// The table's totals: a rolled-back instance counts as rolled back, not by how its
/// reinstall ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub in_progress: usize,
    pub running: usize,
    pub failed: usize,
    pub rolled_back: usize,
}

impl Batch {
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for (id, row) in &self.rows {
            if self.mark_of(id) == Some(&Mark::RolledBack) {
                counts.rolled_back += 1;
            } else if row.is_in_progress() {
                counts.in_progress += 1;
            } else if *row == Row::Running {
                counts.running += 1;
            } else if row.is_failed() {
                counts.failed += 1;
            }
        }
        counts
    }

    /// Instances that can be rolled back: their reinstall ran (or failed) and their
    /// snapshot is still there.
    pub fn rollback_candidates(&self) -> Vec<String> {
        (self.rows.iter())
            .filter(|(_, row)| matches!(row, Row::Running | Row::ReinstallFailed))
            .filter(|(id, _)| self.plan.taken_of(id).is_some())
            .filter(|(id, _)| {
                !matches!(
                    self.mark_of(id),
                    Some(Mark::RolledBack | Mark::SnapshotDeleted)
                )
            })
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// (instance id, snapshot id) of the batch's snapshots not deleted yet.
    pub fn deletable(&self) -> Vec<(String, String)> {
        (self.plan.taken.iter())
            .filter(|(id, _)| self.mark_of(id) != Some(&Mark::SnapshotDeleted))
            .map(|(id, taken)| (id.clone(), taken.snapshot_id.clone()))
            .collect()
    }

    /// "Retry the N failed": the instances whose reinstall failed or did not start (and
    /// were not rolled back).
    pub fn to_retry(&self) -> Vec<String> {
        (self.rows.iter())
            .filter(|(_, row)| matches!(row, Row::ReinstallFailed | Row::DidNotStart(_)))
            .filter(|(id, _)| self.mark_of(id) != Some(&Mark::RolledBack))
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// The finished table's actions are offered: every row ended and no undo is under way.
    pub fn is_idle(&self) -> bool {
        self.is_finished() && self.undo.is_none()
    }
}

pub(super) fn step(batch: &Batch, event: Event) -> (Stage, Vec<Command>) {
    let mut batch = batch.clone();
    let commands = match event {
        Event::Done if batch.is_idle() => {
            return (Stage::Selecting, vec![Command::ClearSelection]);
        }
        Event::RetryFailed if batch.is_idle() && !batch.to_retry().is_empty() => {
            let again = Command::PlanAgain {
                ids: batch.to_retry(),
                form: Box::new(batch.plan.form.clone()),
            };
            return (Stage::planning(), vec![again]);
        }
        Event::AskRollback(ids) if batch.is_idle() => {
            let candidates = batch.rollback_candidates();
            if !ids.is_empty() && ids.iter().all(|id| candidates.contains(id)) {
                batch.undo = Some(BatchUndo::AskingRollback(ids));
            }
            vec![]
        }
        Event::AskDeleteSnapshots if batch.is_idle() && !batch.deletable().is_empty() => {
            batch.undo = Some(BatchUndo::AskingDelete);
            vec![]
        }
        event if batch.undo.is_some() => undo(&mut batch, event),
        Event::ChunkAnswered { index, answer } => batch.answered(index, answer),
        Event::OutcomeFound { instance_id, found } => batch.outcome(&instance_id, found),
        Event::CheckAgain(id) => batch.check_again(Some(&id)),
        Event::Online => batch.check_again(None),
        Event::Status {
            instance_id,
            status,
        } => {
            batch.seen(&instance_id, status);
            vec![]
        }
        _ => vec![],
    };
    (Stage::Running(Box::new(batch)), commands)
}

/// An event while an undo is asked for or under way.
fn undo(batch: &mut Batch, event: Event) -> Vec<Command> {
    if let Event::Status {
        instance_id,
        status,
    } = &event
    {
        batch.seen(instance_id, status.clone());
    }
    let plan = batch.plan.clone();
    let mut commands = vec![];
    let next = match (batch.undo.take().expect("an undo"), event) {
        (BatchUndo::AskingRollback(_) | BatchUndo::AskingDelete, Event::CancelUndo) => None,
        (BatchUndo::AskingRollback(ids), Event::ConfirmUndo) => {
            let (rollback, sent) = Rollback::start(&plan, &ids, |id| batch.status_of(id));
            commands = sent;
            Some(BatchUndo::RollingBack(rollback))
        }
        (BatchUndo::AskingDelete, Event::ConfirmUndo) => {
            let ids: Vec<String> = batch.deletable().into_iter().map(|(_, s)| s).collect();
            let (deletion, sent) = Deletion::start(&ids);
            commands = sent;
            Some(BatchUndo::Deleting(deletion))
        }
        (BatchUndo::RollingBack(mut rollback), event) => {
            commands = match event {
                Event::ApplyAnswered {
                    instance_id,
                    answer,
                } => rollback.applied(&plan, &instance_id, answer),
                Event::SnapshotSeen { instance_id, seen } => {
                    rollback.seen(&plan, &instance_id, seen)
                }
                Event::SnapshotsRead(read) => rollback.read(&plan, read),
                Event::CheckUndoAgain | Event::Online => rollback.check_again(&plan),
                event => match power_event(event) {
                    Some(
                        event @ (PowerEvent::StopAnswered { .. }
                        | PowerEvent::StatusesFound(_)
                        | PowerEvent::Status { .. }),
                    ) => rollback.power(&plan, event),
                    _ => vec![],
                },
            };
            if rollback.is_done() {
                batch.mark(rollback.marks());
                None
            } else {
                Some(BatchUndo::RollingBack(rollback))
            }
        }
        (BatchUndo::Deleting(mut deletion), event) => {
            commands = match event {
                Event::DeleteAnswered { ids, answer } => deletion.answered(&ids, answer),
                Event::DeletedRead { ids, found } => deletion.read(&ids, found),
                Event::CheckUndoAgain | Event::Online => deletion.check_again(),
                _ => vec![],
            };
            if deletion.is_done() {
                let marks = deleted_marks(batch, &deletion);
                batch.mark(marks);
                None
            } else {
                Some(BatchUndo::Deleting(deletion))
            }
        }
        (asking, _) => Some(asking),
    };
    batch.undo = next;
    commands
}

/// How deleting ended, per instance of the batch.
fn deleted_marks(batch: &Batch, deletion: &Deletion) -> Vec<(String, Mark)> {
    (deletion.ended.iter())
        .filter_map(|(snapshot_id, end)| {
            let (instance_id, _) = batch
                .plan
                .taken
                .iter()
                .find(|(_, t)| t.snapshot_id == *snapshot_id)?;
            let mark = match end {
                Ok(()) => Mark::SnapshotDeleted,
                Err(why) => Mark::DeleteFailed(why.clone()),
            };
            Some((instance_id.clone(), mark))
        })
        .collect()
}
