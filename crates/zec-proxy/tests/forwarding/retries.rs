//! Retries: reads on 429, 5xx and dropped connections within the shared pause; state-changing calls never; a slow upstream times out clearly.

use super::*;

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
