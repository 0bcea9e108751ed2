//! After submit: Submitted → Deploying → Running (or Failed), with the elapsed time, how the
//! status arrives, and an aria-live announcement of every change.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use zec_api::{InstanceStatus, ReinstallPhase};

use crate::app::AppContext;
use crate::browser::{self, ActiveReinstall};
use crate::live_status::watch_status;

fn elapsed_text(ms: f64) -> String {
    let seconds = (ms / 1000.0).max(0.0) as u64;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[component]
pub fn StatusTimeline(
    active: ActiveReinstall,
    on_done: Callback<()>,
    on_back: Callback<()>,
    /// Kept in step with the live status (the panel header shows it).
    #[prop(optional)]
    mirror: Option<RwSignal<InstanceStatus>>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let (status, connection) = watch_status(context.api.clone(), active.instance_id.clone());
    let phase = Memo::new(move |_| status.get().map(|s| s.reinstall_phase()));
    let finished = Memo::new(move |_| {
        matches!(
            phase.get(),
            Some(ReinstallPhase::Succeeded | ReinstallPhase::Failed)
        )
    });
    // Ends the clock when the reinstall ends.
    let ended_at = RwSignal::new(None::<f64>);
    let (now, set_now) = signal(browser::now_ms());
    if let Ok(timer) = set_interval_with_handle(
        move || set_now.set(browser::now_ms()),
        std::time::Duration::from_secs(1),
    ) {
        let timer = SendWrapper::new(timer);
        on_cleanup(move || timer.take().clear());
    }

    // Tell the embedding page about every change, and about the end once.
    let announce_context = context.clone();
    let instance_id = active.instance_id.clone();
    let request_id = active.request_id.clone();
    Effect::new(move |previous: Option<Option<InstanceStatus>>| {
        let current = status.get();
        if let (Some(mirror), Some(current)) = (mirror, &current) {
            mirror.set(current.clone());
        }
        if let Some(current) = &current {
            if previous.as_ref().and_then(|p| p.as_ref()) != Some(current) {
                let detail = serde_json::json!({"instanceId": instance_id, "status": current.as_str(), "requestId": request_id});
                announce_context.announce("status-change", &detail);
                if matches!(
                    current.reinstall_phase(),
                    ReinstallPhase::Succeeded | ReinstallPhase::Failed
                ) {
                    ended_at.set(Some(browser::now_ms()));
                    announce_context.announce("reinstall-finished", &detail);
                }
            }
        }
        current
    });

    let started_at = active.started_at;
    let elapsed = move || elapsed_text(ended_at.get().unwrap_or_else(|| now.get()) - started_at);
    let step_class = move |step: u8| {
        let reached = match phase.get() {
            Some(ReinstallPhase::InProgress) => 1,
            Some(ReinstallPhase::Succeeded | ReinstallPhase::Failed) => 2,
            _ => 0,
        };
        match step.cmp(&reached) {
            std::cmp::Ordering::Less => "zec-step zec-step-done",
            std::cmp::Ordering::Equal
                if step == 2 && phase.get() == Some(ReinstallPhase::Failed) =>
            {
                "zec-step zec-step-failed"
            }
            std::cmp::Ordering::Equal if finished.get() => "zec-step zec-step-done",
            std::cmp::Ordering::Equal => "zec-step zec-step-current",
            std::cmp::Ordering::Greater => "zec-step",
        }
    };
    let announcement = move || match status.get() {
        None => "Waiting for the instance's status.".to_owned(),
        Some(current) => match current.reinstall_phase() {
            ReinstallPhase::InProgress => format!("Reinstall in progress: {current}."),
            ReinstallPhase::Succeeded => "Reinstall finished: the instance is RUNNING.".to_owned(),
            ReinstallPhase::Failed => {
                "Reinstall failed: the instance is REINSTALL_FAILED.".to_owned()
            }
            ReinstallPhase::Other => format!("The instance is {current}."),
        },
    };
    let (copied, set_copied) = signal(false);
    let copy_id = active.request_id.clone();
    let image_name = active.image_name.clone();
    let login = active.login.clone();
    let request_id = active.request_id.clone();

    view! {
        <section class="zec-timeline" aria-labelledby=context.id("timeline-title")>
            <h3 id=context.id("timeline-title")>"Reinstall status"</h3>
            <ol class="zec-steps">
                <li class=move || step_class(0)><span class="zec-step-name">"Submitted"</span></li>
                <li class=move || step_class(1)><span class="zec-step-name">"Deploying"</span></li>
                <li class=move || step_class(2)><span class="zec-step-name">
                    {move || if phase.get() == Some(ReinstallPhase::Failed) { "Failed" } else { "Running" }}
                </span></li>
            </ol>
            <p class="zec-elapsed">"Elapsed: " <span data-testid="elapsed">{elapsed}</span>
                " · Status: " <strong data-testid="live-status">{move || status.get().map(|s| s.to_string()).unwrap_or_else(|| "…".to_owned())}</strong></p>
            <p class="zec-connection" data-testid="connection" hidden=move || finished.get()>{move || connection.get().describe()}</p>
            <p class="zec-visually-hidden" role="status" aria-live="polite">{announcement}</p>
            {move || match phase.get() {
                Some(ReinstallPhase::Succeeded) => view! {
                    <div class="zec-banner zec-banner-ok" data-testid="result">
                        <p><strong>"Reinstall complete. "</strong>{format!("The instance is running {image_name}. Log in with {login}.")}</p>
                    </div>
                }.into_any(),
                Some(ReinstallPhase::Failed) => {
                    let copy_id = copy_id.clone();
                    view! {
                        <div class="zec-banner zec-banner-error" role="alert" data-testid="result">
                            <p><strong>"The reinstall failed (REINSTALL_FAILED). "</strong>
                                "The boot disk may be partly written. Power the instance off and try again, possibly with another image; if it fails again, contact Zenlayer support with this request id."</p>
                            <p class="zec-request-id">"Request id: " <code data-testid="request-id">{request_id.clone()}</code> " "
                                <button type="button" class="zec-button zec-button-small" on:click=move |_| {
                                    browser::copy_to_clipboard(&copy_id);
                                    set_copied.set(true);
                                }>{move || if copied.get() { "Copied" } else { "Copy" }}</button>
                            </p>
                        </div>
                    }.into_any()
                }
                _ => view! { <p class="zec-hint">"Reinstalls usually take a few minutes. You can leave this page; reopening the instance resumes this view."</p> }.into_any(),
            }}
            <div class="zec-actions">
                <button type="button" class="zec-button" on:click=move |_| {
                    if finished.get_untracked() { on_done.run(()) } else { on_back.run(()) }
                }>
                    {move || if finished.get() { "Done" } else { "Back to instances (keeps running)" }}
                </button>
            </div>
        </section>
    }
}
