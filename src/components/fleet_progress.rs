//! The batch's live table: one row per instance, driven by the one status subscription,
//! with totals (in progress, running, failed) and the request id of each ResetInstances
//! call. Once every row ended: "Retry the N failed" (a new plan to review), rolling back
//! the instances ticked (or all) to the snapshots taken first, deleting those snapshots,
//! and "Back to the list".

use std::collections::BTreeSet;

use leptos::prelude::*;
use zec_console::i18n::{msg, word, Id};

use crate::i18n::{text, tr};

use crate::app::AppContext;
use crate::components::common::{status_tone, RequestId};
use crate::components::fleet_activity::{CallActivityLink, FleetActivity};
use crate::components::fleet_undo::{FleetHandover, FleetUndo};
use crate::fleet::Fleet;
use zec_console::fleet::batch::{Batch, Row};
use zec_console::fleet::undo::{BatchUndo, Mark};
use zec_console::fleet::{words, Event, Stage};

fn describe(row: &Row) -> (String, &'static str, String) {
    match row {
        Row::Sending => (word(Id::RowSending), "busy", String::new()),
        Row::Checking(asking) => match asking.waiting() {
            Some(error) => (
                word(Id::RowUnknown),
                "bad",
                zec_console::i18n::error_message(error),
            ),
            None => (word(Id::RowChecking), "busy", word(Id::RowCheckingWhat)),
        },
        Row::InProgress(status) => (
            zec_console::words::status_with_code(status),
            status_tone(status),
            word(Id::RowReinstalling),
        ),
        Row::Running => (word(Id::StatusRunning), "good", word(Id::RowReinstalled)),
        Row::ReinstallFailed => (
            zec_console::words::status_with_code(&zec_api::InstanceStatus::ReinstallFailed),
            "bad",
            word(Id::RowInstallFailed),
        ),
        Row::DidNotStart(reason) => (word(Id::RowDidNotStart), "bad", reason.clone()),
    }
}

/// A row: its status, tone and details, and what it says about its undo (under way, or
/// how it ended). A rolled-back instance no longer has its reinstall's status.
fn row_text(batch: &Batch, id: &str, row: &Row) -> (String, &'static str, String, Option<String>) {
    let rolling = match &batch.undo {
        Some(BatchUndo::RollingBack(rollback)) => rollback.row(id).map(words::back),
        _ => None,
    };
    match batch.mark_of(id) {
        Some(Mark::RolledBack) => {
            let detail = words::rolled_back_now(batch.status_of(id).as_ref());
            (word(Id::StepRolledBack), "stopped", detail, None)
        }
        mark => {
            let (label, tone, detail) = describe(row);
            (
                label,
                tone,
                detail,
                rolling.or_else(|| mark.map(words::mark)),
            )
        }
    }
}

#[component]
pub fn FleetProgress(fleet: Fleet) -> impl IntoView {
    let title_id = expect_context::<AppContext>().id("fleet-batch-title");
    let labelled_by = title_id.clone();
    let batch = Memo::new(move |_| match fleet.stage.get() {
        Stage::Running(batch) => Some(*batch),
        _ => None,
    });
    let with = move |f: fn(&Batch) -> usize| batch.with(|b| b.as_ref().map_or(0, f));
    let idle = move || batch.with(|b| b.as_ref().is_some_and(Batch::is_idle));
    // The rows ticked for a rollback (only those that can be rolled back are offered).
    let ticked = RwSignal::new(BTreeSet::<String>::new());
    let tickable = move |id: &str| {
        batch.with(|b| {
            b.as_ref()
                .is_some_and(|b| b.rollback_candidates().iter().any(|c| c == id))
        })
    };
    view! {
        <section class="zec-panel zec-fleet-progress" aria-labelledby=labelled_by>
            <h2 id=title_id tabindex="-1">{move || batch.with(|b| b.as_ref().map(|b| words::batch_title(b.rows.len(), &b.plan.image_name)))}</h2>
            <p class="zec-totals" role="status" data-testid="fleet-totals">{move || {
                words::totals(batch.with(|b| b.as_ref().map(Batch::counts).unwrap_or_default()))
            }}</p>
            <p class="zec-hint">{move || fleet.connection.get().describe()}</p>
            <FleetHandover fleet=fleet />
            <div class="zec-table-wrap" tabindex="0" role="region" aria-label=tr(Id::BatchInstances)>
            <table class="zec-table" data-testid="fleet-table">
                <thead><tr>
                    <th scope="col"><span class="zec-visually-hidden">{tr(Id::RollBack)}</span></th>
                    <th scope="col">{tr(Id::FieldInstance)}</th><th scope="col">{tr(Id::Status)}</th><th scope="col">{tr(Id::Details)}</th>
                </tr></thead>
                <tbody>{move || batch.get().map(|b| b.rows.iter().map(|(id, row)| {
                    let (label, tone, detail, undo) = row_text(&b, id, row);
                    let name = b.plan.name_of(id);
                    let (check_id, tick_id, tick_on) = (id.clone(), id.clone(), id.clone());
                    let can_tick = idle() && tickable(id);
                    view! {
                        <tr data-instance-id=id.clone()>
                            <td>{can_tick.then(|| view! {
                                <input type="checkbox" aria-label=text(msg::RollBackName { name: name.clone() })
                                    prop:checked=move || ticked.with(|t| t.contains(&tick_on))
                                    on:change=move |ev| ticked.update(|t| {
                                        match event_target_checked(&ev) {
                                            true => t.insert(tick_id.clone()),
                                            false => t.remove(&tick_id),
                                        };
                                    }) />
                            })}</td>
                            <td><span class="zec-name">{name.clone()}</span> <span class="zec-id">{id.clone()}</span></td>
                            <td><span class=format!("zec-badge zec-badge-{tone}") data-testid="fleet-status">{label}</span></td>
                            <td>{detail}
                                {undo.map(|line| view! { <span class="zec-hint" data-testid="fleet-undo-mark">" " {line}</span> })}
                                {matches!(row, Row::Checking(asking) if asking.waiting().is_some()).then(|| view! {
                                    <button type="button" class="zec-button zec-button-small"
                                        on:click=move |_| fleet.send(Event::CheckAgain(check_id.clone()))>{tr(Id::CheckAgain)}</button>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view())}</tbody>
            </table>
            </div>
            <div class="zec-fleet-requests">{move || batch.get().map(|b| { let calls = b.chunks.len(); b.chunks.into_iter().enumerate().map(move |(index, chunk)| view! {
                <div class="zec-chunk">
                    <span>{words::call(index, calls, chunk.instance_ids.len())}</span>
                    {chunk.request_id.map(|request_id| view! { <RequestId request_id=request_id /> })}
                    <CallActivityLink index=index />
                    {chunk.error.map(|error| view! { <p class="zec-hint">{error.message()}</p> })}
                </div>
            }).collect_view() })}</div>
            <FleetUndo fleet=fleet />
            <FleetActivity fleet=fleet />
            <div class="zec-actions">
                {move || (idle() && with(|b| b.to_retry().len()) > 0).then(|| view! {
                    <button type="button" class="zec-button" on:click=move |_| fleet.send(Event::RetryFailed)>
                        {words::retry_button(with(|b| b.to_retry().len()))}</button>
                })}
                {move || {
                    let chosen: Vec<String> = ticked.with(|t| t.iter().filter(|id| tickable(id)).cloned().collect());
                    (idle() && !chosen.is_empty()).then(|| {
                        let n = chosen.len();
                        view! { <button type="button" class="zec-button" on:click=move |_| fleet.send(Event::AskRollback(chosen.clone()))>
                            {words::rollback_selected_button(n)}</button> }
                    })
                }}
                {move || (idle() && with(|b| b.rollback_candidates().len()) > 0).then(|| view! {
                    <button type="button" class="zec-button" on:click=move |_| {
                        let all = batch.with_untracked(|b| b.as_ref().map(Batch::rollback_candidates).unwrap_or_default());
                        fleet.send(Event::AskRollback(all));
                    }>{words::rollback_all_button()}</button>
                })}
                {move || (idle() && with(|b| b.deletable().len()) > 0).then(|| view! {
                    <button type="button" class="zec-button" on:click=move |_| fleet.send(Event::AskDeleteSnapshots)>
                        {words::delete_button(with(|b| b.deletable().len()))}</button>
                })}
                <button type="button" class="zec-button zec-button-primary" disabled=move || !idle()
                    on:click=move |_| if fleet.may_leave_table() { fleet.send(Event::Done) }>{tr(Id::BackToList)}</button>
            </div>
        </section>
    }
}
