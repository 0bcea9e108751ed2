//! The live status stream: one shared poller for all viewers, batched upstream calls,
//! heartbeats, and every viewer seeing DEPLOYING then RUNNING.

mod support;

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{json, Value};
use support::{stack, Options, Stack};
use zec_api::live::StreamEvent;
use zec_emulator::{EmulatorConfig, Fixture, Timings};

/// The built-in fixture plus `n` more stopped instances `ins-s-00`, `ins-s-01`, ...
fn fixture_with(n: usize) -> Fixture {
    let mut fixture = Fixture::builtin();
    let template = fixture.instances[0].clone();
    for i in 0..n {
        let mut instance = template.clone();
        instance.instance_id = format!("ins-s-{i:02}");
        instance.instance_name = format!("stream-{i:02}");
        fixture.instances.push(instance);
    }
    fixture
}

/// Reads a viewer's stream until `done` says it has seen enough; returns the events.
async fn watch(
    stack_proxy: std::net::SocketAddr,
    ids: Vec<String>,
    done: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let url = format!(
        "http://{stack_proxy}/api/v2/zec/status-stream?instanceIds={}",
        ids.join(",")
    );
    let response = reqwest::get(url).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut bytes = response.bytes_stream();
    let mut buffer = String::new();
    let mut events = Vec::new();
    while let Some(chunk) = bytes.next().await {
        buffer.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            if let Some(event) = parse_event(&block) {
                events.push(event);
            }
        }
        if done(&events) {
            return events;
        }
    }
    panic!("stream ended early: {events:?}");
}

/// One SSE block as the JSON of its data, with the event's name added as `"event"`.
fn parse_event(block: &str) -> Option<Value> {
    let data = block.lines().find_map(|line| line.strip_prefix("data: "))?;
    let name = block
        .lines()
        .find_map(|line| line.strip_prefix("event: "))
        .unwrap_or("message");
    let mut event = serde_json::from_str::<Value>(data).ok()?;
    assert!(
        StreamEvent::parse(name, data).is_some(),
        "not a StreamEvent of zec_api::live: {name} {data}"
    );
    event["event"] = json!(name);
    Some(event)
}

fn statuses_of(events: &[Value], id: &str) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for event in events.iter().filter(|e| e["instanceId"] == id) {
        let status = event["instanceStatus"].as_str().unwrap().to_owned();
        if seen.last() != Some(&status) {
            seen.push(status);
        }
    }
    seen
}

async fn wait_for(what: &str, condition: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn quick_stack_options(extra: usize) -> Options {
    Options {
        emulator: EmulatorConfig {
            fixture: fixture_with(extra),
            timings: Timings {
                reinstall: Duration::from_millis(2000),
                power: Duration::from_millis(300),
                ..Timings::default()
            },
            ..EmulatorConfig::default()
        },
        // Every viewer here comes from 127.0.0.1, as if all sat behind one reverse proxy:
        // the per-caller shares are tested in tests/fair_share.rs.
        configure: Box::new(|config| {
            config.fair_share.max_streams = 10_000;
            config.server.max_connections_per_address = 10_000;
        }),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_viewers_of_twenty_instances_share_one_poll_per_interval() {
    let stack: Stack = stack(quick_stack_options(20)).await;
    let ids: Vec<String> = (0..20).map(|i| format!("ins-s-{i:02}")).collect();
    let interval = stack.built.state.status.interval();

    // Viewer v watches instances v % 20 and (v + 7) % 20: every instance has 20 viewers.
    let viewers: Vec<_> = (0..200)
        .map(|v| {
            let mine = vec![ids[v % 20].clone(), ids[(v + 7) % 20].clone()];
            let proxy = stack.proxy;
            let wanted = mine.clone();
            tokio::spawn(async move {
                let events = watch(proxy, mine, move |events| {
                    wanted.iter().all(|id| {
                        statuses_of(events, id).last().map(String::as_str) == Some("RUNNING")
                            && statuses_of(events, id).contains(&"DEPLOYING".to_owned())
                    })
                })
                .await;
                (v, events)
            })
        })
        .collect();
    let hub = stack.built.state.status.clone();
    wait_for("all 20 instances to be watched", || {
        hub.watched_count() == 20
    })
    .await;
    // Let every viewer receive the first (STOPPED) status before the resets start.
    tokio::time::sleep(interval * 3).await;

    let polls_before = stack.upstream_calls("DescribeInstancesStatus");
    let started = Instant::now();
    let answer = stack
        .call(
            "ResetInstances",
            json!({"instanceIds": ids, "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.body["response"]["instanceIds"], json!([]));

    for viewer in viewers {
        let (v, events) = tokio::time::timeout(Duration::from_secs(30), viewer)
            .await
            .expect("viewer finished")
            .unwrap();
        for id in [&ids[v % 20], &ids[(v + 7) % 20]] {
            assert_eq!(
                statuses_of(&events, id),
                vec!["STOPPED", "DEPLOYING", "RUNNING"],
                "viewer {v}, {id}"
            );
        }
    }
    let elapsed = started.elapsed();
    let polls = stack.upstream_calls("DescribeInstancesStatus") - polls_before;
    let intervals = (elapsed.as_secs_f64() / interval.as_secs_f64()).ceil() as u64;
    assert!(
        polls <= intervals + 1,
        "{polls} upstream status calls in {intervals} intervals for 200 viewers"
    );

    // Everyone left: polling stops.
    wait_for("viewers to unregister", || hub.watched_count() == 0).await;
    let after_leave = stack.upstream_calls("DescribeInstancesStatus");
    tokio::time::sleep(interval * 4).await;
    assert!(
        stack.upstream_calls("DescribeInstancesStatus") <= after_leave + 1,
        "no polling without viewers"
    );
}

#[tokio::test]
async fn more_than_100_watched_instances_are_polled_in_batches_of_100() {
    let stack = stack(quick_stack_options(150)).await;
    let ids: Vec<String> = (0..150).map(|i| format!("ins-s-{i:02}")).collect();
    let first = ids[..100].to_vec();
    let second = ids[100..].to_vec();
    let a = tokio::spawn(watch(stack.proxy, first, |events| events.len() >= 100));
    let b = tokio::spawn(watch(stack.proxy, second, |events| events.len() >= 50));
    let (a, b) = (a.await.unwrap(), b.await.unwrap());
    assert!(a.iter().chain(&b).all(|e| e["instanceStatus"] == "STOPPED"));
    // Each poll round is two calls (100 + 50 ids); the emulator would refuse 150 in one.
    let polls = stack.upstream_calls("DescribeInstancesStatus");
    assert!(polls >= 2, "{polls}");
}

#[tokio::test]
async fn a_late_viewer_gets_the_known_status_at_once() {
    let stack = stack(quick_stack_options(0)).await;
    let first = tokio::spawn(watch(stack.proxy, vec!["ins-web-02".into()], |events| {
        !events.is_empty()
    }));
    let _keep = tokio::spawn(watch(stack.proxy, vec!["ins-web-02".into()], |_| false));
    first.await.unwrap();
    let started = Instant::now();
    let late = watch(stack.proxy, vec!["ins-web-02".into()], |events| {
        !events.is_empty()
    })
    .await;
    assert_eq!(late[0]["instanceStatus"], "RUNNING");
    assert!(
        started.elapsed() < stack.built.state.status.interval(),
        "served from the shared cache"
    );
}

#[tokio::test]
async fn bad_stream_requests_get_the_api_envelope() {
    let stack = stack(quick_stack_options(0)).await;
    let get = |query: String| {
        reqwest::get(format!(
            "http://{}/api/v2/zec/status-stream{query}",
            stack.proxy
        ))
    };
    let response = get(String::new()).await.unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "MISSING_PARAMETER");
    let many = (0..101)
        .map(|i| format!("i-{i}"))
        .collect::<Vec<_>>()
        .join(",");
    let body: Value = get(format!("?instanceIds={many}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["code"], "INVALID_PARAMETER");
}

#[tokio::test]
async fn upstream_failures_are_announced_on_the_stream() {
    let stack = stack(quick_stack_options(0)).await;
    let faults = zec_emulator::Faults {
        server_error_rate: 1.0,
        ..Default::default()
    };
    let emulator = stack.emulator.clone();
    // The stream opens while the API answers (it must confirm the id), then the API fails.
    let events = watch(stack.proxy, vec!["ins-web-01".into()], move |events| {
        if events.iter().any(|e| e["event"] == "status") {
            emulator.set_faults(faults.clone());
        }
        events.iter().any(|e| e["event"] == "upstream-error")
    })
    .await;
    let error = events
        .iter()
        .find(|e| e["event"] == "upstream-error")
        .unwrap();
    assert_eq!(error["code"], "SERVICE_TEMPORARY_UNAVAILABLE");
    assert!(error.get("type").is_none(), "no type tag: {error}");
    stack.emulator.set_faults(zec_emulator::Faults::default());
    let events = watch(stack.proxy, vec!["ins-web-01".into()], |events| {
        events.iter().any(|e| e["event"] == "status")
    })
    .await;
    assert!(
        events.iter().any(|e| e["instanceStatus"] == "STOPPED"),
        "recovers once upstream does"
    );
}

#[tokio::test]
async fn heartbeats_keep_idle_streams_alive() {
    // Use the raw byte stream: a heartbeat is a comment line, not an event.
    let stack = stack(quick_stack_options(0)).await;
    let response = reqwest::get(format!(
        "http://{}/api/v2/zec/status-stream?instanceIds=ins-web-01",
        stack.proxy
    ))
    .await
    .unwrap();
    let mut bytes = response.bytes_stream();
    let mut text = String::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !text.contains(":heartbeat") && !text.contains(": heartbeat") {
        assert!(Instant::now() < deadline, "no heartbeat in {text:?}");
        let chunk = tokio::time::timeout(Duration::from_secs(5), bytes.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
}
