//! Streams scoped, the access log naming the actor, and headers that decide access never read by their first value.

use super::*;

#[tokio::test]
async fn streams_are_scoped_and_the_access_log_names_the_actor() {
    let logs = support::captured_logs();
    let stack = portal().await;
    let url = |ids: &str| {
        format!(
            "http://{}{STATUS_STREAM_PATH}?instanceIds={ids}",
            stack.proxy
        )
    };
    let refused = send(stack.http.get(url("ins-db-01")).bearer_auth(alice())).await;
    assert_eq!(
        (refused.status, refused.code()),
        (403, "RESOURCE_NOT_ALLOWED")
    );
    let refused = send(
        stack
            .http
            .get(url("ins-web-01,ins-db-01"))
            .bearer_auth(alice()),
    )
    .await;
    assert_eq!(refused.status, 403);
    assert_eq!(stack.built.state.status.watched_count(), 0);
    let own = stack
        .http
        .get(url("ins-db-01"))
        .bearer_auth(bob())
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 200);
    let events = support::read_events(own, std::time::Duration::from_secs(5), |events| {
        !events.is_empty()
    })
    .await;
    assert_eq!(events[0].1["instanceId"], "ins-db-01");

    let lines = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    let access: Vec<serde_json::Value> = lines
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|line| line["target"] == "zec_proxy::access")
        .filter(|line| {
            line["fields"]["path"]
                .as_str()
                .unwrap_or("")
                .contains("status-stream")
        })
        .collect();
    let actors: Vec<&str> = access
        .iter()
        .map(|line| line["fields"]["actor"].as_str().unwrap_or(""))
        .collect();
    assert!(
        actors.contains(&"alice") && actors.contains(&"bob"),
        "{actors:?}"
    );
}

#[tokio::test]
async fn headers_that_decide_access_are_never_read_by_their_first_value() {
    let stack = stack(support::Options {
        configure: Box::new(|config| {
            config.access.control.identity_header = Some("x-portal-user".into());
        }),
        ..support::Options::default()
    })
    .await;
    let host = stack.proxy.to_string();
    let raw = format!(
        "POST /api/v2/zec HTTP/1.1\r\nHost: {host}\r\nHost: evil.example\r\nX-ZC-Action: DescribeTimeZones\r\n\
         Content-Type: application/json\r\nX-Portal-User: alice\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    );
    let (answer, _) = support::raw_exchange(
        stack.proxy,
        raw.as_bytes(),
        std::time::Duration::from_secs(5),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("DUPLICATE_HEADER"), "{answer}");
    for (name, first, second) in [
        (
            "origin",
            format!("http://{host}"),
            "https://evil.example".to_owned(),
        ),
        (
            "sec-fetch-site",
            "same-origin".to_owned(),
            "cross-site".to_owned(),
        ),
        ("x-portal-user", "alice".to_owned(), "bob".to_owned()),
    ] {
        let answer = send(
            stack
                .request("zec", "DescribeTimeZones")
                .header("x-portal-user", "carol")
                .header(name, first)
                .header(name, second)
                .body("{}"),
        )
        .await;
        assert_eq!(
            (answer.status, answer.code()),
            (400, "DUPLICATE_HEADER"),
            "{name}: {}",
            answer.text
        );
    }
    let fine = send(
        stack
            .request("zec", "DescribeTimeZones")
            .header("x-portal-user", "alice")
            .body("{}"),
    )
    .await;
    assert_eq!(fine.status, 200, "{}", fine.text);
    assert_eq!(stack.upstream_calls("DescribeTimeZones"), 1);
}
