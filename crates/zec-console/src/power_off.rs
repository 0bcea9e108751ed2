//! Powering instances off: the one machine behind the panel's "Power off…", the fleet's
//! "Power off the N running ones…" and the power-off before a rollback. It asks first (Force
//! off until the user ticks it), sends StopInstances once per ≤ 100 ids, resolves a lost
//! answer by asking the API for the statuses (`resolve`), never by sending again, and follows
//! the statuses until every accepted instance is STOPPED.
//!
//! ```text
//! Asking ──Confirm──▶ Sending ──all answered──▶ Stopping ──every one STOPPED──▶ end: Stopped
//!   │ Cancel ▶ end      │ some lost ──▶ Resolving (DescribeInstancesStatus) ──▶ Stopping
//!                       │ refused or listed as failed ──▶ end: NotDone(what did not happen)
//! ```

use zec_api::rules::MAX_INSTANCE_IDS;
use zec_api::wire::{InstanceStatusEntry, StopInstancesRequest};
use zec_api::{ErrorCode, InstanceStatus};

use crate::error::ApiError;
use crate::resolve::Resolver;

#[derive(Clone, Debug, PartialEq)]
pub enum PowerOff {
    /// The confirmation is open.
    Asking { ids: Vec<String>, force: bool },
    /// StopInstances was sent; `pending` answers are still to come.
    Sending {
        force: bool,
        pending: usize,
        tally: Tally,
    },
    /// Some answers were lost: asking the API whether those instances are powering off.
    Resolving { tally: Tally, asking: Resolver },
    /// Accepted: waiting for these instances to be STOPPED.
    Stopping { ids: Vec<String> },
}

/// What the answers said so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    /// Accepted and not yet seen STOPPED.
    pub accepted: Vec<String>,
    /// No readable answer: to be asked about.
    pub lost: Vec<String>,
    /// Seen STOPPED on the live stream before their answer came.
    pub stopped: Vec<String>,
    pub not_done: PowerResult,
}

/// What did not happen: the ids that were not powered off, and the refusals.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PowerResult {
    pub failed: Vec<String>,
    pub errors: Vec<ApiError>,
}

impl PowerResult {
    fn is_empty(&self) -> bool {
        self.failed.is_empty() && self.errors.is_empty()
    }

    /// The error to show for one instance: the API's refusal, or that it was not powered off.
    pub fn error(&self) -> ApiError {
        self.errors.first().cloned().unwrap_or(ApiError::Refused {
            status: 400,
            code: ErrorCode::UnsupportedOperationInstanceStatus,
            message: crate::i18n::text(crate::i18n::msg::CouldNotPowerOff),
            request_id: String::new(),
        })
    }

    /// The sentence to show for many instances.
    pub fn sentence(&self) -> String {
        use crate::i18n::{error_message, msg, text, word, Id};
        let reasons: Vec<String> = (self.failed.iter().cloned())
            .chain(self.errors.iter().map(error_message))
            .collect();
        text(msg::NotPoweredOff {
            reasons: reasons.join(&word(Id::ListSeparator)),
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum PowerEvent {
    SetForce(bool),
    Cancel,
    Confirm,
    /// The answer to the StopInstances call that named `ids`: the ids that failed.
    StopAnswered {
        ids: Vec<String>,
        answer: Result<Vec<String>, ApiError>,
    },
    /// What DescribeInstancesStatus says about the instances asked about.
    StatusesFound(Result<Vec<InstanceStatusEntry>, ApiError>),
    Status {
        instance_id: String,
        status: InstanceStatus,
    },
    /// "Check again", or the browser is online again.
    CheckAgain,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PowerCommand {
    SendStop(StopInstancesRequest),
    /// Ask DescribeInstancesStatus for these instances after `delay_ms`.
    AskStatuses {
        ids: Vec<String>,
        delay_ms: u32,
    },
}

/// How a power-off ended.
#[derive(Clone, Debug, PartialEq)]
pub enum PowerEnd {
    Cancelled,
    /// Every instance is STOPPED.
    Stopped,
    NotDone(PowerResult),
}

/// The next state, or how it ended; and the commands to run.
pub type PowerStep = (Result<PowerOff, PowerEnd>, Vec<PowerCommand>);

/// StopInstances calls of at most `MAX_INSTANCE_IDS` ids.
pub fn stop_requests(ids: &[String], force: bool) -> Vec<StopInstancesRequest> {
    ids.chunks(MAX_INSTANCE_IDS)
        .map(|ids| StopInstancesRequest {
            instance_ids: ids.to_vec(),
            force_shutdown: force.then_some(true),
        })
        .collect()
}

impl PowerOff {
    /// The confirmation for these instances.
    pub fn ask(ids: Vec<String>) -> PowerOff {
        PowerOff::Asking { ids, force: false }
    }

    /// Confirmed (or confirmed elsewhere, as a rollback does): StopInstances is sent.
    pub fn send(ids: &[String], force: bool) -> (PowerOff, Vec<PowerCommand>) {
        let requests = stop_requests(ids, force);
        let sending = PowerOff::Sending {
            force,
            pending: requests.len(),
            tally: Tally::default(),
        };
        (
            sending,
            requests.into_iter().map(PowerCommand::SendStop).collect(),
        )
    }

    pub fn force(&self) -> bool {
        matches!(
            self,
            PowerOff::Asking { force: true, .. } | PowerOff::Sending { force: true, .. }
        )
    }

    pub fn update(&self, event: PowerEvent) -> PowerStep {
        use PowerEvent::*;
        let same = || (Ok(self.clone()), vec![]);
        match (self, event) {
            (PowerOff::Asking { ids, .. }, SetForce(force)) => (
                Ok(PowerOff::Asking {
                    ids: ids.clone(),
                    force,
                }),
                vec![],
            ),
            (PowerOff::Asking { .. }, Cancel) => (Err(PowerEnd::Cancelled), vec![]),
            (PowerOff::Asking { ids, force }, Confirm) => {
                let (sending, commands) = PowerOff::send(ids, *force);
                (Ok(sending), commands)
            }
            (
                PowerOff::Sending {
                    force,
                    pending,
                    tally,
                },
                StopAnswered { ids, answer },
            ) => {
                let mut tally = tally.clone();
                match answer {
                    Ok(failed) => {
                        let (not, yes): (Vec<String>, Vec<String>) =
                            ids.into_iter().partition(|id| failed.contains(id));
                        tally.not_done.failed.extend(not);
                        tally.accepted.extend(yes);
                    }
                    Err(error) if error.outcome_unknown() => tally.lost.extend(ids),
                    Err(error) => tally.not_done.errors.push(error),
                }
                match pending.saturating_sub(1) {
                    0 => answered(tally),
                    pending => (
                        Ok(PowerOff::Sending {
                            force: *force,
                            pending,
                            tally,
                        }),
                        vec![],
                    ),
                }
            }
            (PowerOff::Resolving { tally, .. }, StatusesFound(Ok(entries))) => {
                let mut tally = tally.clone();
                for id in std::mem::take(&mut tally.lost) {
                    let status = entries
                        .iter()
                        .find(|entry| entry.instance_id == id)
                        .map(|entry| &entry.instance_status);
                    match status {
                        Some(InstanceStatus::Stopped) => {}
                        Some(InstanceStatus::Stopping) => tally.accepted.push(id),
                        _ => tally.not_done.failed.push(id),
                    }
                }
                answered(tally)
            }
            (PowerOff::Resolving { tally, asking }, StatusesFound(Err(error))) => {
                let (asking, delay) = asking.failed(error);
                let commands = delay
                    .map(|delay_ms| ask(&tally.lost, delay_ms))
                    .into_iter()
                    .collect();
                let tally = tally.clone();
                (Ok(PowerOff::Resolving { tally, asking }), commands)
            }
            (PowerOff::Resolving { tally, asking }, CheckAgain) => {
                let (asking, delay) = asking.again();
                let commands = delay
                    .map(|delay_ms| ask(&tally.lost, delay_ms))
                    .into_iter()
                    .collect();
                let tally = tally.clone();
                (Ok(PowerOff::Resolving { tally, asking }), commands)
            }
            (
                state,
                Status {
                    instance_id,
                    status,
                },
            ) => state.status_seen(&instance_id, &status),
            _ => same(),
        }
    }

    /// A status from the live stream: a STOPPED instance is done; a lost one seen powering
    /// off was accepted after all.
    fn status_seen(&self, instance_id: &str, status: &InstanceStatus) -> PowerStep {
        let stopped = *status == InstanceStatus::Stopped;
        let powering_off = stopped || *status == InstanceStatus::Stopping;
        let id = instance_id.to_owned();
        match self {
            PowerOff::Stopping { ids } if stopped => {
                let ids: Vec<String> = ids.iter().filter(|i| **i != id).cloned().collect();
                match ids.is_empty() {
                    true => (Err(PowerEnd::Stopped), vec![]),
                    false => (Ok(PowerOff::Stopping { ids }), vec![]),
                }
            }
            PowerOff::Sending {
                force,
                pending,
                tally,
            } if stopped => {
                let mut tally = tally.clone();
                tally.stopped.push(id);
                let sending = PowerOff::Sending {
                    force: *force,
                    pending: *pending,
                    tally,
                };
                (Ok(sending), vec![])
            }
            PowerOff::Resolving { tally, asking } if powering_off => {
                let mut tally = tally.clone();
                if stopped {
                    tally.stopped.push(id.clone());
                }
                if tally.lost.contains(&id) {
                    tally.lost.retain(|i| *i != id);
                    tally.accepted.push(id);
                    if tally.lost.is_empty() {
                        return answered(tally);
                    }
                }
                let asking = asking.clone();
                (Ok(PowerOff::Resolving { tally, asking }), vec![])
            }
            _ => (Ok(self.clone()), vec![]),
        }
    }
}

fn ask(ids: &[String], delay_ms: u32) -> PowerCommand {
    PowerCommand::AskStatuses {
        ids: ids.to_vec(),
        delay_ms,
    }
}

/// Every answer is in: ask about the lost ones, or say what did not happen, or follow the
/// accepted ones to STOPPED.
fn answered(mut tally: Tally) -> PowerStep {
    if !tally.lost.is_empty() {
        let (asking, delay_ms) = Resolver::start();
        let command = ask(&tally.lost, delay_ms);
        return (Ok(PowerOff::Resolving { tally, asking }), vec![command]);
    }
    let stopped = std::mem::take(&mut tally.stopped);
    tally.accepted.retain(|id| !stopped.contains(id));
    if !tally.not_done.is_empty() {
        return (Err(PowerEnd::NotDone(tally.not_done)), vec![]);
    }
    if tally.accepted.is_empty() {
        return (Err(PowerEnd::Stopped), vec![]);
    }
    (
        Ok(PowerOff::Stopping {
            ids: tally.accepted,
        }),
        vec![],
    )
}
