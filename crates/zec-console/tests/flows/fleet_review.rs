//! The fleet review at the single review's level (what changes, is kept, is erased, how
//! each is logged into, whether it can be undone, the API request), a plan checked against
//! the live status and the other tabs before it is sent, what a reload resumes, and the one
//! invariant walked over every stage and event: ResetInstances is sent by Confirm in review
//! (or by the last snapshot becoming AVAILABLE), by nothing else.

use crate::fleet_support::*;
use crate::support::*;
use zec_api::{InstanceStatus, SnapshotStatus};
use zec_console::fleet::changed::Change;
use zec_console::fleet::kept::{resume, LeaveRisk};
use zec_console::fleet::review::summary;
use zec_console::fleet::{Command, Event, Stage};

#[test]
fn the_review_says_what_changes_is_kept_and_erased_and_how_each_is_logged_into() {
    let plan = fleet_plan(&["ins-web-01", "ins-db-01"], true);
    let summary = summary(&plan.review);
    assert_eq!(summary.count, 2);
    assert_eq!(summary.erased_gib, 140, "40 + 100 GiB of boot disks");
    let image = summary.changes.iter().find(|c| c.label == "Image").unwrap();
    assert!(image.changed);
    assert_eq!(image.before.len(), 2, "two images now: {image:?}");
    assert_eq!(image.after[0].value, "Debian 12");
    assert_eq!(image.after[0].instances, vec!["web-01", "db-01"]);
    assert!(summary.kept.contains(&"Public IP addresses"));
    assert_eq!(summary.logins.len(), 1);
    assert_eq!(summary.logins[0].value, "the password you set");
    // web-01 logs in with a key pair today: the review says it stops working there.
    assert!(summary
        .warnings
        .iter()
        .any(|w| w.value.contains("stops working on web-01")));
    assert!(!summary.needs_acknowledgement);
    // A Generic image without user data leaves no known way in: the user must say so.
    let world = world();
    let generic = zec_console::fleet::plan::FleetForm {
        image_id: Some("img-generic-linux".into()),
        ..form(false)
    }
    .freeze(
        &world.pick(&["ins-db-01"]),
        &world.catalog,
        &world.policy,
        NOW_UNIX,
    )
    .unwrap();
    assert!(summary_of(&generic).needs_acknowledgement);
}

fn summary_of(plan: &zec_console::fleet::plan::FleetPlan) -> zec_console::fleet::review::Summary {
    summary(&plan.review)
}

#[test]
fn show_api_request_is_the_resetinstances_body_with_the_password_masked() {
    let plan = fleet_plan(&["ins-db-01", "ins-build-01"], false);
    let bodies = plan.bodies_shown();
    assert_eq!(bodies.len(), 1);
    let body: serde_json::Value = serde_json::from_str(&bodies[0]).unwrap();
    assert_eq!(
        body["instanceIds"],
        serde_json::json!(["ins-db-01", "ins-build-01"])
    );
    assert_eq!(body["password"], "********");
    assert_eq!(body["imageId"], "img-debian-12");
    assert!(!bodies[0].contains("Fleet-Pass-1"));
    let curl = &plan.curl("http://127.0.0.1:8080")[0];
    assert!(curl.contains("X-ZC-Action: ResetInstances") && !curl.contains("Fleet-Pass-1"));
    let python = &plan.python()[0];
    assert!(python.contains("models.ResetInstancesRequest()"));
    assert!(python.contains("request.instanceIds = [\"ins-db-01\",\"ins-build-01\"]"));
    assert!(python.contains("client.ResetInstances(request)") && !python.contains("Fleet-Pass-1"));
}

#[test]
fn a_reinstall_failed_instance_that_blocks_the_plan_is_powered_off_with_the_running_ones() {
    let world = world();
    let targets = world.pick(&["ins-web-02", "ins-edge-01", "ins-db-01"]);
    let check = form(true).check(&targets, &world.catalog, &world.policy);
    assert!(check
        .blockers
        .iter()
        .any(|b| b.instance_id == "ins-edge-01"));
    assert_eq!(
        check.to_power_off(&targets),
        vec!["ins-web-02", "ins-edge-01"]
    );
}

#[test]
fn an_instance_that_changed_since_review_disables_confirm_until_reviewed_again() {
    let plan = fleet_plan(&["ins-db-01", "ins-build-01"], false);
    let (stale, _) = step(
        &reviewing(&plan),
        status("ins-build-01", InstanceStatus::Running),
    );
    let Stage::Reviewing(review) = &stale else {
        panic!()
    };
    assert_eq!(
        review.changes.of("ins-build-01"),
        Some(&Change::Status(InstanceStatus::Running))
    );
    assert_eq!(review.changes.of("ins-db-01"), None);
    let (same, commands) = step(&stale, Event::Confirm);
    assert_eq!(
        (same, commands),
        (stale.clone(), vec![]),
        "Confirm is refused"
    );
    // The same status as reviewed is no change; another tab's plan is, until it lets go.
    let (calm, _) = step(
        &reviewing(&plan),
        status("ins-db-01", InstanceStatus::Stopped),
    );
    let (tab, _) = step(
        &calm,
        Event::OtherTab {
            instance_id: "ins-db-01".into(),
            holds: true,
        },
    );
    assert_eq!(sends(&step(&tab, Event::Confirm).1), 0);
    let (released, _) = step(
        &tab,
        Event::OtherTab {
            instance_id: "ins-db-01".into(),
            holds: false,
        },
    );
    assert_eq!(sends(&step(&released, Event::Confirm).1), 1);
    // "Review again" goes back to the plan, where the blockers show the live state.
    let (planning, commands) = step(&stale, Event::ReviewAgain);
    assert!(matches!(planning, Stage::Planning { .. }));
    assert_eq!(commands, vec![Command::FocusReview]);
}

#[test]
fn an_instance_that_changes_while_the_snapshots_are_taken_is_not_sent_to() {
    let plan = fleet_plan(&["ins-db-01"], true);
    let (stage, _) = step(&reviewing(&plan), Event::Confirm);
    let (stage, _) = step(&stage, created("ins-db-01"));
    let (stage, _) = step(&stage, status("ins-db-01", InstanceStatus::Starting));
    let read = vec![listed(&plan, "ins-db-01", SnapshotStatus::Available)];
    let (stage, commands) = step(&stage, Event::SnapshotsRead(Ok(read)));
    assert_eq!(sends(&commands), 0);
    let Stage::Reviewing(review) = &stage else {
        panic!("{stage:?}")
    };
    assert!(!review.changes.is_empty());
    assert_eq!(
        review.plan.taken.len(),
        1,
        "the snapshot is kept for the next review"
    );
}

#[test]
fn a_reload_resumes_the_table_without_the_password_and_asks_about_unanswered_calls() {
    let plan = fleet_plan(&["ins-db-01", "ins-build-01"], false);
    let (stage, _) = step(&reviewing(&plan), Event::Confirm);
    assert_eq!(stage.leave_risk(), Some(LeaveRisk::Running));
    assert_eq!(stage.held(), vec!["ins-db-01", "ins-build-01"]);
    let kept = stage.kept().unwrap();
    let json = serde_json::to_string(&kept).unwrap();
    assert!(!json.contains("Fleet-Pass-1"), "never the password: {json}");
    let kept = serde_json::from_str(&json).unwrap();
    let (resumed, commands) = resume(&kept);
    assert_eq!(
        commands,
        ["ins-db-01", "ins-build-01"]
            .map(|id| Command::AskOutcome {
                instance_id: id.into(),
                delay_ms: 0
            })
            .to_vec(),
        "the reload lost the answer: asked, never sent again"
    );
    let found = |id: &str, status| Event::OutcomeFound {
        instance_id: id.into(),
        found: Ok(Box::new(with_status(id, status, "img-debian-12"))),
    };
    let (resumed, _) = steps(
        &resumed,
        vec![
            found("ins-db-01", InstanceStatus::Deploying),
            found("ins-build-01", InstanceStatus::Running),
        ],
    );
    assert_eq!(batch_of(&resumed).totals(), (1, 1, 0));
    assert_eq!(batch_of(&resumed).plan.options.password, None);
}

#[test]
fn a_batch_left_while_its_snapshots_were_taken_is_interrupted_never_sent() {
    let plan = fleet_plan(&["ins-db-01", "ins-build-01"], true);
    let (stage, _) = step(&reviewing(&plan), Event::Confirm);
    let (stage, _) = step(&stage, created("ins-db-01"));
    assert_eq!(stage.leave_risk(), Some(LeaveRisk::NotSentYet));
    let (resumed, commands) = resume(&stage.kept().unwrap());
    // The one with an id is read, the other looked up by name: nothing is created again.
    assert!(creates(&commands).is_empty());
    assert!(commands.iter().any(
        |c| matches!(c, Command::FindSnapshot { instance_id, .. } if instance_id == "ins-build-01")
    ));
    assert!(commands
        .iter()
        .any(|c| matches!(c, Command::ReadSnapshots { ids, .. } if ids == &["snap-ins-db-01"])));
    assert!(resumed.held().is_empty());
    let found = Event::SnapshotFound {
        instance_id: "ins-build-01".into(),
        found: Ok(Some(listed(
            &plan,
            "ins-build-01",
            SnapshotStatus::Available,
        ))),
    };
    let read = Event::SnapshotsRead(Ok(vec![listed(
        &plan,
        "ins-db-01",
        SnapshotStatus::Available,
    )]));
    let (settled, commands) = steps(&resumed, vec![found, read]);
    assert_eq!(
        sends(&commands),
        0,
        "never sent after a reload: the password is gone"
    );
    assert!(snapshots_of(&settled).is_settled());
    // "Review again": the plan of the same instances, the password to be typed again, the
    // two snapshots reused.
    let (planning, commands) = step(&settled, Event::StopSnapshots);
    let [Command::PlanAgain { ids, form }] = &commands[..] else {
        panic!("{commands:?}")
    };
    assert_eq!((ids.len(), form.password.as_str()), (2, ""));
    assert!(matches!(&planning, Stage::Planning { spare, .. } if spare.len() == 2));
}

/// Every stage the fleet can be in, each with one event that matters to it.
fn stages() -> Vec<Stage> {
    let plain = fleet_plan(&["ins-db-01"], false);
    let first = fleet_plan(&["ins-db-01"], true);
    let (stale, _) = step(
        &reviewing(&plain),
        status("ins-db-01", InstanceStatus::Running),
    );
    let (following, _) = step(
        &step(&reviewing(&first), Event::Confirm).0,
        created("ins-db-01"),
    );
    let (interrupted, _) = resume(&following.kept().unwrap());
    let failed_read = Event::SnapshotsRead(Ok(vec![listed(
        &first,
        "ins-db-01",
        SnapshotStatus::Failed,
    )]));
    let (failed, _) = step(&following, failed_read);
    let (running, _) = step(&reviewing(&plain), Event::Confirm);
    let (finished, _) = step(
        &take_all(&first).0,
        Event::ChunkAnswered {
            index: 0,
            answer: Ok((vec![], "r".into())),
        },
    );
    let (finished, _) = step(&finished, status("ins-db-01", InstanceStatus::Running));
    let (rolling, _) = steps(
        &finished,
        vec![
            Event::AskRollback(vec!["ins-db-01".into()]),
            Event::ConfirmUndo,
        ],
    );
    vec![
        Stage::Selecting,
        Stage::planning(),
        reviewing(&plain),
        reviewing(&first),
        stale,
        following,
        interrupted,
        failed,
        running,
        finished,
        rolling,
    ]
}

fn events() -> Vec<Event> {
    let plan = fleet_plan(&["ins-db-01"], true);
    let snapshot = |status| listed(&plan, "ins-db-01", status);
    vec![
        Event::Plan,
        Event::Back,
        Event::Review(Box::new(plan.clone())),
        Event::Cancel,
        Event::Confirm,
        Event::ReviewAgain,
        Event::ChunkAnswered {
            index: 0,
            answer: Err(lost()),
        },
        Event::ChunkAnswered {
            index: 0,
            answer: Ok((vec![], "r".into())),
        },
        Event::OutcomeFound {
            instance_id: "ins-db-01".into(),
            found: Err(lost()),
        },
        Event::CheckAgain("ins-db-01".into()),
        Event::Online,
        status("ins-db-01", InstanceStatus::Stopped),
        status("ins-db-01", InstanceStatus::Running),
        Event::OtherTab {
            instance_id: "ins-db-01".into(),
            holds: true,
        },
        Event::Done,
        Event::RetryFailed,
        created("ins-db-01"),
        Event::SnapshotCreated {
            instance_id: "ins-db-01".into(),
            answer: Err(lost()),
        },
        Event::SnapshotFound {
            instance_id: "ins-db-01".into(),
            found: Ok(Some(snapshot(SnapshotStatus::Available))),
        },
        Event::SnapshotsRead(Ok(vec![snapshot(SnapshotStatus::Available)])),
        Event::SnapshotsRead(Ok(vec![snapshot(SnapshotStatus::Failed)])),
        Event::RetrySnapshot("ins-db-01".into()),
        Event::LeaveOutFailed,
        Event::StopSnapshots,
        Event::AskRollback(vec!["ins-db-01".into()]),
        Event::AskDeleteSnapshots,
        Event::CancelUndo,
        Event::ConfirmUndo,
        Event::ApplyAnswered {
            instance_id: "ins-db-01".into(),
            answer: Err(lost()),
        },
        Event::SnapshotSeen {
            instance_id: "ins-db-01".into(),
            seen: Ok(None),
        },
        Event::DeleteAnswered {
            ids: vec!["snap-ins-db-01".into()],
            answer: Err(lost()),
        },
        Event::CheckUndoAgain,
        Event::DeleteSpare,
        Event::AskPowerOff(vec!["ins-db-01".into()]),
        Event::ConfirmPowerOff,
        Event::StopAnswered {
            ids: vec!["ins-db-01".into()],
            answer: Ok(vec![]),
        },
    ]
}

#[test]
fn only_confirm_in_review_or_the_last_snapshot_becoming_available_sends_resetinstances() {
    let stages = stages();
    let events = events();
    let mut sent = vec![];
    for (s, stage) in stages.iter().enumerate() {
        for (e, event) in events.iter().enumerate() {
            let (_, commands) = step(stage, event.clone());
            if sends(&commands) > 0 {
                sent.push((s, e));
            }
            // A snapshot is asked for by Confirm, or by a retry of a failed one, only.
            if !creates(&commands).is_empty() {
                let confirm = matches!(stage, Stage::Reviewing(_)) && *event == Event::Confirm;
                let retry = matches!(event, Event::RetrySnapshot(_));
                assert!(confirm || retry, "{stage:?} + {event:?} creates a snapshot");
            }
        }
    }
    // Confirm on the plain review; the AVAILABLE read or lookup while following (the
    // lookup is refused: nothing was being looked up).
    let confirm = events.iter().position(|e| *e == Event::Confirm).unwrap();
    let available = events
        .iter()
        .position(|e| matches!(e, Event::SnapshotsRead(Ok(l)) if l[0].status == SnapshotStatus::Available))
        .unwrap();
    assert_eq!(sent, vec![(2, confirm), (5, available)]);
}
