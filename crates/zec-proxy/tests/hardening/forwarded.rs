//! What is forwarded and what is logged: the typed request, never the raw bytes; no secret in the log or in Debug output.

use super::*;

#[tokio::test]
async fn the_typed_request_is_forwarded_never_the_raw_bytes() {
    let (upstream, seen) = support::recording::recording_upstream(success).await;
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
