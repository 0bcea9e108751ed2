//! The wire protocol over real HTTP: authentication, routing, envelopes, request ids, faults.

mod support;

use serde_json::json;
use support::{start, start_quick, unix_now, Client};
use zec_emulator::auth::DEFAULT_BEARER_TOKEN;
use zec_emulator::{EmulatorConfig, Faults};

#[tokio::test]
async fn a_correctly_signed_call_is_answered_in_the_success_envelope() {
    let (addr, _) = start_quick().await;
    let answer = Client::new(addr).call("DescribeTimeZones", json!({})).await;
    assert_eq!(answer.status, 200);
    let request_id = answer.body["requestId"].as_str().unwrap();
    assert_eq!(request_id.len(), 36);
    assert_eq!(answer.data()["requestId"], request_id);
    let zones = answer.data()["timeZones"].as_array().unwrap();
    assert!(zones.len() > 300, "the IANA list, got {}", zones.len());
    assert!(zones.iter().any(|zone| zone == "Asia/Singapore"));
}

#[tokio::test]
async fn signature_failures_each_have_their_own_code() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let body = json!({});

    let wrong_password = Client {
        key_password: "not-the-password".into(),
        ..Client::new(addr)
    };
    let answer = Client::send(wrong_password.signed("DescribeImages", &body, unix_now())).await;
    assert_eq!((answer.status, answer.code()), (401, "SIGNATURE_FAILURE"));

    let unknown_key = Client {
        key_id: "AKID-nobody".into(),
        ..Client::new(addr)
    };
    let answer = Client::send(unknown_key.signed("DescribeImages", &body, unix_now())).await;
    assert_eq!(
        (answer.status, answer.code()),
        (401, "ACCESS_KEY_NOT_FOUND")
    );

    for skew in [-301, 301] {
        let answer = Client::send(client.signed("DescribeImages", &body, unix_now() + skew)).await;
        assert_eq!(
            (answer.status, answer.code()),
            (401, "SIGNATURE_EXPIRED"),
            "skew {skew}"
        );
    }
    let answer = Client::send(client.signed("DescribeImages", &body, unix_now() - 240)).await;
    assert_eq!(answer.status, 200, "4 minutes of skew is tolerated");

    // The body is signed: changing it after signing breaks the signature.
    let tampered = client
        .signed("DescribeImages", &body, unix_now())
        .body(r#"{"pageSize":1}"#);
    let answer = Client::send(tampered).await;
    assert_eq!((answer.status, answer.code()), (401, "SIGNATURE_FAILURE"));

    // So is the host.
    let other_host = client
        .signed("DescribeImages", &body, unix_now())
        .header("host", "console.zenlayer.com");
    assert_eq!(Client::send(other_host).await.code(), "SIGNATURE_FAILURE");

    let unsigned = client
        .http
        .post(format!("http://{addr}/api/v2/zec"))
        .header("x-zc-action", "DescribeImages")
        .body("{}");
    let answer = Client::send(unsigned).await;
    assert_eq!((answer.status, answer.code()), (401, "AUTH_FAILURE"));
    assert!(!answer.body["requestId"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn bearer_tokens_are_accepted_when_configured() {
    let (addr, _) = start_quick().await;
    let http = reqwest::Client::new();
    let call = |token: &str| {
        http.post(format!("http://{addr}/api/v2/zec"))
            .header("x-zc-action", "DescribeInstancesStatus")
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"))
            .body("{}")
    };
    assert_eq!(Client::send(call(DEFAULT_BEARER_TOKEN)).await.status, 200);
    let answer = Client::send(call("stolen-token")).await;
    assert_eq!((answer.status, answer.code()), (401, "AUTH_FAILURE"));
}

#[tokio::test]
async fn unknown_actions_and_services_are_refused_clearly() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let answer = client.call("TerminateInstance", json!({})).await;
    assert_eq!((answer.status, answer.code()), (400, "INVALID_ACTION"));
    assert!(answer.body["message"]
        .as_str()
        .unwrap()
        .contains("TerminateInstance"));

    // DescribeKeyPairs lives on ccs, not zec.
    let wrong_service = client.signed_to("zec", "DescribeKeyPairs", &json!({}), unix_now());
    assert_eq!(Client::send(wrong_service).await.code(), "INVALID_ACTION");

    let no_action = client.signed("", &json!({}), unix_now());
    assert_eq!(Client::send(no_action).await.code(), "MISSING_PARAMETER");
}

#[tokio::test]
async fn a_malformed_body_is_an_invalid_parameter_not_a_crash() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let answer = client
        .call("DescribeInstances", json!({"pageSize": "ten"}))
        .await;
    assert_eq!((answer.status, answer.code()), (400, "INVALID_PARAMETER"));
    let answer = client
        .call("ResetInstance", json!(["not", "an", "object"]))
        .await;
    assert_eq!((answer.status, answer.code()), (400, "INVALID_PARAMETER"));
    // Unknown fields are ignored, as the API does.
    let answer = client
        .call("DescribeImages", json!({"someFutureFilter": true}))
        .await;
    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn injected_faults_return_429_503_and_dropped_connections() {
    let (addr, emulator) = start(EmulatorConfig {
        seed: Some(7),
        ..EmulatorConfig::default()
    })
    .await;
    let client = Client::new(addr);

    emulator.set_faults(Faults {
        rate_limit_rate: 1.0,
        ..Faults::default()
    });
    let answer = client.call("DescribeImages", json!({})).await;
    assert_eq!(
        (answer.status, answer.code()),
        (429, "REQUEST_LIMIT_EXCEEDED")
    );

    emulator.set_faults(Faults {
        server_error_rate: 1.0,
        ..Faults::default()
    });
    let answer = client.call("DescribeImages", json!({})).await;
    assert_eq!(
        (answer.status, answer.code()),
        (503, "SERVICE_TEMPORARY_UNAVAILABLE")
    );

    emulator.set_faults(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    });
    let result = async {
        let response = client
            .signed("DescribeImages", &json!({}), unix_now())
            .send()
            .await?;
        response.bytes().await
    }
    .await;
    assert!(result.is_err(), "the connection must be cut");

    // Carried out, and the answer lost: the caller sees a cut connection, the world changed.
    emulator.set_faults(Faults {
        answer_lost_rate: 1.0,
        actions: vec!["StartInstances".into()],
        ..Faults::default()
    });
    let result = async {
        let response = client
            .signed(
                "StartInstances",
                &json!({"instanceIds": ["ins-web-01"]}),
                unix_now(),
            )
            .send()
            .await?;
        response.bytes().await
    }
    .await;
    assert!(result.is_err(), "the answer must be cut");
    assert_ne!(
        client.status_of("ins-web-01").await,
        "STOPPED",
        "the start was carried out"
    );

    // Half the calls fail: over 200 calls both outcomes appear, in roughly that share.
    emulator.set_faults(Faults {
        rate_limit_rate: 0.5,
        ..Faults::default()
    });
    let mut limited = 0;
    for _ in 0..200 {
        if client.call("DescribeTimeZones", json!({})).await.status == 429 {
            limited += 1;
        }
    }
    assert!(
        (60..=140).contains(&limited),
        "{limited} of 200 were limited"
    );

    // The control route validates what it is given.
    let http = reqwest::Client::new();
    let bad = http
        .post(format!("http://{addr}/_emulator/faults"))
        .json(&json!({"dropRate": 2.0}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let off = http
        .post(format!("http://{addr}/_emulator/faults"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(off.status(), 204);
    assert_eq!(client.call("DescribeImages", json!({})).await.status, 200);
}

#[tokio::test]
async fn faults_can_be_limited_to_named_actions() {
    let (addr, _) = start_quick().await;
    let client = Client::new(addr);
    let http = reqwest::Client::new();
    let set = http
        .post(format!("http://{addr}/_emulator/faults"))
        .json(&json!({"serverErrorRate": 1.0, "actions": ["ResetInstance"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 204);
    let reset = client
        .call(
            "ResetInstance",
            json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
        )
        .await;
    assert_eq!(
        (reset.status, reset.code()),
        (503, "SERVICE_TEMPORARY_UNAVAILABLE")
    );
    assert_eq!(client.status_of("ins-web-01").await, "STOPPED");
    for _ in 0..20 {
        assert_eq!(
            client.call("DescribeInstances", json!({})).await.status,
            200
        );
    }
}

#[tokio::test]
async fn latency_is_added_to_every_call() {
    let (addr, emulator) = start_quick().await;
    emulator.set_faults(Faults {
        latency_ms: 150,
        ..Faults::default()
    });
    let started = std::time::Instant::now();
    assert_eq!(
        Client::new(addr)
            .call("DescribeImages", json!({}))
            .await
            .status,
        200
    );
    assert!(started.elapsed() >= std::time::Duration::from_millis(150));
}

#[tokio::test]
async fn stats_count_calls_per_action() {
    let (addr, emulator) = start_quick().await;
    let client = Client::new(addr);
    for _ in 0..3 {
        client.call("DescribeInstancesStatus", json!({})).await;
    }
    client.call("DescribeImages", json!({})).await;
    assert_eq!(emulator.calls()["DescribeInstancesStatus"], 3);
    let over_http: serde_json::Value = reqwest::get(format!("http://{addr}/_emulator/stats"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(over_http["DescribeImages"], 1);
}

#[tokio::test]
async fn the_fault_endpoint_refuses_out_of_bounds_values_in_the_envelope() {
    let (addr, _) = start_quick().await;
    let http = reqwest::Client::new();
    let post = |body: String| {
        http.post(format!("http://{addr}/_emulator/faults"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    for (body, names) in [
        (json!({"latencyMs": 60_001}).to_string(), "latencyMs"),
        (json!({"latencyMs": 3_600_000}).to_string(), "latencyMs"),
        (json!({"dropRate": 1.5}).to_string(), "dropRate"),
        (
            json!({"serverErrorRate": -0.1}).to_string(),
            "serverErrorRate",
        ),
        (json!({"rateLimitRate": "half"}).to_string(), "body"),
        ("not json".to_owned(), "body"),
    ] {
        let response = post(body.clone()).await.unwrap();
        assert_eq!(response.status(), 400, "{body}");
        let envelope: serde_json::Value = response.json().await.unwrap();
        assert_eq!(envelope["code"], "INVALID_PARAMETER", "{body}");
        assert_eq!(envelope["requestId"].as_str().unwrap().len(), 36);
        assert!(
            envelope["message"].as_str().unwrap().contains(names),
            "{body}: {envelope}"
        );
    }
    let ok = post(json!({"latencyMs": 60_000}).to_string())
        .await
        .unwrap();
    assert_eq!(ok.status(), 204);
}

#[tokio::test]
async fn a_body_larger_than_any_valid_request_gets_413_in_the_envelope() {
    let (addr, emulator) = start_quick().await;
    let huge = json!({"instanceId": "ins-web-01", "userData": "x".repeat(300 * 1024)});
    let answer = Client::send(Client::new(addr).signed("ResetInstance", &huge, unix_now())).await;
    assert_eq!((answer.status, answer.code()), (413, "PAYLOAD_TOO_LARGE"));
    assert_eq!(answer.body["requestId"].as_str().unwrap().len(), 36);
    assert!(emulator.calls().values().all(|&count| count == 0));
    // The largest valid request, fully escaped, is still read and judged on its merits.
    let escaped: String = "y"
        .repeat(zec_api::rules::USER_DATA_MAX_BYTES)
        .encode_utf16()
        .map(|unit| format!("\\u{unit:04x}"))
        .collect();
    let raw =
        format!(r#"{{"instanceId":"ins-web-01","password":"Abcdef1!","userData":"{escaped}"}}"#);
    assert!(raw.len() > 190_000);
    let value: serde_json::Value = serde_json::from_str(&raw).unwrap();
    let answer = Client::new(addr).call("ResetInstance", value).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}

#[tokio::test]
async fn request_ids_differ_between_runs_unless_a_seed_is_given() {
    let first_id = |seed: Option<u64>| async move {
        let (addr, _) = start(EmulatorConfig {
            seed,
            ..EmulatorConfig::default()
        })
        .await;
        let answer = Client::new(addr).call("DescribeTimeZones", json!({})).await;
        answer.body["requestId"].as_str().unwrap().to_owned()
    };
    assert_ne!(first_id(None).await, first_id(None).await);
    assert_eq!(first_id(Some(9)).await, first_id(Some(9)).await);
}
