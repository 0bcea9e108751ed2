//! Disk snapshots over real HTTP with signed calls, as an SDK makes them: CreateSnapshot,
//! DescribeSnapshots, ApplySnapshot, DeleteSnapshots; every state, every refusal, rollback
//! restoring the instance, expiry, the failing-disk flag and injected faults.

mod support;

use serde_json::{json, Value};
use support::{start_quick, unix_now, Client};
use zec_emulator::Faults;

async fn snapshot(client: &Client, snapshot_id: &str) -> Value {
    let answer = client
        .call("DescribeSnapshots", json!({"snapshotIds": [snapshot_id]}))
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.data()["dataSet"][0].clone()
}

/// Polls until the snapshot's status is one of `until`, returning every status seen.
async fn watch(client: &Client, snapshot_id: &str, until: &[&str]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..200 {
        let status = snapshot(client, snapshot_id).await["status"]
            .as_str()
            .unwrap_or("GONE")
            .to_owned();
        if seen.last() != Some(&status) {
            seen.push(status.clone());
        }
        if until.contains(&status.as_str()) {
            return seen;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{snapshot_id} never reached {until:?}; saw {seen:?}");
}

async fn create(client: &Client, disk_id: &str, name: &str) -> String {
    let answer = client
        .call(
            "CreateSnapshot",
            json!({"diskId": disk_id, "snapshotName": name}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.data()["snapshotId"].as_str().unwrap().to_owned()
}

fn in_a_week() -> String {
    zec_api::time::format_utc(unix_now() + 7 * 86_400)
}

#[tokio::test]
async fn a_snapshot_is_creating_then_available_and_listed_the_api_way() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let retention = in_a_week();
    let answer = client
        .call(
            "CreateSnapshot",
            json!({"diskId": "disk-web-01", "snapshotName": "before-reinstall-web-01", "retentionTime": retention}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body["requestId"], answer.data()["requestId"]);
    let id = answer.data()["snapshotId"].as_str().unwrap().to_owned();

    let listed = snapshot(&client, &id).await;
    assert_eq!(listed["status"], "CREATING");
    assert_eq!(listed["diskId"], "disk-web-01");
    assert_eq!(listed["snapshotName"], "before-reinstall-web-01");
    assert_eq!(listed["zoneId"], "asia-southeast-1a");
    assert_eq!(listed["snapshotType"], "Manual");
    assert_eq!(listed["retentionTime"], retention.as_str());
    assert_eq!(listed["resourceGroup"]["resourceGroupId"], "rg-default");
    let created = listed["createTime"].as_str().unwrap();
    let created = zec_api::time::parse_utc(created).expect("yyyy-MM-ddTHH:mm:ssZ");
    assert!((created - unix_now()).abs() <= 5);

    assert_eq!(
        watch(&client, &id, &["AVAILABLE", "FAILED"]).await,
        vec!["CREATING", "AVAILABLE"]
    );
    // Filters: disk, status, fuzzy name, type, disk type, zone, group; paging.
    for (filter, expected) in [
        (json!({"diskIds": ["disk-web-01"]}), 1),
        (json!({"diskIds": ["disk-web-02"]}), 0),
        (
            json!({"status": "AVAILABLE", "diskIds": ["disk-web-01", "disk-db-01"]}),
            2,
        ),
        (json!({"status": "CREATING"}), 0),
        (json!({"snapshotName": "REINSTALL-web"}), 1),
        (json!({"snapshotType": "Manual", "diskType": "SYSTEM"}), 2),
        (json!({"diskType": "DATA"}), 0),
        (json!({"zoneId": "asia-southeast-1a"}), 2),
        (json!({"resourceGroupId": "rg-data"}), 1),
    ] {
        let answer = client.call("DescribeSnapshots", filter.clone()).await;
        assert_eq!(
            answer.data()["totalCount"].as_u64().unwrap(),
            expected,
            "{filter}"
        );
    }
    let page = client
        .call("DescribeSnapshots", json!({"pageSize": 1, "pageNum": 2}))
        .await;
    assert_eq!(page.data()["totalCount"], 2);
    assert_eq!(page.data()["dataSet"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_disk_flagged_in_the_fixture_gets_a_failed_snapshot() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let id = create(&client, "disk-win-02", "win-02-before").await;
    assert_eq!(
        watch(&client, &id, &["AVAILABLE", "FAILED"]).await,
        vec!["CREATING", "FAILED"]
    );
    let instance = client.instance("ins-win-02").await;
    assert!(
        instance["systemDisk"].get("snapshotFails").is_none(),
        "the emulator's flag never reaches the wire"
    );
}

#[tokio::test]
async fn create_snapshot_refusals() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let soon = zec_api::time::format_utc(unix_now() + 3600);
    let cases = [
        (json!({"snapshotName": "ok-name"}), 400, "MISSING_PARAMETER"),
        (json!({"diskId": "disk-web-01"}), 400, "INVALID_PARAMETER"),
        (
            json!({"diskId": "disk-web-01", "snapshotName": "x"}),
            400,
            "INVALID_PARAMETER",
        ),
        (
            json!({"diskId": "disk-web-01", "snapshotName": "ends-with-"}),
            400,
            "INVALID_PARAMETER",
        ),
        (
            json!({"diskId": "disk-web-01", "snapshotName": "under_score"}),
            400,
            "INVALID_PARAMETER",
        ),
        (
            json!({"diskId": "disk-web-01", "snapshotName": "ok-name", "retentionTime": soon}),
            400,
            "INVALID_PARAMETER",
        ),
        (
            json!({"diskId": "disk-web-01", "snapshotName": "ok-name", "retentionTime": "2030-01-01 00:00:00"}),
            400,
            "INVALID_PARAMETER",
        ),
        (
            json!({"diskId": "disk-nope", "snapshotName": "ok-name"}),
            404,
            "INVALID_DISK_NOT_FOUND",
        ),
    ];
    for (body, status, code) in cases {
        let answer = client.call("CreateSnapshot", body.clone()).await;
        assert_eq!((answer.status, answer.code()), (status, code), "{body}");
        assert!(answer.body["requestId"].is_string());
    }
    // A disk being reinstalled cannot be snapshotted.
    client
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-lab-01", "keyId": "key-laptop"}),
        )
        .await;
    let busy = client
        .call(
            "CreateSnapshot",
            json!({"diskId": "disk-lab-01", "snapshotName": "too-late"}),
        )
        .await;
    assert_eq!(busy.code(), "UNSUPPORTED_OPERATION_INSTANCE_STATUS");
    let listed = client.call("DescribeSnapshots", json!({})).await;
    assert_eq!(
        listed.data()["totalCount"],
        1,
        "only the fixture's snapshot exists"
    );
}

#[tokio::test]
async fn rolling_back_restores_what_the_snapshot_captured() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let before = client.instance("ins-web-01").await;
    let id = create(&client, "disk-web-01", "before-reinstall").await;
    watch(&client, &id, &["AVAILABLE"]).await;

    let reset = client
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "imageId": "img-debian-12", "password": "Abcdef1!",
                   "instanceName": "web-01-new", "timezone": "UTC", "enableAgent": true}),
        )
        .await;
    assert_eq!(reset.status, 200, "{}", reset.body);
    client.watch("ins-web-01", &["RUNNING"]).await;
    let changed = client.instance("ins-web-01").await;
    assert_eq!(changed["imageId"], "img-debian-12");

    // Running: a rollback needs the instance powered off.
    let running = client
        .call(
            "ApplySnapshot",
            json!({"snapshotId": id, "diskId": "disk-web-01"}),
        )
        .await;
    assert_eq!(
        (running.status, running.code()),
        (400, "UNSUPPORTED_OPERATION_INSTANCE_STATUS")
    );
    client
        .call("StopInstances", json!({"instanceIds": ["ins-web-01"]}))
        .await;
    client.watch("ins-web-01", &["STOPPED"]).await;

    let apply = client
        .call(
            "ApplySnapshot",
            json!({"snapshotId": id, "diskId": "disk-web-01"}),
        )
        .await;
    assert_eq!(apply.status, 200, "{}", apply.body);
    assert_eq!(snapshot(&client, &id).await["status"], "ROLLING_BACK");
    // While the disk rolls back it takes no other change.
    let reset = client
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(reset.code(), "UNSUPPORTED_OPERATION_INSTANCE_STATUS");
    let again = client
        .call(
            "ApplySnapshot",
            json!({"snapshotId": id, "diskId": "disk-web-01"}),
        )
        .await;
    assert_eq!(again.code(), "INVALID_SNAPSHOT_STATUS");
    let another = client
        .call(
            "CreateSnapshot",
            json!({"diskId": "disk-web-01", "snapshotName": "during"}),
        )
        .await;
    assert_eq!(another.code(), "INVALID_DISK_STATUS");
    let start = client
        .call("StartInstances", json!({"instanceIds": ["ins-web-01"]}))
        .await;
    assert_eq!(start.data()["instanceIds"], json!(["ins-web-01"]));

    assert_eq!(
        watch(&client, &id, &["AVAILABLE"]).await,
        vec!["ROLLING_BACK", "AVAILABLE"]
    );
    let after = client.instance("ins-web-01").await;
    for field in [
        "imageId",
        "imageName",
        "keyId",
        "instanceName",
        "timeZone",
        "enableAgent",
    ] {
        assert_eq!(after[field], before[field], "{field} restored");
    }
    assert_eq!(after["status"], "STOPPED");
    assert_eq!(after["imageId"], "img-ubuntu-2204");
}

#[tokio::test]
async fn apply_snapshot_refusals() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let creating = create(&client, "disk-web-01", "web-01-now").await;
    let failed = create(&client, "disk-win-02", "win-02-now").await;
    let cases = [
        (json!({"diskId": "disk-db-01"}), 400, "MISSING_PARAMETER"),
        (
            json!({"snapshotId": "snap-db-01-base"}),
            400,
            "MISSING_PARAMETER",
        ),
        (
            json!({"snapshotId": "snap-nope", "diskId": "disk-db-01"}),
            404,
            "INVALID_SNAPSHOT_NOT_FOUND",
        ),
        (
            json!({"snapshotId": "snap-db-01-base", "diskId": "disk-nope"}),
            404,
            "INVALID_DISK_NOT_FOUND",
        ),
        (
            json!({"snapshotId": "snap-db-01-base", "diskId": "disk-web-01"}),
            400,
            "INVALID_SNAPSHOT_DISK_MISMATCH",
        ),
        (
            json!({"snapshotId": creating, "diskId": "disk-web-01"}),
            400,
            "INVALID_SNAPSHOT_STATUS",
        ),
    ];
    for (body, status, code) in cases {
        let answer = client.call("ApplySnapshot", body.clone()).await;
        assert_eq!((answer.status, answer.code()), (status, code), "{body}");
    }
    watch(&client, &failed, &["FAILED"]).await;
    // ins-win-02 is RUNNING: the instance is checked before the snapshot.
    let answer = client
        .call(
            "ApplySnapshot",
            json!({"snapshotId": failed, "diskId": "disk-win-02"}),
        )
        .await;
    assert_eq!(answer.code(), "UNSUPPORTED_OPERATION_INSTANCE_STATUS");
    client
        .call("StopInstances", json!({"instanceIds": ["ins-win-02"]}))
        .await;
    client.watch("ins-win-02", &["STOPPED"]).await;
    let answer = client
        .call(
            "ApplySnapshot",
            json!({"snapshotId": failed, "diskId": "disk-win-02"}),
        )
        .await;
    assert_eq!(
        answer.code(),
        "INVALID_SNAPSHOT_STATUS",
        "a FAILED snapshot"
    );
}

#[tokio::test]
async fn deleting_reports_the_ones_that_cannot_go_and_removes_the_others() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let creating = create(&client, "disk-web-01", "web-01-now").await;
    let answer = client
        .call(
            "DeleteSnapshots",
            json!({"snapshotIds": ["snap-db-01-base", creating]}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.data()["snapshotIds"], json!([creating]));
    assert_eq!(
        watch(&client, "snap-db-01-base", &["GONE"]).await,
        vec!["DELETING", "GONE"]
    );
    watch(&client, &creating, &["AVAILABLE"]).await;

    for (body, status, code) in [
        (
            json!({"snapshotIds": [creating, "snap-nope"]}),
            404,
            "INVALID_SNAPSHOT_NOT_FOUND",
        ),
        (json!({"snapshotIds": []}), 400, "MISSING_PARAMETER"),
        (
            json!({"snapshotIds": (0..101).map(|i| format!("snap-{i}")).collect::<Vec<_>>()}),
            400,
            "INVALID_PARAMETER",
        ),
    ] {
        let answer = client.call("DeleteSnapshots", body.clone()).await;
        assert_eq!((answer.status, answer.code()), (status, code), "{body}");
    }
    assert_eq!(
        snapshot(&client, &creating).await["status"],
        "AVAILABLE",
        "a refused request deletes nothing"
    );
}

#[tokio::test]
async fn an_expired_snapshot_is_gone() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    // The fixture's snap-web-01-old was kept until 2026-01-01.
    let listed = client.call("DescribeSnapshots", json!({})).await;
    let ids: Vec<&str> = listed.data()["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["snapshotId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["snap-db-01-base"]);
    let apply = client
        .call(
            "ApplySnapshot",
            json!({"snapshotId": "snap-web-01-old", "diskId": "disk-web-01"}),
        )
        .await;
    assert_eq!(apply.code(), "INVALID_SNAPSHOT_NOT_FOUND");
}

#[tokio::test]
async fn injected_faults_reach_the_snapshot_actions() {
    let (addr, emulator) = start_quick().await;
    let client = Client::new(addr);
    emulator.set_faults(Faults {
        server_error_rate: 1.0,
        actions: vec!["CreateSnapshot".into(), "ApplySnapshot".into()],
        ..Faults::default()
    });
    let answer = client
        .call(
            "CreateSnapshot",
            json!({"diskId": "disk-web-01", "snapshotName": "never"}),
        )
        .await;
    assert_eq!(
        (answer.status, answer.code()),
        (503, "SERVICE_TEMPORARY_UNAVAILABLE")
    );
    let answer = client
        .call(
            "ApplySnapshot",
            json!({"snapshotId": "snap-db-01-base", "diskId": "disk-db-01"}),
        )
        .await;
    assert_eq!(answer.status, 503);
    let listed = client.call("DescribeSnapshots", json!({})).await;
    assert_eq!(listed.data()["totalCount"], 1, "nothing was created");
    assert_eq!(
        listed.data()["dataSet"][0]["status"],
        "AVAILABLE",
        "nothing rolled back"
    );
    emulator.set_faults(Faults {
        rate_limit_rate: 1.0,
        actions: vec!["DescribeSnapshots".into()],
        ..Faults::default()
    });
    let limited = client.call("DescribeSnapshots", json!({})).await;
    assert_eq!(limited.code(), "REQUEST_LIMIT_EXCEEDED");
    let retention = in_a_week();
    let created = client
        .call(
            "CreateSnapshot",
            json!({"diskId": "disk-web-01", "snapshotName": "later", "retentionTime": retention}),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.body);
}
