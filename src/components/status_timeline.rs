//! After submit: Submitted → Deploying → Running (or Failed), with the elapsed time, how the
//! status arrives, and an aria-live announcement of every change. Reads the session only.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use zec_api::{InstanceStatus, ReinstallPhase};

use crate::app::AppContext;
use crate::browser;
use crate::components::common::RequestId;
use crate::components::undo_view::UndoStatus;
use crate::flow::{ActiveReinstall, Event, Outcome, Stage};
use crate::session::Session;
use crate::undo::{UndoEvent, UndoTarget};

/// "14:05" in the browser's time zone.
fn elapsed_clock(ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

fn elapsed_text(ms: f64) -> String {
    let seconds = (ms / 1000.0).max(0.0) as u64;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[component]
pub fn StatusTimeline(session: Session) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let stage = session.stage;
    let active = Memo::new(move |_| match stage.get() {
        Stage::Watching(active) | Stage::Finished(active, _) => Some(active),
        _ => None,
    });
    let outcome = Memo::new(move |_| match stage.get() {
        Stage::Finished(_, outcome) => Some(outcome),
        _ => None,
    });
    let status = session.status;
    // The clock stops when the reinstall ends.
    let ended_at = Memo::new(move |previous: Option<&Option<f64>>| {
        outcome
            .get()
            .map(|_| previous.copied().flatten().unwrap_or_else(browser::now_ms))
    });
    let (now, set_now) = signal(browser::now_ms());
    if let Ok(timer) = set_interval_with_handle(
        move || set_now.set(browser::now_ms()),
        std::time::Duration::from_secs(1),
    ) {
        let timer = SendWrapper::new(timer);
        on_cleanup(move || timer.take().clear());
    }
    let started_at = move || active.with(|a| a.as_ref().map_or(0.0, |a| a.started_at));
    let elapsed = move || elapsed_text(ended_at.get().unwrap_or_else(|| now.get()) - started_at());
    let reached = move || match (outcome.get(), status.get().reinstall_phase()) {
        (Some(_), _) => 2,
        (None, ReinstallPhase::InProgress) => 1,
        _ => 0,
    };
    let step_class = move |step: u8| match (step.cmp(&reached()), outcome.get()) {
        (std::cmp::Ordering::Less, _) => "zec-step zec-step-done",
        (std::cmp::Ordering::Equal, Some(Outcome::Failed)) => "zec-step zec-step-failed",
        (std::cmp::Ordering::Equal, Some(Outcome::Running)) => "zec-step zec-step-done",
        (std::cmp::Ordering::Equal, None) => "zec-step zec-step-current",
        (std::cmp::Ordering::Greater, _) => "zec-step",
    };
    let announcement = move || match outcome.get() {
        Some(Outcome::Running) => "Reinstall finished: the instance is RUNNING.".to_owned(),
        Some(Outcome::Failed) => "Reinstall failed: the instance is REINSTALL_FAILED.".to_owned(),
        None => format!("Reinstall in progress: {}.", status.get()),
    };

    view! {
        <section class="zec-timeline" aria-labelledby=context.id("timeline-title")>
            <h3 id=context.id("timeline-title")>"Reinstall status"</h3>
            <ol class="zec-steps">
                <li class=move || step_class(0)><span class="zec-step-name">"Submitted"</span></li>
                <li class=move || step_class(1)><span class="zec-step-name">"Deploying"</span></li>
                <li class=move || step_class(2)><span class="zec-step-name">
                    {move || if outcome.get() == Some(Outcome::Failed) { "Failed" } else { "Running" }}
                </span></li>
            </ol>
            <p class="zec-elapsed">"Elapsed: " <span data-testid="elapsed">{elapsed}</span>
                " · Status: " <strong data-testid="live-status">{move || status.get().to_string()}</strong></p>
            <p class="zec-connection" data-testid="connection" hidden=move || outcome.get().is_some()>
                {move || session.connection.get().describe()}</p>
            <p class="zec-visually-hidden" role="status" aria-live="polite">{announcement}</p>
            {move || active.get().map(|active| view! { <NextSteps active=active outcome=outcome.get() /> })}
            <Show when=move || outcome.get() == Some(Outcome::Running)>
                <LoginHandover session=session />
            </Show>
            {move || outcome.get().and(active.get()).and_then(|active| active.snapshot).map(|taken| {
                let target = UndoTarget {
                    snapshot_id: taken.snapshot_id.clone(),
                    snapshot_name: taken.snapshot_name.clone(),
                    disk_id: taken.disk_id.clone(),
                    taken: elapsed_clock(taken.taken_at),
                };
                let (rollback, delete) = (target.clone(), target.clone());
                view! {
                    <div class="zec-actions zec-undo" data-testid="undo-actions">
                        <button type="button" class="zec-button"
                            on:click=move |_| session.send_undo(UndoEvent::AskRollback(rollback.clone()))>
                            {format!("Roll back to the snapshot of {}", target.taken)}</button>
                        <button type="button" class="zec-button"
                            on:click=move |_| session.send_undo(UndoEvent::AskDelete(delete.clone()))>"Delete snapshot"</button>
                    </div>
                }
            })}
            <UndoStatus session=session />
            <div class="zec-actions">
                <button type="button" class="zec-button" hidden=move || outcome.get().is_none()
                    on:click=move |_| session.send(Event::Done)>"Done"</button>
            </div>
        </section>
    }
}

/// What the user does next: log in, retry with another image, or wait.
#[component]
fn NextSteps(active: ActiveReinstall, outcome: Option<Outcome>) -> impl IntoView {
    let request_id = (!active.request_id.is_empty()).then(|| active.request_id.clone());
    match outcome {
        Some(Outcome::Running) => view! {
            <div class="zec-banner zec-banner-ok" data-testid="result">
                <p><strong>"Reinstall complete. "</strong>
                    {format!("The instance is running {}. Log in with {}.", active.image_name, active.login)}</p>
            </div>
        }
        .into_any(),
        Some(Outcome::Failed) => view! {
            <div class="zec-banner zec-banner-error" role="alert" data-testid="result">
                <p><strong>{format!("The reinstall failed ({}). ", InstanceStatus::ReinstallFailed)}</strong>
                    "The boot disk may be partly written. Power the instance off and try again, possibly with another image; if it fails again, contact Zenlayer support with this request id."</p>
                {request_id.map(|request_id| view! { <RequestId request_id=request_id /> })}
            </div>
        }
        .into_any(),
        None => view! {
            <p class="zec-hint">"Reinstalls usually take a few minutes. You can leave this page; reopening the instance resumes this view."</p>
        }
        .into_any(),
    }
}

/// How to log in now: the address, the user, the command, and a generated password until
/// the user says it is saved.
#[component]
fn LoginHandover(session: Session) -> impl IntoView {
    let Some(active) = session.stage.with_untracked(|stage| match stage {
        Stage::Finished(active, _) => Some(active.clone()),
        _ => None,
    }) else {
        return ().into_any();
    };
    let address = move || {
        session.data.with(|data| {
            let instance = &data.instance;
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
        (Some(ip), true) => Some(format!("Remote Desktop (RDP) to {ip}, user {user}")),
        (None, _) => None,
    };
    let note = guessed.then_some(
        " (the usual user for this image; some images use another, such as ubuntu or debian)",
    );
    view! {
        <div class="zec-handover" data-testid="handover">
            <h4>"Log in"</h4>
            <p>"Address: " <code data-testid="login-address">{move || address().unwrap_or_else(|| "no IP address".to_owned())}</code></p>
            <p>"User: " <code>{active.login_user.clone()}</code>{note}</p>
            {move || command().map(|command| view! { <CopyLine text=command /> })}
            {move || session.handover.get().map(|password| view! {
                <div class="zec-banner zec-banner-warn" data-testid="generated-password">
                    <p>"The generated password (shown only here, never stored):"</p>
                    <CopyLine text=password />
                    <button type="button" class="zec-button" on:click=move |_| session.handover.set(None)>"I have saved it"</button>
                </div>
            })}
        </div>
    }
    .into_any()
}

/// A line of text with a Copy button.
#[component]
fn CopyLine(text: String) -> impl IntoView {
    let (copied, set_copied) = signal(false);
    let copy = text.clone();
    view! {
        <p class="zec-copy-line"><code>{text}</code> " "
            <button type="button" class="zec-button zec-button-small" on:click=move |_| {
                browser::copy_to_clipboard(&copy);
                set_copied.set(true);
            }>{move || if copied.get() { "Copied" } else { "Copy" }}</button>
        </p>
    }
}
