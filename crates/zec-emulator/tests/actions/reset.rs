//! ResetInstance: every error code of the seed, other parameter errors, the reinstall state machine and what it changes.

use super::*;

/// One request per code of the seed's table, against the built-in fixture.
fn reset_cases() -> Vec<(&'static str, Value)> {
    vec![
        (
            "INVALID_IMAGE_AGENT_NOT_SUPPORT",
            json!({"instanceId": "ins-web-01", "imageId": "img-alpine-320", "password": "Abcdef1!", "enableAgent": true}),
        ),
        (
            "INVALID_IMAGE_KEY_PAIR_NOT_SUPPORT",
            json!({"instanceId": "ins-win-01", "keyId": "key-laptop"}),
        ),
        (
            "INVALID_IMAGE_NOT_FOUND",
            json!({"instanceId": "ins-web-01", "imageId": "img-nope", "password": "Abcdef1!"}),
        ),
        (
            "INVALID_IMAGE_PASSWORD_NOT_SUPPORT",
            json!({"instanceId": "ins-web-01", "imageId": "img-generic-linux", "password": "Abcdef1!"}),
        ),
        (
            "INVALID_IMAGE_SIZE_EXCEED",
            json!({"instanceId": "ins-web-01", "imageId": "img-ubuntu-2404-cuda", "password": "Abcdef1!"}),
        ),
        (
            "INVALID_IMAGE_STATUS",
            json!({"instanceId": "ins-web-01", "imageId": "img-centos-stream-8", "password": "Abcdef1!"}),
        ),
        (
            "INVALID_OS_TYPE_NOT_SAME",
            json!({"instanceId": "ins-web-01", "imageId": "img-win-2022"}),
        ),
        (
            "INVALID_PARAMETER_USER_DATA_EXCEED",
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!", "userData": "x".repeat(32 * 1024 + 1)}),
        ),
        (
            "INVALID_INSTANCE_NOT_FOUND",
            json!({"instanceId": "ins-nope", "password": "Abcdef1!"}),
        ),
        (
            "INVALID_KEY_PAIR_NOT_FOUND",
            json!({"instanceId": "ins-web-01", "keyId": "key-nope"}),
        ),
        (
            "INVALID_KEY_PAIR_NOT_SUPPORT",
            json!({"instanceId": "ins-web-01", "keyId": "key-legacy"}),
        ),
        (
            "INVALID_LOGIN_SETTING_CONFLICT",
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!", "keyId": "key-laptop"}),
        ),
        (
            "INVALID_PASSWORD_MALFORMED",
            json!({"instanceId": "ins-web-01", "password": "abc#defg1"}),
        ),
        (
            "UNSUPPORTED_OPERATION_INSTANCE_STATUS",
            json!({"instanceId": "ins-web-02", "password": "Abcdef1!"}),
        ),
    ]
}

#[tokio::test]
async fn every_reset_error_code_of_the_seed_is_reachable() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let cases = reset_cases();
    let covered: HashSet<&str> = cases.iter().map(|(code, _)| *code).collect();
    let catalogue: HashSet<&str> = RESET_INSTANCE_CODES
        .iter()
        .map(|code| code.as_str())
        .collect();
    assert_eq!(covered, catalogue, "one case per code of the seed's table");
    for (code, body) in cases {
        let answer = client.call("ResetInstance", body).await;
        let expected = zec_api::ErrorCode::from(code).http_status();
        assert_eq!((answer.status, answer.code()), (expected, code));
        assert!(!answer.body["requestId"].as_str().unwrap().is_empty());
        assert!(!answer.body["message"].as_str().unwrap().is_empty());
    }
    // None of those refused requests changed anything.
    assert_eq!(client.status_of("ins-web-01").await, "STOPPED");
}

#[tokio::test]
async fn other_parameter_errors() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    for (body, code) in [
        (json!({"password": "Abcdef1!"}), "MISSING_PARAMETER"),
        (
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!", "instanceName": "x"}),
            "INVALID_PARAMETER",
        ),
        (
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!", "timezone": "Mars/Olympus"}),
            "INVALID_PARAMETER",
        ),
        (
            json!({"instanceId": "ins-web-01"}),
            "INVALID_LOGIN_SETTING_CONFLICT",
        ),
    ] {
        let answer = client.call("ResetInstance", body.clone()).await;
        assert_eq!(answer.code(), code, "{body}");
    }
}

#[tokio::test]
async fn reset_runs_deploying_then_running_and_applies_every_change() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let answer = client
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "imageId": "img-debian-12", "keyId": "key-ci",
                   "instanceName": "web-01.new", "timezone": "Europe/Berlin", "enableAgent": true,
                   "userData": "#!/bin/sh\necho ready\n"}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.data()["requestId"], answer.body["requestId"]);

    // A second reset while DEPLOYING is refused.
    let again = client
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(again.code(), "UNSUPPORTED_OPERATION_INSTANCE_STATUS");

    assert_eq!(
        client
            .watch("ins-web-01", &["RUNNING", "REINSTALL_FAILED"])
            .await,
        vec!["DEPLOYING", "RUNNING"]
    );
    let instance = client.instance("ins-web-01").await;
    assert_eq!(instance["imageId"], "img-debian-12");
    assert_eq!(instance["imageName"], "Debian 12");
    assert_eq!(instance["instanceName"], "web-01.new");
    assert_eq!(instance["timeZone"], "Europe/Berlin");
    assert_eq!(instance["keyId"], "key-ci");
    assert_eq!(instance["enableAgent"], true);
}

#[tokio::test]
async fn reset_with_the_current_image_keeps_it_and_a_password_clears_the_key() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let before = client.instance("ins-web-01").await;
    assert_eq!(before["keyId"], "key-laptop");
    assert_eq!(
        client
            .call(
                "ResetInstance",
                json!({"instanceId": "ins-web-01", "password": "Abcdef1!"})
            )
            .await
            .status,
        200
    );
    client.watch("ins-web-01", &["RUNNING"]).await;
    let after = client.instance("ins-web-01").await;
    assert_eq!(after["imageId"], before["imageId"]);
    assert_eq!(after["instanceName"], before["instanceName"]);
    assert_eq!(after["timeZone"], before["timeZone"]);
    assert!(after.get("keyId").is_none());
}

#[tokio::test]
async fn the_failing_image_ends_in_reinstall_failed_and_can_be_powered_off_to_retry() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let answer = client.call("ResetInstance", json!({"instanceId": "ins-cache-01", "imageId": "img-arch-rolling", "password": "Abcdef1!"})).await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        client
            .watch("ins-cache-01", &["RUNNING", "REINSTALL_FAILED"])
            .await,
        vec!["DEPLOYING", "REINSTALL_FAILED"]
    );
    client
        .call(
            "StopInstances",
            json!({"instanceIds": ["ins-cache-01"], "forceShutdown": true}),
        )
        .await;
    client.watch("ins-cache-01", &["STOPPED"]).await;
    assert_eq!(client.call("ResetInstance", json!({"instanceId": "ins-cache-01", "imageId": "img-alma-9", "password": "Abcdef1!"})).await.status, 200);
    assert_eq!(
        client
            .watch("ins-cache-01", &["RUNNING", "REINSTALL_FAILED"])
            .await
            .last()
            .unwrap(),
        "RUNNING"
    );
}

#[tokio::test]
async fn windows_reinstall_takes_no_login_setting() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let answer = client
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-win-01", "imageId": "img-win-2022"}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    client.watch("ins-win-01", &["RUNNING"]).await;
}

#[tokio::test]
async fn an_instance_flagged_in_the_fixture_fails_its_install_whatever_the_image() {
    let mut fixture: Value = serde_json::from_str(zec_emulator::fixture::DEFAULT_FIXTURE).unwrap();
    let instances = fixture["instances"].as_array_mut().unwrap();
    let cache = instances
        .iter_mut()
        .find(|i| i["instanceId"] == "ins-cache-01")
        .unwrap();
    cache["systemDisk"]["installFails"] = json!(true);
    let (addr, _) = support::start(zec_emulator::EmulatorConfig {
        fixture: zec_emulator::Fixture::parse(&fixture.to_string()).unwrap(),
        timings: zec_emulator::Timings {
            reinstall: std::time::Duration::from_millis(600),
            power: std::time::Duration::from_millis(300),
            snapshot: std::time::Duration::from_millis(300),
        },
        ..zec_emulator::EmulatorConfig::default()
    })
    .await;
    let client = Client::new(addr);
    let answer = client
        .call("ResetInstances", json!({"instanceIds": ["ins-db-01", "ins-cache-01"], "imageId": "img-debian-12", "password": "Abcdef1!"}))
        .await;
    assert_eq!(answer.data()["instanceIds"], json!([]), "both start");
    let ends = |id| client.watch(id, &["RUNNING", "REINSTALL_FAILED"]);
    assert_eq!(ends("ins-db-01").await.last().unwrap(), "RUNNING");
    assert_eq!(
        ends("ins-cache-01").await.last().unwrap(),
        "REINSTALL_FAILED"
    );
    let instance = client.instance("ins-cache-01").await;
    assert!(
        instance["systemDisk"].get("installFails").is_none(),
        "the emulator's flag never reaches the wire"
    );
}
