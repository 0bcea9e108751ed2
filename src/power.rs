//! Powering off before a reinstall, as a small state machine beside `flow`: it asks first,
//! sends StopInstances once, and resolves a lost answer by asking the API, never by sending
//! again. Pure, tested without a DOM.

use zec_api::{ErrorCode, InstanceStatus};

use crate::api::ApiError;

#[derive(Clone, Debug, PartialEq)]
pub enum Power {
    /// Nothing asked; the last failure, if any, is shown.
    Idle(Option<ApiError>),
    /// The confirmation is open. Force is off until the user ticks it.
    Asking {
        force: bool,
    },
    Sending {
        force: bool,
    },
    /// The answer was lost: asking the API whether the instance is powering off.
    Resolving,
    /// Accepted: waiting for STOPPED.
    Stopping,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PowerEvent {
    Ask,
    SetForce(bool),
    Cancel,
    Confirm,
    Answered(Result<Vec<String>, ApiError>),
    /// What the API says the instance's status is now.
    Found(Result<InstanceStatus, ApiError>),
    Status(InstanceStatus),
}

#[derive(Clone, Debug, PartialEq)]
pub enum PowerCommand {
    SendStop {
        force: bool,
    },
    AskStatus {
        delay_ms: u32,
    },
    /// Focus the dialog's cancel button, the power-off button, or the form once STOPPED.
    FocusPowerButton,
    FocusForm,
}

pub fn update_power(power: &Power, event: PowerEvent) -> (Power, Vec<PowerCommand>) {
    use Power::*;
    use PowerEvent::*;
    match (power, event) {
        (Idle(_), Ask) => (Asking { force: false }, vec![]),
        (Asking { .. }, SetForce(force)) => (Asking { force }, vec![]),
        (Asking { .. }, Cancel) => (Idle(None), vec![PowerCommand::FocusPowerButton]),
        (Asking { force }, Confirm) => (
            Sending { force: *force },
            vec![PowerCommand::SendStop { force: *force }],
        ),
        (Sending { .. }, Answered(Ok(failed))) if failed.is_empty() => (Stopping, vec![]),
        (Sending { .. }, Answered(Ok(_))) => (Idle(Some(not_powered_off())), vec![]),
        (Sending { .. }, Answered(Err(error))) if error.outcome_unknown() => {
            (Resolving, vec![PowerCommand::AskStatus { delay_ms: 0 }])
        }
        (Sending { .. }, Answered(Err(error))) => (Idle(Some(error)), vec![]),
        (Resolving, Found(Ok(status))) => match status {
            InstanceStatus::Stopped => (Idle(None), vec![PowerCommand::FocusForm]),
            InstanceStatus::Stopping => (Stopping, vec![]),
            _ => (Idle(Some(not_powered_off())), vec![]),
        },
        (Resolving, Found(Err(_))) => (Resolving, vec![PowerCommand::AskStatus { delay_ms: 2000 }]),
        (Resolving | Stopping, Status(InstanceStatus::Stopped)) => {
            (Idle(None), vec![PowerCommand::FocusForm])
        }
        (Resolving, Status(InstanceStatus::Stopping)) => (Stopping, vec![]),
        (unchanged, _) => (unchanged.clone(), vec![]),
    }
}

fn not_powered_off() -> ApiError {
    ApiError::Refused {
        status: 400,
        code: ErrorCode::UnsupportedOperationInstanceStatus,
        message: "The instance could not be powered off in its current state.".to_owned(),
        request_id: String::new(),
    }
}
