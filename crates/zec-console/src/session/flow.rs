//! The transition function: the instance's own facts first (status, re-reads, the other
//! tabs), the guards that refuse an intent with a reason (protected, not STOPPED, another
//! tab, a plan gone stale), then the activity's own step; and what follows from the new
//! state (what is kept for the tab, what the other tabs are told).

use zec_api::grant::Permission;
use zec_api::rules::{Field, Violation};
use zec_api::wire::InstanceInfo;
use zec_api::InstanceStatus;

use super::{recover, reinstall, undo};
use super::{ActiveReinstall, Activity, After, Command, Env, Event, FocusTarget, KeptPlan};
use super::{Notice, Panel, Step, UndoEnd, UndoTarget};
use crate::plan::ReinstallPlan;
use crate::power_off::{PowerEnd, PowerEvent, PowerOff};

/// The next state and the commands to run. An event that does not apply to the activity
/// changes nothing: a second Confirm while submitting sends nothing. What is kept for the
/// tab and told to the other tabs follows the state.
pub fn update(panel: &Panel, event: Event, env: Env<'_>) -> Step {
    let (next, mut commands) = step(panel, event, env);
    follow_up(panel, &next, &mut commands);
    (next, commands)
}

/// What the state change means for the tab's storage and the other tabs.
fn follow_up(before: &Panel, after: &Panel, commands: &mut Vec<Command>) {
    let kept = after.kept();
    if kept != before.kept() {
        commands.push(Command::Keep(kept.map(Box::new)));
    }
    let holds = after.holds_confirmed_plan();
    if holds != before.holds_confirmed_plan() {
        commands.push(Command::TellTabs(holds));
    }
}

fn step(panel: &Panel, event: Event, env: Env<'_>) -> Step {
    use Activity::*;
    let mut panel = panel.clone();
    // The instance's own facts first, the same whatever is going on; a status that did not
    // change is no event.
    let seen = panel.instance.status.clone();
    let event = match event {
        Event::InstanceRead(instance) => {
            panel.instance = *instance;
            match panel.instance.status == seen {
                // Nothing to act on, but a reviewed plan may be stale now (another image).
                true => return stale_or(panel, vec![]),
                false => Event::Status(panel.instance.status.clone()),
            }
        }
        Event::Status(status) if status == seen => return (panel, vec![]),
        Event::Status(status) => {
            panel.instance.status = status.clone();
            Event::Status(status)
        }
        Event::OtherTab(holds) => {
            panel.elsewhere = holds;
            Event::OtherTab(holds)
        }
        event => event,
    };
    if panel.instance.status != InstanceStatus::Stopped {
        // The disk may change from now on: a snapshot taken earlier no longer matches it.
        panel.spare = None;
    }
    // Anything that changes the instance or the tabs changes a reviewed plan too.
    if matches!(panel.activity, Reviewing(_)) {
        let (checked, _) = stale_or(panel.clone(), vec![]);
        if matches!(checked.activity, Stale { .. }) {
            return (checked, vec![]);
        }
    }
    let refused =
        |panel: &Panel, why: Violation| (panel.with(Editing(Some(Notice::Blocked(why)))), vec![]);
    match (&panel.activity, event) {
        (Editing(_), Event::Review(review)) => review_asked(&panel, review, env),
        (Editing(Some(_)), Event::Dismiss) => (panel.with(Editing(None)), vec![]),
        // A protected instance: nothing the proxy would refuse is even asked.
        (Editing(_), Event::AskPowerOff | Event::AskRollback(_) | Event::AskDelete(_))
            if panel.protected(env).is_some() =>
        {
            let why = panel.protected(env).expect("checked");
            refused(&panel, why)
        }
        (Editing(_), Event::AskPowerOff) if panel.instance.status != InstanceStatus::Stopped => {
            match env.permits.check(Permission::Power) {
                Ok(()) => {
                    let ids = vec![panel.instance.instance_id.clone()];
                    (panel.with(PoweringOff(PowerOff::ask(ids))), vec![])
                }
                Err(why) => not_allowed(&panel, why),
            }
        }
        (Editing(_), Event::AskRollback(target)) => {
            undo_asked(&panel, target, true, After::Form, env)
        }
        (Editing(_), Event::AskDelete(target)) => {
            undo_asked(&panel, target, false, After::Form, env)
        }
        (
            Finished {
                active, outcome, ..
            },
            Event::AskRollback(target),
        ) => {
            let after = After::Finished(Box::new(active.clone()), *outcome);
            undo_asked(&panel, target, true, after, env)
        }
        (
            Finished {
                active, outcome, ..
            },
            Event::AskDelete(target),
        ) => {
            let after = After::Finished(Box::new(active.clone()), *outcome);
            undo_asked(&panel, target, false, after, env)
        }
        (PoweringOff(power_off), event) => match power_event(event, &panel) {
            Some(event) => powering_off(&panel, power_off, event),
            None => (panel.clone(), vec![]),
        },
        (Undoing { undo, after }, event) => undo::update(&panel, undo, after, event),
        (Recovering { kept, asking }, event) => {
            recover::recovering(&panel, kept, asking, event, env.now_ms)
        }
        // Deleting the snapshot of a plan the page went away from: permitted like any delete.
        (Interrupted { kept, .. }, Event::AskDelete(target)) => {
            let after = After::Kept(Box::new(kept.clone()));
            undo_asked(&panel, target, false, after, env)
        }
        (Interrupted { kept, .. }, event) => recover::interrupted(&panel, kept, event),
        (_, event) => reinstall::update(&panel, event, env),
    }
}

/// A reviewed plan whose instance changed (`changed::since`) becomes stale; otherwise the
/// step as given.
fn stale_or(panel: Panel, commands: Vec<Command>) -> Step {
    if let Activity::Reviewing(plan) = &panel.activity {
        let change = crate::changed::since(&plan.frozen, &panel.instance, panel.elsewhere);
        if let Some(change) = change {
            let plan = plan.clone();
            return (panel.with(Activity::Stale { plan, change }), vec![]);
        }
    }
    (panel, commands)
}

/// Opens the panel: on the form, or (after a reload) on a reinstall that was running, which
/// may have ended while nobody watched, or on a confirmed plan the page left before it was
/// carried out (`kept`), which the API is asked about first.
pub fn start(
    instance: InstanceInfo,
    resumed: Option<ActiveReinstall>,
    kept: Option<KeptPlan>,
    env: Env<'_>,
) -> Step {
    let status = instance.status.clone();
    match (resumed, kept) {
        (Some(resumed), _) => {
            let panel = Panel::new(instance, Some(resumed));
            reinstall::update(&panel, Event::Status(status), env)
        }
        (None, Some(kept)) => recover::start(instance, kept),
        (None, None) => (Panel::new(instance, None), vec![]),
    }
}

/// "Review": guards first (the plan is sound, the instance is STOPPED and not protected),
/// then the dialog.
fn review_asked(
    panel: &Panel,
    review: Result<Box<ReinstallPlan>, Vec<Field>>,
    env: Env<'_>,
) -> Step {
    let plan = match review {
        Ok(plan) => plan,
        Err(fields) => {
            let focus = fields
                .first()
                .map(|f| Command::Focus(FocusTarget::Field(*f)));
            return (panel.clone(), focus.into_iter().collect());
        }
    };
    if let Err(why) = env.permits.reinstall(plan.snapshot.is_some()) {
        return not_allowed(panel, why);
    }
    let instance = &panel.instance;
    let blocked = panel
        .protected(env)
        .or_else(|| zec_api::rules::check_instance_status(&instance.status).err());
    if let Some(why) = blocked {
        let activity = Activity::Editing(Some(Notice::Blocked(why)));
        return (panel.with(activity), vec![]);
    }
    if panel.elsewhere {
        return (
            panel.with(Activity::Editing(Some(Notice::OtherTab))),
            vec![],
        );
    }
    // A snapshot taken for an earlier plan that was not sent is used, not taken again.
    let plan = match &panel.spare {
        Some(spare) => plan.reusing(spare),
        None => *plan,
    };
    (panel.with(Activity::Reviewing(plan)), vec![])
}

/// The form with the reason the caller's session does not permit what was asked.
fn not_allowed(panel: &Panel, why: String) -> Step {
    (
        panel.with(Activity::Editing(Some(Notice::NotAllowed(why)))),
        vec![],
    )
}

/// "Roll back…" or "Delete…", when the session permits it (a rollback of a running instance
/// powers it off first, so it needs `power` too); else why not, where the undo started.
fn undo_asked(
    panel: &Panel,
    target: UndoTarget,
    rollback: bool,
    after: After,
    env: Env<'_>,
) -> Step {
    let permitted = match rollback {
        true => env.permits.rollback(&panel.instance.status),
        false => env.permits.check(Permission::Snapshot),
    };
    match (permitted, after) {
        (Ok(()), after) => undo::ask(panel, target, rollback, after),
        (Err(why), After::Form) => not_allowed(panel, why),
        (Err(why), After::Finished(active, outcome)) => {
            let activity = Activity::Finished {
                active: *active,
                outcome,
                undone: Some(UndoEnd::NotDone(why)),
            };
            (panel.with(activity), vec![])
        }
        (Err(why), After::Kept(kept)) => {
            let activity = Activity::Interrupted {
                kept: *kept,
                undone: Some(UndoEnd::NotDone(why)),
            };
            (panel.with(activity), vec![])
        }
    }
}

/// The session's events that concern a power-off; a status is about this instance.
fn power_event(event: Event, panel: &Panel) -> Option<PowerEvent> {
    Some(match event {
        Event::SetForce(force) => PowerEvent::SetForce(force),
        Event::Cancel => PowerEvent::Cancel,
        Event::Confirm => PowerEvent::Confirm,
        Event::StopAnswered { ids, answer } => PowerEvent::StopAnswered { ids, answer },
        Event::StatusesFound(found) => PowerEvent::StatusesFound(found),
        Event::Status(status) => PowerEvent::Status {
            instance_id: panel.instance.instance_id.clone(),
            status,
        },
        Event::CheckAgain | Event::Online => PowerEvent::CheckAgain,
        _ => return None,
    })
}

/// The panel's own power-off: back to the form once STOPPED (focus on it), or with what did
/// not happen.
fn powering_off(panel: &Panel, power_off: &PowerOff, event: PowerEvent) -> Step {
    let (next, commands) = power_off.update(event);
    let mut commands: Vec<Command> = commands.into_iter().map(Command::PowerOff).collect();
    let activity = match next {
        Ok(power_off) => Activity::PoweringOff(power_off),
        Err(PowerEnd::Cancelled) => {
            commands.push(Command::Focus(FocusTarget::PowerButton));
            Activity::Editing(None)
        }
        Err(PowerEnd::Stopped) => {
            commands.push(Command::Focus(FocusTarget::Form));
            Activity::Editing(None)
        }
        Err(PowerEnd::NotDone(result)) => Activity::Editing(Some(Notice::PowerOff(result))),
    };
    (panel.with(activity), commands)
}
