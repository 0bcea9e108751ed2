//! Before anything is erased: the snapshot of every boot disk, one row each (waiting,
//! requested, CREATING, AVAILABLE, or why it failed). When one fails the batch stops and
//! says so: leave those instances out (a new plan to review), retry a snapshot, or go back
//! to the plan keeping the snapshots taken. After a reload that left the batch here, the
//! snapshots are looked up and the plan is reviewed again.

use leptos::prelude::*;
use zec_console::i18n::Id;

use crate::i18n::tr;
use zec_console::fleet::snapshots::{Shot, Snapshots};
use zec_console::fleet::{words, Event, Stage};

use crate::app::AppContext;
use crate::components::common::ErrorBanner;
use crate::fleet::Fleet;

#[component]
pub fn FleetSnapshots(fleet: Fleet) -> impl IntoView {
    let title_id = expect_context::<AppContext>().id("fleet-snapshots-title");
    let labelled_by = title_id.clone();
    let snapshots = Memo::new(move |_| match fleet.stage.get() {
        Stage::Snapshotting(snapshots) => Some(*snapshots),
        _ => None,
    });
    let read = move |f: fn(&Snapshots) -> bool| snapshots.with(|s| s.as_ref().is_some_and(f));
    let failed_names = move || {
        snapshots.with(|s| {
            s.as_ref()
                .map(|s| {
                    s.failed()
                        .iter()
                        .map(|id| s.plan.name_of(id))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <section class="zec-panel zec-fleet-progress" aria-labelledby=labelled_by>
            <h2 id=title_id tabindex="-1">{move || snapshots.with(|s| s.as_ref().map(|s| {
                let (taken, all) = s.progress();
                words::snapshots_title(taken, all)
            }))}</h2>
            <p class="zec-hint">{tr(Id::NothingErasedUntil)}</p>
            <table class="zec-table" data-testid="fleet-snapshots">
                <thead><tr><th scope="col">{tr(Id::FieldInstance)}</th><th scope="col">{tr(Id::StepSnapshot)}</th><th scope="col">{tr(Id::Status)}</th></tr></thead>
                <tbody>{move || snapshots.get().map(|s| s.rows.iter().map(|(id, shot)| {
                    let (label, tone) = words::shot(shot);
                    let name = s.plan.target(id).and_then(|t| t.snapshot.as_ref()).map(|r| r.snapshot_name.clone()).unwrap_or_default();
                    let waiting = match shot { Shot::Finding(asking) => asking.waiting().cloned(), _ => None };
                    let retry = matches!(shot, Shot::Failed(_)) && s.is_settled() && !s.interrupted;
                    let (check_id, retry_id, display) = (id.clone(), id.clone(), s.plan.name_of(id));
                    view! {
                        <tr data-instance-id=id.clone()>
                            <td><span class="zec-name">{s.plan.name_of(id)}</span> <span class="zec-id">{id.clone()}</span></td>
                            <td><code>{name}</code></td>
                            <td><span class=format!("zec-badge zec-badge-{tone}") data-testid="fleet-snapshot-status">{label}</span>
                                {waiting.map(|error| view! {
                                    <ErrorBanner error=error />
                                    <button type="button" class="zec-button zec-button-small"
                                        on:click=move |_| fleet.send(Event::CheckAgain(check_id.clone()))>{tr(Id::CheckAgain)}</button>
                                })}
                                {retry.then(|| view! {
                                    <button type="button" class="zec-button zec-button-small"
                                        on:click=move |_| fleet.send(Event::RetrySnapshot(retry_id.clone()))>{words::retry_snapshot_button(&display)}</button>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view())}</tbody>
            </table>
            <p class="zec-loading" role="status">{move || {
                let stopped = !failed_names().is_empty() && !read(Snapshots::is_settled);
                stopped.then(words::waiting_for_snapshots)
            }}</p>
            {move || {
                let names = failed_names();
                let settled = read(Snapshots::is_settled);
                let interrupted = read(|s| s.interrupted);
                (!names.is_empty() && settled && !interrupted).then(|| view! {
                    <div class="zec-banner zec-banner-error" role="alert" data-testid="fleet-snapshots-failed">
                        <p><strong>{words::snapshots_failed(&names)}</strong></p>
                        <div class="zec-actions">
                            <button type="button" class="zec-button zec-button-primary"
                                on:click=move |_| fleet.send(Event::LeaveOutFailed)>{words::leave_out_button(&names)}</button>
                            <button type="button" class="zec-button"
                                on:click=move |_| fleet.send(Event::StopSnapshots)>{tr(Id::BackToPlan)}</button>
                        </div>
                    </div>
                })
            }}
            {move || read(|s| s.interrupted).then(|| view! {
                <div class="zec-banner zec-banner-warn" data-testid="fleet-interrupted">
                    <p>{words::interrupted()}</p>
                    <button type="button" class="zec-button zec-button-primary" disabled=move || !read(Snapshots::is_settled)
                        on:click=move |_| fleet.send(Event::StopSnapshots)>{tr(Id::ReviewAgain)}</button>
                </div>
            })}
        </section>
    }
}
