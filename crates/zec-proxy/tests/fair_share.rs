//! No caller can starve the others: a caller over its share of streams, calls per second or
//! calls in progress gets 429 with `Retry-After` while another caller is served; the proxy's
//! one upstream budget refuses a flood instead of passing it on, and an upstream 429 slows
//! every caller down; stream ids are admitted only once the API confirmed them; one address
//! cannot hold every connection, and silent connections are closed. Functional assertions
//! only (the figures are `make bench`).

mod support;

use std::time::Duration;

use serde_json::json;
use support::{raw_exchange, send, session, stack, with_sessions, Answer, Options, Stack};
use zec_api::live::STATUS_STREAM_PATH;
use zec_emulator::{EmulatorConfig, Faults};

fn alice() -> String {
    session("alice", &["ins-web-01", "ins-web-02"], &[], None)
}

fn bob() -> String {
    session("bob", &["ins-db-01"], &[], None)
}

fn retry_after(answer: &reqwest::Response) -> u64 {
    answer
        .headers()
        .get("retry-after")
        .expect("a 429 carries Retry-After")
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

async fn sent(request: reqwest::RequestBuilder) -> (Answer, Option<u64>) {
    let response = request.send().await.unwrap();
    let wait = (response.status() == 429).then(|| retry_after(&response));
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_default();
    (Answer { status, body, text }, wait)
}

fn call(
    stack: &Stack,
    token: &str,
    action: &str,
    body: serde_json::Value,
) -> reqwest::RequestBuilder {
    stack
        .request("zec", action)
        .bearer_auth(token)
        .body(body.to_string())
}

#[tokio::test]
async fn a_caller_over_its_streams_gets_429_while_another_watches() {
    let stack = stack(with_sessions(|config| config.fair_share.max_streams = 2)).await;
    let url = format!(
        "http://{}{STATUS_STREAM_PATH}?instanceIds=ins-web-01",
        stack.proxy
    );
    let mut open = Vec::new();
    for _ in 0..2 {
        let stream = stack
            .http
            .get(&url)
            .bearer_auth(alice())
            .send()
            .await
            .unwrap();
        assert_eq!(stream.status(), 200);
        open.push(stream);
    }
    let (refused, wait) = sent(stack.http.get(&url).bearer_auth(alice())).await;
    assert_eq!((refused.status, refused.code()), (429, "TOO_MANY_STREAMS"));
    assert!(wait.unwrap() >= 1);
    let bobs = format!(
        "http://{}{STATUS_STREAM_PATH}?instanceIds=ins-db-01",
        stack.proxy
    );
    let other = stack
        .http
        .get(&bobs)
        .bearer_auth(bob())
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200, "bob is served");
    // A closed stream gives its place back.
    drop(open.pop());
    let mut again = None;
    for _ in 0..50 {
        let response = stack
            .http
            .get(&url)
            .bearer_auth(alice())
            .send()
            .await
            .unwrap();
        if response.status() == 200 {
            again = Some(response);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(again.is_some(), "the share came back when a stream closed");
}

#[tokio::test]
async fn a_caller_over_its_calls_per_second_gets_429_while_another_is_served() {
    let stack = stack(with_sessions(|config| {
        config.fair_share.calls_per_second = 1
    }))
    .await;
    let body = json!({"instanceIds": ["ins-web-01"]});
    let mut refused = None;
    for _ in 0..4 {
        let (answer, wait) = sent(call(
            &stack,
            &alice(),
            "DescribeInstancesStatus",
            body.clone(),
        ))
        .await;
        if answer.status == 429 {
            refused = Some((answer, wait));
            break;
        }
        assert_eq!(answer.status, 200, "{}", answer.text);
    }
    let (answer, wait) = refused.expect("the burst of two is spent within four calls");
    assert_eq!(answer.code(), "TOO_MANY_REQUESTS");
    assert!(wait.unwrap() >= 1);
    let (served, _) = sent(call(
        &stack,
        &bob(),
        "DescribeInstancesStatus",
        json!({"instanceIds": ["ins-db-01"]}),
    ))
    .await;
    assert_eq!(served.status, 200, "{}", served.text);
}

#[tokio::test]
async fn a_caller_over_its_calls_in_progress_gets_429_while_another_is_served() {
    let stack = stack(Options {
        emulator: EmulatorConfig {
            faults: Faults {
                latency_ms: 500,
                actions: vec!["DescribeTimeZones".into()],
                ..Faults::default()
            },
            ..Options::default().emulator
        },
        ..with_sessions(|config| config.fair_share.max_calls_in_progress = 1)
    })
    .await;
    let slow = tokio::spawn(sent(call(&stack, &alice(), "DescribeTimeZones", json!({}))));
    tokio::time::sleep(Duration::from_millis(150)).await;
    let (refused, wait) = sent(call(&stack, &alice(), "DescribeTimeZones", json!({}))).await;
    assert_eq!((refused.status, refused.code()), (429, "TOO_MANY_REQUESTS"));
    assert!(wait.is_some());
    let (served, _) = sent(call(&stack, &bob(), "DescribeInstances", json!({}))).await;
    assert_eq!(served.status, 200, "{}", served.text);
    assert_eq!(slow.await.unwrap().0.status, 200);
}

#[tokio::test]
async fn the_upstream_budget_refuses_a_flood_instead_of_passing_it_on() {
    let stack = stack(with_sessions(|config| {
        config.upstream_rate = 1;
        config.upstream_wait = Duration::from_millis(200);
    }))
    .await;
    let calls: Vec<_> = (0..8)
        .map(|_| {
            sent(call(
                &stack,
                &alice(),
                "DescribeInstancesStatus",
                json!({"instanceIds": ["ins-web-01"]}),
            ))
        })
        .collect();
    let answers = futures_util::future::join_all(calls).await;
    let busy: Vec<_> = answers
        .iter()
        .filter(|(a, _)| a.code() == "UPSTREAM_BUSY")
        .collect();
    assert!(
        !busy.is_empty(),
        "{:?}",
        answers.iter().map(|(a, _)| a.status).collect::<Vec<_>>()
    );
    assert!(busy
        .iter()
        .all(|(a, wait)| a.status == 429 && wait.is_some()));
    let forwarded = answers.iter().filter(|(a, _)| a.status == 200).count() as u64;
    assert_eq!(
        stack.upstream_calls("DescribeInstancesStatus"),
        forwarded,
        "refused calls were never sent"
    );
    assert!(forwarded < 8);
}

#[tokio::test]
async fn an_upstream_429_pauses_every_caller_not_only_the_one_who_met_it() {
    let stack = stack(Options {
        emulator: EmulatorConfig {
            faults: Faults {
                rate_limit_rate: 1.0,
                actions: vec!["DescribeTimeZones".into()],
                ..Faults::default()
            },
            ..Options::default().emulator
        },
        ..with_sessions(|config| {
            config.retry.max_retries = 0;
            config.upstream_wait = Duration::from_millis(200);
        })
    })
    .await;
    let (limited, wait) = sent(call(&stack, &alice(), "DescribeTimeZones", json!({}))).await;
    assert_eq!(
        (limited.status, limited.code()),
        (429, "REQUEST_LIMIT_EXCEEDED")
    );
    assert!(wait.unwrap() >= 1);
    let (paused, wait) = sent(call(&stack, &bob(), "DescribeImages", json!({}))).await;
    assert_eq!(
        (paused.status, paused.code()),
        (429, "UPSTREAM_BUSY"),
        "{}",
        paused.text
    );
    assert!(wait.unwrap() >= 1);
    assert_eq!(
        stack.upstream_calls("DescribeImages"),
        0,
        "nothing was sent during the pause"
    );
}

#[tokio::test]
async fn stream_ids_are_admitted_only_once_the_api_confirmed_them() {
    let stack = stack(Options {
        configure: Box::new(|config| config.status.max_watched = 2),
        ..Options::default()
    })
    .await;
    let url = |ids: &str| {
        format!(
            "http://{}{STATUS_STREAM_PATH}?instanceIds={ids}",
            stack.proxy
        )
    };
    let bogus = send(stack.http.get(url("ins-bogus-1,ins-bogus-2"))).await;
    assert_eq!(
        (bogus.status, bogus.code()),
        (404, "INVALID_INSTANCE_NOT_FOUND")
    );
    // While the API cannot confirm ids, none is admitted.
    stack.emulator.set_faults(Faults {
        server_error_rate: 1.0,
        ..Faults::default()
    });
    let unconfirmed = send(stack.http.get(url("ins-bogus-3,ins-bogus-4"))).await;
    assert_eq!(
        (unconfirmed.status, unconfirmed.code()),
        (502, "UPSTREAM_UNREACHABLE"),
        "{}",
        unconfirmed.text
    );
    assert_eq!(stack.built.state.status.watched_count(), 0);
    stack.emulator.set_faults(Faults::default());
    let real = stack
        .http
        .get(url("ins-web-01,ins-web-02"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        real.status(),
        200,
        "the watch limit is still free for real viewers"
    );
}

#[tokio::test]
async fn one_address_cannot_hold_every_connection_and_silent_ones_are_closed() {
    let stack = stack(Options {
        configure: Box::new(|config| {
            config.server.max_connections_per_address = 2;
            config.server.first_byte_timeout = Duration::from_millis(300);
        }),
        ..Options::default()
    })
    .await;
    let silent: Vec<_> =
        futures_util::future::join_all((0..2).map(|_| tokio::net::TcpStream::connect(stack.proxy)))
            .await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let request = format!("GET /healthz HTTP/1.1\r\nHost: {}\r\n\r\n", stack.proxy);
    let (answer, _) = raw_exchange(stack.proxy, request.as_bytes(), Duration::from_secs(3)).await;
    assert!(answer.starts_with("HTTP/1.1 429"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("retry-after:"),
        "{answer}"
    );
    // Another address is served meanwhile.
    let other = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap();
    let served = other
        .get(format!("http://{}/healthz", stack.proxy))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), 200);
    // The silent ones are closed after the first-byte timeout, freeing the address's share.
    for stream in silent {
        let mut stream = stream.unwrap();
        let mut buffer = [0u8; 16];
        let read = tokio::time::timeout(
            Duration::from_secs(5),
            tokio::io::AsyncReadExt::read(&mut stream, &mut buffer),
        )
        .await
        .expect("a silent connection is closed");
        assert!(matches!(read, Ok(0) | Err(_)));
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let (answer, _) = raw_exchange(
        stack.proxy,
        format!(
            "GET /healthz HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            stack.proxy
        )
        .as_bytes(),
        Duration::from_secs(3),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn a_flood_of_bad_sessions_costs_one_callers_share() {
    let stack = stack(with_sessions(|config| {
        config.fair_share.calls_per_second = 1
    }))
    .await;
    let mut codes = Vec::new();
    for _ in 0..4 {
        let (answer, wait) = sent(call(
            &stack,
            "not-a-session",
            "DescribeInstances",
            json!({}),
        ))
        .await;
        codes.push(answer.code().to_owned());
        if answer.status == 429 {
            assert!(wait.is_some());
        }
    }
    assert_eq!(&codes[..2], ["UNAUTHORIZED", "UNAUTHORIZED"]);
    assert!(codes.contains(&"TOO_MANY_REQUESTS".to_owned()), "{codes:?}");
    let (served, _) = sent(call(&stack, &bob(), "DescribeInstances", json!({}))).await;
    assert_eq!(
        served.status, 200,
        "a signed-in caller has its own share: {}",
        served.text
    );
}

#[tokio::test]
async fn a_caller_watches_at_most_its_share_of_the_instances_while_another_watches() {
    let stack = stack(with_sessions(|config| {
        config.status.max_watched = 3;
        config.status.max_watched_per_caller = 2;
    }))
    .await;
    let url = |ids: &str| {
        format!(
            "http://{}{STATUS_STREAM_PATH}?instanceIds={ids}",
            stack.proxy
        )
    };
    let carol = session(
        "carol",
        &["ins-web-01", "ins-web-02", "ins-mon-01"],
        &[],
        None,
    );
    let first = stack
        .http
        .get(url("ins-web-01,ins-web-02"))
        .bearer_auth(&carol)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    // The same ids again cost nothing more; a third one is over carol's share.
    let same = stack
        .http
        .get(url("ins-web-02"))
        .bearer_auth(&carol)
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), 200);
    let (over, _) = sent(stack.http.get(url("ins-mon-01")).bearer_auth(&carol)).await;
    assert_eq!(
        (over.status, over.code()),
        (429, "WATCH_LIMIT_EXCEEDED"),
        "{}",
        over.text
    );
    let bobs = stack
        .http
        .get(url("ins-db-01"))
        .bearer_auth(bob())
        .send()
        .await
        .unwrap();
    assert_eq!(bobs.status(), 200, "bob is served");
    // Closing carol's streams gives her share back.
    drop((first, same));
    let mut again = 0;
    for _ in 0..50 {
        let response = stack
            .http
            .get(url("ins-mon-01"))
            .bearer_auth(&carol)
            .send()
            .await
            .unwrap();
        again = response.status().as_u16();
        if again == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(again, 200, "the share came back");
}
