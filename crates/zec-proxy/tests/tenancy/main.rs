//! Two portal users share one proxy (the real emulator behind it): alice reaches ins-web-01,
//! ins-web-02 and ins-mon-01 (protected by its tag), bob the resource group rg-data (ins-db-01
//! with its data disk, ins-cache-01). Neither can see, change or strip the snapshots of the
//! other's instances, and every refusal is made before anything reaches the API.

#[path = "../support/mod.rs"]
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

mod protection;
mod scope;
mod streams_and_headers;
mod writes;
