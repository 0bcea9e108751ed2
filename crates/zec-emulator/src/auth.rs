//! Authentication exactly as the API does it: a ZC2-HMAC-SHA256 signature over content-type,
//! host and the body hash, with a timestamp at most 5 minutes off; or a bearer token.

use axum::http::HeaderMap;
use zec_api::signing::{self, Credential, SignedParts};
use zec_api::ErrorCode;

use crate::world::Refusal;

/// Documented defaults, so anyone can point an SDK at a local emulator.
pub const DEFAULT_ACCESS_KEY_ID: &str = "emulator-access-key-id";
pub const DEFAULT_ACCESS_KEY_PASSWORD: &str = "emulator-access-key-password";
pub const DEFAULT_BEARER_TOKEN: &str = "emulator-access-token";

#[derive(Clone)]
pub struct Credentials {
    /// (access key id, access key password) pairs.
    pub access_keys: Vec<(String, String)>,
    pub bearer_tokens: Vec<String>,
}

impl Default for Credentials {
    fn default() -> Self {
        Credentials {
            access_keys: vec![(
                DEFAULT_ACCESS_KEY_ID.to_owned(),
                DEFAULT_ACCESS_KEY_PASSWORD.to_owned(),
            )],
            bearer_tokens: vec![DEFAULT_BEARER_TOKEN.to_owned()],
        }
    }
}

/// Debug shows the key ids, never a password or token.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.access_keys.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("Credentials")
            .field("access_key_ids", &ids)
            .field(
                "bearer_tokens",
                &format_args!("<{} redacted>", self.bearer_tokens.len()),
            )
            .finish()
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

impl Credentials {
    /// Checks a request's credentials; `now` is Unix seconds. Returns the caller's key id
    /// (or "token") for the log.
    pub fn authenticate(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: i64,
    ) -> Result<String, Refusal> {
        let authorization = header(headers, "authorization").ok_or_else(|| {
            Refusal::with(
                ErrorCode::AuthFailure,
                "The Authorization header is missing.",
            )
        })?;
        let credential = signing::parse_authorization(authorization).ok_or_else(|| {
            Refusal::with(
                ErrorCode::AuthFailure,
                "The Authorization header is malformed.",
            )
        })?;
        let (access_key_id, signed_headers, signature) = match credential {
            Credential::Bearer(token) => {
                return if self.bearer_tokens.iter().any(|known| known == &token) {
                    Ok("token".to_owned())
                } else {
                    Err(Refusal::with(
                        ErrorCode::AuthFailure,
                        "The access token is not valid.",
                    ))
                };
            }
            Credential::Signed {
                access_key_id,
                signed_headers,
                signature,
            } => (access_key_id, signed_headers, signature),
        };
        if header(headers, "x-zc-signature-method") != Some(signing::ALGORITHM) {
            return Err(Refusal::with(
                ErrorCode::AuthFailure,
                "X-ZC-Signature-Method must be ZC2-HMAC-SHA256.",
            ));
        }
        let timestamp = header(headers, "x-zc-timestamp")
            .and_then(|value| value.parse::<i64>().ok())
            .ok_or_else(|| {
                Refusal::with(
                    ErrorCode::AuthFailure,
                    "X-ZC-Timestamp is missing or not a number.",
                )
            })?;
        let password = self
            .access_keys
            .iter()
            .find(|(id, _)| *id == access_key_id)
            .map(|(_, password)| password)
            .ok_or_else(|| Refusal::new(ErrorCode::AccessKeyNotFound))?;
        let parts = SignedParts {
            content_type: header(headers, "content-type").unwrap_or(""),
            host: header(headers, "host").unwrap_or(""),
            timestamp,
            body,
        };
        signing::verify(password, &parts, &signed_headers, &signature, now)
            .map_err(Refusal::new)?;
        Ok(access_key_id)
    }
}
