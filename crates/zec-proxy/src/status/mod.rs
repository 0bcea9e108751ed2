//! Live status: the one status hub behind `GET /api/v2/zec/status-stream?instanceIds=a,b`
//! (the stream itself is `status_stream.rs`).
//!
//! One poller serves every viewer: each interval it asks DescribeInstancesStatus about all
//! watched instances at once (≤ 100 ids per call) and broadcasts the changes. N browser tabs
//! cost no more upstream calls than one; an instance nobody watches is not polled.
//!
//! Bounds, so that viewers cannot make the poller expensive:
//! - at most 100 ids per stream (the API's own limit per call);
//! - at most `max_watched` distinct ids across all streams, and at most `max_watched_per_caller`
//!   of them for one caller (its share, so that a few callers cannot take every slot);
//!   `WATCH_LIMIT_EXCEEDED` beyond;
//! - at most `--max-streams-per-caller` open streams per caller (`TOO_MANY_STREAMS`);
//! - only ids the caller may see (`access::decide`, as for DescribeInstancesStatus);
//! - an id is admitted (and counted against the cap) only once the API has confirmed it:
//!   checked when a stream names an id the poller does not know yet, and again whenever a
//!   poll's answer lacks it. If the API cannot be asked, the stream is refused (nothing is
//!   admitted on trust), so bogus ids cannot fill the cap while the API is slow;
//! - a session's stream ends at the session's expiry (`closing` with `session-expired`).
//!
//! When a poll fails (an error answer, no connection, or no answer within one interval) every
//! stream gets an `upstream-error` event; on shutdown every stream gets `closing` and ends.
//! The poller itself is `poll.rs`.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use tokio::sync::{broadcast, watch};
use zec_api::live::{StreamEvent, UpstreamError as UpstreamErrorEvent};
use zec_api::rules::MAX_INSTANCE_IDS;
use zec_api::wire::{ErrorEnvelope, InstanceStatusEntry, Page, SuccessEnvelope};
use zec_api::{Action, ErrorCode, Refusal};

use crate::forward::new_request_id;
use crate::upstream::Upstream;

mod poll;

/// How the status hub is tuned.
#[derive(Clone, Debug)]
pub struct StatusOptions {
    /// Between two polls.
    pub interval: Duration,
    /// How often an idle stream gets a comment line, so intermediaries keep it open.
    pub heartbeat: Duration,
    /// The most distinct instances watched at once, over all streams.
    pub max_watched: usize,
    /// The most distinct instances one caller's streams may watch (its share of the above).
    pub max_watched_per_caller: usize,
}

impl Default for StatusOptions {
    fn default() -> Self {
        StatusOptions {
            interval: Duration::from_secs(2),
            heartbeat: Duration::from_secs(15),
            max_watched: 1000,
            max_watched_per_caller: 200,
        }
    }
}

#[derive(Default)]
struct Watched {
    /// Viewers per instance id.
    viewers: HashMap<String, usize>,
    /// Per caller (its fair-share key), how many of its streams watch each id.
    by_caller: HashMap<String, HashMap<String, usize>>,
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
pub(crate) struct ViewerGuard {
    hub: Arc<StatusHub>,
    ids: Vec<String>,
    /// The caller whose share the ids count against (none for the proxy's own follow-ups).
    caller: Option<String>,
}

impl Drop for ViewerGuard {
    fn drop(&mut self) {
        let mut watched = self.hub.watched.lock().expect("watched lock");
        if let Some(caller) = &self.caller {
            if let Some(own) = watched.by_caller.get_mut(caller) {
                for id in &self.ids {
                    if let Some(count) = own.get_mut(id) {
                        *count -= 1;
                        if *count == 0 {
                            own.remove(id);
                        }
                    }
                }
                if own.is_empty() {
                    watched.by_caller.remove(caller);
                }
            }
        }
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

/// What the poller knows about one watched instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Seen {
    /// Not polled yet (or the last poll failed).
    NotYet,
    Status(zec_api::InstanceStatus),
    /// The API's answer lacked it: it does not exist (any more).
    Missing,
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

    pub fn heartbeat(&self) -> Duration {
        self.options.heartbeat
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
    pub(crate) fn closed(&self) -> impl std::future::Future<Output = String> + Send + 'static {
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

    /// Registers `caller`'s viewer of `ids`, unless that would exceed the distinct-id cap or
    /// the caller's share of it.
    pub(crate) fn watch(
        self: &Arc<Self>,
        caller: &str,
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
        let own = watched.by_caller.get(caller);
        let own_count = own.map_or(0, HashMap::len);
        let own_new = ids
            .iter()
            .filter(|id| !own.is_some_and(|own| own.contains_key(*id)))
            .count();
        if own_count + own_new > self.options.max_watched_per_caller {
            return Err(Refusal::with(
                ErrorCode::WatchLimitExceeded,
                format!(
                    "Your live views already watch {own_count} instances, the most one user may \
                     watch is {}; close another view, or poll DescribeInstancesStatus instead.",
                    self.options.max_watched_per_caller
                ),
            ));
        }
        let receiver = self.events.subscribe();
        let own = watched.by_caller.entry(caller.to_owned()).or_default();
        for id in &ids {
            *own.entry(id.clone()).or_default() += 1;
        }
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
                caller: Some(caller.to_owned()),
            },
            known,
            receiver,
        ))
    }

    /// Registers the proxy itself as a viewer of `ids` (the activity history following a call
    /// to its end): polled like any viewer's ids and counted as watched, but never refused
    /// for the cap, which bounds browsers; follow-ups are bounded by the calls they follow.
    pub(crate) fn follow(self: &Arc<Self>, ids: Vec<String>) -> ViewerGuard {
        let mut watched = self.watched.lock().expect("watched lock");
        for id in &ids {
            *watched.viewers.entry(id.clone()).or_default() += 1;
        }
        ViewerGuard {
            hub: self.clone(),
            ids,
            caller: None,
        }
    }

    /// What the last poll said about a watched instance.
    pub(crate) fn seen(&self, id: &str) -> Seen {
        let watched = self.watched.lock().expect("watched lock");
        if watched.missing.contains(id) {
            Seen::Missing
        } else if let Some(entry) = watched.latest.get(id) {
            Seen::Status(entry.instance_status.clone())
        } else {
            Seen::NotYet
        }
    }

    pub(crate) fn current(&self, ids: &[String]) -> Vec<InstanceStatusEntry> {
        let watched = self.watched.lock().expect("watched lock");
        ids.iter()
            .filter_map(|id| watched.latest.get(id).cloned())
            .collect()
    }
}
