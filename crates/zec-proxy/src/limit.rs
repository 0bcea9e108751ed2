//! A per-client bound on concurrent API calls: one client (one IP address) cannot occupy the
//! proxy's upstream capacity. Behind a reverse proxy every browser shares the reverse proxy's
//! address, so there the bound is for all of them together: raise it accordingly.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use zec_api::{ErrorCode, Refusal};

use crate::forward::new_request_id;
use crate::server::peer_of;

pub struct ClientLimiter {
    max_per_client: usize,
    active: Mutex<HashMap<IpAddr, usize>>,
}

/// One call in progress; the count goes down when it is dropped.
pub struct ClientSlot {
    limiter: Arc<ClientLimiter>,
    client: IpAddr,
}

impl ClientLimiter {
    pub fn new(max_per_client: usize) -> Arc<ClientLimiter> {
        Arc::new(ClientLimiter {
            max_per_client: max_per_client.max(1),
            active: Mutex::new(HashMap::new()),
        })
    }

    pub fn try_begin(self: &Arc<Self>, client: IpAddr) -> Option<ClientSlot> {
        let mut active = self.active.lock().expect("client limiter lock");
        let count = active.entry(client).or_default();
        if *count >= self.max_per_client {
            return None;
        }
        *count += 1;
        Some(ClientSlot {
            limiter: self.clone(),
            client,
        })
    }

    /// Clients with calls in progress (kept small: idle clients are forgotten).
    pub fn clients(&self) -> usize {
        self.active.lock().expect("client limiter lock").len()
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut active = self.limiter.active.lock().expect("client limiter lock");
        if let Some(count) = active.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                active.remove(&self.client);
            }
        }
    }
}

/// Middleware: refuses a call with 429 TOO_MANY_REQUESTS while its client already has the
/// maximum in progress. Requests whose peer is unknown (not served by `server::serve`) pass.
pub async fn limit_per_client(
    State(limiter): State<Arc<ClientLimiter>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(peer) = peer_of(request.extensions()) else {
        return next.run(request).await;
    };
    match limiter.try_begin(peer.ip()) {
        Some(slot) => {
            let response = next.run(request).await;
            drop(slot);
            response
        }
        None => Refusal::with(
            ErrorCode::TooManyRequests,
            format!(
                "This client already has {} calls in progress; wait for them to finish.",
                limiter.max_per_client
            ),
        )
        .with_request_id(new_request_id())
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_counted_per_client_and_released_on_drop() {
        let limiter = ClientLimiter::new(2);
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        let first = limiter.try_begin(a).unwrap();
        let _second = limiter.try_begin(a).unwrap();
        assert!(limiter.try_begin(a).is_none());
        assert!(
            limiter.try_begin(b).is_some(),
            "other clients are not affected"
        );
        drop(first);
        assert!(limiter.try_begin(a).is_some());
        drop(_second);
        assert_eq!(limiter.clients(), 0, "idle clients are forgotten");
    }
}
