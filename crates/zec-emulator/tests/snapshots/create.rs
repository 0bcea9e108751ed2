//! CreateSnapshot: creating then available and listed the API way, the failing-disk flag, refusals.

use super::*;

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
