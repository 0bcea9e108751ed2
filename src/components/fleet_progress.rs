//! The batch's live view: one row per instance, driven by the one status subscription, with
//! totals (in progress, running, failed) and the request id of each ResetInstances call.

use leptos::prelude::*;

use crate::app::AppContext;
use crate::components::common::{status_tone, RequestId};
use crate::components::fleet_activity::{CallActivityLink, FleetActivity};
use crate::fleet::Fleet;
use zec_console::fleet::batch::Row;
use zec_console::fleet::{Event, Stage};
use zec_console::words;

fn describe(row: &Row) -> (String, &'static str, String) {
    match row {
        Row::Sending => ("Sending".into(), "busy", String::new()),
        Row::Checking(asking) => match asking.waiting() {
            Some(error) => ("Unknown".into(), "bad", error.message()),
            None => (
                "Checking".into(),
                "busy",
                "No readable answer; asking the API what happened.".into(),
            ),
        },
        Row::InProgress(status) => (
            words::status_with_code(status),
            status_tone(status),
            "Reinstalling".into(),
        ),
        Row::Running => ("Running".into(), "good", "Reinstalled".into()),
        Row::ReinstallFailed => (
            words::status_with_code(&zec_api::InstanceStatus::ReinstallFailed),
            "bad",
            "The install failed".into(),
        ),
        Row::DidNotStart(reason) => ("Did not start".into(), "bad", reason.clone()),
    }
}

#[component]
pub fn FleetProgress(fleet: Fleet) -> impl IntoView {
    let batch = Memo::new(move |_| match fleet.stage.get() {
        Stage::Running(batch) => Some(batch),
        _ => None,
    });
    let names = move |id: &str| {
        batch
            .with(|b| {
                b.as_ref().and_then(|b| {
                    b.plan
                        .instances
                        .iter()
                        .find(|(i, _)| i == id)
                        .map(|(_, n)| n.clone())
                })
            })
            .unwrap_or_default()
    };
    let totals = move || batch.with(|b| b.as_ref().map(|b| b.totals()).unwrap_or_default());
    let finished = move || batch.with(|b| b.as_ref().is_some_and(|b| b.is_finished()));
    let heading = expect_context::<AppContext>().id("fleet-batch-title");
    let labelled_by = heading.clone();
    let calls = move || batch.with(|b| b.as_ref().map_or(0, |b| b.chunks.len()));
    let call_label = move |index: usize, size: usize| match calls() {
        1 => format!(
            "ResetInstances call for {}",
            words::count(size, "instance", "instances")
        ),
        n => format!(
            "ResetInstances call {} of {n}, for {}",
            index + 1,
            words::count(size, "instance", "instances")
        ),
    };
    view! {
        <section class="zec-panel zec-fleet-progress" aria-labelledby=labelled_by>
            <h2 id=heading tabindex="-1">{move || batch.with(|b| b.as_ref().map(|b| format!("Reinstalling {} with {}", words::count(b.rows.len(), "instance", "instances"), b.plan.image_name)))}</h2>
            <p class="zec-totals" role="status" data-testid="fleet-totals">{move || {
                let (busy, running, failed) = totals();
                format!("{busy} in progress · {running} running · {failed} failed")
            }}</p>
            <p class="zec-hint">{move || fleet.connection.get().describe()}</p>
            <table class="zec-table" data-testid="fleet-table">
                <thead><tr><th scope="col">"Instance"</th><th scope="col">"Status"</th><th scope="col">"Details"</th></tr></thead>
                <tbody>{move || batch.get().map(|b| b.rows.into_iter().map(|(id, row)| {
                    let (label, tone, detail) = describe(&row);
                    let check_id = id.clone();
                    view! {
                        <tr data-instance-id=id.clone()>
                            <td><span class="zec-name">{names(&id)}</span> <span class="zec-id">{id.clone()}</span></td>
                            <td><span class=format!("zec-badge zec-badge-{tone}") data-testid="fleet-status">{label}</span></td>
                            <td>{detail}
                                {matches!(&row, Row::Checking(asking) if asking.waiting().is_some()).then(|| view! {
                                    <button type="button" class="zec-button zec-button-small"
                                        on:click=move |_| fleet.send(Event::CheckAgain(check_id.clone()))>"Check again"</button>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view())}</tbody>
            </table>
            <div class="zec-fleet-requests">{move || batch.get().map(|b| b.chunks.into_iter().enumerate().map(|(index, chunk)| view! {
                <div class="zec-chunk">
                    <span>{call_label(index, chunk.instance_ids.len())}</span>
                    {chunk.request_id.map(|request_id| view! { <RequestId request_id=request_id /> })}
                    <CallActivityLink index=index />
                    {chunk.error.map(|error| view! { <p class="zec-hint">{error.message()}</p> })}
                </div>
            }).collect_view())}</div>
            <FleetActivity fleet=fleet />
            <div class="zec-actions">
                <button type="button" class="zec-button zec-button-primary" disabled=move || !finished()
                    on:click=move |_| fleet.send(Event::Done)>"Back to the list"</button>
            </div>
        </section>
    }
}
