//! DeleteSnapshots, expiry, and injected faults on the snapshot actions.

use super::*;

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
