//! Undo: the boot disk's snapshots with "Roll back" and "Delete", the confirmation of each,
//! and how a rollback is going. Reads the session's activity (`Undoing`, and how the last
//! undo ended) and sends it intents.

use leptos::prelude::*;
use zec_console::i18n::{msg, word, Id};

use crate::i18n::{text, tr};
use zec_api::grant::Permission;
use zec_api::wire::SnapshotInfo;
use zec_api::{InstanceStatus, SnapshotStatus};
use zec_console::session::{Activity, Event, Undo, UndoEnd, UndoTarget};
use zec_console::words;

use crate::app::AppContext;
use crate::components::common::{ErrorBanner, Modal};
use crate::session::Session;

pub fn target_of(snapshot: &SnapshotInfo) -> UndoTarget {
    UndoTarget {
        snapshot_id: snapshot.snapshot_id.clone(),
        snapshot_name: snapshot.snapshot_name.clone(),
        disk_id: snapshot.disk_id.clone(),
        taken: snapshot
            .create_time
            .as_deref()
            .map_or_else(|| word(Id::UnknownTime), crate::i18n::api_time),
    }
}

/// The boot disk's snapshots, in the panel; `editable`: with "Roll back…" and "Delete…"
/// (not for a protected instance, where the proxy refuses both).
#[component]
pub fn SnapshotList(session: Session, editable: bool) -> impl IntoView {
    let rows = move || {
        let (rollback_refused, delete_refused) = refusals(session);
        match session.snapshots.get() {
        None => view! { <p class="zec-loading">{tr(Id::LoadingSnapshots)}</p> }.into_any(),
        Some(Err(error)) => view! { <p class="zec-hint">{move || text(msg::SnapshotsUnreadable { why: zec_console::i18n::error_message(&error) })}</p> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! { <p class="zec-hint">{tr(Id::NoSnapshots)}</p> }.into_any(),
        Some(Ok(list)) => view! {
            <ul class="zec-snapshots" data-testid="snapshot-list">
                {list.into_iter().map(|snapshot| {
                    let usable = snapshot.status == SnapshotStatus::Available;
                    let (rollback, delete) = (target_of(&snapshot), target_of(&snapshot));
                    let kept = snapshot.retention_time.as_deref().map_or_else(|| word(Id::KeptUntilDeletedShort), |until| text(msg::KeptUntilShort { time: crate::i18n::api_time_utc(until) }));
                    let taken = snapshot.create_time.as_deref().map(crate::i18n::api_time).unwrap_or_default();
                    view! {
                        <li data-snapshot-id=snapshot.snapshot_id.clone()>
                            <span class="zec-option-name">{snapshot.snapshot_name.clone()}</span>
                            <span class="zec-option-meta">{text(msg::SnapshotMeta { taken, status: words::snapshot_status(&snapshot.status), kept })}</span>
                            {editable.then(|| view! {
                                <button type="button" class="zec-button zec-button-small" disabled=!usable || rollback_refused.is_some()
                                    title=rollback_refused.clone()
                                    on:click=move |_| session.send(Event::AskRollback(rollback.clone()))>{tr(Id::RollBackEllipsis)}</button>
                                <button type="button" class="zec-button zec-button-small" disabled=!usable || delete_refused.is_some()
                                    title=delete_refused.clone()
                                    on:click=move |_| session.send(Event::AskDelete(delete.clone()))>{tr(Id::DeleteEllipsis)}</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <NotPermitted session=session />
        }.into_any(),
    }
    };
    view! {
        <details class="zec-fieldset zec-snapshot-list">
            <summary>{tr(Id::SnapshotsOfBootDisk)}</summary>
            {rows}
        </details>
    }
}

/// Why the session may not roll back or delete a snapshot (`None`: it may).
pub fn refusals(session: Session) -> (Option<String>, Option<String>) {
    let permits = session.permits();
    let status = session.status.get();
    (
        permits.rollback(&status).err(),
        permits.check(Permission::Snapshot).err(),
    )
}

/// Says, once, why the undo buttons are disabled.
#[component]
pub fn NotPermitted(session: Session) -> impl IntoView {
    move || {
        let (rollback, delete) = refusals(session);
        let mut reasons: Vec<String> = rollback.into_iter().chain(delete).collect();
        reasons.dedup();
        (!reasons.is_empty()).then(|| {
            view! { <p class="zec-hint" data-testid="undo-not-permitted">{reasons.join(" ")}</p> }
        })
    }
}

/// The undo under way, if any.
fn undoing(session: Session) -> Option<Undo> {
    session.panel.with(|panel| match &panel.activity {
        Activity::Undoing { undo, .. } => Some(undo.clone()),
        _ => None,
    })
}

/// Where an undo stands (or how the last one ended), and its confirmation dialog when one
/// is open.
#[component]
pub fn UndoStatus(session: Session) -> impl IntoView {
    let line = move || {
        if let Some(undo) = undoing(session) {
            let name = &undo.target().snapshot_name;
            return match &undo {
                Undo::PoweringOff(..) => Some((
                    "zec-banner zec-banner-warn",
                    text(msg::UndoPoweringOff { name: name.clone() }),
                )),
                Undo::Applying(_) | Undo::ResolvingRollback(..) | Undo::RollingBack(_) => Some((
                    "zec-banner zec-banner-warn",
                    text(msg::UndoRollingBack { name: name.clone() }),
                )),
                Undo::Deleting(_) | Undo::ResolvingDelete(..) => Some((
                    "zec-banner zec-banner-warn",
                    text(msg::UndoDeleting { name: name.clone() }),
                )),
                Undo::AskingRollback(_) | Undo::AskingDelete(_) => None,
            };
        }
        session.panel.with(|panel| match panel.undo_end()? {
            UndoEnd::NotDone(why) => Some(("zec-banner zec-banner-error", why.clone())),
            UndoEnd::RolledBack(t) => Some((
                "zec-banner zec-banner-ok",
                text(msg::RolledBackTo {
                    name: t.snapshot_name.clone(),
                }),
            )),
            UndoEnd::Deleted(t) => Some((
                "zec-banner zec-banner-ok",
                text(msg::SnapshotDeleted {
                    name: t.snapshot_name.clone(),
                }),
            )),
            UndoEnd::Cancelled => None,
        })
    };
    // A lost answer that could not be resolved yet: why, and "Check again".
    let waiting = move || undoing(session).and_then(|undo| undo.waiting().cloned());
    let asking = Memo::new(move |_| match undoing(session) {
        Some(Undo::AskingRollback(t)) => Some((t, true)),
        Some(Undo::AskingDelete(t)) => Some((t, false)),
        _ => None,
    });
    view! {
        {move || line().map(|(class, text)| view! {
            <div class=class data-testid="undo-status"><p role="status">{text}</p></div>
        })}
        {move || waiting().map(|error| view! {
            <ErrorBanner error=error />
            <button type="button" class="zec-button zec-button-primary"
                on:click=move |_| session.send(Event::CheckAgain)>{tr(Id::CheckAgain)}</button>
        })}
        {move || asking.get().map(|(target, rollback)| view! { <UndoDialog session=session target=target rollback=rollback /> })}
    }
}

#[component]
fn UndoDialog(session: Session, target: UndoTarget, rollback: bool) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let (title_id, text_id) = (context.id("undo-title"), context.id("undo-text"));
    let name = session
        .instance
        .with_untracked(|instance| instance.display_name().to_owned());
    let status = session.status.get_untracked();
    let (title, text, action) = if rollback {
        let power = if status == InstanceStatus::Stopped {
            String::new()
        } else {
            text(msg::RollbackPowersOffFirst {
                name: name.clone(),
                status: words::status_with_code(&status),
            })
        };
        (
            text(msg::RollbackTitle {
                name: name.clone(),
                snapshot: target.snapshot_name.clone(),
            }),
            text(msg::RollbackWhat {
                taken: target.taken.clone(),
                power,
            }),
            word(Id::RollBack),
        )
    } else {
        (
            text(msg::DeleteTitle {
                snapshot: target.snapshot_name.clone(),
            }),
            text(msg::DeleteWhat {
                name: name.clone(),
                taken: target.taken.clone(),
            }),
            word(Id::DeleteSnapshot),
        )
    };
    view! {
        <Modal labelled_by=title_id.clone() described_by=text_id.clone()
            on_cancel=Callback::new(move |_| session.send(Event::Cancel))>
            <h3 id=title_id class="zec-dialog-title">{title}</h3>
            <div class="zec-dialog-body"><p id=text_id>{text}</p></div>
            // The first focus is Cancel, never the irreversible action.
            <div class="zec-actions zec-dialog-footer">
                <button type="button" class="zec-button" autofocus=true
                    on:click=move |_| session.send(Event::Cancel)>{tr(Id::Cancel)}</button>
                <button type="button" class="zec-button zec-button-danger"
                    on:click=move |_| session.send(Event::Confirm)>{action}</button>
            </div>
        </Modal>
    }
}
