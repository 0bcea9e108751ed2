//! Reopening an instance whose confirmed plan the page left before it was carried out: the
//! API is asked what became of it (did the reinstall start? is the snapshot there?), then
//! the panel says so, with "Review again" (the password is asked again: it was never kept),
//! "Delete the snapshot" and "Start over". Nothing is sent again without a new review.

use zec_api::rules::Field;
use zec_api::wire::{InstanceInfo, SnapshotInfo};
use zec_api::{ReinstallPhase, SnapshotStatus};

use super::kept::{KeptPlan, KeptSnapshot};
use super::reinstall::{finish, watch};
use super::snapshot::SNAPSHOT_POLL_MS;
use super::{Activity, Command, Event, FocusTarget, Notice, Outcome, Panel, SnapshotRef};
use super::{Step, UndoEnd};
use crate::active::ActiveReinstall;
use crate::form::ReinstallForm;
use crate::plan::TakenSnapshot;
use crate::resolve::Resolver;

/// The question that settles the kept plan next, if one is left.
fn question(kept: &KeptPlan, delay_ms: u32) -> Option<Command> {
    if kept.sent.is_some() {
        return Some(Command::AskOutcome { delay_ms });
    }
    let snapshot = match kept.snapshot.as_ref()? {
        KeptSnapshot::Asked {
            snapshot_id: Some(id),
            ..
        } => SnapshotRef::Id(id.clone()),
        KeptSnapshot::Taken(taken) => SnapshotRef::Id(taken.snapshot_id.clone()),
        KeptSnapshot::Asked { disk_id, name, .. } => SnapshotRef::Named {
            disk_id: disk_id.clone(),
            name: name.clone(),
        },
    };
    Some(Command::ReadSnapshot { snapshot, delay_ms })
}

/// Asks the next question, or says what happened once nothing is left to ask.
fn settle(panel: &Panel, kept: KeptPlan) -> Step {
    match question(&kept, 0) {
        Some(command) => {
            let asking = Resolver::start().0;
            (
                panel.with(Activity::Recovering { kept, asking }),
                vec![command],
            )
        }
        None => (
            panel.with(Activity::Interrupted { kept, undone: None }),
            vec![],
        ),
    }
}

/// The panel of an instance reopened with a kept plan.
pub(super) fn start(instance: InstanceInfo, kept: KeptPlan) -> Step {
    settle(&Panel::new(instance, None), kept)
}

fn taken(
    kept: &KeptPlan,
    snapshot: &SnapshotInfo,
    instance: &InstanceInfo,
    now: f64,
) -> TakenSnapshot {
    let kept_until = match &kept.snapshot {
        Some(KeptSnapshot::Asked { kept_until, .. }) => kept_until.clone(),
        Some(KeptSnapshot::Taken(taken)) => taken.kept_until.clone(),
        None => String::new(),
    };
    let taken_at = snapshot
        .create_time
        .as_deref()
        .and_then(zec_api::time::parse_utc)
        .map_or(now, |unix| unix as f64 * 1000.0);
    TakenSnapshot {
        snapshot_id: snapshot.snapshot_id.clone(),
        snapshot_name: snapshot.snapshot_name.clone(),
        disk_id: snapshot.disk_id.clone(),
        taken_at,
        kept_until,
        // The reinstall did not happen: the instance still runs the image to roll back to.
        original_image_id: instance.image_id.clone(),
    }
}

pub(super) fn recovering(
    panel: &Panel,
    kept: &KeptPlan,
    asking: &Resolver,
    event: Event,
    now: f64,
) -> Step {
    let same = || (panel.clone(), vec![]);
    match event {
        Event::OutcomeFound(Ok(instance)) => {
            let Some(sent) = &kept.sent else {
                return same();
            };
            let active = ActiveReinstall {
                started_at: now,
                ..sent.clone()
            };
            match instance.status.reinstall_phase() {
                ReinstallPhase::InProgress => watch(panel, active),
                ReinstallPhase::Succeeded if instance.image_id == active.image_id => {
                    finish(panel, active, Outcome::Running)
                }
                ReinstallPhase::Failed => finish(panel, active, Outcome::Failed),
                // Not started: what is left is the snapshot, if any.
                _ => settle(
                    panel,
                    KeptPlan {
                        sent: None,
                        ..kept.clone()
                    },
                ),
            }
        }
        Event::Status(status)
            if kept.sent.is_some() && status.reinstall_phase() == ReinstallPhase::InProgress =>
        {
            let active = ActiveReinstall {
                started_at: now,
                ..kept.sent.clone().expect("checked")
            };
            watch(panel, active)
        }
        Event::SnapshotSeen(Ok(seen)) if kept.sent.is_none() => {
            let mut kept = kept.clone();
            match seen {
                Some(snapshot) if snapshot.status == SnapshotStatus::Available => {
                    let taken = taken(&kept, &snapshot, &panel.instance, now);
                    kept.snapshot = Some(KeptSnapshot::Taken(taken));
                }
                Some(snapshot) if snapshot.status == SnapshotStatus::Creating => {
                    // Still being made: follow it until it is ready.
                    if let Some(KeptSnapshot::Asked { snapshot_id, .. }) = &mut kept.snapshot {
                        *snapshot_id = Some(snapshot.snapshot_id.clone());
                    }
                    let command = Command::ReadSnapshot {
                        snapshot: SnapshotRef::Id(snapshot.snapshot_id),
                        delay_ms: SNAPSHOT_POLL_MS,
                    };
                    let asking = Resolver::start().0;
                    return (
                        panel.with(Activity::Recovering { kept, asking }),
                        vec![command],
                    );
                }
                // Failed, going, or never created: no snapshot waits for the plan.
                _ => kept.snapshot = None,
            }
            (
                panel.with(Activity::Interrupted { kept, undone: None }),
                vec![],
            )
        }
        Event::OutcomeFound(Err(error)) | Event::SnapshotSeen(Err(error)) => {
            let (asking, delay) = asking.failed(error);
            let commands = delay.and_then(|d| question(kept, d)).into_iter().collect();
            let kept = kept.clone();
            (panel.with(Activity::Recovering { kept, asking }), commands)
        }
        Event::CheckAgain | Event::Online => {
            let (asking, delay) = asking.again();
            let commands = delay.and_then(|d| question(kept, d)).into_iter().collect();
            let kept = kept.clone();
            (panel.with(Activity::Recovering { kept, asking }), commands)
        }
        _ => same(),
    }
}

pub(super) fn interrupted(panel: &Panel, kept: &KeptPlan, event: Event) -> Step {
    match event {
        Event::ReviewAgain => {
            let form = kept
                .form
                .clone()
                .unwrap_or_else(|| ReinstallForm::for_instance(&panel.instance));
            let mut commands = vec![Command::RestoreForm(Box::new(form))];
            let activity = match kept.password_needed {
                true => {
                    commands.push(Command::Focus(FocusTarget::Field(Field::Password)));
                    Activity::Editing(Some(Notice::PasswordAgain))
                }
                false => {
                    commands.push(Command::ReviewForm);
                    Activity::Editing(None)
                }
            };
            let mut next = panel.with(activity);
            next.spare = kept.taken().cloned();
            (next, commands)
        }
        // Event::AskDelete is the transition function's (`flow.rs`): permitted like any delete.
        Event::Discard => {
            let form = ReinstallForm::for_instance(&panel.instance);
            let commands = vec![
                Command::RestoreForm(Box::new(form)),
                Command::Focus(FocusTarget::Heading),
            ];
            (panel.with(Activity::Editing(None)), commands)
        }
        Event::Dismiss => {
            let activity = Activity::Interrupted {
                kept: kept.clone(),
                undone: None,
            };
            (panel.with(activity), vec![])
        }
        _ => (panel.clone(), vec![]),
    }
}

/// Back from deleting the kept plan's snapshot: the plan is still there, without it.
pub(super) fn after_undo(kept: &KeptPlan, end: UndoEnd) -> Activity {
    let mut kept = kept.clone();
    if let UndoEnd::Deleted(target) = &end {
        if kept
            .taken()
            .is_some_and(|t| t.snapshot_id == target.snapshot_id)
        {
            kept.snapshot = None;
        }
    }
    let undone = (end != UndoEnd::Cancelled).then_some(end);
    Activity::Interrupted { kept, undone }
}
