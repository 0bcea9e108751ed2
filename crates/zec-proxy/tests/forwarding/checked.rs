//! What is answered locally: bodies too large, rule violations with the API's codes, and no password, user data or secret in logs or answers.

use super::*;

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
