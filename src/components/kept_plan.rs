//! A confirmed plan the page left before it was carried out, reopened: while the API is asked
//! what became of it, then what happened ("A snapshot was taken for a reinstall that was
//! not sent") with "Review again" (the password is asked again: it was never kept),
//! "Delete the snapshot" and "Start over". Every sentence is built here from the kept plan.

use leptos::prelude::*;
use zec_console::session::{Activity, After, Event, KeptPlan, UndoEnd, UndoTarget};
use zec_console::words;

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
            <p role="status"><strong>{format!("A reinstall of {name} was confirmed in this tab, and the page was left before it was carried out. ")}</strong>
                "Asking the API what became of it; nothing is sent again."</p>
            {move || waiting().map(|error| view! {
                <p>"The API could not be asked yet:"</p>
                <ErrorBanner error=error />
                <button type="button" class="zec-button zec-button-primary"
                    on:click=move |_| session.send(Event::CheckAgain)>"Check again"</button>
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
            Some(_) => "A snapshot was taken for a reinstall that was not sent".to_owned(),
            None => "A confirmed reinstall was not sent".to_owned(),
        };
        let what = match &taken {
            Some(taken) => format!(
                "The page was left before the reinstall of {name} was sent: nothing was erased. The snapshot {} ({}) was taken for it and is kept {}.",
                taken.snapshot_name,
                words::date_time_ms(taken.taken_at),
                taken.kept_until
            ),
            None => format!(
                "The page was left before the reinstall of {name} was sent: nothing was erased, and no snapshot waits for it."
            ),
        };
        let again = match kept.password_needed {
            true => "Review again brings the plan back to the form; its password was not kept, so you type it again.",
            false => "Review again opens the same plan for review.",
        };
        let after = undone.map(|end| match end {
            UndoEnd::Deleted(target) => format!("Snapshot {} deleted.", target.snapshot_name),
            UndoEnd::NotDone(why) => why,
            UndoEnd::RolledBack(_) | UndoEnd::Cancelled => String::new(),
        });
        let delete = taken.map(|taken| UndoTarget {
            snapshot_id: taken.snapshot_id.clone(),
            snapshot_name: taken.snapshot_name.clone(),
            disk_id: taken.disk_id.clone(),
            taken: words::date_time_ms(taken.taken_at),
        });
        Some(view! {
            <section class="zec-banner zec-banner-warn" data-testid="interrupted" aria-labelledby=title_id.clone()>
                <h3 id=title_id.clone()>{title}</h3>
                <p>{what}</p>
                <p class="zec-hint">{again}</p>
                {after.filter(|text| !text.is_empty()).map(|text| view! { <p role="status">{text}</p> })}
                <div class="zec-actions">
                    <button type="button" class="zec-button"
                        on:click=move |_| session.send(Event::Discard)>"Start over"</button>
                    {delete.map(|target| view! {
                        <button type="button" class="zec-button"
                            on:click=move |_| session.send(Event::AskDelete(target.clone()))>"Delete the snapshot…"</button>
                    })}
                    <button type="button" class="zec-button zec-button-primary"
                        on:click=move |_| session.send(Event::ReviewAgain)>"Review again"</button>
                </div>
            </section>
        })
    }
}
