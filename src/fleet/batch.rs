//! The fleet reinstall as one state value and one transition function, like `crate::flow`:
//! `update(stage, event)` returns the next stage and the commands the owner (`Fleet`) runs.
//!
//! ```text
//! Selecting ──Plan──▶ Planning ──Review(plan)──▶ Reviewing(plan) ──Confirm──▶ Running(batch)
//!     ▲                 │ Back      ▲  Cancel         │                         │ Done
//!     └─────────────────┘           └─────────────────┘                         ▼ Selecting
//! ```
//!
//! In `Running` every instance has its own row: `Sending` until its chunk's answer; the ids
//! the answer lists as failed did not start; a lost answer asks DescribeInstances for each
//! instance of the chunk (never sends again); statuses from the one stream finish the rows.

use zec_api::wire::{InstanceInfo, ResetInstancesRequest, StopInstancesRequest};
use zec_api::{InstanceStatus, ReinstallPhase};

use crate::api::ApiError;
use crate::fleet::plan::{stop_requests, FleetPlan};

/// Automatic questions per instance after a lost answer before "Check again" is offered.
pub const AUTO_ASKS: u32 = 3;

#[derive(Clone, Debug, PartialEq)]
pub enum Row {
    /// Its chunk was sent; no answer yet.
    Sending,
    /// The answer was lost: asking the API what happened (`attempts` so far).
    Checking {
        attempts: u32,
    },
    /// Asking failed `AUTO_ASKS` times; the user may check again.
    Unresolved(ApiError),
    /// The reinstall runs (DEPLOYING, REBUILDING, …).
    InProgress(InstanceStatus),
    Running,
    ReinstallFailed,
    /// The reinstall never started, and why.
    DidNotStart(String),
}

impl Row {
    pub fn is_failed(&self) -> bool {
        matches!(
            self,
            Row::ReinstallFailed | Row::DidNotStart(_) | Row::Unresolved(_)
        )
    }

    pub fn is_in_progress(&self) -> bool {
        matches!(
            self,
            Row::Sending | Row::Checking { .. } | Row::InProgress(_)
        )
    }
}

/// One ResetInstances call of the batch: its ids and, once answered, its request id.
#[derive(Clone, Debug, PartialEq)]
pub struct Chunk {
    pub instance_ids: Vec<String>,
    pub request_id: Option<String>,
    /// Why the whole call failed, when it did.
    pub error: Option<ApiError>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Batch {
    pub plan: FleetPlan,
    pub chunks: Vec<Chunk>,
    /// (instance id, row), in the plan's order.
    pub rows: Vec<(String, Row)>,
}

impl Batch {
    pub fn row(&self, instance_id: &str) -> Option<&Row> {
        self.rows
            .iter()
            .find(|(id, _)| id == instance_id)
            .map(|(_, row)| row)
    }

    fn set(&mut self, instance_id: &str, row: Row) {
        if let Some((_, slot)) = self.rows.iter_mut().find(|(id, _)| id == instance_id) {
            *slot = row;
        }
    }

    /// (in progress, running, failed).
    pub fn totals(&self) -> (usize, usize, usize) {
        let count = |test: fn(&Row) -> bool| self.rows.iter().filter(|(_, row)| test(row)).count();
        (
            count(Row::is_in_progress),
            count(|row| *row == Row::Running),
            count(Row::is_failed),
        )
    }

    pub fn is_finished(&self) -> bool {
        self.totals().0 == 0
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    /// The instance list, where instances are selected.
    Selecting,
    /// One plan for the selected instances.
    Planning,
    /// The dialog shows the frozen plan.
    Reviewing(FleetPlan),
    Running(Batch),
}

/// The power-off of the running instances that block a plan, with its own confirmation.
#[derive(Clone, Debug, PartialEq)]
pub enum PowerOff {
    /// The result of the last power-off, if any.
    Idle(Option<String>),
    Asking {
        ids: Vec<String>,
        force: bool,
    },
    /// Waiting for `pending` StopInstances answers.
    Sending {
        pending: usize,
        failed: Vec<String>,
        unknown: bool,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Plan,
    Back,
    Review(FleetPlan),
    Cancel,
    Confirm,
    /// The answer of chunk `index`: the ids that failed and the request id, or an error.
    ChunkAnswered {
        index: usize,
        answer: Result<(Vec<String>, String), ApiError>,
    },
    /// What DescribeInstances says about one instance after a lost answer.
    OutcomeFound {
        instance_id: String,
        found: Result<Box<InstanceInfo>, ApiError>,
    },
    CheckAgain(String),
    Status {
        instance_id: String,
        status: InstanceStatus,
    },
    Done,
    AskPowerOff(Vec<String>),
    SetForce(bool),
    CancelPowerOff,
    ConfirmPowerOff,
    StopAnswered(Result<Vec<String>, ApiError>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    SendChunk {
        index: usize,
        request: ResetInstancesRequest,
    },
    AskOutcome {
        instance_id: String,
        delay_ms: u32,
    },
    SendStop(StopInstancesRequest),
    /// Back to the list: the selection is cleared and the list re-read.
    ClearSelection,
    FocusReview,
}

pub fn update(stage: &Stage, event: Event) -> (Stage, Vec<Command>) {
    use Event::*;
    use Stage::*;
    match (stage, event) {
        (Selecting, Plan) => (Planning, vec![]),
        (Planning, Back) => (Selecting, vec![]),
        (Planning, Review(plan)) => (Reviewing(plan), vec![]),
        (Reviewing(_), Cancel) => (Planning, vec![Command::FocusReview]),
        (Reviewing(plan), Confirm) => confirm(plan),
        (Running(batch), ChunkAnswered { index, answer }) => {
            let mut batch = batch.clone();
            let commands = answered(&mut batch, index, answer);
            (Running(batch), commands)
        }
        (Running(batch), OutcomeFound { instance_id, found }) => {
            let mut batch = batch.clone();
            let commands = outcome(&mut batch, &instance_id, found);
            (Running(batch), commands)
        }
        (Running(batch), CheckAgain(id)) if matches!(batch.row(&id), Some(Row::Unresolved(_))) => {
            let mut batch = batch.clone();
            batch.set(&id, Row::Checking { attempts: 0 });
            (
                Running(batch),
                vec![Command::AskOutcome {
                    instance_id: id,
                    delay_ms: 0,
                }],
            )
        }
        (
            Running(batch),
            Status {
                instance_id,
                status,
            },
        ) => {
            let mut batch = batch.clone();
            seen(&mut batch, &instance_id, status);
            (Running(batch), vec![])
        }
        (Running(batch), Done) if batch.is_finished() => (Selecting, vec![Command::ClearSelection]),
        (stage, _) => (stage.clone(), vec![]),
    }
}

fn confirm(plan: &FleetPlan) -> (Stage, Vec<Command>) {
    let requests = plan.requests();
    let batch = Batch {
        plan: plan.clone(),
        chunks: requests
            .iter()
            .map(|request| Chunk {
                instance_ids: request.instance_ids.clone(),
                request_id: None,
                error: None,
            })
            .collect(),
        rows: plan
            .ids()
            .into_iter()
            .map(|id| (id, Row::Sending))
            .collect(),
    };
    let commands = requests
        .into_iter()
        .enumerate()
        .map(|(index, request)| Command::SendChunk { index, request })
        .collect();
    (Stage::Running(batch), commands)
}

fn answered(
    batch: &mut Batch,
    index: usize,
    answer: Result<(Vec<String>, String), ApiError>,
) -> Vec<Command> {
    let Some(chunk) = batch.chunks.get_mut(index) else {
        return vec![];
    };
    if chunk.request_id.is_some() || chunk.error.is_some() {
        return vec![]; // answered already
    }
    let ids = chunk.instance_ids.clone();
    match answer {
        Ok((failed, request_id)) => {
            chunk.request_id = Some(request_id);
            for id in &ids {
                let row = if failed.contains(id) {
                    Row::DidNotStart(
                        "The API did not start its reinstall (listed as failed).".to_owned(),
                    )
                } else {
                    Row::InProgress(InstanceStatus::Deploying)
                };
                batch.set(id, row);
            }
            vec![]
        }
        Err(error) if error.outcome_unknown() => {
            chunk.error = Some(error);
            ids.iter()
                .for_each(|id| batch.set(id, Row::Checking { attempts: 0 }));
            ids.into_iter()
                .map(|instance_id| Command::AskOutcome {
                    instance_id,
                    delay_ms: 0,
                })
                .collect()
        }
        Err(error) => {
            chunk.request_id = error.request_id().map(str::to_owned);
            let reason = error.message();
            chunk.error = Some(error);
            ids.iter()
                .for_each(|id| batch.set(id, Row::DidNotStart(reason.clone())));
            vec![]
        }
    }
}

fn outcome(
    batch: &mut Batch,
    instance_id: &str,
    found: Result<Box<InstanceInfo>, ApiError>,
) -> Vec<Command> {
    let Some(Row::Checking { attempts }) = batch.row(instance_id).cloned() else {
        return vec![];
    };
    let instance = match found {
        Ok(instance) => instance,
        Err(error) => {
            let attempts = attempts + 1;
            if attempts >= AUTO_ASKS {
                batch.set(instance_id, Row::Unresolved(error));
                return vec![];
            }
            batch.set(instance_id, Row::Checking { attempts });
            let delay_ms = 1000 << attempts;
            return vec![Command::AskOutcome {
                instance_id: instance_id.to_owned(),
                delay_ms,
            }];
        }
    };
    let planned = batch.plan.options.image_id.as_deref() == Some(instance.image_id.as_str());
    let row = match instance.status.reinstall_phase() {
        ReinstallPhase::InProgress => Row::InProgress(instance.status),
        ReinstallPhase::Succeeded if planned => Row::Running,
        ReinstallPhase::Failed => Row::ReinstallFailed,
        _ => Row::DidNotStart(format!(
            "The API says it is still {}: the reinstall did not start.",
            instance.status
        )),
    };
    batch.set(instance_id, row);
    vec![]
}

fn seen(batch: &mut Batch, instance_id: &str, status: InstanceStatus) {
    let row = match (batch.row(instance_id), status.reinstall_phase()) {
        // Only a started reinstall is followed; a lost answer is still asked about, but a
        // status that shows the reinstall running settles it too.
        (Some(Row::InProgress(_) | Row::Checking { .. }), ReinstallPhase::InProgress) => {
            Row::InProgress(status)
        }
        (Some(Row::InProgress(_)), ReinstallPhase::Succeeded) => Row::Running,
        (Some(Row::InProgress(_)), ReinstallPhase::Failed) => Row::ReinstallFailed,
        _ => return,
    };
    batch.set(instance_id, row);
}

/// The power-off transitions; `StopAnswered` never leads to a second StopInstances.
pub fn update_power_off(power: &PowerOff, event: Event) -> (PowerOff, Vec<Command>) {
    use PowerOff::*;
    match (power, event) {
        // Force is off until the user ticks it, as for one instance: if the reinstall is
        // then not confirmed, the instances were shut down cleanly.
        (Idle(_), Event::AskPowerOff(ids)) if !ids.is_empty() => {
            (Asking { ids, force: false }, vec![])
        }
        (Asking { ids, .. }, Event::SetForce(force)) => (
            Asking {
                ids: ids.clone(),
                force,
            },
            vec![],
        ),
        (Asking { .. }, Event::CancelPowerOff) => (Idle(None), vec![]),
        (Asking { ids, force }, Event::ConfirmPowerOff) => {
            let requests = stop_requests(ids, *force);
            let sending = Sending {
                pending: requests.len(),
                failed: vec![],
                unknown: false,
            };
            (
                sending,
                requests.into_iter().map(Command::SendStop).collect(),
            )
        }
        (
            Sending {
                pending,
                failed,
                unknown,
            },
            Event::StopAnswered(answer),
        ) => {
            let (mut failed, mut unknown) = (failed.clone(), *unknown);
            match answer {
                Ok(ids) => failed.extend(ids),
                Err(error) if error.outcome_unknown() => unknown = true,
                Err(error) => failed.push(error.message()),
            }
            if *pending > 1 {
                return (
                    Sending {
                        pending: pending - 1,
                        failed,
                        unknown,
                    },
                    vec![],
                );
            }
            (Idle(Some(power_off_result(&failed, unknown))), vec![])
        }
        (power, _) => (power.clone(), vec![]),
    }
}

fn power_off_result(failed: &[String], unknown: bool) -> String {
    let mut parts = vec![];
    if !failed.is_empty() {
        parts.push(format!("Not powered off: {}.", failed.join(", ")));
    }
    if unknown {
        parts.push(
            "No readable answer for some; their statuses below show what happened.".to_owned(),
        );
    }
    if parts.is_empty() {
        parts.push("Powering off; the statuses below change to STOPPED.".to_owned());
    }
    parts.join(" ")
}
