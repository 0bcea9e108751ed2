//! The same-origin proxy: serves the console, keeps the credentials, signs and forwards the
//! allowlisted actions, and streams live status. With no credentials it embeds the emulator.
//!
//! - `upstream`: signing, timeouts and retries towards the API;
//! - `forward`: the browser-facing API and its checks;
//! - `access` / `scope`: who may call, and for which instances;
//! - `status`: the shared status poller and its SSE stream;
//! - `app`: the router, static files and headers; `log`: the access log.

pub mod access;
pub mod app;
pub mod forward;
pub mod log;
pub mod scope;
pub mod status;
pub mod upstream;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use zec_emulator::auth::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD};
use zec_emulator::{Emulator, EmulatorConfig, Fixture, Timings};

use crate::access::AccessPolicy;
use crate::app::AppState;
use crate::status::StatusHub;
use crate::upstream::{RetryPolicy, Upstream, UpstreamCredentials};

pub const DEFAULT_UPSTREAM: &str = "https://console.zenlayer.com";

/// Settings of the emulator the proxy starts when it has no credentials.
#[derive(Clone, Debug)]
pub struct EmulatorOptions {
    pub listen: SocketAddr,
    pub timings: Timings,
    pub fixture: Option<PathBuf>,
}

impl Default for EmulatorOptions {
    fn default() -> Self {
        EmulatorOptions {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            timings: Timings::default(),
            fixture: None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct ProxyConfig {
    pub upstream: url::Url,
    /// None: start the embedded emulator and use its credentials.
    pub credentials: Option<UpstreamCredentials>,
    pub emulator: EmulatorOptions,
    pub access: AccessPolicy,
    pub status_interval: Duration,
    pub heartbeat_interval: Duration,
    pub upstream_timeout: Duration,
    pub retry: RetryPolicy,
    pub static_dir: PathBuf,
}

impl ProxyConfig {
    pub fn new(static_dir: PathBuf) -> ProxyConfig {
        ProxyConfig {
            upstream: DEFAULT_UPSTREAM.parse().expect("valid default upstream"),
            credentials: None,
            emulator: EmulatorOptions::default(),
            access: AccessPolicy::default(),
            status_interval: Duration::from_secs(2),
            heartbeat_interval: Duration::from_secs(15),
            upstream_timeout: Duration::from_secs(20),
            retry: RetryPolicy::default(),
            static_dir,
        }
    }
}

/// A proxy ready to serve.
pub struct Proxy {
    pub router: Router,
    pub state: Arc<AppState>,
    /// Where the embedded emulator listens (emulator mode only).
    pub emulator_addr: Option<SocketAddr>,
    pub emulator: Option<Arc<Emulator>>,
}

/// Builds the proxy and starts its background parts (status poller, embedded emulator).
/// Must be called inside a Tokio runtime.
pub async fn build(config: ProxyConfig) -> anyhow::Result<Proxy> {
    let (upstream_url, credentials, emulator, emulator_addr, mode) = match config.credentials {
        Some(credentials) => (config.upstream, credentials, None, None, "cloud"),
        None => {
            let fixture = match &config.emulator.fixture {
                Some(path) => Fixture::load(path)?,
                None => Fixture::builtin(),
            };
            let emulator = Emulator::new(EmulatorConfig {
                fixture,
                timings: config.emulator.timings,
                ..EmulatorConfig::default()
            });
            let listener = tokio::net::TcpListener::bind(config.emulator.listen).await?;
            let addr = listener.local_addr()?;
            let app = zec_emulator::router(emulator.clone());
            tokio::spawn(async move {
                if let Err(error) = axum::serve(listener, app).await {
                    tracing::error!(%error, "embedded emulator stopped");
                }
            });
            let credentials = UpstreamCredentials::AccessKey {
                id: DEFAULT_ACCESS_KEY_ID.to_owned(),
                password: DEFAULT_ACCESS_KEY_PASSWORD.to_owned(),
            };
            (
                format!("http://{addr}").parse()?,
                credentials,
                Some(emulator),
                Some(addr),
                "emulator",
            )
        }
    };
    let upstream = Upstream::new(
        upstream_url,
        credentials,
        config.upstream_timeout,
        config.retry,
    )?;
    let status = StatusHub::new(config.status_interval, config.heartbeat_interval);
    tokio::spawn(status.clone().run_poller(upstream.clone()));
    let state = Arc::new(AppState {
        upstream,
        access: config.access,
        status,
        mode,
    });
    Ok(Proxy {
        router: app::router(state.clone(), &config.static_dir),
        state,
        emulator_addr,
        emulator,
    })
}
