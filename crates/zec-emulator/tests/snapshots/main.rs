//! Disk snapshots over real HTTP with signed calls, as an SDK makes them: CreateSnapshot,
//! DescribeSnapshots, ApplySnapshot, DeleteSnapshots; every state, every refusal, rollback
//! restoring the instance, expiry, the failing-disk flag and injected faults.

#[path = "../support/mod.rs"]
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

mod apply;
mod create;
mod delete_and_faults;
