//! Several proxies on one PostgreSQL (a throwaway cluster): any replica answers with the
//! same history, a replica that stops leaves its follow-ups to another, and a database that
//! cannot be written stops every state-changing call (503, nothing sent) while reads go on.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::postgres::Postgres;
use support::{stack, Options, Stack};

const WAIT: Duration = Duration::from_secs(20);

fn on(postgres: &Postgres) -> Options {
    let url = postgres.url.clone();
    Options {
        configure: Box::new(move |config| {
            config.activity.database = url;
            config.activity.lease = Duration::from_secs(1);
        }),
        ..Options::default()
    }
}

async fn replica(first: &Stack, postgres: &Postgres) -> Stack {
    let url = postgres.url.clone();
    first
        .replica(move |config| {
            config.activity.database = url;
            config.activity.lease = Duration::from_secs(1);
        })
        .await
}

fn ended(entries: &[Value]) -> bool {
    !entries.is_empty() && entries.iter().all(|e| e["endedAt"].is_number())
}

#[tokio::test]
async fn a_reinstall_through_one_replica_appears_completed_through_the_other() {
    let Some(postgres) = Postgres::start() else {
        return;
    };
    let first = stack(on(&postgres)).await;
    let second = replica(&first, &postgres).await;
    let answer = first
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "imageId": "img-debian-12", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let refused = second
        .call("StopInstances", json!({"instanceIds": ["ins-mon-01"]}))
        .await;
    assert_eq!(refused.code(), "RESOURCE_PROTECTED");

    let through_second = second.wait_for_activity(None, "", WAIT, ended).await;
    assert_eq!(through_second.len(), 2);
    let reset = &through_second[1];
    assert_eq!(reset["action"], "ResetInstance");
    assert_eq!(reset["finalState"], "RUNNING");
    assert_eq!(reset["requestId"], answer.body["requestId"]);
    assert_eq!(reset["instances"][0]["imageNameAfter"], "Debian 12");
    let through_first = first.activity(None, "").await;
    assert_eq!(through_first.body["entries"], Value::from(through_second));
    assert_eq!(first.upstream_calls("ResetInstance"), 1);
}

#[tokio::test]
async fn a_replica_that_stops_leaves_its_follow_up_to_another() {
    let Some(postgres) = Postgres::start() else {
        return;
    };
    let first = stack(on(&postgres)).await;
    let second = replica(&first, &postgres).await;
    let answer = first
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    // The first replica shuts down before the reinstall ends: its follow-up loop stops and
    // renews nothing. The second takes the record over once its lease (1 s) runs out.
    first.built.state.status.close("shutdown");
    let entries = second
        .wait_for_activity(None, "instanceId=ins-web-01", WAIT, ended)
        .await;
    assert_eq!(entries[0]["finalState"], "RUNNING", "{:#}", entries[0]);
    assert_eq!(entries[0]["outcome"], "accepted");
    assert_eq!(entries[0]["answerLost"], false);
    assert_eq!(first.upstream_calls("ResetInstance"), 1);
}

#[tokio::test]
async fn without_its_database_no_change_is_sent_and_reads_go_on() {
    let Some(postgres) = Postgres::start() else {
        return;
    };
    let stack = stack(on(&postgres)).await;
    postgres.stop();
    let refused = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (503, "ACTIVITY_UNAVAILABLE"),
        "{}",
        refused.text
    );
    assert!(refused.body["requestId"]
        .as_str()
        .is_some_and(|id| !id.is_empty()));
    assert_eq!(stack.upstream_calls("ResetInstance"), 0, "nothing was sent");
    let read = stack
        .call("DescribeInstances", json!({"instanceIds": ["ins-web-01"]}))
        .await;
    assert_eq!(read.status, 200, "{}", read.text);
    let history = stack.activity(None, "").await;
    assert_eq!(
        (history.status, history.code()),
        (503, "ACTIVITY_UNAVAILABLE")
    );

    // Back: calls go through and are on record again.
    postgres.start_again();
    let sent = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.text);
    let entries = stack.wait_for_activity(None, "", WAIT, ended).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["finalState"], "RUNNING");
}
