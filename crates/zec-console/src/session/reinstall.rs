//! The reinstall's own steps: confirm, send, resolve a lost answer, watch, finish.

use zec_api::live::WidgetEvent;
use zec_api::rules::Field;
use zec_api::wire::InstanceInfo;
use zec_api::{ErrorCode, InstanceStatus, ReinstallPhase};

use super::{snapshot, ActiveReinstall, Activity, Command, Env, Event, FocusTarget, Notice};
use super::{Outcome, Panel, Step};
use crate::error::ApiError;
use crate::plan::ReinstallPlan;
use crate::resolve::Resolver;

pub(super) fn update(panel: &Panel, event: Event, env: Env<'_>) -> Step {
    use Activity::*;
    let now = env.now_ms;
    let to = |activity: Activity, commands: Vec<Command>| (panel.with(activity), commands);
    // Back to the form from a plan: a snapshot it took waits for the next plan.
    let editing = |plan: &ReinstallPlan, commands: Vec<Command>| {
        let mut next = panel.with(Editing(None));
        next.spare = plan.taken.clone().or(next.spare);
        (next, commands)
    };
    match (&panel.activity, event) {
        (Reviewing(plan) | Stale { plan, .. }, Event::Cancel) => {
            editing(plan, vec![Command::Focus(FocusTarget::Review)])
        }
        (Reviewing(plan), Event::Confirm) => confirmed(panel, plan, now),
        (Stale { plan, .. }, Event::ReviewAgain) => editing(plan, vec![Command::ReviewForm]),
        (Snapshotting { .. } | FindingSnapshot { .. }, event) => snapshot::step(panel, event, now),
        (SnapshotFailed { plan, .. }, Event::RetrySnapshot) => snapshot::take(panel, plan, now),
        (SnapshotFailed { plan, .. }, Event::ContinueWithoutSnapshot) => {
            to(Reviewing(plan.without_snapshot()), vec![])
        }
        (Submitting(plan), Event::ResetAnswered(Ok(request_id))) => {
            watch(panel, ActiveReinstall::of(plan, request_id, now))
        }
        (Submitting(plan), Event::ResetAnswered(Err(error))) => answer_failed(panel, plan, error),
        (Resolving { plan, .. }, Event::OutcomeFound(Ok(instance))) => {
            resolved(panel, plan, &instance, now)
        }
        (Resolving { plan, asking }, Event::OutcomeFound(Err(error))) => {
            let (asking, delay) = asking.failed(error);
            let commands = delay
                .map(|delay_ms| Command::AskOutcome { delay_ms })
                .into_iter()
                .collect();
            let plan = plan.clone();
            to(Resolving { plan, asking }, commands)
        }
        (Resolving { plan, asking }, Event::CheckAgain | Event::Online) => {
            let (asking, delay) = asking.again();
            let commands = delay
                .map(|delay_ms| Command::AskOutcome { delay_ms })
                .into_iter()
                .collect();
            let plan = plan.clone();
            to(Resolving { plan, asking }, commands)
        }
        (Resolving { plan, .. } | NotStarted { plan, .. }, Event::Status(status))
            if status.reinstall_phase() == ReinstallPhase::InProgress =>
        {
            // It started after all: follow it.
            watch(panel, ActiveReinstall::of(plan, String::new(), now))
        }
        (NotStarted { plan, .. }, Event::ReviewAgain) => to(Reviewing(plan.clone()), vec![]),
        (NotStarted { plan, .. }, Event::EditAgain) => editing(plan, vec![]),
        (Watching(active), Event::Status(status)) => watched_status(panel, active, status),
        (Finished { .. }, Event::Done) => to(
            Editing(None),
            vec![Command::Leave, Command::Focus(FocusTarget::Heading)],
        ),
        _ => (panel.clone(), vec![]),
    }
}

/// Confirm: the snapshot first when the plan has one not yet taken (a plan reviewed again
/// after a reinstall that did not start keeps its snapshot), else the reinstall.
pub(super) fn confirmed(panel: &Panel, plan: &ReinstallPlan, now: f64) -> Step {
    match (&plan.snapshot, &plan.taken) {
        (Some(_), None) => snapshot::take(panel, plan, now),
        _ => (
            panel.with(Activity::Submitting(plan.clone())),
            vec![send(plan)],
        ),
    }
}

/// The one way ResetInstance is sent: the plan's request, exactly.
pub(super) fn send(plan: &ReinstallPlan) -> Command {
    Command::SendReset {
        request: plan.request.clone(),
        hand_over_password: plan.hand_over_password,
    }
}

pub(super) fn watch(panel: &Panel, active: ActiveReinstall) -> Step {
    let announce = Command::Announce(
        WidgetEvent::ReinstallSubmitted,
        active.detail(InstanceStatus::Deploying.as_str()),
    );
    let mut next = panel.with(Activity::Watching(active.clone()));
    // Its snapshot (if any) is the reinstall's now.
    next.spare = None;
    (next, vec![Command::Remember(active), announce])
}

fn answer_failed(panel: &Panel, plan: &ReinstallPlan, error: ApiError) -> Step {
    // Refused: a snapshot taken for the plan waits for the next one.
    let mut panel = panel.clone();
    panel.spare = plan.taken.clone().or(panel.spare);
    let panel = &panel;
    if error.outcome_unknown() {
        let (asking, delay_ms) = Resolver::start();
        let plan = plan.clone();
        return (
            panel.with(Activity::Resolving { plan, asking }),
            vec![Command::AskOutcome { delay_ms }],
        );
    }
    if let ApiError::Transport { .. } = error {
        // It never reached the API: nothing happened, and only a new review may send it.
        let activity = Activity::NotStarted {
            plan: plan.clone(),
            status: InstanceStatus::Stopped,
        };
        return (panel.with(activity), vec![]);
    }
    let field = error
        .code()
        .and_then(Field::for_code)
        .filter(|field| *field != Field::Instance);
    match field {
        Some(field) => {
            let code = error
                .code()
                .map(|code| code.to_string())
                .unwrap_or_default();
            let message = crate::i18n::text(crate::i18n::msg::WithCode {
                words: crate::i18n::error_message(&error),
                code,
            });
            let mut commands = vec![Command::FieldError(field, message)];
            if error.code() == Some(&ErrorCode::InvalidImageAgentNotSupport) {
                commands.push(Command::RememberNoAgent(plan.image_id.clone()));
            }
            (panel.with(Activity::Editing(None)), commands)
        }
        // Not about a field (the instance's state, most often): the instance is read again
        // so the panel shows what it is now.
        None => (
            panel.with(Activity::Editing(Some(Notice::Refused(error)))),
            vec![Command::RefreshInstance],
        ),
    }
}

fn resolved(panel: &Panel, plan: &ReinstallPlan, instance: &InstanceInfo, now: f64) -> Step {
    let active = ActiveReinstall::of(plan, String::new(), now);
    match instance.status.reinstall_phase() {
        ReinstallPhase::InProgress => watch(panel, active),
        ReinstallPhase::Succeeded if instance.image_id == plan.image_id => {
            finish(panel, active, Outcome::Running)
        }
        ReinstallPhase::Failed => finish(panel, active, Outcome::Failed),
        // STOPPED (or anything else): the reinstall did not happen.
        _ => {
            let activity = Activity::NotStarted {
                plan: plan.clone(),
                status: instance.status.clone(),
            };
            (panel.with(activity), vec![])
        }
    }
}

fn watched_status(panel: &Panel, active: &ActiveReinstall, status: InstanceStatus) -> Step {
    let change = Command::Announce(WidgetEvent::StatusChange, active.detail(status.as_str()));
    let (panel, mut commands) = match status.reinstall_phase() {
        ReinstallPhase::Succeeded => finish(panel, active.clone(), Outcome::Running),
        ReinstallPhase::Failed => finish(panel, active.clone(), Outcome::Failed),
        _ => (panel.clone(), vec![]),
    };
    commands.insert(0, change);
    (panel, commands)
}

pub(super) fn finish(panel: &Panel, active: ActiveReinstall, outcome: Outcome) -> Step {
    let status = match outcome {
        Outcome::Running => InstanceStatus::Running,
        Outcome::Failed => InstanceStatus::ReinstallFailed,
    };
    let finished = Command::Announce(
        WidgetEvent::ReinstallFinished,
        active.detail(status.as_str()),
    );
    let activity = Activity::Finished {
        active,
        outcome,
        undone: None,
    };
    (
        panel.with(activity),
        vec![Command::Forget, finished, Command::RefreshInstance],
    )
}
