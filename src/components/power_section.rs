//! Reinstalling needs a powered-off instance. When it is not STOPPED this section says why
//! and offers "Power off" (with a force option), then follows the status live to STOPPED.

use leptos::prelude::*;
use zec_api::InstanceStatus;

use crate::api::ApiError;
use crate::app::AppContext;
use crate::components::common::ErrorBanner;
use crate::live_status::watch_status;

#[component]
pub fn PowerSection(instance_id: String, status: RwSignal<InstanceStatus>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let (stopping, set_stopping) = signal(false);
    let (force, set_force) = signal(false);
    let error = RwSignal::new(None::<ApiError>);
    let api = context.api.clone();
    let stop_id = instance_id.clone();
    let power_off = Action::new_local(move |force: &bool| {
        let api = api.clone();
        let id = stop_id.clone();
        let force = *force;
        async move { api.stop_instance(&id, force).await }
    });
    Effect::new(move |_| match power_off.value().get() {
        Some(Ok(failed)) if failed.is_empty() => set_stopping.set(true),
        Some(Ok(_)) => error.set(Some(ApiError::Refused {
            status: 400,
            code: zec_api::ErrorCode::UnsupportedOperationInstanceStatus,
            message: "The instance could not be powered off in its current state.".to_owned(),
            request_id: String::new(),
        })),
        Some(Err(failure)) => error.set(Some(failure)),
        None => {}
    });
    let force_id = StoredValue::new(context.id("force"));
    let watched = StoredValue::new((context.api.clone(), instance_id));

    let message = move || {
        let current = status.get();
        if current == InstanceStatus::Stopping || stopping.get() {
            "The instance is powering off. Reinstall becomes available once it is STOPPED."
                .to_owned()
        } else {
            format!("Reinstall is unavailable: the instance is {current}, and only a powered-off (STOPPED) instance can be reinstalled.")
        }
    };
    let controls = move || {
        if stopping.get() {
            // Follow the power-off live until STOPPED.
            let (api, id) = watched.get_value();
            let (live, connection) = watch_status(api, id);
            Effect::new(move |_| {
                if let Some(current) = live.get() {
                    status.set(current)
                }
            });
            view! { <p class="zec-connection">{move || connection.get().describe()}</p> }.into_any()
        } else {
            let id = force_id.get_value();
            view! {
                <div class="zec-field-check">
                    <input id=id.clone() type="checkbox" prop:checked=force
                        on:change=move |ev| set_force.set(event_target_checked(&ev)) />
                    <label for=id>"Force power-off (like pulling the plug; unsaved data is lost)"</label>
                </div>
                <button type="button" class="zec-button zec-button-primary" disabled=move || power_off.pending().get()
                    on:click=move |_| {
                        error.set(None);
                        power_off.dispatch(force.get_untracked());
                    }>"Power off"</button>
            }
            .into_any()
        }
    };

    view! {
        <Show when=move || status.get() != InstanceStatus::Stopped>
            <div class="zec-banner zec-banner-warn" role="status">
                <p>{message}</p>
                {controls}
                {move || error.get().map(|failure| view! { <ErrorBanner error=failure /> })}
            </div>
        </Show>
    }
}
