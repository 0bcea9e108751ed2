//! `GET /api/v2/zec/status-stream?instanceIds=a,b`: one viewer's stream of the shared status
//! hub (`status.rs`), as Server-Sent Events with the event names and payloads of
//! `zec_api::live`. Checked in order: the caller's stream share (`TOO_MANY_STREAMS`), 1–100
//! canonical ids, each in the caller's scope (`access::decide`), confirmed by the API (else
//! refused, nothing admitted), the hub's cap on distinct ids. A session's stream ends at the
//! session's expiry with `closing` (`session-expired`).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures_util::stream::{self, Stream, StreamExt};
use futures_util::FutureExt;
use serde::Deserialize;
use tokio_stream::wrappers::{errors::BroadcastStreamRecvError, BroadcastStream};
use zec_api::live::{Closing, StreamEvent};
use zec_api::{Action, ErrorCode, Refusal};

use crate::access::{decide, Caller};
use crate::app::AppState;
use crate::forward::new_request_id;
use crate::log::LogFields;

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
    Extension(caller): Extension<Caller>,
    Query(query): Query<StreamQuery>,
) -> Response {
    let Some(slot) = state.fair_share.try_stream(&caller.share) else {
        return state.fair_share.streams_refusal();
    };
    match open_stream(&state, &caller, &query, slot).await {
        Ok((sse, ids)) => {
            let mut response = sse.into_response();
            response.extensions_mut().insert(LogFields {
                action: "status-stream".to_owned(),
                instance: ids.join(","),
                code: "OK".to_owned(),
                actor: caller.actor.as_str().to_owned(),
                ..LogFields::default()
            });
            response
        }
        Err(refusal) => refusal.with_request_id(new_request_id()).into_response(),
    }
}

/// Resolves when the caller's session ends (never for callers without one).
fn session_end(caller: &Caller) -> impl std::future::Future<Output = String> + Send + 'static {
    let expires_at = caller.expires_at;
    async move {
        match expires_at {
            Some(exp) => {
                let now = zec_api::time::unix_seconds(std::time::SystemTime::now());
                let left = u64::try_from(exp - now).unwrap_or(0);
                tokio::time::sleep(Duration::from_secs(left)).await;
                "session-expired".to_owned()
            }
            None => std::future::pending().await,
        }
    }
}

async fn open_stream(
    state: &AppState,
    caller: &Caller,
    query: &StreamQuery,
    slot: crate::limit::Slot,
) -> Result<
    (
        Sse<impl Stream<Item = Result<Event, Infallible>>>,
        Vec<String>,
    ),
    Refusal,
> {
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
    for id in &ids {
        crate::ids::check_canonical("instanceIds", id)?;
    }
    let action = Action::DescribeInstancesStatus;
    let resources = crate::scope::resources(state, caller, action, &ids).await?;
    decide(caller, action, &resources)?;
    let hub = state.status.clone();
    let ids = hub.existing(&state.upstream, ids).await?;
    if ids.is_empty() {
        return Err(Refusal::with(
            ErrorCode::InvalidInstanceNotFound,
            "None of the instances exists.",
        ));
    }

    let heartbeat = hub.heartbeat();
    let (guard, known, receiver) = hub.watch(&caller.share, ids.clone())?;
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
    // On shutdown or when the session ends: stop relaying, send `closing`, end the stream
    // (the browser reconnects, with a fresh session if it needs one).
    let closed = hub.closed();
    let expired = session_end(caller);
    let end = futures_util::future::select(Box::pin(closed), Box::pin(expired))
        .map(|either| either.factor_first().0)
        .shared();
    let live = first.chain(updates).take_until(end.clone());
    let ending = stream::once(end).map(|reason| StreamEvent::Closing(Closing { reason }));
    let events = live.chain(ending).map(move |event| {
        let _keep_registered = (&guard, &slot);
        Ok(to_sse(&event))
    });
    let sse = Sse::new(events).keep_alive(KeepAlive::new().interval(heartbeat).text("heartbeat"));
    Ok((sse, ids))
}
