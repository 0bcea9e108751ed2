//! Before the disk is erased: the snapshot being taken (CREATING → AVAILABLE, with the time
//! it takes), then the reinstall being sent. A snapshot that fails stops here: nothing was
//! erased, and going on without one is an explicit choice that reopens the review.

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::browser;
use crate::flow::{Event, Stage};
use crate::session::Session;

fn elapsed(ms: f64) -> String {
    let seconds = (ms / 1000.0).max(0.0) as u64;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[component]
pub fn SnapshotProgress(session: Session) -> impl IntoView {
    let stage = session.stage;
    let (now, set_now) = signal(browser::now_ms());
    if let Ok(timer) = set_interval_with_handle(
        move || set_now.set(browser::now_ms()),
        std::time::Duration::from_secs(1),
    ) {
        let timer = SendWrapper::new(timer);
        on_cleanup(move || timer.take().clear());
    }
    let line = move || {
        match stage.get() {
        Stage::Snapshotting { plan, status, started_at, .. } => {
            let name = plan.snapshot.map(|s| s.request.snapshot_name).unwrap_or_default();
            let status = status.map_or_else(|| "requested".to_owned(), |s| s.to_string());
            format!("Snapshot {name}: {status} · {}", elapsed(now.get() - started_at))
        }
        Stage::FindingSnapshot { .. } => {
            "No answer came back from the snapshot request: looking it up; nothing is created twice.".to_owned()
        }
        Stage::Submitting(plan) => format!(
            "Snapshot {} is AVAILABLE. Starting the reinstall…",
            plan.taken.map(|t| t.snapshot_name).unwrap_or_default()
        ),
        _ => String::new(),
    }
    };
    let failure = move || match stage.get() {
        Stage::SnapshotFailed { reason, .. } => Some(reason),
        _ => None,
    };
    view! {
        <section class="zec-timeline" aria-label="Snapshot before the reinstall" data-testid="snapshot-progress">
            <ol class="zec-steps">
                <li class=move || if failure().is_some() { "zec-step zec-step-failed" } else if matches!(stage.get(), Stage::Submitting(_)) { "zec-step zec-step-done" } else { "zec-step zec-step-current" }>
                    <span class="zec-step-name">"Snapshot"</span></li>
                <li class="zec-step"><span class="zec-step-name">"Submitted"</span></li>
                <li class="zec-step"><span class="zec-step-name">"Deploying"</span></li>
                <li class="zec-step"><span class="zec-step-name">"Running"</span></li>
            </ol>
            <p role="status" data-testid="snapshot-status">{line}</p>
            {move || failure().map(|reason| view! {
                <div class="zec-banner zec-banner-error" role="alert" data-testid="snapshot-failed">
                    <p><strong>"The reinstall was not started. "</strong>{reason}</p>
                    <div class="zec-actions">
                        <button type="button" class="zec-button zec-button-primary"
                            on:click=move |_| session.send(Event::RetrySnapshot)>"Retry the snapshot"</button>
                        <button type="button" class="zec-button"
                            on:click=move |_| session.send(Event::ContinueWithoutSnapshot)>"Review again without a snapshot"</button>
                    </div>
                </div>
            })}
        </section>
    }
}
