//! The proxy's defences over real HTTP on loopback: DNS rebinding and cross-site requests,
//! content types, slow and idle connections, the connection and per-client limits, what is
//! forwarded, body sizes, the health check and the bounds of the live status stream.

#[path = "../support/mod.rs"]
mod support;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::{raw_exchange, read_events, send, stack, Options};
use zec_emulator::{EmulatorConfig, Faults};
use zec_proxy::upstream::UpstreamCredentials;
use zec_proxy::ProxyConfig;

/// A proxy whose upstream is `upstream`, with a bearer token the upstream ignores.
async fn proxy_in_front_of(
    upstream: SocketAddr,
    configure: impl FnOnce(&mut ProxyConfig),
) -> (SocketAddr, Arc<zec_proxy::Proxy>) {
    support::captured_logs();
    let mut config = ProxyConfig::new(support::static_dir());
    config.upstream = format!("http://{upstream}").parse().unwrap();
    config.credentials = Some(UpstreamCredentials::Token("upstream-token".into()));
    config.status.interval = Duration::from_millis(300);
    config.status.heartbeat = Duration::from_millis(500);
    config.upstream_timeout = Duration::from_secs(2);
    config.health_probe_after = Duration::from_millis(100);
    configure(&mut config);
    let (listener, addr) = support::listener().await;
    let built = support::serve_proxy(config, listener).await;
    (addr, built)
}

/// The API answering success to every call (an empty page to a listing: the proxy's
/// protection lookup).
fn success(action: &str, _body: &Value) -> Value {
    if action == "DescribeInstances" {
        json!({"requestId": "captured-1", "totalCount": 0, "dataSet": []})
    } else {
        json!({"requestId": "captured-1", "instanceIds": []})
    }
}

/// An address where nothing listens.
async fn closed_port() -> SocketAddr {
    let (listener, addr) = support::listener().await;
    drop(listener);
    addr
}

fn client_resolving(name: &str, to: SocketAddr) -> reqwest::Client {
    reqwest::Client::builder()
        .resolve(name, to)
        .build()
        .unwrap()
}

mod connections;
mod forwarded;
mod health;
mod origins;
mod streams;
