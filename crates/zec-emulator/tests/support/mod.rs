//! A small Zenlayer API client written from docs/wire.md alone (the way an SDK works), and
//! a helper that starts the emulator on a loopback port.

#![allow(dead_code)] // each test file uses a different part

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use zec_api::signing::{signed_headers, SignedParts};
use zec_emulator::auth::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD};
use zec_emulator::{router, Emulator, EmulatorConfig, Timings};

pub async fn start(config: EmulatorConfig) -> (SocketAddr, Arc<Emulator>) {
    let emulator = Emulator::new(config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(emulator.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, emulator)
}

/// The emulator with short, test-friendly timings.
pub async fn start_quick() -> (SocketAddr, Arc<Emulator>) {
    start(EmulatorConfig {
        timings: Timings {
            reinstall: Duration::from_millis(600),
            power: Duration::from_millis(300),
            snapshot: Duration::from_millis(300),
        },
        ..EmulatorConfig::default()
    })
    .await
}

pub struct Client {
    pub http: reqwest::Client,
    pub addr: SocketAddr,
    pub key_id: String,
    pub key_password: String,
}

pub struct Answer {
    pub status: u16,
    pub body: Value,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }

    pub fn data(&self) -> &Value {
        &self.body["response"]
    }
}

pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

impl Client {
    pub fn new(addr: SocketAddr) -> Client {
        Client {
            http: reqwest::Client::new(),
            addr,
            key_id: DEFAULT_ACCESS_KEY_ID.into(),
            key_password: DEFAULT_ACCESS_KEY_PASSWORD.into(),
        }
    }

    pub fn service_of(action: &str) -> &'static str {
        if action == "DescribeKeyPairs" {
            "ccs"
        } else {
            "zec"
        }
    }

    /// A signed request, ready to send or to tamper with.
    pub fn signed(&self, action: &str, body: &Value, timestamp: i64) -> reqwest::RequestBuilder {
        self.signed_to(Client::service_of(action), action, body, timestamp)
    }

    pub fn signed_to(
        &self,
        service: &str,
        action: &str,
        body: &Value,
        timestamp: i64,
    ) -> reqwest::RequestBuilder {
        let body = serde_json::to_vec(body).unwrap();
        let host = self.addr.to_string();
        let parts = SignedParts {
            content_type: "application/json",
            host: &host,
            timestamp,
            body: &body,
        };
        let mut request = self
            .http
            .post(format!("http://{}/api/v2/{service}", self.addr))
            .header("content-type", "application/json")
            .header("x-zc-action", action)
            .header("x-zc-version", "2025-09-01")
            .header("x-zc-service", service);
        for (name, value) in signed_headers(&self.key_id, &self.key_password, &parts) {
            request = request.header(name, value);
        }
        request.body(body)
    }

    pub async fn send(request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let body = response.json().await.unwrap();
        Answer { status, body }
    }

    pub async fn call(&self, action: &str, body: Value) -> Answer {
        Client::send(self.signed(action, &body, unix_now())).await
    }

    pub async fn status_of(&self, instance_id: &str) -> String {
        let answer = self
            .call(
                "DescribeInstancesStatus",
                serde_json::json!({"instanceIds": [instance_id]}),
            )
            .await;
        answer.data()["dataSet"][0]["instanceStatus"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn instance(&self, instance_id: &str) -> Value {
        let answer = self
            .call(
                "DescribeInstances",
                serde_json::json!({"instanceIds": [instance_id]}),
            )
            .await;
        answer.data()["dataSet"][0].clone()
    }

    /// Polls until the instance leaves `while_status`, returning every status seen.
    pub async fn watch(&self, instance_id: &str, until: &[&str]) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        for _ in 0..200 {
            let status = self.status_of(instance_id).await;
            if seen.last() != Some(&status) {
                seen.push(status.clone());
            }
            if until.contains(&status.as_str()) {
                return seen;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{instance_id} never reached {until:?}; saw {seen:?}");
    }
}
