//! The finished table: rolling back all or some instances (powered off by the one
//! power-off machine, one ApplySnapshot each, followed to the end; a lost answer resolved by
//! reading the snapshot), deleting the batch's snapshots, and "Retry the N failed" as a new
//! plan to review.

use crate::fleet_support::*;
use crate::support::*;
use zec_api::{InstanceStatus, SnapshotStatus};
use zec_console::fleet::batch::Row;
use zec_console::fleet::undo::{Back, BatchUndo, Mark, MAX_APPLIES};
use zec_console::fleet::{Command, Event, Stage};
use zec_console::power_off::PowerCommand;

/// The five reinstalled with snapshots first: four RUNNING, cache-01 REINSTALL_FAILED.
fn finished() -> Stage {
    let plan = fleet_plan(&FIVE, true);
    let (stage, _) = take_all(&plan);
    let answer = Ok((vec![], "req-1".to_owned()));
    let (mut stage, _) = step(&stage, Event::ChunkAnswered { index: 0, answer });
    for id in FIVE {
        let end = match id {
            "ins-cache-01" => InstanceStatus::ReinstallFailed,
            _ => InstanceStatus::Running,
        };
        stage = step(&stage, status(id, end)).0;
    }
    assert!(batch_of(&stage).is_idle());
    stage
}

fn applies(commands: &[Command]) -> Vec<String> {
    (commands.iter())
        .filter_map(|c| match c {
            Command::Apply { instance_id, .. } => Some(instance_id.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn rolling_back_all_powers_off_then_applies_each_snapshot_four_at_a_time() {
    let stage = finished();
    let all = batch_of(&stage).rollback_candidates();
    assert_eq!(all.len(), 5, "REINSTALL_FAILED can be rolled back too");
    let (asking, commands) = step(&stage, Event::AskRollback(all.clone()));
    assert!(commands.is_empty(), "it asks first");
    assert!(matches!(
        batch_of(&asking).undo,
        Some(BatchUndo::AskingRollback(_))
    ));
    assert_eq!(step(&asking, Event::CancelUndo).0, stage);

    let (stage, commands) = step(&asking, Event::ConfirmUndo);
    let [Command::PowerOff(PowerCommand::SendStop(stop))] = &commands[..] else {
        panic!("one StopInstances first: {commands:?}")
    };
    assert_eq!(stop.instance_ids, all);
    assert!(
        applies(&commands).is_empty(),
        "nothing is applied to a running disk"
    );
    let answered = Event::StopAnswered {
        ids: all.clone(),
        answer: Ok(vec![]),
    };
    let (mut stage, _) = step(&stage, answered);
    let mut applied = vec![];
    for id in FIVE {
        let (next, commands) = step(&stage, status(id, InstanceStatus::Stopped));
        stage = next;
        applied.extend(applies(&commands));
    }
    assert_eq!(applied, &FIVE[..MAX_APPLIES], "four at a time");
    let plan = batch_of(&stage).plan.clone();
    let ok = |id: &str| Event::ApplyAnswered {
        instance_id: id.into(),
        answer: Ok("req-a".into()),
    };
    let (stage, commands) = step(&stage, ok("ins-web-01"));
    assert_eq!(applies(&commands), vec!["ins-lab-01"]);
    assert!(commands.contains(&Command::ReadSnapshots {
        ids: vec!["snap-ins-web-01".into()],
        delay_ms: 2000
    }));
    let (stage, _) = steps(
        &stage,
        ["ins-db-01", "ins-build-01", "ins-cache-01", "ins-lab-01"]
            .map(ok)
            .to_vec(),
    );
    // Still ROLLING_BACK: read again. AVAILABLE again: rolled back.
    let read = |status: SnapshotStatus| {
        FIVE.iter()
            .map(|id| listed(&plan, id, status.clone()))
            .collect()
    };
    let (stage, commands) = step(
        &stage,
        Event::SnapshotsRead(Ok(read(SnapshotStatus::RollingBack))),
    );
    assert!(matches!(&commands[..], [Command::ReadSnapshots { ids, .. }] if ids.len() == 5));
    let (stage, commands) = step(
        &stage,
        Event::SnapshotsRead(Ok(read(SnapshotStatus::Available))),
    );
    assert!(commands.is_empty());
    let batch = batch_of(&stage);
    assert!(batch.undo.is_none());
    assert!(FIVE
        .iter()
        .all(|id| batch.mark_of(id) == Some(&Mark::RolledBack)));
    assert!(batch.rollback_candidates().is_empty(), "rolled back once");
    assert!(
        batch.to_retry().is_empty(),
        "a rolled-back failure is not retried"
    );
}

#[test]
fn rolling_back_selected_instances_leaves_the_others_alone_and_a_lost_answer_is_read() {
    let stage = finished();
    let mut stage = stage;
    // db-01 was powered off meanwhile: it is rolled back at once, web-01 powered off first.
    stage = step(&stage, status("ins-db-01", InstanceStatus::Stopped)).0;
    let chosen = vec!["ins-web-01".to_owned(), "ins-db-01".to_owned()];
    let (asking, _) = step(&stage, Event::AskRollback(chosen));
    let (stage, commands) = step(&asking, Event::ConfirmUndo);
    assert_eq!(applies(&commands), vec!["ins-db-01"]);
    assert!(commands.iter().any(|c| matches!(c, Command::PowerOff(PowerCommand::SendStop(r)) if r.instance_ids == ["ins-web-01"])));
    let lost_answer = Event::ApplyAnswered {
        instance_id: "ins-db-01".into(),
        answer: Err(lost()),
    };
    let (stage, commands) = step(&stage, lost_answer);
    assert_eq!(
        commands,
        vec![Command::ReadSnapshot {
            instance_id: "ins-db-01".into(),
            snapshot_id: "snap-ins-db-01".into(),
            delay_ms: 0
        }]
    );
    // The snapshot is unchanged: the rollback did not start, and it is not sent again.
    let plan = batch_of(&stage).plan.clone();
    let seen = Event::SnapshotSeen {
        instance_id: "ins-db-01".into(),
        seen: Ok(Some(listed(&plan, "ins-db-01", SnapshotStatus::Available))),
    };
    let (stage, commands) = step(&stage, seen);
    assert!(applies(&commands).is_empty());
    let Some(BatchUndo::RollingBack(rollback)) = &batch_of(&stage).undo else {
        panic!()
    };
    assert!(
        matches!(rollback.row("ins-db-01"), Some(Back::Failed(why)) if why.contains("Nothing was sent again"))
    );
    assert_eq!(rollback.row("ins-web-01"), Some(&Back::PoweringOff));
    assert_eq!(rollback.row("ins-build-01"), None, "not chosen");
    // A refusal to power off ends web-01's part with the reason.
    let refused_stop = Event::StopAnswered {
        ids: vec!["ins-web-01".into()],
        answer: Ok(vec!["ins-web-01".into()]),
    };
    let (stage, _) = step(&stage, refused_stop);
    let batch = batch_of(&stage);
    assert!(batch.undo.is_none());
    assert!(
        matches!(batch.mark_of("ins-web-01"), Some(Mark::RollbackFailed(why)) if why.contains("ins-web-01"))
    );
    assert!(matches!(
        batch.mark_of("ins-db-01"),
        Some(Mark::RollbackFailed(_))
    ));
    assert_eq!(batch.mark_of("ins-build-01"), None);
}

#[test]
fn deleting_the_batchs_snapshots_sends_one_call_and_a_lost_answer_is_checked() {
    let stage = finished();
    let (asking, commands) = step(&stage, Event::AskDeleteSnapshots);
    assert!(commands.is_empty());
    let (stage, commands) = step(&asking, Event::ConfirmUndo);
    let [Command::DeleteSnapshots(ids)] = &commands[..] else {
        panic!("{commands:?}")
    };
    assert_eq!(ids.len(), 5);
    let (stage, commands) = step(
        &stage,
        Event::DeleteAnswered {
            ids: ids.clone(),
            answer: Err(lost()),
        },
    );
    assert_eq!(
        commands,
        vec![Command::ReadDeleted {
            ids: ids.clone(),
            delay_ms: 0
        }]
    );
    // Gone or DELETING: deleted; still AVAILABLE: not, and nothing is sent again.
    let plan = batch_of(&stage).plan.clone();
    let still = vec![
        listed(&plan, "ins-web-01", SnapshotStatus::Deleting),
        listed(&plan, "ins-db-01", SnapshotStatus::Available),
    ];
    let (stage, commands) = step(
        &stage,
        Event::DeletedRead {
            ids: ids.clone(),
            found: Ok(still),
        },
    );
    assert!(commands.is_empty());
    let batch = batch_of(&stage);
    assert_eq!(batch.mark_of("ins-web-01"), Some(&Mark::SnapshotDeleted));
    assert_eq!(batch.mark_of("ins-cache-01"), Some(&Mark::SnapshotDeleted));
    assert!(matches!(
        batch.mark_of("ins-db-01"),
        Some(Mark::DeleteFailed(_))
    ));
    assert_eq!(
        batch.deletable(),
        vec![("ins-db-01".to_owned(), "snap-ins-db-01".to_owned())]
    );
    assert_eq!(
        batch.rollback_candidates(),
        vec!["ins-db-01"],
        "no snapshot, no rollback"
    );
}

#[test]
fn retry_the_failed_is_a_new_plan_of_those_instances_never_a_silent_resend() {
    let plan = fleet_plan(&FIVE, false);
    let (stage, _) = step(&reviewing(&plan), Event::Confirm);
    let answer = Ok((vec!["ins-build-01".to_owned()], "req-1".to_owned()));
    let (mut stage, _) = step(&stage, Event::ChunkAnswered { index: 0, answer });
    for (id, end) in [
        ("ins-web-01", InstanceStatus::Running),
        ("ins-db-01", InstanceStatus::Running),
        ("ins-cache-01", InstanceStatus::ReinstallFailed),
        ("ins-lab-01", InstanceStatus::Running),
    ] {
        stage = step(&stage, status(id, end)).0;
    }
    assert_eq!(
        batch_of(&stage).to_retry(),
        vec!["ins-build-01", "ins-cache-01"]
    );
    let (planning, commands) = step(&stage, Event::RetryFailed);
    assert_eq!(planning, Stage::planning());
    let [Command::PlanAgain { ids, form }] = &commands[..] else {
        panic!("{commands:?}")
    };
    assert_eq!(ids, &["ins-build-01", "ins-cache-01"]);
    assert_eq!(form.image_id.as_deref(), Some("img-debian-12"));
    assert_eq!(
        form.password, "Fleet-Pass-1",
        "in memory the password is kept for the retry"
    );
    assert_eq!(sends(&commands), 0);
    // Nothing is offered while a row is still going.
    let mut going = stage.clone();
    if let Stage::Running(batch) = &mut going {
        batch.rows[0].1 = Row::InProgress(InstanceStatus::Deploying);
    }
    assert_eq!(step(&going, Event::RetryFailed).0, going);
    assert_eq!(
        step(&going, Event::AskRollback(vec!["ins-web-01".into()])).0,
        going
    );
}
