//! The activity history of the real binary: a proxy killed between forwarding a reinstall
//! and its answer resolves the open record after a restart, without sending it again; and
//! neither the database file nor the logs ever hold a password or user data.

mod support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::binary::start;
use support::send;
use zec_emulator::{Emulator, EmulatorConfig, Faults, Timings};

/// An emulator whose reinstalls take a second, and its address.
async fn emulator(faults: Faults) -> (std::sync::Arc<Emulator>, std::net::SocketAddr) {
    let emulator = Emulator::new(EmulatorConfig {
        faults,
        timings: Timings {
            reinstall: Duration::from_secs(1),
            power: Duration::from_millis(300),
            snapshot: Duration::from_millis(300),
        },
        ..EmulatorConfig::default()
    });
    let addr = support::serve(zec_emulator::router(emulator.clone())).await;
    (emulator, addr)
}

/// A directory for one test's database, removed with it.
struct DataDir(PathBuf);

impl DataDir {
    fn new(name: &str) -> DataDir {
        let dir = std::env::temp_dir().join(format!("zec-activity-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        DataDir(dir)
    }

    fn database(&self) -> String {
        format!("sqlite:{}", self.0.join("activity.sqlite3").display())
    }

    /// The database's bytes: the file and its write-ahead log.
    fn bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        for name in [
            "activity.sqlite3",
            "activity.sqlite3-wal",
            "activity.sqlite3-shm",
        ] {
            bytes.extend(std::fs::read(self.0.join(name)).unwrap_or_default());
        }
        bytes
    }
}

impl Drop for DataDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn activity(addr: std::net::SocketAddr, query: &str) -> Vec<Value> {
    let answer =
        send(reqwest::Client::new().get(format!("http://{addr}/api/v2/zec/activity?{query}")))
            .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body["entries"].as_array().unwrap().clone()
}

async fn wait_until(
    addr: std::net::SocketAddr,
    limit: Duration,
    done: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let deadline = Instant::now() + limit;
    loop {
        let entries = activity(addr, "").await;
        if done(&entries) {
            return entries;
        }
        assert!(
            Instant::now() < deadline,
            "not there in {limit:?}: {entries:#?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[tokio::test]
async fn a_proxy_killed_before_the_answer_resolves_the_record_after_a_restart() {
    // The API takes 3 s to answer a reinstall: the proxy is killed meanwhile.
    let (emulator, upstream) = emulator(Faults {
        latency_ms: 3_000,
        actions: vec!["ResetInstance".into()],
        ..Faults::default()
    })
    .await;
    let data = DataDir::new("restart");
    let database = data.database();
    // The API is given 4 s to answer, so a record is judged "not started" only once it is
    // 4 s + a lease old: by then the API has carried out whatever it took in.
    let flags = [
        "--database",
        &database,
        "--activity-lease",
        "1",
        "--upstream-timeout",
        "4",
    ];
    let mut first = start(upstream, &flags, &[]).await;
    let call = first.call(
        "ResetInstance",
        json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
    );
    let reset = tokio::spawn(call.send());
    let open = wait_until(first.addr, Duration::from_secs(5), |entries| {
        entries.first().is_some_and(|e| e["outcome"] == "pending")
    })
    .await;
    assert!(open[0]["endedAt"].is_null());
    first.child.kill().await.unwrap();
    assert!(reset.await.unwrap().is_err(), "the browser got no answer");

    let second = start(upstream, &flags, &[]).await;
    let entries = wait_until(second.addr, Duration::from_secs(20), |entries| {
        entries.first().is_some_and(|e| e["endedAt"].is_number())
    })
    .await;
    let entry = &entries[0];
    assert_eq!(entry["answerLost"], true, "{entry:#}");
    // Whatever the API made of the cut call, the record says what the API says now.
    let described =
        send(second.call("DescribeInstances", json!({"instanceIds": ["ins-web-01"]}))).await;
    let status = described.body["response"]["dataSet"][0]["status"].clone();
    eprintln!("the API shows {status}; the record: {entry:#}");
    match status.as_str().unwrap() {
        "STOPPED" => {
            assert_eq!(entry["outcome"], "not-started", "{entry:#}");
            assert_eq!(entry["finalState"], "NOT_STARTED");
        }
        "RUNNING" => {
            assert_eq!(entry["outcome"], "accepted", "{entry:#}");
            assert_eq!(entry["finalState"], "RUNNING");
        }
        other => panic!("the instance is {other}; the record: {entry:#}"),
    }
    // Asked, never sent again.
    assert_eq!(emulator.calls().get("ResetInstance").copied(), Some(1));
}

#[tokio::test]
async fn neither_the_database_nor_the_logs_hold_a_password_or_user_data() {
    const PASSWORD: &str = "Zq7!SecretPass";
    const USER_DATA: &str = "#cloud-config\nwrite_files:\n- content: USERDATA-CANARY-4711\n";
    let (_emulator, upstream) = emulator(Faults::default()).await;
    let data = DataDir::new("secrets");
    let database = data.database();
    let mut proxy = start(upstream, &["--database", &database], &[]).await;
    let answer = send(proxy.call(
        "ResetInstance",
        json!({"instanceId": "ins-web-01", "imageId": "img-debian-12", "password": PASSWORD,
               "userData": USER_DATA}),
    ))
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let refused = send(proxy.call(
        "ResetInstance",
        json!({"instanceId": "ins-web-02", "password": PASSWORD, "userData": USER_DATA}),
    ))
    .await;
    assert_eq!(refused.code(), "UNSUPPORTED_OPERATION_INSTANCE_STATUS");
    let entries = wait_until(proxy.addr, Duration::from_secs(15), |entries| {
        entries.len() == 2 && entries.iter().all(|e| e["endedAt"].is_number())
    })
    .await;
    assert_eq!(entries[1]["finalState"], "RUNNING");
    proxy.signal("TERM");
    assert_eq!(proxy.exit_code(Duration::from_secs(10)).await, Some(0));

    let stored = data.bytes();
    // The records are there (the right file was read)...
    assert!(contains(&stored, "ins-web-01") && contains(&stored, "Debian 12"));
    assert!(contains(&stored, "UNSUPPORTED_OPERATION_INSTANCE_STATUS"));
    // ...without the secrets.
    for secret in [PASSWORD, "USERDATA-CANARY-4711", "write_files"] {
        assert!(!contains(&stored, secret), "the database holds {secret:?}");
    }
    let mut logged = String::new();
    while let Ok(line) = proxy.log.try_recv() {
        logged.push_str(&line);
        logged.push('\n');
    }
    assert!(logged.contains("\"action\":\"ResetInstance\""), "{logged}");
    for secret in [PASSWORD, "USERDATA-CANARY-4711", "write_files"] {
        assert!(!logged.contains(secret), "the log holds {secret:?}");
    }
}
