//! The one power-off machine, as the panel, the fleet and the rollback use it: asks first
//! (Force off), one StopInstances per ≤ 100 ids, a lost answer asked about, never sent
//! twice, followed to STOPPED.

use crate::support::*;
use zec_api::rules::ProtectionPolicy;
use zec_api::wire::InstanceStatusEntry;
use zec_api::{ErrorCode, InstanceStatus};
use zec_console::fleet;
use zec_console::power_off::{
    stop_requests, PowerCommand, PowerEnd, PowerEvent, PowerOff, PowerResult,
};
use zec_console::session::{self, Activity, Command, Event, FocusTarget, Notice, Panel};

fn stopped(id: &str) -> PowerEvent {
    PowerEvent::Status {
        instance_id: id.into(),
        status: InstanceStatus::Stopped,
    }
}

#[test]
fn one_instance_asks_first_sends_once_and_follows_it_to_stopped() {
    let ids = vec!["ins-web-02".to_owned()];
    let asking = PowerOff::ask(ids.clone());
    assert!(!asking.force(), "force is off by default");
    let (forced, _) = asking.update(PowerEvent::SetForce(true));
    let (sending, commands) = forced.unwrap().update(PowerEvent::Confirm);
    assert_eq!(
        commands,
        vec![PowerCommand::SendStop(stop_requests(&ids, true).remove(0))]
    );
    let sending = sending.unwrap();
    assert_eq!(
        sending.update(PowerEvent::Confirm).1,
        vec![],
        "one click, one call"
    );
    let (stopping, commands) = sending.update(PowerEvent::StopAnswered {
        ids: ids.clone(),
        answer: Ok(vec![]),
    });
    assert!(commands.is_empty());
    let stopping = stopping.unwrap();
    assert_eq!(stopping, PowerOff::Stopping { ids: ids.clone() });
    let (end, _) = stopping.update(stopped("ins-web-02"));
    assert_eq!(end, Err(PowerEnd::Stopped));

    let (cancelled, _) = PowerOff::ask(ids).update(PowerEvent::Cancel);
    assert_eq!(cancelled, Err(PowerEnd::Cancelled));
}

#[test]
fn a_lost_answer_is_resolved_by_the_statuses_never_by_sending_again() {
    let ids = vec!["ins-web-02".to_owned()];
    let (sending, _) = PowerOff::send(&ids, false);
    let (resolving, _) = sending.update(PowerEvent::StopAnswered {
        ids: ids.clone(),
        answer: Err(lost()),
    });
    let resolving = resolving.unwrap();
    let entry = |status: InstanceStatus| InstanceStatusEntry {
        instance_id: "ins-web-02".into(),
        instance_status: status,
    };
    let (stopping, commands) = resolving.update(PowerEvent::StatusesFound(Ok(vec![entry(
        InstanceStatus::Stopping,
    )])));
    assert!(commands.is_empty());
    assert_eq!(stopping, Ok(PowerOff::Stopping { ids: ids.clone() }));
    let (done, _) = resolving.update(PowerEvent::StatusesFound(Ok(vec![entry(
        InstanceStatus::Stopped,
    )])));
    assert_eq!(done, Err(PowerEnd::Stopped));
    let (not_done, _) = resolving.update(PowerEvent::StatusesFound(Ok(vec![entry(
        InstanceStatus::Running,
    )])));
    let Err(PowerEnd::NotDone(result)) = not_done else {
        panic!("{not_done:?}")
    };
    assert_eq!(result.failed, ids, "it did not power off: say so");
    assert_eq!(
        result.error().code(),
        Some(&ErrorCode::UnsupportedOperationInstanceStatus)
    );
    // The stream may answer first.
    let (seen, _) = resolving.update(PowerEvent::Status {
        instance_id: "ins-web-02".into(),
        status: InstanceStatus::Stopping,
    });
    assert_eq!(seen, Ok(PowerOff::Stopping { ids }));
}

#[test]
fn a_refusal_ends_it_with_the_apis_error() {
    let ids = vec!["ins-web-02".to_owned()];
    let (sending, _) = PowerOff::send(&ids, true);
    let refusal = refused(ErrorCode::UnsupportedOperationInstanceStatus);
    let (end, _) = sending.update(PowerEvent::StopAnswered {
        ids,
        answer: Err(refusal.clone()),
    });
    let Err(PowerEnd::NotDone(result)) = end else {
        panic!("{end:?}")
    };
    assert_eq!(result.error(), refusal);
}

#[test]
fn an_instance_stopped_before_its_answer_is_not_waited_for() {
    let ids = vec!["ins-web-02".to_owned()];
    let (sending, _) = PowerOff::send(&ids, false);
    let (sending, _) = sending.update(stopped("ins-web-02"));
    let (end, _) = sending.unwrap().update(PowerEvent::StopAnswered {
        ids,
        answer: Ok(vec![]),
    });
    assert_eq!(end, Err(PowerEnd::Stopped));
}

#[test]
fn the_panel_powers_off_from_the_form_and_comes_back_to_it() {
    let policy = ProtectionPolicy::default();
    let running = Panel::doing(world().instance("ins-web-02"), Activity::Editing(None));
    let step = |panel: &Panel, event| {
        let (next, commands) = session::update(panel, event, env(&policy));
        (next, acts(commands))
    };
    let (asking, _) = step(&running, Event::AskPowerOff);
    let (cancelled, commands) = step(&asking, Event::Cancel);
    assert_eq!(cancelled.activity, Activity::Editing(None));
    assert_eq!(commands, vec![Command::Focus(FocusTarget::PowerButton)]);
    let (sending, commands) = step(&asking, Event::Confirm);
    assert!(
        matches!(&commands[..], [Command::PowerOff(PowerCommand::SendStop(r))] if r.force_shutdown.is_none())
    );
    let (stopping, _) = step(
        &sending,
        Event::StopAnswered {
            ids: vec!["ins-web-02".into()],
            answer: Ok(vec![]),
        },
    );
    let (back, commands) = step(&stopping, Event::Status(InstanceStatus::Stopped));
    assert_eq!(back.activity, Activity::Editing(None));
    assert_eq!(back.instance.status, InstanceStatus::Stopped);
    assert_eq!(commands, vec![Command::Focus(FocusTarget::Form)]);
    let (refused_stop, _) = step(
        &sending,
        Event::StopAnswered {
            ids: vec!["ins-web-02".into()],
            answer: Ok(vec!["ins-web-02".into()]),
        },
    );
    assert!(matches!(
        refused_stop.activity,
        Activity::Editing(Some(Notice::PowerOff(_)))
    ));
    let (_, nothing) = step(&back, Event::AskPowerOff);
    assert!(nothing.is_empty(), "a STOPPED instance is not powered off");
}

#[test]
fn the_fleet_powers_off_the_running_ones_in_calls_of_at_most_100() {
    let ids: Vec<String> = (0..150).map(|n| format!("ins-{n:03}")).collect();
    let planning = fleet::Stage::planning();
    let (asking, commands) = fleet::update(&planning, fleet::Event::AskPowerOff(ids.clone()));
    assert!(commands.is_empty());
    assert!(
        matches!(&asking, fleet::Stage::Planning { power_off: Some(p), .. } if !p.force()),
        "force is off by default"
    );
    let (sending, commands) = fleet::update(&asking, fleet::Event::ConfirmPowerOff);
    assert_eq!(commands.len(), 2, "150 ids: two StopInstances of ≤ 100");
    let sent: Vec<Vec<String>> = commands
        .iter()
        .map(|c| match c {
            fleet::Command::PowerOff(PowerCommand::SendStop(r)) if r.force_shutdown.is_none() => {
                r.instance_ids.clone()
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(sent.iter().map(Vec::len).collect::<Vec<_>>(), vec![100, 50]);
    let (half, commands) = fleet::update(
        &sending,
        fleet::Event::StopAnswered {
            ids: sent[0].clone(),
            answer: Err(lost()),
        },
    );
    assert!(commands.is_empty(), "a lost answer is not sent again");
    let (resolving, commands) = fleet::update(
        &half,
        fleet::Event::StopAnswered {
            ids: sent[1].clone(),
            answer: Ok(vec!["ins-120".into()]),
        },
    );
    assert!(
        matches!(&commands[..], [fleet::Command::PowerOff(PowerCommand::AskStatuses { ids, delay_ms: 0 })] if *ids == sent[0]),
        "the lost ones are asked about"
    );
    let entries = sent[0]
        .iter()
        .map(|id| InstanceStatusEntry {
            instance_id: id.clone(),
            instance_status: InstanceStatus::Stopping,
        })
        .collect();
    let (done, _) = fleet::update(&resolving, fleet::Event::StatusesFound(Ok(entries)));
    let fleet::Stage::Planning {
        power_off: None,
        notice: Some(fleet::Notice::PowerOff(result)),
        ..
    } = &done
    else {
        panic!("{done:?}")
    };
    assert_eq!(
        result,
        &PowerResult {
            failed: vec!["ins-120".into()],
            errors: vec![]
        }
    );
    assert_eq!(result.sentence(), "Not powered off: ins-120.");
    let (cancelled, _) = fleet::update(&asking, fleet::Event::CancelPowerOff);
    assert_eq!(cancelled, planning);
    // No review while a power-off is under way.
    let plan = crate::fleet_support::plan_named(&[]);
    assert_eq!(
        fleet::update(&sending, fleet::Event::Review(Box::new(plan))).0,
        sending
    );
}
