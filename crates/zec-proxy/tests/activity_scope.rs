//! The activity history as portal users read it: alice reaches ins-web-01, ins-web-02 and
//! ins-mon-01, bob the resource group rg-data (ins-db-01, ins-cache-01), carol one instance of
//! each. Each reads only the entries of their own instances, never another user's attempts
//! on them, and no cursor, id or page size gets them further.

mod support;

use serde_json::{json, Value};
use support::{session, stack, with_sessions, Stack};

fn alice() -> String {
    session(
        "alice",
        &["ins-web-01", "ins-web-02", "ins-mon-01"],
        &[],
        None,
    )
}

fn bob() -> String {
    session("bob", &[], &["rg-data"], None)
}

fn carol() -> String {
    session("carol", &["ins-web-02", "ins-cache-01"], &[], None)
}

async fn entries(stack: &Stack, who: &str, query: &str) -> Vec<Value> {
    let page = stack.activity(Some(who), query).await;
    assert_eq!(page.status, 200, "{}", page.text);
    page.body["entries"].as_array().unwrap().clone()
}

fn summary(entries: &[Value]) -> Vec<(String, String, Vec<String>)> {
    entries
        .iter()
        .map(|e| {
            let instances = e["instances"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["instanceId"].as_str().unwrap().to_owned())
                .collect();
            (
                e["actor"].as_str().unwrap().to_owned(),
                e["action"].as_str().unwrap().to_owned(),
                instances,
            )
        })
        .collect()
}

fn entry(actor: &str, action: &str, instances: &[&str]) -> (String, String, Vec<String>) {
    (
        actor.to_owned(),
        action.to_owned(),
        instances.iter().map(|id| id.to_string()).collect(),
    )
}

#[tokio::test]
async fn each_portal_user_reads_only_their_own_instances_entries() {
    let stack = stack(with_sessions(|_| {})).await;
    let (alice, bob, carol) = (alice(), bob(), carol());
    let reset = |id: &str, password: &str| json!({"instanceId": id, "password": password});
    let ok = stack
        .call_as(&alice, "ResetInstance", reset("ins-web-01", "Abcdef1!"))
        .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    let ok = stack
        .call_as(&bob, "ResetInstance", reset("ins-db-01", "Abcdef1!"))
        .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    // Bob's attempts on alice's instance: outside his scope, and refused by a rule before
    // the scope was even looked at.
    let refused = stack
        .call_as(&bob, "ResetInstance", reset("ins-web-01", "Abcdef1!"))
        .await;
    assert_eq!(refused.code(), "RESOURCE_NOT_ALLOWED");
    let refused = stack
        .call_as(&bob, "ResetInstance", reset("ins-web-01", "weak"))
        .await;
    assert_eq!(refused.code(), "INVALID_PASSWORD_MALFORMED");
    // Carol's one call concerns an instance of each (ins-web-02 is RUNNING: listed as failed).
    let both = stack
        .call_as(
            &carol,
            "ResetInstances",
            json!({"instanceIds": ["ins-web-02", "ins-cache-01"], "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(both.status, 200, "{}", both.text);

    let alices = entries(&stack, &alice, "").await;
    assert_eq!(
        summary(&alices),
        [
            entry("carol", "ResetInstances", &["ins-web-02"]),
            entry("alice", "ResetInstance", &["ins-web-01"]),
        ]
    );
    assert_eq!(alices[0]["instances"][0]["finalState"], "NOT_STARTED");
    let text = serde_json::to_string(&alices).unwrap();
    for foreign in ["bob", "ins-db-01", "ins-cache-01"] {
        assert!(!text.contains(foreign), "alice learns of {foreign}: {text}");
    }
    assert_eq!(
        summary(&entries(&stack, &bob, "").await),
        [
            entry("carol", "ResetInstances", &["ins-cache-01"]),
            entry("bob", "ResetInstance", &["ins-db-01"]),
        ]
    );
    // Through one instance: bob's group is read from the API, as for any call.
    assert_eq!(
        summary(&entries(&stack, &bob, "instanceId=ins-cache-01").await),
        [entry("carol", "ResetInstances", &["ins-cache-01"])]
    );
    assert_eq!(
        summary(&entries(&stack, &alice, "instanceId=ins-web-01").await),
        [entry("alice", "ResetInstance", &["ins-web-01"])]
    );
    for (who, other) in [
        (&alice, "ins-db-01"),
        (&bob, "ins-web-01"),
        (&carol, "ins-web-01"),
    ] {
        let refused = stack
            .activity(Some(who), &format!("instanceId={other}"))
            .await;
        assert_eq!(
            (refused.status, refused.code()),
            (403, "RESOURCE_NOT_ALLOWED"),
            "{other}"
        );
    }
}

#[tokio::test]
async fn no_cursor_or_page_size_reaches_past_the_scope() {
    let stack = stack(with_sessions(|_| {})).await;
    let (alice, bob) = (alice(), bob());
    for (who, id) in [
        (&alice, "ins-mon-01"),
        (&bob, "ins-db-01"),
        (&alice, "ins-mon-01"),
    ] {
        // Power-offs of a protected instance (alice) and a stopped one (bob).
        stack
            .call_as(who, "StopInstances", json!({"instanceIds": [id]}))
            .await;
    }
    let first = stack.activity(Some(&alice), "limit=1").await;
    let cursor = first.body["nextCursor"].as_str().unwrap().to_owned();
    // Alice's cursor in bob's hands positions bob's own history, nothing more.
    let borrowed = entries(&stack, &bob, &format!("cursor={cursor}")).await;
    assert!(borrowed.iter().all(|e| e["actor"] == "bob"), "{borrowed:?}");
    // A forged cursor past every id: still only alice's.
    let forged = entries(&stack, &alice, "cursor=v1.7fffffffffffffff&limit=200").await;
    assert_eq!(forged.len(), 2);
    assert!(forged.iter().all(|e| e["actor"] == "alice"));
    for bad in [
        "limit=201",
        "limit=4294967296",
        "cursor=v1.8000000000000000",
        "cursor=1%20OR%201=1",
        "instanceId=ins-web-01'%20OR%20'1'='1",
        // A second id beside one of hers does not smuggle bob's in.
        "instanceId=ins-mon-01&instanceId=ins-db-01",
    ] {
        let refused = stack.activity(Some(&alice), bad).await;
        assert_eq!(
            (refused.status, refused.code()),
            (400, "INVALID_PARAMETER"),
            "{bad}"
        );
    }
    // Without a session there is nothing to read.
    let anonymous = stack.activity(None, "").await;
    assert_eq!(anonymous.status, 401);
}
