//! A fleet batch as plain data: the frozen plan in ResetInstances chunks of ≤ 100, ids
//! listed as failed, refused chunks, unknown outcomes resolved per instance by asking.

use crate::support::*;
use zec_api::wire::InstanceInfo;
use zec_api::{ErrorCode, InstanceStatus};
use zec_console::fleet::batch::{Batch, Row};
use zec_console::fleet::plan::FleetPlan;
use zec_console::fleet::{update, Command, Event, Review, Stage};
use zec_console::power_off::stop_requests;
use zec_console::resolve::AUTO_ASKS;
use zec_console::ApiError;

fn plan_of(count: usize) -> FleetPlan {
    let ids: Vec<String> = (0..count).map(|n| format!("ins-{n:03}")).collect();
    crate::fleet_support::plan_named(&ids.iter().map(String::as_str).collect::<Vec<_>>())
}

fn running(count: usize) -> Batch {
    match update(
        &Stage::Reviewing(Box::new(Review::new(plan_of(count)))),
        Event::Confirm,
    )
    .0
    {
        Stage::Running(batch) => *batch,
        other => panic!("expected Running, got {other:?}"),
    }
}

fn step(batch: &Batch, event: Event) -> (Batch, Vec<Command>) {
    match update(&Stage::Running(Box::new(batch.clone())), event) {
        (Stage::Running(batch), commands) => (*batch, commands),
        (other, _) => panic!("expected Running, got {other:?}"),
    }
}

fn found(id: &str, status: InstanceStatus, image: &str) -> Event {
    let mut instance: InstanceInfo = world().instance("ins-db-01");
    instance.instance_id = id.into();
    instance.status = status;
    instance.image_id = image.into();
    Event::OutcomeFound {
        instance_id: id.into(),
        found: Ok(Box::new(instance)),
    }
}

#[test]
fn confirm_sends_the_frozen_plan_in_chunks_of_at_most_100() {
    let plan = plan_of(230);
    let requests = plan.requests();
    assert_eq!(
        requests
            .iter()
            .map(|r| r.instance_ids.len())
            .collect::<Vec<_>>(),
        vec![100, 100, 30]
    );
    assert!(requests.iter().all(|r| r.options == plan.options));
    let (stage, commands) = update(
        &Stage::Reviewing(Box::new(Review::new(plan.clone()))),
        Event::Confirm,
    );
    let sent: Vec<_> = commands
        .iter()
        .map(|c| match c {
            Command::SendChunk { index, request, .. } => (*index, request.clone()),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        sent.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        vec![0, 1, 2]
    );
    assert_eq!(
        sent.into_iter().map(|(_, r)| r).collect::<Vec<_>>(),
        requests
    );
    let Stage::Running(batch) = stage else {
        panic!()
    };
    assert_eq!(batch.totals(), (230, 0, 0));
    assert_eq!(
        stop_requests(&plan.ids(), true)
            .iter()
            .map(|r| r.instance_ids.len())
            .collect::<Vec<_>>(),
        vec![100, 100, 30]
    );
}

#[test]
fn ids_the_answer_lists_as_failed_are_shown_failed_not_in_progress() {
    let batch = running(3);
    let answer = Ok((vec!["ins-001".to_owned()], "req-1".to_owned()));
    let (batch, commands) = step(&batch, Event::ChunkAnswered { index: 0, answer });
    assert!(commands.is_empty());
    assert!(matches!(batch.row("ins-001"), Some(Row::DidNotStart(_))));
    assert_eq!(
        batch.row("ins-000"),
        Some(&Row::InProgress(InstanceStatus::Deploying))
    );
    assert_eq!(batch.chunks[0].request_id.as_deref(), Some("req-1"));
    assert_eq!(batch.totals(), (2, 0, 1));
    // The stream finishes the others; a status for the failed one changes nothing.
    let status = |id: &str, status| Event::Status {
        instance_id: id.into(),
        status,
    };
    let (batch, _) = step(&batch, status("ins-000", InstanceStatus::Running));
    let (batch, _) = step(&batch, status("ins-002", InstanceStatus::ReinstallFailed));
    let (batch, _) = step(&batch, status("ins-001", InstanceStatus::Deploying));
    assert_eq!(batch.row("ins-000"), Some(&Row::Running));
    assert_eq!(batch.row("ins-002"), Some(&Row::ReinstallFailed));
    assert!(matches!(batch.row("ins-001"), Some(Row::DidNotStart(_))));
    assert_eq!(batch.totals(), (0, 1, 2));
    assert_eq!(
        update(&Stage::Running(Box::new(batch)), Event::Done).1,
        vec![Command::ClearSelection]
    );
}

#[test]
fn a_refused_chunk_did_not_start_and_keeps_its_request_id() {
    let batch = running(2);
    let refusal = ApiError::Refused {
        status: 403,
        code: ErrorCode::ResourceProtected,
        message: "Instance ins-001 is protected by its tag zec-reinstall:protected=true.".into(),
        request_id: "req-9".into(),
    };
    let (batch, commands) = step(
        &batch,
        Event::ChunkAnswered {
            index: 0,
            answer: Err(refusal),
        },
    );
    assert!(commands.is_empty());
    assert_eq!(batch.chunks[0].request_id.as_deref(), Some("req-9"));
    assert!(
        matches!(batch.row("ins-000"), Some(Row::DidNotStart(reason)) if reason.contains("protected"))
    );
    assert!(batch.is_finished());
}

#[test]
fn an_unknown_outcome_is_resolved_per_instance_by_asking_never_by_sending_again() {
    let batch = running(4);
    let (batch, commands) = step(
        &batch,
        Event::ChunkAnswered {
            index: 0,
            answer: Err(lost()),
        },
    );
    let asked: Vec<_> = commands
        .iter()
        .map(|c| match c {
            Command::AskOutcome {
                instance_id,
                delay_ms: 0,
            } => instance_id.clone(),
            other => panic!("only questions, got {other:?}"),
        })
        .collect();
    assert_eq!(asked, vec!["ins-000", "ins-001", "ins-002", "ins-003"]);
    let (batch, _) = step(
        &batch,
        found("ins-000", InstanceStatus::Deploying, "img-debian-12"),
    );
    let (batch, _) = step(
        &batch,
        found("ins-001", InstanceStatus::Stopped, "img-rocky-9"),
    );
    let (batch, _) = step(
        &batch,
        found("ins-002", InstanceStatus::Running, "img-debian-12"),
    );
    assert_eq!(
        batch.row("ins-000"),
        Some(&Row::InProgress(InstanceStatus::Deploying))
    );
    assert!(
        matches!(batch.row("ins-001"), Some(Row::DidNotStart(reason)) if reason.contains("STOPPED"))
    );
    assert_eq!(batch.row("ins-002"), Some(&Row::Running));
    // Asking fails: asked again with backoff, then "Check again" is offered.
    let mut batch = batch;
    for attempt in 1..=AUTO_ASKS {
        let event = Event::OutcomeFound {
            instance_id: "ins-003".into(),
            found: Err(lost()),
        };
        let (next, commands) = step(&batch, event);
        batch = next;
        if attempt < AUTO_ASKS {
            assert_eq!(
                commands,
                vec![Command::AskOutcome {
                    instance_id: "ins-003".into(),
                    delay_ms: 1000 << attempt
                }]
            );
        } else {
            assert!(commands.is_empty());
        }
    }
    assert!(
        matches!(batch.row("ins-003"), Some(Row::Checking(asking)) if asking.waiting().is_some())
    );
    assert!(
        batch.row("ins-003").unwrap().is_failed(),
        "shown as Unknown"
    );
    let (batch, commands) = step(&batch, Event::CheckAgain("ins-003".into()));
    assert_eq!(
        commands,
        vec![Command::AskOutcome {
            instance_id: "ins-003".into(),
            delay_ms: 0
        }]
    );
    // A second answer to the same chunk changes nothing.
    let late = Ok((vec![], "req-late".to_owned()));
    assert_eq!(
        step(
            &batch,
            Event::ChunkAnswered {
                index: 0,
                answer: late
            }
        )
        .0,
        batch
    );
}
