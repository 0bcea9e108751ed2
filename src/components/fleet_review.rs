//! The fleet's last step: a modal dialog that names the count and every instance, what is
//! installed and how to log in, and asks for the count to be typed. Confirm sends exactly
//! the frozen plan (ResetInstances in chunks of ≤ 100).

use leptos::prelude::*;
use zec_api::rules::MAX_INSTANCE_IDS;

use crate::app::AppContext;
use crate::components::common::Modal;
use crate::fleet::Fleet;
use zec_console::fleet::plan::FleetPlan;
use zec_console::fleet::Event;
use zec_console::words;

#[component]
pub fn FleetReview(fleet: Fleet, plan: FleetPlan) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let count = plan.instances.len();
    let (typed, set_typed) = signal(String::new());
    let ready = move || typed.get().trim() == count.to_string();
    let (title_id, summary_id, input_id) = (
        context.id("fleet-confirm-title"),
        context.id("fleet-confirm-summary"),
        context.id("fleet-confirm-input"),
    );
    let cancel = Callback::new(move |_| fleet.send(Event::Cancel));
    let chunks = plan.requests().len();
    let instances = words::count(count, "instance", "instances");
    let disks = words::count(count, "disk", "disks");
    let boot_disks = match count {
        1 => "the boot disk of 1 instance".to_owned(),
        n => format!("the boot disks of {n} instances"),
    };
    view! {
        <Modal labelled_by=title_id.clone() described_by=summary_id.clone() on_cancel=cancel>
            <h3 id=title_id class="zec-dialog-title">{format!("Erase {boot_disks} and reinstall?")}</h3>
            <div class="zec-dialog-body">
            <p id=summary_id class="zec-summary">
                {format!("{instances} get {}; log in with {}. Each keeps its name, IP addresses and data disks.", plan.image_name, plan.login)}
            </p>
            <ul class="zec-fleet-names" data-testid="fleet-review-instances">
                {plan.instances.iter().map(|(id, name)| view! { <li>{name.clone()} " " <code>{id.clone()}</code></li> }).collect_view()}
            </ul>
            {(chunks > 1).then(|| view! { <p class="zec-hint">{format!("Sent as {chunks} calls of at most {MAX_INSTANCE_IDS} instances.")}</p> })}
            </div>
            <form method="dialog" class="zec-dialog-footer" on:submit=move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                if ready() {
                    fleet.send(Event::Confirm);
                }
            }>
                <label for=input_id.clone()>"Type " <strong>{count}</strong> " (the number of instances) to confirm"</label>
                <input id=input_id type="text" inputmode="numeric" autocomplete="off" autofocus=true
                    prop:value=typed on:input=move |ev| set_typed.set(event_target_value(&ev)) />
                <div class="zec-actions">
                    <button type="button" class="zec-button" on:click=move |_| cancel.run(())>"Cancel"</button>
                    <button type="submit" class="zec-button zec-button-danger" disabled=move || !ready()>
                        {format!("Erase {disks} and reinstall")}</button>
                </div>
            </form>
        </Modal>
    }
}
