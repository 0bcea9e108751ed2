//! `make bench`: the proxy's added latency and throughput on loopback, and upstream status
//! calls per interval as the number of live-status viewers grows. Figures, not assertions.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures_util::StreamExt;
use zec_api::signing::{signed_headers, SignedParts};
use zec_emulator::auth::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD};
use zec_emulator::{Emulator, EmulatorConfig};
use zec_proxy::upstream::UpstreamCredentials;
use zec_proxy::{build, ProxyConfig};

const BODY: &str = r#"{"instanceIds":["ins-web-01","ins-web-02","ins-db-01"]}"#;

async fn serve(router: axum::Router) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

fn direct(http: &reqwest::Client, emulator: std::net::SocketAddr) -> reqwest::RequestBuilder {
    let host = emulator.to_string();
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let parts = SignedParts {
        content_type: "application/json",
        host: &host,
        timestamp,
        body: BODY.as_bytes(),
    };
    let mut request = http
        .post(format!("http://{emulator}/api/v2/zec"))
        .header("content-type", "application/json")
        .header("x-zc-action", "DescribeInstancesStatus");
    for (name, value) in signed_headers(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD, &parts)
    {
        request = request.header(name, value);
    }
    request.body(BODY)
}

fn via_proxy(http: &reqwest::Client, proxy: std::net::SocketAddr) -> reqwest::RequestBuilder {
    http.post(format!("http://{proxy}/api/v2/zec"))
        .header("content-type", "application/json")
        .header("x-zc-action", "DescribeInstancesStatus")
        .body(BODY)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn latencies(make: impl Fn() -> reqwest::RequestBuilder, n: usize) -> (Duration, Duration) {
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        let response = make().send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.bytes().await.unwrap();
        samples.push(started.elapsed());
    }
    samples.sort();
    (percentile(&samples, 0.5), percentile(&samples, 0.99))
}

async fn throughput(proxy: std::net::SocketAddr, concurrency: usize, window: Duration) -> f64 {
    let http = reqwest::Client::new();
    let deadline = Instant::now() + window;
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let http = http.clone();
            tokio::spawn(async move {
                let mut done = 0u64;
                while Instant::now() < deadline {
                    let response = via_proxy(&http, proxy).send().await.unwrap();
                    response.bytes().await.unwrap();
                    done += 1;
                }
                done
            })
        })
        .collect();
    let mut total = 0;
    for worker in workers {
        total += worker.await.unwrap();
    }
    total as f64 / window.as_secs_f64()
}

#[tokio::main]
async fn main() {
    let emulator = Emulator::new(EmulatorConfig::default());
    let emulator_addr = serve(zec_emulator::router(emulator.clone())).await;
    let mut config = ProxyConfig::new(std::env::temp_dir());
    config.upstream = format!("http://{emulator_addr}").parse().unwrap();
    config.credentials = Some(UpstreamCredentials::AccessKey {
        id: DEFAULT_ACCESS_KEY_ID.into(),
        password: DEFAULT_ACCESS_KEY_PASSWORD.into(),
    });
    let interval = Duration::from_millis(500);
    config.status.interval = interval;
    // The throughput run uses 32 concurrent clients, all from 127.0.0.1.
    config.fair_share.max_calls_in_progress = 64;
    config.fair_share.calls_per_second = 1_000_000;
    config.upstream_rate = 1_000_000;
    // The live-status run opens up to 1,000 streams from this one address: the fair share
    // meant for portal users would refuse all but 8 (and the address cap all but 64).
    config.fair_share.max_streams = 2_000;
    config.server.max_connections = 4_096;
    config.server.max_connections_per_address = 4_096;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy = listener.local_addr().unwrap();
    config.listen = proxy;
    let built = build(config).await.unwrap();
    let hub = built.state.status.clone();
    tokio::spawn(built.serve(listener, std::future::pending()));
    let http = reqwest::Client::new();

    // Warm up both paths (connection pools, caches).
    latencies(|| direct(&http, emulator_addr), 200).await;
    latencies(|| via_proxy(&http, proxy), 200).await;
    let (direct_p50, direct_p99) = latencies(|| direct(&http, emulator_addr), 3000).await;
    let (proxy_p50, proxy_p99) = latencies(|| via_proxy(&http, proxy), 3000).await;
    println!("latency, DescribeInstancesStatus, 3000 sequential calls on loopback:");
    println!("  direct to emulator: p50 {direct_p50:?}  p99 {direct_p99:?}");
    println!("  through the proxy:  p50 {proxy_p50:?}  p99 {proxy_p99:?}");
    println!(
        "  ratio proxy/direct: p50 {:.2}  p99 {:.2}",
        proxy_p50.as_secs_f64() / direct_p50.as_secs_f64(),
        proxy_p99.as_secs_f64() / direct_p99.as_secs_f64()
    );
    // Loopback makes the emulator answer in ~0.2 ms, so the proxy's own hop dominates the
    // ratio; with an upstream as far as a nearby cloud region the hop is what is left.
    emulator.set_faults(zec_emulator::Faults {
        latency_ms: 20,
        ..Default::default()
    });
    let (direct_p50, _) = latencies(|| direct(&http, emulator_addr), 200).await;
    let (proxy_p50, _) = latencies(|| via_proxy(&http, proxy), 200).await;
    println!(
        "  with 20 ms upstream latency: direct p50 {direct_p50:?}, proxy p50 {proxy_p50:?}, ratio {:.3}",
        proxy_p50.as_secs_f64() / direct_p50.as_secs_f64()
    );
    emulator.set_faults(zec_emulator::Faults::default());
    let rps = throughput(proxy, 32, Duration::from_secs(5)).await;
    println!("throughput through the proxy: {rps:.0} requests/s (32 concurrent clients, 5 s)");

    println!("live status: upstream DescribeInstancesStatus calls per {interval:?} interval, 10 watched instances:");
    let ids: Vec<String> = [
        "ins-web-01",
        "ins-web-02",
        "ins-db-01",
        "ins-mon-01",
        "ins-build-01",
        "ins-win-01",
        "ins-win-02",
        "ins-cache-01",
        "ins-edge-01",
        "ins-lab-01",
    ]
    .iter()
    .map(|id| id.to_string())
    .collect();
    let ids = Arc::new(ids);
    for watchers in [1usize, 10, 100, 1000] {
        let streams: Vec<_> = (0..watchers)
            .map(|i| {
                let url = format!(
                    "http://{proxy}/api/v2/zec/status-stream?instanceIds={}",
                    ids[i % ids.len()]
                );
                tokio::spawn(async move {
                    let response = reqwest::get(url).await.unwrap();
                    let mut body = response.bytes_stream();
                    while body.next().await.is_some() {}
                })
            })
            .collect();
        let wanted = watchers.min(ids.len());
        while hub.watched_count() < wanted {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        tokio::time::sleep(interval).await;
        let before = emulator
            .calls()
            .get("DescribeInstancesStatus")
            .copied()
            .unwrap_or(0);
        let window = interval * 10;
        tokio::time::sleep(window).await;
        let after = emulator
            .calls()
            .get("DescribeInstancesStatus")
            .copied()
            .unwrap_or(0);
        println!(
            "  {watchers:>5} watchers: {:.1} upstream calls per interval",
            (after - before) as f64 / 10.0
        );
        for stream in streams {
            stream.abort();
        }
        while hub.watched_count() > 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
