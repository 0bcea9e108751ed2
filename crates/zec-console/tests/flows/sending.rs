//! The one invariant of the reinstall flow that matters most: ResetInstance is sent by
//! Confirm in review (or by the snapshot taken first becoming AVAILABLE), by nothing else —
//! walked over every activity and every event.

use crate::support::*;
use zec_api::rules::ProtectionPolicy;
use zec_api::{InstanceStatus, SnapshotStatus};
use zec_console::changed::Change;
use zec_console::plan::ReinstallPlan;
use zec_console::session::{start, update, Activity, Command, Event, Notice, Outcome, Panel};

fn panel(activity: Activity) -> Panel {
    Panel::doing(world().instance("ins-web-01"), activity)
}

fn run(panel: Panel, event: Event) -> Panel {
    update(&panel, event, env(&ProtectionPolicy::default())).0
}

fn sends(commands: &[Command]) -> usize {
    commands
        .iter()
        .filter(|c| matches!(c, Command::SendReset { .. }))
        .count()
}

fn review(plan: &ReinstallPlan) -> Event {
    Event::Review(Ok(Box::new(plan.clone())))
}

#[test]
fn only_confirm_in_review_or_the_snapshot_becoming_available_sends_a_reinstall() {
    let plan = debian_plan();
    let watching = run(
        panel(Activity::Submitting(plan.clone())),
        Event::ResetAnswered(Ok("r".into())),
    );
    let Activity::Watching(active) = watching.activity.clone() else {
        panic!()
    };
    let resolving = run(
        panel(Activity::Submitting(plan.clone())),
        Event::ResetAnswered(Err(lost())),
    );
    let finding = run(
        panel(Activity::Snapshotting {
            plan: snapshot_plan(),
            snapshot_id: None,
            status: None,
            started_at: NOW,
        }),
        Event::SnapshotCreated(Err(lost())),
    );
    let (taking, _) = update(
        &panel(Activity::Reviewing(snapshot_plan())),
        Event::Confirm,
        env(&ProtectionPolicy::default()),
    );
    let recovering = start(
        world().instance("ins-web-01"),
        None,
        taking.kept(),
        env(&ProtectionPolicy::default()),
    )
    .0;
    let activities = vec![
        Activity::Editing(None),
        Activity::Editing(Some(Notice::Refused(lost()))),
        Activity::Reviewing(plan.clone()),
        Activity::Submitting(plan.clone()),
        resolving.activity,
        Activity::NotStarted {
            plan: plan.clone(),
            status: InstanceStatus::Stopped,
        },
        Activity::Watching(active.clone()),
        Activity::Finished {
            active,
            outcome: Outcome::Failed,
            undone: None,
        },
        Activity::Reviewing(snapshot_plan()),
        Activity::Snapshotting {
            plan: snapshot_plan(),
            snapshot_id: Some("snap-1".into()),
            status: None,
            started_at: NOW,
        },
        finding.activity,
        Activity::SnapshotFailed {
            plan: snapshot_plan(),
            reason: "x".into(),
        },
        Activity::Stale {
            plan: plan.clone(),
            change: Change::Status(InstanceStatus::Running),
        },
        Activity::Stale {
            plan: snapshot_plan(),
            change: Change::OtherTab,
        },
        recovering.activity.clone(),
        Activity::Interrupted {
            kept: recovering.kept().unwrap(),
            undone: None,
        },
    ];
    let events = vec![
        review(&plan),
        Event::Cancel,
        Event::Confirm,
        Event::ResetAnswered(Err(lost())),
        Event::ResetAnswered(Ok("r".into())),
        Event::OutcomeFound(Err(lost())),
        Event::OutcomeFound(Ok(Box::new(world().instance("ins-web-01")))),
        Event::CheckAgain,
        Event::Online,
        Event::ReviewAgain,
        Event::EditAgain,
        Event::Dismiss,
        Event::Status(InstanceStatus::Running),
        Event::Status(InstanceStatus::Deploying),
        Event::Done,
        Event::AskPowerOff,
        Event::SnapshotCreated(Ok("snap-1".into())),
        Event::SnapshotCreated(Err(lost())),
        Event::SnapshotSeen(Ok(Some(snapshot(SnapshotStatus::Creating)))),
        Event::SnapshotSeen(Ok(Some(snapshot(SnapshotStatus::Available)))),
        Event::SnapshotSeen(Ok(Some(snapshot(SnapshotStatus::Failed)))),
        Event::SnapshotSeen(Ok(None)),
        Event::RetrySnapshot,
        Event::ContinueWithoutSnapshot,
        Event::OtherTab(true),
        Event::OtherTab(false),
        Event::Discard,
        Event::InstanceRead(Box::new(world().instance("ins-web-01"))),
    ];
    let policy = ProtectionPolicy::default();
    for activity in &activities {
        for event in &events {
            let (_, commands) = update(&panel(activity.clone()), event.clone(), env(&policy));
            // Confirm sends it when there is no snapshot to take; with one, AVAILABLE does.
            let expected = usize::from(
                matches!(
                    (activity, event),
                    (Activity::Reviewing(p), Event::Confirm) if p.snapshot.is_none() || p.taken.is_some()
                ) || matches!(
                    (activity, event),
                    (
                    Activity::Snapshotting { .. } | Activity::FindingSnapshot { .. },
                    Event::SnapshotSeen(Ok(Some(s)))
                ) if s.status == SnapshotStatus::Available
                ),
            );
            assert_eq!(sends(&commands), expected, "{activity:?} + {event:?}");
        }
    }
}
