//! Small pieces used across views: status badges, error banners, field messages.

use leptos::prelude::*;
use zec_api::InstanceStatus;

use crate::api::ApiError;
use crate::browser;

/// The badge's tone for a status: good, busy, stopped or bad.
pub fn status_tone(status: &InstanceStatus) -> &'static str {
    match status {
        InstanceStatus::Running => "good",
        InstanceStatus::Stopped => "stopped",
        InstanceStatus::CreateFailed | InstanceStatus::ReinstallFailed => "bad",
        status if status.is_transitional() => "busy",
        _ => "neutral",
    }
}

#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<InstanceStatus>) -> impl IntoView {
    view! {
        <span class=move || format!("zec-badge zec-badge-{}", status_tone(&status.get()))>
            {move || status.get().to_string()}
        </span>
    }
}

/// An error that is not about one field: its message, the request id with a copy button for
/// support, and an optional retry.
#[component]
pub fn ErrorBanner(
    error: ApiError,
    #[prop(optional)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let request_id = error.request_id().map(str::to_owned);
    let code = error.code().map(|code| code.to_string());
    let (copied, set_copied) = signal(false);
    view! {
        <div class="zec-banner zec-banner-error" role="alert">
            <p class="zec-banner-message">
                {code.map(|code| view! { <strong class="zec-code">{code}</strong> " " })}
                {error.message()}
            </p>
            {request_id.map(|request_id| {
                let copy_id = request_id.clone();
                view! {
                    <p class="zec-request-id">
                        "Request id: " <code>{request_id}</code> " "
                        <button type="button" class="zec-button zec-button-small" on:click=move |_| {
                            browser::copy_to_clipboard(&copy_id);
                            set_copied.set(true);
                        }>{move || if copied.get() { "Copied" } else { "Copy" }}</button>
                    </p>
                }
            })}
            {on_retry.map(|retry| view! {
                <button type="button" class="zec-button" on:click=move |_| retry.run(())>"Try again"</button>
            })}
        </div>
    }
}

/// The message under a field; its id is what the control's aria-describedby names.
#[component]
pub fn FieldMessage(
    #[prop(into)] id: String,
    #[prop(into)] message: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <p id=id class="zec-field-error" aria-live="polite">
            {move || message.get().unwrap_or_default()}
        </p>
    }
}

#[component]
pub fn Loading(#[prop(into)] what: String) -> impl IntoView {
    view! { <p class="zec-loading" role="status">{format!("Loading {what}…")}</p> }
}

/// Whole GiB read better without decimals.
pub fn gib(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0} GiB")
    } else {
        format!("{value:.1} GiB")
    }
}
