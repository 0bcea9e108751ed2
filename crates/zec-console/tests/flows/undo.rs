//! Undo: roll back to a snapshot (powering off first with the one power-off machine) or
//! delete one; asked first, sent once, a lost answer checked by reading the snapshot.

use crate::support::*;
use zec_api::live::WidgetEvent;
use zec_api::rules::ProtectionPolicy;
use zec_api::{InstanceStatus, SnapshotStatus};
use zec_console::power_off::PowerCommand;
use zec_console::resolve::AUTO_ASKS;
use zec_console::session::{
    update, Activity, After, Command, Event, Notice, Outcome, Panel, Undo, UndoEnd, UndoTarget,
};

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

fn step(panel: &Panel, event: Event) -> (Panel, Vec<Command>) {
    update(panel, event, env(&ProtectionPolicy::default()))
}

fn seen(status: SnapshotStatus) -> Event {
    Event::SnapshotSeen(Ok(Some(snapshot(status))))
}

fn undo(panel: &Panel) -> &Undo {
    match &panel.activity {
        Activity::Undoing { undo, .. } => undo,
        other => panic!("not undoing: {other:?}"),
    }
}

#[test]
fn a_rollback_powers_off_first_applies_once_and_follows_to_the_end() {
    let running = panel(InstanceStatus::Running, Activity::Editing(None));
    let (asking, _) = step(&running, Event::AskRollback(target()));
    let (powering, commands) = step(&asking, Event::Confirm);
    assert!(matches!(undo(&powering), Undo::PoweringOff(..)));
    assert!(
        matches!(&commands[..], [Command::PowerOff(PowerCommand::SendStop(r))]
            if r.instance_ids == ["ins-web-01"] && r.force_shutdown.is_none())
    );
    let (powering, _) = step(
        &powering,
        Event::StopAnswered {
            ids: vec!["ins-web-01".into()],
            answer: Ok(vec![]),
        },
    );
    let (applying, commands) = step(&powering, Event::Status(InstanceStatus::Stopped));
    assert!(
        matches!(&commands[..], [Command::Apply(r)] if r.snapshot_id == "snap-1" && r.disk_id == "disk-web-01")
    );
    let (rolling, _) = step(&applying, Event::ApplyAnswered(Ok("req".into())));
    let (still, commands) = step(&rolling, seen(SnapshotStatus::RollingBack));
    assert_eq!(still, rolling);
    assert!(matches!(&commands[..], [Command::ReadSnapshot { .. }]));
    let (done, commands) = step(&rolling, seen(SnapshotStatus::Available));
    assert_eq!(
        done.activity,
        Activity::Editing(Some(Notice::Undo(UndoEnd::RolledBack(target()))))
    );
    assert!(commands.contains(&Command::RefreshInstance));
    assert!(commands.iter().any(
        |c| matches!(c, Command::Announce(WidgetEvent::RollbackFinished, d) if d.request_id == "snap-1" && d.instance_id == "ins-web-01")
    ));

    // A lost ApplySnapshot answer: the snapshot says whether it started; never applied twice.
    let (resolving, commands) = step(&applying, Event::ApplyAnswered(Err(lost())));
    assert!(matches!(
        &commands[..],
        [Command::ReadSnapshot { delay_ms: 0, .. }]
    ));
    assert!(matches!(
        undo(&step(&resolving, seen(SnapshotStatus::RollingBack)).0),
        Undo::RollingBack(_)
    ));
    let (not_started, commands) = step(&resolving, seen(SnapshotStatus::Available));
    assert!(
        matches!(&not_started.activity, Activity::Editing(Some(Notice::Undo(UndoEnd::NotDone(why)))) if why.contains("did not start"))
    );
    assert!(commands.is_empty());
    let mut waiting = resolving;
    for _ in 0..AUTO_ASKS {
        waiting = step(&waiting, Event::SnapshotSeen(Err(lost()))).0;
    }
    assert!(undo(&waiting).waiting().is_some(), "Check again is offered");
    let (_, commands) = step(&waiting, Event::CheckAgain);
    assert!(matches!(
        &commands[..],
        [Command::ReadSnapshot { delay_ms: 0, .. }]
    ));
}

#[test]
fn a_stopped_instance_is_rolled_back_at_once_and_a_finished_view_stays() {
    let plan = debian_plan();
    let active = zec_console::session::ActiveReinstall::of(&plan, "req".into(), NOW);
    let finished = Activity::Finished {
        active: active.clone(),
        outcome: Outcome::Running,
        undone: None,
    };
    let stopped = panel(InstanceStatus::Stopped, finished);
    let (asking, _) = step(&stopped, Event::AskRollback(target()));
    assert!(matches!(
        &asking.activity,
        Activity::Undoing {
            after: After::Finished(..),
            ..
        }
    ));
    let (cancelled, _) = step(&asking, Event::Cancel);
    assert_eq!(
        cancelled.activity, stopped.activity,
        "back where it started"
    );
    let (applying, commands) = step(&asking, Event::Confirm);
    assert!(matches!(&commands[..], [Command::Apply(_)]), "no power-off");
    let (refused_apply, _) = step(
        &applying,
        Event::ApplyAnswered(Err(refused(zec_api::ErrorCode::InvalidSnapshotStatus))),
    );
    assert!(
        matches!(&refused_apply.activity, Activity::Finished { undone: Some(UndoEnd::NotDone(why)), .. }
            if why.starts_with("INVALID_SNAPSHOT_STATUS: ") && why.contains("(request id req-1)"))
    );
}

#[test]
fn deleting_a_snapshot_asks_first_and_a_lost_answer_is_checked() {
    let any = panel(InstanceStatus::Running, Activity::Editing(None));
    let (asking, _) = step(&any, Event::AskDelete(target()));
    let (deleting, commands) = step(&asking, Event::Confirm);
    assert_eq!(commands, vec![Command::Delete("snap-1".into())]);
    let (checking, commands) = step(&deleting, Event::DeleteAnswered(Err(lost())));
    assert!(matches!(&commands[..], [Command::ReadSnapshot { .. }]));
    let (gone, commands) = step(&checking, Event::SnapshotSeen(Ok(None)));
    assert_eq!(
        gone.activity,
        Activity::Editing(Some(Notice::Undo(UndoEnd::Deleted(target()))))
    );
    assert_eq!(commands, vec![Command::RefreshSnapshots]);
    let (kept, _) = step(&checking, seen(SnapshotStatus::Available));
    assert!(matches!(
        kept.activity,
        Activity::Editing(Some(Notice::Undo(UndoEnd::NotDone(_))))
    ));
}
