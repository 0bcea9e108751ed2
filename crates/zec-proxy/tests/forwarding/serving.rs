//! Static files and their headers, and the embedded emulator without credentials.

use super::*;

#[tokio::test]
async fn static_files_have_security_cache_and_compression_headers() {
    let stack = stack(Options::default()).await;
    let page = stack
        .http
        .get(format!("http://{}/", stack.proxy))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let headers = page.headers();
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["cache-control"], "no-cache");
    assert_eq!(headers["content-encoding"], "gzip");
    let css = stack
        .http
        .get(format!("http://{}/app.css", stack.proxy))
        .send()
        .await
        .unwrap();
    assert!(css.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("max-age"));
    let missing = stack
        .http
        .get(format!("http://{}/nope.js", stack.proxy))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let health: serde_json::Value = stack
        .http
        .get(format!("http://{}/healthz", stack.proxy))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["mode"], "cloud");
}

#[cfg(feature = "emulator")]
#[tokio::test]
async fn without_credentials_the_proxy_embeds_the_emulator() {
    let mut config = zec_proxy::ProxyConfig::new(support::static_dir());
    config.credentials = None;
    let (listener, addr) = support::listener().await;
    let built = support::serve_proxy(config, listener).await;
    assert!(built.emulator_addr.is_some());
    let http = reqwest::Client::new();
    let answer = send(
        http.post(format!("http://{addr}/api/v2/zec"))
            .header("x-zc-action", "DescribeInstances")
            .header("content-type", "application/json")
            .body("{}"),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert!(answer.body["response"]["totalCount"].as_u64().unwrap() >= 8);
    assert_eq!(
        built.emulator.as_ref().unwrap().calls()["DescribeInstances"],
        1,
        "signed calls reached the embedded emulator"
    );
    let health: serde_json::Value = http
        .get(format!("http://{addr}/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["mode"], "emulator");
}
