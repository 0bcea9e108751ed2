wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

// The fleet flow as plain data (no DOM, no signals): the plan checked per instance, the
// ResetInstances chunks, failed ids, unknown outcomes resolved per instance, power-off, and
// that only Confirm in review sends.

use serde_json::Value;
use wasm_bindgen_test::wasm_bindgen_test;
use zec_api::rules::{Field, ProtectionPolicy};
use zec_api::wire::{Image, InstanceInfo, KeyPair, ResetOptions};
use zec_api::{ErrorCode, InstanceStatus};
use zec_reinstall::api::ApiError;
use zec_reinstall::fleet::batch::{
    update, update_power_off, Batch, Command, Event, PowerOff, Row, Stage, AUTO_ASKS,
};
use zec_reinstall::fleet::plan::{image_options, stop_requests, Catalog, FleetForm, FleetPlan};
use zec_reinstall::form::LoginChoice;

const FIXTURE: &str = include_str!("../crates/zec-emulator/fixtures/default.json");

struct World {
    instances: Vec<InstanceInfo>,
    images: Vec<Image>,
    keys: Vec<KeyPair>,
    policy: ProtectionPolicy,
}

fn world() -> World {
    let fixture: Value = serde_json::from_str(FIXTURE).unwrap();
    World {
        instances: serde_json::from_value(fixture["instances"].clone()).unwrap(),
        images: serde_json::from_value(fixture["images"].clone()).unwrap(),
        keys: serde_json::from_value(fixture["keyPairs"].clone()).unwrap(),
        policy: ProtectionPolicy::default(),
    }
}

impl World {
    fn pick(&self, ids: &[&str]) -> Vec<InstanceInfo> {
        ids.iter()
            .map(|id| {
                self.instances
                    .iter()
                    .find(|i| i.instance_id == *id)
                    .unwrap()
                    .clone()
            })
            .collect()
    }

    fn catalog(&self) -> Catalog<'_> {
        Catalog {
            images: &self.images,
            key_pairs: &self.keys,
            time_zones: None,
            policy: &self.policy,
        }
    }
}

fn form(image: &str) -> FleetForm {
    FleetForm {
        image_id: Some(image.into()),
        password: "Abcdef1!".into(),
        ..FleetForm::default()
    }
}

fn plan_of(count: usize) -> FleetPlan {
    FleetPlan {
        instances: (0..count)
            .map(|n| (format!("ins-{n:03}"), format!("node-{n}")))
            .collect(),
        options: ResetOptions {
            image_id: Some("img-debian-12".into()),
            password: Some("Abcdef1!".into()),
            enable_agent: Some(false),
            ..ResetOptions::default()
        },
        image_name: "Debian 12".into(),
        login: "the password you set".into(),
    }
}

fn lost() -> ApiError {
    ApiError::Transport {
        detail: "network error".into(),
        may_have_arrived: true,
    }
}

fn running(count: usize) -> Batch {
    match update(&Stage::Reviewing(plan_of(count)), Event::Confirm).0 {
        Stage::Running(batch) => batch,
        other => panic!("expected Running, got {other:?}"),
    }
}

fn step(batch: &Batch, event: Event) -> (Batch, Vec<Command>) {
    match update(&Stage::Running(batch.clone()), event) {
        (Stage::Running(batch), commands) => (batch, commands),
        (other, _) => panic!("expected Running, got {other:?}"),
    }
}

fn found(id: &str, status: InstanceStatus, image: &str) -> Event {
    let mut instance = world().pick(&["ins-db-01"]).remove(0);
    instance.instance_id = id.into();
    instance.status = status;
    instance.image_id = image.into();
    Event::OutcomeFound {
        instance_id: id.into(),
        found: Ok(Box::new(instance)),
    }
}

#[wasm_bindgen_test]
fn every_instance_that_blocks_the_plan_is_named_with_its_reason() {
    let world = world();
    let mut targets = world.pick(&["ins-db-01", "ins-build-01", "ins-win-01", "ins-web-02"]);
    // The CUDA image needs 80 GiB: too large for build-01's 20 GiB disk.
    let check = form("img-ubuntu-2404-cuda").check(&targets, &world.catalog());
    let reason = |id: &str| {
        check
            .blockers
            .iter()
            .filter(|b| b.instance_id == id)
            .map(|b| b.reason.clone())
            .collect::<Vec<_>>()
    };
    assert!(reason("ins-db-01").is_empty(), "db-01 fits: {check:?}");
    assert!(reason("ins-build-01")
        .iter()
        .any(|r| r.contains("80 GiB") && r.contains("20 GiB")));
    assert!(reason("ins-win-01").iter().any(|r| r.contains("OS type")));
    assert!(reason("ins-web-02").iter().any(|r| r.contains("RUNNING")));
    assert!(!check.is_clear());
    assert_eq!(check.running(&targets), vec!["ins-web-02".to_owned()]);
    // Every rule per instance: web-02 is both running and too small.
    assert!(reason("ins-web-02").iter().any(|r| r.contains("40 GiB")));
    // Once web-02 is powered off and the others are left out, a 20 GiB image fits both.
    targets[3].status = InstanceStatus::Stopped;
    targets.retain(|i| i.instance_id != "ins-build-01" && i.instance_id != "ins-win-01");
    let plan = form("img-ubuntu-2204")
        .freeze(&targets, &world.catalog())
        .unwrap();
    assert_eq!(plan.ids(), vec!["ins-db-01", "ins-web-02"]);
    assert_eq!(
        plan.options.instance_name, None,
        "each instance keeps its name"
    );
}

#[wasm_bindgen_test]
fn images_that_do_not_fit_every_instance_say_which_instance_blocks_them() {
    let world = world();
    let targets = world.pick(&["ins-db-01", "ins-build-01"]);
    let options = image_options(&targets, &world.images);
    let blocked = |image: &str| {
        let option = options.iter().find(|o| o.image.image_id == image).unwrap();
        option
            .blocked_by
            .iter()
            .map(|b| b.instance_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(blocked("img-ubuntu-2404-cuda"), vec!["ins-build-01"]);
    assert_eq!(blocked("img-win-2022"), vec!["ins-db-01", "ins-build-01"]);
    assert_eq!(
        blocked("img-centos-stream-8").len(),
        2,
        "UNAVAILABLE for both"
    );
    assert!(blocked("img-debian-12").is_empty());
}

#[wasm_bindgen_test]
fn a_protected_instance_blocks_the_plan_by_the_one_protection_rule() {
    let mut world = world();
    let mut targets = world.pick(&["ins-mon-01", "ins-db-01"]);
    targets[0].status = InstanceStatus::Stopped;
    let check = form("img-debian-12").check(&targets, &world.catalog());
    assert_eq!(check.blockers.len(), 1);
    assert!(check.blockers[0]
        .reason
        .contains("zec-reinstall:protected=true"));
    world.policy.instance_ids = vec!["ins-db-01".into()];
    let check = form("img-debian-12").check(&targets, &world.catalog());
    assert!(check
        .blockers
        .iter()
        .any(|b| b.instance_id == "ins-db-01" && b.reason.contains("configuration")));
}

#[wasm_bindgen_test]
fn login_rules_are_problems_of_the_form_named_once() {
    let world = world();
    let targets = world.pick(&["ins-db-01", "ins-build-01", "ins-cache-01"]);
    let mut weak = form("img-debian-12");
    weak.password = "short".into();
    let check = weak.check(&targets, &world.catalog());
    assert!(check.blockers.is_empty());
    assert_eq!(check.problems.len(), 1);
    assert_eq!(check.problems[0].0, Field::Password);
    let mut key = form("img-debian-12");
    key.login = LoginChoice::KeyPair;
    key.key_id = Some("key-ci".into());
    assert!(key.check(&targets, &world.catalog()).is_clear());
    // A Generic image takes no login: nothing is sent, and nothing is asked for.
    let generic = form("img-generic-linux")
        .freeze(&targets, &world.catalog())
        .unwrap();
    assert_eq!(
        (generic.options.password, generic.options.key_id),
        (None, None)
    );
    // No image chosen: the plan cannot be reviewed.
    assert!(FleetForm::default()
        .check(&targets, &world.catalog())
        .problems
        .iter()
        .any(|(f, _)| *f == Field::Image));
}

#[wasm_bindgen_test]
fn confirm_sends_the_frozen_plan_in_chunks_of_at_most_100() {
    let plan = plan_of(230);
    let requests = plan.requests();
    assert_eq!(
        requests
            .iter()
            .map(|r| r.instance_ids.len())
            .collect::<Vec<_>>(),
        vec![100, 100, 30]
    );
    assert!(requests.iter().all(|r| r.options == plan.options));
    let (stage, commands) = update(&Stage::Reviewing(plan.clone()), Event::Confirm);
    let sent: Vec<_> = commands
        .iter()
        .map(|c| match c {
            Command::SendChunk { index, request } => (*index, request.clone()),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        sent.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        vec![0, 1, 2]
    );
    assert_eq!(
        sent.into_iter().map(|(_, r)| r).collect::<Vec<_>>(),
        requests
    );
    let Stage::Running(batch) = stage else {
        panic!()
    };
    assert_eq!(batch.totals(), (230, 0, 0));
    assert_eq!(
        stop_requests(&plan.ids(), true)
            .iter()
            .map(|r| r.instance_ids.len())
            .collect::<Vec<_>>(),
        vec![100, 100, 30]
    );
}

#[wasm_bindgen_test]
fn ids_the_answer_lists_as_failed_are_shown_failed_not_in_progress() {
    let batch = running(3);
    let answer = Ok((vec!["ins-001".to_owned()], "req-1".to_owned()));
    let (batch, commands) = step(&batch, Event::ChunkAnswered { index: 0, answer });
    assert!(commands.is_empty());
    assert!(matches!(batch.row("ins-001"), Some(Row::DidNotStart(_))));
    assert_eq!(
        batch.row("ins-000"),
        Some(&Row::InProgress(InstanceStatus::Deploying))
    );
    assert_eq!(batch.chunks[0].request_id.as_deref(), Some("req-1"));
    assert_eq!(batch.totals(), (2, 0, 1));
    // The stream finishes the others; a status for the failed one changes nothing.
    let status = |id: &str, status| Event::Status {
        instance_id: id.into(),
        status,
    };
    let (batch, _) = step(&batch, status("ins-000", InstanceStatus::Running));
    let (batch, _) = step(&batch, status("ins-002", InstanceStatus::ReinstallFailed));
    let (batch, _) = step(&batch, status("ins-001", InstanceStatus::Deploying));
    assert_eq!(batch.row("ins-000"), Some(&Row::Running));
    assert_eq!(batch.row("ins-002"), Some(&Row::ReinstallFailed));
    assert!(matches!(batch.row("ins-001"), Some(Row::DidNotStart(_))));
    assert_eq!(batch.totals(), (0, 1, 2));
    assert_eq!(
        update(&Stage::Running(batch), Event::Done).1,
        vec![Command::ClearSelection]
    );
}

#[wasm_bindgen_test]
fn a_refused_chunk_did_not_start_and_keeps_its_request_id() {
    let batch = running(2);
    let refusal = ApiError::Refused {
        status: 403,
        code: ErrorCode::ResourceProtected,
        message: "Instance ins-001 is protected by its tag zec-reinstall:protected=true.".into(),
        request_id: "req-9".into(),
    };
    let (batch, commands) = step(
        &batch,
        Event::ChunkAnswered {
            index: 0,
            answer: Err(refusal),
        },
    );
    assert!(commands.is_empty());
    assert_eq!(batch.chunks[0].request_id.as_deref(), Some("req-9"));
    assert!(
        matches!(batch.row("ins-000"), Some(Row::DidNotStart(reason)) if reason.contains("protected"))
    );
    assert!(batch.is_finished());
}

#[wasm_bindgen_test]
fn an_unknown_outcome_is_resolved_per_instance_by_asking_never_by_sending_again() {
    let batch = running(4);
    let (batch, commands) = step(
        &batch,
        Event::ChunkAnswered {
            index: 0,
            answer: Err(lost()),
        },
    );
    let asked: Vec<_> = commands
        .iter()
        .map(|c| match c {
            Command::AskOutcome {
                instance_id,
                delay_ms: 0,
            } => instance_id.clone(),
            other => panic!("only questions, got {other:?}"),
        })
        .collect();
    assert_eq!(asked, vec!["ins-000", "ins-001", "ins-002", "ins-003"]);
    let (batch, _) = step(
        &batch,
        found("ins-000", InstanceStatus::Deploying, "img-debian-12"),
    );
    let (batch, _) = step(
        &batch,
        found("ins-001", InstanceStatus::Stopped, "img-rocky-9"),
    );
    let (batch, _) = step(
        &batch,
        found("ins-002", InstanceStatus::Running, "img-debian-12"),
    );
    assert_eq!(
        batch.row("ins-000"),
        Some(&Row::InProgress(InstanceStatus::Deploying))
    );
    assert!(
        matches!(batch.row("ins-001"), Some(Row::DidNotStart(reason)) if reason.contains("STOPPED"))
    );
    assert_eq!(batch.row("ins-002"), Some(&Row::Running));
    // Asking fails: asked again with backoff, then "Check again" is offered.
    let mut batch = batch;
    for attempt in 1..=AUTO_ASKS {
        let event = Event::OutcomeFound {
            instance_id: "ins-003".into(),
            found: Err(lost()),
        };
        let (next, commands) = step(&batch, event);
        batch = next;
        if attempt < AUTO_ASKS {
            assert_eq!(
                commands,
                vec![Command::AskOutcome {
                    instance_id: "ins-003".into(),
                    delay_ms: 1000 << attempt
                }]
            );
        } else {
            assert!(commands.is_empty());
        }
    }
    assert!(matches!(batch.row("ins-003"), Some(Row::Unresolved(_))));
    let (batch, commands) = step(&batch, Event::CheckAgain("ins-003".into()));
    assert_eq!(
        commands,
        vec![Command::AskOutcome {
            instance_id: "ins-003".into(),
            delay_ms: 0
        }]
    );
    // A second answer to the same chunk changes nothing.
    let late = Ok((vec![], "req-late".to_owned()));
    assert_eq!(
        step(
            &batch,
            Event::ChunkAnswered {
                index: 0,
                answer: late
            }
        )
        .0,
        batch
    );
}

#[wasm_bindgen_test]
fn only_confirm_in_review_sends_a_reinstall() {
    let plan = plan_of(3);
    let stages = vec![
        Stage::Selecting,
        Stage::Planning,
        Stage::Reviewing(plan.clone()),
        Stage::Running(running(3)),
    ];
    let events = vec![
        Event::Plan,
        Event::Back,
        Event::Review(plan.clone()),
        Event::Cancel,
        Event::Confirm,
        Event::ChunkAnswered {
            index: 0,
            answer: Err(lost()),
        },
        Event::ChunkAnswered {
            index: 0,
            answer: Ok((vec![], "r".into())),
        },
        found("ins-000", InstanceStatus::Stopped, "img-debian-12"),
        Event::CheckAgain("ins-000".into()),
        Event::Status {
            instance_id: "ins-000".into(),
            status: InstanceStatus::Stopped,
        },
        Event::Done,
        Event::AskPowerOff(vec!["ins-000".into()]),
        Event::ConfirmPowerOff,
        Event::StopAnswered(Err(lost())),
    ];
    for stage in &stages {
        for event in &events {
            let (_, commands) = update(stage, event.clone());
            let sends = commands
                .iter()
                .any(|c| matches!(c, Command::SendChunk { .. }));
            let expected = matches!(stage, Stage::Reviewing(_)) && *event == Event::Confirm;
            assert_eq!(sends, expected, "{stage:?} + {event:?}");
        }
    }
}

#[wasm_bindgen_test]
fn powering_off_the_running_ones_asks_first_force_on_and_never_sends_twice() {
    let ids: Vec<String> = (0..150).map(|n| format!("ins-{n:03}")).collect();
    let (asking, commands) =
        update_power_off(&PowerOff::Idle(None), Event::AskPowerOff(ids.clone()));
    assert!(commands.is_empty());
    assert_eq!(
        asking,
        PowerOff::Asking {
            ids: ids.clone(),
            force: false
        },
        "force is off by default"
    );
    let (sending, commands) = update_power_off(&asking, Event::ConfirmPowerOff);
    assert_eq!(commands.len(), 2, "150 ids: two StopInstances of ≤ 100");
    assert!(commands
        .iter()
        .all(|c| matches!(c, Command::SendStop(r) if r.force_shutdown.is_none())));
    let (half, commands) = update_power_off(&sending, Event::StopAnswered(Err(lost())));
    assert!(commands.is_empty(), "a lost answer is not sent again");
    let (done, _) = update_power_off(&half, Event::StopAnswered(Ok(vec!["ins-120".into()])));
    let PowerOff::Idle(Some(result)) = done else {
        panic!("{done:?}")
    };
    assert!(result.contains("ins-120") && result.contains("No readable answer"));
    let (cancelled, _) = update_power_off(&asking, Event::CancelPowerOff);
    assert_eq!(cancelled, PowerOff::Idle(None));
}
