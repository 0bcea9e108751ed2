//! Every action over real HTTP: filters and paging, power transitions, every ResetInstance
//! error code, the reinstall state machine, concurrency, and an SDK-style end-to-end flow.

mod support;

use std::collections::HashSet;

use serde_json::{json, Value};
use support::{start_quick, Client};
use zec_api::errors::RESET_INSTANCE_CODES;

fn ids(answer: &support::Answer, field: &str) -> Vec<String> {
    answer.data()["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item[field].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn describe_instances_pages_and_filters() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let all = client
        .call("DescribeInstances", json!({"pageSize": 100}))
        .await;
    let total = all.data()["totalCount"].as_u64().unwrap() as usize;
    assert!((8..=12).contains(&total));

    // Pages of 3 cover every instance exactly once.
    let mut seen = Vec::new();
    for page in 1..=total.div_ceil(3) {
        let answer = client
            .call("DescribeInstances", json!({"pageSize": 3, "pageNum": page}))
            .await;
        assert_eq!(
            answer.data()["totalCount"].as_u64().unwrap() as usize,
            total
        );
        seen.extend(ids(&answer, "instanceId"));
    }
    assert_eq!(seen, ids(&all, "instanceId"));
    let beyond = client
        .call("DescribeInstances", json!({"pageSize": 3, "pageNum": 99}))
        .await;
    assert_eq!(beyond.data()["dataSet"], json!([]));
    assert_eq!(
        beyond.data()["totalCount"].as_u64().unwrap() as usize,
        total
    );

    let default_page = client.call("DescribeInstances", json!({})).await;
    assert_eq!(ids(&default_page, "instanceId").len(), total.min(20));

    for (body, code) in [
        (json!({"pageSize": 1001}), "INVALID_PARAMETER"),
        (json!({"pageSize": 0}), "INVALID_PARAMETER"),
        (json!({"pageNum": 0}), "INVALID_PARAMETER"),
        (
            json!({"instanceIds": (0..101).map(|i| format!("ins-{i}")).collect::<Vec<_>>()}),
            "INVALID_PARAMETER",
        ),
    ] {
        let answer = client.call("DescribeInstances", body.clone()).await;
        assert_eq!((answer.status, answer.code()), (400, code), "{body}");
    }
    let hundred = client
        .call(
            "DescribeInstances",
            json!({"instanceIds": (0..100).map(|i| format!("ins-{i}")).collect::<Vec<_>>()}),
        )
        .await;
    assert_eq!(hundred.status, 200);

    let by_name = client
        .call("DescribeInstances", json!({"name": "WEB"}))
        .await;
    assert_eq!(
        ids(&by_name, "instanceId"),
        vec!["ins-web-01", "ins-web-02"]
    );
    let stopped = client
        .call(
            "DescribeInstances",
            json!({"status": "STOPPED", "pageSize": 100}),
        )
        .await;
    assert!(stopped.data()["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["status"] == "STOPPED"));
    let zone = client
        .call("DescribeInstances", json!({"zoneId": "eu-central-1a"}))
        .await;
    assert!(zone.data()["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["zoneId"] == "eu-central-1a"));
    let group = client
        .call("DescribeInstances", json!({"resourceGroupId": "rg-data"}))
        .await;
    assert_eq!(ids(&group, "instanceId"), vec!["ins-db-01", "ins-cache-01"]);
}

#[tokio::test]
async fn fixture_has_the_demo_variety() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let instances = client
        .call("DescribeInstances", json!({"pageSize": 100}))
        .await;
    let instances = instances.data()["dataSet"].as_array().unwrap().clone();
    let zones: HashSet<&str> = instances
        .iter()
        .map(|i| i["zoneId"].as_str().unwrap())
        .collect();
    let statuses: Vec<&str> = instances
        .iter()
        .map(|i| i["status"].as_str().unwrap())
        .collect();
    assert!((2..=3).contains(&zones.len()));
    assert!(statuses.iter().filter(|s| **s == "STOPPED").count() >= 3);
    assert!(statuses.contains(&"RUNNING") && statuses.contains(&"REINSTALL_FAILED"));

    let images = client
        .call("DescribeImages", json!({"pageSize": 100}))
        .await;
    let images = images.data()["dataSet"].as_array().unwrap().clone();
    assert!((10..=20).contains(&images.len()));
    assert!(
        images.iter().all(|i| i["imageSize"].is_string()),
        "imageSize is a string on the wire"
    );
    for category in [
        "Ubuntu",
        "Debian",
        "CentOS",
        "Rocky",
        "AlmaLinux",
        "Windows",
        "Generic",
    ] {
        assert!(
            images.iter().any(|i| i["category"] == category),
            "{category}"
        );
    }
    assert!(images.iter().any(|i| i["imageStatus"] == "UNAVAILABLE"));
    assert!(
        images
            .iter()
            .all(|i| i.get("agentSupported").is_none() && i.get("installFails").is_none()),
        "emulator-only fields never reach the wire"
    );

    let keys = client.call("DescribeKeyPairs", json!({})).await;
    assert!((3..=4).contains(&keys.data()["totalCount"].as_u64().unwrap()));
}

#[tokio::test]
async fn describe_images_and_key_pairs_filter() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let windows = client
        .call("DescribeImages", json!({"osType": "windows"}))
        .await;
    assert_eq!(
        ids(&windows, "imageId"),
        vec!["img-win-2022", "img-win-2019"]
    );
    let custom = client
        .call("DescribeImages", json!({"imageType": "CUSTOM_IMAGE"}))
        .await;
    assert_eq!(ids(&custom, "imageId"), vec!["img-golden-web"]);
    let fuzzy = client
        .call("DescribeImages", json!({"imageName": "ubuntu 24"}))
        .await;
    assert_eq!(
        ids(&fuzzy, "imageId"),
        vec!["img-ubuntu-2404", "img-ubuntu-2404-cuda"]
    );
    let unavailable = client
        .call("DescribeImages", json!({"imageStatus": "UNAVAILABLE"}))
        .await;
    assert_eq!(ids(&unavailable, "imageId"), vec!["img-centos-stream-8"]);
    let by_id = client
        .call("DescribeKeyPairs", json!({"keyIds": ["key-ci"]}))
        .await;
    assert_eq!(ids(&by_id, "keyName"), vec!["ci-deploy"]);
    let by_name = client
        .call("DescribeKeyPairs", json!({"keyName": "LEGACY"}))
        .await;
    assert_eq!(ids(&by_name, "keyId"), vec!["key-legacy"]);
}

#[tokio::test]
async fn stop_and_start_move_through_transitional_states() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let stop = client
        .call("StopInstances", json!({"instanceIds": ["ins-web-02"]}))
        .await;
    assert_eq!(stop.data()["instanceIds"], json!([]));
    assert_eq!(
        client.watch("ins-web-02", &["STOPPED"]).await,
        vec!["STOPPING", "STOPPED"]
    );
    let start = client
        .call("StartInstances", json!({"instanceIds": ["ins-web-02"]}))
        .await;
    assert_eq!(start.data()["instanceIds"], json!([]));
    assert_eq!(
        client.watch("ins-web-02", &["RUNNING"]).await,
        vec!["STARTING", "RUNNING"]
    );

    // A DEPLOYING instance cannot be stopped: it is reported as failed.
    client
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-db-01", "password": "Abcdef1!"}),
        )
        .await;
    let stop = client
        .call(
            "StopInstances",
            json!({"instanceIds": ["ins-db-01", "ins-web-01"]}),
        )
        .await;
    assert_eq!(stop.data()["instanceIds"], json!(["ins-db-01"]));

    let missing = client
        .call("StopInstances", json!({"instanceIds": ["ins-nope"]}))
        .await;
    assert_eq!(
        (missing.status, missing.code()),
        (404, "INVALID_INSTANCE_NOT_FOUND")
    );
    let empty = client
        .call("StartInstances", json!({"instanceIds": []}))
        .await;
    assert_eq!((empty.status, empty.code()), (400, "MISSING_PARAMETER"));
}

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

#[tokio::test]
async fn describe_instances_returns_the_fixture_tags() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let mon = client.instance("ins-mon-01").await;
    assert_eq!(
        mon["tags"]["tags"],
        json!([{"key": "zec-reinstall:protected", "value": "true"}, {"key": "team", "value": "sre"}])
    );
    assert_eq!(mon["status"], "RUNNING");
    let untagged = client.instance("ins-db-01").await;
    assert!(
        untagged.get("tags").is_none(),
        "no tags: the field is left out"
    );
    // Tags survive a reinstall.
    client
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(
        client.instance("ins-web-01").await["tags"]["tags"][0]["key"],
        "team"
    );
}

#[tokio::test]
async fn concurrent_resets_of_one_instance_accept_exactly_one() {
    let (addr, _) = start_quick().await;
    let client = std::sync::Arc::new(Client::new(addr));
    let attempts = (0..40).map(|_| {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .call(
                    "ResetInstance",
                    json!({"instanceId": "ins-db-01", "password": "Abcdef1!"}),
                )
                .await
                .status
        })
    });
    let statuses: Vec<u16> = futures::future::join_all(attempts)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(statuses.iter().filter(|s| **s == 400).count(), 39);
}

#[tokio::test]
async fn many_parallel_resets_and_polls_lose_no_update() {
    let (addr, _) = start_quick().await;
    let client = std::sync::Arc::new(Client::new(addr));
    let stopped = [
        "ins-web-01",
        "ins-db-01",
        "ins-build-01",
        "ins-cache-01",
        "ins-lab-01",
    ];
    let mut tasks = Vec::new();
    for id in stopped {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let answer = client
                .call(
                    "ResetInstance",
                    json!({"instanceId": id, "imageId": "img-rocky-9", "password": "Abcdef1!"}),
                )
                .await;
            assert_eq!(answer.status, 200, "{id}: {}", answer.body);
        }));
    }
    for _ in 0..100 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let answer = client
                .call("DescribeInstancesStatus", json!({"instanceIds": stopped}))
                .await;
            assert_eq!(answer.status, 200);
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    for id in stopped {
        assert_eq!(
            client.watch(id, &["RUNNING"]).await.last().unwrap(),
            "RUNNING"
        );
        assert_eq!(client.instance(id).await["imageId"], "img-rocky-9", "{id}");
    }
}

/// The flow a user of an SDK would write: list, pick a stopped instance, reset, watch.
#[tokio::test]
async fn an_sdk_style_client_lists_resets_and_watches_to_running() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let stopped = client
        .call(
            "DescribeInstances",
            json!({"status": "STOPPED", "zoneId": "asia-southeast-1a"}),
        )
        .await;
    let target = stopped.data()["dataSet"][0]["instanceId"]
        .as_str()
        .unwrap()
        .to_owned();
    let images = client
        .call(
            "DescribeImages",
            json!({"category": "Ubuntu", "imageStatus": "AVAILABLE"}),
        )
        .await;
    let image = images.data()["dataSet"][0]["imageId"]
        .as_str()
        .unwrap()
        .to_owned();
    let reset = client
        .call(
            "ResetInstance",
            json!({"instanceId": target, "imageId": image, "password": "Zx9-long-pass"}),
        )
        .await;
    assert_eq!(reset.status, 200, "{}", reset.body);
    let seen = client
        .watch(&target, &["RUNNING", "REINSTALL_FAILED"])
        .await;
    assert_eq!(seen, vec!["DEPLOYING", "RUNNING"]);
    assert_eq!(client.instance(&target).await["imageId"], image);
}
