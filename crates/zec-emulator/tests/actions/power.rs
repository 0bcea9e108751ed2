//! StopInstances and StartInstances through their transitional states.

use super::*;

#[tokio::test]
async fn stop_and_start_move_through_transitional_states() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let stop = client
        .call("StopInstances", json!({"instanceIds": ["ins-web-02"]}))
        .await;
    assert_eq!(stop.data()["instanceIds"], json!([]));
    assert_eq!(
        client.watch("ins-web-02", &["STOPPED"]).await,
        vec!["STOPPING", "STOPPED"]
    );
    let start = client
        .call("StartInstances", json!({"instanceIds": ["ins-web-02"]}))
        .await;
    assert_eq!(start.data()["instanceIds"], json!([]));
    assert_eq!(
        client.watch("ins-web-02", &["RUNNING"]).await,
        vec!["STARTING", "RUNNING"]
    );

    // A DEPLOYING instance cannot be stopped: it is reported as failed.
    client
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-db-01", "password": "Abcdef1!"}),
        )
        .await;
    let stop = client
        .call(
            "StopInstances",
            json!({"instanceIds": ["ins-db-01", "ins-web-01"]}),
        )
        .await;
    assert_eq!(stop.data()["instanceIds"], json!(["ins-db-01"]));

    let missing = client
        .call("StopInstances", json!({"instanceIds": ["ins-nope"]}))
        .await;
    assert_eq!(
        (missing.status, missing.code()),
        (404, "INVALID_INSTANCE_NOT_FOUND")
    );
    let empty = client
        .call("StartInstances", json!({"instanceIds": []}))
        .await;
    assert_eq!((empty.status, empty.code()), (400, "MISSING_PARAMETER"));
}
