//! Reinstalling many instances with one plan, as one state value and one transition
//! function: `update(stage, event)` returns the next stage and the commands its owner runs.
//! `plan` checks the plan per instance and turns it into ResetInstances calls of ≤ 100 ids;
//! `batch` follows a running batch row by row.
//!
//! ```text
//! Selecting ──Plan──▶ Planning ──Review(plan)──▶ Reviewing(plan) ──Confirm──▶ Running(batch)
//!     ▲                 │ Back      ▲  Cancel         │                         │ Done
//!     └─────────────────┘           └─────────────────┘                         ▼ Selecting
//! ```
//!
//! While planning, the running instances that block the plan can be powered off (the one
//! power-off machine, `power_off`); the plan is reviewed only when no power-off is under way.

pub mod batch;
pub mod plan;

use zec_api::wire::{InstanceInfo, InstanceStatusEntry, ResetInstancesRequest};
use zec_api::InstanceStatus;

use crate::error::ApiError;
use crate::power_off::{PowerCommand, PowerEnd, PowerEvent, PowerOff, PowerResult};
use batch::Batch;
use plan::FleetPlan;

#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    /// The instance list, where instances are selected.
    Selecting,
    /// One plan for the selected instances; the power-off of the running ones under way, or
    /// what the last one did not do.
    Planning {
        power_off: Option<PowerOff>,
        last: Option<PowerResult>,
    },
    /// The dialog shows the frozen plan.
    Reviewing(FleetPlan),
    Running(Batch),
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
    /// "Check again" on one row of the batch.
    CheckAgain(String),
    /// The browser is online again: every waiting question is asked again.
    Online,
    Status {
        instance_id: String,
        status: InstanceStatus,
    },
    Done,
    /// The user left the live table (Back, or another view) while the batch still runs:
    /// the reinstalls go on without it.
    Leave,
    AskPowerOff(Vec<String>),
    SetForce(bool),
    CancelPowerOff,
    ConfirmPowerOff,
    StopAnswered {
        ids: Vec<String>,
        answer: Result<Vec<String>, ApiError>,
    },
    StatusesFound(Result<Vec<InstanceStatusEntry>, ApiError>),
    /// "Check again" on a power-off whose answer was lost.
    CheckPowerOffAgain,
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
    PowerOff(PowerCommand),
    /// Back to the list: the selection is cleared and the list re-read.
    ClearSelection,
    FocusReview,
}

pub fn update(stage: &Stage, event: Event) -> (Stage, Vec<Command>) {
    use Event::*;
    use Stage::*;
    let planning = || Planning {
        power_off: None,
        last: None,
    };
    match (stage, event) {
        (Selecting, Plan) => (planning(), vec![]),
        (Planning { .. }, Back) => (Selecting, vec![]),
        // Reviewed only once no power-off is under way (the review button waits for it too).
        (
            Planning {
                power_off: None, ..
            },
            Review(plan),
        ) => (Reviewing(plan), vec![]),
        (
            Planning {
                power_off: None, ..
            },
            AskPowerOff(ids),
        ) if !ids.is_empty() => (
            Planning {
                power_off: Some(PowerOff::ask(ids)),
                last: None,
            },
            vec![],
        ),
        (
            Planning {
                power_off: Some(power_off),
                ..
            },
            event,
        ) => match power_event(event) {
            Some(event) => power_step(power_off, event),
            None => (stage.clone(), vec![]),
        },
        (Reviewing(_), Cancel) => (planning(), vec![Command::FocusReview]),
        (Reviewing(plan), Confirm) => {
            let (batch, commands) = Batch::start(plan);
            (Running(batch), commands)
        }
        (Running(batch), Done) if batch.is_finished() => (Selecting, vec![Command::ClearSelection]),
        (Running(_), Leave) => (Selecting, vec![Command::ClearSelection]),
        (Running(batch), event) => {
            let mut batch = batch.clone();
            let commands = match event {
                ChunkAnswered { index, answer } => batch.answered(index, answer),
                OutcomeFound { instance_id, found } => batch.outcome(&instance_id, found),
                CheckAgain(id) => batch.check_again(Some(&id)),
                Online => batch.check_again(None),
                Status {
                    instance_id,
                    status,
                } => {
                    batch.seen(&instance_id, status);
                    vec![]
                }
                _ => vec![],
            };
            (Running(batch), commands)
        }
        (stage, _) => (stage.clone(), vec![]),
    }
}

/// The fleet's events that concern its power-off.
fn power_event(event: Event) -> Option<PowerEvent> {
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
        Event::CheckPowerOffAgain | Event::Online => PowerEvent::CheckAgain,
        _ => return None,
    })
}

fn power_step(power_off: &PowerOff, event: PowerEvent) -> (Stage, Vec<Command>) {
    let (next, commands) = power_off.update(event);
    let commands = commands.into_iter().map(Command::PowerOff).collect();
    let (power_off, last) = match next {
        Ok(power_off) => (Some(power_off), None),
        Err(PowerEnd::NotDone(result)) => (None, Some(result)),
        Err(PowerEnd::Cancelled | PowerEnd::Stopped) => (None, None),
    };
    (Stage::Planning { power_off, last }, commands)
}
