//! Snapshot first: the snapshot is taken and AVAILABLE before anything is erased; a failed
//! one stops the reinstall until the user decides; a lost answer is looked up, never created
//! again.

use crate::support::*;
use zec_api::live::WidgetEvent;
use zec_api::rules::ProtectionPolicy;
use zec_api::{ErrorCode, SnapshotStatus};
use zec_console::session::{update, Activity, Command, Event, Panel, SnapshotRef};

fn run(activity: Activity, events: Vec<Event>) -> (Activity, Vec<Command>) {
    let policy = ProtectionPolicy::default();
    let mut panel = Panel::doing(world().instance("ins-web-01"), activity);
    let mut all = vec![];
    for event in events {
        let (next, commands) = update(&panel, event, env(&policy));
        let commands = acts(commands);
        panel = next;
        all.extend(commands);
    }
    (panel.activity, all)
}

fn sends(commands: &[Command]) -> usize {
    commands
        .iter()
        .filter(|c| matches!(c, Command::SendReset { .. }))
        .count()
}

fn seen(status: SnapshotStatus) -> Event {
    Event::SnapshotSeen(Ok(Some(snapshot(status))))
}

fn taking(snapshot_id: Option<&str>) -> Activity {
    Activity::Snapshotting {
        plan: snapshot_plan(),
        snapshot_id: snapshot_id.map(str::to_owned),
        status: None,
        started_at: NOW,
    }
}

#[test]
fn a_snapshot_is_taken_before_anything_is_erased() {
    let plan = snapshot_plan();
    let wanted = plan.snapshot.clone().unwrap();
    assert_eq!(
        wanted.request.snapshot_name,
        "before-reinstall-web-01-20261127T0800Z"
    );
    assert_eq!(wanted.request.disk_id, "disk-web-01");
    assert_eq!(
        wanted.request.retention_time.as_deref(),
        Some("2026-12-04T09:00:00Z"),
        "7 days and an hour"
    );
    let (activity, commands) = run(Activity::Reviewing(plan.clone()), vec![Event::Confirm]);
    assert_eq!(
        commands,
        vec![Command::CreateSnapshot(wanted.request.clone())],
        "the snapshot first, no reinstall yet"
    );
    let (activity, commands) = run(activity, vec![Event::SnapshotCreated(Ok("snap-1".into()))]);
    assert!(
        matches!(&commands[..], [Command::ReadSnapshot { snapshot: SnapshotRef::Id(id), delay_ms: 1000 }] if id == "snap-1")
    );
    let (activity, commands) = run(activity, vec![seen(SnapshotStatus::Creating)]);
    assert_eq!(sends(&commands), 0, "still CREATING");
    let (activity, commands) = run(activity, vec![seen(SnapshotStatus::Available)]);
    assert_eq!(sends(&commands), 1, "AVAILABLE: now the reinstall");
    assert!(commands.iter().any(|c| matches!(c, Command::Announce(WidgetEvent::SnapshotCreated, d) if d.request_id == "snap-1")));
    let (watching, _) = run(activity, vec![Event::ResetAnswered(Ok("req-1".into()))]);
    let Activity::Watching(active) = watching else {
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

#[test]
fn a_failed_snapshot_stops_the_reinstall_until_the_user_decides() {
    let plan = snapshot_plan();
    let (failed, commands) = run(taking(Some("snap-1")), vec![seen(SnapshotStatus::Failed)]);
    assert!(matches!(failed, Activity::SnapshotFailed { .. }));
    assert_eq!(sends(&commands), 0);
    let (retry, commands) = run(failed.clone(), vec![Event::RetrySnapshot]);
    assert!(matches!(
        retry,
        Activity::Snapshotting {
            snapshot_id: None,
            ..
        }
    ));
    assert!(matches!(&commands[..], [Command::CreateSnapshot(_)]));
    let (without, commands) = run(failed, vec![Event::ContinueWithoutSnapshot]);
    assert_eq!(
        without,
        Activity::Reviewing(plan.without_snapshot()),
        "going on without one is reviewed again"
    );
    assert!(commands.is_empty());
    let (refused_create, _) = run(
        taking(None),
        vec![Event::SnapshotCreated(Err(refused(
            ErrorCode::InvalidParameter,
        )))],
    );
    assert!(matches!(refused_create, Activity::SnapshotFailed { .. }));
    let (gone, _) = run(taking(Some("snap-1")), vec![Event::SnapshotSeen(Ok(None))]);
    assert!(
        matches!(&gone, Activity::SnapshotFailed { reason, .. } if reason.contains("disappeared"))
    );
    let (read_again, commands) = run(
        taking(Some("snap-1")),
        vec![Event::SnapshotSeen(Err(lost()))],
    );
    assert_eq!(
        read_again,
        taking(Some("snap-1")),
        "following the progress is reading"
    );
    assert!(matches!(
        &commands[..],
        [Command::ReadSnapshot { delay_ms: 2000, .. }]
    ));
}

#[test]
fn a_lost_snapshot_answer_is_resolved_by_looking_it_up_never_by_creating_another() {
    let (finding, commands) = run(taking(None), vec![Event::SnapshotCreated(Err(lost()))]);
    assert!(matches!(finding, Activity::FindingSnapshot { .. }));
    assert!(
        matches!(&commands[..], [Command::ReadSnapshot { snapshot: SnapshotRef::Named { name, disk_id }, .. }]
            if name == "before-reinstall-web-01-20261127T0800Z" && disk_id == "disk-web-01")
    );
    let (found, commands) = run(finding.clone(), vec![seen(SnapshotStatus::Creating)]);
    assert!(matches!(
        found,
        Activity::Snapshotting {
            snapshot_id: Some(_),
            ..
        }
    ));
    assert!(!commands
        .iter()
        .any(|c| matches!(c, Command::CreateSnapshot(_))));
    let (missing, commands) = run(finding, vec![Event::SnapshotSeen(Ok(None))]);
    assert!(
        matches!(&missing, Activity::SnapshotFailed { reason, .. } if reason.contains("not created")),
        "not there: it was not created"
    );
    assert!(commands.is_empty());
}
