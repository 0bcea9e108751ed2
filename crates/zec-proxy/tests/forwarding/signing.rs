//! Signing and forwarding: the upstream envelope, the proxy signs whatever the browser sends, wrong credentials, bearer credentials, the allowlist of actions, cross-site requests.

use super::*;

#[tokio::test]
async fn calls_are_signed_and_forwarded_with_the_upstream_envelope() {
    let stack = stack(Options::default()).await;
    let answer = stack
        .call("DescribeInstances", json!({"pageSize": 5}))
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(
        answer.body["response"]["dataSet"].as_array().unwrap().len(),
        5
    );
    assert_eq!(
        answer.body["requestId"],
        answer.body["response"]["requestId"]
    );
    let keys = stack.call("DescribeKeyPairs", json!({})).await;
    assert_eq!(keys.status, 200, "ccs is forwarded too");
    assert_eq!(stack.upstream_calls("DescribeKeyPairs"), 1);
}

#[tokio::test]
async fn a_browser_authorization_header_is_ignored_and_the_proxy_signs() {
    let stack = stack(Options::default()).await;
    let answer = send(
        stack
            .request("zec", "DescribeImages")
            .header("authorization", "Bearer forged")
            .body("{}"),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
}

#[tokio::test]
async fn wrong_credentials_surface_the_apis_signature_error() {
    let stack = stack(Options {
        configure: Box::new(|config| {
            config.credentials = Some(UpstreamCredentials::AccessKey {
                id: "emulator-access-key-id".into(),
                password: "wrong".into(),
            })
        }),
        ..Options::default()
    })
    .await;
    let answer = stack.call("DescribeImages", json!({})).await;
    assert_eq!((answer.status, answer.code()), (401, "SIGNATURE_FAILURE"));
    assert_eq!(
        stack.upstream_calls("DescribeImages"),
        1,
        "auth failures are not retried"
    );
}

#[tokio::test]
async fn a_bearer_token_credential_works() {
    let stack = stack(Options {
        configure: Box::new(|config| {
            config.credentials = Some(UpstreamCredentials::Token("emulator-access-token".into()))
        }),
        ..Options::default()
    })
    .await;
    assert_eq!(stack.call("DescribeTimeZones", json!({})).await.status, 200);
}

#[tokio::test]
async fn only_allowlisted_actions_reach_upstream() {
    let stack = stack(Options::default()).await;
    for (service, action) in [
        ("zec", "TerminateInstances"),
        ("zec", "CreateInstances"),
        ("zec", "DescribeKeyPairs"),
        ("ccs", "DeleteKeyPairs"),
        ("vpc", "DescribeVpcs"),
        ("zec", ""),
    ] {
        let answer = send(stack.request(service, action).body("{}")).await;
        assert_eq!(
            (answer.status, answer.code()),
            (403, "ACTION_NOT_ALLOWED"),
            "{service}/{action}"
        );
        assert!(!answer.body["requestId"].as_str().unwrap().is_empty());
    }
    assert!(
        stack.emulator.calls().is_empty(),
        "nothing reached upstream: {:?}",
        stack.emulator.calls()
    );
}

#[tokio::test]
async fn cross_site_requests_are_refused() {
    let stack = stack(Options::default()).await;
    let url = format!("http://{}/api/v2/zec", stack.proxy);
    let base = || {
        stack
            .http
            .post(&url)
            .header("x-zc-action", "StopInstances")
            .header("content-type", "application/json")
            .body(r#"{"instanceIds":["ins-web-02"]}"#)
    };
    for request in [
        base().header("sec-fetch-site", "cross-site"),
        base().header("sec-fetch-site", "same-site"),
        base().header("origin", "https://evil.example"),
    ] {
        let answer = send(request).await;
        assert_eq!((answer.status, answer.code()), (403, "CROSS_SITE_REQUEST"));
    }
    assert_eq!(stack.upstream_calls("StopInstances"), 0);
    let same_origin = send(base().header("origin", format!("http://{}", stack.proxy))).await;
    assert_eq!(same_origin.status, 200, "{}", same_origin.text);
}
