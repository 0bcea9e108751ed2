//! The reinstall flow as one state value and one transition function, in the manner of the
//! Elm architecture: `update(stage, event)` returns the next stage and the commands to run
//! (calls, storage, focus, DOM events). No DOM, no signals: every path is tested as plain
//! data. `session` owns the stage, runs the commands and feeds their results back in.
//!
//! ```text
//! Editing ──Review──▶ Reviewing(plan) ──Confirm──▶ Submitting(plan)
//!    ▲                    │Cancel                     │ accepted ─────────▶ Watching ──▶ Finished
//!    └────────────────────┘                           │ refused ──▶ Editing (message)
//!                                                     │ answer lost ──▶ Resolving(plan): ask the API
//!                              NotStarted(plan) ◀── still STOPPED │ DEPLOYING ──▶ Watching
//!                              └─Review again──▶ Reviewing(plan)  │ RUNNING / FAILED ──▶ Finished
//! ```

use serde::{Deserialize, Serialize};
use zec_api::live::{WidgetEvent, WidgetEventDetail};
use zec_api::rules::Field;
use zec_api::wire::{CreateSnapshotRequest, InstanceInfo, ResetInstanceRequest, SnapshotInfo};
use zec_api::{ErrorCode, InstanceStatus, ReinstallPhase, SnapshotStatus};

use crate::api::ApiError;
use crate::plan::{ReinstallPlan, TakenSnapshot};

/// A reinstall the API accepted (or was found running): what the live view shows and what a
/// reload resumes from. Never holds the password.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiveReinstall {
    pub instance_id: String,
    /// Empty when the answer was lost and the reinstall was found by asking.
    pub request_id: String,
    /// Milliseconds since the epoch.
    pub started_at: f64,
    pub image_id: String,
    pub image_name: String,
    /// "the password you set", "the SSH key pair ci-deploy", …
    pub login: String,
    /// The user name to log in with, and whether that is a guess.
    #[serde(default)]
    pub login_user: String,
    #[serde(default)]
    pub login_user_guessed: bool,
    #[serde(default)]
    pub is_windows: bool,
    /// The snapshot taken first, which can roll the reinstall back.
    #[serde(default)]
    pub snapshot: Option<TakenSnapshot>,
}

impl ActiveReinstall {
    fn of(plan: &ReinstallPlan, request_id: String, now: f64) -> ActiveReinstall {
        ActiveReinstall {
            snapshot: plan.taken.clone(),
            instance_id: plan.instance_id().to_owned(),
            request_id,
            started_at: now,
            image_id: plan.image_id.clone(),
            image_name: plan.image_name.clone(),
            login: plan.login.clone(),
            login_user: plan.login_user.0.to_owned(),
            login_user_guessed: plan.login_user.1,
            is_windows: plan.is_windows,
        }
    }

    fn detail(&self, status: &str) -> WidgetEventDetail {
        WidgetEventDetail {
            instance_id: self.instance_id.clone(),
            status: status.to_owned(),
            request_id: self.request_id.clone(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Running,
    Failed,
}

/// Where the flow stands. Each stage holds exactly what it needs.
#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    /// The form is open; a refusal of the last attempt is shown above it.
    Editing(Option<ApiError>),
    /// The dialog shows the frozen plan.
    Reviewing(ReinstallPlan),
    /// Taking the snapshot the plan asks for, before anything is erased. `snapshot_id` is
    /// known once CreateSnapshot answered.
    Snapshotting {
        plan: ReinstallPlan,
        snapshot_id: Option<String>,
        status: Option<SnapshotStatus>,
        started_at: f64,
    },
    /// The CreateSnapshot answer was lost: looking the snapshot up by its name.
    FindingSnapshot {
        plan: ReinstallPlan,
        started_at: f64,
    },
    /// No usable snapshot: nothing was erased. Retry, or review again without one.
    SnapshotFailed {
        plan: ReinstallPlan,
        reason: String,
    },
    /// The plan was sent; waiting for the answer.
    Submitting(ReinstallPlan),
    /// The answer was lost: asking the API whether the reinstall started. `error` is why the
    /// last question failed, after automatic attempts ran out.
    Resolving {
        plan: ReinstallPlan,
        attempts: u32,
        error: Option<ApiError>,
    },
    /// The API says the plan was not carried out; it can only be reviewed again.
    NotStarted {
        plan: ReinstallPlan,
        status: InstanceStatus,
    },
    Watching(ActiveReinstall),
    Finished(ActiveReinstall, Outcome),
}

/// What happened: the user's intents and the world's answers.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// Boxed: a plan is much larger than every other event.
    Review(Box<ReinstallPlan>),
    Cancel,
    Confirm,
    ResetAnswered(Result<String, ApiError>),
    OutcomeFound(Result<InstanceInfo, ApiError>),
    CheckAgain,
    ReviewAgain,
    /// Back from a plan that did not start to the form, to change it.
    EditAgain,
    Dismiss,
    /// The instance's status changed (from the one status subscription).
    Status(InstanceStatus),
    /// The user is done with a finished reinstall.
    Done,
    SnapshotCreated(Result<String, ApiError>),
    /// The snapshot as DescribeSnapshots shows it now (`None`: it is not there).
    SnapshotSeen(Result<Option<SnapshotInfo>, ApiError>),
    RetrySnapshot,
    /// Back to the dialog with the same plan, without the snapshot.
    ContinueWithoutSnapshot,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FocusTarget {
    /// The button that opens the review (after the dialog closes).
    Review,
    /// The panel's heading (after the view changes).
    Heading,
}

/// What the session must do; results come back as events.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    SendReset(ResetInstanceRequest),
    CreateSnapshot(CreateSnapshotRequest),
    /// Read the snapshot after `delay_ms`: by id, or (after a lost answer) by disk and name.
    ReadSnapshot {
        snapshot_id: Option<String>,
        disk_id: String,
        name: String,
        delay_ms: u32,
    },
    /// Ask DescribeInstances for the instance, after `delay_ms`.
    AskOutcome {
        delay_ms: u32,
    },
    /// Keep for a reload (sessionStorage), or forget.
    Remember(ActiveReinstall),
    Forget,
    Announce(WidgetEvent, WidgetEventDetail),
    /// Show the API's refusal next to the field it concerns.
    FieldError(Field, String),
    /// The API said this image has no QGA agent: remember it for the page's life.
    RememberNoAgent(String),
    /// Re-read the instance: its image, name and status changed.
    RefreshInstance,
    Focus(FocusTarget),
    /// Leave the finished view (the console returns to the list).
    Leave,
}

/// Automatic questions after a lost answer before "Check again" is offered.
pub const AUTO_ASKS: u32 = 3;

/// The next stage and the commands to run. Events that do not apply to a stage change
/// nothing: a second Confirm while submitting sends nothing.
pub fn update(stage: &Stage, event: Event, now: f64) -> (Stage, Vec<Command>) {
    use Event::*;
    use Stage::*;
    let unchanged = || (stage.clone(), vec![]);
    match (stage, event) {
        (Editing(_), Review(plan)) => (Reviewing(*plan), vec![]),
        (Editing(Some(_)), Dismiss) => (Editing(None), vec![]),
        (Reviewing(_), Cancel) => (Editing(None), vec![Command::Focus(FocusTarget::Review)]),
        (Reviewing(plan), Confirm) => confirmed(plan, now),
        (Snapshotting { .. } | FindingSnapshot { .. }, event) => snapshot_step(stage, event, now),
        (SnapshotFailed { plan, .. }, RetrySnapshot) => take_snapshot(plan, now),
        (SnapshotFailed { plan, .. }, ContinueWithoutSnapshot) => {
            (Reviewing(plan.without_snapshot()), vec![])
        }
        (Submitting(plan), ResetAnswered(Ok(request_id))) => {
            watch(ActiveReinstall::of(plan, request_id, now))
        }
        (Submitting(plan), ResetAnswered(Err(error))) => answer_failed(plan, error),
        (Resolving { plan, attempts, .. }, OutcomeFound(result)) => {
            resolved(plan, *attempts, result, now)
        }
        (
            Resolving {
                plan,
                error: Some(_),
                ..
            },
            CheckAgain,
        ) => (
            Resolving {
                plan: plan.clone(),
                attempts: 0,
                error: None,
            },
            vec![Command::AskOutcome { delay_ms: 0 }],
        ),
        (Resolving { plan, .. } | NotStarted { plan, .. }, Status(status))
            if status.reinstall_phase() == ReinstallPhase::InProgress =>
        {
            // It started after all: follow it.
            watch(ActiveReinstall::of(plan, String::new(), now))
        }
        (NotStarted { plan, .. }, ReviewAgain) => (Reviewing(plan.clone()), vec![]),
        (NotStarted { .. }, EditAgain) => (Editing(None), vec![]),
        (Watching(active), Status(status)) => watched_status(active, status),
        (Finished(..), Done) => (
            Editing(None),
            vec![Command::Leave, Command::Focus(FocusTarget::Heading)],
        ),
        _ => unchanged(),
    }
}

/// Confirm: the snapshot first when the plan has one not yet taken (a plan reviewed again
/// after a reinstall that did not start keeps its snapshot), else the reinstall.
fn confirmed(plan: &ReinstallPlan, now: f64) -> (Stage, Vec<Command>) {
    match (&plan.snapshot, &plan.taken) {
        (Some(_), None) => take_snapshot(plan, now),
        _ => (
            Stage::Submitting(plan.clone()),
            vec![Command::SendReset(plan.request.clone())],
        ),
    }
}

fn take_snapshot(plan: &ReinstallPlan, now: f64) -> (Stage, Vec<Command>) {
    let Some(snapshot) = &plan.snapshot else {
        return confirmed(plan, now);
    };
    let stage = Stage::Snapshotting {
        plan: plan.clone(),
        snapshot_id: None,
        status: None,
        started_at: now,
    };
    (
        stage,
        vec![Command::CreateSnapshot(snapshot.request.clone())],
    )
}

/// How often a snapshot being made is read, and how soon after it was requested.
pub const SNAPSHOT_POLL_MS: u32 = 2000;
pub const FIRST_SNAPSHOT_READ_MS: u32 = 1000;

fn read(plan: &ReinstallPlan, snapshot_id: Option<String>, delay_ms: u32) -> Command {
    let request = &plan
        .snapshot
        .as_ref()
        .expect("a snapshot step has a snapshot")
        .request;
    Command::ReadSnapshot {
        snapshot_id,
        disk_id: request.disk_id.clone(),
        name: request.snapshot_name.clone(),
        delay_ms,
    }
}

/// The snapshot steps: created → CREATING … AVAILABLE → the reinstall is sent. A lost
/// CreateSnapshot answer is resolved by looking the snapshot up by name, never by creating
/// another.
fn snapshot_step(stage: &Stage, event: Event, now: f64) -> (Stage, Vec<Command>) {
    let failed = |plan: &ReinstallPlan, reason: String| {
        (
            Stage::SnapshotFailed {
                plan: plan.clone(),
                reason,
            },
            vec![],
        )
    };
    match (stage, event) {
        (
            Stage::Snapshotting {
                plan,
                started_at,
                snapshot_id: None,
                ..
            },
            Event::SnapshotCreated(result),
        ) => match result {
            Ok(id) => (
                Stage::Snapshotting {
                    plan: plan.clone(),
                    snapshot_id: Some(id.clone()),
                    status: Some(SnapshotStatus::Creating),
                    started_at: *started_at,
                },
                vec![read(plan, Some(id), FIRST_SNAPSHOT_READ_MS)],
            ),
            Err(error) if error.outcome_unknown() => (
                Stage::FindingSnapshot {
                    plan: plan.clone(),
                    started_at: *started_at,
                },
                vec![read(plan, None, 0)],
            ),
            Err(error) => failed(plan, error.message()),
        },
        (
            Stage::Snapshotting {
                plan, started_at, ..
            }
            | Stage::FindingSnapshot { plan, started_at },
            Event::SnapshotSeen(result),
        ) => {
            let snapshot_id = match stage {
                Stage::Snapshotting { snapshot_id, .. } => snapshot_id.clone(),
                _ => None,
            };
            match result {
                // A read failed: reading is safe, so read again.
                Err(_) => (
                    stage.clone(),
                    vec![read(plan, snapshot_id, SNAPSHOT_POLL_MS)],
                ),
                Ok(None) if snapshot_id.is_none() => failed(
                    plan,
                    "The snapshot was not created; nothing was erased.".to_owned(),
                ),
                Ok(None) => failed(
                    plan,
                    "The snapshot disappeared before it was ready; nothing was erased.".to_owned(),
                ),
                Ok(Some(snapshot)) => match snapshot.status {
                    SnapshotStatus::Available => {
                        let taken = TakenSnapshot {
                            snapshot_id: snapshot.snapshot_id.clone(),
                            snapshot_name: snapshot.snapshot_name.clone(),
                            disk_id: snapshot.disk_id.clone(),
                            taken_at: now,
                            kept_until: plan
                                .snapshot
                                .as_ref()
                                .map(|s| s.kept_until.clone())
                                .unwrap_or_default(),
                            original_image_id: plan.original_image_id.clone(),
                        };
                        let announce = Command::Announce(
                            WidgetEvent::SnapshotCreated,
                            WidgetEventDetail {
                                instance_id: plan.instance_id().to_owned(),
                                status: snapshot.status.to_string(),
                                request_id: snapshot.snapshot_id.clone(),
                            },
                        );
                        (
                            Stage::Submitting(plan.with_taken(taken)),
                            vec![announce, Command::SendReset(plan.request.clone())],
                        )
                    }
                    SnapshotStatus::Failed => failed(
                        plan,
                        "The snapshot failed (FAILED); nothing was erased.".to_owned(),
                    ),
                    status => (
                        Stage::Snapshotting {
                            plan: plan.clone(),
                            snapshot_id: Some(snapshot.snapshot_id.clone()),
                            status: Some(status),
                            started_at: *started_at,
                        },
                        vec![read(plan, Some(snapshot.snapshot_id), SNAPSHOT_POLL_MS)],
                    ),
                },
            }
        }
        _ => (stage.clone(), vec![]),
    }
}

fn watch(active: ActiveReinstall) -> (Stage, Vec<Command>) {
    let announce = Command::Announce(
        WidgetEvent::ReinstallSubmitted,
        active.detail(InstanceStatus::Deploying.as_str()),
    );
    (
        Stage::Watching(active.clone()),
        vec![Command::Remember(active), announce],
    )
}

fn answer_failed(plan: &ReinstallPlan, error: ApiError) -> (Stage, Vec<Command>) {
    if error.outcome_unknown() {
        let stage = Stage::Resolving {
            plan: plan.clone(),
            attempts: 0,
            error: None,
        };
        return (stage, vec![Command::AskOutcome { delay_ms: 0 }]);
    }
    if let ApiError::Transport { .. } = error {
        // It never reached the API: nothing happened, and only a new review may send it.
        let stage = Stage::NotStarted {
            plan: plan.clone(),
            status: InstanceStatus::Stopped,
        };
        return (stage, vec![]);
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
            let message = format!("{} ({code})", error.message());
            let mut commands = vec![Command::FieldError(field, message)];
            if error.code() == Some(&ErrorCode::InvalidImageAgentNotSupport) {
                commands.push(Command::RememberNoAgent(plan.image_id.clone()));
            }
            (Stage::Editing(None), commands)
        }
        None => (Stage::Editing(Some(error)), vec![]),
    }
}

fn resolved(
    plan: &ReinstallPlan,
    attempts: u32,
    result: Result<InstanceInfo, ApiError>,
    now: f64,
) -> (Stage, Vec<Command>) {
    let instance = match result {
        Ok(instance) => instance,
        Err(error) => {
            let attempts = attempts + 1;
            let gave_up = attempts >= AUTO_ASKS;
            let stage = Stage::Resolving {
                plan: plan.clone(),
                attempts,
                error: gave_up.then_some(error),
            };
            let commands = if gave_up {
                vec![]
            } else {
                vec![Command::AskOutcome {
                    delay_ms: 1000 << attempts,
                }]
            };
            return (stage, commands);
        }
    };
    let active = ActiveReinstall::of(plan, String::new(), now);
    match instance.status.reinstall_phase() {
        ReinstallPhase::InProgress => watch(active),
        ReinstallPhase::Succeeded if instance.image_id == plan.image_id => {
            finish(active, Outcome::Running)
        }
        ReinstallPhase::Failed => finish(active, Outcome::Failed),
        // STOPPED (or anything else): the reinstall did not happen.
        _ => (
            Stage::NotStarted {
                plan: plan.clone(),
                status: instance.status,
            },
            vec![],
        ),
    }
}

fn watched_status(active: &ActiveReinstall, status: InstanceStatus) -> (Stage, Vec<Command>) {
    let change = Command::Announce(WidgetEvent::StatusChange, active.detail(status.as_str()));
    match status.reinstall_phase() {
        ReinstallPhase::Succeeded => with_first(change, finish(active.clone(), Outcome::Running)),
        ReinstallPhase::Failed => with_first(change, finish(active.clone(), Outcome::Failed)),
        _ => (Stage::Watching(active.clone()), vec![change]),
    }
}

fn finish(active: ActiveReinstall, outcome: Outcome) -> (Stage, Vec<Command>) {
    let status = match outcome {
        Outcome::Running => InstanceStatus::Running,
        Outcome::Failed => InstanceStatus::ReinstallFailed,
    };
    let finished = Command::Announce(
        WidgetEvent::ReinstallFinished,
        active.detail(status.as_str()),
    );
    (
        Stage::Finished(active, outcome),
        vec![Command::Forget, finished, Command::RefreshInstance],
    )
}

fn with_first(
    command: Command,
    (stage, mut commands): (Stage, Vec<Command>),
) -> (Stage, Vec<Command>) {
    commands.insert(0, command);
    (stage, commands)
}
