//! The snapshot actions through the proxy, in front of a real emulator: allowlisted, checked
//! with the contract's rules before forwarding, never retried, limited to the caller's disks
//! and snapshots, and refused for protected instances.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::{stack, Options, Stack};
use zec_emulator::Faults;
use zec_proxy::ProxyConfig;

fn with(configure: impl FnOnce(&mut ProxyConfig) + Send + 'static) -> Options {
    Options {
        configure: Box::new(configure),
        ..Options::default()
    }
}

fn unix_now() -> i64 {
    zec_api::time::unix_seconds(std::time::SystemTime::now())
}

async fn snapshot_status(stack: &Stack, id: &str) -> Value {
    let answer = stack
        .call("DescribeSnapshots", json!({"snapshotIds": [id]}))
        .await;
    answer.body["response"]["dataSet"][0]["status"].clone()
}

async fn wait_until(stack: &Stack, id: &str, status: &str) {
    for _ in 0..100 {
        if snapshot_status(stack, id).await == status {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{id} never became {status}");
}

fn listed_ids(answer: &support::Answer) -> Vec<String> {
    answer.body["response"]["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["snapshotId"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_four_actions_are_forwarded_and_only_describe_is_read_only() {
    let stack = stack(Options::default()).await;
    let retention = zec_api::time::format_utc(unix_now() + 30 * 86_400);
    let created = stack
        .call(
            "CreateSnapshot",
            json!({"diskId": "disk-web-01", "snapshotName": "before-reinstall-web-01-20261127", "retentionTime": retention}),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let id = created.body["response"]["snapshotId"]
        .as_str()
        .unwrap()
        .to_owned();
    wait_until(&stack, &id, "AVAILABLE").await;
    let applied = stack
        .call(
            "ApplySnapshot",
            json!({"snapshotId": "snap-db-01-base", "diskId": "disk-db-01"}),
        )
        .await;
    assert_eq!(applied.status, 200, "{}", applied.text);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let logged = String::from_utf8(support::captured_logs().lock().unwrap().clone()).unwrap();
    assert!(
        logged
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .any(|line| line["target"] == "zec_proxy::access"
                && line["fields"]["request_id"] == applied.body["requestId"]
                && line["fields"]["instance"] == "disk-db-01,snap-db-01-base"),
        "the access log names the disk and the snapshot"
    );
    wait_until(&stack, "snap-db-01-base", "AVAILABLE").await;
    let deleted = stack
        .call("DeleteSnapshots", json!({"snapshotIds": [id]}))
        .await;
    assert_eq!(deleted.status, 200, "{}", deleted.text);
    assert_eq!(deleted.body["response"]["snapshotIds"], json!([]));

    stack.emulator.set_faults(Faults {
        server_error_rate: 1.0,
        actions: vec![
            "CreateSnapshot".into(),
            "ApplySnapshot".into(),
            "DeleteSnapshots".into(),
        ],
        ..Faults::default()
    });
    let before: Vec<u64> = ["CreateSnapshot", "ApplySnapshot", "DeleteSnapshots"]
        .iter()
        .map(|action| stack.upstream_calls(action))
        .collect();
    for (action, body) in [
        (
            "CreateSnapshot",
            json!({"diskId": "disk-web-01", "snapshotName": "again"}),
        ),
        (
            "DeleteSnapshots",
            json!({"snapshotIds": ["snap-db-01-base"]}),
        ),
    ] {
        let answer = stack.call(action, body).await;
        assert_eq!(answer.status, 503, "{action}: {}", answer.text);
    }
    stack.emulator.set_faults(Faults {
        server_error_rate: 1.0,
        actions: vec!["DescribeSnapshots".into()],
        ..Faults::default()
    });
    let describe_before = stack.upstream_calls("DescribeSnapshots");
    let listed = stack.call("DescribeSnapshots", json!({})).await;
    assert_eq!(listed.status, 503);
    assert_eq!(
        stack.upstream_calls("DescribeSnapshots") - describe_before,
        4,
        "a read is retried"
    );
    let after: Vec<u64> = ["CreateSnapshot", "ApplySnapshot", "DeleteSnapshots"]
        .iter()
        .map(|action| stack.upstream_calls(action))
        .collect();
    assert_eq!(after[0] - before[0], 1, "CreateSnapshot is never retried");
    assert_eq!(after[2] - before[2], 1, "DeleteSnapshots is never retried");

    // ApplySnapshot's own lookups must succeed for it to be sent at all.
    stack.emulator.set_faults(Faults {
        server_error_rate: 1.0,
        actions: vec!["ApplySnapshot".into()],
        ..Faults::default()
    });
    let answer = stack
        .call(
            "ApplySnapshot",
            json!({"snapshotId": "snap-db-01-base", "diskId": "disk-db-01"}),
        )
        .await;
    assert_eq!(answer.status, 503, "{}", answer.text);
    assert_eq!(
        stack.upstream_calls("ApplySnapshot") - before[1],
        1,
        "ApplySnapshot is never retried"
    );
}

#[tokio::test]
async fn requests_that_break_a_snapshot_rule_are_refused_before_forwarding() {
    let stack = stack(Options::default()).await;
    let soon = zec_api::time::format_utc(unix_now() + 23 * 3600);
    let cases = [
        (
            "CreateSnapshot",
            json!({"diskId": "disk-web-01", "snapshotName": "-bad"}),
            "INVALID_PARAMETER",
        ),
        (
            "CreateSnapshot",
            json!({"diskId": "disk-web-01", "snapshotName": "ok-1", "retentionTime": soon}),
            "INVALID_PARAMETER",
        ),
        (
            "CreateSnapshot",
            json!({"diskId": "disk-web-01", "snapshotName": "ok-1", "retentionTime": "next week"}),
            "INVALID_PARAMETER",
        ),
        (
            "CreateSnapshot",
            json!({"snapshotName": "ok-1"}),
            "MISSING_PARAMETER",
        ),
        (
            "ApplySnapshot",
            json!({"snapshotId": "snap-db-01-base"}),
            "MISSING_PARAMETER",
        ),
        ("DeleteSnapshots", json!({}), "MISSING_PARAMETER"),
        (
            "DeleteSnapshots",
            json!({"snapshotIds": (0..101).map(|i| format!("snap-{i}")).collect::<Vec<_>>()}),
            "INVALID_PARAMETER",
        ),
        (
            "DescribeSnapshots",
            json!({"pageSize": 0}),
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
        assert_eq!(stack.upstream_calls(action), 0, "{action} {body}");
    }
    // The rollback rule runs in the proxy too, from what it reads of the snapshot and the
    // disk's instance: another disk's snapshot, a running instance.
    for (body, code) in [
        (
            json!({"snapshotId": "snap-db-01-base", "diskId": "disk-web-01"}),
            "INVALID_SNAPSHOT_DISK_MISMATCH",
        ),
        (
            json!({"snapshotId": "snap-db-01-base", "diskId": "disk-web-02"}),
            "INVALID_SNAPSHOT_DISK_MISMATCH",
        ),
    ] {
        let answer = stack.call("ApplySnapshot", body).await;
        assert_eq!(answer.code(), code, "{}", answer.text);
    }
    let created = stack
        .call(
            "CreateSnapshot",
            json!({"diskId": "disk-web-02", "snapshotName": "web-02-now"}),
        )
        .await;
    let id = created.body["response"]["snapshotId"]
        .as_str()
        .unwrap()
        .to_owned();
    wait_until(&stack, &id, "AVAILABLE").await;
    let running = stack
        .call(
            "ApplySnapshot",
            json!({"snapshotId": id, "diskId": "disk-web-02"}),
        )
        .await;
    assert_eq!(running.code(), "UNSUPPORTED_OPERATION_INSTANCE_STATUS");
    assert_eq!(stack.upstream_calls("ApplySnapshot"), 0);
}

#[tokio::test]
async fn snapshots_are_limited_to_the_disks_of_allowed_instances() {
    let stack = stack(with(|config| {
        config.access.allowed_instances = ["ins-web-01".to_owned()].into_iter().collect();
    }))
    .await;
    let refused = stack
        .call(
            "CreateSnapshot",
            json!({"diskId": "disk-db-01", "snapshotName": "not-mine"}),
        )
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (403, "RESOURCE_NOT_ALLOWED")
    );
    let mine = stack
        .call(
            "CreateSnapshot",
            json!({"diskId": "disk-web-01", "snapshotName": "mine"}),
        )
        .await;
    assert_eq!(mine.status, 200, "{}", mine.text);
    let mine = mine.body["response"]["snapshotId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(stack.upstream_calls("CreateSnapshot"), 1);

    // A listing is narrowed to the caller's disks: the fixture's db-01 snapshot is not shown.
    let listed = stack.call("DescribeSnapshots", json!({})).await;
    assert_eq!(listed_ids(&listed), vec![mine.clone()]);
    let other_disk = stack
        .call("DescribeSnapshots", json!({"diskIds": ["disk-db-01"]}))
        .await;
    assert_eq!(other_disk.code(), "RESOURCE_NOT_ALLOWED");
    let by_id = stack
        .call(
            "DescribeSnapshots",
            json!({"snapshotIds": ["snap-db-01-base"]}),
        )
        .await;
    assert_eq!(
        by_id.body["response"]["totalCount"], 0,
        "another disk's snapshot stays hidden"
    );

    for (action, body) in [
        (
            "ApplySnapshot",
            json!({"snapshotId": "snap-db-01-base", "diskId": "disk-db-01"}),
        ),
        (
            "ApplySnapshot",
            json!({"snapshotId": "snap-db-01-base", "diskId": "disk-web-01"}),
        ),
        (
            "DeleteSnapshots",
            json!({"snapshotIds": [mine.clone(), "snap-db-01-base"]}),
        ),
    ] {
        let answer = stack.call(action, body.clone()).await;
        assert_eq!(
            (answer.status, answer.code()),
            (403, "RESOURCE_NOT_ALLOWED"),
            "{action} {body}"
        );
    }
    assert_eq!(stack.upstream_calls("ApplySnapshot"), 0);
    assert_eq!(stack.upstream_calls("DeleteSnapshots"), 0);
    wait_until(&stack, &mine, "AVAILABLE").await;
    let delete = stack
        .call("DeleteSnapshots", json!({"snapshotIds": [mine]}))
        .await;
    assert_eq!(delete.status, 200, "{}", delete.text);
}

#[tokio::test]
async fn a_resource_group_scope_narrows_listings_to_its_disks() {
    let stack = stack(with(|config| {
        config.access.allowed_resource_groups = ["rg-data".to_owned()].into_iter().collect();
    }))
    .await;
    let created = stack
        .call(
            "CreateSnapshot",
            json!({"diskId": "disk-cache-01", "snapshotName": "cache"}),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let outside = stack
        .call(
            "CreateSnapshot",
            json!({"diskId": "disk-web-01", "snapshotName": "web"}),
        )
        .await;
    assert_eq!(outside.code(), "RESOURCE_NOT_ALLOWED");
    let listed = stack.call("DescribeSnapshots", json!({})).await;
    let mut ids = listed_ids(&listed);
    ids.sort();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids.contains(&"snap-db-01-base".to_owned()));
}

#[tokio::test]
async fn a_protected_instance_is_never_rolled_back() {
    let stack = stack(with(|config| {
        config.access.protection.instance_ids = vec!["ins-db-01".into()];
    }))
    .await;
    let listed = stack
        .call(
            "ApplySnapshot",
            json!({"snapshotId": "snap-db-01-base", "diskId": "disk-db-01"}),
        )
        .await;
    assert_eq!((listed.status, listed.code()), (403, "RESOURCE_PROTECTED"));
    assert!(listed.body["message"]
        .as_str()
        .unwrap()
        .contains("ins-db-01"));

    // ins-mon-01 carries the protecting tag. Snapshots of it may still be taken.
    let created = stack
        .call(
            "CreateSnapshot",
            json!({"diskId": "disk-mon-01", "snapshotName": "mon"}),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let id = created.body["response"]["snapshotId"]
        .as_str()
        .unwrap()
        .to_owned();
    wait_until(&stack, &id, "AVAILABLE").await;
    let tagged = stack
        .call(
            "ApplySnapshot",
            json!({"snapshotId": id, "diskId": "disk-mon-01"}),
        )
        .await;
    assert_eq!(tagged.code(), "RESOURCE_PROTECTED", "{}", tagged.text);
    assert!(tagged.body["message"]
        .as_str()
        .unwrap()
        .contains("zec-reinstall:protected=true"));
    assert_eq!(stack.upstream_calls("ApplySnapshot"), 0);
    assert_eq!(
        snapshot_status(&stack, "snap-db-01-base").await,
        "AVAILABLE"
    );
}
