//! The instances that block the plan and why (not STOPPED, the image does not fit, the OS
//! type differs, protected), each with "Leave out"; and "Power off the N running ones", with
//! its own confirmation (Force off by default: a reinstall erases the disk anyway).

use leptos::prelude::*;

use zec_api::grant::Permission;
use zec_console::fleet::plan::PlanCheck;
use zec_console::fleet::{Event, Stage};
use zec_console::power_off::{PowerOff, PowerResult};

use crate::app::AppContext;
use crate::components::common::ErrorBanner;
use crate::fleet::Fleet;
use zec_console::words;

#[component]
pub fn FleetBlockers(fleet: Fleet, check: Memo<PlanCheck>) -> impl IntoView {
    let running = move || check.with(|check| check.running(&fleet.targets()));
    let permits = expect_context::<AppContext>().permits;
    let power_refused = move || permits.with(|p| p.why_not(Permission::Power).map(str::to_owned));
    let leave_out = move |instance_id: String| {
        fleet
            .selection
            .update(|selected| selected.retain(|i| i.instance_id != instance_id));
    };
    view! {
        <div class="zec-blockers" data-testid="fleet-blockers" hidden=move || check.with(|c| c.blockers.is_empty())>
            <h3>"These instances block the plan"</h3>
            <ul>{move || check.get().blockers.into_iter().map(|blocker| {
                let id = blocker.instance_id.clone();
                view! {
                    <li data-instance-id=blocker.instance_id.clone()>
                        <strong>{blocker.instance_name.clone()}</strong> " (" <code>{blocker.instance_id.clone()}</code> "): " {blocker.reason.clone()} " "
                        <button type="button" class="zec-button zec-button-small" on:click=move |_| leave_out(id.clone())>"Leave out"</button>
                    </li>
                }
            }).collect_view()}</ul>
            {move || {
                let ids = running();
                (!ids.is_empty()).then(|| {
                    let count = ids.len();
                    let label = match count {
                        1 => "Power off the running one…".to_owned(),
                        n => format!("Power off the {n} running ones…"),
                    };
                    view! { <button type="button" class="zec-button" disabled=move || power_refused().is_some()
                        on:click=move |_| fleet.send(Event::AskPowerOff(ids.clone()))>
                        {label}</button>
                        {move || power_refused().map(|why| view! { <p class="zec-hint" data-testid="power-not-permitted">{why}</p> })} }
                })
            }}
        </div>
        <PowerOffStatus fleet=fleet />
    }
}

/// The power-off's confirmation while asking, its progress, then what it did not do.
#[component]
fn PowerOffStatus(fleet: Fleet) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let force_id = context.id("fleet-force");
    let state = move || -> Option<(Option<PowerOff>, Option<PowerResult>)> {
        fleet.stage.with(|stage| match stage {
            Stage::Planning { power_off, last } => Some((power_off.clone(), last.clone())),
            _ => None,
        })
    };
    move || {
        match state() {
        None | Some((None, None)) => ().into_any(),
        Some((None, Some(result))) => view! { <p class="zec-banner" role="status">{result.sentence()}</p> }.into_any(),
        Some((Some(PowerOff::Sending { .. }), _)) => view! { <p class="zec-loading" role="status">"Powering off…"</p> }.into_any(),
        Some((Some(PowerOff::Stopping { .. }), _)) => view! {
            <p class="zec-banner" role="status">"Powering off; the statuses below change to STOPPED."</p>
        }.into_any(),
        Some((Some(PowerOff::Resolving { asking, .. }), _)) => view! {
            <p class="zec-loading" role="status">"No readable answer for some; asking the API whether they are powering off…"</p>
            {asking.waiting().cloned().map(|error| view! {
                <ErrorBanner error=error />
                <button type="button" class="zec-button"
                    on:click=move |_| fleet.send(Event::CheckPowerOffAgain)>"Check again"</button>
            })}
        }.into_any(),
        Some((Some(PowerOff::Asking { ids, force }), _)) => view! {
            <div class="zec-banner zec-power-confirm" role="group" aria-label="Power off">
                <p>{format!("Power off {}: {}?", words::count(ids.len(), "instance", "instances"), ids.join(", "))}</p>
                <div class="zec-field-check">
                    <input id=force_id.clone() type="checkbox" prop:checked=force
                        on:change=move |ev| fleet.send(Event::SetForce(event_target_checked(&ev))) />
                    <label for=force_id.clone()>"Force power-off: cut the power at once, like pulling the plug. Use it only when a normal power-off hangs; unsaved data is lost."</label>
                </div>
                <div class="zec-actions">
                    <button type="button" class="zec-button" on:click=move |_| fleet.send(Event::CancelPowerOff)>"Cancel"</button>
                    <button type="button" class="zec-button zec-button-danger" on:click=move |_| fleet.send(Event::ConfirmPowerOff)>
                        {format!("Power off {}", ids.len())}</button>
                </div>
            </div>
        }.into_any(),
    }
    }
}
