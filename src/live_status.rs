//! Live status of some instances: the proxy's status stream, read with `fetch` so that it
//! can send the `Authorization` header (a portal session or the token; never in the URL,
//! which servers log), parsed by `eventsource-stream`. What to do after each attempt is
//! `zec_console::live::Reconnect`: reconnect with backoff, renew the session when the
//! stream ends with it, and poll DescribeInstancesStatus only when the stream route cannot
//! be had. Updates go to callbacks; the watch ends when the calling reactive owner is
//! cleaned up.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use eventsource_stream::Eventsource;
use futures::future::{select, Either};
use futures::stream::{self, Stream, StreamExt};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use zec_api::live::StreamEvent;
use zec_api::wire::{ErrorEnvelope, InstanceStatusEntry};
use zec_console::live::{refused_open, Next, Reconnect, StreamEnd, STALLED_AFTER};

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
    pub fn describe(self) -> String {
        use zec_console::i18n::{word, Id};
        word(match self {
            Connection::Connecting => Id::Connecting,
            Connection::Live => Id::Live,
            Connection::Reconnecting => Id::Reconnecting,
            Connection::Polling => Id::Polling,
        })
    }
}

pub const POLL_INTERVAL: Duration = Duration::from_secs(3);
const MAX_POLL_BACKOFF: Duration = Duration::from_secs(30);
/// How often a wait checks whether the watch ended or the proxy's address changed.
const TICK: Duration = Duration::from_millis(250);

type OnStatus = Rc<dyn Fn(InstanceStatusEntry)>;
type OnConnection = Rc<dyn Fn(Connection)>;

/// One watch: what it reports to, and how it is stopped.
#[derive(Clone)]
struct Watch {
    client: ApiClient,
    ids: Vec<String>,
    on_status: OnStatus,
    on_connection: OnConnection,
    stopped: Rc<Cell<bool>>,
    /// Aborts the request in flight when the watch ends.
    abort: Rc<RefCell<Option<web_sys::AbortController>>>,
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
    on_connection(Connection::Connecting);
    let watch = Watch {
        client,
        ids: instance_ids,
        on_status: Rc::new(on_status),
        on_connection: Rc::new(on_connection),
        stopped: Rc::new(Cell::new(false)),
        abort: Rc::new(RefCell::new(None)),
    };
    let cleanup = SendWrapper::new(watch.clone());
    on_cleanup(move || {
        let watch = cleanup.take();
        watch.stopped.set(true);
        let controller = watch.abort.borrow_mut().take();
        if let Some(controller) = controller {
            controller.abort();
        }
    });
    leptos::task::spawn_local(watch.run());
}

impl Watch {
    async fn run(self) {
        let mut policy = Reconnect::default();
        while !self.stopped.get() {
            let seen = self.client.proxy.generation();
            let end = self.attempt(&mut policy).await;
            if self.stopped.get() {
                return;
            }
            match policy.next(end) {
                Next::Poll => return self.poll().await,
                Next::RefreshThenReconnect => {
                    if !self.client.proxy.renew(seen).await {
                        // No fresh session (the app says why): try again once one arrives.
                        (self.on_connection)(Connection::Reconnecting);
                        self.wait(policy_wait(&mut policy), Some(seen)).await;
                    }
                }
                Next::Reconnect { delay, quiet } => {
                    if !quiet {
                        (self.on_connection)(Connection::Reconnecting);
                    }
                    self.wait(delay, Some(seen)).await;
                }
            }
        }
    }

    /// Waits `delay`, less when the watch ends or the session or address changes.
    async fn wait(&self, delay: Duration, seen: Option<u64>) {
        let proxy = &self.client.proxy;
        let base = proxy.base_generation();
        let mut waited = Duration::ZERO;
        while waited < delay && !self.stopped.get() {
            let changed = seen.is_some_and(|seen| proxy.generation() != seen)
                || proxy.base_generation() != base;
            if changed {
                return;
            }
            let step = TICK.min(delay - waited);
            gloo_timers::future::sleep(step).await;
            waited += step;
        }
    }

    /// Opens the stream and relays it until it ends; says how it ended.
    async fn attempt(&self, policy: &mut Reconnect) -> StreamEnd {
        let proxy = &self.client.proxy;
        proxy.ensure_session().await;
        let base = proxy.base_generation();
        let url = format!(
            "{}{}?{}={}",
            proxy.base(),
            zec_api::live::STATUS_STREAM_PATH,
            zec_api::live::STATUS_STREAM_IDS_PARAM,
            self.ids.join(",")
        );
        let Ok(controller) = web_sys::AbortController::new() else {
            return StreamEnd::Unavailable;
        };
        let mut request = gloo_net::http::Request::get(&url)
            .header("accept", "text/event-stream")
            .abort_signal(Some(&controller.signal()));
        if let Some(authorization) = proxy.authorization() {
            request = request.header("authorization", &authorization);
        }
        *self.abort.borrow_mut() = Some(controller.clone());
        let response = match request.send().await {
            Ok(response) => response,
            Err(_) => return StreamEnd::Lost { was_open: false },
        };
        let status = response.status();
        let event_stream = response
            .headers()
            .get("content-type")
            .is_some_and(|kind| kind.starts_with("text/event-stream"));
        let code = match status {
            200 => None,
            _ => response
                .text()
                .await
                .ok()
                .and_then(|body| crate::json::from_str::<ErrorEnvelope>(&body))
                .map(|envelope| envelope.code.to_string()),
        };
        if let Some(end) = refused_open(status, code.as_deref(), event_stream) {
            return end;
        }
        let Some(body) = response.body() else {
            return StreamEnd::Unavailable;
        };
        policy.opened();
        (self.on_connection)(Connection::Live);
        let mut events = Box::pin(chunks(body).eventsource());
        loop {
            let next = events.next();
            let stalled = gloo_timers::future::sleep(STALLED_AFTER);
            let event = match select(next, Box::pin(self.until_moved(base, stalled))).await {
                Either::Left((event, _)) => event,
                // Nothing for three heartbeats, or the proxy moved: open it again.
                Either::Right(_) => {
                    controller.abort();
                    return StreamEnd::Lost { was_open: true };
                }
            };
            let Some(Ok(event)) = event else {
                return StreamEnd::Lost { was_open: true };
            };
            let parsed = crate::json::parse(&event.data).and_then(|data| {
                StreamEvent::read(&event.event, serde_wasm_bindgen::Deserializer::from(data))
            });
            match parsed {
                Some(StreamEvent::Status(entry)) => {
                    (self.on_status)(entry);
                    (self.on_connection)(Connection::Live);
                }
                // The cloud is not answering; the proxy keeps the stream and says when.
                Some(StreamEvent::UpstreamError(_)) => {
                    (self.on_connection)(Connection::Reconnecting)
                }
                Some(StreamEvent::Closing(closing)) => {
                    controller.abort();
                    return match closing.reason.as_str() {
                        "session-expired" => StreamEnd::SessionExpired,
                        _ => StreamEnd::Closing,
                    };
                }
                None => {}
            }
        }
    }

    /// Resolves after `stalled`, or earlier when the watch ends or the proxy's address
    /// changes.
    async fn until_moved(&self, base: u64, stalled: gloo_timers::future::TimeoutFuture) {
        let proxy = self.client.proxy.clone();
        let stopped = self.stopped.clone();
        let moved = async move {
            while !stopped.get() && proxy.base_generation() == base {
                gloo_timers::future::sleep(TICK * 4).await;
            }
        };
        select(stalled, Box::pin(moved)).await;
    }

    /// Polls DescribeInstancesStatus until the watch ends, backing off on errors.
    async fn poll(self) {
        let mut delay = POLL_INTERVAL;
        while !self.stopped.get() {
            match self.client.instance_statuses(&self.ids).await {
                Ok(entries) if !self.stopped.get() => {
                    entries
                        .into_iter()
                        .for_each(|entry| (self.on_status)(entry));
                    (self.on_connection)(Connection::Polling);
                    delay = POLL_INTERVAL;
                }
                Ok(_) => break,
                Err(_) => {
                    (self.on_connection)(Connection::Reconnecting);
                    delay = (delay * 2).min(MAX_POLL_BACKOFF);
                }
            }
            self.wait(delay, None).await;
        }
    }
}

/// The wait before trying again without a fresh session: the policy's next backoff.
fn policy_wait(policy: &mut Reconnect) -> Duration {
    match policy.next(StreamEnd::Lost { was_open: false }) {
        Next::Reconnect { delay, .. } => delay,
        _ => zec_console::live::MAX_BACKOFF,
    }
}

/// The body's bytes as they arrive.
fn chunks(body: web_sys::ReadableStream) -> impl Stream<Item = Result<Vec<u8>, String>> {
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    stream::unfold(Some(reader), |reader| async move {
        let reader = reader?;
        let read = match JsFuture::from(reader.read()).await {
            Ok(read) => read.unchecked_into::<web_sys::ReadableStreamReadResult>(),
            Err(_) => return Some((Err("the stream broke".to_owned()), None)),
        };
        if read.get_done().unwrap_or(true) {
            return None;
        }
        let bytes = js_sys::Uint8Array::new(&read.get_value()).to_vec();
        Some((Ok(bytes), Some(reader)))
    })
}
