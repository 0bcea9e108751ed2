//! `make bench`: the fair-share limits under load, with the default limits and portal
//! sessions. While bob floods (calls, streams, connections), how is alice served, and how
//! many calls reach the API? Figures, not assertions.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use zec_emulator::auth::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD};
use zec_emulator::{Emulator, EmulatorConfig, Faults};
use zec_proxy::session::{mint, SessionKeys, SessionRequest};
use zec_proxy::upstream::UpstreamCredentials;
use zec_proxy::{build, ProxyConfig};

const SECRET: &[u8] = b"bench-portal-session-secret-0123456789abcdef";
const BODY: &str = r#"{"instanceIds":["ins-web-01"]}"#;

fn session(sub: &str, instances: &[&str]) -> String {
    let request = SessionRequest {
        sub: sub.into(),
        instances: instances.iter().map(|id| id.to_string()).collect(),
        ttl_seconds: 3600,
        ..SessionRequest::default()
    };
    let now = zec_api::time::unix_seconds(std::time::SystemTime::now());
    mint(&SessionKeys::hs256(SECRET).unwrap(), &request, now).unwrap()
}

async fn call(http: &reqwest::Client, proxy: SocketAddr, token: &str) -> (u16, String, Duration) {
    let started = Instant::now();
    let response = http
        .post(format!("http://{proxy}/api/v2/zec"))
        .header("content-type", "application/json")
        .header("x-zc-action", "DescribeInstancesStatus")
        .bearer_auth(token)
        .body(BODY)
        .send()
        .await;
    match response {
        Ok(response) => {
            let status = response.status().as_u16();
            let body: serde_json::Value = response.json().await.unwrap_or_default();
            let code = body["code"].as_str().unwrap_or("OK").to_owned();
            (status, code, started.elapsed())
        }
        Err(_) => (0, "CONNECTION".into(), started.elapsed()),
    }
}

fn upstream_total(emulator: &Emulator) -> u64 {
    emulator.calls().values().sum()
}

fn summary(outcomes: &[(u16, String, Duration)]) -> String {
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, code, _) in outcomes {
        *codes.entry(code.as_str()).or_default() += 1;
    }
    let mut ok: Vec<Duration> = outcomes
        .iter()
        .filter(|(status, _, _)| *status == 200)
        .map(|(_, _, took)| *took)
        .collect();
    ok.sort();
    let pct = |p: f64| ok.get(((ok.len().max(1) - 1) as f64 * p) as usize).copied();
    format!(
        "{} calls {codes:?}; served p50 {:?} p99 {:?}",
        outcomes.len(),
        pct(0.5).unwrap_or_default(),
        pct(0.99).unwrap_or_default()
    )
}

/// Alice calls every 250 ms (4 per second, within her share) for `window`.
async fn alice_meanwhile(proxy: SocketAddr, window: Duration) -> Vec<(u16, String, Duration)> {
    let http = reqwest::Client::new();
    let token = session("alice", &["ins-web-01"]);
    let deadline = Instant::now() + window;
    let mut outcomes = Vec::new();
    while Instant::now() < deadline {
        outcomes.push(call(&http, proxy, &token).await);
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    outcomes
}

async fn call_flood(proxy: SocketAddr, emulator: &Arc<Emulator>) {
    let window = Duration::from_secs(10);
    let before = upstream_total(emulator);
    let flood: Vec<_> = (0..32)
        .map(|_| {
            tokio::spawn(async move {
                let http = reqwest::Client::new();
                let token = session("bob", &["ins-web-01"]);
                let deadline = Instant::now() + window;
                let mut outcomes = Vec::new();
                while Instant::now() < deadline {
                    outcomes.push(call(&http, proxy, &token).await);
                }
                outcomes
            })
        })
        .collect();
    let alice = alice_meanwhile(proxy, window).await;
    let mut bob = Vec::new();
    for worker in flood {
        bob.extend(worker.await.unwrap());
    }
    let upstream = upstream_total(emulator) - before;
    println!("call flood, 10 s: bob with 32 concurrent workers, alice 4 calls/s:");
    println!("  bob:   {}", summary(&bob));
    println!("  alice: {}", summary(&alice));
    println!(
        "  upstream: {upstream} calls, {:.1}/s (budget 10/s, bursts of 20; one caller 5/s)",
        upstream as f64 / window.as_secs_f64()
    );
}

async fn upstream_rate_limited(proxy: SocketAddr, emulator: &Arc<Emulator>) {
    emulator.set_faults(Faults {
        rate_limit_rate: 0.3,
        ..Faults::default()
    });
    let before = upstream_total(emulator);
    let window = Duration::from_secs(8);
    let bob = tokio::spawn(async move {
        let http = reqwest::Client::new();
        let token = session("bob", &["ins-web-01"]);
        let deadline = Instant::now() + window;
        let mut outcomes = Vec::new();
        while Instant::now() < deadline {
            outcomes.push(call(&http, proxy, &token).await);
        }
        outcomes
    });
    let alice = alice_meanwhile(proxy, window).await;
    let bob = bob.await.unwrap();
    emulator.set_faults(Faults::default());
    let upstream = upstream_total(emulator) - before;
    println!("the API answers 30 % of calls with 429, 8 s (the budget pauses on each):");
    println!("  bob:   {}", summary(&bob));
    println!("  alice: {}", summary(&alice));
    println!(
        "  upstream: {upstream} calls, {:.1}/s",
        upstream as f64 / window.as_secs_f64()
    );
    tokio::time::sleep(Duration::from_secs(3)).await; // let the pause end
}

async fn stream_flood(proxy: SocketAddr) {
    let http = reqwest::Client::new();
    let url = format!("http://{proxy}/api/v2/zec/status-stream?instanceIds=ins-web-01");
    let bob = session("bob", &["ins-web-01"]);
    let mut held = Vec::new();
    let mut codes: BTreeMap<u16, usize> = BTreeMap::new();
    for _ in 0..100 {
        let response = http.get(&url).bearer_auth(&bob).send().await.unwrap();
        *codes.entry(response.status().as_u16()).or_default() += 1;
        held.push(response);
    }
    let other = reqwest::Client::builder()
        .local_address(IpAddr::from([127, 0, 0, 3]))
        .build()
        .unwrap();
    let started = Instant::now();
    let alice = other
        .get(&url)
        .bearer_auth(session("alice", &["ins-web-01"]))
        .send()
        .await
        .unwrap();
    println!(
        "stream flood: bob opened 100 streams: {codes:?}; alice's stream: {} in {:?}",
        alice.status(),
        started.elapsed()
    );
}

async fn connection_flood(proxy: SocketAddr) {
    let mut silent = Vec::new();
    for _ in 0..500 {
        if let Ok(stream) = tokio::net::TcpStream::connect(proxy).await {
            silent.push(stream);
        }
    }
    // A connection over the address's cap is answered after its head (at most 1 s).
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mut refused = 0;
    for stream in &mut silent {
        let mut buffer = [0u8; 32];
        let read = tokio::time::timeout(
            Duration::from_millis(2),
            tokio::io::AsyncReadExt::read(stream, &mut buffer),
        )
        .await;
        if matches!(read, Ok(Ok(n)) if n > 0) || matches!(read, Ok(Ok(0))) {
            refused += 1;
        }
    }
    let other = reqwest::Client::builder()
        .local_address(IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap();
    let started = Instant::now();
    let status = other
        .get(format!("http://{proxy}/healthz"))
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0);
    println!(
        "connection flood: 500 silent connections from 127.0.0.1: {} held, {refused} answered \
         429 and closed at once; another address: {status} in {:?}",
        silent.len() - refused,
        started.elapsed()
    );
}

#[tokio::main]
async fn main() {
    let emulator = Emulator::new(EmulatorConfig {
        faults: Faults {
            latency_ms: 20,
            ..Faults::default()
        },
        ..EmulatorConfig::default()
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let emulator_addr = listener.local_addr().unwrap();
    let app = zec_emulator::router(emulator.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let mut config = ProxyConfig::new(std::env::temp_dir());
    config.upstream = format!("http://{emulator_addr}").parse().unwrap();
    config.credentials = Some(UpstreamCredentials::AccessKey {
        id: DEFAULT_ACCESS_KEY_ID.into(),
        password: DEFAULT_ACCESS_KEY_PASSWORD.into(),
    });
    config.access.control.sessions = Some(SessionKeys::hs256(SECRET).unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy = listener.local_addr().unwrap();
    config.listen = proxy;
    let built = build(config).await.unwrap();
    tokio::spawn(built.serve(listener, std::future::pending()));
    println!("fair share with the default limits (10 calls/s and 8 streams per caller, 64 connections per address, upstream 10 calls/s, at most 5 of them for one caller), emulator 20 ms away:");

    call_flood(proxy, &emulator).await;
    upstream_rate_limited(proxy, &emulator).await;
    stream_flood(proxy).await;
    connection_flood(proxy).await;
}
