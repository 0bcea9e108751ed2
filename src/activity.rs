//! The browser's owner of one activity list: the feed's state (`zec_console::activity::feed`)
//! in a signal, its reads and timers, and the CSV export. Views read the signals and send
//! events; the commands the transition returns are run here.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use zec_console::activity::csv::{self, Export, Step};
use zec_console::activity::feed::{self, Command, Event, Feed};
use zec_console::activity::words;

use crate::api::ApiError;
use crate::app::AppContext;
use crate::browser;

/// Where the CSV export stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Exporting {
    Idle,
    /// Reading pages: the entries so far.
    Reading(usize),
    /// The file was saved; it holds only the newest entries when `capped`.
    Saved {
        capped: Option<usize>,
    },
    Failed(ApiError),
}

#[derive(Clone, Copy)]
pub struct ActivityFeed {
    pub feed: RwSignal<Feed>,
    pub exporting: RwSignal<Exporting>,
    /// The one instance shown, or `None`: everything the viewer may see.
    pub instance_id: StoredValue<Option<String>>,
    /// Makes the entries' element ids unique on the page.
    prefix: StoredValue<String>,
    app: StoredValue<AppContext>,
}

impl ActivityFeed {
    /// Starts the list of one instance (or of everything, `None`), `limit` entries a page.
    pub fn start(app: AppContext, instance_id: Option<String>, limit: u32, name: &str) -> Self {
        let feed = ActivityFeed {
            feed: RwSignal::new(Feed::new(limit)),
            exporting: RwSignal::new(Exporting::Idle),
            instance_id: StoredValue::new(instance_id),
            prefix: StoredValue::new(app.id(&format!("activity-{name}"))),
            app: StoredValue::new(app),
        };
        feed.send(Event::Start);
        feed
    }

    /// The element id of an entry, for the focus.
    pub fn entry_element_id(&self, entry_id: &str) -> String {
        format!("{}-{entry_id}", self.prefix.get_value())
    }

    /// Runs one event through the feed and carries out what it asks for; nothing once the
    /// view is gone (a timer that fires late).
    pub fn send(&self, event: Event) {
        let Some(feed) = self.feed.try_get_untracked() else {
            return;
        };
        let (next, commands) = feed::update(&feed, event);
        if next != feed {
            self.feed.set(next);
        }
        commands.into_iter().for_each(|command| self.run(command));
    }

    fn run(&self, command: Command) {
        let this = *self;
        match command {
            Command::Read(cursor) => leptos::task::spawn_local(async move {
                let Some(limit) = this.feed.try_with_untracked(|feed| feed.limit) else {
                    return;
                };
                let result = this.read(cursor.clone(), limit).await;
                this.send(match cursor {
                    None => Event::NewestRead(result),
                    Some(cursor) => Event::OlderRead { cursor, result },
                });
            }),
            Command::Wait { tick, delay_ms } => leptos::task::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(delay_ms).await;
                this.send(Event::Tick(tick));
            }),
            Command::Focus(entry_id) => {
                let (app, id) = (self.app.get_value(), self.entry_element_id(&entry_id));
                request_animation_frame(move || app.focus(&id));
            }
        }
    }

    async fn read(
        &self,
        cursor: Option<String>,
        limit: u32,
    ) -> Result<zec_api::activity::ActivityPage, ApiError> {
        let api = self.app.with_value(|app| app.api.clone());
        let instance_id = self.instance_id.get_value();
        api.activity(instance_id.as_deref(), cursor.as_deref(), limit)
            .await
    }

    /// Reads every page of this list's scope, then saves them as a CSV file.
    pub fn download_csv(&self) {
        if matches!(self.exporting.get_untracked(), Exporting::Reading(_)) {
            return;
        }
        let this = *self;
        self.exporting.set(Exporting::Reading(0));
        leptos::task::spawn_local(async move {
            let (mut export, mut step) = Export::start();
            loop {
                match step {
                    Step::Read { cursor, delay_ms } => {
                        if delay_ms > 0 {
                            gloo_timers::future::TimeoutFuture::new(delay_ms).await;
                        }
                        let result = this.read(cursor, csv::EXPORT_PAGE).await;
                        step = export.page(result);
                        if this
                            .exporting
                            .try_set(Exporting::Reading(export.len()))
                            .is_some()
                        {
                            return; // the view is gone
                        }
                    }
                    Step::Done => break,
                    Step::Failed(error) => {
                        this.exporting.try_set(Exporting::Failed(error));
                        return;
                    }
                }
            }
            let now = browser::now_ms() as i64;
            let date = words::date(now, local_offset_minutes(now));
            let name = csv::file_name(this.instance_id.get_value().as_deref(), &date);
            save_file(&name, &export.csv());
            let capped = export.capped().then_some(export.len());
            this.exporting.try_set(Exporting::Saved { capped });
        });
    }
}

/// Minutes east of UTC in the browser's time zone at that instant (daylight saving
/// included), for `words::date_time`.
pub fn local_offset_minutes(unix_ms: i64) -> i32 {
    let date = js_sys::Date::new(&JsValue::from_f64(unix_ms as f64));
    -(date.get_timezone_offset() as i32)
}

/// Hands `text` to the browser as a download named `name`.
fn save_file(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let link = document()
        .create_element("a")
        .ok()
        .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(link) = link {
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    // The download has started by then; the file's memory is given back.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}
