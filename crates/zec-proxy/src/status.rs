//! Live status: `GET /api/v2/zec/status-stream?instanceIds=a,b` (Server-Sent Events).
//!
//! One poller serves every viewer: each interval it asks DescribeInstancesStatus about all
//! watched instances at once (≤ 100 ids per call) and broadcasts the changes. N browser tabs
//! cost no more upstream calls than one; an instance nobody watches is not polled.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use tokio_stream::wrappers::{errors::BroadcastStreamRecvError, BroadcastStream};
use zec_api::rules::MAX_INSTANCE_IDS;
use zec_api::wire::{InstanceStatusEntry, Page, SuccessEnvelope};
use zec_api::Action;

use crate::app::AppState;
use crate::forward::{new_request_id, Refusal};
use crate::scope::limit_to_scope;
use crate::upstream::Upstream;

/// What the stream sends: a status, or word that the cloud could not be asked.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum StatusEvent {
    Status(InstanceStatusEntry),
    UpstreamError { code: String, request_id: String },
}

#[derive(Default)]
struct Watched {
    /// Viewers per instance id.
    viewers: HashMap<String, usize>,
    /// The last status seen per watched instance.
    latest: HashMap<String, InstanceStatusEntry>,
}

pub struct StatusHub {
    watched: Mutex<Watched>,
    events: broadcast::Sender<StatusEvent>,
    interval: Duration,
    /// How often an idle stream gets a comment line, so intermediaries keep it open.
    heartbeat: Duration,
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
                }
            }
        }
    }
}

impl StatusHub {
    pub fn new(interval: Duration, heartbeat: Duration) -> Arc<StatusHub> {
        let (events, _) = broadcast::channel(4096);
        Arc::new(StatusHub {
            watched: Mutex::new(Watched::default()),
            events,
            interval,
            heartbeat,
        })
    }

    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// Number of instances being polled (for tests and the health check).
    pub fn watched_count(&self) -> usize {
        self.watched.lock().expect("watched lock").viewers.len()
    }

    fn watch(
        self: &Arc<Self>,
        ids: Vec<String>,
    ) -> (
        ViewerGuard,
        Vec<InstanceStatusEntry>,
        broadcast::Receiver<StatusEvent>,
    ) {
        let mut watched = self.watched.lock().expect("watched lock");
        let receiver = self.events.subscribe();
        for id in &ids {
            *watched.viewers.entry(id.clone()).or_default() += 1;
        }
        let known = ids
            .iter()
            .filter_map(|id| watched.latest.get(id).cloned())
            .collect();
        (
            ViewerGuard {
                hub: self.clone(),
                ids,
            },
            known,
            receiver,
        )
    }

    fn current(&self, ids: &[String]) -> Vec<InstanceStatusEntry> {
        let watched = self.watched.lock().expect("watched lock");
        ids.iter()
            .filter_map(|id| watched.latest.get(id).cloned())
            .collect()
    }

    /// Runs forever: one batched poll per interval while anyone watches.
    pub async fn run_poller(self: Arc<Self>, upstream: Upstream) {
        let mut ticks = tokio::time::interval(self.interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let ids: Vec<String> = {
                let watched = self.watched.lock().expect("watched lock");
                let mut ids: Vec<String> = watched.viewers.keys().cloned().collect();
                ids.sort();
                ids
            };
            for batch in ids.chunks(MAX_INSTANCE_IDS) {
                self.poll(&upstream, batch).await;
            }
        }
    }

    async fn poll(&self, upstream: &Upstream, ids: &[String]) {
        let request = serde_json::json!({"instanceIds": ids, "pageSize": ids.len()});
        let body = Bytes::from(serde_json::to_vec(&request).expect("serialises"));
        let answer = upstream.call(Action::DescribeInstancesStatus, &body).await;
        let page = answer.ok().and_then(|answer| {
            let parsed =
                serde_json::from_slice::<SuccessEnvelope<Page<InstanceStatusEntry>>>(&answer.body);
            match parsed {
                Ok(envelope) if answer.status == 200 => Ok(envelope.response.data),
                _ => Err(serde_json::from_slice::<zec_api::wire::ErrorEnvelope>(&answer.body).ok()),
            }
            .map_err(|envelope| {
                let _ = self.events.send(StatusEvent::UpstreamError {
                    code: envelope
                        .as_ref()
                        .map_or("UPSTREAM_UNREACHABLE".to_owned(), |e| e.code.to_string()),
                    request_id: envelope.map(|e| e.request_id).unwrap_or_default(),
                });
            })
            .ok()
        });
        let Some(page) = page else {
            return;
        };
        let mut watched = self.watched.lock().expect("watched lock");
        for entry in page.data_set {
            if !watched.viewers.contains_key(&entry.instance_id) {
                continue; // its last viewer left while we asked
            }
            if watched.latest.get(&entry.instance_id) != Some(&entry) {
                watched
                    .latest
                    .insert(entry.instance_id.clone(), entry.clone());
                let _ = self.events.send(StatusEvent::Status(entry));
            }
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StreamQuery {
    #[serde(default)]
    instance_ids: String,
}

fn to_sse(event: &StatusEvent) -> Event {
    let name = match event {
        StatusEvent::Status(_) => "status",
        StatusEvent::UpstreamError { .. } => "upstream-error",
    };
    Event::default()
        .event(name)
        .json_data(event)
        .expect("status events serialise")
}

pub async fn status_stream(
    State(state): State<Arc<AppState>>,
    Query(query): Query<StreamQuery>,
    headers: HeaderMap,
) -> Response {
    match open_stream(&state, &query, &headers).await {
        Ok(sse) => sse.into_response(),
        Err(refusal) => refusal.into_response(new_request_id()),
    }
}

async fn open_stream(
    state: &AppState,
    query: &StreamQuery,
    headers: &HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, Refusal> {
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
    limit_to_scope(
        &state.access,
        &state.upstream,
        Action::DescribeInstancesStatus,
        Bytes::new(),
        &ids,
    )
    .await?;

    let hub = state.status.clone();
    let heartbeat = hub.heartbeat;
    let (guard, known, receiver) = hub.watch(ids.clone());
    let first = stream::iter(
        known
            .into_iter()
            .map(StatusEvent::Status)
            .collect::<Vec<_>>(),
    );
    let wanted = ids.clone();
    let updates = BroadcastStream::new(receiver).flat_map(move |item| {
        let events = match item {
            Ok(StatusEvent::Status(entry)) if wanted.contains(&entry.instance_id) => {
                vec![StatusEvent::Status(entry)]
            }
            Ok(StatusEvent::Status(_)) => vec![],
            Ok(error @ StatusEvent::UpstreamError { .. }) => vec![error],
            // Fell behind: send the current state of everything this viewer watches.
            Err(BroadcastStreamRecvError::Lagged(_)) => hub
                .current(&wanted)
                .into_iter()
                .map(StatusEvent::Status)
                .collect(),
        };
        stream::iter(events)
    });
    let events = first.chain(updates).map(move |event| {
        let _keep_registered = &guard;
        Ok(to_sse(&event))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(heartbeat).text("heartbeat")))
}
