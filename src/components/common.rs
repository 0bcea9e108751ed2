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

/// An error that is not about one field: its message and the request id with a copy button
/// for support. `retry` is only for reads (safe to repeat); `dismiss` only hides it.
#[component]
pub fn ErrorBanner(
    error: ApiError,
    #[prop(optional)] retry: Option<Callback<()>>,
    #[prop(optional)] dismiss: Option<Callback<()>>,
) -> impl IntoView {
    let request_id = error.request_id().map(str::to_owned);
    let code = error.code().map(|code| code.to_string());
    view! {
        <div class="zec-banner zec-banner-error" role="alert">
            <p class="zec-banner-message">
                {code.map(|code| view! { <strong class="zec-code">{code}</strong> " " })}
                {error.message()}
            </p>
            {request_id.map(|request_id| view! { <RequestId request_id=request_id /> })}
            {retry.map(|retry| view! {
                <button type="button" class="zec-button" on:click=move |_| retry.run(())>"Try again"</button>
            })}
            {dismiss.map(|dismiss| view! {
                <button type="button" class="zec-button" on:click=move |_| dismiss.run(())>"Dismiss"</button>
            })}
        </div>
    }
}

/// "Request id: …" with a Copy button, for support.
#[component]
pub fn RequestId(request_id: String) -> impl IntoView {
    let (copied, set_copied) = signal(false);
    let copy_id = request_id.clone();
    view! {
        <p class="zec-request-id">
            "Request id: " <code data-testid="request-id">{request_id}</code> " "
            <button type="button" class="zec-button zec-button-small" on:click=move |_| {
                browser::copy_to_clipboard(&copy_id);
                set_copied.set(true);
            }>{move || if copied.get() { "Copied" } else { "Copy" }}</button>
        </p>
    }
}

/// A modal dialog: the native `<dialog>` opened with `showModal()`, so the page behind it is
/// inert and focus stays inside. Escape closes only the dialog, through `on_cancel`.
#[component]
pub fn Modal(
    #[prop(into)] labelled_by: String,
    #[prop(into)] described_by: String,
    on_cancel: Callback<()>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    dialog.on_load(|dialog| {
        let _ = dialog.show_modal();
    });
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" {
            // Not the browser's own close: the flow decides, and focus returns where it should.
            event.prevent_default();
            event.stop_propagation();
            on_cancel.run(());
        }
    };
    view! {
        <dialog node_ref=dialog class="zec-dialog" role="alertdialog" aria-modal="true"
            aria-labelledby=labelled_by aria-describedby=described_by on:keydown=on_keydown>
            {children()}
        </dialog>
    }
}

/// The message under a field; its id is what the control's aria-describedby names.
#[component]
pub fn FieldMessage(
    #[prop(into)] id: String,
    #[prop(into)] message: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <p id=id class="zec-field-error">
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
