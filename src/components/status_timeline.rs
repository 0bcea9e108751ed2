//! After submit: Submitted → Installing → Running (or Failed), with the elapsed time, how the
//! status arrives, and an announcement of every state change (never of the clock). After a
//! rollback the steps say so: the reinstall's steps are undone, not green. Reads the session
//! only.

use leptos::prelude::*;
use zec_console::i18n::{msg, word, Id};

use crate::i18n::{text, tr};
use zec_api::ReinstallPhase;
use zec_console::session::{Event, Outcome, UndoEnd, UndoTarget};
use zec_console::words;

use crate::app::AppContext;
use crate::browser;
use crate::components::common::{elapsed_text, ticking_clock};
use crate::components::handover::{CopyLine, LoginHandover, NextSteps};
use crate::components::undo_view::{refusals, NotPermitted, UndoStatus};
use crate::session::Session;

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
        // Rolled back: the reinstall's steps no longer describe the instance.
        _ if rolled_back() => "zec-step zec-step-undone",
        (std::cmp::Ordering::Less, _) => "zec-step zec-step-done",
        (std::cmp::Ordering::Equal, Some(Outcome::Failed)) => "zec-step zec-step-failed",
        (std::cmp::Ordering::Equal, Some(Outcome::Running)) => "zec-step zec-step-done",
        (std::cmp::Ordering::Equal, None) => "zec-step zec-step-current",
        (std::cmp::Ordering::Greater, _) => "zec-step",
    };
    // State changes only: a memo, so the live region's text changes when the state does.
    let announcement = Memo::new(move |_| {
        status.with(|status| words::reinstall_announcement(outcome.get(), status))
    });
    let heading = context.id("timeline-title");
    let saved_app = context.clone();
    let saved = move |_| {
        session.handover.set(None);
        // The banner (and its button) are gone: the focus goes to the view's heading.
        let app = saved_app.clone();
        let heading = app.id("timeline-title");
        request_animation_frame(move || app.focus(&heading));
    };

    view! {
        <section class="zec-timeline" aria-labelledby=context.id("timeline-title")>
            <h3 id=heading tabindex="-1">{move || if rolled_back() { word(Id::ReinstallRolledBack) } else { word(Id::ReinstallStatus) }}</h3>
            <ol class="zec-steps">
                <Show when=move || active.with(|a| a.as_ref().is_some_and(|a| a.snapshot.is_some()))>
                    <li class="zec-step zec-step-done"><span class="zec-step-name">{tr(Id::StepSnapshot)}</span></li>
                </Show>
                <li class=move || step_class(0)><span class="zec-step-name">{tr(Id::StepSubmitted)}</span></li>
                <li class=move || step_class(1)><span class="zec-step-name">{tr(Id::StepInstalling)}</span></li>
                <li class=move || step_class(2)><span class="zec-step-name">
                    {move || if outcome.get() == Some(Outcome::Failed) { word(Id::StepFailed) } else { word(Id::StepRunning) }}
                </span></li>
                <Show when=rolled_back>
                    <li class="zec-step zec-step-done" data-testid="step-rolled-back"><span class="zec-step-name">{tr(Id::StepRolledBack)}</span></li>
                </Show>
            </ol>
            <p class="zec-elapsed">{tr(Id::Elapsed)} " " <span data-testid="elapsed">{elapsed}</span>
                " · " {tr(Id::StatusLabel)} " " <strong data-testid="live-status" data-status=move || status.get().to_string()>
                    {move || words::status_with_code(&status.get())}</strong></p>
            <p class="zec-connection" data-testid="connection" hidden=move || outcome.get().is_some()>
                {move || session.connection.get().describe()}</p>
            <p class="zec-visually-hidden" role="status" aria-live="polite" data-testid="announcement">{move || announcement.get()}</p>
            // Until the user says it is saved, from the moment the reinstall was sent.
            {move || session.handover.get().map(|password| view! {
                <div class="zec-banner zec-banner-warn" data-testid="generated-password">
                    <p>{tr(Id::GeneratedPassword)}</p>
                    <CopyLine text=password />
                    <button type="button" class="zec-button" on:click=saved.clone()>{tr(Id::SavedIt)}</button>
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
                    taken: crate::i18n::date_time_ms(taken.taken_at),
                };
                let (rollback, delete) = (target.clone(), target.clone());
                let (rollback_refused, delete_refused) = refusals(session);
                view! {
                    <div class="zec-actions zec-undo" data-testid="undo-actions">
                        <button type="button" class="zec-button" disabled=rollback_refused.is_some()
                            on:click=move |_| session.send(Event::AskRollback(rollback.clone()))>
                            {text(msg::RollBackTo { taken: target.taken.clone() })}</button>
                        <button type="button" class="zec-button" disabled=delete_refused.is_some()
                            on:click=move |_| session.send(Event::AskDelete(delete.clone()))>{tr(Id::DeleteSnapshot)}</button>
                    </div>
                    <NotPermitted session=session />
                }
            })}
            <UndoStatus session=session />
            <div class="zec-actions">
                <button type="button" class="zec-button" hidden=move || outcome.get().is_none()
                    on:click=move |_| if session.confirm_leave() { session.send(Event::Done) }>{tr(Id::Done)}</button>
            </div>
        </section>
    }
}
