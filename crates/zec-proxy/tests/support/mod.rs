//! A real emulator and a real proxy on loopback ports, and a browser-like client.

#![allow(dead_code)]

pub mod binary;
pub mod postgres;
pub mod recording;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::Value;
use zec_api::grant::Permission;
use zec_emulator::auth::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD};
use zec_emulator::{Emulator, EmulatorConfig, Timings};
use zec_proxy::session::{mint, SessionKeys, SessionRequest};
use zec_proxy::upstream::{RetryPolicy, UpstreamCredentials};
use zec_proxy::{build, Proxy, ProxyConfig};

/// The HS256 secret of the test portal.
pub const SESSION_SECRET: &[u8] = b"test-portal-session-secret-0123456789abcdef";

pub fn session_keys() -> SessionKeys {
    SessionKeys::hs256(SESSION_SECRET).unwrap()
}

pub fn unix_now() -> i64 {
    zec_api::time::unix_seconds(std::time::SystemTime::now())
}

/// A session for `sub` reaching `instances` and `groups`, with `actions` (None: all four),
/// valid for ten minutes, signed by the test portal.
pub fn session(
    sub: &str,
    instances: &[&str],
    groups: &[&str],
    actions: Option<&[Permission]>,
) -> String {
    let request = SessionRequest {
        sub: sub.into(),
        instances: instances.iter().map(|id| id.to_string()).collect(),
        resource_groups: groups.iter().map(|g| g.to_string()).collect(),
        actions: actions.map(<[Permission]>::to_vec),
        ttl_seconds: 600,
    };
    mint(&session_keys(), &request, unix_now()).unwrap()
}

/// Options for a proxy that takes portal sessions, plus `configure`.
pub fn with_sessions(configure: impl FnOnce(&mut ProxyConfig) + Send + 'static) -> Options {
    Options {
        configure: Box::new(move |config| {
            config.access.control.sessions = Some(session_keys());
            configure(config);
        }),
        ..Options::default()
    }
}

/// Everything every test logged (JSON lines), for the redaction checks.
pub fn captured_logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = logs.clone();
        tracing_subscriber::fmt()
            .json()
            .with_max_level(tracing_subscriber::filter::LevelFilter::DEBUG)
            .with_writer(move || LogWriter(sink.clone()))
            .init();
        logs
    })
    .clone()
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub struct Stack {
    pub proxy: SocketAddr,
    pub emulator: Arc<Emulator>,
    pub emulator_addr: SocketAddr,
    pub built: Arc<Proxy>,
    pub http: reqwest::Client,
}

pub fn static_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zec-proxy-test-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = format!(
        "<!doctype html><title>console</title>{}",
        "<p>padding for compression</p>".repeat(40)
    );
    // Tests run in parallel and each calls this: write aside and rename, so that no test
    // ever reads a half-written file.
    let write = |name: &str, content: String| {
        let aside = dir.join(format!("{name}.{:?}.tmp", std::thread::current().id()));
        std::fs::write(&aside, content).unwrap();
        std::fs::rename(&aside, dir.join(name)).unwrap();
    };
    write("index.html", page);
    write("app.css", "body { color: black; }\n".repeat(10));
    dir
}

pub struct Options {
    pub emulator: EmulatorConfig,
    pub configure: Box<dyn FnOnce(&mut ProxyConfig) + Send>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            emulator: EmulatorConfig {
                timings: Timings {
                    reinstall: Duration::from_millis(1500),
                    power: Duration::from_millis(300),
                    snapshot: Duration::from_millis(300),
                },
                seed: Some(42),
                ..EmulatorConfig::default()
            },
            configure: Box::new(|_| {}),
        }
    }
}

pub async fn serve(router: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

/// A loopback listener on a free port.
pub async fn listener() -> (tokio::net::TcpListener, SocketAddr) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    (listener, addr)
}

/// Builds a proxy for `listener` and serves it (with the proxy's own server) until the test
/// ends.
pub async fn serve_proxy(mut config: ProxyConfig, listener: tokio::net::TcpListener) -> Arc<Proxy> {
    config.listen = listener.local_addr().unwrap();
    let built = build(config).await.unwrap();
    let router = built.router.clone();
    let limits = built.server.clone();
    tokio::spawn(zec_proxy::server::serve(
        listener,
        router,
        limits,
        std::future::pending(),
    ));
    Arc::new(built)
}

/// A proxy's configuration for the emulator at `emulator_addr`, signing with its key.
pub fn config_for(emulator_addr: SocketAddr) -> ProxyConfig {
    let mut config = ProxyConfig::new(static_dir());
    config.upstream = format!("http://{emulator_addr}").parse().unwrap();
    config.credentials = Some(UpstreamCredentials::AccessKey {
        id: DEFAULT_ACCESS_KEY_ID.into(),
        password: DEFAULT_ACCESS_KEY_PASSWORD.into(),
    });
    config.status.interval = Duration::from_millis(300);
    config.status.heartbeat = Duration::from_millis(500);
    config.upstream_timeout = Duration::from_secs(5);
    config.retry = RetryPolicy {
        max_retries: 3,
        base_delay: Duration::from_millis(10),
    };
    // Tests make calls in quick bursts from one address: the fair-share limits are tested on
    // their own (tests/fair_share.rs) and set low there.
    config.fair_share.calls_per_second = 10_000;
    config.upstream_rate = 10_000;
    config
}

/// An emulator and a proxy in front of it, signing with the emulator's key.
pub async fn stack(options: Options) -> Stack {
    captured_logs();
    let emulator = Emulator::new(options.emulator);
    let emulator_addr = serve(zec_emulator::router(emulator.clone())).await;
    let mut config = config_for(emulator_addr);
    (options.configure)(&mut config);
    let (listener, proxy) = listener().await;
    let built = serve_proxy(config, listener).await;
    Stack {
        proxy,
        emulator,
        emulator_addr,
        built,
        http: reqwest::Client::new(),
    }
}

impl Stack {
    /// Another proxy (a replica) in front of the same emulator, configured by `configure`.
    pub async fn replica(&self, configure: impl FnOnce(&mut ProxyConfig)) -> Stack {
        let mut config = config_for(self.emulator_addr);
        configure(&mut config);
        let (listener, proxy) = listener().await;
        let built = serve_proxy(config, listener).await;
        Stack {
            proxy,
            emulator: self.emulator.clone(),
            emulator_addr: self.emulator_addr,
            built,
            http: reqwest::Client::new(),
        }
    }

    /// `GET /api/v2/zec/activity?{query}`, with a portal session when given.
    pub async fn activity(&self, session: Option<&str>, query: &str) -> Answer {
        let mut request = self
            .http
            .get(format!("http://{}/api/v2/zec/activity?{query}", self.proxy))
            .header("sec-fetch-site", "same-origin");
        if let Some(session) = session {
            request = request.bearer_auth(session);
        }
        send(request).await
    }

    /// Reads the activity until `done` accepts its entries (at most `limit`).
    pub async fn wait_for_activity(
        &self,
        session: Option<&str>,
        query: &str,
        limit: Duration,
        done: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let deadline = std::time::Instant::now() + limit;
        loop {
            let answer = self.activity(session, query).await;
            assert_eq!(answer.status, 200, "{}", answer.text);
            let entries = answer.body["entries"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if done(&entries) {
                return entries;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the activity did not get there in {limit:?}: {entries:#?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub text: String,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
}

impl Stack {
    /// A call as the console makes it: same-origin, JSON body, action header.
    pub fn request(&self, service: &str, action: &str) -> reqwest::RequestBuilder {
        self.http
            .post(format!("http://{}/api/v2/{service}", self.proxy))
            .header("x-zc-action", action)
            .header("content-type", "application/json")
            .header("sec-fetch-site", "same-origin")
    }

    /// The status stream's URL for these ids.
    pub fn stream_url(&self, ids: &[&str]) -> String {
        format!(
            "http://{}/api/v2/zec/status-stream?instanceIds={}",
            self.proxy,
            ids.join(",")
        )
    }

    pub async fn call(&self, action: &str, body: Value) -> Answer {
        let service = if action == "DescribeKeyPairs" {
            "ccs"
        } else {
            "zec"
        };
        send(self.request(service, action).body(body.to_string())).await
    }

    /// A call with a portal session.
    pub async fn call_as(&self, session: &str, action: &str, body: Value) -> Answer {
        let service = if action == "DescribeKeyPairs" {
            "ccs"
        } else {
            "zec"
        };
        send(
            self.request(service, action)
                .bearer_auth(session)
                .body(body.to_string()),
        )
        .await
    }

    /// A GET of one of the proxy's own routes with a portal session.
    pub fn get_as(&self, session: &str, path: &str) -> reqwest::RequestBuilder {
        self.http
            .get(format!("http://{}{path}", self.proxy))
            .header("sec-fetch-site", "same-origin")
            .bearer_auth(session)
    }

    /// Every upstream call so far, all actions together.
    pub fn all_upstream_calls(&self) -> u64 {
        self.emulator.calls().values().sum()
    }

    pub fn upstream_calls(&self, action: &str) -> u64 {
        self.emulator.calls().get(action).copied().unwrap_or(0)
    }
}

pub async fn send(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer { status, body, text }
}

/// Sends raw bytes on a fresh connection and reads until the server closes it (at most
/// `limit`). Returns what was read and how long the server took to close.
pub async fn raw_exchange(addr: SocketAddr, bytes: &[u8], limit: Duration) -> (String, Duration) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let started = std::time::Instant::now();
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    let mut received = Vec::new();
    let read = tokio::time::timeout(limit, async {
        let mut buffer = [0u8; 4096];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    assert!(
        read.is_ok(),
        "the server kept the connection open for {limit:?}: {:?}",
        String::from_utf8_lossy(&received)
    );
    (
        String::from_utf8_lossy(&received).into_owned(),
        started.elapsed(),
    )
}

/// Reads SSE blocks from a response until `done` accepts the (name, data) pairs so far.
pub async fn read_events(
    response: reqwest::Response,
    limit: Duration,
    done: impl Fn(&[(String, Value)]) -> bool,
) -> Vec<(String, Value)> {
    use futures_util::StreamExt;
    let mut bytes = response.bytes_stream();
    let mut buffer = String::new();
    let mut events = Vec::new();
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let chunk = tokio::time::timeout_at(deadline, bytes.next())
            .await
            .unwrap_or_else(|_| panic!("no end in {limit:?}; events so far: {events:?}"));
        let Some(chunk) = chunk else {
            return events; // the stream ended
        };
        buffer.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let name = block.lines().find_map(|l| l.strip_prefix("event: "));
            let data = block.lines().find_map(|l| l.strip_prefix("data: "));
            if let (Some(name), Some(data)) = (name, data) {
                events.push((name.to_owned(), serde_json::from_str(data).unwrap()));
            }
        }
        if done(&events) {
            return events;
        }
    }
}
