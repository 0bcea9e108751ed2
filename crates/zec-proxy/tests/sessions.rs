//! Portal sessions over real HTTP: every way a JWT can be wrong is refused with 401 in the
//! API's envelope before anything reaches the API, a good one is accepted (HS256 and EdDSA),
//! and `GET /api/v2/zec/session` answers the caller's grant.

mod support;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use support::{send, session, stack, unix_now, with_sessions, SESSION_SECRET};
use zec_api::grant::{Permission, SESSION_GRANT_PATH};
use zec_proxy::session::SessionKeys;

/// The test portal's Ed25519 key pair (made for these tests with `openssl genpkey`).
const ED_PRIVATE: &str = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIHEAdCeQTqhGtKJnCMGCl+SBgN4gyXWpmcXi4sRTwooZ\n-----END PRIVATE KEY-----\n";
const ED_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAmHUu3Letbdui1q3uxd8SGIsRYLn7rIBk6Ps6r0ka3Zw=\n-----END PUBLIC KEY-----\n";

fn claims(change: impl FnOnce(&mut Value)) -> Value {
    let now = unix_now();
    let mut claims = json!({
        "sub": "alice", "iat": now, "exp": now + 600, "aud": "zec-reinstall",
        "zec": {"instances": ["ins-web-01"]}
    });
    change(&mut claims);
    claims
}

fn hs256(claims: &Value, secret: &[u8]) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret).unwrap(),
    )
    .unwrap()
}

fn b64(json: &Value) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json.to_string())
}

#[tokio::test]
async fn every_broken_session_is_refused_with_401_and_nothing_reaches_the_api() {
    let stack = stack(with_sessions(|_| {})).await;
    let good = claims(|_| {});
    let now = unix_now();
    let unsigned = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&good)
    );
    let hs384 = jsonwebtoken::encode(
        &Header::new(Algorithm::HS384),
        &good,
        &EncodingKey::from_secret(SESSION_SECRET).unwrap(),
    )
    .unwrap();
    let cases: Vec<(&str, String, &str)> = vec![
        ("alg none", unsigned, "UNAUTHORIZED"),
        ("another algorithm", hs384, "UNAUTHORIZED"),
        (
            "bad signature",
            hs256(&good, b"another-portal-secret-0123456789abcdef"),
            "UNAUTHORIZED",
        ),
        (
            "wrong aud",
            hs256(&claims(|c| c["aud"] = json!("other")), SESSION_SECRET),
            "UNAUTHORIZED",
        ),
        (
            "no aud",
            hs256(
                &claims(|c| {
                    c.as_object_mut().unwrap().remove("aud");
                }),
                SESSION_SECRET,
            ),
            "UNAUTHORIZED",
        ),
        (
            "no sub",
            hs256(
                &claims(|c| {
                    c.as_object_mut().unwrap().remove("sub");
                }),
                SESSION_SECRET,
            ),
            "UNAUTHORIZED",
        ),
        (
            "no exp",
            hs256(
                &claims(|c| {
                    c.as_object_mut().unwrap().remove("exp");
                }),
                SESSION_SECRET,
            ),
            "UNAUTHORIZED",
        ),
        (
            "expired",
            hs256(
                &claims(|c| {
                    c["iat"] = json!(now - 1000);
                    c["exp"] = json!(now - 120);
                }),
                SESSION_SECRET,
            ),
            "SESSION_EXPIRED",
        ),
        (
            "not yet valid",
            hs256(&claims(|c| c["nbf"] = json!(now + 300)), SESSION_SECRET),
            "UNAUTHORIZED",
        ),
        (
            "issued in the future",
            hs256(
                &claims(|c| {
                    c["iat"] = json!(now + 300);
                    c["exp"] = json!(now + 900);
                }),
                SESSION_SECRET,
            ),
            "UNAUTHORIZED",
        ),
        (
            "longer than 12 h",
            hs256(
                &claims(|c| c["exp"] = json!(now + 13 * 3600)),
                SESSION_SECRET,
            ),
            "UNAUTHORIZED",
        ),
        (
            "no scope",
            hs256(
                &claims(|c| c["zec"] = json!({"actions": ["reinstall"]})),
                SESSION_SECRET,
            ),
            "UNAUTHORIZED",
        ),
        (
            "unknown action",
            hs256(
                &claims(|c| c["zec"]["actions"] = json!(["format"])),
                SESSION_SECRET,
            ),
            "UNAUTHORIZED",
        ),
        (
            "id not canonical",
            hs256(
                &claims(|c| c["zec"]["instances"] = json!(["INS-WEB-01"])),
                SESSION_SECRET,
            ),
            "UNAUTHORIZED",
        ),
        ("not a token", "abc.def".to_owned(), "UNAUTHORIZED"),
    ];
    for (what, token, code) in &cases {
        let answer = stack
            .call_as(
                token,
                "ResetInstance",
                json!({"instanceId": "ins-web-01", "password": "Abcdef1!"}),
            )
            .await;
        assert_eq!(
            (answer.status, answer.code()),
            (401, *code),
            "{what}: {}",
            answer.text
        );
        assert!(
            !answer.body["requestId"].as_str().unwrap().is_empty(),
            "{what}"
        );
    }
    let missing = stack.call("DescribeInstances", json!({})).await;
    assert_eq!((missing.status, missing.code()), (401, "UNAUTHORIZED"));
    let token = session("alice", &["ins-web-01"], &[], None);
    let twice = send(
        stack
            .request("zec", "DescribeInstances")
            .bearer_auth(&token)
            .header("authorization", format!("Bearer {token}"))
            .body("{}"),
    )
    .await;
    assert_eq!((twice.status, twice.code()), (400, "DUPLICATE_HEADER"));
    assert_eq!(
        stack.all_upstream_calls(),
        0,
        "{:?}",
        stack.emulator.calls()
    );

    // Within the 60 s leeway an expired session still passes; a good one passes.
    let late = hs256(
        &claims(|c| {
            c["iat"] = json!(now - 630);
            c["exp"] = json!(now - 30);
        }),
        SESSION_SECRET,
    );
    for token in [late, token] {
        let answer = stack
            .call_as(
                &token,
                "DescribeInstancesStatus",
                json!({"instanceIds": ["ins-web-01"]}),
            )
            .await;
        assert_eq!(answer.status, 200, "{}", answer.text);
    }
}

#[tokio::test]
async fn an_eddsa_session_is_checked_with_the_portals_public_key() {
    let stack = stack(with_sessions(|config| {
        config.access.control.sessions =
            Some(SessionKeys::ed25519_public_pem(ED_PUBLIC.as_bytes()).unwrap());
    }))
    .await;
    let signed = jsonwebtoken::encode(
        &Header::new(Algorithm::EdDSA),
        &claims(|_| {}),
        &EncodingKey::from_ed_pem(ED_PRIVATE.as_bytes()).unwrap(),
    )
    .unwrap();
    let answer = stack.call_as(&signed, "DescribeInstances", json!({})).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.body["response"]["totalCount"], 1);
    // An HS256 session, even one signed with the public key's bytes, is another algorithm.
    let confused = hs256(&claims(|_| {}), ED_PUBLIC.as_bytes());
    let refused = stack
        .call_as(&confused, "DescribeInstances", json!({}))
        .await;
    assert_eq!((refused.status, refused.code()), (401, "UNAUTHORIZED"));
}

#[tokio::test]
async fn the_grant_says_who_until_when_and_what() {
    let stack = stack(with_sessions(|_| {})).await;
    let token = session(
        "alice",
        &["ins-web-01"],
        &["rg-ci"],
        Some(&[Permission::Reinstall, Permission::Snapshot]),
    );
    let answer = send(stack.get_as(&token, SESSION_GRANT_PATH)).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let grant = &answer.body;
    assert_eq!(grant["actor"], "alice");
    assert_eq!(grant["mode"], "session");
    let expires = grant["expiresAt"].as_i64().unwrap();
    assert!(
        (unix_now() + 590..=unix_now() + 600).contains(&expires),
        "{expires}"
    );
    assert_eq!(grant["actions"], json!(["reinstall", "snapshot"]));
    let withheld: Vec<&str> = grant["withheld"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["action"].as_str().unwrap())
        .collect();
    assert_eq!(withheld, ["rollback", "power"]);
    assert!(grant["withheld"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("roll"));
    assert_eq!(grant["restricted"], true);
    assert_eq!(grant["instances"], json!(["ins-web-01"]));
    assert_eq!(grant["resourceGroups"], json!(["rg-ci"]));

    // Without a session there is no grant; cross-site requests get none either.
    let anonymous = send(
        stack
            .http
            .get(format!("http://{}{SESSION_GRANT_PATH}", stack.proxy)),
    )
    .await;
    assert_eq!((anonymous.status, anonymous.code()), (401, "UNAUTHORIZED"));
    let cross = send(
        stack
            .get_as(&token, SESSION_GRANT_PATH)
            .header("sec-fetch-site", "cross-site"),
    )
    .await;
    assert_eq!(
        cross.status, 400,
        "two Sec-Fetch-Site headers: {}",
        cross.text
    );
    assert_eq!(cross.code(), "DUPLICATE_HEADER");
}

#[tokio::test]
async fn without_sessions_the_grant_is_the_consoles() {
    let stack = stack(support::Options::default()).await;
    let answer = send(
        stack
            .http
            .get(format!("http://{}{SESSION_GRANT_PATH}", stack.proxy)),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(
        answer.body,
        json!({"actor": "console", "mode": "open", "actions": ["reinstall", "snapshot", "rollback", "power"],
               "withheld": [], "restricted": false})
    );
}

#[tokio::test]
async fn a_sessions_stream_ends_when_the_session_does() {
    let stack = stack(with_sessions(|_| {})).await;
    let request = zec_proxy::session::SessionRequest {
        sub: "alice".into(),
        instances: vec!["ins-web-01".into()],
        ttl_seconds: 1,
        ..Default::default()
    };
    let short = zec_proxy::session::mint(&support::session_keys(), &request, unix_now()).unwrap();
    let response = stack
        .http
        .get(stack.stream_url(&["ins-web-01"]))
        .bearer_auth(&short)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let events = support::read_events(response, std::time::Duration::from_secs(5), |events| {
        events.iter().any(|(name, _)| name == "closing")
    })
    .await;
    let (_, closing) = events.iter().find(|(name, _)| name == "closing").unwrap();
    assert_eq!(closing["reason"], "session-expired");
}
