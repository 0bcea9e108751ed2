//! Undoing a finished batch from its table: rolling instances back to the snapshots taken
//! first (all or those selected) and deleting those snapshots. A rollback powers the
//! instances off through the one power-off machine (`power_off`), then sends one
//! ApplySnapshot per instance, at most [`MAX_APPLIES`] at a time, and follows each snapshot
//! until it is no longer ROLLING_BACK. A lost ApplySnapshot answer is resolved by reading
//! the snapshot (`resolve`), never by sending again.

use serde::{Deserialize, Serialize};
use zec_api::wire::{ApplySnapshotRequest, SnapshotInfo};
use zec_api::{InstanceStatus, SnapshotStatus};

use crate::error::ApiError;
use crate::fleet::delete::Deletion;
use crate::fleet::plan::FleetPlan;
use crate::fleet::Command;
use crate::power_off::{PowerEnd, PowerEvent, PowerOff};
use crate::resolve::Resolver;
use crate::session::SNAPSHOT_POLL_MS;

/// ApplySnapshot calls on their way at once.
pub const MAX_APPLIES: usize = 4;

/// The undo under way on a batch.
#[derive(Clone, Debug, PartialEq)]
pub enum BatchUndo {
    /// The rollback's confirmation is open, for these instances.
    AskingRollback(Vec<String>),
    /// The confirmation of deleting the batch's snapshots is open.
    AskingDelete,
    RollingBack(Rollback),
    /// Deleting the batch's snapshots.
    Deleting(Deletion),
}

/// How an undo ended for one instance, shown in its row (and kept over a reload).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Mark {
    RolledBack,
    RollbackFailed(String),
    SnapshotDeleted,
    DeleteFailed(String),
    /// The page was left while it was rolled back or its snapshot deleted.
    Unknown,
}

/// Where one instance's rollback stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Back {
    /// Waiting for it to be STOPPED.
    PoweringOff,
    /// STOPPED: ApplySnapshot waits for its turn.
    Queued,
    Applying,
    /// The answer was lost: reading the snapshot to see.
    Resolving(Resolver),
    RollingBack,
    RolledBack,
    Failed(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rollback {
    pub rows: Vec<(String, Back)>,
    /// Powering off the instances that are not STOPPED.
    pub power_off: Option<PowerOff>,
    /// The snapshots a read on its way asked about (`None`: no read on its way).
    pub polling: Option<Vec<String>>,
}

impl Rollback {
    /// Confirmed: the instances not known STOPPED are powered off first.
    pub fn start(
        plan: &FleetPlan,
        ids: &[String],
        status: impl Fn(&str) -> Option<InstanceStatus>,
    ) -> (Rollback, Vec<Command>) {
        let stopped = |id: &str| status(id) == Some(InstanceStatus::Stopped);
        let to_stop: Vec<String> = ids.iter().filter(|id| !stopped(id)).cloned().collect();
        let (power_off, mut commands) = match to_stop.is_empty() {
            true => (None, vec![]),
            false => {
                let (power_off, commands) = PowerOff::send(&to_stop, false);
                (
                    Some(power_off),
                    commands.into_iter().map(Command::PowerOff).collect(),
                )
            }
        };
        let mut rollback = Rollback {
            rows: (ids.iter())
                .map(|id| {
                    let back = if stopped(id) {
                        Back::Queued
                    } else {
                        Back::PoweringOff
                    };
                    (id.clone(), back)
                })
                .collect(),
            power_off,
            polling: None,
        };
        commands.extend(rollback.launch(plan));
        (rollback, commands)
    }

    pub fn row(&self, instance_id: &str) -> Option<&Back> {
        (self.rows.iter())
            .find(|(id, _)| id == instance_id)
            .map(|(_, back)| back)
    }

    fn set(&mut self, instance_id: &str, back: Back) {
        if let Some((_, slot)) = self.rows.iter_mut().find(|(id, _)| id == instance_id) {
            *slot = back;
        }
    }

    /// Every instance rolled back or failed.
    pub fn is_done(&self) -> bool {
        (self.rows.iter()).all(|(_, back)| matches!(back, Back::RolledBack | Back::Failed(_)))
    }

    /// Why a lost answer could not be resolved yet ("Check again").
    pub fn waiting(&self) -> Option<&ApiError> {
        let power = match &self.power_off {
            Some(PowerOff::Resolving { asking, .. }) => asking.waiting(),
            _ => None,
        };
        power.or_else(|| {
            self.rows.iter().find_map(|(_, back)| match back {
                Back::Resolving(asking) => asking.waiting(),
                _ => None,
            })
        })
    }

    /// ApplySnapshot for queued instances while fewer than `MAX_APPLIES` are on their way.
    fn launch(&mut self, plan: &FleetPlan) -> Vec<Command> {
        let applying = (self.rows.iter())
            .filter(|(_, back)| *back == Back::Applying)
            .count();
        let next: Vec<String> = (self.rows.iter())
            .filter(|(_, back)| *back == Back::Queued)
            .take(MAX_APPLIES.saturating_sub(applying))
            .map(|(id, _)| id.clone())
            .collect();
        let mut commands = vec![];
        for instance_id in next {
            let Some(taken) = plan.taken_of(&instance_id) else {
                self.set(
                    &instance_id,
                    Back::Failed(crate::fleet::words::no_snapshot()),
                );
                continue;
            };
            let request = ApplySnapshotRequest {
                snapshot_id: taken.snapshot_id.clone(),
                disk_id: taken.disk_id.clone(),
            };
            self.set(&instance_id, Back::Applying);
            commands.push(Command::Apply {
                instance_id,
                request,
            });
        }
        commands
    }

    fn poll(&mut self, plan: &FleetPlan) -> Vec<Command> {
        let ids: Vec<String> = (self.rows.iter())
            .filter(|(_, back)| *back == Back::RollingBack)
            .filter_map(|(id, _)| plan.taken_of(id).map(|t| t.snapshot_id.clone()))
            .collect();
        if self.polling.is_some() || ids.is_empty() {
            return vec![];
        }
        self.polling = Some(ids.clone());
        vec![Command::ReadSnapshots {
            ids,
            delay_ms: SNAPSHOT_POLL_MS,
        }]
    }

    fn read_one(plan: &FleetPlan, instance_id: &str, delay_ms: u32) -> Option<Command> {
        Some(Command::ReadSnapshot {
            instance_id: instance_id.to_owned(),
            snapshot_id: plan.taken_of(instance_id)?.snapshot_id.clone(),
            delay_ms,
        })
    }

    /// An event of the power-off before the rollback; a STOPPED instance's turn comes.
    pub fn power(&mut self, plan: &FleetPlan, event: PowerEvent) -> Vec<Command> {
        if let PowerEvent::Status {
            instance_id,
            status: InstanceStatus::Stopped,
        } = &event
        {
            if self.row(instance_id) == Some(&Back::PoweringOff) {
                self.set(instance_id, Back::Queued);
            }
        }
        let mut commands = vec![];
        if let Some(power_off) = self.power_off.take() {
            let (next, power) = power_off.update(event);
            commands.extend(power.into_iter().map(Command::PowerOff));
            match next {
                Ok(power_off) => self.power_off = Some(power_off),
                Err(PowerEnd::Stopped | PowerEnd::Cancelled) => {
                    // Every instance it powered off is STOPPED.
                    for (_, back) in &mut self.rows {
                        if *back == Back::PoweringOff {
                            *back = Back::Queued;
                        }
                    }
                }
                Err(PowerEnd::NotDone(result)) => {
                    let waiting: Vec<String> = (self.rows.iter())
                        .filter(|(_, back)| *back == Back::PoweringOff)
                        .map(|(id, _)| id.clone())
                        .collect();
                    for id in waiting {
                        let listed = result.failed.contains(&id);
                        if listed || !result.errors.is_empty() {
                            let reason = crate::fleet::words::not_powered_off(&result);
                            self.set(&id, Back::Failed(reason));
                        }
                    }
                }
            }
        }
        commands.extend(self.launch(plan));
        commands
    }

    pub fn applied(
        &mut self,
        plan: &FleetPlan,
        instance_id: &str,
        answer: Result<String, ApiError>,
    ) -> Vec<Command> {
        if self.row(instance_id) != Some(&Back::Applying) {
            return vec![];
        }
        let mut commands = vec![];
        match answer {
            Ok(_) => {
                self.set(instance_id, Back::RollingBack);
                commands.extend(self.poll(plan));
            }
            Err(error) if error.outcome_unknown() => {
                let (asking, delay_ms) = Resolver::start();
                self.set(instance_id, Back::Resolving(asking));
                commands.extend(Self::read_one(plan, instance_id, delay_ms));
            }
            Err(error) => self.set(instance_id, Back::Failed(error.describe())),
        }
        commands.extend(self.launch(plan));
        commands
    }

    /// After a lost ApplySnapshot answer: ROLLING_BACK means it started; anything else
    /// means it did not (rolling back again needs a new confirmation).
    pub fn seen(
        &mut self,
        plan: &FleetPlan,
        instance_id: &str,
        seen: Result<Option<SnapshotInfo>, ApiError>,
    ) -> Vec<Command> {
        let Some(Back::Resolving(asking)) = self.row(instance_id).cloned() else {
            return vec![];
        };
        let words = crate::fleet::words::rollback_not_started;
        match seen {
            Ok(Some(snapshot)) if snapshot.status == SnapshotStatus::RollingBack => {
                self.set(instance_id, Back::RollingBack);
                self.poll(plan)
            }
            Ok(_) => {
                self.set(instance_id, Back::Failed(words()));
                vec![]
            }
            Err(error) => {
                let (asking, delay) = asking.failed(error);
                self.set(instance_id, Back::Resolving(asking));
                (delay.and_then(|delay_ms| Self::read_one(plan, instance_id, delay_ms)))
                    .into_iter()
                    .collect()
            }
        }
    }

    /// The snapshots rolled back to, as listed now: no longer ROLLING_BACK means done. Only
    /// those the read asked about are judged.
    pub fn read(
        &mut self,
        plan: &FleetPlan,
        read: Result<Vec<SnapshotInfo>, ApiError>,
    ) -> Vec<Command> {
        let Some(asked) = self.polling.take() else {
            return vec![];
        };
        if let Ok(listed) = read {
            let following: Vec<String> = (self.rows.iter())
                .filter(|(_, back)| *back == Back::RollingBack)
                .map(|(id, _)| id.clone())
                .collect();
            for id in following {
                let Some(taken) = plan
                    .taken_of(&id)
                    .filter(|t| asked.contains(&t.snapshot_id))
                else {
                    continue;
                };
                match listed.iter().find(|s| s.snapshot_id == taken.snapshot_id) {
                    Some(s) if s.status == SnapshotStatus::RollingBack => {}
                    Some(_) => self.set(&id, Back::RolledBack),
                    None => self.set(&id, Back::Failed(crate::fleet::words::snapshot_gone())),
                }
            }
        }
        self.poll(plan)
    }

    /// "Check again", or the browser is online again.
    pub fn check_again(&mut self, plan: &FleetPlan) -> Vec<Command> {
        let mut commands = self.power(plan, PowerEvent::CheckAgain);
        let waiting: Vec<(String, Resolver)> = (self.rows.iter())
            .filter_map(|(id, back)| match back {
                Back::Resolving(asking) => Some((id.clone(), asking.clone())),
                _ => None,
            })
            .collect();
        for (id, asking) in waiting {
            let (asking, delay) = asking.again();
            self.set(&id, Back::Resolving(asking));
            if let Some(delay_ms) = delay {
                commands.extend(Self::read_one(plan, &id, delay_ms));
            }
        }
        commands
    }

    /// How it ended, per instance.
    pub fn marks(&self) -> Vec<(String, Mark)> {
        (self.rows.iter())
            .filter_map(|(id, back)| {
                let mark = match back {
                    Back::RolledBack => Mark::RolledBack,
                    Back::Failed(why) => Mark::RollbackFailed(why.clone()),
                    _ => return None,
                };
                Some((id.clone(), mark))
            })
            .collect()
    }
}
