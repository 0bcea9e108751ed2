//! Before the disk is erased: the snapshot being taken (CREATING → AVAILABLE, with the time
//! it takes), then the reinstall being sent. A snapshot that fails stops here: nothing was
//! erased, and going on without one is an explicit choice that reopens the review. Only
//! the state is announced; the clock beside it is not.

use leptos::prelude::*;
use zec_console::i18n::{msg, word, Id};

use crate::i18n::{text, tr};

use zec_console::session::{Activity, Event};
use zec_console::words;

use crate::components::common::{elapsed_text, ticking_clock, ErrorBanner};
use crate::session::Session;

#[component]
pub fn SnapshotProgress(session: Session) -> impl IntoView {
    let activity = move || session.panel.with(|panel| panel.activity.clone());
    let now = ticking_clock();
    // The state in words (announced when it changes) …
    let line = Memo::new(move |_| match activity() {
        Activity::Snapshotting { plan, status, .. } => {
            let name = plan
                .snapshot
                .map(|s| s.request.snapshot_name)
                .unwrap_or_default();
            let status = status.map_or_else(
                || word(Id::SnapshotRequested),
                |s| words::snapshot_status(&s),
            );
            text(msg::SnapshotLine { name, status })
        }
        Activity::FindingSnapshot { .. } => word(Id::SnapshotNoAnswer),
        Activity::Submitting(plan) => text(msg::SnapshotReady {
            name: plan.taken.map(|t| t.snapshot_name).unwrap_or_default(),
        }),
        _ => String::new(),
    });
    // … and the time it takes, which is not.
    let elapsed = move || match activity() {
        Activity::Snapshotting { started_at, .. }
        | Activity::FindingSnapshot { started_at, .. } => Some(format!(
            "{} {}",
            word(Id::Elapsed),
            elapsed_text(now.get() - started_at)
        )),
        _ => None,
    };
    let failure = move || match activity() {
        Activity::SnapshotFailed { reason, .. } => Some(reason),
        _ => None,
    };
    // The lookup after a lost answer waits for "Check again" once its questions ran out.
    let waiting = move || match activity() {
        Activity::FindingSnapshot { asking, .. } => asking.waiting().cloned(),
        _ => None,
    };
    view! {
        <section class="zec-timeline" aria-label=tr(Id::SnapshotBeforeReinstall) data-testid="snapshot-progress">
            <ol class="zec-steps">
                <li class=move || if failure().is_some() { "zec-step zec-step-failed" } else if matches!(activity(), Activity::Submitting(_)) { "zec-step zec-step-done" } else { "zec-step zec-step-current" }>
                    <span class="zec-step-name">{tr(Id::StepSnapshot)}</span></li>
                <li class="zec-step"><span class="zec-step-name">{tr(Id::StepSubmitted)}</span></li>
                <li class="zec-step"><span class="zec-step-name">{tr(Id::StepInstalling)}</span></li>
                <li class="zec-step"><span class="zec-step-name">{tr(Id::StepRunning)}</span></li>
            </ol>
            <p role="status" data-testid="snapshot-status">{move || line.get()}</p>
            <p class="zec-elapsed" data-testid="snapshot-elapsed">{elapsed}</p>
            {move || waiting().map(|error| view! {
                <p>{tr(Id::CouldNotAsk)}</p>
                <ErrorBanner error=error />
                <button type="button" class="zec-button zec-button-primary"
                    on:click=move |_| session.send(Event::CheckAgain)>{tr(Id::CheckAgain)}</button>
            })}
            {move || failure().map(|reason| view! {
                <div class="zec-banner zec-banner-error" data-testid="snapshot-failed">
                    <p role="alert"><strong>{tr(Id::ReinstallNotStarted)}</strong> " " {reason}</p>
                    <div class="zec-actions">
                        <button type="button" class="zec-button zec-button-primary"
                            on:click=move |_| session.send(Event::RetrySnapshot)>{tr(Id::RetrySnapshot)}</button>
                        <button type="button" class="zec-button"
                            on:click=move |_| session.send(Event::ContinueWithoutSnapshot)>{tr(Id::ReviewWithoutSnapshot)}</button>
                    </div>
                </div>
            })}
        </section>
    }
}
