//! The activity history through the real proxy and the real emulator (SQLite): every
//! state-changing call and every refusal is recorded, followed to its end by the proxy alone
//! (no browser watches here), and read back newest first.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::{stack, Options};

const WAIT: Duration = Duration::from_secs(15);

fn ended(entries: &[Value]) -> bool {
    !entries.is_empty() && entries.iter().all(|e| e["endedAt"].is_number())
}

#[tokio::test]
async fn a_reinstall_is_on_record_before_its_answer_and_followed_to_running() {
    let stack = stack(Options::default()).await;
    let answer = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "imageId": "img-debian-12", "keyId": "key-laptop",
                   "instanceName": "web-01", "userData": "#!/bin/sh\necho hello\n"}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let request_id = answer.body["requestId"].as_str().unwrap().to_owned();

    // On record at once, still running.
    let now = stack.activity(None, "instanceId=ins-web-01").await;
    assert_eq!(now.status, 200, "{}", now.text);
    let entry = &now.body["entries"][0];
    assert_eq!(entry["action"], "ResetInstance");
    assert_eq!(entry["outcome"], "accepted");
    assert_eq!(entry["requestId"], request_id.as_str());
    assert_eq!(entry["actor"], "console");
    assert_eq!(entry["client"], "127.0.0.1");
    assert!(entry["endedAt"].is_null(), "{entry}");

    let entries = stack
        .wait_for_activity(None, "instanceId=ins-web-01", WAIT, ended)
        .await;
    let entry = &entries[0];
    assert_eq!(entry["finalState"], "RUNNING", "{entry}");
    let instance = &entry["instances"][0];
    assert_eq!(instance["instanceId"], "ins-web-01");
    assert_eq!(instance["imageNameBefore"], "Ubuntu 22.04 LTS");
    assert_eq!(instance["imageNameAfter"], "Debian 12");
    assert_eq!(instance["finalState"], "RUNNING");
    let plan = &entry["plan"];
    assert_eq!(plan["imageId"], "img-debian-12");
    assert_eq!(plan["login"], "key-pair");
    assert_eq!(plan["keyName"], "ops-laptop");
    assert_eq!(plan["userDataBytes"], 21);
    // The emulator takes 1.5 s to reinstall.
    assert!(entry["durationMs"].as_i64().unwrap() >= 1000, "{entry}");
    assert_eq!(stack.upstream_calls("ResetInstance"), 1);
}

#[tokio::test]
async fn refusals_are_recorded_with_their_code_and_who_refused() {
    let stack = stack(Options::default()).await;
    // The proxy refuses: ins-mon-01 carries the protecting tag.
    let protected = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-mon-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(protected.code(), "RESOURCE_PROTECTED");
    // The API refuses: ins-web-02 is RUNNING.
    let running = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-02", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(running.code(), "UNSUPPORTED_OPERATION_INSTANCE_STATUS");
    // A rule the proxy checks before anything else.
    let malformed = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-02", "password": "short"}),
        )
        .await;
    assert_eq!(malformed.code(), "INVALID_PASSWORD_MALFORMED");

    let page = stack.activity(None, "").await;
    let entries = page.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3, "{}", page.text);
    let expect = [
        (&malformed, "ins-web-02", "proxy"),
        (&running, "ins-web-02", "api"),
        (&protected, "ins-mon-01", "proxy"),
    ];
    for (entry, (answer, instance, by)) in entries.iter().zip(expect) {
        assert_eq!(entry["outcome"], "refused", "{entry}");
        assert_eq!(entry["code"], answer.code(), "{entry}");
        assert_eq!(entry["refusedBy"], by, "{entry}");
        assert_eq!(entry["requestId"], answer.body["requestId"], "{entry}");
        assert_eq!(entry["instances"][0]["instanceId"], instance);
        assert!(entry["endedAt"].is_number() && entry["finalState"].is_null());
    }
    // Reads are not recorded.
    stack
        .call("DescribeInstances", json!({"instanceIds": ["ins-web-01"]}))
        .await;
    assert_eq!(
        stack.activity(None, "").await.body["entries"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[tokio::test]
async fn power_and_snapshot_calls_are_followed_to_their_end_states() {
    let stack = stack(Options::default()).await;
    let stop = stack
        .call(
            "StopInstances",
            json!({"instanceIds": ["ins-web-02"], "forceShutdown": true}),
        )
        .await;
    assert_eq!(stop.status, 200, "{}", stop.text);
    let created = stack
        .call(
            "CreateSnapshot",
            json!({"diskId": "disk-web-01", "snapshotName": "before-test"}),
        )
        .await;
    let snapshot = created.body["response"]["snapshotId"]
        .as_str()
        .unwrap()
        .to_owned();
    let entries = stack.wait_for_activity(None, "", WAIT, ended).await;
    let (create, stop) = (&entries[0], &entries[1]);
    assert_eq!(stop["action"], "StopInstances");
    assert_eq!(stop["finalState"], "STOPPED");
    assert_eq!(stop["plan"]["forceShutdown"], true);
    assert_eq!(create["action"], "CreateSnapshot");
    assert_eq!(create["finalState"], "AVAILABLE");
    assert_eq!(create["plan"]["snapshotId"], snapshot.as_str());
    assert_eq!(create["plan"]["diskId"], "disk-web-01");
    // The snapshot's instance, found from its disk.
    assert_eq!(create["instances"][0]["instanceId"], "ins-web-01");

    let rollback = stack
        .call(
            "ApplySnapshot",
            json!({"snapshotId": snapshot, "diskId": "disk-web-01"}),
        )
        .await;
    assert_eq!(rollback.status, 200, "{}", rollback.text);
    let entries = stack
        .wait_for_activity(None, "instanceId=ins-web-01", WAIT, ended)
        .await;
    assert_eq!(entries[0]["action"], "ApplySnapshot");
    assert_eq!(entries[0]["finalState"], "AVAILABLE");
    assert_eq!(
        entries[0]["instances"][0]["imageNameAfter"],
        "Ubuntu 22.04 LTS"
    );

    let delete = stack
        .call("DeleteSnapshots", json!({"snapshotIds": [snapshot]}))
        .await;
    assert_eq!(delete.status, 200, "{}", delete.text);
    let start = stack
        .call("StartInstances", json!({"instanceIds": ["ins-web-02"]}))
        .await;
    assert_eq!(start.status, 200, "{}", start.text);
    let entries = stack.wait_for_activity(None, "", WAIT, ended).await;
    let names: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["finalState"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("StartInstances", "RUNNING"),
            ("DeleteSnapshots", "DELETED"),
            ("ApplySnapshot", "AVAILABLE"),
            ("CreateSnapshot", "AVAILABLE"),
            ("StopInstances", "STOPPED"),
        ]
    );
}

#[tokio::test]
async fn pages_run_newest_first_and_the_cursor_ends() {
    let stack = stack(Options::default()).await;
    for _ in 0..5 {
        let refused = stack
            .call("StopInstances", json!({"instanceIds": ["ins-mon-01"]}))
            .await;
        assert_eq!(refused.code(), "RESOURCE_PROTECTED");
    }
    let mut seen: Vec<i64> = Vec::new();
    let mut query = "limit=2".to_owned();
    let mut pages = 0;
    loop {
        let page = stack.activity(None, &query).await;
        assert_eq!(page.status, 200, "{}", page.text);
        pages += 1;
        for entry in page.body["entries"].as_array().unwrap() {
            seen.push(entry["id"].as_str().unwrap().parse().unwrap());
        }
        match page.body["nextCursor"].as_str() {
            Some(cursor) => query = format!("limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 5);
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "{seen:?}");
    for bad in [
        "limit=0",
        "limit=201",
        "limit=99999999999",
        "cursor=v1.zz",
        "cursor=12",
    ] {
        let refused = stack.activity(None, bad).await;
        assert_eq!(
            (refused.status, refused.code()),
            (400, "INVALID_PARAMETER"),
            "{bad}"
        );
    }
    let refused = stack.activity(None, "instanceId=INS-WEB-01").await;
    assert_eq!(refused.code(), "INVALID_PARAMETER");
}

#[tokio::test]
async fn a_lost_answer_is_resolved_by_asking_the_api_never_by_sending_again() {
    let stack = stack(Options {
        configure: Box::new(|config| {
            config.activity.lease = Duration::from_secs(1);
            config.upstream_timeout = Duration::from_secs(1);
        }),
        ..Options::default()
    })
    .await;
    // Carried out, and the answer cut on its way back.
    stack.emulator.set_faults(zec_emulator::Faults {
        answer_lost_rate: 1.0,
        actions: vec!["ResetInstance".into()],
        ..zec_emulator::Faults::default()
    });
    let lost = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(lost.code(), "UPSTREAM_UNREACHABLE", "{}", lost.text);
    // Never carried out: the connection is cut before the API does anything.
    stack.emulator.set_faults(zec_emulator::Faults {
        drop_rate: 1.0,
        actions: vec!["StopInstances".into()],
        ..zec_emulator::Faults::default()
    });
    let dropped = stack
        .call("StopInstances", json!({"instanceIds": ["ins-web-02"]}))
        .await;
    assert_eq!(dropped.code(), "UPSTREAM_UNREACHABLE", "{}", dropped.text);

    let entries = stack.wait_for_activity(None, "", WAIT, ended).await;
    let (stop, reset) = (&entries[0], &entries[1]);
    assert_eq!(reset["answerLost"], true);
    assert_eq!(reset["outcome"], "accepted", "{reset:#}");
    assert_eq!(reset["finalState"], "RUNNING");
    assert_eq!(reset["requestId"], lost.body["requestId"]);
    assert_eq!(stop["answerLost"], true);
    assert_eq!(stop["outcome"], "not-started", "{stop:#}");
    assert_eq!(stop["finalState"], "NOT_STARTED");
    assert_eq!(stop["instances"][0]["finalState"], "NOT_STARTED");
    // Asked, never sent again.
    assert_eq!(stack.upstream_calls("ResetInstance"), 1);
    assert_eq!(stack.upstream_calls("StopInstances"), 1);
}
