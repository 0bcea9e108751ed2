//! Protected instances (`--protect-tag`, `--protect-instances`) over real HTTP: the proxy in
//! front of a real emulator (whose fixture protects ins-mon-01 by tag), and in front of a
//! stand-in API that records every call, to prove nothing is forwarded.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::{send, stack, Options};
use zec_api::wire::Tag;
use zec_api::ProtectionPolicy;
use zec_emulator::Faults;
use zec_proxy::upstream::UpstreamCredentials;
use zec_proxy::ProxyConfig;

fn with(configure: impl FnOnce(&mut ProxyConfig) + Send + 'static) -> Options {
    Options {
        configure: Box::new(configure),
        ..Options::default()
    }
}

async fn status_of(stack: &support::Stack, id: &str) -> String {
    let answer = stack
        .call("DescribeInstancesStatus", json!({"instanceIds": [id]}))
        .await;
    answer.body["response"]["dataSet"][0]["instanceStatus"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn an_instance_tagged_protected_is_neither_reinstalled_nor_powered_off() {
    let stack = stack(Options::default()).await;
    let reset = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-mon-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!((reset.status, reset.code()), (403, "RESOURCE_PROTECTED"));
    let message = reset.body["message"].as_str().unwrap();
    assert!(
        message.contains("ins-mon-01 is protected by its tag zec-reinstall:protected=true"),
        "{message}"
    );
    assert!(reset.body["requestId"].as_str().unwrap().len() > 10);

    let stop = stack
        .call(
            "StopInstances",
            json!({"instanceIds": ["ins-mon-01"], "forceShutdown": true}),
        )
        .await;
    assert_eq!((stop.status, stop.code()), (403, "RESOURCE_PROTECTED"));
    assert_eq!(stack.upstream_calls("ResetInstance"), 0);
    assert_eq!(stack.upstream_calls("StopInstances"), 0);
    assert_eq!(status_of(&stack, "ins-mon-01").await, "RUNNING");

    // Starting is not a change protection refuses; an unprotected instance still stops.
    let start = stack
        .call("StartInstances", json!({"instanceIds": ["ins-mon-01"]}))
        .await;
    assert_eq!(start.status, 200, "{}", start.text);
    let stop = stack
        .call("StopInstances", json!({"instanceIds": ["ins-web-02"]}))
        .await;
    assert_eq!(stop.status, 200, "{}", stop.text);
    assert_eq!(stack.upstream_calls("StopInstances"), 1);
}

#[tokio::test]
async fn a_batch_with_one_protected_instance_is_refused_whole_and_names_it() {
    let stack = stack(Options::default()).await;
    let answer = stack
        .call(
            "ResetInstances",
            json!({"instanceIds": ["ins-web-01", "ins-mon-01", "ins-build-01"], "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!((answer.status, answer.code()), (403, "RESOURCE_PROTECTED"));
    let message = answer.body["message"].as_str().unwrap();
    assert!(message.contains("ins-mon-01"), "{message}");
    assert!(!message.contains("ins-web-01"), "{message}");
    assert_eq!(stack.upstream_calls("ResetInstances"), 0);
    for id in ["ins-web-01", "ins-build-01"] {
        assert_eq!(status_of(&stack, id).await, "STOPPED", "{id} untouched");
    }

    // Without the protected one the batch goes through, and the answer lists the failures.
    let answer = stack
        .call(
            "ResetInstances",
            json!({"instanceIds": ["ins-web-01", "ins-web-02", "ins-build-01"], "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(
        answer.body["response"]["instanceIds"],
        json!(["ins-web-02"])
    );
    assert_eq!(stack.upstream_calls("ResetInstances"), 1);
}

#[tokio::test]
async fn instances_listed_by_flag_are_protected_without_a_lookup() {
    let stack = stack(with(|config| {
        config.access.protection.instance_ids = vec!["ins-db-01".into(), "ins-lab-01".into()];
    }))
    .await;
    let lookups_before = stack.upstream_calls("DescribeInstances");
    let answer = stack
        .call(
            "ResetInstances",
            json!({"instanceIds": ["ins-lab-01", "ins-db-01"], "keyId": "key-laptop"}),
        )
        .await;
    assert_eq!((answer.status, answer.code()), (403, "RESOURCE_PROTECTED"));
    let message = answer.body["message"].as_str().unwrap();
    assert!(
        message.contains("ins-lab-01 is protected by this console's configuration")
            && message.contains("ins-db-01"),
        "both are named: {message}"
    );
    assert_eq!(
        stack.upstream_calls("DescribeInstances"),
        lookups_before,
        "listed ids need no lookup"
    );
    let single = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-db-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(single.code(), "RESOURCE_PROTECTED");
    assert_eq!(stack.upstream_calls("ResetInstance"), 0);
    assert_eq!(stack.upstream_calls("ResetInstances"), 0);
    // The tag still protects too.
    let tagged = stack
        .call("StopInstances", json!({"instanceIds": ["ins-mon-01"]}))
        .await;
    assert_eq!(tagged.code(), "RESOURCE_PROTECTED");
}

#[tokio::test]
async fn another_protect_tag_replaces_the_default() {
    let stack = stack(with(|config| {
        config.access.protection.tag = Tag::new("team", "web");
    }))
    .await;
    let web = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!((web.status, web.code()), (403, "RESOURCE_PROTECTED"));
    assert!(web.body["message"]
        .as_str()
        .unwrap()
        .contains("by its tag team=web"));
    // ins-mon-01 carries only the default tag now: the call reaches the API, which refuses
    // it for being RUNNING.
    let mon = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-mon-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(mon.code(), "UNSUPPORTED_OPERATION_INSTANCE_STATUS");
    assert_eq!(stack.upstream_calls("ResetInstance"), 1);
}

#[tokio::test]
async fn when_tags_cannot_be_read_nothing_is_sent() {
    let stack = stack(Options::default()).await;
    stack.emulator.set_faults(Faults {
        server_error_rate: 1.0,
        ..Faults::default()
    });
    let answer = stack
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(
        (answer.status, answer.code()),
        (502, "UPSTREAM_UNREACHABLE")
    );
    assert!(answer.body["message"]
        .as_str()
        .unwrap()
        .contains("nothing was sent"));
    assert_eq!(stack.upstream_calls("ResetInstance"), 0);
    assert_eq!(
        stack.upstream_calls("DescribeInstances"),
        4,
        "the lookup is a read, retried"
    );
}

#[tokio::test]
async fn reset_instances_takes_up_to_100_ids_and_checks_the_shared_options() {
    let stack = stack(Options::default()).await;
    let ids = |n: usize| (0..n).map(|i| format!("ins-x-{i}")).collect::<Vec<_>>();
    let too_many = stack
        .call(
            "ResetInstances",
            json!({"instanceIds": ids(101), "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(
        (too_many.status, too_many.code()),
        (400, "INVALID_PARAMETER")
    );
    for (body, code) in [
        (
            json!({"instanceIds": ["ins-web-01"], "password": "short"}),
            "INVALID_PASSWORD_MALFORMED",
        ),
        (
            json!({"instanceIds": ["ins-web-01"], "password": "Abcdef1!", "keyId": "key-laptop"}),
            "INVALID_LOGIN_SETTING_CONFLICT",
        ),
        (
            json!({"instanceIds": ["ins-web-01"], "password": "Abcdef1!", "instanceName": "-bad"}),
            "INVALID_PARAMETER",
        ),
        (json!({"instanceIds": []}), "MISSING_PARAMETER"),
    ] {
        let answer = stack.call("ResetInstances", body).await;
        assert_eq!(answer.code(), code, "{}", answer.text);
    }
    assert_eq!(stack.upstream_calls("ResetInstances"), 0);
    assert_eq!(stack.upstream_calls("DescribeInstances"), 0);

    // 100 ids pass the proxy; the API then refuses the unknown ones.
    let hundred = stack
        .call(
            "ResetInstances",
            json!({"instanceIds": ids(100), "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(hundred.code(), "INVALID_INSTANCE_NOT_FOUND");
    assert_eq!(stack.upstream_calls("ResetInstances"), 1);
}

#[tokio::test]
async fn the_browser_reads_the_policy_the_proxy_enforces() {
    let stack = stack(with(|config| {
        config.access.protection.instance_ids = vec!["ins-db-01".into()];
    }))
    .await;
    let answer = send(stack.http.get(format!(
        "http://{}{}",
        stack.proxy,
        zec_api::rules::PROTECTION_POLICY_PATH
    )))
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let policy: ProtectionPolicy = serde_json::from_value(answer.body.clone()).unwrap();
    assert_eq!(
        policy,
        ProtectionPolicy {
            instance_ids: vec!["ins-db-01".into()],
            ..ProtectionPolicy::default()
        }
    );
    assert_eq!(
        answer.body,
        json!({"tag": {"key": "zec-reinstall:protected", "value": "true"}, "instanceIds": ["ins-db-01"]})
    );
    let cross_site = send(
        stack
            .http
            .get(format!(
                "http://{}{}",
                stack.proxy,
                zec_api::rules::PROTECTION_POLICY_PATH
            ))
            .header("sec-fetch-site", "cross-site"),
    )
    .await;
    assert_eq!(cross_site.code(), "CROSS_SITE_REQUEST");
}

/// The API describing `ins-locked`, when asked about it, as tagged protected.
fn one_locked_instance(_action: &str, body: &Value) -> Value {
    let ids = body["instanceIds"].as_array().cloned().unwrap_or_default();
    let data_set: Vec<Value> = ids
        .iter()
        .filter(|id| *id == "ins-locked")
        .map(|id| {
            json!({
                "instanceId": id, "status": "STOPPED",
                "systemDisk": {"diskId": "disk-1", "diskSize": 40},
                "tags": {"tags": [{"key": "zec-reinstall:protected", "value": "true"}]}
            })
        })
        .collect();
    json!({"requestId": "r-1", "totalCount": data_set.len(), "dataSet": data_set, "instanceIds": []})
}

#[tokio::test]
async fn nothing_but_the_tag_lookup_reaches_the_api_for_a_protected_batch() {
    let (api, seen) = support::recording::recording_upstream(one_locked_instance).await;
    support::captured_logs();
    let mut config = ProxyConfig::new(support::static_dir());
    config.upstream = format!("http://{api}").parse().unwrap();
    config.credentials = Some(UpstreamCredentials::Token("upstream-token".into()));
    config.upstream_timeout = Duration::from_secs(2);
    let (listener, proxy) = support::listener().await;
    let _built = support::serve_proxy(config, listener).await;
    let http = reqwest::Client::new();
    let call = |action: &'static str, body: Value| {
        send(
            http.post(format!("http://{proxy}/api/v2/zec"))
                .header("x-zc-action", action)
                .header("content-type", "application/json")
                .body(body.to_string()),
        )
    };
    let batch = call(
        "ResetInstances",
        json!({"instanceIds": ["ins-a", "ins-locked", "ins-b"], "password": "Abcdef1!"}),
    )
    .await;
    assert_eq!((batch.status, batch.code()), (403, "RESOURCE_PROTECTED"));
    let stop = call("StopInstances", json!({"instanceIds": ["ins-locked"]})).await;
    assert_eq!(stop.code(), "RESOURCE_PROTECTED");
    let free = call("StopInstances", json!({"instanceIds": ["ins-a"]})).await;
    assert_eq!(free.status, 200, "{}", free.text);

    let seen = seen.lock().unwrap().clone();
    let actions: Vec<&str> = seen.iter().map(|(action, _)| action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "DescribeInstances",
            "DescribeInstances",
            "DescribeInstances",
            "StopInstances"
        ],
        "{seen:?}"
    );
    assert_eq!(
        seen[0].1,
        json!({"instanceIds": ["ins-a", "ins-locked", "ins-b"], "pageSize": 3}),
        "the tags are read from the API for exactly the named ids"
    );
    assert_eq!(seen[3].1, json!({"instanceIds": ["ins-a"]}));
}
