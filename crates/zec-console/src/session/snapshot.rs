//! Snapshot first: created → CREATING … AVAILABLE → the reinstall is sent. A lost
//! CreateSnapshot answer is resolved by looking the snapshot up by its name (`resolve`),
//! never by creating another.

use crate::i18n::{word, Id};
use zec_api::live::{WidgetEvent, WidgetEventDetail};
use zec_api::wire::SnapshotInfo;
use zec_api::SnapshotStatus;

use super::reinstall::{confirmed, send};
use super::{Activity, Command, Event, Panel, SnapshotRef, Step};
use crate::plan::{ReinstallPlan, TakenSnapshot};
use crate::resolve::Resolver;

/// How often a snapshot that is changing (being made, rolled back to, deleted) is read, and
/// how soon after it was requested a new one is first read.
pub const SNAPSHOT_POLL_MS: u32 = 2000;
pub const FIRST_SNAPSHOT_READ_MS: u32 = 1000;

/// CreateSnapshot, before anything is erased.
pub(super) fn take(panel: &Panel, plan: &ReinstallPlan, now: f64) -> Step {
    let Some(snapshot) = &plan.snapshot else {
        return confirmed(panel, plan, now);
    };
    let activity = Activity::Snapshotting {
        plan: plan.clone(),
        snapshot_id: None,
        status: None,
        started_at: now,
    };
    (
        panel.with(activity),
        vec![Command::CreateSnapshot(snapshot.request.clone())],
    )
}

fn read(plan: &ReinstallPlan, snapshot_id: Option<String>, delay_ms: u32) -> Command {
    let snapshot = match snapshot_id {
        Some(id) => SnapshotRef::Id(id),
        None => {
            let request = &plan
                .snapshot
                .as_ref()
                .expect("a snapshot step has a snapshot")
                .request;
            SnapshotRef::Named {
                disk_id: request.disk_id.clone(),
                name: request.snapshot_name.clone(),
            }
        }
    };
    Command::ReadSnapshot { snapshot, delay_ms }
}

fn failed(panel: &Panel, plan: &ReinstallPlan, reason: &str) -> Step {
    let activity = Activity::SnapshotFailed {
        plan: plan.clone(),
        reason: reason.to_owned(),
    };
    (panel.with(activity), vec![])
}

pub(super) fn step(panel: &Panel, event: Event, now: f64) -> Step {
    use Activity::*;
    match (&panel.activity, event) {
        (
            Snapshotting {
                plan,
                started_at,
                snapshot_id: None,
                ..
            },
            Event::SnapshotCreated(result),
        ) => match result {
            Ok(id) => {
                let activity = Snapshotting {
                    plan: plan.clone(),
                    snapshot_id: Some(id.clone()),
                    status: Some(SnapshotStatus::Creating),
                    started_at: *started_at,
                };
                let command = read(plan, Some(id), FIRST_SNAPSHOT_READ_MS);
                (panel.with(activity), vec![command])
            }
            Err(error) if error.outcome_unknown() => {
                let (asking, delay_ms) = Resolver::start();
                let activity = FindingSnapshot {
                    plan: plan.clone(),
                    started_at: *started_at,
                    asking,
                };
                (panel.with(activity), vec![read(plan, None, delay_ms)])
            }
            Err(error) => failed(panel, plan, &error.message()),
        },
        (
            Snapshotting {
                plan,
                snapshot_id,
                started_at,
                ..
            },
            Event::SnapshotSeen(seen),
        ) => match seen {
            // Following the progress: reading is safe, so read again.
            Err(_) => (
                panel.clone(),
                vec![read(plan, snapshot_id.clone(), SNAPSHOT_POLL_MS)],
            ),
            Ok(None) => failed(panel, plan, &word(Id::SnapshotDisappeared)),
            Ok(Some(snapshot)) => progressed(panel, plan, *started_at, snapshot, now),
        },
        (
            FindingSnapshot {
                plan,
                started_at,
                asking,
            },
            Event::SnapshotSeen(seen),
        ) => match seen {
            Err(error) => {
                let (asking, delay) = asking.failed(error);
                let commands = delay.map(|d| read(plan, None, d)).into_iter().collect();
                let activity = FindingSnapshot {
                    plan: plan.clone(),
                    started_at: *started_at,
                    asking,
                };
                (panel.with(activity), commands)
            }
            Ok(None) => failed(panel, plan, &word(Id::SnapshotNotCreated)),
            Ok(Some(snapshot)) => progressed(panel, plan, *started_at, snapshot, now),
        },
        (
            FindingSnapshot {
                plan,
                started_at,
                asking,
            },
            Event::CheckAgain | Event::Online,
        ) => {
            let (asking, delay) = asking.again();
            let commands = delay.map(|d| read(plan, None, d)).into_iter().collect();
            let activity = FindingSnapshot {
                plan: plan.clone(),
                started_at: *started_at,
                asking,
            };
            (panel.with(activity), commands)
        }
        _ => (panel.clone(), vec![]),
    }
}

/// The snapshot as listed now: AVAILABLE sends the reinstall, FAILED stops, anything else is
/// read again.
fn progressed(
    panel: &Panel,
    plan: &ReinstallPlan,
    started_at: f64,
    snapshot: SnapshotInfo,
    now: f64,
) -> Step {
    match snapshot.status {
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
                original_image_id: plan.frozen.image_id.clone(),
            };
            let announce = Command::Announce(
                WidgetEvent::SnapshotCreated,
                WidgetEventDetail {
                    instance_id: plan.instance_id().to_owned(),
                    status: snapshot.status.to_string(),
                    request_id: snapshot.snapshot_id.clone(),
                },
            );
            let plan = plan.with_taken(taken);
            // Checked against the instance as it is now, before anything is erased.
            let changed = crate::changed::since(&plan.frozen, &panel.instance, panel.elsewhere);
            if let Some(change) = changed {
                return (panel.with(Activity::Stale { plan, change }), vec![announce]);
            }
            let command = send(&plan);
            (
                panel.with(Activity::Submitting(plan)),
                vec![announce, command],
            )
        }
        SnapshotStatus::Failed => failed(panel, plan, &word(Id::SnapshotFailedNothingErased)),
        status => {
            let activity = Activity::Snapshotting {
                plan: plan.clone(),
                snapshot_id: Some(snapshot.snapshot_id.clone()),
                status: Some(status),
                started_at,
            };
            let command = read(plan, Some(snapshot.snapshot_id), SNAPSHOT_POLL_MS);
            (panel.with(activity), vec![command])
        }
    }
}
