//! Protection holds for data disks and snapshots, is answered in scope, and an unscoped caller cannot slip past it.

use super::*;

#[tokio::test]
async fn protection_holds_for_data_disks_snapshots_and_is_answered_in_scope() {
    let stack = portal().await;
    let bob = bob();
    // ins-db-01 is protected (listed); disk-db-01-data is its data disk.
    for (action, body, code) in [
        (
            "ApplySnapshot",
            json!({"snapshotId": "snap-db-01-base", "diskId": "disk-db-01-data"}),
            "RESOURCE_PROTECTED",
        ),
        (
            "ApplySnapshot",
            json!({"snapshotId": "snap-db-01-base", "diskId": "disk-db-01"}),
            "RESOURCE_PROTECTED",
        ),
        (
            "DeleteSnapshots",
            json!({"snapshotIds": ["snap-db-01-base"]}),
            "RESOURCE_PROTECTED",
        ),
        (
            "ResetInstance",
            json!({"instanceId": "ins-db-01", "password": "Abcdef1!"}),
            "RESOURCE_PROTECTED",
        ),
        (
            "ApplySnapshot",
            json!({"snapshotId": "snap-db-01-base", "diskId": "disk-nobody-has"}),
            "RESOURCE_NOT_ALLOWED",
        ),
    ] {
        let answer = stack.call_as(&bob, action, body.clone()).await;
        assert_eq!(
            (answer.status, answer.code()),
            (403, code),
            "{action} {body}: {}",
            answer.text
        );
    }
    // ins-mon-01 is protected by its tag, read from the API.
    let answer = stack
        .call_as(
            &alice(),
            "StopInstances",
            json!({"instanceIds": ["ins-mon-01"]}),
        )
        .await;
    assert_eq!(answer.code(), "RESOURCE_PROTECTED", "{}", answer.text);
    for action in [
        "ApplySnapshot",
        "DeleteSnapshots",
        "ResetInstance",
        "StopInstances",
    ] {
        assert_eq!(stack.upstream_calls(action), 0, "{action}");
    }
    // Ids are compared only in the API's own spelling.
    for id in ["INS-DB-01", "ins-db-01 ", "ins-db-01\t"] {
        let answer = stack
            .call_as(
                &bob,
                "ResetInstance",
                json!({"instanceId": id, "password": "Abcdef1!"}),
            )
            .await;
        assert_eq!(
            (answer.status, answer.code()),
            (400, "INVALID_PARAMETER"),
            "{id:?}"
        );
    }
    let policy = |token: String| {
        let stack = &stack;
        async move {
            send(stack.get_as(&token, PROTECTION_POLICY_PATH))
                .await
                .body
        }
    };
    assert_eq!(
        policy(bob.clone()).await["instanceIds"],
        json!(["ins-db-01"])
    );
    assert_eq!(policy(alice()).await["instanceIds"], json!(["ins-web-02"]));
    assert_eq!(
        policy(alice()).await["tag"]["key"],
        "zec-reinstall:protected"
    );
}

#[tokio::test]
async fn an_unscoped_caller_cannot_slip_past_protection_with_an_unknown_or_data_disk() {
    let stack = stack(support::Options {
        configure: Box::new(|config| {
            config.access.protection.instance_ids = vec!["ins-db-01".into()]
        }),
        ..support::Options::default()
    })
    .await;
    let data_disk = stack
        .call(
            "ApplySnapshot",
            json!({"snapshotId": "snap-db-01-base", "diskId": "disk-db-01-data"}),
        )
        .await;
    assert_eq!(
        (data_disk.status, data_disk.code()),
        (403, "RESOURCE_PROTECTED"),
        "{}",
        data_disk.text
    );
    let unknown = stack
        .call(
            "ApplySnapshot",
            json!({"snapshotId": "snap-db-01-base", "diskId": "disk-unknown"}),
        )
        .await;
    assert_eq!(
        (unknown.status, unknown.code()),
        (404, "INVALID_DISK_NOT_FOUND"),
        "{}",
        unknown.text
    );
    let delete = stack
        .call(
            "DeleteSnapshots",
            json!({"snapshotIds": ["snap-db-01-base"]}),
        )
        .await;
    assert_eq!(
        (delete.status, delete.code()),
        (403, "RESOURCE_PROTECTED"),
        "{}",
        delete.text
    );
    assert_eq!(
        stack.upstream_calls("ApplySnapshot") + stack.upstream_calls("DeleteSnapshots"),
        0
    );
    // An unprotected instance's snapshot can still be deleted.
    let created = stack
        .call(
            "CreateSnapshot",
            json!({"diskId": "disk-web-01", "snapshotName": "web-01-now"}),
        )
        .await;
    let id = created.body["response"]["snapshotId"]
        .as_str()
        .unwrap()
        .to_owned();
    let other = stack
        .call("DeleteSnapshots", json!({"snapshotIds": [id]}))
        .await;
    assert_eq!(other.status, 200, "{}", other.text);
    assert_eq!(stack.upstream_calls("DeleteSnapshots"), 1);
}
