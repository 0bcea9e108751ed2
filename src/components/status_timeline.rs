//! After submit: Submitted → Deploying → Running (or Failed), with the elapsed time, how the
//! status arrives, and an aria-live announcement of every change. Reads the session only.

use leptos::prelude::*;
use zec_api::ReinstallPhase;
use zec_console::session::{Event, Outcome, UndoEnd, UndoTarget};

use crate::app::AppContext;
use crate::browser;
use crate::components::common::{elapsed_text, ticking_clock};
use crate::components::handover::{CopyLine, LoginHandover, NextSteps};
use crate::components::undo_view::{refusals, NotPermitted, UndoStatus};
use crate::session::Session;

/// "14:05" in the browser's time zone.
fn elapsed_clock(ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

#[component]
pub fn StatusTimeline(session: Session) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let panel = session.panel;
    let active = Memo::new(move |_| panel.with(|p| p.reinstall().map(|(a, _)| a.clone())));
    let outcome = Memo::new(move |_| panel.with(|p| p.reinstall().and_then(|(_, o)| o)));
    let status = session.status;
    let rolled_back = move || panel.with(|p| matches!(p.undo_end(), Some(UndoEnd::RolledBack(_))));
    // The clock stops when the reinstall ends.
    let ended_at = Memo::new(move |previous: Option<&Option<f64>>| {
        outcome
            .get()
            .map(|_| previous.copied().flatten().unwrap_or_else(browser::now_ms))
    });
    let now = ticking_clock();
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
                <Show when=move || active.with(|a| a.as_ref().is_some_and(|a| a.snapshot.is_some()))>
                    <li class="zec-step zec-step-done"><span class="zec-step-name">"Snapshot"</span></li>
                </Show>
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
            // Until the user says it is saved, from the moment the reinstall was sent.
            {move || session.handover.get().map(|password| view! {
                <div class="zec-banner zec-banner-warn" data-testid="generated-password">
                    <p>"The generated password is shown only here and never stored; save it now:"</p>
                    <CopyLine text=password />
                    <button type="button" class="zec-button" on:click=move |_| session.handover.set(None)>"I have saved it"</button>
                </div>
            })}
            // After a rollback the reinstall's result no longer describes the instance.
            <Show when=move || !rolled_back()>
                {move || active.get().map(|active| view! { <NextSteps active=active outcome=outcome.get() /> })}
                <Show when=move || outcome.get() == Some(Outcome::Running)>
                    <LoginHandover session=session />
                </Show>
            </Show>
            {move || outcome.get().and(active.get()).and_then(|active| active.snapshot)
                .filter(|taken| session.snapshot_usable(&taken.snapshot_id)).map(|taken| {
                let target = UndoTarget {
                    snapshot_id: taken.snapshot_id.clone(),
                    snapshot_name: taken.snapshot_name.clone(),
                    disk_id: taken.disk_id.clone(),
                    taken: elapsed_clock(taken.taken_at),
                };
                let (rollback, delete) = (target.clone(), target.clone());
                let (rollback_refused, delete_refused) = refusals(session);
                view! {
                    <div class="zec-actions zec-undo" data-testid="undo-actions">
                        <button type="button" class="zec-button" disabled=rollback_refused.is_some()
                            on:click=move |_| session.send(Event::AskRollback(rollback.clone()))>
                            {format!("Roll back to the snapshot of {}", target.taken)}</button>
                        <button type="button" class="zec-button" disabled=delete_refused.is_some()
                            on:click=move |_| session.send(Event::AskDelete(delete.clone()))>"Delete snapshot"</button>
                    </div>
                    <NotPermitted session=session />
                }
            })}
            <UndoStatus session=session />
            <div class="zec-actions">
                <button type="button" class="zec-button" hidden=move || outcome.get().is_none()
                    on:click=move |_| if session.confirm_leave() { session.send(Event::Done) }>"Done"</button>
            </div>
        </section>
    }
}
