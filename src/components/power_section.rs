//! Reinstalling needs a powered-off instance. When it is not STOPPED this section says why
//! and offers "Power off…", which asks first (Force explained and off by default), then
//! follows the status live to STOPPED. The power-off is the session's (`PoweringOff`).

use leptos::prelude::*;
use zec_console::i18n::{msg, word, Id};

use crate::i18n::{text, tr};
use zec_api::grant::Permission;
use zec_api::InstanceStatus;
use zec_console::power_off::PowerOff;
use zec_console::session::{Activity, Event, Notice};
use zec_console::words;

use crate::app::AppContext;
use crate::components::common::{ErrorBanner, Modal};
use crate::session::Session;

/// The panel's power-off, while one is under way.
fn power_off(session: Session) -> Option<PowerOff> {
    session.panel.with(|panel| match &panel.activity {
        Activity::PoweringOff(power_off) => Some(power_off.clone()),
        _ => None,
    })
}

#[component]
pub fn PowerSection(session: Session) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let status = session.status;
    let power = move || power_off(session);
    let asking = Memo::new(move |_| {
        matches!(
            power(),
            Some(PowerOff::Asking { .. } | PowerOff::Sending { .. })
        )
    });
    let message = move || match (status.get(), power()) {
        (InstanceStatus::Stopping, _) | (_, Some(PowerOff::Stopping { .. })) => {
            word(Id::PoweringOffNow)
        }
        (_, Some(PowerOff::Resolving { .. })) => word(Id::PowerOffNoAnswer),
        (current, _) => text(msg::ReinstallNeedsStopped {
            status: words::status_with_code(&current),
        }),
    };
    let error = move || {
        session.panel.with(|panel| match &panel.activity {
            Activity::Editing(Some(Notice::PowerOff(result))) => Some(result.error()),
            _ => None,
        })
    };
    // A lost answer that could not be resolved yet: why, and "Check again".
    let waiting = move || match power() {
        Some(PowerOff::Resolving { asking, .. }) => asking.waiting().cloned(),
        _ => None,
    };
    let can_ask = move || {
        session.panel.with(|panel| {
            matches!(
                panel.activity,
                Activity::Editing(_) | Activity::PoweringOff(PowerOff::Asking { .. })
            )
        })
    };
    let button_id = StoredValue::new(context.id("power-off"));
    let not_permitted = move || session.permits().check(Permission::Power).err();

    view! {
        <Show when=move || status.get() != InstanceStatus::Stopped>
            // Only the sentence is a live region: its buttons are not read with it.
            <div class="zec-banner zec-banner-warn">
                <p role="status">{message}</p>
                <button type="button" id=button_id.get_value() class="zec-button" hidden=move || !can_ask()
                    disabled=move || not_permitted().is_some()
                    on:click=move |_| session.send(Event::AskPowerOff)>{tr(Id::PowerOffEllipsis)}</button>
                {move || not_permitted().map(|why| view! { <p class="zec-hint" data-testid="power-not-permitted">{why}</p> })}
                <p class="zec-connection" hidden=can_ask>{move || session.connection.get().describe()}</p>
                {move || error().map(|error| view! { <ErrorBanner error=error /> })}
                {move || waiting().map(|error| view! {
                    <ErrorBanner error=error />
                    <button type="button" class="zec-button zec-button-primary"
                        on:click=move |_| session.send(Event::CheckAgain)>{tr(Id::CheckAgain)}</button>
                })}
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
    let name = session
        .instance
        .with_untracked(|instance| instance.display_name().to_owned());
    let status = session.status.get_untracked();
    let force = move || power_off(session).is_some_and(|p| p.force());
    let sending = move || matches!(power_off(session), Some(PowerOff::Sending { .. }));
    let (title_id, text_id, force_id) = (
        context.id("power-title"),
        context.id("power-text"),
        context.id("force"),
    );
    let status = words::status_with_code(&status);
    // The first focus is Cancel: Force, the dangerous choice, is never one key away.
    view! {
        <Modal labelled_by=title_id.clone() described_by=text_id.clone()
            on_cancel=Callback::new(move |_| session.send(Event::Cancel))>
            <h3 id=title_id class="zec-dialog-title">{text(msg::PowerOffTitle { name: name.clone() })}</h3>
            <div class="zec-dialog-body">
                <p id=text_id>{text(msg::PowerOffWhat { name, status })}</p>
                <div class="zec-field-check">
                    <input id=force_id.clone() type="checkbox" prop:checked=force disabled=sending
                        on:change=move |ev| session.send(Event::SetForce(event_target_checked(&ev))) />
                    <label for=force_id>{tr(Id::ForcePowerOff)}</label>
                </div>
            </div>
            <div class="zec-actions zec-dialog-footer">
                <button type="button" class="zec-button" disabled=sending autofocus=true
                    on:click=move |_| session.send(Event::Cancel)>{tr(Id::Cancel)}</button>
                <button type="button" class="zec-button zec-button-danger" disabled=sending
                    on:click=move |_| session.send(Event::Confirm)>
                    {move || if sending() { word(Id::PoweringOff) } else { word(Id::PowerOff) }}
                </button>
            </div>
        </Modal>
    }
}
