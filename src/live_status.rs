//! Live status of one instance: the proxy's SSE stream first; when the stream is unavailable
//! (blocked, closed, or a token deployment where EventSource cannot authenticate) it falls
//! back to polling DescribeInstancesStatus, backing off on errors.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use web_sys::{EventSource, MessageEvent};
use zec_api::InstanceStatus;

use crate::api::ApiClient;

/// How the console currently learns about status changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    Connecting,
    /// Pushed by the status stream.
    Live,
    /// The stream or the cloud API is not answering; retrying.
    Reconnecting,
    /// Asking every few seconds (the stream is unavailable).
    Polling,
}

impl Connection {
    pub fn describe(self) -> &'static str {
        match self {
            Connection::Connecting => "Connecting…",
            Connection::Live => "Live",
            Connection::Reconnecting => "Connection lost, reconnecting…",
            Connection::Polling => "Checking every few seconds",
        }
    }
}

pub const POLL_INTERVAL: Duration = Duration::from_secs(3);
const MAX_POLL_BACKOFF: Duration = Duration::from_secs(30);
/// Stream errors in a row (without a successful open) before falling back to polling.
const STREAM_ATTEMPTS: u32 = 4;

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct StreamEvent {
    instance_id: String,
    instance_status: InstanceStatus,
}

/// Keeps the EventSource and its callbacks alive; dropping it closes the stream.
struct Stream {
    source: EventSource,
    _callbacks: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

impl Drop for Stream {
    fn drop(&mut self) {
        self.source.close();
    }
}

/// Starts watching `instance_id`; the signals update until the calling component is
/// cleaned up.
pub fn watch_status(
    client: ApiClient,
    instance_id: String,
) -> (ReadSignal<Option<InstanceStatus>>, ReadSignal<Connection>) {
    let (status, set_status) = signal(None::<InstanceStatus>);
    let (connection, set_connection) = signal(Connection::Connecting);
    let stopped = Rc::new(Cell::new(false));
    let stream: Rc<RefCell<Option<Stream>>> = Rc::new(RefCell::new(None));

    let start_polling = {
        let stopped = stopped.clone();
        let client = client.clone();
        let instance_id = instance_id.clone();
        move || {
            let stopped = stopped.clone();
            let client = client.clone();
            let ids = vec![instance_id.clone()];
            leptos::task::spawn_local(async move {
                let mut delay = POLL_INTERVAL;
                while !stopped.get() {
                    match client.instance_statuses(&ids).await {
                        Ok(entries) => {
                            if let Some(entry) = entries.into_iter().next() {
                                set_status.set(Some(entry.instance_status));
                            }
                            set_connection.set(Connection::Polling);
                            delay = POLL_INTERVAL;
                        }
                        Err(_) => {
                            set_connection.set(Connection::Reconnecting);
                            delay = (delay * 2).min(MAX_POLL_BACKOFF);
                        }
                    }
                    gloo_timers::future::sleep(delay).await;
                }
            });
        }
    };

    match client.status_stream_url(std::slice::from_ref(&instance_id)) {
        Some(url) => match open_stream(
            &url,
            &instance_id,
            set_status,
            set_connection,
            stream.clone(),
            start_polling.clone(),
        ) {
            Ok(opened) => *stream.borrow_mut() = Some(opened),
            Err(_) => start_polling(),
        },
        None => start_polling(),
    }

    let cleanup = SendWrapper::new((stopped, stream));
    on_cleanup(move || {
        let (stopped, stream) = cleanup.take();
        stopped.set(true);
        stream.borrow_mut().take();
    });
    (status, connection)
}

fn open_stream(
    url: &str,
    instance_id: &str,
    set_status: WriteSignal<Option<InstanceStatus>>,
    set_connection: WriteSignal<Connection>,
    slot: Rc<RefCell<Option<Stream>>>,
    fall_back: impl Fn() + 'static,
) -> Result<Stream, JsValue> {
    let source = EventSource::new(url)?;
    let failures = Rc::new(Cell::new(0u32));
    let wanted = instance_id.to_owned();

    let on_status = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let Some(data) = event
            .dyn_ref::<MessageEvent>()
            .and_then(|message| message.data().as_string())
        else {
            return;
        };
        if let Ok(update) = serde_json::from_str::<StreamEvent>(&data) {
            if update.instance_id == wanted {
                set_status.set(Some(update.instance_status));
                set_connection.set(Connection::Live);
            }
        }
    });
    let on_upstream_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        set_connection.set(Connection::Reconnecting)
    });
    let on_open = {
        let failures = failures.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            failures.set(0);
            set_connection.set(Connection::Live);
        })
    };
    let on_error = {
        let failures = failures.clone();
        let fall_back = Rc::new(fall_back);
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            failures.set(failures.get() + 1);
            let closed = slot
                .borrow()
                .as_ref()
                .is_some_and(|stream| stream.source.ready_state() == EventSource::CLOSED);
            if closed || failures.get() >= STREAM_ATTEMPTS {
                // Give up on the stream (drop closes it) and poll instead.
                let fall_back = fall_back.clone();
                let slot = slot.clone();
                leptos::task::spawn_local(async move {
                    slot.borrow_mut().take();
                    fall_back();
                });
            } else {
                set_connection.set(Connection::Reconnecting);
            }
        })
    };
    source.add_event_listener_with_callback("status", on_status.as_ref().unchecked_ref())?;
    source.add_event_listener_with_callback(
        "upstream-error",
        on_upstream_error.as_ref().unchecked_ref(),
    )?;
    source.add_event_listener_with_callback("open", on_open.as_ref().unchecked_ref())?;
    source.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref())?;
    Ok(Stream {
        source,
        _callbacks: vec![on_status, on_upstream_error, on_open, on_error],
    })
}
