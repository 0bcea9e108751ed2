//! A confirmed plan the page left before it was carried out, reopened: while the API is asked
//! what became of it, then what happened ("A snapshot was taken for a reinstall that was
//! not sent") with "Review again" (the password is asked again: it was never kept),
//! "Delete the snapshot" and "Start over". Every sentence is built here from the kept plan.

use leptos::prelude::*;
use zec_console::i18n::{msg, word, Id};

use crate::i18n::{text, tr};
use zec_console::session::{Activity, After, Event, KeptPlan, UndoEnd, UndoTarget};

use crate::app::AppContext;
use crate::components::common::ErrorBanner;
use crate::session::Session;

#[component]
pub fn RecoveringNotice(session: Session) -> impl IntoView {
    let name = session
        .instance
        .with_untracked(|i| i.display_name().to_owned());
    let waiting = move || {
        session.panel.with(|panel| match &panel.activity {
            Activity::Recovering { asking, .. } => asking.waiting().cloned(),
            _ => None,
        })
    };
    view! {
        <div class="zec-banner zec-banner-warn" data-testid="recovering">
            <p role="status"><strong>{text(msg::RecoveringTitle { name })}</strong> " "
                {tr(Id::RecoveringWhat)}</p>
            {move || waiting().map(|error| view! {
                <p>{tr(Id::CouldNotAsk)}</p>
                <ErrorBanner error=error />
                <button type="button" class="zec-button zec-button-primary"
                    on:click=move |_| session.send(Event::CheckAgain)>{tr(Id::CheckAgain)}</button>
            })}
        </div>
    }
}

/// The kept plan shown, also while its snapshot is being deleted.
fn kept(session: Session) -> Option<(KeptPlan, Option<UndoEnd>)> {
    session.panel.with(|panel| match &panel.activity {
        Activity::Interrupted { kept, undone } => Some((kept.clone(), undone.clone())),
        Activity::Undoing {
            after: After::Kept(kept),
            ..
        } => Some(((**kept).clone(), None)),
        _ => None,
    })
}

#[component]
pub fn InterruptedNotice(session: Session) -> impl IntoView {
    let name = session
        .instance
        .with_untracked(|i| i.display_name().to_owned());
    let title_id = expect_context::<AppContext>().id("interrupted-title");
    move || {
        let (kept, undone) = kept(session)?;
        let taken = kept.taken().cloned();
        let title = match &taken {
            Some(_) => word(Id::InterruptedWithSnapshot),
            None => word(Id::InterruptedTitle),
        };
        let what = match &taken {
            Some(taken) => text(msg::InterruptedSnapshotWhat {
                name: name.clone(),
                snapshot: taken.snapshot_name.clone(),
                taken: crate::i18n::date_time_ms(taken.taken_at),
                until: taken.kept_until.clone(),
            }),
            None => text(msg::InterruptedWhat { name: name.clone() }),
        };
        let again = match kept.password_needed {
            true => word(Id::ReviewAgainPassword),
            false => word(Id::ReviewAgainSame),
        };
        let after = undone.map(|end| match end {
            UndoEnd::Deleted(target) => text(msg::SnapshotDeleted {
                name: target.snapshot_name,
            }),
            UndoEnd::NotDone(why) => why,
            UndoEnd::RolledBack(_) | UndoEnd::Cancelled => String::new(),
        });
        let delete = taken.map(|taken| UndoTarget {
            snapshot_id: taken.snapshot_id.clone(),
            snapshot_name: taken.snapshot_name.clone(),
            disk_id: taken.disk_id.clone(),
            taken: crate::i18n::date_time_ms(taken.taken_at),
        });
        Some(view! {
            <section class="zec-banner zec-banner-warn" data-testid="interrupted" aria-labelledby=title_id.clone()>
                <h3 id=title_id.clone()>{title}</h3>
                <p>{what}</p>
                <p class="zec-hint">{again}</p>
                {after.filter(|text| !text.is_empty()).map(|text| view! { <p role="status">{text}</p> })}
                <div class="zec-actions">
                    <button type="button" class="zec-button"
                        on:click=move |_| session.send(Event::Discard)>{tr(Id::StartOver)}</button>
                    {delete.map(|target| view! {
                        <button type="button" class="zec-button"
                            on:click=move |_| session.send(Event::AskDelete(target.clone()))>{tr(Id::DeleteTheSnapshot)}</button>
                    })}
                    <button type="button" class="zec-button zec-button-primary"
                        on:click=move |_| session.send(Event::ReviewAgain)>{tr(Id::ReviewAgain)}</button>
                </div>
            </section>
        })
    }
}
