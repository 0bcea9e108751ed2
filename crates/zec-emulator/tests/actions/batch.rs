//! ResetInstances: the ones that failed, and request-wide problems refused whole.

use super::*;

#[tokio::test]
async fn reset_instances_reports_the_ones_that_failed() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    // ins-web-02 is RUNNING, ins-win-01 runs Windows (no password): both fail on their own
    // rules; the two others start.
    let answer = client
        .call("ResetInstances", json!({"instanceIds": ["ins-web-01", "ins-web-02", "ins-build-01", "ins-win-01"], "password": "Abcdef1!"}))
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        answer.data()["instanceIds"],
        json!(["ins-web-02", "ins-win-01"]),
        "the running one and the Windows one fail"
    );
    assert_eq!(client.status_of("ins-web-01").await, "DEPLOYING");
    assert_eq!(client.status_of("ins-build-01").await, "DEPLOYING");
    assert_eq!(client.status_of("ins-web-02").await, "RUNNING");
    assert_eq!(client.status_of("ins-win-01").await, "STOPPED");
    assert_eq!(
        client
            .watch("ins-web-01", &["RUNNING"])
            .await
            .last()
            .unwrap(),
        "RUNNING"
    );

    let all_started = client
        .call(
            "ResetInstances",
            json!({"instanceIds": ["ins-lab-01"], "keyId": "key-laptop"}),
        )
        .await;
    assert_eq!(
        all_started.data()["instanceIds"],
        json!([]),
        "an empty list: all started"
    );
}

#[tokio::test]
async fn reset_instances_refuses_request_wide_problems_whole() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let cases = [
        (
            json!({"instanceIds": ["ins-db-01", "ins-lab-01"], "password": "short"}),
            400,
            "INVALID_PASSWORD_MALFORMED",
        ),
        (
            json!({"instanceIds": ["ins-db-01", "ins-lab-01"], "password": "Abcdef1!", "keyId": "key-laptop"}),
            400,
            "INVALID_LOGIN_SETTING_CONFLICT",
        ),
        (
            json!({"instanceIds": ["ins-db-01", "ins-lab-01"], "password": "Abcdef1!", "userData": "x".repeat(32 * 1024 + 1)}),
            400,
            "INVALID_PARAMETER_USER_DATA_EXCEED",
        ),
        (
            json!({"instanceIds": ["ins-db-01", "ins-lab-01"], "password": "Abcdef1!", "imageId": "img-nope"}),
            404,
            "INVALID_IMAGE_NOT_FOUND",
        ),
        (
            json!({"instanceIds": ["ins-db-01", "ins-nope"], "password": "Abcdef1!"}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (
            json!({"instanceIds": [], "password": "Abcdef1!"}),
            400,
            "MISSING_PARAMETER",
        ),
        (
            json!({"instanceIds": (0..101).map(|i| format!("i-{i}")).collect::<Vec<_>>(), "password": "Abcdef1!"}),
            400,
            "INVALID_PARAMETER",
        ),
    ];
    for (body, status, code) in cases {
        let answer = client.call("ResetInstances", body).await;
        assert_eq!(
            (answer.status, answer.code()),
            (status, code),
            "{}",
            answer.body
        );
        assert!(
            answer.body["requestId"].is_string(),
            "refused in the envelope"
        );
    }
    // 100 ids pass the count check (and fail on the first unknown one instead).
    let hundred = client.call("ResetInstances", json!({"instanceIds": (0..100).map(|i| format!("i-{i}")).collect::<Vec<_>>(), "password": "Abcdef1!"})).await;
    assert_eq!(hundred.code(), "INVALID_INSTANCE_NOT_FOUND");
    for id in ["ins-db-01", "ins-lab-01"] {
        assert_eq!(
            client.status_of(id).await,
            "STOPPED",
            "nothing started for {id}"
        );
    }
}
