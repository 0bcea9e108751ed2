//! Nothing confirmed is dropped silently: the plan is kept for the tab from Confirm until
//! it is carried out (never its password), leaving asks first, a reopened instance says what
//! became of its plan, and a reviewed plan is checked against the instance before it is
//! sent (the live status, another tab).

use crate::support::*;
use zec_api::rules::{Field, ProtectionPolicy};
use zec_api::wire::InstanceInfo;
use zec_api::{InstanceStatus, SnapshotStatus};
use zec_console::changed::Change;
use zec_console::session::{
    start, update, Activity, Command, Event, FocusTarget, KeptPlan, KeptSnapshot, LeaveRisk,
    Notice, Panel, SnapshotRef, UndoEnd, UndoTarget,
};

fn web01() -> InstanceInfo {
    world().instance("ins-web-01")
}

/// Runs the events; every command, bookkeeping included.
fn run(panel: Panel, events: Vec<Event>) -> (Panel, Vec<Command>) {
    let policy = ProtectionPolicy::default();
    let mut panel = panel;
    let mut all = vec![];
    for event in events {
        let (next, commands) = update(&panel, event, env(&policy));
        panel = next;
        all.extend(commands);
    }
    (panel, all)
}

fn kept_of(commands: &[Command]) -> Option<Option<KeptPlan>> {
    commands.iter().rev().find_map(|c| match c {
        Command::Keep(kept) => Some(kept.as_deref().cloned()),
        _ => None,
    })
}

fn sends(commands: &[Command]) -> usize {
    commands
        .iter()
        .filter(|c| matches!(c, Command::SendReset { .. }))
        .count()
}

fn available() -> Event {
    Event::SnapshotSeen(Ok(Some(snapshot(SnapshotStatus::Available))))
}

#[test]
fn a_confirmed_plan_is_kept_for_the_tab_without_its_password_until_it_runs() {
    let plan = snapshot_plan();
    let reviewing = Panel::doing(web01(), Activity::Reviewing(plan));
    assert_eq!(
        reviewing.leave_risk(),
        None,
        "only the form's changes, if any"
    );
    let (taking, commands) = run(reviewing, vec![Event::Confirm]);
    let kept = kept_of(&commands).flatten().expect("kept from Confirm on");
    assert!(commands.contains(&Command::TellTabs(true)));
    assert_eq!(taking.leave_risk(), Some(LeaveRisk::OnItsWay));
    assert!(
        matches!(&kept.snapshot, Some(KeptSnapshot::Asked { name, snapshot_id: None, .. })
        if name == "before-reinstall-web-01-20261127T0800Z")
    );
    assert!(kept.password_needed && kept.sent.is_none());
    let stored = serde_json::to_string(&kept).unwrap();
    assert!(!stored.contains("Abcdef1!"), "never the password: {stored}");
    assert_eq!(serde_json::from_str::<KeptPlan>(&stored).unwrap(), kept);

    let (taken, commands) = run(
        taking,
        vec![Event::SnapshotCreated(Ok("snap-1".into())), available()],
    );
    let kept = kept_of(&commands).flatten().unwrap();
    assert!(kept.sent.is_some(), "the reinstall may be on its way now");
    assert!(matches!(kept.snapshot, Some(KeptSnapshot::Taken(_))));
    let (watching, commands) = run(taken, vec![Event::ResetAnswered(Ok("req-1".into()))]);
    assert_eq!(kept_of(&commands), Some(None), "carried out: forgotten");
    assert_eq!(watching.leave_risk(), Some(LeaveRisk::Running));
    assert!(
        !commands.contains(&Command::TellTabs(false)),
        "still held while it runs"
    );
}

pub(crate) fn kept_after_snapshot() -> KeptPlan {
    let (taking, _) = run(
        Panel::doing(web01(), Activity::Reviewing(snapshot_plan())),
        vec![Event::Confirm, Event::SnapshotCreated(Ok("snap-1".into()))],
    );
    taking.kept().unwrap()
}

#[test]
fn reopened_after_the_page_went_during_the_snapshot_it_says_what_happened() {
    let kept = kept_after_snapshot();
    let (recovering, commands) =
        start(web01(), None, Some(kept), env(&ProtectionPolicy::default()));
    assert!(matches!(recovering.activity, Activity::Recovering { .. }));
    assert_eq!(
        commands,
        vec![Command::ReadSnapshot {
            snapshot: SnapshotRef::Id("snap-1".into()),
            delay_ms: 0
        }],
        "the snapshot is looked up; nothing is sent"
    );
    let (creating, commands) = run(
        recovering,
        vec![Event::SnapshotSeen(Ok(Some(snapshot(
            SnapshotStatus::Creating,
        ))))],
    );
    assert!(matches!(
        &commands[..],
        [Command::ReadSnapshot { delay_ms: 2000, .. }]
    ));
    let (interrupted, commands) = run(creating, vec![available()]);
    let Activity::Interrupted { kept, undone: None } = &interrupted.activity else {
        panic!("{:?}", interrupted.activity)
    };
    assert_eq!(kept.taken().map(|t| t.snapshot_id.as_str()), Some("snap-1"));
    assert_eq!(sends(&commands), 0);
    assert_eq!(interrupted.leave_risk(), Some(LeaveRisk::NotSent));

    // Review again: the form comes back without the password, which is asked for.
    let (editing, commands) = run(interrupted, vec![Event::ReviewAgain]);
    assert_eq!(
        editing.activity,
        Activity::Editing(Some(Notice::PasswordAgain))
    );
    let restored = commands.iter().find_map(|c| match c {
        Command::RestoreForm(form) => Some((**form).clone()),
        _ => None,
    });
    let restored = restored.expect("the form comes back");
    assert_eq!(
        (restored.image_id.as_deref(), restored.password.as_str()),
        (Some("img-debian-12"), "")
    );
    assert!(commands.contains(&Command::Focus(FocusTarget::Field(Field::Password))));
    // The new plan uses the snapshot already taken: Confirm sends the reinstall at once.
    let (reviewing, _) = run(editing, vec![Event::Review(Ok(Box::new(snapshot_plan())))]);
    let Activity::Reviewing(plan) = &reviewing.activity else {
        panic!("{:?}", reviewing.activity)
    };
    assert_eq!(
        plan.taken.as_ref().map(|t| t.snapshot_id.as_str()),
        Some("snap-1")
    );
    let (_, commands) = run(reviewing, vec![Event::Confirm]);
    assert_eq!(sends(&commands), 1);
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::CreateSnapshot(_))),
        "not taken twice"
    );
}

#[test]
fn reopened_after_the_page_went_while_sending_it_asks_the_instance_first() {
    let (sent, _) = run(
        Panel::doing(web01(), Activity::Reviewing(debian_plan())),
        vec![Event::Confirm],
    );
    let kept = sent.kept().unwrap();
    let policy = ProtectionPolicy::default();
    let (recovering, commands) = start(web01(), None, Some(kept.clone()), env(&policy));
    assert_eq!(commands, vec![Command::AskOutcome { delay_ms: 0 }]);
    let deploying = with_status("ins-web-01", InstanceStatus::Deploying, "img-ubuntu-2204");
    let (watching, commands) = run(
        recovering.clone(),
        vec![Event::OutcomeFound(Ok(Box::new(deploying)))],
    );
    assert!(matches!(watching.activity, Activity::Watching(_)));
    assert!(commands.iter().any(|c| matches!(c, Command::Remember(_))));
    let stopped = with_status("ins-web-01", InstanceStatus::Stopped, "img-ubuntu-2204");
    let (not_sent, commands) = run(recovering, vec![Event::OutcomeFound(Ok(Box::new(stopped)))]);
    assert!(
        matches!(&not_sent.activity, Activity::Interrupted { kept, .. } if kept.sent.is_none() && kept.snapshot.is_none())
    );
    assert_eq!(sends(&commands), 0);
    // A plan without a password reviews again at once.
    let (_, commands) = run(not_sent, vec![Event::ReviewAgain]);
    assert!(
        commands.contains(&Command::ReviewForm)
            || commands.contains(&Command::Focus(FocusTarget::Field(Field::Password)))
    );
}

#[test]
fn the_snapshot_of_a_plan_that_was_not_sent_can_be_deleted_from_there() {
    let (interrupted, _) = run(
        start(
            web01(),
            None,
            Some(kept_after_snapshot()),
            env(&ProtectionPolicy::default()),
        )
        .0,
        vec![available()],
    );
    let target = UndoTarget {
        snapshot_id: "snap-1".into(),
        snapshot_name: "before-reinstall-web-01-20261127T0800Z".into(),
        disk_id: "disk-web-01".into(),
        taken: "2026-11-27 08:00 UTC".into(),
    };
    let (asking, _) = run(interrupted.clone(), vec![Event::AskDelete(target.clone())]);
    let (cancelled, _) = run(asking.clone(), vec![Event::Cancel]);
    assert_eq!(
        cancelled.activity, interrupted.activity,
        "Cancel goes back to it"
    );
    let (deleted, commands) = run(
        asking,
        vec![Event::Confirm, Event::DeleteAnswered(Ok(vec![]))],
    );
    assert!(commands.contains(&Command::Delete("snap-1".into())));
    let Activity::Interrupted { kept, undone } = &deleted.activity else {
        panic!("{:?}", deleted.activity)
    };
    assert_eq!(kept.snapshot, None);
    assert_eq!(undone, &Some(UndoEnd::Deleted(target)));
    let (fresh, commands) = run(deleted, vec![Event::Discard]);
    assert_eq!(fresh.activity, Activity::Editing(None));
    assert_eq!(kept_of(&commands), Some(None), "started over: nothing kept");
}

#[test]
fn a_reviewed_plan_goes_stale_when_the_instance_changes_and_cannot_be_confirmed() {
    let reviewing = Panel::doing(web01(), Activity::Reviewing(debian_plan()));
    let (stale, _) = run(
        reviewing.clone(),
        vec![Event::Status(InstanceStatus::Running)],
    );
    assert!(matches!(
        &stale.activity,
        Activity::Stale {
            change: Change::Status(InstanceStatus::Running),
            ..
        }
    ));
    let (still, commands) = run(stale.clone(), vec![Event::Confirm]);
    assert_eq!(sends(&commands), 0);
    assert!(matches!(still.activity, Activity::Stale { .. }));
    let (again, commands) = run(stale, vec![Event::ReviewAgain]);
    assert_eq!(again.activity, Activity::Editing(None));
    assert!(
        commands.contains(&Command::ReviewForm),
        "the form is reviewed again"
    );

    // Another tab confirmed: the dialog here is stale at once, and a new review is refused.
    let (other, _) = run(reviewing.clone(), vec![Event::OtherTab(true)]);
    assert!(matches!(
        &other.activity,
        Activity::Stale {
            change: Change::OtherTab,
            ..
        }
    ));
    let (refused, _) = run(
        other,
        vec![Event::Cancel, Event::Review(Ok(Box::new(debian_plan())))],
    );
    assert_eq!(refused.activity, Activity::Editing(Some(Notice::OtherTab)));
    let (released, _) = run(
        refused,
        vec![
            Event::OtherTab(false),
            Event::Review(Ok(Box::new(debian_plan()))),
        ],
    );
    assert!(matches!(released.activity, Activity::Reviewing(_)));

    // Re-read with another image (reinstalled meanwhile, same status).
    let reinstalled = with_status("ins-web-01", InstanceStatus::Stopped, "img-debian-12");
    let (image, _) = run(reviewing, vec![Event::InstanceRead(Box::new(reinstalled))]);
    assert!(matches!(
        &image.activity,
        Activity::Stale {
            change: Change::Image,
            ..
        }
    ));
}

#[test]
fn a_snapshot_ready_for_an_instance_that_changed_sends_nothing() {
    let (taking, _) = run(
        Panel::doing(web01(), Activity::Reviewing(snapshot_plan())),
        vec![Event::Confirm, Event::SnapshotCreated(Ok("snap-1".into()))],
    );
    let (started, commands) = run(
        taking.clone(),
        vec![Event::Status(InstanceStatus::Running), available()],
    );
    assert_eq!(sends(&commands), 0);
    let Activity::Stale { plan, .. } = &started.activity else {
        panic!("{:?}", started.activity)
    };
    assert!(plan.taken.is_some(), "the snapshot is kept with the plan");
    let (elsewhere, commands) = run(taking, vec![Event::OtherTab(true), available()]);
    assert_eq!(sends(&commands), 0);
    assert!(matches!(
        elsewhere.activity,
        Activity::Stale {
            change: Change::OtherTab,
            ..
        }
    ));
}

#[test]
fn a_protected_instance_is_offered_nothing_the_proxy_refuses() {
    let mut policy = ProtectionPolicy::default();
    policy.instance_ids.push("ins-web-02".into());
    let running = Panel::doing(world().instance("ins-web-02"), Activity::Editing(None));
    for event in [
        Event::AskPowerOff,
        Event::AskDelete(UndoTarget {
            snapshot_id: "s".into(),
            snapshot_name: "s".into(),
            disk_id: "d".into(),
            taken: "t".into(),
        }),
    ] {
        let (after, commands) = update(&running, event, env(&policy));
        assert!(
            matches!(after.activity, Activity::Editing(Some(Notice::Blocked(_)))),
            "{:?}",
            after.activity
        );
        assert!(commands.is_empty());
    }
}
