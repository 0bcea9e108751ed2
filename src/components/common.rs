//! Small pieces used across views: status badges, error banners, field messages, dialogs,
//! the lock of a protected instance.

use leptos::prelude::*;
use zec_console::i18n::{word, Id};

use crate::i18n::tr;
use zec_api::InstanceStatus;
use zec_console::words;

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

/// A status in plain words; `detailed` adds the API's code where the words differ from it
/// (elsewhere the code is the badge's tooltip). `data-status` carries the code.
#[component]
pub fn StatusBadge(
    #[prop(into)] status: Signal<InstanceStatus>,
    #[prop(optional)] detailed: bool,
) -> impl IntoView {
    view! {
        <span class=move || format!("zec-badge zec-badge-{}", status_tone(&status.get()))
            data-status=move || status.get().to_string() title=move || status.get().to_string()>
            {move || status.with(|status| match detailed {
                true => words::status_with_code(status),
                false => words::status(status).to_owned(),
            })}
        </span>
    }
}

/// The lock of a protected instance: a drawing with its text alternative (no emoji, which
/// shows as a missing glyph without an emoji font).
#[component]
pub fn LockIcon() -> impl IntoView {
    view! {
        <svg class="zec-lock-icon" viewBox="0 0 16 16" width="16" height="16" role="img" aria-label=tr(Id::Locked)>
            <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" stroke-width="1.6"></path>
            <rect x="3" y="7" width="10" height="8" rx="1.5" fill="currentColor"></rect>
        </svg>
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
    // The plain sentence is announced; the API's code and request id are details beside it.
    view! {
        <div class="zec-banner zec-banner-error">
            <p class="zec-banner-message" role="alert">{move || zec_console::i18n::error_message(&error)}</p>
            {code.map(|code| view! { <p class="zec-detail">{tr(Id::CodeLabel)} " " <code class="zec-code">{code}</code></p> })}
            {request_id.map(|request_id| view! { <RequestId request_id=request_id /> })}
            {retry.map(|retry| view! {
                <button type="button" class="zec-button" on:click=move |_| retry.run(())>{tr(Id::TryAgain)}</button>
            })}
            {dismiss.map(|dismiss| view! {
                <button type="button" class="zec-button" on:click=move |_| dismiss.run(())>{tr(Id::Dismiss)}</button>
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
            {tr(Id::RequestIdLabel)} " " <code data-testid="request-id">{request_id}</code> " "
            <button type="button" class="zec-button zec-button-small" on:click=move |_| {
                browser::copy_to_clipboard(&copy_id);
                set_copied.set(true);
            }>{move || if copied.get() { word(Id::Copied) } else { word(Id::Copy) }}</button>
        </p>
    }
}

/// A modal dialog: the native `<dialog>` opened with `showModal()`, so the page behind it is
/// inert and focus stays inside. Escape closes only the dialog, through `on_cancel`. Its
/// children are a `.zec-dialog-title`, a `.zec-dialog-body` that scrolls, and a
/// `.zec-dialog-footer` with the buttons: title and buttons stay in view on any screen.
/// `showModal()` focuses the element marked `autofocus` (never a dangerous choice).
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
pub fn Loading(what: Id) -> impl IntoView {
    view! { <p class="zec-loading" role="status">{tr(what)}</p> }
}

/// Whole GiB read better without decimals.
pub fn gib(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0} GiB")
    } else {
        format!("{value:.1} GiB")
    }
}

/// The current time in milliseconds, updated every second while the calling view lives.
pub fn ticking_clock() -> ReadSignal<f64> {
    let (now, set_now) = signal(browser::now_ms());
    if let Ok(timer) = set_interval_with_handle(
        move || set_now.set(browser::now_ms()),
        std::time::Duration::from_secs(1),
    ) {
        let timer = send_wrapper::SendWrapper::new(timer);
        on_cleanup(move || timer.take().clear());
    }
    now
}

/// "2:05" for an elapsed time in milliseconds.
pub fn elapsed_text(ms: f64) -> String {
    let seconds = (ms / 1000.0).max(0.0) as u64;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}
