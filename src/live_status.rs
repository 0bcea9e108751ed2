//! Live status of some instances: the proxy's status stream first; when the stream is
//! unavailable (blocked, closed, or a token deployment where EventSource cannot
//! authenticate) it falls back to polling DescribeInstancesStatus, backing off on errors.
//! Updates go to callbacks; the watch ends when the calling reactive owner is cleaned up.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use web_sys::{EventSource, MessageEvent};
use zec_api::live::StreamEvent;
use zec_api::wire::InstanceStatusEntry;

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

type OnStatus = Rc<dyn Fn(InstanceStatusEntry)>;
type OnConnection = Rc<dyn Fn(Connection)>;

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

/// Watches `instance_ids` until the current reactive owner is cleaned up.
pub fn watch_statuses(
    client: ApiClient,
    instance_ids: Vec<String>,
    on_status: impl Fn(InstanceStatusEntry) + 'static,
    on_connection: impl Fn(Connection) + 'static,
) {
    if instance_ids.is_empty() {
        return;
    }
    let on_status: OnStatus = Rc::new(on_status);
    let on_connection: OnConnection = Rc::new(on_connection);
    on_connection(Connection::Connecting);
    let stopped = Rc::new(Cell::new(false));
    let stream: Rc<RefCell<Option<Stream>>> = Rc::new(RefCell::new(None));

    let start_polling = {
        let (stopped, client, ids) = (stopped.clone(), client.clone(), instance_ids.clone());
        let (on_status, on_connection) = (on_status.clone(), on_connection.clone());
        move || {
            let (stopped, client, ids) = (stopped.clone(), client.clone(), ids.clone());
            let (on_status, on_connection) = (on_status.clone(), on_connection.clone());
            leptos::task::spawn_local(async move {
                let mut delay = POLL_INTERVAL;
                while !stopped.get() {
                    match client.instance_statuses(&ids).await {
                        Ok(entries) if !stopped.get() => {
                            entries.into_iter().for_each(|entry| on_status(entry));
                            on_connection(Connection::Polling);
                            delay = POLL_INTERVAL;
                        }
                        Ok(_) => break,
                        Err(_) => {
                            on_connection(Connection::Reconnecting);
                            delay = (delay * 2).min(MAX_POLL_BACKOFF);
                        }
                    }
                    gloo_timers::future::sleep(delay).await;
                }
            });
        }
    };

    match client.status_stream_url(&instance_ids) {
        Some(url) => {
            let handlers = Handlers {
                on_status,
                on_connection,
                slot: stream.clone(),
                fall_back: Rc::new(start_polling.clone()),
            };
            match open_stream(&url, handlers) {
                Ok(opened) => *stream.borrow_mut() = Some(opened),
                Err(_) => start_polling(),
            }
        }
        None => start_polling(),
    }

    let cleanup = SendWrapper::new((stopped, stream));
    on_cleanup(move || {
        let (stopped, stream) = cleanup.take();
        stopped.set(true);
        stream.borrow_mut().take();
    });
}

struct Handlers {
    on_status: OnStatus,
    on_connection: OnConnection,
    slot: Rc<RefCell<Option<Stream>>>,
    fall_back: Rc<dyn Fn()>,
}

fn open_stream(url: &str, handlers: Handlers) -> Result<Stream, JsValue> {
    let source = EventSource::new(url)?;
    let failures = Rc::new(Cell::new(0u32));
    let Handlers {
        on_status,
        on_connection,
        slot,
        fall_back,
    } = handlers;

    let on_event = {
        let on_connection = on_connection.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let Some(data) = event
                .dyn_ref::<MessageEvent>()
                .and_then(|message| message.data().as_string())
            else {
                return;
            };
            let parsed = crate::json::parse(&data).and_then(|data| {
                StreamEvent::read(&event.type_(), serde_wasm_bindgen::Deserializer::from(data))
            });
            match parsed {
                Some(StreamEvent::Status(entry)) => {
                    on_status(entry);
                    on_connection(Connection::Live);
                }
                // The cloud is not answering, or the server is going away: EventSource
                // reconnects by itself.
                Some(StreamEvent::UpstreamError(_) | StreamEvent::Closing(_)) => {
                    on_connection(Connection::Reconnecting)
                }
                None => {}
            }
        })
    };
    let on_open = {
        let (failures, on_connection) = (failures.clone(), on_connection.clone());
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            failures.set(0);
            on_connection(Connection::Live);
        })
    };
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        failures.set(failures.get() + 1);
        let closed = slot
            .borrow()
            .as_ref()
            .is_some_and(|stream| stream.source.ready_state() == EventSource::CLOSED);
        if closed || failures.get() >= STREAM_ATTEMPTS {
            // Give up on the stream (drop closes it) and poll instead.
            let (fall_back, slot) = (fall_back.clone(), slot.clone());
            leptos::task::spawn_local(async move {
                slot.borrow_mut().take();
                fall_back();
            });
        } else {
            on_connection(Connection::Reconnecting);
        }
    });
    for name in StreamEvent::NAMES {
        source.add_event_listener_with_callback(name, on_event.as_ref().unchecked_ref())?;
    }
    source.add_event_listener_with_callback("open", on_open.as_ref().unchecked_ref())?;
    source.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref())?;
    Ok(Stream {
        source,
        _callbacks: vec![on_event, on_open, on_error],
    })
}
