//! The reinstall and power-off flows, the plan and the reading of answers, as plain data:
//! no DOM, no signals. Run in Chromium with the other browser tests.

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use serde_json::{json, Value};
use wasm_bindgen_test::wasm_bindgen_test;
use zec_api::live::WidgetEvent;
use zec_api::rules::Field;
use zec_api::wire::{Empty, FailedInstances, Image, InstanceInfo, KeyPair, SnapshotInfo};
use zec_api::{Action, ErrorCode, InstanceStatus, SnapshotStatus};
use zec_reinstall::api::{read_answer, ApiError, Sent};
use zec_reinstall::flow::{update, Command, Event, FocusTarget, Outcome, Stage, AUTO_ASKS};
use zec_reinstall::form::{FormContext, LoginChoice, ReinstallForm};
use zec_reinstall::plan::ReinstallPlan;
use zec_reinstall::power::{update_power, Power, PowerCommand, PowerEvent};
use zec_reinstall::undo::{update_undo, Undo, UndoCommand, UndoEvent, UndoTarget};

const FIXTURE: &str = include_str!("../crates/zec-emulator/fixtures/default.json");
const NOW: f64 = 1_000.0;
/// 2026-11-27T08:00:00Z.
const NOW_UNIX: i64 = 1_795_766_400;

struct World {
    instances: Vec<InstanceInfo>,
    images: Vec<Image>,
    keys: Vec<KeyPair>,
}

fn world() -> World {
    let fixture: Value = serde_json::from_str(FIXTURE).unwrap();
    World {
        instances: serde_json::from_value(fixture["instances"].clone()).unwrap(),
        images: serde_json::from_value(fixture["images"].clone()).unwrap(),
        keys: serde_json::from_value(fixture["keyPairs"].clone()).unwrap(),
    }
}

impl World {
    fn instance(&self, id: &str) -> InstanceInfo {
        self.instances
            .iter()
            .find(|i| i.instance_id == id)
            .unwrap()
            .clone()
    }

    fn plan(&self, form: &ReinstallForm) -> Result<ReinstallPlan, Vec<Field>> {
        let instance = self
            .instances
            .iter()
            .find(|i| i.instance_id == "ins-web-01")
            .unwrap();
        let context = FormContext {
            instance,
            images: &self.images,
            key_pairs: &self.keys,
            time_zones: None,
            images_without_agent: None,
        };
        ReinstallPlan::from_form(form, &context, NOW_UNIX)
    }
}

/// web-01 gets Debian 12 with a password, without a snapshot first.
fn debian_plan() -> ReinstallPlan {
    let mut form = ReinstallForm {
        image_id: Some("img-debian-12".into()),
        password: "Abcdef1!".into(),
        ..ReinstallForm::default()
    };
    form.snapshot.enabled = false;
    world().plan(&form).unwrap()
}

/// The same with the snapshot the form suggests.
fn snapshot_plan() -> ReinstallPlan {
    world()
        .plan(&ReinstallForm {
            image_id: Some("img-debian-12".into()),
            password: "Abcdef1!".into(),
            ..ReinstallForm::default()
        })
        .unwrap()
}

fn snapshot(status: SnapshotStatus) -> SnapshotInfo {
    serde_json::from_value(
        json!({"snapshotId": "snap-1", "snapshotName": "before-reinstall-web-01-20261127-0800",
        "zoneId": "z", "status": status.as_str(), "diskId": "disk-web-01"}),
    )
    .unwrap()
}

fn lost() -> ApiError {
    ApiError::Transport {
        detail: "network error".into(),
        may_have_arrived: true,
    }
}

fn refused(code: ErrorCode) -> ApiError {
    ApiError::Refused {
        status: code.http_status(),
        message: code.message().into(),
        code,
        request_id: "req-1".into(),
    }
}

fn with_status(id: &str, status: InstanceStatus, image_id: &str) -> InstanceInfo {
    InstanceInfo {
        status,
        image_id: image_id.into(),
        ..world().instance(id)
    }
}

/// Runs events from a stage and collects every command.
fn run(mut stage: Stage, events: Vec<Event>) -> (Stage, Vec<Command>) {
    let mut all = vec![];
    for event in events {
        let (next, commands) = update(&stage, event, NOW);
        stage = next;
        all.extend(commands);
    }
    (stage, all)
}

fn sends(commands: &[Command]) -> usize {
    commands
        .iter()
        .filter(|c| matches!(c, Command::SendReset(_)))
        .count()
}

#[wasm_bindgen_test]
fn the_plan_is_the_request_and_what_the_dialog_says() {
    let plan = debian_plan();
    assert_eq!(
        serde_json::to_value(&plan.request).unwrap(),
        json!({"instanceId": "ins-web-01", "imageId": "img-debian-12", "password": "Abcdef1!", "enableAgent": false})
    );
    assert_eq!(
        plan.headline(),
        "The boot disk of web-01 (40 GiB) will be erased and Debian 12 installed."
    );
    assert_eq!(plan.image_id, "img-debian-12");
    assert_eq!(plan.login, "the password you set");
    let qga = plan
        .consequences
        .changes
        .iter()
        .find(|row| row.label == "QGA agent");
    assert!(
        !qga.unwrap().changed(),
        "web-01 has QGA off and keeps it off"
    );

    let blocked = world().plan(&ReinstallForm {
        instance_name: "x".into(),
        ..ReinstallForm::default()
    });
    assert_eq!(
        blocked,
        Err(vec![Field::Password, Field::InstanceName]),
        "in form order"
    );

    let key = world()
        .plan(&ReinstallForm {
            login: LoginChoice::KeyPair,
            key_id: Some("key-ci".into()),
            ..ReinstallForm::default()
        })
        .unwrap();
    assert_eq!(
        key.image_id, "img-ubuntu-2204",
        "keeping the image plans the current one"
    );
    assert_eq!(key.request.options.password, None);
}

#[wasm_bindgen_test]
fn confirm_sends_exactly_the_plan_once() {
    let plan = debian_plan();
    let (stage, commands) = run(
        Stage::Editing(None),
        vec![
            Event::Review(Box::new(plan.clone())),
            Event::Confirm,
            Event::Confirm,
            Event::Cancel,
        ],
    );
    assert_eq!(
        stage,
        Stage::Submitting(plan.clone()),
        "cancel is ignored while submitting"
    );
    assert_eq!(commands, vec![Command::SendReset(plan.request.clone())]);

    let (stage, commands) = run(Stage::Reviewing(plan), vec![Event::Cancel]);
    assert_eq!(stage, Stage::Editing(None));
    assert_eq!(commands, vec![Command::Focus(FocusTarget::Review)]);
}

#[wasm_bindgen_test]
fn an_accepted_reinstall_is_watched_to_the_end() {
    let plan = debian_plan();
    let (stage, commands) = run(
        Stage::Submitting(plan),
        vec![Event::ResetAnswered(Ok("req-9".into()))],
    );
    let Stage::Watching(active) = &stage else {
        panic!("{stage:?}")
    };
    assert_eq!(
        (active.request_id.as_str(), active.image_name.as_str()),
        ("req-9", "Debian 12")
    );
    assert_eq!(active.started_at, NOW);
    assert!(commands.contains(&Command::Remember(active.clone())));
    assert!(
        matches!(&commands[1], Command::Announce(WidgetEvent::ReinstallSubmitted, d) if d.request_id == "req-9")
    );

    let (middle, commands) = run(
        stage.clone(),
        vec![Event::Status(InstanceStatus::Deploying)],
    );
    assert_eq!(middle, stage, "still watching");
    assert!(
        matches!(&commands[..], [Command::Announce(WidgetEvent::StatusChange, d)] if d.status == "DEPLOYING")
    );

    let (end, commands) = run(middle, vec![Event::Status(InstanceStatus::Running)]);
    assert!(matches!(end, Stage::Finished(_, Outcome::Running)));
    assert!(commands.contains(&Command::Forget));
    assert!(
        commands.contains(&Command::RefreshInstance),
        "the header and list get the new image"
    );
    assert!(commands.iter().any(|c| matches!(c, Command::Announce(WidgetEvent::ReinstallFinished, d) if d.status == "RUNNING")));

    let (failed, _) = run(stage, vec![Event::Status(InstanceStatus::ReinstallFailed)]);
    assert!(matches!(failed, Stage::Finished(_, Outcome::Failed)));
}

#[wasm_bindgen_test]
fn refusals_go_to_their_field_or_a_banner_and_send_nothing_again() {
    let plan = debian_plan();
    let (stage, commands) = run(
        Stage::Submitting(plan.clone()),
        vec![Event::ResetAnswered(Err(refused(
            ErrorCode::InvalidImageAgentNotSupport,
        )))],
    );
    assert_eq!(stage, Stage::Editing(None));
    assert!(
        matches!(&commands[..], [Command::FieldError(Field::EnableAgent, m), Command::RememberNoAgent(image)]
            if m.contains("INVALID_IMAGE_AGENT_NOT_SUPPORT") && image == "img-debian-12")
    );

    let error = refused(ErrorCode::InternalServerError);
    let (stage, commands) = run(
        Stage::Submitting(plan),
        vec![Event::ResetAnswered(Err(error.clone()))],
    );
    assert_eq!(stage, Stage::Editing(Some(error)));
    assert!(commands.is_empty());
    let (stage, commands) = run(stage, vec![Event::Dismiss, Event::Confirm]);
    assert_eq!(
        (stage, sends(&commands)),
        (Stage::Editing(None), 0),
        "Dismiss only hides"
    );
}

#[wasm_bindgen_test]
fn a_request_that_never_left_must_be_reviewed_again() {
    let plan = debian_plan();
    let never_left = ApiError::Transport {
        detail: "bad request".into(),
        may_have_arrived: false,
    };
    let (stage, commands) = run(
        Stage::Submitting(plan.clone()),
        vec![Event::ResetAnswered(Err(never_left))],
    );
    assert!(matches!(&stage, Stage::NotStarted { plan: p, .. } if *p == plan));
    assert!(commands.is_empty(), "nothing is asked or sent");
    let (stage, commands) = run(stage, vec![Event::Confirm, Event::ReviewAgain]);
    assert_eq!(sends(&commands), 0);
    assert_eq!(
        stage,
        Stage::Reviewing(plan),
        "Review again reopens the dialog with the plan"
    );
}

#[wasm_bindgen_test]
fn a_lost_answer_is_resolved_by_asking_never_by_sending() {
    let plan = debian_plan();
    let (asking, commands) = run(
        Stage::Submitting(plan.clone()),
        vec![Event::ResetAnswered(Err(lost()))],
    );
    assert!(matches!(
        asking,
        Stage::Resolving {
            attempts: 0,
            error: None,
            ..
        }
    ));
    assert_eq!(commands, vec![Command::AskOutcome { delay_ms: 0 }]);

    // In progress: the live view of the plan, without a request id.
    let deploying = with_status("ins-web-01", InstanceStatus::Deploying, "img-ubuntu-2204");
    let (stage, commands) = run(asking.clone(), vec![Event::OutcomeFound(Ok(deploying))]);
    assert!(
        matches!(&stage, Stage::Watching(a) if a.request_id.is_empty() && a.image_id == "img-debian-12")
    );
    assert_eq!(sends(&commands), 0);

    // Finished on the planned image: done.
    let done = with_status("ins-web-01", InstanceStatus::Running, "img-debian-12");
    let (stage, _) = run(asking.clone(), vec![Event::OutcomeFound(Ok(done))]);
    assert!(matches!(stage, Stage::Finished(_, Outcome::Running)));

    // Still STOPPED, or running its old image: it did not start.
    for (status, image) in [
        (InstanceStatus::Stopped, "img-ubuntu-2204"),
        (InstanceStatus::Running, "img-ubuntu-2204"),
    ] {
        let (stage, commands) = run(
            asking.clone(),
            vec![Event::OutcomeFound(Ok(with_status(
                "ins-web-01",
                status.clone(),
                image,
            )))],
        );
        assert_eq!(
            stage,
            Stage::NotStarted {
                plan: plan.clone(),
                status
            }
        );
        assert_eq!(sends(&commands), 0);
    }

    let failed = with_status(
        "ins-web-01",
        InstanceStatus::ReinstallFailed,
        "img-debian-12",
    );
    let (stage, _) = run(asking.clone(), vec![Event::OutcomeFound(Ok(failed))]);
    assert!(matches!(stage, Stage::Finished(_, Outcome::Failed)));

    // The live status may answer first.
    let (stage, _) = run(asking, vec![Event::Status(InstanceStatus::Rebuilding)]);
    assert!(matches!(stage, Stage::Watching(_)));
}

#[wasm_bindgen_test]
fn asking_retries_with_backoff_then_offers_check_again() {
    let plan = debian_plan();
    let mut stage = Stage::Resolving {
        plan,
        attempts: 0,
        error: None,
    };
    let mut delays = vec![];
    for _ in 0..AUTO_ASKS {
        let (next, commands) = update(&stage, Event::OutcomeFound(Err(lost())), NOW);
        for command in commands {
            match command {
                Command::AskOutcome { delay_ms } => delays.push(delay_ms),
                other => panic!("unexpected {other:?}"),
            }
        }
        stage = next;
    }
    assert_eq!(
        delays,
        vec![2000, 4000],
        "two automatic retries, then the user decides"
    );
    assert!(matches!(&stage, Stage::Resolving { error: Some(_), .. }));
    let (stage, commands) = update(&stage, Event::CheckAgain, NOW);
    assert_eq!(commands, vec![Command::AskOutcome { delay_ms: 0 }]);
    assert!(matches!(
        stage,
        Stage::Resolving {
            error: None,
            attempts: 0,
            ..
        }
    ));
}

#[wasm_bindgen_test]
fn only_confirm_in_review_ever_sends_a_reinstall() {
    let plan = debian_plan();
    let active = match update(
        &Stage::Submitting(plan.clone()),
        Event::ResetAnswered(Ok("r".into())),
        NOW,
    )
    .0
    {
        Stage::Watching(active) => active,
        other => panic!("{other:?}"),
    };
    let stages = vec![
        Stage::Editing(None),
        Stage::Editing(Some(lost())),
        Stage::Reviewing(plan.clone()),
        Stage::Submitting(plan.clone()),
        Stage::Resolving {
            plan: plan.clone(),
            attempts: 0,
            error: Some(lost()),
        },
        Stage::NotStarted {
            plan: plan.clone(),
            status: InstanceStatus::Stopped,
        },
        Stage::Watching(active.clone()),
        Stage::Finished(active, Outcome::Failed),
        Stage::Reviewing(snapshot_plan()),
        Stage::Snapshotting {
            plan: snapshot_plan(),
            snapshot_id: Some("snap-1".into()),
            status: None,
            started_at: NOW,
        },
        Stage::FindingSnapshot {
            plan: snapshot_plan(),
            started_at: NOW,
        },
        Stage::SnapshotFailed {
            plan: snapshot_plan(),
            reason: "x".into(),
        },
    ];
    let events = vec![
        Event::Review(Box::new(plan.clone())),
        Event::Cancel,
        Event::Confirm,
        Event::ResetAnswered(Err(lost())),
        Event::ResetAnswered(Ok("r".into())),
        Event::OutcomeFound(Err(lost())),
        Event::OutcomeFound(Ok(world().instance("ins-web-01"))),
        Event::CheckAgain,
        Event::ReviewAgain,
        Event::EditAgain,
        Event::Dismiss,
        Event::Status(InstanceStatus::Stopped),
        Event::Status(InstanceStatus::Deploying),
        Event::Done,
        Event::SnapshotCreated(Ok("snap-1".into())),
        Event::SnapshotCreated(Err(lost())),
        Event::SnapshotSeen(Ok(Some(snapshot(SnapshotStatus::Creating)))),
        Event::SnapshotSeen(Ok(Some(snapshot(SnapshotStatus::Available)))),
        Event::SnapshotSeen(Ok(Some(snapshot(SnapshotStatus::Failed)))),
        Event::SnapshotSeen(Ok(None)),
        Event::RetrySnapshot,
        Event::ContinueWithoutSnapshot,
    ];
    for stage in &stages {
        for event in &events {
            let (_, commands) = update(stage, event.clone(), NOW);
            // Confirm sends it when there is no snapshot to take; with one, AVAILABLE does.
            let expected = usize::from(
                matches!(
                    (stage, event),
                    (Stage::Reviewing(p), Event::Confirm) if p.snapshot.is_none() || p.taken.is_some()
                ) || matches!(
                    (stage, event),
                    (
                    Stage::Snapshotting { .. } | Stage::FindingSnapshot { .. },
                    Event::SnapshotSeen(Ok(Some(s)))
                ) if s.status == SnapshotStatus::Available
                ),
            );
            assert_eq!(sends(&commands), expected, "{stage:?} + {event:?}");
        }
    }
}

#[wasm_bindgen_test]
fn power_off_asks_first_and_resolves_a_lost_answer_by_asking() {
    let (asking, commands) = update_power(&Power::Idle(None), PowerEvent::Ask);
    assert_eq!(
        (asking.clone(), commands),
        (Power::Asking { force: false }, vec![]),
        "force is off by default"
    );
    let (sending, commands) = update_power(&asking, PowerEvent::Confirm);
    assert_eq!(commands, vec![PowerCommand::SendStop { force: false }]);
    assert_eq!(
        update_power(&sending, PowerEvent::Confirm).1,
        vec![],
        "one click, one call"
    );

    let (resolving, commands) = update_power(&sending, PowerEvent::Answered(Err(lost())));
    assert_eq!(
        (resolving.clone(), commands),
        (
            Power::Resolving,
            vec![PowerCommand::AskStatus { delay_ms: 0 }]
        )
    );
    let (waiting, _) = update_power(&resolving, PowerEvent::Found(Ok(InstanceStatus::Stopping)));
    assert_eq!(waiting, Power::Stopping);
    let (done, commands) = update_power(&waiting, PowerEvent::Status(InstanceStatus::Stopped));
    assert_eq!(
        (done, commands),
        (Power::Idle(None), vec![PowerCommand::FocusForm])
    );

    let (idle, commands) = update_power(&resolving, PowerEvent::Found(Ok(InstanceStatus::Running)));
    assert!(
        matches!(idle, Power::Idle(Some(_))),
        "it did not power off: say so"
    );
    assert!(commands.is_empty());

    let (forced, _) = update_power(&asking, PowerEvent::SetForce(true));
    assert_eq!(
        update_power(&forced, PowerEvent::Confirm).1,
        vec![PowerCommand::SendStop { force: true }]
    );
    let refusal = refused(ErrorCode::UnsupportedOperationInstanceStatus);
    let (idle, _) = update_power(
        &Power::Sending { force: true },
        PowerEvent::Answered(Err(refusal.clone())),
    );
    assert_eq!(idle, Power::Idle(Some(refusal)));
}

#[wasm_bindgen_test]
fn answers_are_read_as_refusals_successes_or_unknown_outcomes() {
    let answer = |status: u16, body: &str| Sent::Answer {
        status,
        body: body.into(),
    };
    let ok: Result<(Empty, String), _> =
        read_answer(Action::ResetInstance, answer(200, r#"{"requestId":"r-1"}"#));
    assert_eq!(ok.unwrap().1, "r-1", "a requestId alone is a success");
    let ok: Result<(Empty, String), _> = read_answer(
        Action::ResetInstance,
        answer(200, r#"{"requestId":"r-2","response":{"requestId":"r-2"}}"#),
    );
    assert_eq!(ok.unwrap().1, "r-2");

    let unknown = |sent: Sent| {
        let result: Result<(Empty, String), _> = read_answer(Action::ResetInstance, sent);
        result.unwrap_err().outcome_unknown()
    };
    assert!(
        unknown(answer(200, "<html>ok</html>")),
        "a 200 that cannot be read"
    );
    assert!(
        unknown(answer(502, "<html>Bad Gateway</html>")),
        "a 5xx without an API code"
    );
    assert!(unknown(Sent::Lost("timeout".into())));
    assert!(!unknown(Sent::NotSent("bad header".into())));
    assert!(
        !unknown(answer(403, "Forbidden")),
        "a server in between refused it"
    );
    assert!(!unknown(answer(
        500,
        r#"{"requestId":"r","code":"INTERNAL_SERVER_ERROR","message":"x"}"#
    )));

    let stop: Result<(FailedInstances, String), _> = read_answer(
        Action::StopInstances,
        answer(
            400,
            r#"{"requestId":"r-3","code":"SOMETHING_NEW","message":"java.lang.NullPointerException\n\tat com.example"}"#,
        ),
    );
    let error = stop.unwrap_err();
    assert_eq!(
        error.code(),
        Some(&ErrorCode::Other("SOMETHING_NEW".into()))
    );
    assert_eq!(error.request_id(), Some("r-3"));
    assert_eq!(
        error.message(),
        "The server refused the request.",
        "never a stack trace"
    );
}

#[wasm_bindgen_test]
fn a_snapshot_is_taken_before_anything_is_erased() {
    let plan = snapshot_plan();
    let wanted = plan.snapshot.clone().unwrap();
    assert_eq!(
        wanted.request.snapshot_name,
        "before-reinstall-web-01-20261127-0800"
    );
    assert_eq!(wanted.request.disk_id, "disk-web-01");
    assert_eq!(
        wanted.request.retention_time.as_deref(),
        Some("2026-12-04T09:00:00Z"),
        "7 days and an hour"
    );
    let (stage, commands) = run(Stage::Reviewing(plan.clone()), vec![Event::Confirm]);
    assert_eq!(
        commands,
        vec![Command::CreateSnapshot(wanted.request.clone())],
        "the snapshot first, no reinstall yet"
    );
    let (stage, commands) = run(stage, vec![Event::SnapshotCreated(Ok("snap-1".into()))]);
    assert!(
        matches!(&commands[..], [Command::ReadSnapshot { snapshot_id: Some(id), .. }] if id == "snap-1")
    );
    let (stage, commands) = run(
        stage,
        vec![Event::SnapshotSeen(Ok(Some(snapshot(
            SnapshotStatus::Creating,
        ))))],
    );
    assert_eq!(sends(&commands), 0, "still CREATING");
    let (stage, commands) = run(
        stage,
        vec![Event::SnapshotSeen(Ok(Some(snapshot(
            SnapshotStatus::Available,
        ))))],
    );
    assert_eq!(sends(&commands), 1, "AVAILABLE: now the reinstall");
    assert!(commands.iter().any(|c| matches!(c, Command::Announce(WidgetEvent::SnapshotCreated, d) if d.request_id == "snap-1")));
    let (watching, _) = run(stage, vec![Event::ResetAnswered(Ok("req-1".into()))]);
    let Stage::Watching(active) = watching else {
        panic!("{watching:?}")
    };
    let taken = active
        .snapshot
        .expect("the live view knows the snapshot to roll back to");
    assert_eq!(
        (taken.snapshot_id.as_str(), taken.original_image_id.as_str()),
        ("snap-1", "img-ubuntu-2204")
    );
}

#[wasm_bindgen_test]
fn a_failed_snapshot_stops_the_reinstall_until_the_user_decides() {
    let plan = snapshot_plan();
    let taking = Stage::Snapshotting {
        plan: plan.clone(),
        snapshot_id: Some("snap-1".into()),
        status: None,
        started_at: NOW,
    };
    let (failed, commands) = run(
        taking,
        vec![Event::SnapshotSeen(Ok(Some(snapshot(
            SnapshotStatus::Failed,
        ))))],
    );
    assert!(matches!(failed, Stage::SnapshotFailed { .. }));
    assert_eq!(sends(&commands), 0);
    let (retry, commands) = run(failed.clone(), vec![Event::RetrySnapshot]);
    assert!(matches!(
        retry,
        Stage::Snapshotting {
            snapshot_id: None,
            ..
        }
    ));
    assert!(matches!(&commands[..], [Command::CreateSnapshot(_)]));
    let (without, commands) = run(failed, vec![Event::ContinueWithoutSnapshot]);
    assert_eq!(
        without,
        Stage::Reviewing(plan.without_snapshot()),
        "going on without one is reviewed again"
    );
    assert!(commands.is_empty());
    let (refused_create, _) = run(
        Stage::Snapshotting {
            plan,
            snapshot_id: None,
            status: None,
            started_at: NOW,
        },
        vec![Event::SnapshotCreated(Err(refused(
            ErrorCode::InvalidParameter,
        )))],
    );
    assert!(matches!(refused_create, Stage::SnapshotFailed { .. }));
}

#[wasm_bindgen_test]
fn a_lost_snapshot_answer_is_resolved_by_looking_it_up_never_by_creating_another() {
    let plan = snapshot_plan();
    let taking = Stage::Snapshotting {
        plan,
        snapshot_id: None,
        status: None,
        started_at: NOW,
    };
    let (finding, commands) = run(taking, vec![Event::SnapshotCreated(Err(lost()))]);
    assert!(matches!(finding, Stage::FindingSnapshot { .. }));
    assert!(
        matches!(&commands[..], [Command::ReadSnapshot { snapshot_id: None, name, .. }] if name == "before-reinstall-web-01-20261127-0800")
    );
    let (found, commands) = run(
        finding.clone(),
        vec![Event::SnapshotSeen(Ok(Some(snapshot(
            SnapshotStatus::Creating,
        ))))],
    );
    assert!(matches!(
        found,
        Stage::Snapshotting {
            snapshot_id: Some(_),
            ..
        }
    ));
    assert!(!commands
        .iter()
        .any(|c| matches!(c, Command::CreateSnapshot(_))));
    let (missing, commands) = run(finding, vec![Event::SnapshotSeen(Ok(None))]);
    assert!(
        matches!(missing, Stage::SnapshotFailed { .. }),
        "not there: it was not created"
    );
    assert!(commands.is_empty());
}

#[wasm_bindgen_test]
fn a_rollback_powers_off_first_applies_once_and_follows_to_the_end() {
    let target = UndoTarget {
        snapshot_id: "snap-1".into(),
        snapshot_name: "before".into(),
        disk_id: "disk-web-01".into(),
        taken: "08:00".into(),
    };
    let (asking, _) = update_undo(&Undo::Idle(None), UndoEvent::AskRollback(target.clone()));
    let (powering, commands) = update_undo(&asking, UndoEvent::Confirm(InstanceStatus::Running));
    assert_eq!(
        (powering.clone(), commands),
        (Undo::PoweringOff(target.clone()), vec![UndoCommand::Stop])
    );
    let (applying, commands) = update_undo(&powering, UndoEvent::Status(InstanceStatus::Stopped));
    assert!(
        matches!(&commands[..], [UndoCommand::Apply(r)] if r.snapshot_id == "snap-1" && r.disk_id == "disk-web-01")
    );
    let (rolling, _) = update_undo(&applying, UndoEvent::ApplyAnswered(Ok("req".into())));
    let seen = |status| UndoEvent::SnapshotSeen(Ok(Some(snapshot(status))));
    let (still, commands) = update_undo(&rolling, seen(SnapshotStatus::RollingBack));
    assert_eq!(still, rolling);
    assert!(matches!(&commands[..], [UndoCommand::ReadSnapshot { .. }]));
    let (done, commands) = update_undo(&rolling, seen(SnapshotStatus::Available));
    assert_eq!(done, Undo::RolledBack(target.clone()));
    assert!(
        commands.contains(&UndoCommand::RefreshInstance)
            && commands.contains(&UndoCommand::AnnounceRolledBack("snap-1".into()))
    );

    // A lost ApplySnapshot answer: the snapshot says whether it started; never applied twice.
    let (resolving, commands) = update_undo(&applying, UndoEvent::ApplyAnswered(Err(lost())));
    assert!(matches!(
        &commands[..],
        [UndoCommand::ReadSnapshot { delay_ms: 0, .. }]
    ));
    assert!(matches!(
        update_undo(&resolving, seen(SnapshotStatus::RollingBack)).0,
        Undo::RollingBack(_)
    ));
    let (not_started, commands) = update_undo(&resolving, seen(SnapshotStatus::Available));
    assert!(matches!(not_started, Undo::Idle(Some(ref why)) if why.contains("did not start")));
    assert!(commands.is_empty());
}

#[wasm_bindgen_test]
fn deleting_a_snapshot_asks_first_and_a_lost_answer_is_checked() {
    let target = UndoTarget {
        snapshot_id: "snap-1".into(),
        snapshot_name: "s".into(),
        disk_id: "d".into(),
        taken: "t".into(),
    };
    let (asking, _) = update_undo(&Undo::Idle(None), UndoEvent::AskDelete(target.clone()));
    let (deleting, commands) = update_undo(&asking, UndoEvent::Confirm(InstanceStatus::Running));
    assert_eq!(commands, vec![UndoCommand::Delete("snap-1".into())]);
    let (checking, commands) = update_undo(&deleting, UndoEvent::DeleteAnswered(Err(lost())));
    assert!(matches!(&commands[..], [UndoCommand::ReadSnapshot { .. }]));
    assert_eq!(
        update_undo(&checking, UndoEvent::SnapshotSeen(Ok(None))).0,
        Undo::Deleted(target)
    );
    let (kept, _) = update_undo(
        &checking,
        UndoEvent::SnapshotSeen(Ok(Some(snapshot(SnapshotStatus::Available)))),
    );
    assert!(matches!(kept, Undo::Idle(Some(_))));
}
