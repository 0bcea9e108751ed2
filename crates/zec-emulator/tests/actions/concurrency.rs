//! Concurrent resets and polls, and an SDK-style client from listing to RUNNING.

use super::*;

#[tokio::test]
async fn concurrent_resets_of_one_instance_accept_exactly_one() {
    let (addr, _) = start_quick().await;
    let client = std::sync::Arc::new(Client::new(addr));
    let attempts = (0..40).map(|_| {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .call(
                    "ResetInstance",
                    json!({"instanceId": "ins-db-01", "password": "Abcdef1!"}),
                )
                .await
                .status
        })
    });
    let statuses: Vec<u16> = futures::future::join_all(attempts)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(statuses.iter().filter(|s| **s == 400).count(), 39);
}

#[tokio::test]
async fn many_parallel_resets_and_polls_lose_no_update() {
    let (addr, _) = start_quick().await;
    let client = std::sync::Arc::new(Client::new(addr));
    let stopped = [
        "ins-web-01",
        "ins-db-01",
        "ins-build-01",
        "ins-cache-01",
        "ins-lab-01",
    ];
    let mut tasks = Vec::new();
    for id in stopped {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let answer = client
                .call(
                    "ResetInstance",
                    json!({"instanceId": id, "imageId": "img-rocky-9", "password": "Abcdef1!"}),
                )
                .await;
            assert_eq!(answer.status, 200, "{id}: {}", answer.body);
        }));
    }
    for _ in 0..100 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let answer = client
                .call("DescribeInstancesStatus", json!({"instanceIds": stopped}))
                .await;
            assert_eq!(answer.status, 200);
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    for id in stopped {
        assert_eq!(
            client.watch(id, &["RUNNING"]).await.last().unwrap(),
            "RUNNING"
        );
        assert_eq!(client.instance(id).await["imageId"], "img-rocky-9", "{id}");
    }
}

/// The flow a user of an SDK would write: list, pick a stopped instance, reset, watch.
#[tokio::test]
async fn an_sdk_style_client_lists_resets_and_watches_to_running() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let stopped = client
        .call(
            "DescribeInstances",
            json!({"status": "STOPPED", "zoneId": "asia-southeast-1a"}),
        )
        .await;
    let target = stopped.data()["dataSet"][0]["instanceId"]
        .as_str()
        .unwrap()
        .to_owned();
    let images = client
        .call(
            "DescribeImages",
            json!({"category": "Ubuntu", "imageStatus": "AVAILABLE"}),
        )
        .await;
    let image = images.data()["dataSet"][0]["imageId"]
        .as_str()
        .unwrap()
        .to_owned();
    let reset = client
        .call(
            "ResetInstance",
            json!({"instanceId": target, "imageId": image, "password": "Zx9-long-pass"}),
        )
        .await;
    assert_eq!(reset.status, 200, "{}", reset.body);
    let seen = client
        .watch(&target, &["RUNNING", "REINSTALL_FAILED"])
        .await;
    assert_eq!(seen, vec!["DEPLOYING", "RUNNING"]);
    assert_eq!(client.instance(&target).await["imageId"], image);
}
