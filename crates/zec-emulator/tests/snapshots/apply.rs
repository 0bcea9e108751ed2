//! ApplySnapshot: a rollback restores what the snapshot captured; refusals.

use super::*;

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
