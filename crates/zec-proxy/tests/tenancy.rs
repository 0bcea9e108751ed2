//! Two portal users share one proxy (the real emulator behind it): alice reaches ins-web-01,
//! ins-web-02 and ins-mon-01 (protected by its tag), bob the resource group rg-data (ins-db-01
//! with its data disk, ins-cache-01). Neither can see, change or strip the snapshots of the
//! other's instances, and every refusal is made before anything reaches the API.

mod support;

use serde_json::json;
use support::{send, session, stack, with_sessions, Stack};
use zec_api::grant::Permission;
use zec_api::live::STATUS_STREAM_PATH;
use zec_api::rules::PROTECTION_POLICY_PATH;

const ALICE: &[&str] = &["ins-web-01", "ins-web-02", "ins-mon-01"];

fn alice() -> String {
    session("alice", ALICE, &[], None)
}

fn bob() -> String {
    session("bob", &[], &["rg-data"], None)
}

async fn portal() -> Stack {
    stack(with_sessions(|config| {
        config.access.protection.instance_ids = vec!["ins-db-01".into(), "ins-web-02".into()];
    }))
    .await
}

fn ids_of(answer: &support::Answer) -> Vec<String> {
    answer.body["response"]["dataSet"]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|item| item["instanceId"].as_str().unwrap().to_owned())
        .collect()
}

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

#[tokio::test]
async fn streams_are_scoped_and_the_access_log_names_the_actor() {
    let logs = support::captured_logs();
    let stack = portal().await;
    let url = |ids: &str| {
        format!(
            "http://{}{STATUS_STREAM_PATH}?instanceIds={ids}",
            stack.proxy
        )
    };
    let refused = send(stack.http.get(url("ins-db-01")).bearer_auth(alice())).await;
    assert_eq!(
        (refused.status, refused.code()),
        (403, "RESOURCE_NOT_ALLOWED")
    );
    let refused = send(
        stack
            .http
            .get(url("ins-web-01,ins-db-01"))
            .bearer_auth(alice()),
    )
    .await;
    assert_eq!(refused.status, 403);
    assert_eq!(stack.built.state.status.watched_count(), 0);
    let own = stack
        .http
        .get(url("ins-db-01"))
        .bearer_auth(bob())
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 200);
    let events = support::read_events(own, std::time::Duration::from_secs(5), |events| {
        !events.is_empty()
    })
    .await;
    assert_eq!(events[0].1["instanceId"], "ins-db-01");

    let lines = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    let access: Vec<serde_json::Value> = lines
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|line| line["target"] == "zec_proxy::access")
        .filter(|line| {
            line["fields"]["path"]
                .as_str()
                .unwrap_or("")
                .contains("status-stream")
        })
        .collect();
    let actors: Vec<&str> = access
        .iter()
        .map(|line| line["fields"]["actor"].as_str().unwrap_or(""))
        .collect();
    assert!(
        actors.contains(&"alice") && actors.contains(&"bob"),
        "{actors:?}"
    );
}

#[tokio::test]
async fn headers_that_decide_access_are_never_read_by_their_first_value() {
    let stack = stack(support::Options {
        configure: Box::new(|config| {
            config.access.control.identity_header = Some("x-portal-user".into());
        }),
        ..support::Options::default()
    })
    .await;
    let host = stack.proxy.to_string();
    let raw = format!(
        "POST /api/v2/zec HTTP/1.1\r\nHost: {host}\r\nHost: evil.example\r\nX-ZC-Action: DescribeTimeZones\r\n\
         Content-Type: application/json\r\nX-Portal-User: alice\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    );
    let (answer, _) = support::raw_exchange(
        stack.proxy,
        raw.as_bytes(),
        std::time::Duration::from_secs(5),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("DUPLICATE_HEADER"), "{answer}");
    for (name, first, second) in [
        (
            "origin",
            format!("http://{host}"),
            "https://evil.example".to_owned(),
        ),
        (
            "sec-fetch-site",
            "same-origin".to_owned(),
            "cross-site".to_owned(),
        ),
        ("x-portal-user", "alice".to_owned(), "bob".to_owned()),
    ] {
        let answer = send(
            stack
                .request("zec", "DescribeTimeZones")
                .header("x-portal-user", "carol")
                .header(name, first)
                .header(name, second)
                .body("{}"),
        )
        .await;
        assert_eq!(
            (answer.status, answer.code()),
            (400, "DUPLICATE_HEADER"),
            "{name}: {}",
            answer.text
        );
    }
    let fine = send(
        stack
            .request("zec", "DescribeTimeZones")
            .header("x-portal-user", "alice")
            .body("{}"),
    )
    .await;
    assert_eq!(fine.status, 200, "{}", fine.text);
    assert_eq!(stack.upstream_calls("DescribeTimeZones"), 1);
}
