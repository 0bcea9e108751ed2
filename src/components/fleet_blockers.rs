//! Above the plan: the instances that block it and why (not powered off, the image does not
//! fit, the OS type differs, protected), each with "Leave out"; "Power off N instances…"
//! for every blocking one StopInstances can power off (RUNNING and REINSTALL_FAILED), with
//! its own confirmation (Force off unless ticked); and what the last step left to say: a
//! power-off that did not happen, instances left out, snapshots kept for the next review.

use leptos::prelude::*;
use zec_console::i18n::{word, Id};

use crate::i18n::tr;

use zec_api::grant::Permission;
use zec_console::fleet::plan::PlanCheck;
use zec_console::fleet::{words, Event, Notice, Stage};
use zec_console::power_off::PowerOff;

use crate::app::AppContext;
use crate::components::common::ErrorBanner;
use crate::fleet::Fleet;

#[component]
pub fn FleetBlockers(fleet: Fleet, check: Memo<PlanCheck>) -> impl IntoView {
    let to_power_off = move || check.with(|check| check.to_power_off(&fleet.targets()));
    let idle = move || {
        fleet.stage.with(|s| {
            matches!(
                s,
                Stage::Planning {
                    power_off: None,
                    deleting: None,
                    ..
                }
            )
        })
    };
    let permits = expect_context::<AppContext>().permits;
    let power_refused = move || permits.with(|p| p.why_not(Permission::Power));
    let leave_out = move |instance_id: String| {
        fleet
            .selection
            .update(|selected| selected.retain(|i| i.instance_id != instance_id));
    };
    view! {
        <div class="zec-blockers" data-testid="fleet-blockers" hidden=move || check.with(|c| c.blockers.is_empty())>
            <h3>{tr(Id::BlockersTitle)}</h3>
            <ul>{move || check.get().blockers.into_iter().map(|blocker| {
                let id = blocker.instance_id.clone();
                view! {
                    <li data-instance-id=blocker.instance_id.clone()>
                        <strong>{blocker.instance_name.clone()}</strong> {tr(Id::OpenParen)} <code>{blocker.instance_id.clone()}</code> {tr(Id::CloseParenColon)} {blocker.reason.clone()} " "
                        <button type="button" class="zec-button zec-button-small" on:click=move |_| leave_out(id.clone())>{tr(Id::LeaveOut)}</button>
                    </li>
                }
            }).collect_view()}</ul>
            {move || {
                let ids = to_power_off();
                (!ids.is_empty()).then(|| {
                    let count = ids.len();
                    view! { <button type="button" class="zec-button" disabled=move || !idle() || power_refused().is_some()
                        on:click=move |_| fleet.send(Event::AskPowerOff(ids.clone()))>{words::power_off_button(count)}</button>
                        {move || power_refused().map(|why| view! { <p class="zec-hint" data-testid="power-not-permitted">{why}</p> })} }
                })
            }}
        </div>
        <PowerOffStatus fleet=fleet />
        <PlanNotices fleet=fleet />
    }
}

/// The power-off's confirmation while asking, then its progress.
#[component]
fn PowerOffStatus(fleet: Fleet) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let force_id = context.id("fleet-force");
    let state = move || -> Option<PowerOff> {
        fleet.stage.with(|stage| match stage {
            Stage::Planning { power_off, .. } => power_off.as_deref().cloned(),
            _ => None,
        })
    };
    let name = move |id: &String| {
        fleet.selection.with(|s| {
            s.iter()
                .find(|i| &i.instance_id == id)
                .map_or_else(|| id.clone(), |i| i.display_name().to_owned())
        })
    };
    move || {
        match state() {
        None => ().into_any(),
        Some(PowerOff::Sending { .. }) => view! { <p class="zec-loading" role="status">{tr(Id::PoweringOff)}</p> }.into_any(),
        Some(PowerOff::Stopping { .. }) => view! {
            <p class="zec-banner" role="status">{tr(Id::BlockersPoweringOff)}</p>
        }.into_any(),
        Some(PowerOff::Resolving { asking, .. }) => view! {
            <p class="zec-loading" role="status">{tr(Id::BlockersNoAnswer)}</p>
            {asking.waiting().cloned().map(|error| view! {
                <ErrorBanner error=error />
                <button type="button" class="zec-button"
                    on:click=move |_| fleet.send(Event::CheckPowerOffAgain)>{tr(Id::CheckAgain)}</button>
            })}
        }.into_any(),
        Some(PowerOff::Asking { ids, force }) => {
            let names: Vec<String> = ids.iter().map(name).collect();
            view! {
                <div class="zec-banner zec-power-confirm" role="group" aria-label=tr(Id::PowerOff)>
                    <p>{words::power_off_question(&names)}</p>
                    <div class="zec-field-check">
                        <input id=force_id.clone() type="checkbox" prop:checked=force
                            on:change=move |ev| fleet.send(Event::SetForce(event_target_checked(&ev))) />
                        <label for=force_id.clone()>{tr(Id::ForcePowerOff)}</label>
                    </div>
                    <div class="zec-actions">
                        <button type="button" class="zec-button" on:click=move |_| fleet.send(Event::CancelPowerOff)>{tr(Id::Cancel)}</button>
                        <button type="button" class="zec-button zec-button-danger" on:click=move |_| fleet.send(Event::ConfirmPowerOff)>
                            {words::power_off_confirm(ids.len())}</button>
                    </div>
                </div>
            }.into_any()
        }
    }
    }
}

/// What the last step left to say, and the snapshots kept for the next review.
#[component]
fn PlanNotices(fleet: Fleet) -> impl IntoView {
    let notice = move || {
        fleet.stage.with(|s| match s {
            Stage::Planning { notice, .. } => notice.clone(),
            _ => None,
        })
    };
    let spare = move || {
        fleet.stage.with(|s| match s {
            Stage::Planning {
                spare, deleting, ..
            } => Some((
                spare.len(),
                spare
                    .first()
                    .map(|(_, t)| t.kept_until.clone())
                    .unwrap_or_default(),
                deleting.is_some(),
            )),
            _ => None,
        })
    };
    view! {
        {move || notice().map(|notice| {
            let text = match &notice {
                Notice::PowerOff(result) => result.sentence(),
                Notice::LeftOut(names) => words::left_out(names),
                Notice::SpareDeleted { deleted, failed } => words::spare_deleted(*deleted, failed),
            };
            view! { <p class="zec-banner" role="status" data-testid="fleet-notice">{text}</p> }
        })}
        {move || spare().filter(|(n, _, _)| *n > 0).map(|(n, until, deleting)| view! {
            <div class="zec-banner zec-banner-warn" data-testid="fleet-spare">
                <p>{words::spare(n, &until)}</p>
                <button type="button" class="zec-button zec-button-small" disabled=deleting
                    on:click=move |_| fleet.send(Event::DeleteSpare)>{if deleting { words::deleting(n) } else { word(Id::DeleteThem) }}</button>
            </div>
        })}
    }
}
