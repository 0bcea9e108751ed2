//! The finished table's undo: the confirmation of a rollback or of deleting the batch's
//! snapshots, and how it goes (each row says its own part); and the generated password,
//! shown once the batch is sent until the user says it is saved.

use leptos::prelude::*;
use zec_console::i18n::Id;

use crate::i18n::tr;
use zec_console::fleet::undo::{Back, BatchUndo};
use zec_console::fleet::{words, Event, Stage};

use crate::app::AppContext;
use crate::components::common::{ErrorBanner, Modal};
use crate::components::handover::CopyLine;
use crate::fleet::Fleet;

#[component]
pub fn FleetUndo(fleet: Fleet) -> impl IntoView {
    let undo = Memo::new(move |_| {
        fleet.stage.with(|stage| match stage {
            Stage::Running(batch) => batch.undo.clone(),
            _ => None,
        })
    });
    let names = move |ids: &[String]| -> Vec<String> {
        fleet.stage.with_untracked(|stage| match stage {
            Stage::Running(batch) => ids.iter().map(|id| batch.plan.name_of(id)).collect(),
            _ => vec![],
        })
    };
    let deletable = move || {
        fleet.stage.with_untracked(|stage| match stage {
            Stage::Running(batch) => batch.deletable().len(),
            _ => 0,
        })
    };
    let asking = Memo::new(move |_| match undo.get() {
        Some(BatchUndo::AskingRollback(ids)) => Some(Some(ids)),
        Some(BatchUndo::AskingDelete) => Some(None),
        _ => None,
    });
    let line = move || match undo.get()? {
        BatchUndo::RollingBack(rollback) => {
            let done = (rollback.rows.iter())
                .filter(|(_, back)| matches!(back, Back::RolledBack | Back::Failed(_)))
                .count();
            Some(words::rolling_back(done, rollback.rows.len()))
        }
        BatchUndo::Deleting(_) => Some(words::deleting(deletable())),
        _ => None,
    };
    let waiting = move || match undo.get()? {
        BatchUndo::RollingBack(rollback) => rollback.waiting().cloned(),
        BatchUndo::Deleting(deletion) => deletion.waiting().cloned(),
        _ => None,
    };
    view! {
        <p class="zec-banner zec-banner-warn" role="status" data-testid="fleet-undo-status" hidden=move || line().is_none()>{line}</p>
        {move || waiting().map(|error| view! {
            <ErrorBanner error=error />
            <button type="button" class="zec-button zec-button-primary"
                on:click=move |_| fleet.send(Event::CheckUndoAgain)>{tr(Id::CheckAgain)}</button>
        })}
        {move || asking.get().map(|rollback| {
            let (title, text, action) = match rollback {
                Some(ids) => (words::rollback_title(ids.len()), words::rollback_text(&names(&ids)), words::rollback_confirm(ids.len())),
                None => (words::delete_title(deletable()), words::delete_text(), words::delete_confirm(deletable())),
            };
            view! { <UndoDialog fleet=fleet title=title text=text action=action /> }
        })}
    }
}

#[component]
fn UndoDialog(fleet: Fleet, title: String, text: String, action: String) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let (title_id, text_id) = (
        context.id("fleet-undo-title"),
        context.id("fleet-undo-text"),
    );
    view! {
        <Modal labelled_by=title_id.clone() described_by=text_id.clone()
            on_cancel=Callback::new(move |_| fleet.send(Event::CancelUndo))>
            <h3 id=title_id>{title}</h3>
            <p id=text_id>{text}</p>
            <div class="zec-actions">
                // The safe choice first: the focus starts on it.
                <button type="button" class="zec-button" autofocus=true on:click=move |_| fleet.send(Event::CancelUndo)>{tr(Id::Cancel)}</button>
                <button type="button" class="zec-button zec-button-danger"
                    on:click=move |_| fleet.send(Event::ConfirmUndo)>{action}</button>
            </div>
        </Modal>
    }
}

/// The generated password of the batch, until the user says it is saved.
#[component]
pub fn FleetHandover(fleet: Fleet) -> impl IntoView {
    move || {
        fleet.handover.get().map(|password| view! {
            <div class="zec-banner zec-banner-warn zec-handover" data-testid="fleet-handover">
                <p>{words::handover()}</p>
                <CopyLine text=password />
                <button type="button" class="zec-button" on:click=move |_| fleet.handover.set(None)>{tr(Id::SavedIt)}</button>
            </div>
        })
    }
}
