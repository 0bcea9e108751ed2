//! Snapshot first, for a whole batch: CreateSnapshot for every boot disk, at most
//! [`MAX_CREATES`] at a time (the proxy's fair share is a few calls per second per caller),
//! each followed to AVAILABLE with one DescribeSnapshots for all. Once every snapshot is
//! AVAILABLE the batch's ResetInstances calls go; if one fails, nothing more is created and
//! nothing is erased: the user leaves that instance out (a new plan to review) or retries
//! it. A lost CreateSnapshot answer is resolved by looking the snapshot up by its disk and
//! name (`resolve`), never by creating another.

use zec_api::wire::SnapshotInfo;
use zec_api::SnapshotStatus;

use crate::error::ApiError;
use crate::fleet::changed::Changes;
use crate::fleet::plan::FleetPlan;
use crate::fleet::{Command, Review};
use crate::plan::TakenSnapshot;
use crate::resolve::Resolver;
use crate::session::{FIRST_SNAPSHOT_READ_MS, SNAPSHOT_POLL_MS};

/// CreateSnapshot calls on their way at once.
pub const MAX_CREATES: usize = 4;

/// Where one boot disk's snapshot stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Shot {
    /// Waits for its turn.
    Queued,
    /// CreateSnapshot was sent; no answer yet.
    Creating,
    /// The answer was lost: looking the snapshot up by disk and name.
    Finding(Resolver),
    /// Created: read until AVAILABLE.
    Following {
        snapshot_id: String,
        status: SnapshotStatus,
    },
    Taken(TakenSnapshot),
    Failed(String),
}

impl Shot {
    /// Something is on its way for it (a call, or the snapshot being made).
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            Shot::Creating | Shot::Finding(_) | Shot::Following { .. }
        )
    }
}

/// The snapshots of a batch, before anything is erased.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshots {
    pub plan: FleetPlan,
    /// (instance id, its snapshot), in the plan's order.
    pub rows: Vec<(String, Shot)>,
    /// The snapshots a read on its way asked about (`None`: no read on its way).
    pub polling: Option<Vec<String>>,
    /// The page was left while they were being taken (found again after a reload): nothing
    /// more is created and nothing is sent; once settled the plan is reviewed again.
    pub interrupted: bool,
    /// Instances seen changed since the review.
    pub changes: Changes,
}

/// What a step leads to.
pub enum Next {
    Same(Snapshots),
    /// Every snapshot is AVAILABLE and nothing changed: send the plan (with them).
    Send(FleetPlan),
    /// Every snapshot is AVAILABLE but an instance changed: the review again, stale.
    Stale(Review),
}

impl Snapshots {
    /// Confirm: every boot disk without a snapshot yet is queued, the first ones asked for.
    pub fn start(plan: &FleetPlan, changes: Changes) -> (Next, Vec<Command>) {
        let rows = (plan.targets.iter())
            .filter(|t| t.snapshot.is_some())
            .map(|t| {
                let shot = plan
                    .taken_of(&t.instance_id)
                    .map_or(Shot::Queued, |taken| Shot::Taken(taken.clone()));
                (t.instance_id.clone(), shot)
            })
            .collect();
        let mut snapshots = Snapshots {
            plan: plan.clone(),
            rows,
            polling: None,
            interrupted: false,
            changes,
        };
        let commands = snapshots.launch();
        (snapshots.settle(), commands)
    }

    pub fn shot(&self, instance_id: &str) -> Option<&Shot> {
        self.rows
            .iter()
            .find(|(id, _)| id == instance_id)
            .map(|(_, shot)| shot)
    }

    fn set(&mut self, instance_id: &str, shot: Shot) {
        if let Some((_, slot)) = self.rows.iter_mut().find(|(id, _)| id == instance_id) {
            *slot = shot;
        }
    }

    pub fn failed(&self) -> Vec<String> {
        (self.rows.iter())
            .filter(|(_, shot)| matches!(shot, Shot::Failed(_)))
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Nothing is on its way: the choices after a failure can be made.
    pub fn is_settled(&self) -> bool {
        !self.rows.iter().any(|(_, shot)| shot.is_busy())
    }

    /// The snapshots taken so far.
    pub fn taken(&self) -> Vec<(String, TakenSnapshot)> {
        (self.rows.iter())
            .filter_map(|(id, shot)| match shot {
                Shot::Taken(taken) => Some((id.clone(), taken.clone())),
                _ => None,
            })
            .collect()
    }

    /// (taken, all).
    pub fn progress(&self) -> (usize, usize) {
        (self.taken().len(), self.rows.len())
    }

    /// Asks for queued snapshots while fewer than `MAX_CREATES` are on their way; none
    /// once one failed (the batch stops) or after the page was left.
    fn launch(&mut self) -> Vec<Command> {
        if self.interrupted || !self.failed().is_empty() {
            return vec![];
        }
        let creating = (self.rows.iter())
            .filter(|(_, shot)| *shot == Shot::Creating)
            .count();
        let next: Vec<String> = (self.rows.iter())
            .filter(|(_, shot)| *shot == Shot::Queued)
            .take(MAX_CREATES.saturating_sub(creating))
            .map(|(id, _)| id.clone())
            .collect();
        next.into_iter().filter_map(|id| self.create(&id)).collect()
    }

    fn create(&mut self, instance_id: &str) -> Option<Command> {
        let request = self.plan.target(instance_id)?.snapshot.clone()?;
        self.set(instance_id, Shot::Creating);
        Some(Command::CreateSnapshot {
            instance_id: instance_id.to_owned(),
            request,
        })
    }

    /// One read of every followed snapshot, unless one is on its way.
    fn poll(&mut self, delay_ms: u32) -> Vec<Command> {
        let ids: Vec<String> = (self.rows.iter())
            .filter_map(|(_, shot)| match shot {
                Shot::Following { snapshot_id, .. } => Some(snapshot_id.clone()),
                _ => None,
            })
            .collect();
        if self.polling.is_some() || ids.is_empty() {
            return vec![];
        }
        self.polling = Some(ids.clone());
        vec![Command::ReadSnapshots { ids, delay_ms }]
    }

    fn find(&self, instance_id: &str, delay_ms: u32) -> Option<Command> {
        let request = self.plan.target(instance_id)?.snapshot.as_ref()?;
        Some(Command::FindSnapshot {
            instance_id: instance_id.to_owned(),
            disk_id: request.disk_id.clone(),
            name: request.snapshot_name.clone(),
            delay_ms,
        })
    }

    /// The snapshot as listed now: AVAILABLE is taken, FAILED stops the batch, anything
    /// else is followed.
    fn progressed(&mut self, instance_id: &str, snapshot: &SnapshotInfo) {
        let shot = match snapshot.status {
            SnapshotStatus::Available => Shot::Taken(TakenSnapshot {
                snapshot_id: snapshot.snapshot_id.clone(),
                snapshot_name: snapshot.snapshot_name.clone(),
                disk_id: snapshot.disk_id.clone(),
                taken_at: (snapshot.create_time.as_deref())
                    .and_then(zec_api::time::parse_utc)
                    .map_or(0.0, |seconds| seconds as f64 * 1000.0),
                kept_until: self.plan.kept_until.clone().unwrap_or_default(),
                original_image_id: (self.plan.target(instance_id))
                    .map(|t| t.frozen.image_id.clone())
                    .unwrap_or_default(),
            }),
            SnapshotStatus::Failed => Shot::Failed(crate::fleet::words::snapshot_failed()),
            ref status => Shot::Following {
                snapshot_id: snapshot.snapshot_id.clone(),
                status: status.clone(),
            },
        };
        self.set(instance_id, shot);
    }

    /// CreateSnapshot answered for one instance.
    pub fn created(&mut self, instance_id: &str, answer: Result<String, ApiError>) -> Vec<Command> {
        if self.shot(instance_id) != Some(&Shot::Creating) {
            return vec![];
        }
        let mut commands = vec![];
        match answer {
            Ok(snapshot_id) => {
                let status = SnapshotStatus::Creating;
                self.set(
                    instance_id,
                    Shot::Following {
                        snapshot_id,
                        status,
                    },
                );
                commands.extend(self.poll(FIRST_SNAPSHOT_READ_MS));
            }
            Err(error) if error.outcome_unknown() => {
                let (asking, delay_ms) = Resolver::start();
                self.set(instance_id, Shot::Finding(asking));
                commands.extend(self.find(instance_id, delay_ms));
            }
            Err(error) => self.set(instance_id, Shot::Failed(error.describe())),
        }
        commands.extend(self.launch());
        commands
    }

    /// After a lost answer: the snapshot looked up by disk and name.
    pub fn found(
        &mut self,
        instance_id: &str,
        found: Result<Option<SnapshotInfo>, ApiError>,
    ) -> Vec<Command> {
        let Some(Shot::Finding(asking)) = self.shot(instance_id).cloned() else {
            return vec![];
        };
        let mut commands = vec![];
        match found {
            Err(error) => {
                let (asking, delay) = asking.failed(error);
                self.set(instance_id, Shot::Finding(asking));
                commands.extend(delay.and_then(|delay_ms| self.find(instance_id, delay_ms)));
            }
            Ok(None) => {
                let reason = crate::fleet::words::snapshot_not_created();
                self.set(instance_id, Shot::Failed(reason));
            }
            Ok(Some(snapshot)) => {
                self.progressed(instance_id, &snapshot);
                commands.extend(self.poll(SNAPSHOT_POLL_MS));
            }
        }
        commands.extend(self.launch());
        commands
    }

    /// The followed snapshots as listed now. Only those the read asked about are judged: one
    /// created since is read next time.
    pub fn read(&mut self, read: Result<Vec<SnapshotInfo>, ApiError>) -> Vec<Command> {
        let Some(asked) = self.polling.take() else {
            return vec![];
        };
        // Following the progress: reading is safe, so a failed read is read again.
        if let Ok(listed) = read {
            let followed: Vec<(String, String)> = (self.rows.iter())
                .filter_map(|(id, shot)| match shot {
                    Shot::Following { snapshot_id, .. } if asked.contains(snapshot_id) => {
                        Some((id.clone(), snapshot_id.clone()))
                    }
                    _ => None,
                })
                .collect();
            for (instance_id, snapshot_id) in followed {
                match listed.iter().find(|s| s.snapshot_id == snapshot_id) {
                    Some(snapshot) => self.progressed(&instance_id, snapshot),
                    None => {
                        let reason = crate::fleet::words::snapshot_disappeared();
                        self.set(&instance_id, Shot::Failed(reason));
                    }
                }
            }
        }
        let mut commands = self.poll(SNAPSHOT_POLL_MS);
        commands.extend(self.launch());
        commands
    }

    /// "Check again" on one lookup, or every waiting lookup (the browser is online again).
    pub fn check_again(&mut self, only: Option<&str>) -> Vec<Command> {
        let waiting: Vec<(String, Resolver)> = (self.rows.iter())
            .filter(|(id, _)| only.is_none_or(|only| only == id))
            .filter_map(|(id, shot)| match shot {
                Shot::Finding(asking) => Some((id.clone(), asking.clone())),
                _ => None,
            })
            .collect();
        let mut commands = vec![];
        for (instance_id, asking) in waiting {
            let (asking, delay) = asking.again();
            self.set(&instance_id, Shot::Finding(asking));
            if let Some(delay_ms) = delay {
                commands.extend(self.find(&instance_id, delay_ms));
            }
        }
        commands
    }

    /// Takes a failed snapshot again, once nothing else is on its way.
    pub fn retry(&mut self, instance_id: &str) -> Vec<Command> {
        let failed = matches!(self.shot(instance_id), Some(Shot::Failed(_)));
        if !failed || !self.is_settled() || self.interrupted {
            return vec![];
        }
        let mut commands: Vec<Command> = self.create(instance_id).into_iter().collect();
        commands.extend(self.launch());
        commands
    }

    /// Every snapshot is AVAILABLE: the plan goes, with them, unless an instance changed.
    pub fn settle(self) -> Next {
        let all_taken = (self.rows.iter()).all(|(_, shot)| matches!(shot, Shot::Taken(_)));
        if !all_taken || self.interrupted {
            return Next::Same(self);
        }
        let plan = FleetPlan {
            taken: self.taken(),
            ..self.plan.clone()
        };
        match self.changes.is_empty() {
            true => Next::Send(plan),
            false => Next::Stale(Review {
                plan,
                changes: self.changes,
            }),
        }
    }
}
