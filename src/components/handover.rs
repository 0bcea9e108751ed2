//! What the user does next once a reinstall ended: the result and how to log in (address,
//! user, command), with a copy button for each line.

use leptos::prelude::*;
use zec_console::i18n::{msg, word, Id};

use crate::i18n::{text, tr};
use zec_api::InstanceStatus;
use zec_console::session::{ActiveReinstall, Outcome};

use crate::browser;
use crate::components::common::RequestId;
use crate::session::Session;

/// What the user does next: log in, retry with another image, or wait.
#[component]
pub fn NextSteps(active: ActiveReinstall, outcome: Option<Outcome>) -> impl IntoView {
    let request_id = (!active.request_id.is_empty()).then(|| active.request_id.clone());
    match outcome {
        Some(Outcome::Running) => view! {
            <div class="zec-banner zec-banner-ok" data-testid="result">
                <p><strong>{tr(Id::ReinstallComplete)}</strong> " "
                    {text(msg::RunningImage { image: active.image_name.clone(), how: active.login.clone() })}</p>
            </div>
        }
        .into_any(),
        Some(Outcome::Failed) => view! {
            <div class="zec-banner zec-banner-error" data-testid="result">
                <p role="alert"><strong>{text(msg::ReinstallFailedTitle { code: InstanceStatus::ReinstallFailed.to_string() })}</strong> " "
                    {tr(Id::ReinstallFailedWhat)}</p>
                {request_id.map(|request_id| view! { <RequestId request_id=request_id /> })}
            </div>
        }
        .into_any(),
        None => view! {
            <p class="zec-hint">{tr(Id::ReinstallTakesMinutes)}</p>
        }
        .into_any(),
    }
}

/// How to log in now: the address, the user, the command, and a generated password until
/// the user says it is saved.
#[component]
pub fn LoginHandover(session: Session) -> impl IntoView {
    let active = session
        .panel
        .with_untracked(|p| p.reinstall().map(|(active, _)| active.clone()));
    let Some(active) = active else {
        return ().into_any();
    };
    let address = move || {
        session.instance.with(|instance| {
            instance
                .public_ip_addresses
                .first()
                .or(instance.private_ip_addresses.first())
                .cloned()
        })
    };
    let user = active.login_user.clone();
    let guessed = active.login_user_guessed;
    let windows = active.is_windows;
    let command = move || match (address(), windows) {
        (Some(ip), false) => Some(format!("ssh {user}@{ip}")),
        (Some(ip), true) => Some(text(msg::RdpTo {
            ip,
            user: user.clone(),
        })),
        (None, _) => None,
    };
    let note = move || guessed.then(|| word(Id::UsualUser));
    view! {
        <div class="zec-handover" data-testid="handover">
            <h4>{tr(Id::LogIn)}</h4>
            <p>{tr(Id::AddressLabel)} " " <code data-testid="login-address">{move || address().unwrap_or_else(|| word(Id::NoIpAddress))}</code></p>
            <p>{tr(Id::UserLabel)} " " <code>{active.login_user.clone()}</code>{note}</p>
            {move || command().map(|command| view! { <CopyLine text=command /> })}
        </div>
    }
    .into_any()
}

/// A line of text with a Copy button.
#[component]
pub fn CopyLine(text: String) -> impl IntoView {
    let (copied, set_copied) = signal(false);
    let copy = text.clone();
    view! {
        <p class="zec-copy-line"><code>{text}</code> " "
            <button type="button" class="zec-button zec-button-small" on:click=move |_| {
                browser::copy_to_clipboard(&copy);
                set_copied.set(true);
            }>{move || if copied.get() { word(Id::Copied) } else { word(Id::Copy) }}</button>
        </p>
    }
}
