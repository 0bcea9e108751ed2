//! The proxy's one budget of upstream calls (`--upstream-rate N`, calls per second with a
//! burst of 2 N): a token bucket (`governor`) that every upstream call takes a token from,
//! whoever causes it. The account's API quota is shared by every user of the proxy, so one
//! user's flood spends this budget, not the account's: the others then wait their turn
//! instead of getting the API's 429s.
//!
//! Each caller may spend at most half of it (a bucket per caller, keyed by `Caller::share`,
//! known to the upstream calls a request causes through [`on_behalf_of`]): a call that needs
//! lookups (scope, protection, disks) costs several upstream calls, so one caller's calls per
//! second alone would not keep it from spending the whole budget. The status poller spends
//! for everybody and has no share of its own.
//!
//! An upstream 429 (`REQUEST_LIMIT_EXCEEDED`) pauses the whole budget: for the API's
//! `Retry-After` when it sends one, else 1 s, doubling with each further 429 up to 30 s, and
//! back to 1 s after an answer that is not a 429. A call waits at most `max_wait` for a token;
//! past that it is not sent and the caller gets 429 `UPSTREAM_BUSY` with `Retry-After`.

use std::future::Future;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::time::Instant;

/// Calls per second when `--upstream-rate` is not given: a fraction of what any cloud API
/// allows one account, so that the proxy is never the reason for the account's 429s.
pub const DEFAULT_UPSTREAM_RATE: u32 = 10;
/// The longest a call waits for a token before it is refused.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(2);
const FIRST_PAUSE: Duration = Duration::from_secs(1);
const LONGEST_PAUSE: Duration = Duration::from_secs(30);

tokio::task_local! {
    static CALLER_SHARE: String;
}

/// Runs `work` (a request's handling) with its upstream calls counted against `share`.
pub async fn on_behalf_of<F: Future>(share: String, work: F) -> F::Output {
    CALLER_SHARE.scope(share, work).await
}

fn current_share() -> Option<String> {
    CALLER_SHARE.try_with(String::clone).ok()
}

struct Pause {
    until: Option<Instant>,
    next: Duration,
}

pub struct UpstreamBudget {
    limiter: DefaultDirectRateLimiter,
    per_caller: DefaultKeyedRateLimiter<String>,
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
        let half = NonZeroU32::new((rate.get() / 2).max(1)).expect("at least 1");
        Arc::new(UpstreamBudget {
            limiter: RateLimiter::direct(Quota::per_second(rate).allow_burst(burst)),
            per_caller: RateLimiter::keyed(Quota::per_second(half).allow_burst(rate)),
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

    /// Takes a token (of the caller's share first, when the call is made for one), waiting
    /// up to `max_wait`; else says how long to wait before trying again.
    pub async fn acquire(&self, max_wait: Duration) -> Result<(), Duration> {
        let deadline = Instant::now() + max_wait;
        if let Some(share) = current_share() {
            loop {
                match self.per_caller.check_key(&share) {
                    Ok(()) => break,
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

    /// Forgets the shares of callers that have been quiet long enough to be full again.
    pub fn forget_idle(&self) {
        self.per_caller.retain_recent();
        self.per_caller.shrink_to_fit();
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
    async fn one_caller_spends_at_most_half_of_the_budget() {
        let budget = UpstreamBudget::new(10);
        let spend = |who: &'static str| {
            let budget = budget.clone();
            on_behalf_of(who.to_owned(), async move {
                let mut spent = 0;
                while budget.acquire(Duration::ZERO).await.is_ok() {
                    spent += 1;
                }
                spent
            })
        };
        assert_eq!(spend("bob").await, 10, "a burst of half the bucket");
        assert_eq!(spend("alice").await, 10, "the other half is alice's");
        assert!(budget.acquire(Duration::ZERO).await.is_err(), "all spent");
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
