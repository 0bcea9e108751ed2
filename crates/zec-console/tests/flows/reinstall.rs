//! The reinstall of one instance as plain data: review (and its guards), confirm, the answer,
//! a lost answer resolved by asking, the live status to the end.

use crate::support::*;
use zec_api::live::WidgetEvent;
use zec_api::rules::{Field, ProtectionPolicy, Violation};
use zec_api::wire::InstanceInfo;
use zec_api::{ErrorCode, InstanceStatus};
use zec_console::form::ReinstallForm;
use zec_console::plan::ReinstallPlan;
use zec_console::session::{update, Activity, Command, Event, FocusTarget, Notice, Outcome, Panel};
use zec_console::ApiError;

/// web-01 as the fixture has it (STOPPED), doing `activity`.
fn panel(activity: Activity) -> Panel {
    Panel::doing(world().instance("ins-web-01"), activity)
}

/// Runs events from a state and collects every command.
fn run(mut panel: Panel, events: Vec<Event>) -> (Panel, Vec<Command>) {
    let policy = ProtectionPolicy::default();
    let mut all = vec![];
    for event in events {
        let (next, commands) = update(&panel, event, env(&policy));
        let commands = acts(commands);
        panel = next;
        all.extend(commands);
    }
    (panel, all)
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
fn confirm_sends_exactly_the_plan_once() {
    let plan = debian_plan();
    let events = vec![review(&plan), Event::Confirm, Event::Confirm, Event::Cancel];
    let (after, commands) = run(panel(Activity::Editing(None)), events);
    assert_eq!(
        after.activity,
        Activity::Submitting(plan.clone()),
        "cancel is ignored while submitting"
    );
    assert_eq!(
        commands,
        vec![Command::SendReset {
            request: plan.request.clone(),
            hand_over_password: false
        }]
    );

    let (after, commands) = run(panel(Activity::Reviewing(plan)), vec![Event::Cancel]);
    assert_eq!(after.activity, Activity::Editing(None));
    assert_eq!(commands, vec![Command::Focus(FocusTarget::Review)]);
}

#[test]
fn review_refuses_a_running_or_protected_instance_and_says_why() {
    let plan = debian_plan();
    let mut running = panel(Activity::Editing(None));
    running.instance.status = InstanceStatus::Running;
    let (after, commands) = run(running, vec![review(&plan)]);
    assert!(commands.is_empty());
    assert!(
        matches!(&after.activity, Activity::Editing(Some(Notice::Blocked(v)))
            if v.code() == ErrorCode::UnsupportedOperationInstanceStatus
            && v.to_string().contains("RUNNING")),
        "{:?}",
        after.activity
    );

    let mut protected = panel(Activity::Editing(None));
    protected.instance = world().instance("ins-mon-01");
    protected.instance.status = InstanceStatus::Stopped;
    let (after, _) = run(protected, vec![review(&plan)]);
    let Activity::Editing(Some(Notice::Blocked(why))) = &after.activity else {
        panic!("{:?}", after.activity)
    };
    assert!(matches!(why, Violation::Protected(_)));
    assert!(
        why.to_string().contains("zec-reinstall:protected=true"),
        "{why}"
    );
    let (after, _) = run(after, vec![Event::Dismiss]);
    assert_eq!(after.activity, Activity::Editing(None), "Dismiss hides it");
}

#[test]
fn a_form_that_breaks_a_rule_is_not_reviewed_and_the_first_field_gets_the_focus() {
    let (after, commands) = run(
        panel(Activity::Editing(None)),
        vec![Event::Review(Err(vec![
            Field::Password,
            Field::InstanceName,
        ]))],
    );
    assert_eq!(after.activity, Activity::Editing(None));
    assert_eq!(
        commands,
        vec![Command::Focus(FocusTarget::Field(Field::Password))]
    );
}

#[test]
fn the_plan_says_whether_the_password_is_handed_over_not_the_live_form() {
    let mut form = ReinstallForm {
        image_id: Some("img-debian-12".into()),
        password: "Abcdef1!".into(),
        password_generated: true,
        ..ReinstallForm::default()
    };
    form.snapshot.enabled = false;
    let generated = world().plan(&form).unwrap();
    assert!(generated.hand_over_password);
    // Confirm sends what the plan froze, whatever the form says by then.
    let (_, commands) = run(
        panel(Activity::Reviewing(generated.clone())),
        vec![Event::Confirm],
    );
    assert_eq!(
        commands,
        vec![Command::SendReset {
            request: generated.request,
            hand_over_password: true
        }]
    );
    assert!(
        !debian_plan().hand_over_password,
        "a typed password stays the user's"
    );
}

#[test]
fn an_accepted_reinstall_is_watched_to_the_end() {
    let plan = debian_plan();
    let (watching, commands) = run(
        panel(Activity::Submitting(plan)),
        vec![Event::ResetAnswered(Ok("req-9".into()))],
    );
    let Activity::Watching(active) = &watching.activity else {
        panic!("{:?}", watching.activity)
    };
    assert_eq!(
        (active.request_id.as_str(), active.image_name.as_str()),
        ("req-9", "Debian 12")
    );
    assert_eq!(active.started_at, NOW);
    assert!(commands.contains(&Command::Remember(active.clone())));
    assert!(
        matches!(&commands[1], Command::Announce(WidgetEvent::ReinstallSubmitted, d) if d.request_id == "req-9")
    );

    let (middle, commands) = run(
        watching.clone(),
        vec![Event::Status(InstanceStatus::Deploying)],
    );
    assert_eq!(middle.activity, watching.activity, "still watching");
    assert_eq!(
        middle.instance.status,
        InstanceStatus::Deploying,
        "one status, held once"
    );
    assert!(
        matches!(&commands[..], [Command::Announce(WidgetEvent::StatusChange, d)] if d.status == "DEPLOYING")
    );
    let (_, repeated) = run(
        middle.clone(),
        vec![Event::Status(InstanceStatus::Deploying)],
    );
    assert!(
        repeated.is_empty(),
        "a status that did not change is no event"
    );

    let (end, commands) = run(middle, vec![Event::Status(InstanceStatus::Running)]);
    assert!(matches!(
        end.activity,
        Activity::Finished {
            outcome: Outcome::Running,
            ..
        }
    ));
    assert!(commands.contains(&Command::Forget));
    assert!(
        commands.contains(&Command::RefreshInstance),
        "the header and list get the new image"
    );
    assert!(commands.iter().any(|c| matches!(c, Command::Announce(WidgetEvent::ReinstallFinished, d) if d.status == "RUNNING")));
    let (done, commands) = run(end, vec![Event::Done]);
    assert_eq!(done.activity, Activity::Editing(None));
    assert_eq!(
        commands,
        vec![Command::Leave, Command::Focus(FocusTarget::Heading)]
    );

    let (failed, _) = run(
        watching,
        vec![Event::Status(InstanceStatus::ReinstallFailed)],
    );
    assert!(matches!(
        failed.activity,
        Activity::Finished {
            outcome: Outcome::Failed,
            ..
        }
    ));
}

#[test]
fn refusals_go_to_their_field_or_a_banner_and_send_nothing_again() {
    let plan = debian_plan();
    let (after, commands) = run(
        panel(Activity::Submitting(plan.clone())),
        vec![Event::ResetAnswered(Err(refused(
            ErrorCode::InvalidImageAgentNotSupport,
        )))],
    );
    assert_eq!(after.activity, Activity::Editing(None));
    assert!(
        matches!(&commands[..], [Command::FieldError(Field::EnableAgent, m), Command::RememberNoAgent(image)]
            if m.contains("INVALID_IMAGE_AGENT_NOT_SUPPORT") && image == "img-debian-12")
    );

    let error = refused(ErrorCode::InternalServerError);
    let (after, commands) = run(
        panel(Activity::Submitting(plan)),
        vec![Event::ResetAnswered(Err(error.clone()))],
    );
    assert_eq!(
        after.activity,
        Activity::Editing(Some(Notice::Refused(error)))
    );
    assert_eq!(
        commands,
        vec![Command::RefreshInstance],
        "the instance is read again, so the panel shows what it is now"
    );
    let (after, commands) = run(after, vec![Event::Dismiss, Event::Confirm]);
    assert_eq!(
        (after.activity, sends(&commands)),
        (Activity::Editing(None), 0),
        "Dismiss only hides"
    );
}

#[test]
fn a_request_that_never_left_must_be_reviewed_again() {
    let plan = debian_plan();
    let never_left = ApiError::Transport {
        detail: "bad request".into(),
        may_have_arrived: false,
    };
    let (after, commands) = run(
        panel(Activity::Submitting(plan.clone())),
        vec![Event::ResetAnswered(Err(never_left))],
    );
    assert!(matches!(&after.activity, Activity::NotStarted { plan: p, .. } if *p == plan));
    assert!(commands.is_empty(), "nothing is asked or sent");
    let (after, commands) = run(after, vec![Event::Confirm, Event::ReviewAgain]);
    assert_eq!(sends(&commands), 0);
    assert_eq!(
        after.activity,
        Activity::Reviewing(plan),
        "Review again reopens the dialog with the plan"
    );
}

fn outcome(status: InstanceStatus, image: &str) -> Event {
    let found: InstanceInfo = with_status("ins-web-01", status, image);
    Event::OutcomeFound(Ok(Box::new(found)))
}

#[test]
fn a_lost_answer_is_resolved_by_asking_never_by_sending() {
    let plan = debian_plan();
    let (asking, commands) = run(
        panel(Activity::Submitting(plan.clone())),
        vec![Event::ResetAnswered(Err(lost()))],
    );
    assert!(matches!(asking.activity, Activity::Resolving { .. }));
    assert_eq!(commands, vec![Command::AskOutcome { delay_ms: 0 }]);

    // In progress: the live view of the plan, without a request id.
    let (after, commands) = run(
        asking.clone(),
        vec![outcome(InstanceStatus::Deploying, "img-ubuntu-2204")],
    );
    assert!(
        matches!(&after.activity, Activity::Watching(a) if a.request_id.is_empty() && a.image_id == "img-debian-12")
    );
    assert_eq!(sends(&commands), 0);

    // Finished on the planned image: done.
    let (after, _) = run(
        asking.clone(),
        vec![outcome(InstanceStatus::Running, "img-debian-12")],
    );
    assert!(matches!(
        after.activity,
        Activity::Finished {
            outcome: Outcome::Running,
            ..
        }
    ));

    // Still STOPPED, or running its old image: it did not start.
    for status in [InstanceStatus::Stopped, InstanceStatus::Running] {
        let (after, commands) = run(
            asking.clone(),
            vec![outcome(status.clone(), "img-ubuntu-2204")],
        );
        let expected = Activity::NotStarted {
            plan: plan.clone(),
            status,
        };
        assert_eq!(after.activity, expected);
        assert_eq!(sends(&commands), 0);
    }

    let (after, _) = run(
        asking.clone(),
        vec![outcome(InstanceStatus::ReinstallFailed, "img-debian-12")],
    );
    assert!(matches!(
        after.activity,
        Activity::Finished {
            outcome: Outcome::Failed,
            ..
        }
    ));

    // The live status may answer first.
    let (after, _) = run(asking, vec![Event::Status(InstanceStatus::Rebuilding)]);
    assert!(matches!(after.activity, Activity::Watching(_)));
}

#[test]
fn a_resumed_reinstall_that_ended_while_nobody_watched_is_finished_at_once() {
    let policy = ProtectionPolicy::default();
    let (watching, _) = run(
        panel(Activity::Submitting(debian_plan())),
        vec![Event::ResetAnswered(Ok("req-1".into()))],
    );
    let Activity::Watching(active) = watching.activity else {
        panic!()
    };
    let running = with_status("ins-web-01", InstanceStatus::Running, "img-debian-12");
    let (after, commands) =
        zec_console::session::start(running.clone(), Some(active.clone()), None, env(&policy));
    assert!(matches!(after.activity, Activity::Finished { .. }));
    assert!(commands.contains(&Command::Forget));
    let deploying = with_status("ins-web-01", InstanceStatus::Deploying, "img-ubuntu-2204");
    let (after, _) = zec_console::session::start(deploying, Some(active), None, env(&policy));
    assert!(matches!(after.activity, Activity::Watching(_)));
    let (fresh, commands) = zec_console::session::start(running, None, None, env(&policy));
    assert_eq!(
        (fresh.activity, commands),
        (Activity::Editing(None), vec![])
    );
}
