//! Live status: `GET /api/v2/zec/status-stream?instanceIds=a,b` (Server-Sent Events, with the
//! event names and payloads of `zec_api::live`).
//!
//! One poller serves every viewer: each interval it asks DescribeInstancesStatus about all
//! watched instances at once (≤ 100 ids per call) and broadcasts the changes. N browser tabs
//! cost no more upstream calls than one; an instance nobody watches is not polled.
//!
//! Bounds, so that viewers cannot make the poller expensive:
//! - at most 100 ids per stream (the API's own limit per call);
//! - at most `max_watched` distinct ids across all streams (`WATCH_LIMIT_EXCEEDED` beyond);
//! - only ids the caller may see (`--allow-instances`, `--allow-resource-groups`);
//! - ids the API says do not exist are dropped: checked once when a stream names an id the
//!   poller does not know yet, and again whenever a poll's answer lacks it.
//!
//! When a poll fails (an error answer, no connection, or no answer within one interval) every
//! stream gets an `upstream-error` event; on shutdown every stream gets `closing` and ends.

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use serde::Deserialize;
use tokio::sync::{broadcast, watch};
use tokio_stream::wrappers::{errors::BroadcastStreamRecvError, BroadcastStream};
use zec_api::live::{Closing, StreamEvent, UpstreamError as UpstreamErrorEvent};
use zec_api::rules::MAX_INSTANCE_IDS;
use zec_api::wire::{ErrorEnvelope, InstanceStatusEntry, Page, SuccessEnvelope};
use zec_api::{Action, ErrorCode, Refusal};

use crate::app::AppState;
use crate::forward::new_request_id;
use crate::log::LogFields;
use crate::scope::check_ids;
use crate::upstream::Upstream;

/// How the status hub is tuned.
#[derive(Clone, Debug)]
pub struct StatusOptions {
    /// Between two polls.
    pub interval: Duration,
    /// How often an idle stream gets a comment line, so intermediaries keep it open.
    pub heartbeat: Duration,
    /// The most distinct instances watched at once, over all streams.
    pub max_watched: usize,
}

impl Default for StatusOptions {
    fn default() -> Self {
        StatusOptions {
            interval: Duration::from_secs(2),
            heartbeat: Duration::from_secs(15),
            max_watched: 1000,
        }
    }
}

#[derive(Default)]
struct Watched {
    /// Viewers per instance id.
    viewers: HashMap<String, usize>,
    /// The last status seen per watched instance.
    latest: HashMap<String, InstanceStatusEntry>,
    /// Watched ids the API said do not exist: not polled until a check finds them again.
    missing: HashSet<String>,
}

pub struct StatusHub {
    watched: Mutex<Watched>,
    events: broadcast::Sender<StreamEvent>,
    options: StatusOptions,
    closing: watch::Sender<Option<String>>,
}

/// Un-registers a viewer when its stream ends (the browser left).
struct ViewerGuard {
    hub: Arc<StatusHub>,
    ids: Vec<String>,
}

impl Drop for ViewerGuard {
    fn drop(&mut self) {
        let mut watched = self.hub.watched.lock().expect("watched lock");
        for id in &self.ids {
            if let Some(count) = watched.viewers.get_mut(id) {
                *count -= 1;
                if *count == 0 {
                    watched.viewers.remove(id);
                    watched.latest.remove(id);
                    watched.missing.remove(id);
                }
            }
        }
    }
}

/// What a poll learned about a batch of ids.
enum PollOutcome {
    Statuses(Vec<InstanceStatusEntry>),
    Failed(UpstreamErrorEvent),
}

impl StatusHub {
    pub fn new(options: StatusOptions) -> Arc<StatusHub> {
        let (events, _) = broadcast::channel(4096);
        let (closing, _) = watch::channel(None);
        Arc::new(StatusHub {
            watched: Mutex::new(Watched::default()),
            events,
            options,
            closing,
        })
    }

    pub fn interval(&self) -> Duration {
        self.options.interval
    }

    pub fn max_watched(&self) -> usize {
        self.options.max_watched
    }

    /// Number of instances being watched (for tests and the health check).
    pub fn watched_count(&self) -> usize {
        self.watched.lock().expect("watched lock").viewers.len()
    }

    /// Ends every stream with a `closing` event (and refuses none: a stream opened later
    /// gets `closing` at once). The poller stops.
    pub fn close(&self, reason: &str) {
        self.closing.send_replace(Some(reason.to_owned()));
    }

    /// Resolves with the reason once [`StatusHub::close`] was called.
    fn closed(&self) -> impl std::future::Future<Output = String> + Send + 'static {
        let mut receiver = self.closing.subscribe();
        async move {
            loop {
                if let Some(reason) = receiver.borrow_and_update().clone() {
                    return reason;
                }
                if receiver.changed().await.is_err() {
                    return "shutdown".to_owned();
                }
            }
        }
    }

    /// Registers a viewer of `ids`, unless that would exceed the distinct-id cap.
    fn watch(
        self: &Arc<Self>,
        ids: Vec<String>,
    ) -> Result<
        (
            ViewerGuard,
            Vec<InstanceStatusEntry>,
            broadcast::Receiver<StreamEvent>,
        ),
        Refusal,
    > {
        let mut watched = self.watched.lock().expect("watched lock");
        let new = ids
            .iter()
            .filter(|id| !watched.viewers.contains_key(*id))
            .count();
        if watched.viewers.len() + new > self.options.max_watched {
            return Err(Refusal::with(
                ErrorCode::WatchLimitExceeded,
                format!(
                    "This server already watches {} instances, its limit is {}; live status is \
                     not available for more right now. Poll DescribeInstancesStatus instead.",
                    watched.viewers.len(),
                    self.options.max_watched
                ),
            ));
        }
        let receiver = self.events.subscribe();
        for id in &ids {
            *watched.viewers.entry(id.clone()).or_default() += 1;
        }
        let known = ids
            .iter()
            .filter_map(|id| watched.latest.get(id).cloned())
            .collect();
        Ok((
            ViewerGuard {
                hub: self.clone(),
                ids,
            },
            known,
            receiver,
        ))
    }

    fn current(&self, ids: &[String]) -> Vec<InstanceStatusEntry> {
        let watched = self.watched.lock().expect("watched lock");
        ids.iter()
            .filter_map(|id| watched.latest.get(id).cloned())
            .collect()
    }

    /// The ids among `ids` nobody watches yet, or that the API said do not exist.
    fn unknown(&self, ids: &[String]) -> Vec<String> {
        let watched = self.watched.lock().expect("watched lock");
        ids.iter()
            .filter(|id| !watched.viewers.contains_key(*id) || watched.missing.contains(*id))
            .cloned()
            .collect()
    }

    /// Polls once per interval while anyone watches; stops when the hub closes.
    pub async fn run_poller(self: Arc<Self>, upstream: Upstream) {
        let mut ticks = tokio::time::interval(self.options.interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let closed = self.closed();
        tokio::pin!(closed);
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                _ = &mut closed => return,
            }
            let ids: Vec<String> = {
                let watched = self.watched.lock().expect("watched lock");
                let mut ids: Vec<String> = watched
                    .viewers
                    .keys()
                    .filter(|id| !watched.missing.contains(*id))
                    .cloned()
                    .collect();
                ids.sort();
                ids
            };
            for batch in ids.chunks(MAX_INSTANCE_IDS) {
                match self.ask(&upstream, batch).await {
                    PollOutcome::Statuses(entries) => self.apply(batch, entries),
                    PollOutcome::Failed(error) => {
                        // Forget what was seen, so that every status is sent again once the
                        // API answers: the browser shows "live" again from that moment.
                        self.watched.lock().expect("watched lock").latest.clear();
                        let _ = self.events.send(StreamEvent::UpstreamError(error));
                        break;
                    }
                }
            }
        }
    }

    /// One DescribeInstancesStatus call, no retry, answered within one interval.
    async fn ask(&self, upstream: &Upstream, ids: &[String]) -> PollOutcome {
        let request = serde_json::json!({"instanceIds": ids, "pageSize": ids.len()});
        let body = Bytes::from(serde_json::to_vec(&request).expect("serialises"));
        let timeout = self.options.interval.max(Duration::from_millis(100));
        let answer = match upstream
            .call_once_within(Action::DescribeInstancesStatus, &body, timeout)
            .await
        {
            Ok(answer) => answer,
            Err(error) => {
                return PollOutcome::Failed(UpstreamErrorEvent {
                    code: error.code().to_string(),
                    request_id: new_request_id(),
                })
            }
        };
        if answer.status == 200 {
            if let Ok(envelope) =
                serde_json::from_slice::<SuccessEnvelope<Page<InstanceStatusEntry>>>(&answer.body)
            {
                return PollOutcome::Statuses(envelope.response.data.data_set);
            }
        }
        let envelope = serde_json::from_slice::<ErrorEnvelope>(&answer.body).ok();
        PollOutcome::Failed(UpstreamErrorEvent {
            code: envelope.as_ref().map_or_else(
                || ErrorCode::UpstreamUnreachable.to_string(),
                |envelope| envelope.code.to_string(),
            ),
            request_id: envelope
                .map(|envelope| envelope.request_id)
                .filter(|id| !id.is_empty())
                .unwrap_or_else(new_request_id),
        })
    }

    /// Records a poll's answer: changed statuses are broadcast; asked ids the answer lacks do
    /// not exist (any more) and are no longer polled.
    fn apply(&self, asked: &[String], entries: Vec<InstanceStatusEntry>) {
        let mut watched = self.watched.lock().expect("watched lock");
        let answered: HashSet<&str> = entries.iter().map(|e| e.instance_id.as_str()).collect();
        for id in asked {
            if !answered.contains(id.as_str()) && watched.viewers.contains_key(id) {
                watched.missing.insert(id.clone());
                watched.latest.remove(id);
            }
        }
        for entry in entries {
            if !watched.viewers.contains_key(&entry.instance_id) {
                continue; // its last viewer left while we asked
            }
            if watched.latest.get(&entry.instance_id) != Some(&entry) {
                watched
                    .latest
                    .insert(entry.instance_id.clone(), entry.clone());
                let _ = self.events.send(StreamEvent::Status(entry));
            }
        }
    }

    /// Checks ids the poller does not know with one call: returns the ones that exist. If the
    /// API cannot be asked, the ids are kept (the poller drops them later if they are gone).
    async fn existing(&self, upstream: &Upstream, ids: Vec<String>) -> Vec<String> {
        let unknown = self.unknown(&ids);
        if unknown.is_empty() {
            return ids;
        }
        let PollOutcome::Statuses(entries) = self.ask(upstream, &unknown).await else {
            return ids;
        };
        let found: HashSet<String> = entries.into_iter().map(|e| e.instance_id).collect();
        {
            let mut watched = self.watched.lock().expect("watched lock");
            for id in &found {
                watched.missing.remove(id);
            }
        }
        ids.into_iter()
            .filter(|id| !unknown.contains(id) || found.contains(id))
            .collect()
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StreamQuery {
    #[serde(default)]
    instance_ids: String,
}

fn to_sse(event: &StreamEvent) -> Event {
    Event::default().event(event.name()).data(event.data())
}

pub async fn status_stream(
    State(state): State<Arc<AppState>>,
    Query(query): Query<StreamQuery>,
    headers: HeaderMap,
) -> Response {
    match open_stream(&state, &query, &headers).await {
        Ok((sse, ids)) => {
            let mut response = sse.into_response();
            response.extensions_mut().insert(LogFields {
                action: "status-stream".to_owned(),
                instance: ids.join(","),
                code: "OK".to_owned(),
                ..LogFields::default()
            });
            response
        }
        Err(refusal) => refusal.with_request_id(new_request_id()).into_response(),
    }
}

async fn open_stream(
    state: &AppState,
    query: &StreamQuery,
    headers: &HeaderMap,
) -> Result<
    (
        Sse<impl Stream<Item = Result<Event, Infallible>>>,
        Vec<String>,
    ),
    Refusal,
> {
    state.access.authenticate(headers)?;
    let mut ids: Vec<String> = query
        .instance_ids
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect();
    ids.sort();
    ids.dedup();
    zec_api::rules::check_instance_ids(&ids, true)?;
    check_ids(&state.access, &state.upstream, &ids).await?;
    let hub = state.status.clone();
    let ids = hub.existing(&state.upstream, ids).await;
    if ids.is_empty() {
        return Err(Refusal::with(
            ErrorCode::InvalidInstanceNotFound,
            "None of the instances exists.",
        ));
    }

    let heartbeat = hub.options.heartbeat;
    let (guard, known, receiver) = hub.watch(ids.clone())?;
    let first = stream::iter(
        known
            .into_iter()
            .map(StreamEvent::Status)
            .collect::<Vec<_>>(),
    );
    let wanted = ids.clone();
    let current = hub.clone();
    let updates = BroadcastStream::new(receiver).flat_map(move |item| {
        let events = match item {
            Ok(StreamEvent::Status(entry)) if wanted.contains(&entry.instance_id) => {
                vec![StreamEvent::Status(entry)]
            }
            Ok(StreamEvent::Status(_)) => vec![],
            Ok(other) => vec![other],
            // Fell behind: send the current state of everything this viewer watches.
            Err(BroadcastStreamRecvError::Lagged(_)) => current
                .current(&wanted)
                .into_iter()
                .map(StreamEvent::Status)
                .collect(),
        };
        stream::iter(events)
    });
    // On shutdown: stop relaying, send `closing`, end the stream (the browser reconnects).
    let live = first.chain(updates).take_until(hub.closed());
    let ending = stream::once(hub.closed()).map(|reason| StreamEvent::Closing(Closing { reason }));
    let events = live.chain(ending).map(move |event| {
        let _keep_registered = &guard;
        Ok(to_sse(&event))
    });
    let sse = Sse::new(events).keep_alive(KeepAlive::new().interval(heartbeat).text("heartbeat"));
    Ok((sse, ids))
}
