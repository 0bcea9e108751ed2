//! The fleet's calls in the history: each ResetInstances call of the running batch with its
//! entry (found by its request id), read again shortly after a call is answered or a row
//! changes. "Activity of call N" beside each call in the live table leads here.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use zec_console::i18n::Id;

use crate::i18n::tr;
use zec_api::activity::DEFAULT_ACTIVITY_PAGE;
use zec_console::activity::feed::Event;
use zec_console::activity::summary::Summary;
use zec_console::activity::{call_entry, words};
use zec_console::fleet::Stage;

use crate::activity::ActivityFeed;
use crate::app::AppContext;
use crate::components::activity_entry::ActivityItem;
use crate::fleet::Fleet;

/// The element that shows call `index`'s entry.
fn call_element_id(app: &AppContext, index: usize) -> String {
    app.id(&format!("fleet-call-{index}"))
}

/// Beside a call in the live table: moves the focus to its entry.
#[component]
pub fn CallActivityLink(index: usize) -> impl IntoView {
    let app = expect_context::<AppContext>();
    view! {
        <button type="button" class="zec-button zec-button-small"
            on:click=move |_| app.focus(&call_element_id(&app, index))>
            {words::call_link(index + 1)}</button>
    }
}

#[component]
pub fn FleetActivity(fleet: Fleet) -> impl IntoView {
    let app = expect_context::<AppContext>();
    let feed = ActivityFeed::start(app.clone(), None, DEFAULT_ACTIVITY_PAGE, "fleet");
    let calls = Memo::new(move |_| {
        fleet.stage.with(|stage| match stage {
            Stage::Running(batch) => batch
                .chunks
                .iter()
                .map(|chunk| (chunk.instance_ids.clone(), chunk.request_id.clone()))
                .collect(),
            _ => vec![],
        })
    });
    let rows = Memo::new(move |_| {
        fleet.stage.with(|stage| match stage {
            Stage::Running(batch) => batch.totals(),
            _ => (0, 0, 0),
        })
    });
    // The image asked for, by name, while the entries name only its id.
    let names: HashMap<String, String> = fleet.stage.with_untracked(|stage| match stage {
        Stage::Running(batch) => batch
            .plan
            .options
            .image_id
            .iter()
            .map(|id| (id.clone(), batch.plan.image_name.clone()))
            .collect(),
        _ => HashMap::new(),
    });
    let names = Arc::new(names);
    Effect::new(move |seen: Option<()>| {
        calls.track();
        rows.track();
        if seen.is_some() {
            feed.send(Event::Nudge);
        }
    });
    let heading = app.id("fleet-activity-title");
    let call = move |index: usize, ids: Vec<String>, request_id: Option<String>| {
        let (names, count) = (names.clone(), ids.len());
        let entry = move || {
            feed.feed.with(|state| {
                call_entry(&state.entries, request_id.as_deref(), &ids)
                    .map(|entry| Summary::of(entry, true, |id| names.get(id).cloned()))
            })
        };
        let element_id = call_element_id(&app, index);
        view! {
            <li id=element_id tabindex="-1" data-testid="fleet-call-activity">
                <h4>{words::call(index + 1, count)}</h4>
                {move || match entry() {
                    Some(summary) => view! {
                        <ol class="zec-activity-list">
                            <ActivityItem element_id=feed.entry_element_id(&summary.id) summary=summary />
                        </ol>
                    }.into_any(),
                    None => view! { <p class="zec-hint">{tr(Id::NotInHistoryYet)}</p> }.into_any(),
                }}
            </li>
        }
    };
    let labelled_by = heading.clone();
    view! {
        <section class="zec-activity" aria-labelledby=labelled_by data-testid="fleet-activity">
            <h3 id=heading>{tr(Id::ActivityOfCalls)}</h3>
            <ol class="zec-activity-calls">
                {move || calls.get().into_iter().enumerate()
                    .map(|(index, (ids, request_id))| call.clone()(index, ids, request_id))
                    .collect_view()}
            </ol>
        </section>
    }
}
