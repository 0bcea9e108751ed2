//! Fleet plans of the emulator's fixture, and stepping the fleet's machine.
#![allow(dead_code)]

use crate::support::*;
use zec_api::wire::SnapshotInfo;
use zec_api::{InstanceStatus, SnapshotStatus};
use zec_console::fleet::batch::Batch;
use zec_console::fleet::plan::{FleetForm, FleetPlan};
use zec_console::fleet::snapshots::Snapshots;
use zec_console::fleet::{update, Command, Event, Review, Stage};

/// Five STOPPED Linux instances of the fixture; Debian 12 fits them all.
pub const FIVE: [&str; 5] = [
    "ins-web-01",
    "ins-db-01",
    "ins-build-01",
    "ins-cache-01",
    "ins-lab-01",
];

pub fn form(snapshots: bool) -> FleetForm {
    let mut form = FleetForm {
        image_id: Some("img-debian-12".into()),
        password: "Fleet-Pass-1".into(),
        ..FleetForm::default()
    };
    form.snapshot.enabled = snapshots;
    form
}

/// The frozen plan of these instances of the fixture.
pub fn fleet_plan(ids: &[&str], snapshots: bool) -> FleetPlan {
    let world = world();
    form(snapshots)
        .freeze(&world.pick(ids), &world.catalog, &world.policy, NOW_UNIX)
        .expect("the plan is sound")
}

pub fn step(stage: &Stage, event: Event) -> (Stage, Vec<Command>) {
    update(stage, event)
}

/// Steps through `events` in order; returns the last stage and every command.
pub fn steps(stage: &Stage, events: Vec<Event>) -> (Stage, Vec<Command>) {
    let mut stage = stage.clone();
    let mut all = vec![];
    for event in events {
        let (next, commands) = update(&stage, event);
        stage = next;
        all.extend(commands);
    }
    (stage, all)
}

pub fn reviewing(plan: &FleetPlan) -> Stage {
    Stage::Reviewing(Box::new(Review::new(plan.clone())))
}

pub fn snapshots_of(stage: &Stage) -> &Snapshots {
    match stage {
        Stage::Snapshotting(snapshots) => snapshots,
        other => panic!("expected Snapshotting, got {other:?}"),
    }
}

pub fn batch_of(stage: &Stage) -> &Batch {
    match stage {
        Stage::Running(batch) => batch,
        other => panic!("expected Running, got {other:?}"),
    }
}

/// The snapshot of an instance's boot disk as DescribeSnapshots lists it.
pub fn listed(plan: &FleetPlan, instance_id: &str, status: SnapshotStatus) -> SnapshotInfo {
    let request = plan.target(instance_id).unwrap().snapshot.clone().unwrap();
    serde_json::from_value(serde_json::json!({
        "snapshotId": format!("snap-{instance_id}"),
        "snapshotName": request.snapshot_name,
        "zoneId": "z",
        "status": status.as_str(),
        "diskId": request.disk_id,
        "createTime": "2026-11-27T08:00:05Z",
    }))
    .unwrap()
}

pub fn created(instance_id: &str) -> Event {
    Event::SnapshotCreated {
        instance_id: instance_id.into(),
        answer: Ok(format!("snap-{instance_id}")),
    }
}

pub fn status(instance_id: &str, status: InstanceStatus) -> Event {
    Event::Status {
        instance_id: instance_id.into(),
        status,
    }
}

pub fn creates(commands: &[Command]) -> Vec<String> {
    (commands.iter())
        .filter_map(|c| match c {
            Command::CreateSnapshot { instance_id, .. } => Some(instance_id.clone()),
            _ => None,
        })
        .collect()
}

pub fn sends(commands: &[Command]) -> usize {
    (commands.iter())
        .filter(|c| matches!(c, Command::SendChunk { .. }))
        .count()
}

/// Answers the read on its way with exactly the snapshots it asked about, each in the
/// status `status_of` gives its instance.
pub fn answer_read(
    stage: &Stage,
    plan: &FleetPlan,
    status_of: impl Fn(&str) -> SnapshotStatus,
) -> (Stage, Vec<Command>) {
    let asked = match stage {
        Stage::Snapshotting(s) => s.polling.clone().expect("a read on its way"),
        other => panic!("expected Snapshotting, got {other:?}"),
    };
    let listed = (plan.ids().iter())
        .filter(|id| asked.contains(&format!("snap-{id}")))
        .map(|id| listed(plan, id, status_of(id)))
        .collect();
    step(stage, Event::SnapshotsRead(Ok(listed)))
}

/// Confirms a snapshot-first plan and takes every snapshot: the stage once all are
/// AVAILABLE, and every command on the way.
pub fn take_all(plan: &FleetPlan) -> (Stage, Vec<Command>) {
    let (mut stage, mut all) = step(&reviewing(plan), Event::Confirm);
    for id in plan.ids() {
        let (next, commands) = step(&stage, created(&id));
        stage = next;
        all.extend(commands);
    }
    while matches!(stage, Stage::Snapshotting(_)) {
        let (next, commands) = answer_read(&stage, plan, |_| SnapshotStatus::Available);
        stage = next;
        all.extend(commands);
    }
    (stage, all)
}

/// A plan of made-up instances (STOPPED, Debian 12 with a password, no snapshots).
pub fn plan_named(ids: &[&str]) -> FleetPlan {
    use zec_console::fleet::changed::Frozen;
    use zec_console::fleet::plan::Target;
    FleetPlan {
        targets: (ids.iter())
            .map(|id| Target {
                instance_id: (*id).into(),
                name: id.trim_start_matches("ins-").into(),
                frozen: Frozen {
                    status: InstanceStatus::Stopped,
                    image_id: "img-rocky-9".into(),
                },
                disk_gib: 40,
                snapshot: None,
            })
            .collect(),
        options: zec_api::wire::ResetOptions {
            image_id: Some("img-debian-12".into()),
            password: Some("Abcdef1!".into()),
            enable_agent: Some(false),
            ..Default::default()
        },
        image_name: "Debian 12".into(),
        login: "the password you set".into(),
        form: FleetForm::default(),
        kept_until: None,
        taken: vec![],
        review: vec![],
        hand_over_password: false,
    }
}
