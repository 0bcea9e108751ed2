//! The live status stream's bounds: ids per stream, watched ids, only confirmed ids in the caller's scope, an API that fails or hangs, shutdown.

use super::*;

#[tokio::test]
async fn a_stream_of_101_ids_is_refused_with_400_in_the_envelope() {
    let stack = stack(Options::default()).await;
    let ids: Vec<String> = (0..101).map(|i| format!("ins-{i}")).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let answer = send(stack.http.get(stack.stream_url(&ids))).await;
    assert_eq!(
        (answer.status, answer.code()),
        (400, "INVALID_PARAMETER"),
        "{}",
        answer.text
    );
    assert!(answer.body["message"].as_str().unwrap().contains("100"));
    assert_eq!(stack.upstream_calls("DescribeInstancesStatus"), 0);
}

#[tokio::test]
async fn the_distinct_watched_ids_are_capped() {
    let stack = stack(Options {
        configure: Box::new(|config| config.status.max_watched = 3),
        ..Options::default()
    })
    .await;
    let open = |ids: &[&str]| stack.http.get(stack.stream_url(ids)).send();
    let first = open(&["ins-web-01", "ins-web-02"]).await.unwrap();
    assert_eq!(first.status(), 200);
    let refused = open(&["ins-db-01", "ins-mon-01"]).await.unwrap();
    assert_eq!(refused.status(), 429);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "WATCH_LIMIT_EXCEEDED");
    assert!(
        body["message"].as_str().unwrap().contains("limit is 3"),
        "{body}"
    );
    // Ids already watched cost nothing; one more new id fits.
    let same = open(&["ins-web-02", "ins-web-01"]).await.unwrap();
    assert_eq!(same.status(), 200);
    let one_more = open(&["ins-db-01"]).await.unwrap();
    assert_eq!(one_more.status(), 200);
    assert_eq!(stack.built.state.status.watched_count(), 3);
    // When viewers leave, their ids free the room again.
    drop((first, same, one_more));
    let hub = stack.built.state.status.clone();
    let deadline = Instant::now() + Duration::from_secs(3);
    while hub.watched_count() > 0 {
        assert!(Instant::now() < deadline, "viewers did not unregister");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        open(&["ins-db-01", "ins-mon-01"]).await.unwrap().status(),
        200
    );
}

#[tokio::test]
async fn ids_that_do_not_exist_are_not_watched() {
    let stack = stack(Options::default()).await;
    let none = send(
        stack
            .http
            .get(stack.stream_url(&["ins-bogus-1", "ins-bogus-2"])),
    )
    .await;
    assert_eq!(
        (none.status, none.code()),
        (404, "INVALID_INSTANCE_NOT_FOUND")
    );
    let mixed = stack
        .http
        .get(stack.stream_url(&["ins-bogus-1", "ins-web-01"]))
        .send()
        .await
        .unwrap();
    assert_eq!(mixed.status(), 200);
    let events = read_events(mixed, Duration::from_secs(3), |events| !events.is_empty()).await;
    assert_eq!(events[0].0, "status");
    assert_eq!(events[0].1["instanceId"], "ins-web-01");
    assert_eq!(
        stack.built.state.status.watched_count(),
        1,
        "only the real one is polled"
    );
}

#[tokio::test]
async fn a_stream_names_only_instances_the_caller_may_see() {
    let stack = stack(Options {
        configure: Box::new(|config| {
            config.access.allowed_instances = ["ins-web-01".to_owned()].into()
        }),
        ..Options::default()
    })
    .await;
    let refused = send(
        stack
            .http
            .get(stack.stream_url(&["ins-web-01", "ins-db-01"])),
    )
    .await;
    assert_eq!(
        (refused.status, refused.code()),
        (403, "RESOURCE_NOT_ALLOWED")
    );
    assert_eq!(stack.built.state.status.watched_count(), 0);
}

#[tokio::test]
async fn no_stream_is_opened_on_ids_the_api_cannot_confirm() {
    let (proxy, built) = proxy_in_front_of(closed_port().await, |_| {}).await;
    let refused = send(reqwest::Client::new().get(format!(
        "http://{proxy}/api/v2/zec/status-stream?instanceIds=ins-web-01"
    )))
    .await;
    assert_eq!(
        (refused.status, refused.code()),
        (502, "UPSTREAM_UNREACHABLE")
    );
    assert_eq!(
        built.state.status.watched_count(),
        0,
        "nothing admitted on trust"
    );
}

/// Opens a stream while the API answers, then applies `faults` and measures how long until
/// the stream says so.
async fn announced_after(faults: Faults) -> (Vec<(String, Value)>, Duration, Duration) {
    let stack = stack(Options::default()).await;
    let interval = stack.built.state.status.interval();
    let response = reqwest::get(stack.stream_url(&["ins-web-01"]))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let emulator = stack.emulator.clone();
    let started = Arc::new(Mutex::new(None::<Instant>));
    let mark = started.clone();
    let events = read_events(response, interval * 8, move |events| {
        if events.len() == 1 && mark.lock().unwrap().is_none() {
            emulator.set_faults(faults.clone());
            *mark.lock().unwrap() = Some(Instant::now());
        }
        events.iter().any(|(name, _)| name == "upstream-error")
    })
    .await;
    let took = started.lock().unwrap().unwrap().elapsed();
    (events, took, interval)
}

#[tokio::test]
async fn an_unreachable_api_is_announced_within_two_intervals() {
    let (events, took, interval) = announced_after(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    })
    .await;
    let (_, error) = events
        .iter()
        .find(|(name, _)| name == "upstream-error")
        .unwrap();
    assert_eq!(error["code"], "UPSTREAM_UNREACHABLE");
    assert!(!error["requestId"].as_str().unwrap().is_empty());
    assert!(
        took <= interval * 2 + Duration::from_millis(150),
        "{took:?}"
    );
}

#[tokio::test]
async fn an_api_that_accepts_but_never_answers_is_announced_within_two_intervals() {
    let (events, took, interval) = announced_after(Faults {
        latency_ms: 60_000,
        ..Faults::default()
    })
    .await;
    let (_, error) = events
        .iter()
        .find(|(name, _)| name == "upstream-error")
        .unwrap();
    assert_eq!(error["code"], "UPSTREAM_TIMEOUT");
    assert!(
        took <= interval * 2 + Duration::from_millis(150),
        "{took:?}"
    );
}

#[tokio::test]
async fn closing_the_hub_ends_every_stream_with_a_closing_event() {
    let stack = stack(Options::default()).await;
    let response = stack
        .http
        .get(stack.stream_url(&["ins-web-01"]))
        .send()
        .await
        .unwrap();
    let hub = stack.built.state.status.clone();
    let closer = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(400)).await;
        hub.close("shutdown");
    });
    // Reads until the stream ends by itself.
    let events = read_events(response, Duration::from_secs(3), |_| false).await;
    closer.await.unwrap();
    let (name, data) = events.last().unwrap();
    assert_eq!(name, "closing");
    assert_eq!(data, &json!({"reason": "shutdown"}));
}
