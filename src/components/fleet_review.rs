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
    view! {
        <Modal labelled_by=title_id.clone() described_by=summary_id.clone() on_cancel=cancel>
            <h3 id=title_id>{format!("Erase the boot disks of {count} instances and reinstall?")}</h3>
            <p id=summary_id class="zec-summary">
                {format!("{count} instances get {}; log in with {}. Each keeps its name, IP addresses and data disks.", plan.image_name, plan.login)}
            </p>
            <ul class="zec-fleet-names" data-testid="fleet-review-instances">
                {plan.instances.iter().map(|(id, name)| view! { <li>{name.clone()} " " <code>{id.clone()}</code></li> }).collect_view()}
            </ul>
            {(chunks > 1).then(|| view! { <p class="zec-hint">{format!("Sent as {chunks} calls of at most {MAX_INSTANCE_IDS} instances.")}</p> })}
            <form method="dialog" on:submit=move |event: leptos::ev::SubmitEvent| {
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
                        {format!("Erase {count} disks and reinstall")}</button>
                </div>
            </form>
        </Modal>
    }
}
