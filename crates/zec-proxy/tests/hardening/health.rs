//! The health check: whether the API answers, and counts only for admitted callers.

use super::*;

#[tokio::test]
async fn healthz_reports_whether_the_api_answers() {
    let stack = stack(Options {
        configure: Box::new(|config| config.health_probe_after = Duration::from_millis(50)),
        ..Options::default()
    })
    .await;
    let health = |http: reqwest::Client, addr: SocketAddr| async move {
        let response = http
            .get(format!("http://{addr}/healthz"))
            .send()
            .await
            .unwrap();
        (
            response.status().as_u16(),
            response.json::<Value>().await.unwrap(),
        )
    };
    let (status, body) = health(stack.http.clone(), stack.proxy).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["upstream"]["reachable"], true);
    assert!(body["upstream"]["lastSuccessAgeMs"].as_u64().unwrap() < 5_000);
    assert_eq!(
        stack.upstream_calls("DescribeTimeZones"),
        1,
        "the API was asked"
    );

    // The API stops answering: the next check finds out.
    let (upstream, _built) = proxy_in_front_of(closed_port().await, |_| {}).await;
    let (status, body) = health(reqwest::Client::new(), upstream).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["status"], "degraded");
    assert_eq!(body["upstream"]["reachable"], false);
    assert!(body["upstream"]["lastSuccessAgeMs"].is_null());
}

#[tokio::test]
async fn healthz_shows_counts_only_to_callers_the_access_policy_admits() {
    let stack = stack(Options {
        configure: Box::new(|config| config.access.control.token = Some("health-token".into())),
        ..Options::default()
    })
    .await;
    let get = |token: Option<&str>| {
        let mut request = stack.http.get(format!("http://{}/healthz", stack.proxy));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let anonymous = get(None).await;
    assert_eq!(anonymous["status"], "ok");
    assert!(anonymous.get("watchedInstances").is_none(), "{anonymous}");
    let admitted = get(Some("health-token")).await;
    assert_eq!(admitted["watchedInstances"], 0, "{admitted}");
    // A rebound host gets the status, never the counts.
    let rebound = client_resolving("rebind.evil.example", stack.proxy);
    let foreign: Value = rebound
        .get(format!(
            "http://rebind.evil.example:{}/healthz",
            stack.proxy.port()
        ))
        .bearer_auth("health-token")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(foreign.get("watchedInstances").is_none(), "{foreign}");
}
