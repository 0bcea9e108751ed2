//! ZC2-HMAC-SHA256 request signing and verification (docs/wire.md, "Signing").
//! Pure functions: the caller supplies the clock.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::errors::ErrorCode;

pub const ALGORITHM: &str = "ZC2-HMAC-SHA256";
pub const SIGNED_HEADERS: &str = "content-type;host";
/// The most a request's timestamp may differ from the server's clock, in seconds.
pub const MAX_CLOCK_SKEW_SECS: i64 = 5 * 60;

/// The parts of a request the signature covers.
#[derive(Clone, Copy, Debug)]
pub struct SignedParts<'a> {
    pub content_type: &'a str,
    pub host: &'a str,
    pub timestamp: i64,
    pub body: &'a [u8],
}

fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

pub fn canonical_request(parts: &SignedParts<'_>) -> String {
    format!(
        "POST\n/\n\ncontent-type:{}\nhost:{}\n\n{SIGNED_HEADERS}\n{}",
        parts.content_type,
        parts.host,
        sha256_hex(parts.body)
    )
}

pub fn string_to_sign(parts: &SignedParts<'_>) -> String {
    format!(
        "{ALGORITHM}\n{}\n{}",
        parts.timestamp,
        sha256_hex(canonical_request(parts).as_bytes())
    )
}

fn mac(access_key_password: &str, parts: &SignedParts<'_>) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(access_key_password.as_bytes())
        .expect("HMAC accepts any key length");
    mac.update(string_to_sign(parts).as_bytes());
    mac
}

/// The lower-case hex signature of a request.
pub fn signature(access_key_password: &str, parts: &SignedParts<'_>) -> String {
    hex::encode(mac(access_key_password, parts).finalize().into_bytes())
}

/// The value of the `Authorization` header for a signed request.
pub fn authorization_header(access_key_id: &str, signature: &str) -> String {
    format!("{ALGORITHM} Credential={access_key_id}, SignedHeaders={SIGNED_HEADERS}, Signature={signature}")
}

/// The headers a signed call carries besides `Content-Type` and `Host`, as (name, value).
pub fn signed_headers(
    access_key_id: &str,
    access_key_password: &str,
    parts: &SignedParts<'_>,
) -> [(&'static str, String); 3] {
    [
        ("X-ZC-Timestamp", parts.timestamp.to_string()),
        ("X-ZC-Signature-Method", ALGORITHM.to_owned()),
        (
            "Authorization",
            authorization_header(access_key_id, &signature(access_key_password, parts)),
        ),
    ]
}

/// The credential of a request, read from its `Authorization` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    Signed {
        access_key_id: String,
        signed_headers: String,
        signature: String,
    },
    Bearer(String),
}

/// Reads an `Authorization` header. `None` when it is neither a ZC2 signature nor a bearer
/// token with all its parts.
pub fn parse_authorization(header: &str) -> Option<Credential> {
    let header = header.trim();
    if let Some(token) = header.strip_prefix("Bearer ") {
        let token = token.trim();
        return (!token.is_empty()).then(|| Credential::Bearer(token.to_owned()));
    }
    let rest = header.strip_prefix(ALGORITHM)?.trim_start();
    let (mut key_id, mut headers, mut sig) = (None, None, None);
    for part in rest.split(',') {
        let (name, value) = part.trim().split_once('=')?;
        let value = value.trim().to_owned();
        match name.trim() {
            "Credential" => key_id = Some(value),
            "SignedHeaders" => headers = Some(value),
            "Signature" => sig = Some(value),
            _ => {}
        }
    }
    Some(Credential::Signed {
        access_key_id: key_id.filter(|id| !id.is_empty())?,
        signed_headers: headers?,
        signature: sig.filter(|s| !s.is_empty())?,
    })
}

/// Checks a signed request: the signed-header list, the clock skew, then the signature
/// (compared in constant time). `now` is the verifier's Unix time in seconds.
pub fn verify(
    access_key_password: &str,
    parts: &SignedParts<'_>,
    signed_headers: &str,
    signature_hex: &str,
    now: i64,
) -> Result<(), ErrorCode> {
    if !signed_headers.eq_ignore_ascii_case(SIGNED_HEADERS) {
        return Err(ErrorCode::SignatureFailure);
    }
    if (now - parts.timestamp).abs() > MAX_CLOCK_SKEW_SECS {
        return Err(ErrorCode::SignatureExpired);
    }
    let given = hex::decode(signature_hex).map_err(|_| ErrorCode::SignatureFailure)?;
    mac(access_key_password, parts)
        .verify_slice(&given)
        .map_err(|_| ErrorCode::SignatureFailure)
}
