use super::*;

const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef-test";

fn request() -> SessionRequest {
    SessionRequest {
        sub: "alice".into(),
        instances: vec!["ins-web-01".into()],
        ttl_seconds: 900,
        ..SessionRequest::default()
    }
}

#[test]
fn a_minted_session_verifies_into_its_caller() {
    let keys = SessionKeys::hs256(SECRET).unwrap();
    let now = jsonwebtoken::get_current_timestamp() as i64;
    let token = mint(&keys, &request(), now).unwrap();
    let caller = keys.verify(&token, now).unwrap();
    assert_eq!(caller.actor, Actor::Session("alice".into()));
    assert_eq!(caller.share, "alice");
    assert_eq!(caller.expires_at, Some(now + 900));
    assert_eq!(caller.permissions.len(), 4);
    assert!(caller.scope.allows("ins-web-01", None));
    assert!(!caller.scope.allows("ins-web-02", None));
}

#[test]
fn claims_outside_the_rules_are_refused() {
    let now = 1_800_000_000;
    let good = SessionClaims {
        sub: "bob".into(),
        exp: now + 600,
        iat: Some(now),
        nbf: None,
        aud: SESSION_AUDIENCE.into(),
        zec: SessionScope {
            resource_groups: vec!["rg-bob".into()],
            ..SessionScope::default()
        },
    };
    assert_eq!(good.check(now), Ok(()));
    let refused = |change: fn(&mut SessionClaims)| {
        let mut claims = good.clone();
        change(&mut claims);
        claims.check(now).unwrap_err().code
    };
    for change in [
        (|c: &mut SessionClaims| c.zec.resource_groups.clear()) as fn(&mut SessionClaims),
        |c| c.exp = c.iat.unwrap() + MAX_SESSION_SECONDS + 1,
        |c| {
            c.iat = None;
            c.exp += MAX_SESSION_SECONDS + LEEWAY_SECONDS;
        },
        |c| c.iat = Some(c.iat.unwrap() + 120),
        |c| c.sub = String::new(),
        |c| c.sub = "bob\n".into(),
        |c| c.zec.actions = Some(vec!["delete".into()]),
        |c| c.zec.instances = vec!["INS-MON-01".into()],
    ] {
        assert_eq!(refused(change), ErrorCode::Unauthorized);
    }
}

#[test]
fn the_largest_session_the_rules_allow_is_read_and_a_longer_one_is_refused() {
    let keys = SessionKeys::hs256(SECRET).unwrap();
    let now = jsonwebtoken::get_current_timestamp() as i64;
    let ids = |prefix: &str| {
        (0..MAX_SCOPE_IDS)
            .map(|n| format!("{prefix}{n:0>60}"))
            .collect::<Vec<_>>()
    };
    let largest = SessionRequest {
        sub: "é".repeat(MAX_SUB_CHARS),
        instances: ids("ins-"),
        resource_groups: ids("rgp-"),
        ..request()
    };
    let token = mint(&keys, &largest, now).unwrap();
    assert!(token.len() <= MAX_SESSION_BYTES, "{}", token.len());
    assert!(keys.verify(&token, now).is_ok());

    // Validly signed, but padded with a claim nobody reads.
    #[derive(Serialize)]
    struct Padded<'a> {
        #[serde(flatten)]
        claims: &'a SessionClaims,
        pad: String,
    }
    let claims = SessionClaims {
        sub: "alice".into(),
        exp: now + 600,
        iat: Some(now),
        nbf: None,
        aud: SESSION_AUDIENCE.into(),
        zec: SessionScope {
            instances: vec!["ins-web-01".into()],
            ..SessionScope::default()
        },
    };
    let padded = Padded {
        claims: &claims,
        pad: "x".repeat(MAX_SESSION_BYTES),
    };
    let SessionKeys::Hs256 { encoding, .. } = &keys else {
        unreachable!()
    };
    let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &padded, encoding).unwrap();
    let refusal = keys.verify(&token, now).unwrap_err();
    assert_eq!(refusal.code, ErrorCode::Unauthorized);
    assert!(
        refusal.message.contains("longer than"),
        "{}",
        refusal.message
    );
}

#[test]
fn a_public_key_cannot_mint_and_short_secrets_are_refused() {
    assert!(SessionKeys::hs256(b"short").is_err());
    let pem = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n";
    let keys = SessionKeys::ed25519_public_pem(pem.as_bytes()).unwrap();
    let error = mint(&keys, &request(), 0).unwrap_err().to_string();
    assert!(error.contains("cannot sign"), "{error}");
    assert!(!format!("{:?}", SessionKeys::hs256(SECRET).unwrap()).contains("0123"));
}

#[test]
fn durations_read_as_operators_write_them() {
    assert_eq!(parse_ttl("15m").unwrap(), 900);
    assert_eq!(parse_ttl("2h").unwrap(), 7200);
    assert_eq!(parse_ttl("90").unwrap(), 90);
    assert!(parse_ttl("1d").is_err());
    assert!(parse_ttl("m").is_err());
}
