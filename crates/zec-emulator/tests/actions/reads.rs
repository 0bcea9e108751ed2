//! Reading: DescribeInstances paging and filters, the fixture's variety and tags, images and key pairs.

use super::*;

#[tokio::test]
async fn describe_instances_pages_and_filters() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let all = client
        .call("DescribeInstances", json!({"pageSize": 100}))
        .await;
    let total = all.data()["totalCount"].as_u64().unwrap() as usize;
    assert!((8..=12).contains(&total));

    // Pages of 3 cover every instance exactly once.
    let mut seen = Vec::new();
    for page in 1..=total.div_ceil(3) {
        let answer = client
            .call("DescribeInstances", json!({"pageSize": 3, "pageNum": page}))
            .await;
        assert_eq!(
            answer.data()["totalCount"].as_u64().unwrap() as usize,
            total
        );
        seen.extend(ids(&answer, "instanceId"));
    }
    assert_eq!(seen, ids(&all, "instanceId"));
    let beyond = client
        .call("DescribeInstances", json!({"pageSize": 3, "pageNum": 99}))
        .await;
    assert_eq!(beyond.data()["dataSet"], json!([]));
    assert_eq!(
        beyond.data()["totalCount"].as_u64().unwrap() as usize,
        total
    );

    let default_page = client.call("DescribeInstances", json!({})).await;
    assert_eq!(ids(&default_page, "instanceId").len(), total.min(20));

    for (body, code) in [
        (json!({"pageSize": 1001}), "INVALID_PARAMETER"),
        (json!({"pageSize": 0}), "INVALID_PARAMETER"),
        (json!({"pageNum": 0}), "INVALID_PARAMETER"),
        (
            json!({"instanceIds": (0..101).map(|i| format!("ins-{i}")).collect::<Vec<_>>()}),
            "INVALID_PARAMETER",
        ),
    ] {
        let answer = client.call("DescribeInstances", body.clone()).await;
        assert_eq!((answer.status, answer.code()), (400, code), "{body}");
    }
    let hundred = client
        .call(
            "DescribeInstances",
            json!({"instanceIds": (0..100).map(|i| format!("ins-{i}")).collect::<Vec<_>>()}),
        )
        .await;
    assert_eq!(hundred.status, 200);

    let by_name = client
        .call("DescribeInstances", json!({"name": "WEB"}))
        .await;
    assert_eq!(
        ids(&by_name, "instanceId"),
        vec!["ins-web-01", "ins-web-02"]
    );
    let stopped = client
        .call(
            "DescribeInstances",
            json!({"status": "STOPPED", "pageSize": 100}),
        )
        .await;
    assert!(stopped.data()["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["status"] == "STOPPED"));
    let zone = client
        .call("DescribeInstances", json!({"zoneId": "eu-central-1a"}))
        .await;
    assert!(zone.data()["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["zoneId"] == "eu-central-1a"));
    let group = client
        .call("DescribeInstances", json!({"resourceGroupId": "rg-data"}))
        .await;
    assert_eq!(ids(&group, "instanceId"), vec!["ins-db-01", "ins-cache-01"]);
}

#[tokio::test]
async fn fixture_has_the_demo_variety() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let instances = client
        .call("DescribeInstances", json!({"pageSize": 100}))
        .await;
    let instances = instances.data()["dataSet"].as_array().unwrap().clone();
    let zones: HashSet<&str> = instances
        .iter()
        .map(|i| i["zoneId"].as_str().unwrap())
        .collect();
    let statuses: Vec<&str> = instances
        .iter()
        .map(|i| i["status"].as_str().unwrap())
        .collect();
    assert!((2..=3).contains(&zones.len()));
    assert!(statuses.iter().filter(|s| **s == "STOPPED").count() >= 3);
    assert!(statuses.contains(&"RUNNING") && statuses.contains(&"REINSTALL_FAILED"));

    let images = client
        .call("DescribeImages", json!({"pageSize": 100}))
        .await;
    let images = images.data()["dataSet"].as_array().unwrap().clone();
    assert!((10..=20).contains(&images.len()));
    assert!(
        images.iter().all(|i| i["imageSize"].is_string()),
        "imageSize is a string on the wire"
    );
    for category in [
        "Ubuntu",
        "Debian",
        "CentOS",
        "Rocky",
        "AlmaLinux",
        "Windows",
        "Generic",
    ] {
        assert!(
            images.iter().any(|i| i["category"] == category),
            "{category}"
        );
    }
    assert!(images.iter().any(|i| i["imageStatus"] == "UNAVAILABLE"));
    assert!(
        images
            .iter()
            .all(|i| i.get("agentSupported").is_none() && i.get("installFails").is_none()),
        "emulator-only fields never reach the wire"
    );

    let keys = client.call("DescribeKeyPairs", json!({})).await;
    assert!((3..=4).contains(&keys.data()["totalCount"].as_u64().unwrap()));
}

#[tokio::test]
async fn describe_images_and_key_pairs_filter() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let windows = client
        .call("DescribeImages", json!({"osType": "windows"}))
        .await;
    assert_eq!(
        ids(&windows, "imageId"),
        vec!["img-win-2022", "img-win-2019"]
    );
    let custom = client
        .call("DescribeImages", json!({"imageType": "CUSTOM_IMAGE"}))
        .await;
    assert_eq!(ids(&custom, "imageId"), vec!["img-golden-web"]);
    let fuzzy = client
        .call("DescribeImages", json!({"imageName": "ubuntu 24"}))
        .await;
    assert_eq!(
        ids(&fuzzy, "imageId"),
        vec!["img-ubuntu-2404", "img-ubuntu-2404-cuda"]
    );
    let unavailable = client
        .call("DescribeImages", json!({"imageStatus": "UNAVAILABLE"}))
        .await;
    assert_eq!(ids(&unavailable, "imageId"), vec!["img-centos-stream-8"]);
    let by_id = client
        .call("DescribeKeyPairs", json!({"keyIds": ["key-ci"]}))
        .await;
    assert_eq!(ids(&by_id, "keyName"), vec!["ci-deploy"]);
    let by_name = client
        .call("DescribeKeyPairs", json!({"keyName": "LEGACY"}))
        .await;
    assert_eq!(ids(&by_name, "keyId"), vec!["key-legacy"]);
}

#[tokio::test]
async fn describe_instances_returns_the_fixture_tags() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let mon = client.instance("ins-mon-01").await;
    assert_eq!(
        mon["tags"]["tags"],
        json!([{"key": "zec-reinstall:protected", "value": "true"}, {"key": "team", "value": "sre"}])
    );
    assert_eq!(mon["status"], "RUNNING");
    let untagged = client.instance("ins-db-01").await;
    assert!(
        untagged.get("tags").is_none(),
        "no tags: the field is left out"
    );
    // Tags survive a reinstall.
    client
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(
        client.instance("ins-web-01").await["tags"]["tags"][0]["key"],
        "team"
    );
}
