//! Snapshot first for a whole batch: CreateSnapshot for every boot disk, at most four at a
//! time, followed with one read for all; ResetInstances only once every snapshot is
//! AVAILABLE; one failure stops the batch before anything is erased, with the choice to
//! leave that instance out (a new plan to review) or retry it; a lost CreateSnapshot
//! answer is resolved by asking, never by creating again.

use crate::fleet_support::*;
use crate::support::*;
use zec_api::SnapshotStatus;
use zec_console::fleet::snapshots::{Shot, MAX_CREATES};
use zec_console::fleet::{Command, Event, Stage};
use zec_console::resolve::AUTO_ASKS;

#[test]
fn every_boot_disk_is_snapshotted_four_at_a_time_before_the_batch_is_sent() {
    let plan = fleet_plan(&FIVE, true);
    assert!(plan.takes_snapshots());
    let names: Vec<String> = (plan.targets.iter())
        .map(|t| t.snapshot.clone().unwrap().snapshot_name)
        .collect();
    assert!(
        names[0].starts_with("before-reinstall-web-01-"),
        "{names:?}"
    );
    assert_eq!(
        plan.kept_until.as_deref(),
        Some("until 2026-12-04 09:00 UTC")
    );

    let (stage, commands) = step(&reviewing(&plan), Event::Confirm);
    assert_eq!(creates(&commands), &FIVE[..MAX_CREATES], "four at once");
    assert_eq!(
        sends(&commands),
        0,
        "nothing is erased before the snapshots"
    );
    assert_eq!(snapshots_of(&stage).shot("ins-lab-01"), Some(&Shot::Queued));

    // The first answer: followed with one read, and the fifth disk's turn comes.
    let (stage, commands) = step(&stage, created("ins-web-01"));
    assert_eq!(creates(&commands), vec!["ins-lab-01"]);
    assert!(commands.contains(&Command::ReadSnapshots {
        ids: vec!["snap-ins-web-01".into()],
        delay_ms: 1000
    }));
    let (stage, commands) = steps(
        &stage,
        ["ins-db-01", "ins-build-01", "ins-cache-01", "ins-lab-01"]
            .map(created)
            .to_vec(),
    );
    assert!(creates(&commands).is_empty(), "each disk once");
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::ReadSnapshots { .. })),
        "one read on its way at a time"
    );

    // The first read asked about web-01 only; the next asks about the four others.
    let (stage, commands) = answer_read(&stage, &plan, |_| SnapshotStatus::Available);
    assert_eq!(
        commands,
        vec![Command::ReadSnapshots {
            ids: ["db-01", "build-01", "cache-01", "lab-01"]
                .map(|n| format!("snap-ins-{n}"))
                .to_vec(),
            delay_ms: 2000
        }]
    );
    // Some still CREATING: read again; all AVAILABLE: the batch goes, with its snapshots.
    let creating = |id: &str| match id {
        "ins-build-01" => SnapshotStatus::Creating,
        _ => SnapshotStatus::Available,
    };
    let (stage, commands) = answer_read(&stage, &plan, creating);
    assert_eq!(sends(&commands), 0);
    assert_eq!(
        commands,
        vec![Command::ReadSnapshots {
            ids: vec!["snap-ins-build-01".into()],
            delay_ms: 2000
        }]
    );
    let (stage, commands) = answer_read(&stage, &plan, |_| SnapshotStatus::Available);
    assert_eq!(sends(&commands), 1, "one ResetInstances call for five");
    let batch = batch_of(&stage);
    assert_eq!(batch.plan.taken.len(), 5);
    let taken = batch.plan.taken_of("ins-db-01").unwrap();
    assert_eq!(
        (taken.snapshot_id.as_str(), taken.original_image_id.as_str()),
        ("snap-ins-db-01", "img-rocky-9")
    );
}

/// Confirms the five and lets cache-01's snapshot fail while the others are taken.
fn one_fails() -> (Stage, Vec<Command>) {
    let plan = fleet_plan(&FIVE, true);
    let (stage, _) = step(&reviewing(&plan), Event::Confirm);
    let (stage, _) = steps(
        &stage,
        ["ins-web-01", "ins-db-01", "ins-build-01", "ins-cache-01"]
            .map(created)
            .to_vec(),
    );
    let (stage, commands) = step(&stage, created("ins-lab-01"));
    assert!(commands.is_empty());
    let (stage, _) = answer_read(&stage, &plan, |_| SnapshotStatus::Available);
    answer_read(&stage, &plan, |id| match id {
        "ins-cache-01" => SnapshotStatus::Failed,
        _ => SnapshotStatus::Available,
    })
}

#[test]
fn one_failed_snapshot_stops_the_whole_batch_before_anything_is_erased() {
    let (stage, commands) = one_fails();
    assert_eq!(sends(&commands), 0, "nothing is sent");
    let snapshots = snapshots_of(&stage);
    assert!(snapshots.is_settled());
    assert_eq!(snapshots.failed(), vec!["ins-cache-01"]);
    assert_eq!(snapshots.progress(), (4, 5));
    // Nothing else moves it on: no status, no read, no Confirm sends anything.
    for event in [
        Event::Confirm,
        Event::SnapshotsRead(Ok(vec![])),
        status("ins-web-01", zec_api::InstanceStatus::Stopped),
        Event::Online,
    ] {
        let (next, commands) = step(&stage, event.clone());
        assert_eq!(sends(&commands) + creates(&commands).len(), 0, "{event:?}");
        assert_eq!(next, stage, "{event:?}");
    }
}

#[test]
fn a_queued_disk_waits_while_a_failure_is_unresolved() {
    let plan = fleet_plan(&FIVE, true);
    let (stage, _) = step(&reviewing(&plan), Event::Confirm);
    let refused = Event::SnapshotCreated {
        instance_id: "ins-web-01".into(),
        answer: Err(refused(zec_api::ErrorCode::InvalidDiskStatus)),
    };
    let (stage, commands) = step(&stage, refused);
    assert!(
        creates(&commands).is_empty(),
        "lab-01 is not asked for once one failed"
    );
    assert_eq!(snapshots_of(&stage).shot("ins-lab-01"), Some(&Shot::Queued));
    assert!(
        matches!(snapshots_of(&stage).shot("ins-web-01"), Some(Shot::Failed(why)) if why.contains("INVALID_DISK_STATUS"))
    );
}

#[test]
fn leaving_the_failed_one_out_is_a_new_plan_to_review_with_the_snapshots_already_taken() {
    let (stage, _) = one_fails();
    let (stage, commands) = step(&stage, Event::LeaveOutFailed);
    assert_eq!(
        commands,
        vec![Command::Deselect(vec!["ins-cache-01".into()])]
    );
    let Stage::Reviewing(review) = &stage else {
        panic!("a new review, got {stage:?}")
    };
    assert_eq!(
        review.plan.ids(),
        vec!["ins-web-01", "ins-db-01", "ins-build-01", "ins-lab-01"]
    );
    assert_eq!(review.plan.taken.len(), 4);
    assert_eq!(review.plan.review.len(), 4, "the dialog speaks of four");
    // Confirm sends the batch at once: the four snapshots are not taken again.
    let (stage, commands) = step(&stage, Event::Confirm);
    assert!(creates(&commands).is_empty());
    assert_eq!(sends(&commands), 1);
    assert_eq!(batch_of(&stage).plan.taken.len(), 4);
}

#[test]
fn retrying_the_failed_snapshot_takes_only_that_one_again() {
    let (stage, _) = one_fails();
    let (stage, commands) = step(&stage, Event::RetrySnapshot("ins-cache-01".into()));
    assert_eq!(creates(&commands), vec!["ins-cache-01"]);
    // The retry is refused while it is on its way: no second CreateSnapshot.
    let (stage, commands) = step(&stage, Event::RetrySnapshot("ins-cache-01".into()));
    assert!(commands.is_empty());
    let (stage, _) = step(&stage, created("ins-cache-01"));
    let plan = snapshots_of(&stage).plan.clone();
    let read = vec![listed(&plan, "ins-cache-01", SnapshotStatus::Available)];
    let (stage, commands) = step(&stage, Event::SnapshotsRead(Ok(read)));
    assert_eq!(sends(&commands), 1);
    assert_eq!(batch_of(&stage).plan.taken.len(), 5);
}

#[test]
fn stopping_keeps_the_snapshots_taken_for_the_next_review() {
    let (stage, _) = one_fails();
    let (stage, commands) = step(&stage, Event::StopSnapshots);
    assert!(commands.is_empty());
    let Stage::Planning { spare, .. } = &stage else {
        panic!("{stage:?}")
    };
    assert_eq!(spare.len(), 4);
    // The same instances reviewed again: the four are reused, only cache-01 is taken.
    let plan = fleet_plan(&FIVE, true);
    let (stage, _) = step(&stage, Event::Review(Box::new(plan)));
    let (_, commands) = step(&stage, Event::Confirm);
    assert_eq!(creates(&commands), vec!["ins-cache-01"]);
    // Deleting them instead: one DeleteSnapshots for the four.
    let (planning, _) = step(&one_fails().0, Event::StopSnapshots);
    let (_, commands) = step(&planning, Event::DeleteSpare);
    assert!(matches!(&commands[..], [Command::DeleteSnapshots(ids)] if ids.len() == 4));
}

#[test]
fn a_lost_create_answer_is_resolved_by_asking_by_disk_and_name_never_by_creating_again() {
    let plan = fleet_plan(&FIVE[..2], true);
    let (stage, _) = step(&reviewing(&plan), Event::Confirm);
    let lost_answer = Event::SnapshotCreated {
        instance_id: "ins-db-01".into(),
        answer: Err(lost()),
    };
    let (stage, commands) = step(&stage, lost_answer);
    let request = plan.target("ins-db-01").unwrap().snapshot.clone().unwrap();
    assert_eq!(
        commands,
        vec![Command::FindSnapshot {
            instance_id: "ins-db-01".into(),
            disk_id: "disk-db-01".into(),
            name: request.snapshot_name.clone(),
            delay_ms: 0
        }]
    );
    // The lookup fails: asked again with backoff, then it waits for "Check again".
    let mut stage = stage;
    for attempt in 1..=AUTO_ASKS {
        let failed = Event::SnapshotFound {
            instance_id: "ins-db-01".into(),
            found: Err(lost()),
        };
        let (next, commands) = step(&stage, failed);
        stage = next;
        assert!(creates(&commands).is_empty());
        assert_eq!(commands.len(), usize::from(attempt < AUTO_ASKS));
    }
    assert!(
        matches!(snapshots_of(&stage).shot("ins-db-01"), Some(Shot::Finding(asking)) if asking.waiting().is_some())
    );
    let (stage, commands) = step(&stage, Event::CheckAgain("ins-db-01".into()));
    assert!(matches!(
        &commands[..],
        [Command::FindSnapshot { delay_ms: 0, .. }]
    ));
    // Found CREATING: followed like the others. Not found: failed, nothing erased.
    let found = Event::SnapshotFound {
        instance_id: "ins-db-01".into(),
        found: Ok(Some(listed(&plan, "ins-db-01", SnapshotStatus::Creating))),
    };
    let (_, commands) = step(&stage, found);
    assert!(
        matches!(&commands[..], [Command::ReadSnapshots { ids, .. }] if ids == &["snap-ins-db-01"])
    );
    let not_found = Event::SnapshotFound {
        instance_id: "ins-db-01".into(),
        found: Ok(None),
    };
    let (stage, commands) = step(&stage, not_found);
    assert!(commands.is_empty());
    assert!(matches!(
        snapshots_of(&stage).shot("ins-db-01"),
        Some(Shot::Failed(_))
    ));
}

#[test]
fn a_read_judges_only_the_snapshots_it_asked_about() {
    let plan = fleet_plan(&FIVE[..2], true);
    let (stage, _) = step(&reviewing(&plan), Event::Confirm);
    let (stage, _) = step(&stage, created("ins-web-01"));
    // db-01's answer comes while the read of web-01's snapshot is on its way.
    let (stage, commands) = step(&stage, created("ins-db-01"));
    assert!(commands.is_empty(), "one read at a time");
    let read = vec![listed(&plan, "ins-web-01", SnapshotStatus::Creating)];
    let (stage, commands) = step(&stage, Event::SnapshotsRead(Ok(read)));
    assert!(
        matches!(
            snapshots_of(&stage).shot("ins-db-01"),
            Some(Shot::Following { .. })
        ),
        "not asked about, so not gone: {:?}",
        snapshots_of(&stage).shot("ins-db-01")
    );
    assert_eq!(
        commands,
        vec![Command::ReadSnapshots {
            ids: vec!["snap-ins-web-01".into(), "snap-ins-db-01".into()],
            delay_ms: 2000
        }]
    );
    // Asked about and missing: gone.
    let (stage, _) = step(&stage, Event::SnapshotsRead(Ok(vec![])));
    assert!(matches!(
        snapshots_of(&stage).shot("ins-db-01"),
        Some(Shot::Failed(_))
    ));
}
