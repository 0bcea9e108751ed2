//! The panel's activity: the instance's history, read again shortly after anything the
//! history will show happens here (the flow moves on: a call sent, answered or ended; the
//! instance's status or its snapshots change, whoever caused it).

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use zec_console::activity::feed::{Event, PAGE_ENTRIES};
use zec_console::activity::words;

use crate::activity::ActivityFeed;
use crate::app::AppContext;
use crate::components::activity_log::ActivityLog;
use crate::session::Session;

#[component]
pub fn InstanceActivity(session: Session) -> impl IntoView {
    let app = expect_context::<AppContext>();
    let feed = ActivityFeed::start(app, Some(session.instance_id()), PAGE_ENTRIES, "instance");
    let stage = Memo::new(move |_| {
        session
            .panel
            .with(|panel| std::mem::discriminant(&panel.activity))
    });
    let snapshots = Memo::new(move |_| {
        session.snapshots.with(|found| match found {
            Some(Ok(list)) => list
                .iter()
                .map(|s| (s.snapshot_id.clone(), s.status.clone()))
                .collect(),
            _ => vec![],
        })
    });
    Effect::new(move |seen: Option<()>| {
        stage.track();
        session.status.track();
        snapshots.track();
        if seen.is_some() {
            feed.send(Event::Nudge);
        }
    });
    let names: HashMap<String, String> = session.catalog.with_value(|catalog| {
        catalog
            .images
            .iter()
            .map(|image| (image.image_id.clone(), image.image_name.clone()))
            .collect()
    });
    // Renamed by a reinstall, renamed here.
    let title = Signal::derive(move || {
        session
            .instance
            .with(|instance| words::instance_heading(instance.display_name()))
    });
    view! {
        <ActivityLog feed=feed title=title level=3 spans_instances=false
            image_names=Signal::stored(Arc::new(names)) />
    }
}
