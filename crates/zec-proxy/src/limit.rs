//! Fair share per caller: no caller can starve the others. A caller's share is keyed by
//! `Caller::share` (the session's `sub`, the identity header's user, or the client address).
//!
//! - calls per second: a token bucket per caller over every API route (calls, stream opens,
//!   the grant and the protection policy), `--calls-per-second` with a burst of twice that;
//! - API calls in progress: `--max-calls-per-client`;
//! - open status streams: `--max-streams-per-caller` (8 by default).
//!
//! Each refusal is 429 in the API's envelope with `Retry-After` (whole seconds, at least 1).
//! The budget of upstream calls shared by the whole proxy is `upstream.rs` (`UpstreamBudget`);
//! connections per address are `server.rs`.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use zec_api::{ErrorCode, Refusal};

use crate::access::Caller;
use crate::forward::new_request_id;

/// The fair-share settings.
#[derive(Clone, Debug)]
pub struct FairShareLimits {
    pub calls_per_second: u32,
    pub max_calls_in_progress: usize,
    pub max_streams: usize,
}

impl Default for FairShareLimits {
    fn default() -> Self {
        FairShareLimits {
            calls_per_second: 10,
            max_calls_in_progress: 16,
            max_streams: 8,
        }
    }
}

/// Counts per caller; idle callers are forgotten.
#[derive(Default)]
struct Counts(Mutex<HashMap<String, usize>>);

impl Counts {
    fn try_take(&self, key: &str, max: usize) -> bool {
        let mut counts = self.0.lock().expect("fair-share lock");
        let count = counts.entry(key.to_owned()).or_default();
        if *count >= max {
            return false;
        }
        *count += 1;
        true
    }

    fn give_back(&self, key: &str) {
        let mut counts = self.0.lock().expect("fair-share lock");
        if let Some(count) = counts.get_mut(key) {
            *count -= 1;
            if *count == 0 {
                counts.remove(key);
            }
        }
    }

    fn len(&self) -> usize {
        self.0.lock().expect("fair-share lock").len()
    }
}

pub struct FairShare {
    limits: FairShareLimits,
    rate: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
    calls: Counts,
    streams: Counts,
}

/// A call in progress or an open stream; given back when dropped.
pub struct Slot {
    share: Arc<FairShare>,
    key: String,
    streams: bool,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let counts = if self.streams {
            &self.share.streams
        } else {
            &self.share.calls
        };
        counts.give_back(&self.key);
    }
}

/// A 429 in the envelope with `Retry-After`.
pub fn too_many(code: ErrorCode, message: String, retry_after: Duration) -> Response {
    let mut response = Refusal::with(code, message)
        .with_request_id(new_request_id())
        .into_response();
    set_retry_after(&mut response, retry_after);
    response
}

/// Sets `Retry-After` in whole seconds, rounded up, at least 1.
pub fn set_retry_after(response: &mut Response, wait: Duration) {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    response.headers_mut().insert(
        axum::http::header::RETRY_AFTER,
        HeaderValue::from(seconds.max(1)),
    );
}

impl FairShare {
    pub fn new(mut limits: FairShareLimits) -> Arc<FairShare> {
        limits.max_calls_in_progress = limits.max_calls_in_progress.max(1);
        limits.max_streams = limits.max_streams.max(1);
        let per_second = NonZeroU32::new(limits.calls_per_second.max(1)).expect("at least 1");
        let burst = per_second.saturating_mul(NonZeroU32::new(2).expect("2"));
        Arc::new(FairShare {
            rate: RateLimiter::keyed(Quota::per_second(per_second).allow_burst(burst)),
            clock: DefaultClock::default(),
            calls: Counts::default(),
            streams: Counts::default(),
            limits,
        })
    }

    pub fn limits(&self) -> &FairShareLimits {
        &self.limits
    }

    /// Takes one token of the caller's bucket, or says how long to wait.
    pub fn check_rate(&self, key: &str) -> Result<(), Duration> {
        self.rate
            .check_key(&key.to_owned())
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }

    pub fn try_call(self: &Arc<Self>, key: &str) -> Option<Slot> {
        self.calls
            .try_take(key, self.limits.max_calls_in_progress)
            .then(|| Slot {
                share: self.clone(),
                key: key.to_owned(),
                streams: false,
            })
    }

    pub fn try_stream(self: &Arc<Self>, key: &str) -> Option<Slot> {
        self.streams
            .try_take(key, self.limits.max_streams)
            .then(|| Slot {
                share: self.clone(),
                key: key.to_owned(),
                streams: true,
            })
    }

    /// Callers with calls in progress or streams open (idle ones are forgotten).
    pub fn active_callers(&self) -> usize {
        self.calls.len() + self.streams.len()
    }

    /// Forgets the buckets of callers that have been quiet long enough to be full again.
    pub fn forget_idle(&self) {
        self.rate.retain_recent();
        self.rate.shrink_to_fit();
    }

    /// The refusal of a stream over the caller's share.
    pub fn streams_refusal(&self) -> Response {
        too_many(
            ErrorCode::TooManyStreams,
            format!(
                "You already have {} live status streams open, the most one user may have; \
                 close another tab first.",
                self.limits.max_streams
            ),
            Duration::from_secs(5),
        )
    }
}

/// Middleware for every API route: the caller's calls per second.
pub async fn limit_rate(
    State(share): State<Arc<FairShare>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(key) = request
        .extensions()
        .get::<Caller>()
        .map(|c| c.share.clone())
    else {
        return next.run(request).await;
    };
    match share.check_rate(&key) {
        Ok(()) => crate::budget::on_behalf_of(key, next.run(request)).await,
        Err(wait) => too_many(
            ErrorCode::TooManyRequests,
            format!(
                "You sent more than {} calls per second; wait a moment.",
                share.limits.calls_per_second
            ),
            wait,
        ),
    }
}

/// Middleware for the API calls: the caller's calls in progress.
pub async fn limit_in_progress(
    State(share): State<Arc<FairShare>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(key) = request
        .extensions()
        .get::<Caller>()
        .map(|c| c.share.clone())
    else {
        return next.run(request).await;
    };
    match share.try_call(&key) {
        Some(slot) => {
            let response = next.run(request).await;
            drop(slot);
            response
        }
        None => too_many(
            ErrorCode::TooManyRequests,
            format!(
                "You already have {} calls in progress; wait for them to finish.",
                share.limits.max_calls_in_progress
            ),
            Duration::from_secs(1),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_counted_per_caller_and_given_back() {
        let share = FairShare::new(FairShareLimits {
            calls_per_second: 1,
            max_calls_in_progress: 2,
            max_streams: 1,
        });
        let first = share.try_call("alice").unwrap();
        let second = share.try_call("alice").unwrap();
        assert!(share.try_call("alice").is_none());
        assert!(share.try_call("bob").is_some(), "bob is not affected");
        let stream = share.try_stream("alice").unwrap();
        assert!(share.try_stream("alice").is_none());
        drop((first, second, stream));
        assert_eq!(share.active_callers(), 0, "idle callers are forgotten");

        assert!(share.check_rate("alice").is_ok());
        assert!(share.check_rate("alice").is_ok(), "a burst of two");
        let wait = share.check_rate("alice").unwrap_err();
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_secs(1),
            "{wait:?}"
        );
        assert!(share.check_rate("bob").is_ok());
    }
}
