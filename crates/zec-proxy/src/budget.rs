//! The proxy's one budget of upstream calls (`--upstream-rate N`, calls per second with a
//! burst of 2 N): a token bucket (`governor`) that every upstream call takes a token from,
//! whoever causes it. The account's API quota is shared by every user of the proxy, so one
//! user's flood spends this budget, not the account's: the others then wait their turn
//! instead of getting the API's 429s.
//!
//! An upstream 429 (`REQUEST_LIMIT_EXCEEDED`) pauses the whole budget: for the API's
//! `Retry-After` when it sends one, else 1 s, doubling with each further 429 up to 30 s, and
//! back to 1 s after an answer that is not a 429. A call waits at most `max_wait` for a token;
//! past that it is not sent and the caller gets 429 `UPSTREAM_BUSY` with `Retry-After`.

use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::time::Instant;

/// Calls per second when `--upstream-rate` is not given: a fraction of what any cloud API
/// allows one account, so that the proxy is never the reason for the account's 429s.
pub const DEFAULT_UPSTREAM_RATE: u32 = 10;
/// The longest a call waits for a token before it is refused.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(2);
const FIRST_PAUSE: Duration = Duration::from_secs(1);
const LONGEST_PAUSE: Duration = Duration::from_secs(30);

struct Pause {
    until: Option<Instant>,
    next: Duration,
}

pub struct UpstreamBudget {
    limiter: DefaultDirectRateLimiter,
    clock: DefaultClock,
    per_second: u32,
    max_wait: Duration,
    pause: Mutex<Pause>,
}

impl UpstreamBudget {
    pub fn new(per_second: u32) -> Arc<UpstreamBudget> {
        UpstreamBudget::with_wait(per_second, DEFAULT_MAX_WAIT)
    }

    pub fn with_wait(per_second: u32, max_wait: Duration) -> Arc<UpstreamBudget> {
        let rate = NonZeroU32::new(per_second.max(1)).expect("at least 1");
        let burst = rate.saturating_mul(NonZeroU32::new(2).expect("2"));
        Arc::new(UpstreamBudget {
            limiter: RateLimiter::direct(Quota::per_second(rate).allow_burst(burst)),
            clock: DefaultClock::default(),
            per_second: rate.get(),
            max_wait,
            pause: Mutex::new(Pause {
                until: None,
                next: FIRST_PAUSE,
            }),
        })
    }

    pub fn per_second(&self) -> u32 {
        self.per_second
    }

    pub fn max_wait(&self) -> Duration {
        self.max_wait
    }

    fn paused_until(&self) -> Option<Instant> {
        let pause = self.pause.lock().expect("pause lock");
        pause.until.filter(|until| *until > Instant::now())
    }

    /// Takes a token, waiting up to `max_wait`; else says how long to wait before trying again.
    pub async fn acquire(&self, max_wait: Duration) -> Result<(), Duration> {
        let deadline = Instant::now() + max_wait;
        loop {
            if let Some(until) = self.paused_until() {
                if until > deadline {
                    return Err(until - Instant::now());
                }
                tokio::time::sleep_until(until).await;
                continue;
            }
            match self.limiter.check() {
                Ok(()) => return Ok(()),
                Err(not_until) => {
                    let wait = not_until.wait_time_from(self.clock.now());
                    if Instant::now() + wait > deadline {
                        return Err(wait.max(Duration::from_millis(1)));
                    }
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    /// The API answered 429: no call is sent for a while. The 429s of calls that were sent
    /// together count once: a pause grows only when a 429 comes after the last one ended.
    pub fn slow_down(&self, retry_after: Option<Duration>) {
        let mut pause = self.pause.lock().expect("pause lock");
        let now = Instant::now();
        let active = pause.until.is_some_and(|until| until > now);
        if active && retry_after.is_none() {
            return;
        }
        let length = retry_after.unwrap_or(pause.next).min(LONGEST_PAUSE);
        let until = now + length;
        if pause.until.is_none_or(|current| current < until) {
            pause.until = Some(until);
        }
        if !active {
            pause.next = (pause.next * 2).min(LONGEST_PAUSE);
        }
        tracing::warn!(
            pause_ms = length.as_millis() as u64,
            "the API answered 429: upstream calls paused for every caller"
        );
    }

    /// The API answered without a 429: the next pause starts short again.
    pub fn recovered(&self) {
        let mut pause = self.pause.lock().expect("pause lock");
        if pause.until.is_none_or(|until| until <= Instant::now()) {
            pause.next = FIRST_PAUSE;
        }
    }

    /// How long a refused caller should wait: the rest of a pause, else one token's time.
    pub fn retry_after(&self) -> Duration {
        match self.paused_until() {
            Some(until) => until - Instant::now(),
            None => Duration::from_secs(1) / self.per_second,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_burst_is_allowed_then_callers_wait_or_are_refused() {
        let budget = UpstreamBudget::new(5);
        for _ in 0..10 {
            budget.acquire(Duration::ZERO).await.unwrap();
        }
        let wait = budget.acquire(Duration::ZERO).await.unwrap_err();
        assert!(wait <= Duration::from_millis(200), "{wait:?}");
        budget.acquire(Duration::from_millis(500)).await.unwrap();
    }

    #[tokio::test]
    async fn a_429_pauses_everyone_and_pauses_grow() {
        let budget = UpstreamBudget::new(100);
        budget.slow_down(None);
        let wait = budget.acquire(Duration::from_millis(10)).await.unwrap_err();
        assert!(wait > Duration::from_millis(900), "{wait:?}");
        assert!(budget.retry_after() > Duration::from_millis(900));
        budget.slow_down(None);
        let wait = budget.retry_after();
        assert!(
            wait < Duration::from_millis(1100),
            "429s in one pause count once: {wait:?}"
        );
        tokio::time::sleep(wait + Duration::from_millis(10)).await;
        budget.slow_down(None);
        assert!(
            budget.retry_after() > Duration::from_millis(1900),
            "doubled"
        );
        budget.slow_down(Some(Duration::from_secs(600)));
        assert!(budget.retry_after() <= LONGEST_PAUSE);
    }
}
