//! Slow, idle and silent connections, and each client's share of calls in flight.

use super::*;

#[tokio::test]
async fn a_half_sent_header_is_closed_after_the_header_timeout() {
    let stack = stack(Options {
        configure: Box::new(|config| {
            config.server.header_read_timeout = Duration::from_millis(300);
            config.server.idle_timeout = Duration::from_secs(30);
        }),
        ..Options::default()
    })
    .await;
    let half = format!(
        "GET /healthz HTTP/1.1\r\nHost: {}\r\nUser-Agent: slow",
        stack.proxy
    );
    let (_, took) = raw_exchange(stack.proxy, half.as_bytes(), Duration::from_secs(3)).await;
    assert!(
        took >= Duration::from_millis(250) && took < Duration::from_secs(2),
        "closed after {took:?}"
    );
    // A complete request on a fresh connection is still served.
    let whole = format!(
        "GET /healthz HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        stack.proxy
    );
    let (answer, _) = raw_exchange(stack.proxy, whole.as_bytes(), Duration::from_secs(3)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn a_body_that_stalls_is_answered_408_in_the_envelope() {
    let stack = stack(Options {
        configure: Box::new(|config| {
            config.server.header_read_timeout = Duration::from_millis(300)
        }),
        ..Options::default()
    })
    .await;
    let partial = format!(
        "POST /api/v2/zec HTTP/1.1\r\nHost: {}\r\nX-ZC-Action: DescribeImages\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{",
        stack.proxy
    );
    let (answer, took) =
        raw_exchange(stack.proxy, partial.as_bytes(), Duration::from_secs(3)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("REQUEST_TIMEOUT"), "{answer}");
    assert!(took < Duration::from_secs(2), "{took:?}");
    assert_eq!(stack.upstream_calls("DescribeImages"), 0);
}

#[tokio::test]
async fn a_body_trickled_a_byte_at_a_time_is_cut_at_the_body_deadline() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let stack = stack(Options {
        configure: Box::new(|config| {
            // Each byte comes well within the pace between chunks; the whole body does not.
            config.server.header_read_timeout = Duration::from_secs(2);
            config.server.body_deadline = Duration::from_millis(800);
        }),
        ..Options::default()
    })
    .await;
    let head = format!(
        "POST /api/v2/zec HTTP/1.1\r\nHost: {}\r\nX-ZC-Action: DescribeImages\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\n\r\n",
        stack.proxy
    );
    let started = Instant::now();
    let mut stream = tokio::net::TcpStream::connect(stack.proxy).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let trickle = async {
        for _ in 0..100 {
            if stream.write_all(b" ").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    };
    // The trickle would take 15 s; the answer must come long before.
    let _ = tokio::time::timeout(Duration::from_secs(3), trickle).await;
    let mut answer = vec![0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(2), stream.read(&mut answer))
        .await
        .expect("an answer")
        .unwrap_or(0);
    let answer = String::from_utf8_lossy(&answer[..read]).into_owned();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("REQUEST_TIMEOUT"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(stack.upstream_calls("DescribeImages"), 0);
}

#[tokio::test]
async fn silent_connections_are_closed_after_the_idle_timeout_and_do_not_starve_others() {
    let stack = stack(Options {
        configure: Box::new(|config| {
            config.server.idle_timeout = Duration::from_millis(500);
            config.server.max_connections = 2;
        }),
        ..Options::default()
    })
    .await;
    // Two clients connect and say nothing: the connection cap is reached.
    let silent: Vec<_> = (0..2)
        .map(|_| tokio::spawn(raw_exchange(stack.proxy, b"", Duration::from_secs(3))))
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    // A third client waits for a free slot instead of being refused or exhausting the server.
    let started = Instant::now();
    let health = stack
        .http
        .get(format!("http://{}/healthz", stack.proxy))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(250) && waited < Duration::from_secs(3),
        "served after {waited:?}: the cap held it until an idle connection was closed"
    );
    for client in silent {
        let (_, took) = client.await.unwrap();
        assert!(
            took < Duration::from_secs(2),
            "idle connection closed after {took:?}"
        );
    }
}

#[tokio::test]
async fn a_slow_call_in_flight_is_not_cut_by_the_idle_timeout() {
    let stack = stack(Options {
        emulator: EmulatorConfig {
            faults: Faults {
                latency_ms: 900,
                ..Faults::default()
            },
            ..Options::default().emulator
        },
        configure: Box::new(|config| config.server.idle_timeout = Duration::from_millis(300)),
    })
    .await;
    let answer = stack.call("DescribeTimeZones", json!({})).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
}

#[tokio::test]
async fn one_client_cannot_have_more_calls_in_flight_than_its_share() {
    let stack = stack(Options {
        emulator: EmulatorConfig {
            faults: Faults {
                latency_ms: 400,
                ..Faults::default()
            },
            ..Options::default().emulator
        },
        configure: Box::new(|config| config.fair_share.max_calls_in_progress = 2),
    })
    .await;
    let calls: Vec<_> = (0..3)
        .map(|_| stack.call("DescribeTimeZones", json!({})))
        .collect();
    let answers = futures_util::future::join_all(calls).await;
    let mut statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 200, 429]);
    let refused = answers.iter().find(|a| a.status == 429).unwrap();
    assert_eq!(refused.code(), "TOO_MANY_REQUESTS");
    // Once they are done, the client may call again.
    assert_eq!(stack.call("DescribeTimeZones", json!({})).await.status, 200);
}
