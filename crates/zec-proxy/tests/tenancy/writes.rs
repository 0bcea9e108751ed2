//! Bob can change nothing of alice's, and the API never hears of it.

use super::*;

#[tokio::test]
async fn bob_can_change_nothing_of_alices_and_the_api_never_hears_of_it() {
    let stack = portal().await;
    let bob = bob();
    let created = stack
        .call_as(
            &alice(),
            "CreateSnapshot",
            json!({"diskId": "disk-web-01", "snapshotName": "alice-before"}),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let alices = created.body["response"]["snapshotId"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = stack.emulator.calls();
    let attempts = [
        (
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
        ),
        (
            "ResetInstances",
            json!({"instanceIds": ["ins-db-01", "ins-web-01"], "password": "Abcdef1!"}),
        ),
        (
            "StopInstances",
            json!({"instanceIds": ["ins-web-02"], "forceShutdown": true}),
        ),
        ("StartInstances", json!({"instanceIds": ["ins-web-01"]})),
        (
            "CreateSnapshot",
            json!({"diskId": "disk-web-01", "snapshotName": "mine-now"}),
        ),
        (
            "ApplySnapshot",
            json!({"snapshotId": alices, "diskId": "disk-web-01"}),
        ),
        // Alice's snapshot onto bob's own disk: the snapshot's disk is alice's.
        (
            "ApplySnapshot",
            json!({"snapshotId": alices, "diskId": "disk-cache-01"}),
        ),
        ("DeleteSnapshots", json!({"snapshotIds": [alices]})),
        ("DescribeSnapshots", json!({"diskIds": ["disk-web-01"]})),
        ("DescribeInstances", json!({"instanceIds": ["ins-web-01"]})),
        (
            "DescribeInstancesStatus",
            json!({"instanceIds": ["ins-web-01"]}),
        ),
        (
            "DescribeInstances",
            json!({"resourceGroupId": "rg-default"}),
        ),
    ];
    for (action, body) in attempts {
        let answer = stack.call_as(&bob, action, body.clone()).await;
        assert_eq!(
            (answer.status, answer.code()),
            (403, "RESOURCE_NOT_ALLOWED"),
            "{action} {body}: {}",
            answer.text
        );
    }
    let after = stack.emulator.calls();
    for action in [
        "ResetInstance",
        "ResetInstances",
        "StopInstances",
        "StartInstances",
        "CreateSnapshot",
        "ApplySnapshot",
        "DeleteSnapshots",
    ] {
        assert_eq!(
            after.get(action),
            before.get(action),
            "{action} reached the API"
        );
    }
    let status = stack
        .call_as(
            &alice(),
            "DescribeInstancesStatus",
            json!({"instanceIds": ["ins-web-01"]}),
        )
        .await;
    assert_eq!(
        status.body["response"]["dataSet"][0]["instanceStatus"],
        "STOPPED"
    );
    let snapshot = stack
        .call_as(
            &alice(),
            "DescribeSnapshots",
            json!({"snapshotIds": [alices]}),
        )
        .await;
    assert_eq!(
        snapshot.body["response"]["totalCount"], 1,
        "{}",
        snapshot.text
    );
}

#[tokio::test]
async fn another_users_snapshot_cannot_be_told_from_one_that_does_not_exist() {
    let stack = portal().await;
    let created = stack
        .call_as(
            &bob(),
            "CreateSnapshot",
            json!({"diskId": "disk-cache-01", "snapshotName": "bob-before"}),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let bobs = created.body["response"]["snapshotId"]
        .as_str()
        .unwrap()
        .to_owned();
    let alice = alice();
    // Each probe names a snapshot: bob's, then one nobody has. Both answers must be the
    // same refusal, and neither may name bob's disk.
    let answers = |snapshot: &str| {
        [
            (
                "ApplySnapshot",
                json!({"snapshotId": snapshot, "diskId": "disk-web-01"}),
            ),
            ("DeleteSnapshots", json!({"snapshotIds": [snapshot]})),
        ]
    };
    for ((action, bobs_body), (_, missing_body)) in
        answers(&bobs).into_iter().zip(answers("snap-nobody-has"))
    {
        let to_bobs = stack.call_as(&alice, action, bobs_body).await;
        let to_missing = stack.call_as(&alice, action, missing_body).await;
        assert_eq!(
            (to_bobs.status, to_bobs.code()),
            (403, "RESOURCE_NOT_ALLOWED"),
            "{action}: {}",
            to_bobs.text
        );
        assert_eq!(
            (to_missing.status, to_missing.code()),
            (to_bobs.status, to_bobs.code()),
            "{action}: {}",
            to_missing.text
        );
        assert_eq!(
            to_missing.body["message"]
                .as_str()
                .unwrap()
                .replace("snap-nobody-has", "ID"),
            to_bobs.body["message"]
                .as_str()
                .unwrap()
                .replace(&bobs, "ID"),
            "{action}"
        );
        assert!(!to_bobs.text.contains("disk-cache-01"), "{}", to_bobs.text);
    }
}
