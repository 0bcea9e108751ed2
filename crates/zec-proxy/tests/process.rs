//! The real `zec-proxy` binary, as a service manager runs it: signals, exit status, and where
//! the browsers' token may come from.

mod support;

use std::time::{Duration, Instant};

use serde_json::json;
use support::binary::{emulator, start};
use support::{read_events, send};

#[tokio::test]
async fn sigterm_during_a_reset_lets_the_client_get_the_apis_answer_then_exits_0() {
    let upstream = emulator(1200).await;
    let mut proxy = start(upstream, &[], &[]).await;
    let reset = tokio::spawn(send(proxy.call(
        "ResetInstance",
        json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
    )));
    tokio::time::sleep(Duration::from_millis(300)).await; // the call is at the emulator now
    let signalled = Instant::now();
    proxy.signal("TERM");
    tokio::time::sleep(Duration::from_millis(200)).await;
    // No new connections are taken once shutdown began.
    let refused = tokio::net::TcpStream::connect(proxy.addr).await;
    assert!(refused.is_err(), "still accepting after SIGTERM");
    let answer = reset.await.unwrap();
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert!(!answer.body["requestId"].as_str().unwrap().is_empty());
    assert_eq!(proxy.exit_code(Duration::from_secs(5)).await, Some(0));
    assert!(
        signalled.elapsed() >= Duration::from_millis(700),
        "exited before the call finished"
    );
}

#[tokio::test]
async fn sigint_ends_open_status_streams_with_closing_and_exits_0() {
    let upstream = emulator(0).await;
    let mut proxy = start(upstream, &[], &[]).await;
    let stream = reqwest::get(format!(
        "http://{}/api/v2/zec/status-stream?instanceIds=ins-web-01",
        proxy.addr
    ))
    .await
    .unwrap();
    assert_eq!(stream.status(), 200);
    let reader = tokio::spawn(read_events(stream, Duration::from_secs(5), |_| false));
    tokio::time::sleep(Duration::from_millis(500)).await;
    let signalled = Instant::now();
    proxy.signal("INT");
    let events = reader.await.unwrap();
    assert_eq!(events.first().unwrap().0, "status");
    assert_eq!(events.last().unwrap().0, "closing", "{events:?}");
    assert_eq!(proxy.exit_code(Duration::from_secs(5)).await, Some(0));
    assert!(signalled.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn the_browser_token_comes_from_a_file() {
    let upstream = emulator(0).await;
    let file = std::env::temp_dir().join(format!("zec-proxy-token-{}", std::process::id()));
    std::fs::write(&file, "file-token-4711\n").unwrap();
    let proxy = start(upstream, &["--token-file", file.to_str().unwrap()], &[]).await;
    let without = send(proxy.call("DescribeTimeZones", json!({}))).await;
    assert_eq!((without.status, without.code()), (401, "UNAUTHORIZED"));
    let wrong = send(
        proxy
            .call("DescribeTimeZones", json!({}))
            .bearer_auth("file-token-4712"),
    )
    .await;
    assert_eq!(wrong.status, 401);
    let with = send(
        proxy
            .call("DescribeTimeZones", json!({}))
            .bearer_auth("file-token-4711"),
    )
    .await;
    assert_eq!(with.status, 200, "{}", with.text);
    std::fs::remove_file(file).unwrap();
}

#[tokio::test]
async fn the_browser_token_comes_from_the_environment() {
    let upstream = emulator(0).await;
    let proxy = start(upstream, &[], &[("ZEC_PROXY_TOKEN", "env-token-1")]).await;
    let without = send(proxy.call("DescribeTimeZones", json!({}))).await;
    assert_eq!(without.status, 401);
    let with = send(
        proxy
            .call("DescribeTimeZones", json!({}))
            .bearer_auth("env-token-1"),
    )
    .await;
    assert_eq!(with.status, 200, "{}", with.text);
}

#[tokio::test]
async fn a_token_on_the_command_line_is_refused_with_the_reason() {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_zec-proxy"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--require-token",
            "visible-in-ps",
        ])
        .env_remove("ZEC_PROXY_TOKEN")
        .output()
        .await
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("ps"), "{stderr}");
    assert!(stderr.contains("--token-file"), "{stderr}");
    assert!(
        !stderr.contains("visible-in-ps"),
        "the token is not repeated: {stderr}"
    );
}

#[tokio::test]
async fn logs_never_show_a_credential() {
    let upstream = emulator(0).await;
    let mut proxy = start(upstream, &[], &[("ZEC_PROXY_TOKEN", "env-token-2")]).await;
    send(
        proxy
            .call("DescribeTimeZones", json!({}))
            .bearer_auth("env-token-2"),
    )
    .await;
    proxy.signal("TERM");
    assert_eq!(proxy.exit_code(Duration::from_secs(5)).await, Some(0));
    let mut log = String::new();
    while let Ok(line) = proxy.log.try_recv() {
        log.push_str(&line);
        log.push('\n');
    }
    assert!(log.contains("zec_proxy::access"), "{log}");
    for secret in [
        "env-token-2",
        zec_emulator::auth::DEFAULT_ACCESS_KEY_PASSWORD,
    ] {
        assert!(!log.contains(secret), "{secret} in {log}");
    }
}

#[tokio::test]
async fn protect_flags_reach_the_proxy_and_a_bad_tag_is_refused() {
    let upstream = emulator(0).await;
    let proxy = start(
        upstream,
        &[
            "--protect-tag",
            "team=web",
            "--protect-instances",
            "ins-db-01, ins-lab-01",
        ],
        &[],
    )
    .await;
    let policy = send(reqwest::Client::new().get(format!(
        "http://{}{}",
        proxy.addr,
        zec_api::rules::PROTECTION_POLICY_PATH
    )))
    .await;
    assert_eq!(
        policy.body,
        json!({"tag": {"key": "team", "value": "web"}, "instanceIds": ["ins-db-01", "ins-lab-01"]})
    );
    let reset = send(proxy.call(
        "ResetInstance",
        json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
    ))
    .await;
    assert_eq!(reset.code(), "RESOURCE_PROTECTED", "{}", reset.text);

    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_zec-proxy"))
        .args(["--listen", "127.0.0.1:0", "--protect-tag", "no-equals-sign"])
        .output()
        .await
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--protect-tag: A tag is written KEY=VALUE"),
        "{stderr}"
    );
}

/// Runs the binary to completion with `args` and `env`; returns (success, stdout, stderr).
async fn run(args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_zec-proxy"))
        .args(args)
        .env_remove("ZEC_PROXY_TOKEN")
        .env_remove("ZEC_SESSION_SECRET")
        .envs(env.iter().copied())
        .output()
        .await
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn temp_file(name: &str, content: &str) -> String {
    let path = std::env::temp_dir().join(format!("zec-proxy-{name}-{}", std::process::id()));
    std::fs::write(&path, content).unwrap();
    path.to_str().unwrap().to_owned()
}

const SECRET: &str = "process-test-session-secret-0123456789abcdef";

#[tokio::test]
async fn sessions_refuse_the_other_access_modes_and_bad_settings_at_start() {
    let secret = temp_file("session-secret", SECRET);
    let token = temp_file("token-for-sessions", "shared-token");
    let listen = ["--listen", "127.0.0.1:0"];
    type Case<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec!["--session-secret-file", &secret, "--token-file", &token],
            vec![],
            "one access mode",
        ),
        (
            vec!["--identity-header", "X-Portal-User"],
            vec![("ZEC_SESSION_SECRET", SECRET)],
            "one access mode",
        ),
        (
            vec!["--session-secret-file", &secret],
            vec![("ZEC_PROXY_TOKEN", "t")],
            "one access mode",
        ),
        (
            vec![
                "--session-secret-file",
                &secret,
                "--allow-instances",
                "ins-web-01",
            ],
            vec![],
            "each session names its own",
        ),
        (
            vec!["--session-secret-file", &secret],
            vec![("ZEC_SESSION_SECRET", SECRET)],
            "not both",
        ),
        (
            vec![],
            vec![("ZEC_SESSION_SECRET", "too-short")],
            "at least 32",
        ),
        (
            vec!["--public-origin", "portal.example.com:443"],
            vec![],
            "not an origin",
        ),
        (
            vec!["--protect-instances", "INS-MON-01"],
            vec![],
            "lower-case",
        ),
        (
            vec![
                "--identity-header",
                "X-Portal-User",
                "--trusted-proxy",
                "10.0.0.0/33",
            ],
            vec![],
            "--trusted-proxy",
        ),
    ];
    for (args, env, expected) in cases {
        let all: Vec<&str> = listen.iter().copied().chain(args.iter().copied()).collect();
        let (ok, _, stderr) = run(&all, &env).await;
        assert!(!ok, "{args:?} started");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(
            !stderr.contains(SECRET),
            "the secret is not repeated: {stderr}"
        );
    }
}

#[tokio::test]
async fn a_session_minted_by_the_binary_opens_the_running_proxy_for_its_scope_only() {
    let upstream = emulator(0).await;
    let secret = temp_file("mint-secret", &format!("{SECRET}\n"));
    let proxy = start(upstream, &["--session-secret-file", &secret], &[]).await;
    let (ok, token, stderr) = run(
        &[
            "mint-session",
            "--session-secret-file",
            &secret,
            "--sub",
            "alice",
            "--instances",
            "ins-web-01,ins-web-02",
            "--actions",
            "reinstall",
            "--ttl",
            "5m",
        ],
        &[],
    )
    .await;
    assert!(ok, "{stderr}");
    let token = token.trim();
    assert_eq!(token.split('.').count(), 3, "{token}");
    let listed = send(
        proxy
            .call("DescribeInstances", json!({}))
            .bearer_auth(token),
    )
    .await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    assert_eq!(listed.body["response"]["totalCount"], 2);
    let stop = send(
        proxy
            .call("StopInstances", json!({"instanceIds": ["ins-web-02"]}))
            .bearer_auth(token),
    )
    .await;
    assert_eq!((stop.status, stop.code()), (403, "ACTION_NOT_ALLOWED"));
    let anonymous = send(proxy.call("DescribeInstances", json!({}))).await;
    assert_eq!((anonymous.status, anonymous.code()), (401, "UNAUTHORIZED"));

    let public = temp_file("public-key", "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAmHUu3Letbdui1q3uxd8SGIsRYLn7rIBk6Ps6r0ka3Zw=\n-----END PUBLIC KEY-----\n");
    let (ok, _, stderr) = run(
        &[
            "mint-session",
            "--session-public-key",
            &public,
            "--sub",
            "alice",
            "--instances",
            "ins-web-01",
        ],
        &[],
    )
    .await;
    assert!(!ok);
    assert!(stderr.contains("cannot sign"), "{stderr}");
    let (ok, _, stderr) = run(
        &["mint-session", "--sub", "alice"],
        &[("ZEC_SESSION_SECRET", SECRET)],
    )
    .await;
    assert!(!ok, "a session reaching nothing is not minted");
    assert!(
        stderr.contains("neither instances nor resource groups"),
        "{stderr}"
    );
}
