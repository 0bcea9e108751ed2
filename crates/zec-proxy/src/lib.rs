//! The same-origin proxy: serves the console, keeps the credentials, signs and forwards the
//! allowlisted actions, and streams live status. With no credentials it embeds the emulator
//! (cargo feature `emulator`, on by default; a cloud-only build leaves it out).
//!
//! - `upstream`: signing, timeouts and retries towards the API;
//! - `forward`: the browser-facing API and its checks; `request`: the forwarded requests, typed;
//! - `origin`: which hosts and origins may call (DNS rebinding, cross-site requests);
//! - `access`: who may do what, the one decision point (`Caller`, `decide`); `identify`: how
//!   the caller is recognised (portal sessions, identity header, token); `session`: the
//!   sessions' JWT; `ids`: ids in canonical form only;
//! - `scope`: calls naming instances checked, listings narrowed; `protect`: the protection
//!   policy as a caller may see it; `snapshots`: disks and snapshots mapped to instances;
//! - `limit`: each caller's fair share; `budget`: the proxy's one budget of upstream calls;
//! - `status`: the shared status poller and its SSE stream;
//! - `activity`: the history of state-changing calls in SQLite or PostgreSQL (one store
//!   interface), followed to their end, and its read route;
//! - `app`: the router, static files, headers and the health check; `log`: the access log;
//! - `server`: connections, their timeouts and limits, graceful shutdown;
//! - `secret`: the browsers' token, redacted in Debug.

pub mod access;
pub mod activity;
pub mod address_cap;
pub mod app;
pub mod budget;
pub mod forward;
pub mod identify;
pub mod ids;
pub mod limit;
pub mod log;
pub mod origin;
pub mod protect;
pub mod request;
pub mod scope;
pub mod secret;
pub mod server;
pub mod session;
pub mod snapshots;
pub mod startup;
pub mod status;
pub mod status_stream;
pub mod upstream;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;

use crate::access::AccessPolicy;
use crate::activity::{Activity, ActivityOptions};
use crate::app::AppState;
use crate::budget::UpstreamBudget;
use crate::limit::{FairShare, FairShareLimits};
use crate::origin::AllowedOrigins;
use crate::server::ServerLimits;
use crate::status::{StatusHub, StatusOptions};
use crate::upstream::{RetryPolicy, Upstream, UpstreamCredentials};

pub const DEFAULT_UPSTREAM: &str = "https://console.zenlayer.com";

/// Settings of the emulator the proxy starts when it has no credentials.
#[cfg(feature = "emulator")]
#[derive(Clone, Debug)]
pub struct EmulatorOptions {
    pub listen: SocketAddr,
    pub timings: zec_emulator::Timings,
    pub fixture: Option<PathBuf>,
}

#[cfg(feature = "emulator")]
impl Default for EmulatorOptions {
    fn default() -> Self {
        EmulatorOptions {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            timings: zec_emulator::Timings::default(),
            fixture: None,
        }
    }
}

/// Everything the proxy is configured with. Debug output redacts every secret.
#[derive(Clone, Debug)]
pub struct ProxyConfig {
    /// The address the proxy listens on (its host names are allowed by default).
    pub listen: SocketAddr,
    /// Origins browsers use to reach the proxy besides its listen address, e.g. behind a
    /// reverse proxy (`--public-origin`).
    pub public_origins: Vec<url::Url>,
    pub upstream: url::Url,
    /// None: start the embedded emulator and use its credentials.
    pub credentials: Option<UpstreamCredentials>,
    #[cfg(feature = "emulator")]
    pub emulator: EmulatorOptions,
    pub access: AccessPolicy,
    pub status: StatusOptions,
    /// Where the activity history is kept (`--database`) and for how long.
    pub activity: ActivityOptions,
    pub upstream_timeout: Duration,
    pub retry: RetryPolicy,
    pub server: ServerLimits,
    /// Each caller's share (`limit.rs`).
    pub fair_share: FairShareLimits,
    /// Upstream calls per second for the whole proxy (`budget.rs`).
    pub upstream_rate: u32,
    /// The longest a call waits for the upstream budget before it is refused.
    pub upstream_wait: Duration,
    /// How stale the last answer from the API may be before the health check asks it.
    pub health_probe_after: Duration,
    pub static_dir: PathBuf,
}

impl ProxyConfig {
    pub fn new(static_dir: PathBuf) -> ProxyConfig {
        ProxyConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_origins: Vec::new(),
            upstream: DEFAULT_UPSTREAM.parse().expect("valid default upstream"),
            credentials: None,
            #[cfg(feature = "emulator")]
            emulator: EmulatorOptions::default(),
            access: AccessPolicy::default(),
            status: StatusOptions::default(),
            activity: ActivityOptions::default(),
            upstream_timeout: Duration::from_secs(20),
            retry: RetryPolicy::default(),
            server: ServerLimits::default(),
            fair_share: FairShareLimits::default(),
            upstream_rate: budget::DEFAULT_UPSTREAM_RATE,
            upstream_wait: budget::DEFAULT_MAX_WAIT,
            health_probe_after: Duration::from_secs(30),
            static_dir,
        }
    }

    /// The longest one API call can legitimately take: an instance-scope lookup and the call
    /// itself, each with every retry timing out and the longest backoff with jitter.
    pub fn request_timeout(&self) -> Duration {
        let attempts = self.retry.max_retries + 1;
        let backoff: Duration = (0..self.retry.max_retries)
            .map(|attempt| self.retry.base_delay * 2u32.saturating_pow(attempt))
            .sum();
        let one_call = self.upstream_timeout * attempts + backoff.mul_f64(1.5);
        one_call * 2 + Duration::from_secs(1)
    }
}

/// A proxy ready to serve.
pub struct Proxy {
    pub router: Router,
    pub state: Arc<AppState>,
    pub server: ServerLimits,
    /// Where the embedded emulator listens (emulator mode only).
    pub emulator_addr: Option<SocketAddr>,
    #[cfg(feature = "emulator")]
    pub emulator: Option<Arc<zec_emulator::Emulator>>,
}

impl Proxy {
    /// Serves on `listener` until `shutdown` resolves; then open status streams get their
    /// `closing` event and in-flight calls finish (within the grace period).
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl std::future::Future<Output = ()>,
    ) {
        let hub = self.state.status.clone();
        let shutdown = async move {
            shutdown.await;
            tracing::info!("shutting down: no new connections; finishing open calls and streams");
            hub.close("shutdown");
        };
        server::serve(listener, self.router, self.server, shutdown).await;
    }
}

/// Where calls go and with which credentials.
struct Backend {
    url: url::Url,
    credentials: UpstreamCredentials,
    mode: &'static str,
    emulator_addr: Option<SocketAddr>,
    #[cfg(feature = "emulator")]
    emulator: Option<Arc<zec_emulator::Emulator>>,
}

#[cfg(feature = "emulator")]
async fn embedded_emulator(options: &EmulatorOptions) -> anyhow::Result<Backend> {
    use zec_emulator::auth::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD};
    use zec_emulator::{Emulator, EmulatorConfig, Fixture};

    let fixture = match &options.fixture {
        Some(path) => Fixture::load(path)?,
        None => Fixture::builtin(),
    };
    let emulator = Emulator::new(EmulatorConfig {
        fixture,
        timings: options.timings,
        ..EmulatorConfig::default()
    });
    let listener = tokio::net::TcpListener::bind(options.listen).await?;
    let addr = listener.local_addr()?;
    let app = zec_emulator::router(emulator.clone());
    tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            tracing::error!(%error, "embedded emulator stopped");
        }
    });
    Ok(Backend {
        url: format!("http://{addr}").parse()?,
        credentials: UpstreamCredentials::AccessKey {
            id: DEFAULT_ACCESS_KEY_ID.to_owned(),
            password: DEFAULT_ACCESS_KEY_PASSWORD.to_owned(),
        },
        mode: "emulator",
        emulator_addr: Some(addr),
        emulator: Some(emulator),
    })
}

/// Builds the proxy and starts its background parts (status poller, embedded emulator).
/// Must be called inside a Tokio runtime.
pub async fn build(mut config: ProxyConfig) -> anyhow::Result<Proxy> {
    config.access.check()?;
    let request_timeout = config.request_timeout();
    let backend = match config.credentials {
        Some(credentials) => Backend {
            url: config.upstream,
            credentials,
            mode: "cloud",
            emulator_addr: None,
            #[cfg(feature = "emulator")]
            emulator: None,
        },
        #[cfg(feature = "emulator")]
        None => embedded_emulator(&config.emulator).await?,
        #[cfg(not(feature = "emulator"))]
        None => anyhow::bail!(
            "no credentials: set ZENLAYER_ACCESS_KEY_ID and ZENLAYER_ACCESS_KEY_PASSWORD (or \
             ZENLAYER_ACCESS_TOKEN); this build has no embedded emulator"
        ),
    };
    let upstream = Upstream::new(
        backend.url,
        backend.credentials,
        config.upstream_timeout,
        config.retry,
    )?
    .with_budget(UpstreamBudget::with_wait(
        config.upstream_rate,
        config.upstream_wait,
    ));
    let fair_share = FairShare::new(config.fair_share.clone());
    tokio::spawn(forget_idle_callers(
        Arc::downgrade(&fair_share),
        Arc::downgrade(upstream.budget()),
    ));
    // The portal's reverse proxies carry every user's connections.
    config.server.exempt_from_address_cap = config.access.control.trusted_proxies.clone();
    let status = StatusHub::new(config.status);
    tokio::spawn(status.clone().run_poller(upstream.clone()));
    let activity =
        Activity::open(config.activity, request_timeout, config.upstream_timeout).await?;
    tokio::spawn(activity::follow(
        activity.clone(),
        status.clone(),
        upstream.clone(),
    ));
    let state = Arc::new(AppState {
        upstream,
        access: config.access,
        origins: AllowedOrigins::new(config.listen, &config.public_origins),
        status,
        activity,
        fair_share,
        mode: backend.mode,
        request_timeout,
        body_timeout: config.server.header_read_timeout,
        body_deadline: config.server.body_deadline,
        health_probe_after: config.health_probe_after,
        health_probe: tokio::sync::Mutex::new(None),
    });
    Ok(Proxy {
        router: app::router(state.clone(), &config.static_dir),
        state,
        server: config.server,
        emulator_addr: backend.emulator_addr,
        #[cfg(feature = "emulator")]
        emulator: backend.emulator,
    })
}

/// Forgets the rate buckets of quiet callers once a minute, so memory follows the callers of
/// the last minute, not every caller ever seen.
async fn forget_idle_callers(
    share: std::sync::Weak<FairShare>,
    budget: std::sync::Weak<UpstreamBudget>,
) {
    let mut ticks = tokio::time::interval(Duration::from_secs(60));
    loop {
        ticks.tick().await;
        match (share.upgrade(), budget.upgrade()) {
            (Some(share), Some(budget)) => {
                share.forget_idle();
                budget.forget_idle();
            }
            _ => return,
        }
    }
}
