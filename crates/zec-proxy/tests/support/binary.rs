//! The real `zec-proxy` binary, started as a service manager would, against an emulator on
//! loopback; its log lines (stdout and stderr) come back through a channel.

use std::net::SocketAddr;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use zec_emulator::{Emulator, EmulatorConfig, Faults};

/// An emulator on loopback answering after `latency_ms`.
pub async fn emulator(latency_ms: u64) -> SocketAddr {
    with_faults(Faults {
        latency_ms,
        ..Faults::default()
    })
    .await
    .1
}

/// An emulator on loopback with these faults, and its address.
pub async fn with_faults(faults: Faults) -> (Arc<Emulator>, SocketAddr) {
    let emulator = Emulator::new(EmulatorConfig {
        faults,
        ..EmulatorConfig::default()
    });
    let addr = super::serve(zec_emulator::router(emulator.clone())).await;
    (emulator, addr)
}

/// Sends a child's output to `sender`, line by line.
fn pump(
    output: impl tokio::io::AsyncRead + Unpin + Send + 'static,
    sender: tokio::sync::mpsc::UnboundedSender<String>,
) {
    tokio::spawn(async move {
        let mut lines = BufReader::new(output).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
}

pub struct Running {
    pub child: Child,
    pub addr: SocketAddr,
    pub log: tokio::sync::mpsc::UnboundedReceiver<String>,
    /// Its data directory, removed with it.
    data: std::path::PathBuf,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

/// Starts the binary in cloud mode against `upstream` and waits for its address. Its history
/// goes to a fresh data directory unless `extra` names `--database`.
pub async fn start(upstream: SocketAddr, extra: &[&str], env: &[(&str, &str)]) -> Running {
    let data = data_dir();
    let mut command = Command::new(env!("CARGO_BIN_EXE_zec-proxy"));
    command
        .args(["--listen", "127.0.0.1:0", "--static"])
        .arg(super::static_dir())
        .arg("--data-dir")
        .arg(&data)
        .args(["--upstream", &format!("http://{upstream}")])
        .args(["--status-interval", "0.3", "--shutdown-timeout", "5"])
        .args(extra)
        .env_remove("ZEC_PROXY_TOKEN")
        .env_remove("ZENLAYER_ACCESS_TOKEN")
        .env(
            "ZENLAYER_ACCESS_KEY_ID",
            zec_emulator::auth::DEFAULT_ACCESS_KEY_ID,
        )
        .env(
            "ZENLAYER_ACCESS_KEY_PASSWORD",
            zec_emulator::auth::DEFAULT_ACCESS_KEY_PASSWORD,
        )
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = command.spawn().unwrap();
    // Messages go to stderr, the JSON log lines to stdout: read both.
    let (sender, mut log) = tokio::sync::mpsc::unbounded_channel();
    pump(child.stdout.take().unwrap(), sender.clone());
    pump(child.stderr.take().unwrap(), sender);
    let addr = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            let line = log.recv().await.expect("the proxy exited before listening");
            if let Some(rest) = line.strip_prefix("zec-proxy: console on http://") {
                return rest.trim_end_matches('/').parse::<SocketAddr>().unwrap();
            }
        }
    })
    .await
    .expect("the proxy did not start");
    Running {
        child,
        addr,
        log,
        data,
    }
}

impl Running {
    pub fn signal(&self, name: &str) {
        let pid = self.child.id().unwrap().to_string();
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &pid])
            .status()
            .unwrap();
        assert!(status.success());
    }

    pub async fn exit_code(&mut self, within: Duration) -> Option<i32> {
        tokio::time::timeout(within, self.child.wait())
            .await
            .expect("the proxy did not exit")
            .unwrap()
            .code()
    }

    pub fn call(&self, action: &str, body: Value) -> reqwest::RequestBuilder {
        reqwest::Client::new()
            .post(format!("http://{}/api/v2/zec", self.addr))
            .header("x-zc-action", action)
            .header("content-type", "application/json")
            .body(body.to_string())
    }
}

/// A fresh, empty directory for one proxy's default history.
fn data_dir() -> std::path::PathBuf {
    static DIRS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = DIRS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("zec-proxy-data-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
