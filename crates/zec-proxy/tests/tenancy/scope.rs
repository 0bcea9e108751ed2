//! Listings narrowed to each user's instances; actions outside the session refused before any lookup.

use super::*;

#[tokio::test]
async fn listings_are_narrowed_to_each_users_instances() {
    let stack = portal().await;
    let mut mine = ids_of(
        &stack
            .call_as(&alice(), "DescribeInstances", json!({"pageSize": 100}))
            .await,
    );
    mine.sort();
    assert_eq!(mine, ["ins-mon-01", "ins-web-01", "ins-web-02"]);
    let mut theirs = ids_of(&stack.call_as(&bob(), "DescribeInstances", json!({})).await);
    theirs.sort();
    assert_eq!(theirs, ["ins-cache-01", "ins-db-01"]);
    // Filters and paging still work inside the scope.
    let running = stack
        .call_as(
            &alice(),
            "DescribeInstances",
            json!({"status": "RUNNING", "pageSize": 1}),
        )
        .await;
    assert_eq!(
        running.body["response"]["totalCount"], 2,
        "{}",
        running.text
    );
    assert_eq!(ids_of(&running).len(), 1);
    // A user with instances and a group sees both.
    let both = session("carol", &["ins-web-01"], &["rg-ci"], None);
    let mut seen = ids_of(&stack.call_as(&both, "DescribeInstances", json!({})).await);
    seen.sort();
    assert_eq!(seen, ["ins-build-01", "ins-lab-01", "ins-web-01"]);
    // Snapshot listings: only the snapshots of one's own disks (data disks included).
    let snaps = stack.call_as(&bob(), "DescribeSnapshots", json!({})).await;
    let ids: Vec<&str> = snaps.body["response"]["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["snapshotId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["snap-db-01-base"], "{}", snaps.text);
    let snaps = stack
        .call_as(
            &alice(),
            "DescribeSnapshots",
            json!({"snapshotIds": ["snap-db-01-base"]}),
        )
        .await;
    assert_eq!(snaps.body["response"]["totalCount"], 0, "{}", snaps.text);
}

#[tokio::test]
async fn actions_outside_the_session_are_refused_before_any_lookup() {
    let stack = portal().await;
    let reinstall_only = session("alice", ALICE, &[], Some(&[Permission::Reinstall]));
    let before = stack.all_upstream_calls();
    for (action, body) in [
        ("StopInstances", json!({"instanceIds": ["ins-web-02"]})),
        ("StartInstances", json!({"instanceIds": ["ins-web-02"]})),
        (
            "CreateSnapshot",
            json!({"diskId": "disk-web-01", "snapshotName": "before"}),
        ),
        (
            "ApplySnapshot",
            json!({"snapshotId": "snap-web-01-old", "diskId": "disk-web-01"}),
        ),
        (
            "DeleteSnapshots",
            json!({"snapshotIds": ["snap-web-01-old"]}),
        ),
    ] {
        let answer = stack.call_as(&reinstall_only, action, body).await;
        assert_eq!(
            (answer.status, answer.code()),
            (403, "ACTION_NOT_ALLOWED"),
            "{action}: {}",
            answer.text
        );
        assert!(answer.body["message"]
            .as_str()
            .unwrap()
            .contains("permission"));
    }
    assert_eq!(stack.all_upstream_calls(), before, "no lookup was made");
    let reset = stack
        .call_as(
            &reinstall_only,
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(reset.status, 200, "{}", reset.text);
    assert_eq!(stack.upstream_calls("ResetInstance"), 1);
}
