//! The proxy's defences over real HTTP on loopback: DNS rebinding and cross-site requests,
//! content types, slow and idle connections, the connection and per-client limits, what is
//! forwarded, body sizes, the health check and the bounds of the live status stream.

mod support;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::HeaderMap;
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

/// A stand-in for the API that records every body it receives and answers success.
async fn capturing_upstream() -> (SocketAddr, Arc<Mutex<Vec<(String, Value)>>>) {
    let seen: Arc<Mutex<Vec<(String, Value)>>> = Arc::default();
    let sink = seen.clone();
    let app = axum::Router::new().route(
        "/api/v2/{service}",
        axum::routing::post(move |headers: HeaderMap, body: Bytes| {
            let sink = sink.clone();
            async move {
                let action = headers["x-zc-action"].to_str().unwrap().to_owned();
                let body: Value = serde_json::from_slice(&body).unwrap();
                sink.lock().unwrap().push((action.clone(), body));
                // A listing (the proxy's protection lookup) gets an empty page.
                let fields = if action == "DescribeInstances" {
                    json!({"requestId": "captured-1", "totalCount": 0, "dataSet": []})
                } else {
                    json!({"requestId": "captured-1", "instanceIds": []})
                };
                axum::Json(json!({"requestId": "captured-1", "response": fields}))
            }
        }),
    );
    (support::serve(app).await, seen)
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

#[tokio::test]
async fn a_dns_rebinding_request_is_refused_before_it_reaches_the_api() {
    let stack = stack(Options::default()).await;
    let port = stack.proxy.port();
    // The attack: evil.example resolves to this proxy; the page is "same-origin" with it.
    let rebound = client_resolving("rebind.evil.example", stack.proxy);
    let answer = send(
        rebound
            .post(format!("http://rebind.evil.example:{port}/api/v2/zec"))
            .header("x-zc-action", "StopInstances")
            .header("content-type", "application/json")
            .header("origin", format!("http://rebind.evil.example:{port}"))
            .header("sec-fetch-site", "same-origin")
            .body(r#"{"instanceIds":["ins-web-02"]}"#),
    )
    .await;
    assert_eq!(
        (answer.status, answer.code()),
        (421, "MISDIRECTED_REQUEST"),
        "{}",
        answer.text
    );
    assert!(!answer.body["requestId"].as_str().unwrap().is_empty());
    // The status stream and the console itself are not served for that name either.
    let stream = rebound
        .get(format!(
            "http://rebind.evil.example:{port}/api/v2/zec/status-stream?instanceIds=ins-web-02"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 421);
    let page = rebound
        .get(format!("http://rebind.evil.example:{port}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 421);
    assert_eq!(stack.upstream_calls("StopInstances"), 0);
    assert!(
        stack.emulator.calls().is_empty(),
        "{:?}",
        stack.emulator.calls()
    );

    // The loopback names of the listen address are this server's own.
    let own = client_resolving("localhost", stack.proxy);
    let answer = send(
        own.post(format!("http://localhost:{port}/api/v2/zec"))
            .header("x-zc-action", "DescribeTimeZones")
            .header("content-type", "application/json")
            .header("origin", format!("http://localhost:{port}"))
            .header("sec-fetch-site", "same-origin")
            .body("{}"),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
}

#[tokio::test]
async fn origins_must_match_exactly_and_fetch_site_none_is_no_pass() {
    let stack = stack(Options::default()).await;
    let own = format!("http://{}", stack.proxy);
    let call = |origin: Option<&str>, site: Option<&str>| {
        // Not `stack.request`, which sends Sec-Fetch-Site: same-origin.
        let mut request = stack
            .http
            .post(format!("http://{}/api/v2/zec", stack.proxy))
            .header("x-zc-action", "StopInstances")
            .header("content-type", "application/json")
            .body(r#"{"instanceIds":["ins-web-02"]}"#);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(site) = site {
            request = request.header("sec-fetch-site", site);
        }
        send(request)
    };
    for (origin, site) in [
        (Some("https://evil.example"), Some("none")),
        (Some(format!("https://{}", stack.proxy).as_str()), None),
        (Some("null"), None),
        (None, Some("cross-site")),
        (None, Some("same-site")),
    ] {
        let answer = call(origin, site).await;
        assert_eq!(
            (answer.status, answer.code()),
            (403, "CROSS_SITE_REQUEST"),
            "{origin:?} {site:?}"
        );
    }
    assert_eq!(stack.upstream_calls("StopInstances"), 0);
    // A typed address (none) without an Origin, and a same-origin call, pass.
    assert_eq!(call(None, Some("none")).await.status, 200);
    assert_eq!(call(Some(&own), Some("same-origin")).await.status, 200);
}

#[tokio::test]
async fn http2_calls_are_checked_by_their_authority_and_origin() {
    let stack = stack(Options::default()).await;
    let h2 = reqwest::Client::builder()
        .http2_prior_knowledge()
        .resolve("rebind.evil.example", stack.proxy)
        .build()
        .unwrap();
    let own = format!("http://{}", stack.proxy);
    // Same-origin over HTTP/2 with an Origin and no Sec-Fetch-Site (no Host header at all).
    let response = h2
        .post(format!("{own}/api/v2/zec"))
        .header("x-zc-action", "DescribeTimeZones")
        .header("content-type", "application/json")
        .header("origin", &own)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.version(), reqwest::Version::HTTP_2);
    assert_eq!(response.status(), 200);
    let port = stack.proxy.port();
    let rebound = h2
        .post(format!("http://rebind.evil.example:{port}/api/v2/zec"))
        .header("x-zc-action", "DescribeTimeZones")
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(rebound.version(), reqwest::Version::HTTP_2);
    assert_eq!(rebound.status(), 421);
}

#[tokio::test]
async fn a_public_origin_is_allowed_behind_a_host_rewriting_reverse_proxy() {
    let stack = stack(Options {
        configure: Box::new(|config| {
            config.public_origins = vec!["https://portal.example.com".parse().unwrap()]
        }),
        ..Options::default()
    })
    .await;
    // The reverse proxy rewrote Host to the proxy's own address; the browser's Origin stays.
    let answer = send(
        stack
            .request("zec", "DescribeTimeZones")
            .header("origin", "https://portal.example.com")
            .body("{}"),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    // Or it kept the public Host.
    let kept = client_resolving("portal.example.com", stack.proxy);
    let answer = send(
        kept.post(format!(
            "http://portal.example.com:{}/api/v2/zec",
            stack.proxy.port()
        ))
        .header("x-zc-action", "DescribeTimeZones")
        .header("content-type", "application/json")
        .header("host", "portal.example.com")
        .header("origin", "https://portal.example.com")
        .body("{}"),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let wrong_scheme = send(
        stack
            .request("zec", "DescribeTimeZones")
            .header("origin", "http://portal.example.com")
            .body("{}"),
    )
    .await;
    assert_eq!(wrong_scheme.code(), "CROSS_SITE_REQUEST");
}

#[tokio::test]
async fn api_calls_must_be_json() {
    let stack = stack(Options::default()).await;
    let url = format!("http://{}/api/v2/zec", stack.proxy);
    let base = || {
        stack
            .http
            .post(&url)
            .header("x-zc-action", "StopInstances")
            .body(r#"{"instanceIds":["ins-web-02"]}"#)
    };
    for request in [
        base().header("content-type", "text/plain"),
        base().header("content-type", "application/x-www-form-urlencoded"),
        base(),
    ] {
        let answer = send(request).await;
        assert_eq!(
            (answer.status, answer.code()),
            (415, "UNSUPPORTED_MEDIA_TYPE")
        );
    }
    assert_eq!(stack.upstream_calls("StopInstances"), 0);
    let answer = send(base().header("content-type", "Application/JSON; charset=utf-8")).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
}

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

#[tokio::test]
async fn the_typed_request_is_forwarded_never_the_raw_bytes() {
    let (upstream, seen) = capturing_upstream().await;
    let (proxy, _built) = proxy_in_front_of(upstream, |_| {}).await;
    let http = reqwest::Client::new();
    let body = r#"{"instanceId":"ins-web-01","InstanceId":"ins-other","INSTANCEID":"x","password":"Abcdef1!","unknownKey":{"a":1}}"#;
    let answer = send(
        http.post(format!("http://{proxy}/api/v2/zec"))
            .header("x-zc-action", "ResetInstance")
            .header("content-type", "application/json")
            .body(body),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let listing = r#"{"instanceIds":["ins-web-01"],"InstanceIds":["ins-other"],"pageSize":5}"#;
    send(
        http.post(format!("http://{proxy}/api/v2/zec"))
            .header("x-zc-action", "DescribeInstances")
            .header("content-type", "application/json")
            .body(listing),
    )
    .await;
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        vec![
            (
                "DescribeInstances".to_owned(),
                json!({"instanceIds": ["ins-web-01"], "pageSize": 1}),
            ),
            (
                "ResetInstance".to_owned(),
                json!({"instanceId": "ins-web-01", "password": "Abcdef1!"})
            ),
            (
                "DescribeInstances".to_owned(),
                json!({"instanceIds": ["ins-web-01"], "pageSize": 5})
            ),
        ]
    );
}

#[tokio::test]
async fn a_long_action_header_is_neither_echoed_nor_logged_whole() {
    let logs = support::captured_logs();
    let stack = stack(Options::default()).await;
    let long = format!("Describe{}", "Z".repeat(60_000));
    let answer = send(stack.request("zec", &long).body("{}")).await;
    assert_eq!((answer.status, answer.code()), (403, "ACTION_NOT_ALLOWED"));
    assert!(
        answer.text.len() < 1_000,
        "{} bytes echoed",
        answer.text.len()
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    let logged = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    assert!(
        logged.contains(&"Z".repeat(50)),
        "the bounded name is logged"
    );
    assert!(!logged.contains(&"Z".repeat(100)), "the whole name is not");
}

/// Writes every character of a JSON string as `\uXXXX`.
fn escaped(value: &str) -> String {
    value
        .encode_utf16()
        .map(|unit| format!("\\u{unit:04x}"))
        .collect()
}

#[tokio::test]
async fn a_valid_request_with_escaped_user_data_is_never_refused_as_too_large() {
    let stack = stack(Options::default()).await;
    let user_data = "#!/bin/sh\n".repeat(3276) + "echo"; // 32,764 bytes
    assert!(user_data.len() <= zec_api::rules::USER_DATA_MAX_BYTES);
    let body = format!(
        r#"{{"instanceId":"ins-web-01","password":"Abcdef1!","userData":"{}"}}"#,
        escaped(&user_data)
    );
    assert!(body.len() > 190_000, "{} bytes on the wire", body.len());
    let answer = send(stack.request("zec", "ResetInstance").body(body)).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(stack.upstream_calls("ResetInstance"), 1);
}

#[tokio::test]
async fn the_access_log_carries_the_plan_but_no_secret() {
    let logs = support::captured_logs();
    let stack = stack(Options::default()).await;
    let answer = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-db-01", "imageId": "img-debian-12", "password": "Plan-Secret-7a",
                   "instanceName": "db-plan-log", "timezone": "Europe/Berlin", "enableAgent": true,
                   "userData": "echo plan-user-data"}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let logged = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    let line: Value = logged
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find(|line| {
            // Other tests stream ins-db-01's status: this test's line is its reset's.
            line["target"] == "zec_proxy::access"
                && line["fields"]["instance"] == "ins-db-01"
                && line["fields"]["action"] == "ResetInstance"
        })
        .expect("the ResetInstance access line");
    let fields = &line["fields"];
    assert_eq!(fields["action"], "ResetInstance");
    assert_eq!(fields["request_id"], answer.body["requestId"]);
    assert_eq!(fields["image_id"], "img-debian-12");
    assert_eq!(fields["instance_name"], "db-plan-log");
    assert_eq!(fields["timezone"], "Europe/Berlin");
    assert_eq!(fields["enable_agent"], true);
    assert_eq!(fields["user_data_bytes"], "echo plan-user-data".len());
    assert_eq!(fields["password_given"], true);
    assert!(fields.get("key_id").is_none());
    assert!(!logged.contains("Plan-Secret-7a"));
    assert!(!logged.contains("plan-user-data"));
}

#[tokio::test]
async fn healthz_reports_whether_the_api_answers() {
    let stack = stack(Options {
        configure: Box::new(|config| config.health_probe_after = Duration::from_millis(50)),
        ..Options::default()
    })
    .await;
    let health = |http: reqwest::Client, addr: SocketAddr| async move {
        let response = http
            .get(format!("http://{addr}/healthz"))
            .send()
            .await
            .unwrap();
        (
            response.status().as_u16(),
            response.json::<Value>().await.unwrap(),
        )
    };
    let (status, body) = health(stack.http.clone(), stack.proxy).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["upstream"]["reachable"], true);
    assert!(body["upstream"]["lastSuccessAgeMs"].as_u64().unwrap() < 5_000);
    assert_eq!(
        stack.upstream_calls("DescribeTimeZones"),
        1,
        "the API was asked"
    );

    // The API stops answering: the next check finds out.
    let (upstream, _built) = proxy_in_front_of(closed_port().await, |_| {}).await;
    let (status, body) = health(reqwest::Client::new(), upstream).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["status"], "degraded");
    assert_eq!(body["upstream"]["reachable"], false);
    assert!(body["upstream"]["lastSuccessAgeMs"].is_null());
}

#[tokio::test]
async fn healthz_shows_counts_only_to_callers_the_access_policy_admits() {
    let stack = stack(Options {
        configure: Box::new(|config| config.access.control.token = Some("health-token".into())),
        ..Options::default()
    })
    .await;
    let get = |token: Option<&str>| {
        let mut request = stack.http.get(format!("http://{}/healthz", stack.proxy));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let anonymous = get(None).await;
    assert_eq!(anonymous["status"], "ok");
    assert!(anonymous.get("watchedInstances").is_none(), "{anonymous}");
    let admitted = get(Some("health-token")).await;
    assert_eq!(admitted["watchedInstances"], 0, "{admitted}");
    // A rebound host gets the status, never the counts.
    let rebound = client_resolving("rebind.evil.example", stack.proxy);
    let foreign: Value = rebound
        .get(format!(
            "http://rebind.evil.example:{}/healthz",
            stack.proxy.port()
        ))
        .bearer_auth("health-token")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(foreign.get("watchedInstances").is_none(), "{foreign}");
}

// ---- live status bounds ---------------------------------------------------------------------

#[tokio::test]
async fn a_stream_of_101_ids_is_refused_with_400_in_the_envelope() {
    let stack = stack(Options::default()).await;
    let ids: Vec<String> = (0..101).map(|i| format!("ins-{i}")).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let answer = send(stack.http.get(stack.stream_url(&ids))).await;
    assert_eq!(
        (answer.status, answer.code()),
        (400, "INVALID_PARAMETER"),
        "{}",
        answer.text
    );
    assert!(answer.body["message"].as_str().unwrap().contains("100"));
    assert_eq!(stack.upstream_calls("DescribeInstancesStatus"), 0);
}

#[tokio::test]
async fn the_distinct_watched_ids_are_capped() {
    let stack = stack(Options {
        configure: Box::new(|config| config.status.max_watched = 3),
        ..Options::default()
    })
    .await;
    let open = |ids: &[&str]| stack.http.get(stack.stream_url(ids)).send();
    let first = open(&["ins-web-01", "ins-web-02"]).await.unwrap();
    assert_eq!(first.status(), 200);
    let refused = open(&["ins-db-01", "ins-mon-01"]).await.unwrap();
    assert_eq!(refused.status(), 429);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "WATCH_LIMIT_EXCEEDED");
    assert!(
        body["message"].as_str().unwrap().contains("limit is 3"),
        "{body}"
    );
    // Ids already watched cost nothing; one more new id fits.
    let same = open(&["ins-web-02", "ins-web-01"]).await.unwrap();
    assert_eq!(same.status(), 200);
    let one_more = open(&["ins-db-01"]).await.unwrap();
    assert_eq!(one_more.status(), 200);
    assert_eq!(stack.built.state.status.watched_count(), 3);
    // When viewers leave, their ids free the room again.
    drop((first, same, one_more));
    let hub = stack.built.state.status.clone();
    let deadline = Instant::now() + Duration::from_secs(3);
    while hub.watched_count() > 0 {
        assert!(Instant::now() < deadline, "viewers did not unregister");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        open(&["ins-db-01", "ins-mon-01"]).await.unwrap().status(),
        200
    );
}

#[tokio::test]
async fn ids_that_do_not_exist_are_not_watched() {
    let stack = stack(Options::default()).await;
    let none = send(
        stack
            .http
            .get(stack.stream_url(&["ins-bogus-1", "ins-bogus-2"])),
    )
    .await;
    assert_eq!(
        (none.status, none.code()),
        (404, "INVALID_INSTANCE_NOT_FOUND")
    );
    let mixed = stack
        .http
        .get(stack.stream_url(&["ins-bogus-1", "ins-web-01"]))
        .send()
        .await
        .unwrap();
    assert_eq!(mixed.status(), 200);
    let events = read_events(mixed, Duration::from_secs(3), |events| !events.is_empty()).await;
    assert_eq!(events[0].0, "status");
    assert_eq!(events[0].1["instanceId"], "ins-web-01");
    assert_eq!(
        stack.built.state.status.watched_count(),
        1,
        "only the real one is polled"
    );
}

#[tokio::test]
async fn a_stream_names_only_instances_the_caller_may_see() {
    let stack = stack(Options {
        configure: Box::new(|config| {
            config.access.allowed_instances = ["ins-web-01".to_owned()].into()
        }),
        ..Options::default()
    })
    .await;
    let refused = send(
        stack
            .http
            .get(stack.stream_url(&["ins-web-01", "ins-db-01"])),
    )
    .await;
    assert_eq!(
        (refused.status, refused.code()),
        (403, "RESOURCE_NOT_ALLOWED")
    );
    assert_eq!(stack.built.state.status.watched_count(), 0);
}

#[tokio::test]
async fn no_stream_is_opened_on_ids_the_api_cannot_confirm() {
    let (proxy, built) = proxy_in_front_of(closed_port().await, |_| {}).await;
    let refused = send(reqwest::Client::new().get(format!(
        "http://{proxy}/api/v2/zec/status-stream?instanceIds=ins-web-01"
    )))
    .await;
    assert_eq!(
        (refused.status, refused.code()),
        (502, "UPSTREAM_UNREACHABLE")
    );
    assert_eq!(
        built.state.status.watched_count(),
        0,
        "nothing admitted on trust"
    );
}

/// Opens a stream while the API answers, then applies `faults` and measures how long until
/// the stream says so.
async fn announced_after(faults: Faults) -> (Vec<(String, Value)>, Duration, Duration) {
    let stack = stack(Options::default()).await;
    let interval = stack.built.state.status.interval();
    let response = reqwest::get(stack.stream_url(&["ins-web-01"]))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let emulator = stack.emulator.clone();
    let started = Arc::new(Mutex::new(None::<Instant>));
    let mark = started.clone();
    let events = read_events(response, interval * 8, move |events| {
        if events.len() == 1 && mark.lock().unwrap().is_none() {
            emulator.set_faults(faults.clone());
            *mark.lock().unwrap() = Some(Instant::now());
        }
        events.iter().any(|(name, _)| name == "upstream-error")
    })
    .await;
    let took = started.lock().unwrap().unwrap().elapsed();
    (events, took, interval)
}

#[tokio::test]
async fn an_unreachable_api_is_announced_within_two_intervals() {
    let (events, took, interval) = announced_after(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    })
    .await;
    let (_, error) = events
        .iter()
        .find(|(name, _)| name == "upstream-error")
        .unwrap();
    assert_eq!(error["code"], "UPSTREAM_UNREACHABLE");
    assert!(!error["requestId"].as_str().unwrap().is_empty());
    assert!(
        took <= interval * 2 + Duration::from_millis(150),
        "{took:?}"
    );
}

#[tokio::test]
async fn an_api_that_accepts_but_never_answers_is_announced_within_two_intervals() {
    let (events, took, interval) = announced_after(Faults {
        latency_ms: 60_000,
        ..Faults::default()
    })
    .await;
    let (_, error) = events
        .iter()
        .find(|(name, _)| name == "upstream-error")
        .unwrap();
    assert_eq!(error["code"], "UPSTREAM_TIMEOUT");
    assert!(
        took <= interval * 2 + Duration::from_millis(150),
        "{took:?}"
    );
}

#[tokio::test]
async fn closing_the_hub_ends_every_stream_with_a_closing_event() {
    let stack = stack(Options::default()).await;
    let response = stack
        .http
        .get(stack.stream_url(&["ins-web-01"]))
        .send()
        .await
        .unwrap();
    let hub = stack.built.state.status.clone();
    let closer = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(400)).await;
        hub.close("shutdown");
    });
    // Reads until the stream ends by itself.
    let events = read_events(response, Duration::from_secs(3), |_| false).await;
    closer.await.unwrap();
    let (name, data) = events.last().unwrap();
    assert_eq!(name, "closing");
    assert_eq!(data, &json!({"reason": "shutdown"}));
}

#[test]
fn every_secret_holding_type_redacts_itself_in_debug() {
    let mut config = ProxyConfig::new(support::static_dir());
    config.credentials = Some(UpstreamCredentials::AccessKey {
        id: "key-id-visible".into(),
        password: "key-password-secret".into(),
    });
    config.access.control.token = Some("browser-token-secret".into());
    config.access.control.sessions = Some(
        zec_proxy::session::SessionKeys::hs256(b"session-secret-value-0123456789abcdef").unwrap(),
    );
    let emulator_credentials = zec_emulator::Credentials {
        access_keys: vec![("emu-id".into(), "emu-password-secret".into())],
        bearer_tokens: vec!["emu-token-secret".into()],
    };
    let shown = format!(
        "{config:?} {:?} {emulator_credentials:?}",
        UpstreamCredentials::Token("token-secret".into())
    );
    assert!(
        shown.contains("key-id-visible") && shown.contains("emu-id"),
        "{shown}"
    );
    for secret in [
        "key-password-secret",
        "browser-token-secret",
        "token-secret",
        "emu-password-secret",
        "emu-token-secret",
        "session-secret-value",
    ] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}
