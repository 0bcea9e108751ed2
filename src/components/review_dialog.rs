//! The last step: the frozen plan in plain words, and the instance's name typed to enable
//! the final button. Everything shown comes from the plan, and Confirm sends the plan; the
//! page behind the modal dialog is inert, so nothing can change it while it is open. When
//! the instance changes under it (its status, another tab), Confirm is disabled and the
//! dialog says so, with "Review again".

use leptos::prelude::*;
use zec_console::i18n::{msg, word, Id};

use crate::i18n::{text, tr};

use crate::app::AppContext;
use crate::components::common::Modal;
use zec_console::plan::ReinstallPlan;
use zec_console::session::{Activity, Event};
use zec_console::words;

use crate::components::plan_summary::{ApiRequest, PlanSummary};
use crate::session::Session;

#[component]
pub fn ReviewDialog(session: Session, plan: ReinstallPlan) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let submitting = move || {
        session
            .panel
            .with(|panel| matches!(panel.activity, Activity::Submitting(_)))
    };
    // Why this plan can no longer be confirmed, once the instance changed under it.
    let label = plan.instance_label.clone();
    let stale = move || {
        session.panel.with(|panel| match &panel.activity {
            Activity::Stale { change, .. } => Some(words::change(change, &label)),
            _ => None,
        })
    };
    let expected = plan.instance_label.clone();
    let (typed, set_typed) = signal(String::new());
    let matches = {
        let expected = expected.clone();
        move || typed.get().trim() == expected
    };
    let (title_id, summary_id, input_id) = (
        context.id("confirm-title"),
        context.id("confirm-summary"),
        context.id("confirm-input"),
    );
    let cancel = Callback::new(move |_| session.send(Event::Cancel));
    // A plan that may leave no way in needs the user's word that they have one.
    let acknowledgement = plan.consequences.login.acknowledgement();
    let (acknowledged, set_acknowledged) = signal(acknowledgement.is_none());
    let ack_id = context.id("confirm-ack");
    let stale_check = stale.clone();
    let ready = move || matches() && acknowledged.get() && stale_check().is_none();
    let can_confirm = ready.clone();

    // "Type NAME to confirm" around the name shown in bold, in the language's word order.
    let type_to_confirm = move || {
        let sentence = text(msg::TypeToConfirm {
            name: "\u{1}".to_owned(),
        });
        let (before, after) = sentence.split_once('\u{1}').unwrap_or((&sentence, ""));
        (
            format!("{} ", before.trim_end()),
            format!(" {}", after.trim_start()),
        )
    };
    view! {
        <Modal labelled_by=title_id.clone() described_by=summary_id.clone() on_cancel=cancel>
            <h3 id=title_id class="zec-dialog-title">{tr(Id::ConfirmTitle)}</h3>
            <div class="zec-dialog-body">
                <p id=summary_id class="zec-summary">{plan.headline()}</p>
                <PlanSummary plan=plan.clone() />
                {acknowledgement.map(|label| view! {
                    <div class="zec-field-check zec-ack">
                        <input id=ack_id.clone() type="checkbox" prop:checked=acknowledged
                            on:change=move |ev| set_acknowledged.set(event_target_checked(&ev)) />
                        <label for=ack_id.clone()>{label}</label>
                    </div>
                })}
                <ApiRequest plan=plan.clone() />
            </div>
            <form method="dialog" class="zec-dialog-footer" on:submit=move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                if can_confirm() {
                    session.send(Event::Confirm);
                }
            }>
                {move || stale().map(|why| view! {
                    <div class="zec-banner zec-banner-warn" data-testid="plan-stale">
                        <p role="alert"><strong>{tr(Id::InstanceChanged)}</strong> " "{why}</p>
                        <button type="button" class="zec-button zec-button-primary"
                            on:click=move |_| session.send(Event::ReviewAgain)>{tr(Id::ReviewAgain)}</button>
                    </div>
                })}
                <label for=input_id.clone()>{move || type_to_confirm().0} <strong>{expected.clone()}</strong> {move || type_to_confirm().1}</label>
                // `autofocus`: showModal() puts the focus here, where the name is typed.
                <input id=input_id type="text" autocomplete="off" spellcheck="false" autofocus=true
                    prop:value=typed on:input=move |ev| set_typed.set(event_target_value(&ev)) />
                <div class="zec-actions">
                    <button type="button" class="zec-button" disabled=submitting
                        on:click=move |_| cancel.run(())>{tr(Id::Cancel)}</button>
                    <button type="submit" class="zec-button zec-button-danger"
                        disabled=move || !ready() || submitting()>
                        {move || if submitting() { word(Id::StartingReinstall) } else { word(Id::EraseAndReinstall) }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}
