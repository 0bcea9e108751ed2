//! The one policy for a lost answer: ask at once, then with backoff, `AUTO_ASKS` questions in
//! all; then wait for "Check again" or the browser coming back online. Every flow asks this
//! way; none sends the call again.

use crate::support::*;
use zec_api::rules::ProtectionPolicy;
use zec_api::InstanceStatus;
use zec_console::fleet::{self, batch::Row};
use zec_console::power_off::{PowerCommand, PowerEvent, PowerOff};
use zec_console::resolve::{Resolver, AUTO_ASKS};
use zec_console::session::{self, Activity, Command, Event, Panel, SnapshotRef};

#[test]
fn ask_now_then_after_two_and_four_seconds_then_wait_for_the_user_or_the_network() {
    let (mut asking, first) = Resolver::start();
    assert_eq!(first, 0, "the first question goes at once");
    let mut delays = vec![];
    for _ in 0..AUTO_ASKS {
        let (next, delay) = asking.failed(lost());
        delays.extend(delay);
        asking = next;
    }
    assert_eq!(
        delays,
        vec![2000, 4000],
        "two automatic retries, then the user decides"
    );
    assert_eq!(
        asking.waiting(),
        Some(&lost()),
        "why the API could not be asked"
    );
    let (again, delay) = asking.again();
    assert_eq!((again.clone(), delay), (Resolver::start().0, Some(0)));
    assert_eq!(
        again.again().1,
        None,
        "no second question while one is on its way"
    );
    assert_eq!(again.waiting(), None);
}

/// Runs events through the session of web-01.
fn session_run(activity: Activity, events: Vec<Event>) -> (Panel, Vec<Command>) {
    let policy = ProtectionPolicy::default();
    let mut panel = Panel::doing(world().instance("ins-web-01"), activity);
    let mut all = vec![];
    for event in events {
        let (next, commands) = session::update(&panel, event, env(&policy));
        let commands = acts(commands);
        panel = next;
        all.extend(commands);
    }
    (panel, all)
}

fn failures() -> Vec<Event> {
    (0..AUTO_ASKS)
        .map(|_| Event::OutcomeFound(Err(lost())))
        .collect()
}

#[test]
fn the_reinstall_asks_by_the_policy_and_again_when_online_or_asked() {
    let (asking, _) = session_run(
        Activity::Submitting(debian_plan()),
        vec![Event::ResetAnswered(Err(lost()))],
    );
    let (waiting, commands) = session_run(asking.activity, failures());
    assert_eq!(
        commands,
        vec![
            Command::AskOutcome { delay_ms: 2000 },
            Command::AskOutcome { delay_ms: 4000 }
        ]
    );
    assert!(
        matches!(&waiting.activity, Activity::Resolving { asking, .. } if asking.waiting().is_some())
    );
    for nudge in [Event::Online, Event::CheckAgain] {
        let (again, commands) = session_run(waiting.activity.clone(), vec![nudge.clone()]);
        assert_eq!(
            commands,
            vec![Command::AskOutcome { delay_ms: 0 }],
            "{nudge:?}"
        );
        assert!(matches!(again.activity, Activity::Resolving { .. }));
    }
}

#[test]
fn a_lost_snapshot_answer_is_looked_up_by_the_same_policy() {
    let (finding, commands) = session_run(
        Activity::Snapshotting {
            plan: snapshot_plan(),
            snapshot_id: None,
            status: None,
            started_at: NOW,
        },
        vec![Event::SnapshotCreated(Err(lost()))],
    );
    assert!(matches!(
        &commands[..],
        [Command::ReadSnapshot {
            snapshot: SnapshotRef::Named { .. },
            delay_ms: 0
        }]
    ));
    let reads: Vec<Event> = (0..AUTO_ASKS)
        .map(|_| Event::SnapshotSeen(Err(lost())))
        .collect();
    let (waiting, commands) = session_run(finding.activity, reads);
    let delays: Vec<u32> = commands
        .iter()
        .map(|c| match c {
            Command::ReadSnapshot { delay_ms, .. } => *delay_ms,
            other => panic!("only reads, got {other:?}"),
        })
        .collect();
    assert_eq!(delays, vec![2000, 4000]);
    let (_, commands) = session_run(waiting.activity, vec![Event::Online]);
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::CreateSnapshot(_))),
        "never created twice"
    );
    assert_eq!(commands.len(), 1);
}

#[test]
fn a_lost_power_off_answer_is_asked_about_by_the_same_policy() {
    let ids = vec!["ins-web-02".to_owned()];
    let (sending, _) = PowerOff::send(&ids, false);
    let (resolving, commands) = sending.update(PowerEvent::StopAnswered {
        ids: ids.clone(),
        answer: Err(lost()),
    });
    assert_eq!(
        commands,
        vec![PowerCommand::AskStatuses {
            ids: ids.clone(),
            delay_ms: 0
        }]
    );
    let mut state = resolving.unwrap();
    let mut delays = vec![];
    for _ in 0..AUTO_ASKS {
        let (next, commands) = state.update(PowerEvent::StatusesFound(Err(lost())));
        for command in commands {
            match command {
                PowerCommand::AskStatuses { delay_ms, .. } => delays.push(delay_ms),
                other => panic!("never sent again: {other:?}"),
            }
        }
        state = next.unwrap();
    }
    assert_eq!(delays, vec![2000, 4000]);
    let (_, commands) = state.update(PowerEvent::CheckAgain);
    assert_eq!(
        commands,
        vec![PowerCommand::AskStatuses { ids, delay_ms: 0 }]
    );
}

#[test]
fn every_waiting_row_of_a_batch_is_asked_again_when_the_browser_is_online() {
    let plan = crate::fleet_support::plan_named(&["ins-a", "ins-b"]);
    let review = fleet::Stage::Reviewing(Box::new(fleet::Review::new(plan)));
    let (stage, _) = fleet::update(&review, fleet::Event::Confirm);
    let (mut stage, _) = fleet::update(
        &stage,
        fleet::Event::ChunkAnswered {
            index: 0,
            answer: Err(lost()),
        },
    );
    for id in ["ins-a", "ins-b"] {
        for _ in 0..AUTO_ASKS {
            let event = fleet::Event::OutcomeFound {
                instance_id: id.into(),
                found: Err(lost()),
            };
            stage = fleet::update(&stage, event).0;
        }
    }
    let fleet::Stage::Running(batch) = &stage else {
        panic!()
    };
    assert!(
        batch.rows.iter().all(|(_, row)| row.is_failed()),
        "Unknown until asked again"
    );
    let (stage, commands) = fleet::update(&stage, fleet::Event::Online);
    assert_eq!(commands.len(), 2, "{commands:?}");
    let fleet::Stage::Running(batch) = &stage else {
        panic!()
    };
    assert!(batch
        .rows
        .iter()
        .all(|(_, row)| matches!(row, Row::Checking(asking) if asking.waiting().is_none())));
    // A status showing the reinstall running settles a row too.
    let (stage, _) = fleet::update(
        &stage,
        fleet::Event::Status {
            instance_id: "ins-a".into(),
            status: InstanceStatus::Deploying,
        },
    );
    let fleet::Stage::Running(batch) = &stage else {
        panic!()
    };
    assert_eq!(
        batch.row("ins-a"),
        Some(&Row::InProgress(InstanceStatus::Deploying))
    );
}

#[test]
fn the_network_back_while_a_question_is_out_is_not_lost() {
    // Offline Confirm: the answer is lost and the first questions fail. The browser comes
    // back online while the last automatic question is still out; that question (sent
    // offline) fails too. The next one goes at once instead of waiting for "Check again".
    let (asking, _) = session_run(
        Activity::Submitting(debian_plan()),
        vec![Event::ResetAnswered(Err(lost()))],
    );
    let mut events: Vec<Event> = (1..AUTO_ASKS)
        .map(|_| Event::OutcomeFound(Err(lost())))
        .collect();
    events.push(Event::Online);
    events.push(Event::OutcomeFound(Err(lost())));
    let (still, commands) = session_run(asking.activity, events);
    assert_eq!(
        commands.last(),
        Some(&Command::AskOutcome { delay_ms: 0 }),
        "{commands:?}"
    );
    assert!(
        matches!(&still.activity, Activity::Resolving { asking, .. } if asking.waiting().is_none()),
        "still asking, not waiting: {:?}",
        still.activity
    );
    // The answer then settles it.
    let (found, _) = session_run(
        still.activity,
        vec![Event::OutcomeFound(Ok(Box::new(with_status(
            "ins-web-01",
            InstanceStatus::Stopped,
            "img-ubuntu-2204",
        ))))],
    );
    assert!(matches!(found.activity, Activity::NotStarted { .. }));
}
