//! Where a request may come from: DNS rebinding, origins, HTTP/2 authorities, a public origin behind a reverse proxy, and JSON only.

use super::*;

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
