//! Reinstalling needs a powered-off instance. When it is not STOPPED this section says why
//! and offers "Power off…", which asks first (Force explained and off by default), then
//! follows the status live to STOPPED.

use leptos::prelude::*;
use zec_api::InstanceStatus;

use crate::app::AppContext;
use crate::components::common::{ErrorBanner, Modal};
use crate::power::{Power, PowerEvent};
use crate::session::Session;

#[component]
pub fn PowerSection(session: Session) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let (power, status) = (session.power, session.status);
    let asking = Memo::new(move |_| {
        power.with(|p| matches!(p, Power::Asking { .. } | Power::Sending { .. }))
    });
    let message = move || {
        match (status.get(), power.get()) {
        (InstanceStatus::Stopping, _) | (_, Power::Stopping) => {
            "The instance is powering off. Reinstall becomes available once it is STOPPED.".to_owned()
        }
        (_, Power::Resolving) => "No answer came back from the power-off request. Asking the API whether it is powering off…".to_owned(),
        (current, _) => format!("Reinstall is unavailable: the instance is {current}, and only a powered-off (STOPPED) instance can be reinstalled."),
    }
    };
    let error = move || match power.get() {
        Power::Idle(Some(error)) => Some(view! { <ErrorBanner error=error /> }),
        _ => None,
    };
    let can_ask = move || matches!(power.get(), Power::Idle(_) | Power::Asking { .. });
    let button_id = StoredValue::new(context.id("power-off"));

    view! {
        <Show when=move || status.get() != InstanceStatus::Stopped>
            <div class="zec-banner zec-banner-warn" role="status">
                <p>{message}</p>
                <button type="button" id=button_id.get_value() class="zec-button" hidden=move || !can_ask()
                    on:click=move |_| session.send_power(PowerEvent::Ask)>"Power off…"</button>
                <p class="zec-connection" hidden=can_ask>{move || session.connection.get().describe()}</p>
                {error}
            </div>
        </Show>
        <Show when=move || asking.get()>
            <PowerDialog session=session />
        </Show>
    }
}

#[component]
fn PowerDialog(session: Session) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let power = session.power;
    let name = session
        .data
        .with_untracked(|data| data.instance.display_name().to_owned());
    let status = session.status.get_untracked();
    let force = move || {
        matches!(
            power.get(),
            Power::Asking { force: true } | Power::Sending { force: true }
        )
    };
    let sending = move || matches!(power.get(), Power::Sending { .. });
    let (title_id, text_id, force_id) = (
        context.id("power-title"),
        context.id("power-text"),
        context.id("force"),
    );
    view! {
        <Modal labelled_by=title_id.clone() described_by=text_id.clone()
            on_cancel=Callback::new(move |_| session.send_power(PowerEvent::Cancel))>
            <h3 id=title_id>{format!("Power off {name}?")}</h3>
            <p id=text_id>{format!("{name} is {status}: powering it off stops its services until it is started again.")}</p>
            <div class="zec-field-check">
                <input id=force_id.clone() type="checkbox" prop:checked=force disabled=sending
                    on:change=move |ev| session.send_power(PowerEvent::SetForce(event_target_checked(&ev))) />
                <label for=force_id>"Force power-off: cut the power at once, like pulling the plug. Use it only when a normal power-off hangs; unsaved data is lost."</label>
            </div>
            <div class="zec-actions">
                <button type="button" class="zec-button" disabled=sending
                    on:click=move |_| session.send_power(PowerEvent::Cancel)>"Cancel"</button>
                <button type="button" class="zec-button zec-button-danger" disabled=sending
                    on:click=move |_| session.send_power(PowerEvent::Confirm)>
                    {move || if sending() { "Powering off…" } else { "Power off" }}
                </button>
            </div>
        </Modal>
    }
}
