//! Single-tenant access control: token, identity header, instance and resource-group allowlists.

use super::*;

#[tokio::test]
async fn required_token_and_identity_header() {
    let stack = stack(Options {
        configure: Box::new(|config| {
            config.access.control.token = Some("portal-token-1".into());
            config.access.control.identity_header = Some("x-portal-user".into());
        }),
        ..Options::default()
    })
    .await;
    let call = || stack.request("zec", "DescribeTimeZones").body("{}");
    assert_eq!(send(call()).await.code(), "UNAUTHORIZED");
    assert_eq!(
        send(call().header("authorization", "Bearer wrong-token1"))
            .await
            .code(),
        "UNAUTHORIZED"
    );
    let no_user = send(call().header("authorization", "Bearer portal-token-1")).await;
    assert_eq!((no_user.status, no_user.code()), (401, "UNAUTHORIZED"));
    let ok = send(
        call()
            .header("authorization", "Bearer portal-token-1")
            .header("x-portal-user", "alice"),
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert!(stack.upstream_calls("DescribeTimeZones") == 1);
}

#[tokio::test]
async fn an_instance_allowlist_narrows_listings_and_refuses_others() {
    let stack = stack(Options {
        configure: Box::new(|config| {
            config.access.allowed_instances =
                ["ins-web-01".to_owned(), "ins-db-01".to_owned()].into();
        }),
        ..Options::default()
    })
    .await;
    let list = stack.call("DescribeInstances", json!({})).await;
    assert_eq!(list.body["response"]["totalCount"], 2, "{}", list.text);
    let refused = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-cache-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (403, "RESOURCE_NOT_ALLOWED")
    );
    let refused = stack
        .call(
            "DescribeInstancesStatus",
            json!({"instanceIds": ["ins-web-01", "ins-win-01"]}),
        )
        .await;
    assert_eq!(refused.code(), "RESOURCE_NOT_ALLOWED");
    let allowed = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-db-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(allowed.status, 200, "{}", allowed.text);
}

#[tokio::test]
async fn a_resource_group_allowlist_uses_the_instances_group() {
    let stack = stack(Options {
        configure: Box::new(|config| {
            config.access.allowed_resource_groups = ["rg-data".to_owned()].into()
        }),
        ..Options::default()
    })
    .await;
    let list = stack.call("DescribeInstances", json!({})).await;
    let ids: Vec<&str> = list.body["response"]["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["instanceId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["ins-db-01", "ins-cache-01"]);
    let refused = stack
        .call("StopInstances", json!({"instanceIds": ["ins-web-02"]}))
        .await;
    assert_eq!(refused.code(), "RESOURCE_NOT_ALLOWED");
    let refused = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-nope", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(
        refused.code(),
        "RESOURCE_NOT_ALLOWED",
        "unknown ids reveal nothing"
    );
    let allowed = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-cache-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(allowed.status, 200, "{}", allowed.text);
}
