//! The activity list of one scope: its heading, the CSV download, the entries newest first,
//! and "Show older". No live region: an entry that changes is rendered again in place, and
//! "Show older" puts the focus on the first entry it brought. Every word comes from
//! `zec_console::activity::words`.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use zec_console::i18n::{word, Id};

use crate::i18n::tr;
use zec_console::activity::feed::{Event, PAGE_ENTRIES};
use zec_console::activity::summary::Summary;
use zec_console::activity::words;

use crate::activity::{ActivityFeed, Exporting};
use crate::app::AppContext;
use crate::components::activity_entry::ActivityItem;

/// Image names by id, for entries that name only the id of the image asked for.
pub type ImageNames = Arc<HashMap<String, String>>;

/// Everything the viewer may see (the list page): each entry names its instance. The
/// images are read once, so an image asked for is named, not only its id.
#[component]
pub fn ScopeActivity() -> impl IntoView {
    let app = expect_context::<AppContext>();
    let names = RwSignal::new(ImageNames::default());
    let api = app.api.clone();
    leptos::task::spawn_local(async move {
        if let Ok(images) = api.images().await {
            let named = images.into_iter().map(|i| (i.image_id, i.image_name));
            names.try_set(Arc::new(named.collect()));
        }
    });
    let feed = ActivityFeed::start(app, None, PAGE_ENTRIES, "scope");
    view! {
        <ActivityLog feed=feed title=Signal::derive(tr(Id::ActivityOfAll)) level=2 spans_instances=true
            image_names=names />
    }
}

#[component]
pub fn ActivityLog(
    feed: ActivityFeed,
    /// The heading, which names the list (unique on the page).
    #[prop(into)]
    title: Signal<String>,
    /// The heading's level: 2 beside the list, 3 inside the panel.
    level: u8,
    /// The entries concern several instances: each names its own.
    spans_instances: bool,
    #[prop(into)] image_names: Signal<ImageNames>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let heading_id = context.id(if spans_instances {
        "activity-scope-title"
    } else {
        "activity-title"
    });
    let state = feed.feed;
    let summaries = Memo::new(move |_| {
        let image_names = image_names.get();
        state.with(|feed| {
            feed.entries
                .iter()
                .map(|entry| Summary::of(entry, spans_instances, |id| image_names.get(id).cloned()))
                .collect::<Vec<_>>()
        })
    });
    let status = move || {
        state.with(
            |feed| match (&feed.error, feed.loaded, feed.entries.is_empty()) {
                (Some(error), _, _) => Some((words::read_failed(error), true)),
                (None, false, _) => Some((word(Id::LoadingActivity), false)),
                (None, true, true) => Some((word(Id::NothingOnRecord), false)),
                (None, true, false) => None,
            },
        )
    };
    let reading_older = move || state.with(|feed| feed.reading_older);
    let heading = match level {
        2 => view! { <h2 id=heading_id.clone()>{title}</h2> }.into_any(),
        _ => view! { <h3 id=heading_id.clone()>{title}</h3> }.into_any(),
    };
    let (section_label, list_label) = (heading_id.clone(), heading_id);
    view! {
        <section class="zec-activity" aria-labelledby=section_label data-testid="activity">
            <div class="zec-activity-header">{heading}<CsvDownload feed=feed /></div>
            {move || status().map(|(text, failed)| view! {
                <p class="zec-hint" data-testid="activity-status">{text}
                    {failed.then(|| view! { " " <button type="button" class="zec-button zec-button-small"
                        on:click=move |_| feed.send(Event::Retry)>{tr(Id::TryAgain)}</button> })}
                </p>
            })}
            <ol class="zec-activity-list" aria-labelledby=list_label>
                <For each=move || summaries.get() key=|summary| summary.clone() let(summary)>
                    <ActivityItem element_id=feed.entry_element_id(&summary.id) summary=summary />
                </For>
            </ol>
            <Show when=move || state.with(|feed| feed.has_older())>
                // Stays enabled (and focused) while it loads; a second press does nothing.
                <button type="button" class="zec-button" aria-disabled=move || reading_older().to_string()
                    on:click=move |_| feed.send(Event::ShowOlder)>
                    {move || if reading_older() { word(Id::LoadingOlder) } else { word(Id::ShowOlder) }}
                </button>
            </Show>
        </section>
    }
}

/// "Download CSV": every page of this list's scope, saved as one file.
#[component]
fn CsvDownload(feed: ActivityFeed) -> impl IntoView {
    let exporting = feed.exporting;
    let reading = move || matches!(exporting.get(), Exporting::Reading(_));
    let note = move || match exporting.get() {
        Exporting::Reading(entries) => words::csv_progress(entries),
        Exporting::Saved {
            capped: Some(entries),
        } => words::csv_capped(entries),
        Exporting::Failed(error) => words::csv_failed(&error),
        Exporting::Idle | Exporting::Saved { capped: None } => String::new(),
    };
    view! {
        <div class="zec-activity-csv">
            <span class="zec-hint" data-testid="activity-csv-note">{note}</span>
            <button type="button" class="zec-button zec-button-small" aria-disabled=move || reading().to_string()
                on:click=move |_| feed.download_csv()>{tr(Id::DownloadCsv)}</button>
        </div>
    }
}
