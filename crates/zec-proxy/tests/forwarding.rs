//! The proxy in front of a real emulator, over real HTTP: signing, allowlist, origin checks,
//! body limit, validation, redaction, retries, access control and static files.

mod support;

use std::time::Duration;

use serde_json::json;
use support::{send, stack, Options};
use zec_emulator::{EmulatorConfig, Faults};
use zec_proxy::upstream::UpstreamCredentials;

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

#[tokio::test]
async fn bodies_larger_than_any_valid_request_get_413_in_the_envelope() {
    let stack = stack(Options::default()).await;
    let big = json!({"instanceId": "ins-web-01", "password": "Abcdef1!", "userData": "x".repeat(260 * 1024)});
    let answer = stack.call("ResetInstance", big).await;
    assert_eq!((answer.status, answer.code()), (413, "PAYLOAD_TOO_LARGE"));
    assert!(!answer.body["requestId"].as_str().unwrap().is_empty());
    // Without a Content-Length (chunked), the limit still holds.
    let chunks =
        futures_util::stream::iter((0..260).map(|_| Ok::<_, std::io::Error>(vec![b' '; 1024])));
    let answer = send(
        stack
            .request("zec", "DescribeImages")
            .body(reqwest::Body::wrap_stream(chunks)),
    )
    .await;
    assert_eq!((answer.status, answer.code()), (413, "PAYLOAD_TOO_LARGE"));
    assert_eq!(
        stack.upstream_calls("ResetInstance") + stack.upstream_calls("DescribeImages"),
        0
    );
}

#[tokio::test]
async fn rule_violations_are_answered_locally_with_the_apis_codes() {
    let stack = stack(Options::default()).await;
    let cases = [
        (
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "password": "short"}),
            "INVALID_PASSWORD_MALFORMED",
        ),
        (
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "password": "Abc#def12"}),
            "INVALID_PASSWORD_MALFORMED",
        ),
        (
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!", "keyId": "key-ci"}),
            "INVALID_LOGIN_SETTING_CONFLICT",
        ),
        (
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "keyId": "key-ci", "instanceName": "x"}),
            "INVALID_PARAMETER",
        ),
        (
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "keyId": "key-ci", "userData": "x".repeat(33_000)}),
            "INVALID_PARAMETER_USER_DATA_EXCEED",
        ),
        (
            "ResetInstance",
            json!({"password": "Abcdef1!"}),
            "MISSING_PARAMETER",
        ),
        (
            "ResetInstance",
            json!({"instanceId": 7}),
            "INVALID_PARAMETER",
        ),
        (
            "ResetInstances",
            json!({"instanceIds": [], "password": "Abcdef1!"}),
            "MISSING_PARAMETER",
        ),
        (
            "StopInstances",
            json!({"instanceIds": (0..101).map(|i| format!("i-{i}")).collect::<Vec<_>>()}),
            "INVALID_PARAMETER",
        ),
        (
            "DescribeInstances",
            json!({"pageSize": 5000}),
            "INVALID_PARAMETER",
        ),
    ];
    for (action, body, code) in cases {
        let answer = stack.call(action, body.clone()).await;
        assert_eq!(
            (answer.status, answer.code()),
            (400, code),
            "{action} {body}"
        );
        assert!(!answer.body["message"].as_str().unwrap().is_empty());
    }
    assert!(
        stack.emulator.calls().is_empty(),
        "no refused call reached upstream: {:?}",
        stack.emulator.calls()
    );
    // Context rules are the API's to check: the emulator answers them through the proxy.
    let answer = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-02", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(
        (answer.status, answer.code()),
        (400, "UNSUPPORTED_OPERATION_INSTANCE_STATUS")
    );
}

#[tokio::test]
async fn no_password_user_data_or_secret_in_logs_or_answers() {
    let logs = support::captured_logs();
    let stack = stack(Options::default()).await;
    let password = "Zq7-Redact-Me";
    let user_data = "export API_TOKEN=user-data-secret-4711";
    let mut answers = Vec::new();
    answers.push(
        stack
            .call(
                "ResetInstance",
                json!({"instanceId": "ins-web-01", "password": password, "userData": user_data}),
            )
            .await,
    );
    answers.push(
        stack
            .call(
                "ResetInstance",
                json!({"instanceId": "ins-web-02", "password": password, "userData": user_data}),
            )
            .await,
    );
    answers.push(stack.call("ResetInstance", json!({"instanceId": "ins-db-01", "password": "Bad#Zq7-Redact", "userData": user_data})).await);
    answers.push(
        stack
            .call(
                "ResetInstance",
                json!({"instanceId": "ins-db-01", "password": password, "enableAgent": password}),
            )
            .await,
    );
    assert_eq!(answers[0].status, 200);
    assert_eq!(answers[1].code(), "UNSUPPORTED_OPERATION_INSTANCE_STATUS");
    assert_eq!(answers[2].code(), "INVALID_PASSWORD_MALFORMED");
    assert_eq!(answers[3].code(), "INVALID_PARAMETER");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let logged = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    assert!(logged.contains("ResetInstance"), "the calls were logged");
    for secret in [
        password,
        "Bad#Zq7-Redact",
        "user-data-secret-4711",
        zec_emulator::auth::DEFAULT_ACCESS_KEY_PASSWORD,
    ] {
        assert!(!logged.contains(secret), "{secret} leaked into the log");
        for answer in &answers {
            assert!(
                !answer.text.contains(secret),
                "{secret} leaked into an answer: {}",
                answer.text
            );
        }
    }
    let credentials = UpstreamCredentials::AccessKey {
        id: "id".into(),
        password: "the-secret".into(),
    };
    assert!(!format!("{credentials:?}").contains("the-secret"));
}

#[tokio::test]
async fn describe_calls_are_retried_on_429_5xx_and_dropped_connections() {
    let stack = stack(Options::default()).await;
    // Every call fails: the proxy makes 1 + 3 attempts, then passes the API's answer on.
    stack.emulator.set_faults(Faults {
        server_error_rate: 1.0,
        ..Faults::default()
    });
    let answer = stack.call("DescribeInstances", json!({})).await;
    assert_eq!(
        (answer.status, answer.code()),
        (503, "SERVICE_TEMPORARY_UNAVAILABLE")
    );
    assert_eq!(stack.upstream_calls("DescribeInstances"), 4);

    stack.emulator.set_faults(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    });
    let answer = stack.call("DescribeKeyPairs", json!({})).await;
    assert_eq!(
        (answer.status, answer.code()),
        (502, "UPSTREAM_UNREACHABLE")
    );
    assert!(!answer.body["requestId"].as_str().unwrap().is_empty());
    assert_eq!(stack.upstream_calls("DescribeKeyPairs"), 4);

    // Many calls fail: retries hide nearly all of it from the browser. (A 429 pauses every
    // caller: tests/fair_share.rs and the test below.)
    stack.emulator.set_faults(Faults {
        server_error_rate: 0.4,
        ..Faults::default()
    });
    let mut ok = 0;
    for _ in 0..40 {
        if stack.call("DescribeTimeZones", json!({})).await.status == 200 {
            ok += 1;
        }
    }
    assert!(ok >= 36, "{ok} of 40 succeeded");
    assert!(
        stack.upstream_calls("DescribeTimeZones") > 40,
        "failed attempts were retried"
    );
}

#[tokio::test]
async fn a_429_is_retried_only_when_the_shared_pause_allows_then_passed_on() {
    let stack = stack(Options {
        configure: Box::new(|config| config.upstream_wait = Duration::from_millis(1500)),
        ..Options::default()
    })
    .await;
    stack.emulator.set_faults(Faults {
        rate_limit_rate: 1.0,
        ..Faults::default()
    });
    // 429, a pause of 1 s (waited), 429 again, a pause of 2 s (longer than the wait): the
    // API's own answer is passed on, with Retry-After, after two attempts.
    let response = stack
        .request("zec", "DescribeImages")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "REQUEST_LIMIT_EXCEEDED");
    assert_eq!(stack.upstream_calls("DescribeImages"), 2);
}

#[tokio::test]
async fn state_changing_calls_are_never_retried() {
    let stack = stack(Options::default()).await;
    stack.emulator.set_faults(Faults {
        server_error_rate: 1.0,
        // Only the change fails: the protection lookup before it is answered.
        actions: vec!["ResetInstance".into()],
        ..Faults::default()
    });
    let answer = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(answer.status, 503);
    stack.emulator.set_faults(Faults {
        drop_rate: 1.0,
        actions: vec!["StopInstances".into()],
        ..Faults::default()
    });
    let answer = stack
        .call("StopInstances", json!({"instanceIds": ["ins-web-02"]}))
        .await;
    assert_eq!(answer.code(), "UPSTREAM_UNREACHABLE");
    assert!(
        answer.body["message"]
            .as_str()
            .unwrap()
            .contains("may or may not"),
        "{}",
        answer.text
    );
    stack.emulator.set_faults(Faults {
        rate_limit_rate: 1.0,
        ..Faults::default()
    });
    stack
        .call("StartInstances", json!({"instanceIds": ["ins-web-01"]}))
        .await;
    assert_eq!(stack.upstream_calls("ResetInstance"), 1);
    assert_eq!(stack.upstream_calls("StopInstances"), 1);
    assert_eq!(stack.upstream_calls("StartInstances"), 1);
}

#[tokio::test]
async fn a_slow_upstream_times_out_with_a_clear_error() {
    let stack = stack(Options {
        emulator: EmulatorConfig {
            faults: Faults {
                latency_ms: 1500,
                actions: vec!["ResetInstance".into()],
                ..Faults::default()
            },
            ..EmulatorConfig::default()
        },
        configure: Box::new(|config| config.upstream_timeout = Duration::from_millis(300)),
    })
    .await;
    let answer = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!((answer.status, answer.code()), (504, "UPSTREAM_TIMEOUT"));
    assert!(answer.body["message"]
        .as_str()
        .unwrap()
        .contains("check the instance"));
}

#[tokio::test]
async fn required_token_and_identity_header() {
    let stack = stack(Options {
        configure: Box::new(|config| {
            config.access.control.token = Some("portal-token-1".into());
            config.access.control.identity_header = Some("x-portal-user".into());
        }),
        ..Options::default()
    })
    .await;
    let call = || stack.request("zec", "DescribeTimeZones").body("{}");
    assert_eq!(send(call()).await.code(), "UNAUTHORIZED");
    assert_eq!(
        send(call().header("authorization", "Bearer wrong-token1"))
            .await
            .code(),
        "UNAUTHORIZED"
    );
    let no_user = send(call().header("authorization", "Bearer portal-token-1")).await;
    assert_eq!((no_user.status, no_user.code()), (401, "UNAUTHORIZED"));
    let ok = send(
        call()
            .header("authorization", "Bearer portal-token-1")
            .header("x-portal-user", "alice"),
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert!(stack.upstream_calls("DescribeTimeZones") == 1);
}

#[tokio::test]
async fn an_instance_allowlist_narrows_listings_and_refuses_others() {
    let stack = stack(Options {
        configure: Box::new(|config| {
            config.access.allowed_instances =
                ["ins-web-01".to_owned(), "ins-db-01".to_owned()].into();
        }),
        ..Options::default()
    })
    .await;
    let list = stack.call("DescribeInstances", json!({})).await;
    assert_eq!(list.body["response"]["totalCount"], 2, "{}", list.text);
    let refused = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-cache-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (403, "RESOURCE_NOT_ALLOWED")
    );
    let refused = stack
        .call(
            "DescribeInstancesStatus",
            json!({"instanceIds": ["ins-web-01", "ins-win-01"]}),
        )
        .await;
    assert_eq!(refused.code(), "RESOURCE_NOT_ALLOWED");
    let allowed = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-db-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(allowed.status, 200, "{}", allowed.text);
}

#[tokio::test]
async fn a_resource_group_allowlist_uses_the_instances_group() {
    let stack = stack(Options {
        configure: Box::new(|config| {
            config.access.allowed_resource_groups = ["rg-data".to_owned()].into()
        }),
        ..Options::default()
    })
    .await;
    let list = stack.call("DescribeInstances", json!({})).await;
    let ids: Vec<&str> = list.body["response"]["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["instanceId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["ins-db-01", "ins-cache-01"]);
    let refused = stack
        .call("StopInstances", json!({"instanceIds": ["ins-web-02"]}))
        .await;
    assert_eq!(refused.code(), "RESOURCE_NOT_ALLOWED");
    let refused = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-nope", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(
        refused.code(),
        "RESOURCE_NOT_ALLOWED",
        "unknown ids reveal nothing"
    );
    let allowed = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-cache-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(allowed.status, 200, "{}", allowed.text);
}

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
