//! What a portal session permits: the grant read into `Permits`, and the flow refusing what
//! is not permitted with the grant's sentence, before any dialog opens or anything is sent.

use crate::support::*;
use zec_api::grant::{AccessMode, Grant, Permission, Withheld};
use zec_api::rules::ProtectionPolicy;
use zec_api::InstanceStatus;
use zec_console::permits::Permits;
use zec_console::session::{update, Activity, Event, Notice, Outcome, Panel, UndoEnd, UndoTarget};

fn grant(actions: &[Permission]) -> Grant {
    Grant {
        actor: "alice".into(),
        mode: AccessMode::Session,
        expires_at: Some(1_800_000_000),
        actions: actions.to_vec(),
        withheld: Permission::ALL
            .into_iter()
            .filter(|p| !actions.contains(p))
            .map(|action| Withheld {
                action,
                reason: format!("no {} for alice", action.as_str()),
            })
            .collect(),
        restricted: true,
        instances: vec!["ins-web-01".into()],
        resource_groups: vec![],
    }
}

fn target() -> UndoTarget {
    UndoTarget {
        snapshot_id: "snap-1".into(),
        snapshot_name: "before".into(),
        disk_id: "disk-web-01".into(),
        taken: "08:00".into(),
    }
}

fn panel(status: InstanceStatus, activity: Activity) -> Panel {
    let mut instance = world().instance("ins-web-01");
    instance.status = status;
    Panel::doing(instance, activity)
}

fn step(panel: &Panel, event: Event, permits: &Permits) -> Panel {
    let policy = ProtectionPolicy::default();
    let (next, commands) = update(panel, event, env_with(&policy, permits));
    assert!(commands.is_empty(), "nothing is sent: {commands:?}");
    next
}

fn refused_with(panel: &Panel) -> &str {
    match &panel.activity {
        Activity::Editing(Some(Notice::NotAllowed(why))) => why,
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn the_grant_says_what_is_withheld_and_why() {
    let permits = Permits::from_grant(&grant(&[Permission::Reinstall, Permission::Power]));
    assert!(permits.allows(Permission::Reinstall) && permits.allows(Permission::Power));
    assert_eq!(
        permits.why_not(Permission::Snapshot),
        Some("no snapshot for alice".to_owned())
    );
    assert_eq!(
        permits.check(Permission::Rollback),
        Err("no rollback for alice".into())
    );
    assert!(!permits.snapshot_first_by_default());
    assert_eq!(permits.reinstall(false), Ok(()));
    assert_eq!(permits.reinstall(true), Err("no snapshot for alice".into()));

    let all = Permits::from_grant(&grant(&Permission::ALL));
    assert_eq!(all, Permits::ALL);
    assert!(all.snapshot_first_by_default());
}

#[test]
fn a_permission_withheld_without_a_reason_gets_a_sentence() {
    let mut bare = grant(&[Permission::Reinstall]);
    bare.withheld.clear();
    let permits = Permits::from_grant(&bare);
    let why = permits.why_not(Permission::Power).unwrap();
    assert!(why.contains("power instances off or on"), "{why}");
}

#[test]
fn a_rollback_of_a_running_instance_needs_power_too() {
    let permits = Permits::from_grant(&grant(&[Permission::Rollback]));
    assert_eq!(permits.rollback(&InstanceStatus::Stopped), Ok(()));
    assert_eq!(
        permits.rollback(&InstanceStatus::Running),
        Err("no power for alice".into())
    );
    let none = Permits::from_grant(&grant(&[Permission::Power]));
    assert_eq!(
        none.rollback(&InstanceStatus::Stopped),
        Err("no rollback for alice".into())
    );
}

#[test]
fn the_flow_refuses_a_plan_the_session_does_not_permit() {
    let editing = panel(InstanceStatus::Stopped, Activity::Editing(None));
    let no_reinstall = Permits::from_grant(&grant(&[Permission::Snapshot]));
    let refused = step(
        &editing,
        Event::Review(Ok(Box::new(debian_plan()))),
        &no_reinstall,
    );
    assert_eq!(refused_with(&refused), "no reinstall for alice");

    // Reinstall without snapshot: the plan with a snapshot first is refused, without it goes.
    let no_snapshot = Permits::from_grant(&grant(&[Permission::Reinstall]));
    let refused = step(
        &editing,
        Event::Review(Ok(Box::new(snapshot_plan()))),
        &no_snapshot,
    );
    assert_eq!(refused_with(&refused), "no snapshot for alice");
    let reviewing = step(
        &editing,
        Event::Review(Ok(Box::new(debian_plan()))),
        &no_snapshot,
    );
    assert!(matches!(reviewing.activity, Activity::Reviewing(_)));
}

#[test]
fn power_off_rollback_and_delete_are_refused_before_their_dialog() {
    let running = panel(InstanceStatus::Running, Activity::Editing(None));
    let reinstall_only = Permits::from_grant(&grant(&[Permission::Reinstall]));
    for (event, why) in [
        (Event::AskPowerOff, "no power for alice"),
        (Event::AskRollback(target()), "no rollback for alice"),
        (Event::AskDelete(target()), "no snapshot for alice"),
    ] {
        assert_eq!(refused_with(&step(&running, event, &reinstall_only)), why);
    }
    // With everything permitted the same intents open their dialogs.
    let asked = step(&running, Event::AskPowerOff, &Permits::ALL);
    assert!(matches!(asked.activity, Activity::PoweringOff(_)));
}

#[test]
fn an_undo_refused_after_a_reinstall_keeps_the_result_and_says_why() {
    let active = zec_console::session::ActiveReinstall::of(&debian_plan(), "req".into(), NOW);
    let finished = panel(
        InstanceStatus::Running,
        Activity::Finished {
            active,
            outcome: Outcome::Running,
            undone: None,
        },
    );
    let rollback_only = Permits::from_grant(&grant(&[Permission::Rollback]));
    let refused = step(&finished, Event::AskRollback(target()), &rollback_only);
    assert!(
        matches!(&refused.activity, Activity::Finished { undone: Some(UndoEnd::NotDone(why)), .. } if why == "no power for alice"),
        "{:?}",
        refused.activity
    );
}

#[test]
fn the_snapshot_of_a_plan_the_page_left_is_deleted_only_when_snapshots_are_permitted() {
    let policy = ProtectionPolicy::default();
    let kept = crate::nothing_dropped::kept_after_snapshot();
    let instance = world().instance("ins-web-01");
    let interrupted = Panel::doing(
        instance,
        Activity::Interrupted {
            kept: kept.clone(),
            undone: None,
        },
    );
    let no_snapshot = Permits::from_grant(&grant(&[Permission::Reinstall]));
    let refused = step(&interrupted, Event::AskDelete(target()), &no_snapshot);
    assert_eq!(
        refused.activity,
        Activity::Interrupted {
            kept: kept.clone(),
            undone: Some(UndoEnd::NotDone("no snapshot for alice".into())),
        },
        "the kept plan stays, with why its snapshot cannot be deleted"
    );
    let (asking, _) = update(&interrupted, Event::AskDelete(target()), env(&policy));
    assert!(
        matches!(asking.activity, Activity::Undoing { .. }),
        "{:?}",
        asking.activity
    );
}
