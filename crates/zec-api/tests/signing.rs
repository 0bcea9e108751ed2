//! ZC2-HMAC-SHA256: the documented test vector, verification and header parsing.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use zec_api::signing::*;
use zec_api::ErrorCode;

const KEY_ID: &str = "AKIDtest-key-id-0001";
const KEY_PASSWORD: &str = "ZL-SECRET-PWD-deadbeef-1234";

fn vector() -> SignedParts<'static> {
    SignedParts {
        content_type: "application/json",
        host: "console.zenlayer.com",
        timestamp: 1_700_000_000,
        body: b"{}",
    }
}

#[test]
fn documented_test_vector() {
    assert_eq!(
        signature(KEY_PASSWORD, &vector()),
        "2b3f42e101002bafea1f414aa9c7fe8a13d52a3fa27d92a3f338b22685ec7884"
    );
}

#[test]
fn canonical_request_has_the_six_lines() {
    let canonical = canonical_request(&vector());
    let lines: Vec<&str> = canonical.split('\n').collect();
    assert_eq!(
        lines,
        vec![
            "POST",
            "/",
            "",
            "content-type:application/json",
            "host:console.zenlayer.com",
            "",
            "content-type;host",
            // sha256("{}")
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
        ]
    );
}

#[test]
fn authorization_header_round_trips() {
    let sig = signature(KEY_PASSWORD, &vector());
    let header = authorization_header(KEY_ID, &sig);
    assert_eq!(
        parse_authorization(&header),
        Some(Credential::Signed {
            access_key_id: KEY_ID.into(),
            signed_headers: "content-type;host".into(),
            signature: sig,
        })
    );
}

#[test]
fn parses_bearer_and_rejects_garbage() {
    assert_eq!(
        parse_authorization("Bearer tok-123"),
        Some(Credential::Bearer("tok-123".into()))
    );
    for bad in [
        "",
        "Bearer ",
        "Basic abc",
        "ZC2-HMAC-SHA256 Credential=, SignedHeaders=content-type;host, Signature=ab",
        "ZC2-HMAC-SHA256 Credential=a, Signature=ab",
        "ZC2-HMAC-SHA256 garbage",
    ] {
        assert_eq!(parse_authorization(bad), None, "{bad:?}");
    }
}

#[test]
fn verify_accepts_the_right_signature_within_five_minutes() {
    let parts = vector();
    let sig = signature(KEY_PASSWORD, &parts);
    assert_eq!(
        verify(KEY_PASSWORD, &parts, SIGNED_HEADERS, &sig, parts.timestamp),
        Ok(())
    );
    assert_eq!(
        verify(
            KEY_PASSWORD,
            &parts,
            SIGNED_HEADERS,
            &sig,
            parts.timestamp + 300
        ),
        Ok(())
    );
    assert_eq!(
        verify(
            KEY_PASSWORD,
            &parts,
            SIGNED_HEADERS,
            &sig,
            parts.timestamp - 300
        ),
        Ok(())
    );
}

#[test]
fn verify_rejects_skew_wrong_key_and_tampering() {
    let parts = vector();
    let sig = signature(KEY_PASSWORD, &parts);
    let at = parts.timestamp;
    assert_eq!(
        verify(KEY_PASSWORD, &parts, SIGNED_HEADERS, &sig, at + 301),
        Err(ErrorCode::SignatureExpired)
    );
    assert_eq!(
        verify(KEY_PASSWORD, &parts, SIGNED_HEADERS, &sig, at - 301),
        Err(ErrorCode::SignatureExpired)
    );
    assert_eq!(
        verify("other-password", &parts, SIGNED_HEADERS, &sig, at),
        Err(ErrorCode::SignatureFailure)
    );
    let tampered = SignedParts {
        body: b"{\"a\":1}",
        ..parts
    };
    assert_eq!(
        verify(KEY_PASSWORD, &tampered, SIGNED_HEADERS, &sig, at),
        Err(ErrorCode::SignatureFailure)
    );
    let other_host = SignedParts {
        host: "evil.example",
        ..parts
    };
    assert_eq!(
        verify(KEY_PASSWORD, &other_host, SIGNED_HEADERS, &sig, at),
        Err(ErrorCode::SignatureFailure)
    );
    assert_eq!(
        verify(KEY_PASSWORD, &parts, "host", &sig, at),
        Err(ErrorCode::SignatureFailure)
    );
    assert_eq!(
        verify(KEY_PASSWORD, &parts, SIGNED_HEADERS, "not-hex", at),
        Err(ErrorCode::SignatureFailure)
    );
}

#[test]
fn signed_headers_carry_timestamp_method_and_authorization() {
    let headers = signed_headers(KEY_ID, KEY_PASSWORD, &vector());
    assert_eq!(headers[0], ("X-ZC-Timestamp", "1700000000".to_owned()));
    assert_eq!(
        headers[1],
        ("X-ZC-Signature-Method", "ZC2-HMAC-SHA256".to_owned())
    );
    assert!(headers[2]
        .1
        .ends_with("2b3f42e101002bafea1f414aa9c7fe8a13d52a3fa27d92a3f338b22685ec7884"));
    assert!(!headers[2].1.contains(KEY_PASSWORD));
}
