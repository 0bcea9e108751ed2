//! The fleet's last step: a modal dialog that names the count and every instance, what the
//! reinstall changes, keeps and erases, how each is logged into, whether it can be undone,
//! and the API request; the count is typed to confirm. An instance seen changed since the
//! review (its status, another tab) is marked and Confirm gives way to "Review again".
//! Confirm sends exactly the frozen plan.

use leptos::prelude::*;
use zec_console::i18n::{msg, Id};

use crate::i18n::{text, tr};

use crate::app::AppContext;
use crate::components::common::Modal;
use crate::components::fleet_summary::{FleetApiRequest, FleetSummary};
use crate::fleet::Fleet;
use zec_console::fleet::changed::Changes;
use zec_console::fleet::plan::FleetPlan;
use zec_console::fleet::review::summary;
use zec_console::fleet::{words, Event, Stage};

#[component]
pub fn FleetReview(fleet: Fleet, plan: FleetPlan) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let count = plan.targets.len();
    let changes = Memo::new(move |_| {
        fleet.stage.with(|stage| match stage {
            Stage::Reviewing(review) => review.changes.clone(),
            _ => Changes::default(),
        })
    });
    let stale = move || !changes.with(Changes::is_empty);
    let (typed, set_typed) = signal(String::new());
    // "Type N (the number of instances) to confirm" around the number, in the language's order.
    let type_count = move || {
        let sentence = text(msg::TypeCount {
            count: "\u{1}".to_owned(),
        });
        let (before, after) = sentence.split_once('\u{1}').unwrap_or((&sentence, ""));
        (
            format!("{} ", before.trim_end()),
            format!(" {}", after.trim_start()),
        )
    };
    let needs_ack = summary(&plan.review).needs_acknowledgement;
    let (acknowledged, set_acknowledged) = signal(!needs_ack);
    let ready = move || typed.get().trim() == count.to_string() && acknowledged.get() && !stale();
    let (title_id, summary_id, input_id, ack_id) = (
        context.id("fleet-confirm-title"),
        context.id("fleet-confirm-summary"),
        context.id("fleet-confirm-input"),
        context.id("fleet-confirm-ack"),
    );
    let cancel = Callback::new(move |_| fleet.send(Event::Cancel));
    let chunks = plan.requests().len();
    let names = plan.targets.iter().map(|target| {
        let (id, name) = (target.instance_id.clone(), target.name.clone());
        let change_id = id.clone();
        let change = move || changes.with(|c| c.of(&change_id).map(|change| words::change(change, &name)));
        view! {
            <li data-instance-id=id.clone() class:zec-changed=move || changes.with(|c| c.of(&id).is_some())>
                {target.name.clone()} " " <code>{target.instance_id.clone()}</code>
                {move || change().map(|why| view! { <strong class="zec-warning" data-testid="fleet-changed">" " {why}</strong> })}
            </li>
        }
    }).collect_view();
    view! {
        <Modal labelled_by=title_id.clone() described_by=summary_id.clone() on_cancel=cancel>
            <h3 id=title_id class="zec-dialog-title">{words::review_title(count)}</h3>
            <div class="zec-dialog-body">
            <p id=summary_id class="zec-summary">{words::review_headline(count, &plan.image_name)}</p>
            <ul class="zec-fleet-names" data-testid="fleet-review-instances">{names}</ul>
            {(chunks > 1).then(|| view! { <p class="zec-hint">{words::calls(chunks)}</p> })}
            <FleetSummary plan=plan.clone() />
            {needs_ack.then(|| view! {
                <div class="zec-field-check zec-ack">
                    <input id=ack_id.clone() type="checkbox" prop:checked=acknowledged
                        on:change=move |ev| set_acknowledged.set(event_target_checked(&ev)) />
                    <label for=ack_id.clone()>{words::acknowledgement()}</label>
                </div>
            })}
            <FleetApiRequest plan=plan.clone() />
            <p class="zec-banner zec-banner-warn" hidden=move || !stale() data-testid="fleet-stale">{words::changed_since_review()}</p>
            </div>
            <form method="dialog" class="zec-dialog-footer" on:submit=move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                if ready() {
                    fleet.send(Event::Confirm);
                }
            }>
                <label for=input_id.clone()>{move || type_count().0} <strong>{count}</strong> {move || type_count().1}</label>
                <input id=input_id type="text" inputmode="numeric" autocomplete="off" autofocus=true
                    prop:value=typed on:input=move |ev| set_typed.set(event_target_value(&ev)) />
                <div class="zec-actions">
                    <button type="button" class="zec-button" on:click=move |_| cancel.run(())>{tr(Id::Cancel)}</button>
                    {move || stale().then(|| view! { <button type="button" class="zec-button zec-button-primary"
                        on:click=move |_| fleet.send(Event::ReviewAgain)>{tr(Id::ReviewAgain)}</button> })}
                    <button type="submit" class="zec-button zec-button-danger" disabled=move || !ready()>
                        {words::confirm_button(count)}</button>
                </div>
            </form>
        </Modal>
    }
}
