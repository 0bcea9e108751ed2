//! The one place that talks to the Zenlayer API: signs each call with ZC2-HMAC-SHA256 (or a
//! bearer token), applies the timeout, and retries read-only calls on 429, 5xx and
//! connection errors with backoff and jitter. State-changing calls are never retried.
//!
//! Every call, whoever causes it (a browser's call, a scope or protection lookup, the status
//! poller), first takes a token of the proxy's one [`UpstreamBudget`]: the account's API quota
//! is shared by every user of the proxy, so no user can spend it alone. An upstream 429 pauses
//! the whole budget for a while (doubling, 1 s to 30 s, or the API's `Retry-After`).

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::body::Bytes;
use rand::Rng;

pub use crate::budget::UpstreamBudget;
use zec_api::signing::{self, SignedParts};
use zec_api::Action;

/// How the proxy proves who it is to the API. Debug output never shows the secret.
#[derive(Clone)]
pub enum UpstreamCredentials {
    AccessKey { id: String, password: String },
    Token(String),
}

impl fmt::Debug for UpstreamCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UpstreamCredentials::AccessKey { id, .. } => write!(f, "AccessKey({id}, <redacted>)"),
            UpstreamCredentials::Token(_) => f.write_str("Token(<redacted>)"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Delay before the first retry; doubled each time, with up to 50 % jitter added.
    pub base_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(250),
        }
    }
}

/// The API's answer, passed to the browser as it came: status and envelope.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Bytes,
}

#[derive(Debug)]
pub enum UpstreamError {
    /// No answer in time: for a state-changing call the change may or may not have happened.
    Timeout,
    /// The connection failed or was cut.
    Unreachable(String),
    /// Not sent: the proxy's upstream budget had no token within the wait allowed; try again
    /// after this long.
    Busy(Duration),
}

impl UpstreamError {
    /// The code the browser sees for this failure.
    pub fn code(&self) -> zec_api::ErrorCode {
        match self {
            UpstreamError::Timeout => zec_api::ErrorCode::UpstreamTimeout,
            UpstreamError::Unreachable(_) => zec_api::ErrorCode::UpstreamUnreachable,
            UpstreamError::Busy(_) => zec_api::ErrorCode::UpstreamBusy,
        }
    }

    /// The refusal of a lookup the proxy needed before forwarding (scope, protection, disks):
    /// nothing was sent. `failure` is the sentence for an unreachable API.
    pub fn lookup_refusal(&self, failure: &str) -> zec_api::Refusal {
        match self {
            UpstreamError::Busy(_) => zec_api::Refusal::new(zec_api::ErrorCode::UpstreamBusy),
            _ => zec_api::Refusal::with(zec_api::ErrorCode::UpstreamUnreachable, failure),
        }
    }
}

/// When the API last answered, and when a call last failed (no answer, or a 5xx).
#[derive(Clone, Copy, Debug, Default)]
pub struct Reachability {
    pub last_success: Option<Instant>,
    pub last_failure: Option<Instant>,
}

impl Reachability {
    /// Reachable when the latest outcome was an answer. `None` before any call.
    pub fn reachable(&self) -> Option<bool> {
        match (self.last_success, self.last_failure) {
            (None, None) => None,
            (Some(_), None) => Some(true),
            (None, Some(_)) => Some(false),
            (Some(success), Some(failure)) => Some(success >= failure),
        }
    }
}

#[derive(Clone)]
pub struct Upstream {
    http: reqwest::Client,
    base: url::Url,
    host: String,
    credentials: UpstreamCredentials,
    retry: RetryPolicy,
    timeout: Duration,
    reachability: Arc<Mutex<Reachability>>,
    budget: Arc<UpstreamBudget>,
}

fn unix_now() -> i64 {
    zec_api::time::unix_seconds(SystemTime::now())
}

impl Upstream {
    pub fn new(
        base: url::Url,
        credentials: UpstreamCredentials,
        timeout: Duration,
        retry: RetryPolicy,
    ) -> anyhow::Result<Upstream> {
        let host = match (base.host_str(), base.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => anyhow::bail!("the upstream URL {base} has no host"),
        };
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .pool_max_idle_per_host(64)
            .build()?;
        Ok(Upstream {
            http,
            base,
            host,
            credentials,
            retry,
            timeout,
            reachability: Arc::default(),
            budget: UpstreamBudget::new(crate::budget::DEFAULT_UPSTREAM_RATE),
        })
    }

    /// Uses `budget` for every call (the default allows
    /// [`crate::budget::DEFAULT_UPSTREAM_RATE`] calls per second).
    pub fn with_budget(mut self, budget: Arc<UpstreamBudget>) -> Upstream {
        self.budget = budget;
        self
    }

    pub fn budget(&self) -> &Arc<UpstreamBudget> {
        &self.budget
    }

    pub fn base(&self) -> &url::Url {
        &self.base
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    pub fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The outcome of the latest calls, for the health check.
    pub fn reachability(&self) -> Reachability {
        *self.reachability.lock().expect("reachability lock")
    }

    fn record(&self, result: &Result<Answer, UpstreamError>) {
        let now = Instant::now();
        let mut reachability = self.reachability.lock().expect("reachability lock");
        match result {
            Ok(answer) if answer.status < 500 => reachability.last_success = Some(now),
            Err(UpstreamError::Busy(_)) => {} // never sent
            _ => reachability.last_failure = Some(now),
        }
    }

    /// One attempt with its own timeout and no retry: for the status poller, whose next
    /// interval is its retry, and for the health probe.
    pub async fn call_once_within(
        &self,
        action: Action,
        body: &Bytes,
        timeout: Duration,
    ) -> Result<Answer, UpstreamError> {
        let result = self.send(action, body, Some(timeout)).await;
        self.record(&result);
        result
    }

    /// Calls an action, retrying only if it is read-only.
    pub async fn call(&self, action: Action, body: &Bytes) -> Result<Answer, UpstreamError> {
        let retries = if action.is_read_only() {
            self.retry.max_retries
        } else {
            0
        };
        let mut attempt = 0;
        let mut previous: Option<Result<Answer, UpstreamError>> = None;
        loop {
            let result = self.send(action, body, None).await;
            if let (Err(UpstreamError::Busy(_)), Some(previous)) = (&result, previous.take()) {
                // The budget allows no retry now: the last real answer stands.
                return previous;
            }
            self.record(&result);
            let retryable = match &result {
                Ok(answer) => answer.status == 429 || answer.status >= 500,
                Err(UpstreamError::Unreachable(_)) | Err(UpstreamError::Timeout) => true,
                Err(UpstreamError::Busy(_)) => false,
            };
            if !retryable || attempt >= retries {
                return result;
            }
            let backoff = self.retry.base_delay * 2u32.pow(attempt);
            let jitter = backoff.mul_f64(rand::thread_rng().gen_range(0.0..0.5));
            tracing::warn!(
                action = action.name(),
                attempt = attempt + 1,
                "retrying upstream call"
            );
            tokio::time::sleep(backoff + jitter).await;
            previous = Some(result);
            attempt += 1;
        }
    }

    async fn send(
        &self,
        action: Action,
        body: &Bytes,
        timeout: Option<Duration>,
    ) -> Result<Answer, UpstreamError> {
        let wait = timeout.map_or(self.budget.max_wait(), |timeout| {
            timeout.min(self.budget.max_wait())
        });
        self.budget
            .acquire(wait)
            .await
            .map_err(UpstreamError::Busy)?;
        let service = action.service();
        let url = self
            .base
            .join(service.path())
            .map_err(|error| UpstreamError::Unreachable(error.to_string()))?;
        let mut request = self
            .http
            .post(url)
            .header("content-type", "application/json")
            .header("host", &self.host)
            .header("x-zc-action", action.name())
            .header("x-zc-version", service.version())
            .header("x-zc-service", service.as_str());
        if let Some(timeout) = timeout {
            request = request.timeout(timeout);
        }
        match &self.credentials {
            UpstreamCredentials::AccessKey { id, password } => {
                let parts = SignedParts {
                    content_type: "application/json",
                    host: &self.host,
                    timestamp: unix_now(),
                    body,
                };
                for (name, value) in signing::signed_headers(id, password, &parts) {
                    request = request.header(name, value);
                }
            }
            UpstreamCredentials::Token(token) => request = request.bearer_auth(token),
        }
        let classify = |error: reqwest::Error| {
            if error.is_timeout() {
                UpstreamError::Timeout
            } else {
                UpstreamError::Unreachable(error.without_url().to_string())
            }
        };
        let response = request.body(body.clone()).send().await.map_err(classify)?;
        let status = response.status().as_u16();
        if status == 429 {
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            self.budget.slow_down(retry_after);
        } else if status < 500 {
            self.budget.recovered();
        }
        let body = response.bytes().await.map_err(classify)?;
        Ok(Answer { status, body })
    }
}
