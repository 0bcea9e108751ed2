//! When the answer to ResetInstance was lost: while the API is asked what happened, and when
//! it says the reinstall did not start. No button here sends the reinstall again; only
//! "Review again" reopens the dialog with the same plan.

use leptos::prelude::*;
use zec_console::i18n::{msg, Id};

use crate::i18n::{text, tr};

use zec_console::session::{Activity, Event};
use zec_console::words;

use crate::components::common::ErrorBanner;
use crate::session::Session;

#[component]
pub fn ResolvingNotice(session: Session) -> impl IntoView {
    // Set once the automatic questions ran out: why the API could not be asked.
    let error = move || {
        session.panel.with(|panel| match &panel.activity {
            Activity::Resolving { asking, .. } => asking.waiting().cloned(),
            _ => None,
        })
    };
    view! {
        <div class="zec-banner zec-banner-warn" data-testid="resolving">
            <p role="status"><strong>{tr(Id::NoAnswer)}</strong> {tr(Id::SentenceGap)} {tr(Id::NoAnswerWhat)}</p>
            {move || error().map(|error| view! {
                <p>{tr(Id::CouldNotAsk)}</p>
                <ErrorBanner error=error />
                <button type="button" class="zec-button zec-button-primary"
                    on:click=move |_| session.send(Event::CheckAgain)>{tr(Id::CheckAgain)}</button>
            })}
        </div>
    }
}

#[component]
pub fn NotStartedNotice(session: Session) -> impl IntoView {
    let Activity::NotStarted { plan, status } = session.panel.get_untracked().activity else {
        return ().into_any();
    };
    view! {
        <div class="zec-banner zec-banner-warn" data-testid="not-started">
            <p role="status"><strong>{tr(Id::DidNotStart)}</strong> {tr(Id::SentenceGap)}
                {text(msg::DidNotStartWhat { instance: plan.instance_label.clone(), status: words::status_with_code(&status) })}</p>
            <p>{plan.headline()}</p>
            <div class="zec-actions">
                <button type="button" class="zec-button"
                    on:click=move |_| session.send(Event::EditAgain)>{tr(Id::ChangeSettings)}</button>
                <button type="button" class="zec-button zec-button-primary"
                    on:click=move |_| session.send(Event::ReviewAgain)>{tr(Id::ReviewAgain)}</button>
            </div>
        </div>
    }
    .into_any()
}
