//! Signed portal sessions (JWT, RFC 7519), verified with the `jsonwebtoken` crate: HS256 with
//! a shared secret, or EdDSA (Ed25519) with the portal's public key. The format is written in
//! docs/wire.md ("Portal sessions"):
//!
//! - `sub` (required, the portal user), `exp` (required, at most 12 h after `iat`, and never
//!   more than 12 h from now), `iat`, `nbf` (optional), `aud` = `zec-reinstall`;
//! - `zec`: `{"instances": [...], "resourceGroups": [...], "actions": [...]}`; a session naming
//!   neither instances nor resource groups is refused; `actions` absent means all four;
//! - clocks may differ by 60 s. An expired session is 401 `SESSION_EXPIRED`; everything else
//!   (no token, `alg: none`, another algorithm, a bad signature, a wrong audience, a session
//!   not yet valid, a malformed claim) is 401 `UNAUTHORIZED`.
//!
//! [`mint`] signs a session with the HS256 secret: for operators (`zec-proxy mint-session`)
//! and tests. With a public key only, the proxy cannot mint.

use std::collections::BTreeSet;
use std::fmt;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use zec_api::grant::{AccessMode, Permission, MAX_SESSION_SECONDS, SESSION_AUDIENCE};
use zec_api::{ErrorCode, Refusal};

use crate::access::{Actor, Caller, Scope};
use crate::ids::check_canonical;

/// Clock difference allowed between the portal and the proxy.
pub const LEEWAY_SECONDS: i64 = 60;
/// The shortest HS256 secret accepted: 256 bits, the hash's own size (RFC 7518, 3.2).
pub const MIN_SECRET_BYTES: usize = 32;
/// Most ids a session may name in each list, and the longest `sub`.
pub const MAX_SCOPE_IDS: usize = 1000;
pub const MAX_SUB_CHARS: usize = 256;
/// The longest session read. The largest one the rules above allow (1,000 ids of 64
/// characters in each list and the longest `sub`) is about 183 KB once encoded; anything
/// longer carries claims we do not read, and is refused before its signature is computed.
pub const MAX_SESSION_BYTES: usize = 192 * 1024;

/// The keys sessions are checked (and, with a shared secret, signed) with. Debug output shows
/// only the algorithm.
#[derive(Clone)]
pub enum SessionKeys {
    Hs256 {
        decoding: DecodingKey,
        encoding: EncodingKey,
    },
    EdDsa {
        decoding: DecodingKey,
    },
}

impl fmt::Debug for SessionKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionKeys::Hs256 { .. } => f.write_str("SessionKeys::Hs256(<redacted>)"),
            SessionKeys::EdDsa { .. } => f.write_str("SessionKeys::EdDsa(public key)"),
        }
    }
}

impl SessionKeys {
    /// A shared secret (raw bytes, at least [`MIN_SECRET_BYTES`]).
    pub fn hs256(secret: &[u8]) -> anyhow::Result<SessionKeys> {
        anyhow::ensure!(
            secret.len() >= MIN_SECRET_BYTES,
            "the session secret has {} bytes; use at least {MIN_SECRET_BYTES} random bytes \
             (e.g. `openssl rand -base64 48`)",
            secret.len()
        );
        Ok(SessionKeys::Hs256 {
            decoding: DecodingKey::from_secret(secret)?,
            encoding: EncodingKey::from_secret(secret)?,
        })
    }

    /// The portal's Ed25519 public key, PEM (`-----BEGIN PUBLIC KEY-----`).
    pub fn ed25519_public_pem(pem: &[u8]) -> anyhow::Result<SessionKeys> {
        let decoding = DecodingKey::from_ed_pem(pem)
            .map_err(|error| anyhow::anyhow!("not an Ed25519 public key in PEM: {error}"))?;
        Ok(SessionKeys::EdDsa { decoding })
    }

    pub fn algorithm(&self) -> Algorithm {
        match self {
            SessionKeys::Hs256 { .. } => Algorithm::HS256,
            SessionKeys::EdDsa { .. } => Algorithm::EdDSA,
        }
    }

    fn decoding(&self) -> &DecodingKey {
        match self {
            SessionKeys::Hs256 { decoding, .. } | SessionKeys::EdDsa { decoding } => decoding,
        }
    }

    /// Checks a token and returns its caller. `now` is Unix seconds.
    pub fn verify(&self, token: &str, now: i64) -> Result<Caller, Refusal> {
        if token.len() > MAX_SESSION_BYTES {
            return Err(unauthorized(format!(
                "The session is longer than {MAX_SESSION_BYTES} bytes; a session names at most \
                 {MAX_SCOPE_IDS} instances and {MAX_SCOPE_IDS} resource groups."
            )));
        }
        let mut validation = Validation::new(self.algorithm());
        validation.set_audience(&[SESSION_AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "sub", "aud"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECONDS as u64;
        let claims = jsonwebtoken::decode::<SessionClaims>(token, self.decoding(), &validation)
            .map_err(|error| refusal_for(error.kind()))?
            .claims;
        claims.check(now)?;
        Ok(claims.into_caller())
    }
}

/// The claims of a portal session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionClaims {
    pub sub: String,
    pub exp: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    pub aud: String,
    pub zec: SessionScope,
}

/// The `zec` claim: what the session may reach and do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionScope {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instances: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_groups: Vec<String>,
    /// Absent: all four permissions. Unknown names are refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<String>>,
}

fn unauthorized(message: impl Into<String>) -> Refusal {
    Refusal::with(ErrorCode::Unauthorized, message)
}

fn refusal_for(kind: &ErrorKind) -> Refusal {
    match kind {
        ErrorKind::ExpiredSignature => Refusal::new(ErrorCode::SessionExpired),
        ErrorKind::ImmatureSignature => unauthorized("The session is not valid yet (nbf)."),
        ErrorKind::InvalidSignature => unauthorized("The session's signature does not match."),
        ErrorKind::InvalidAlgorithm => {
            unauthorized("The session is signed with an algorithm this proxy does not accept.")
        }
        ErrorKind::InvalidAudience => {
            unauthorized(format!("The session's aud must be \"{SESSION_AUDIENCE}\"."))
        }
        ErrorKind::MissingRequiredClaim(claim) => {
            unauthorized(format!("The session has no {claim} claim."))
        }
        ErrorKind::InvalidClaimFormat(claim) => {
            unauthorized(format!("The session's {claim} claim is malformed."))
        }
        // `alg: none` and unknown algorithms fail to parse the header; so does any token
        // that is not three base64url parts.
        _ => unauthorized("The session is not a valid signed token."),
    }
}

impl SessionClaims {
    /// What the JWT library does not check: `sub`, the lifetime, the scope and the actions.
    pub fn check(&self, now: i64) -> Result<(), Refusal> {
        let sub_chars = self.sub.chars().count();
        if sub_chars == 0
            || sub_chars > MAX_SUB_CHARS
            || self.sub.chars().any(char::is_control)
            || self.sub.trim() != self.sub
        {
            return Err(unauthorized(format!(
                "The session's sub must be 1–{MAX_SUB_CHARS} printable characters without \
                 surrounding spaces."
            )));
        }
        if let Some(iat) = self.iat {
            if iat > now + LEEWAY_SECONDS {
                return Err(unauthorized("The session is issued in the future (iat)."));
            }
            if self.exp - iat > MAX_SESSION_SECONDS {
                return Err(unauthorized(
                    "The session lives longer than 12 hours (exp - iat); mint shorter sessions.",
                ));
            }
        }
        if self.exp > now + MAX_SESSION_SECONDS + LEEWAY_SECONDS {
            return Err(unauthorized(
                "The session ends more than 12 hours from now; mint shorter sessions.",
            ));
        }
        let scope = &self.zec;
        if scope.instances.is_empty() && scope.resource_groups.is_empty() {
            return Err(unauthorized(
                "The session names neither instances nor resource groups (zec.instances, \
                 zec.resourceGroups), so it reaches nothing.",
            ));
        }
        for (list, ids) in [
            ("zec.instances", &scope.instances),
            ("zec.resourceGroups", &scope.resource_groups),
        ] {
            if ids.len() > MAX_SCOPE_IDS {
                return Err(unauthorized(format!(
                    "{list} names more than {MAX_SCOPE_IDS} ids; use resource groups."
                )));
            }
            for id in ids {
                check_canonical(list, id).map_err(|refusal| unauthorized(refusal.message))?;
            }
        }
        for name in scope.actions.iter().flatten() {
            if Permission::from_name(name).is_none() {
                return Err(unauthorized(format!(
                    "zec.actions names an unknown action; the actions are {}.",
                    Permission::ALL.map(Permission::as_str).join(", ")
                )));
            }
        }
        Ok(())
    }

    fn into_caller(self) -> Caller {
        let permissions: BTreeSet<Permission> = match &self.zec.actions {
            None => Permission::ALL.into_iter().collect(),
            Some(names) => names
                .iter()
                .filter_map(|name| Permission::from_name(name))
                .collect(),
        };
        Caller {
            share: self.sub.clone(),
            actor: Actor::Session(self.sub),
            mode: AccessMode::Session,
            scope: Scope::of(self.zec.instances, self.zec.resource_groups),
            permissions,
            expires_at: Some(self.exp),
        }
    }
}

/// What a minted session grants.
#[derive(Clone, Debug, Default)]
pub struct SessionRequest {
    pub sub: String,
    pub instances: Vec<String>,
    pub resource_groups: Vec<String>,
    /// `None`: all four permissions.
    pub actions: Option<Vec<Permission>>,
    /// Seconds from `now` to `exp` (at most 12 hours).
    pub ttl_seconds: i64,
}

/// Signs a session with the HS256 secret, issued at `now` (Unix seconds). The claims are
/// checked as [`SessionKeys::verify`] would, so a minted session is always accepted until it
/// expires. With a public key only, minting is impossible.
pub fn mint(keys: &SessionKeys, request: &SessionRequest, now: i64) -> anyhow::Result<String> {
    let SessionKeys::Hs256 { encoding, .. } = keys else {
        anyhow::bail!(
            "this proxy checks sessions with the portal's public key (--session-public-key) and \
             cannot sign them: the portal's backend mints them with its private key"
        );
    };
    anyhow::ensure!(
        (1..=MAX_SESSION_SECONDS).contains(&request.ttl_seconds),
        "a session lives 1 s to 12 h"
    );
    let claims = SessionClaims {
        sub: request.sub.clone(),
        exp: now + request.ttl_seconds,
        iat: Some(now),
        nbf: None,
        aud: SESSION_AUDIENCE.to_owned(),
        zec: SessionScope {
            instances: request.instances.clone(),
            resource_groups: request.resource_groups.clone(),
            actions: request
                .actions
                .as_ref()
                .map(|actions| actions.iter().map(|a| a.as_str().to_owned()).collect()),
        },
    };
    claims
        .check(now)
        .map_err(|refusal| anyhow::anyhow!(refusal.message))?;
    Ok(jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        encoding,
    )?)
}

/// Reads a duration such as `15m`, `90s`, `2h` or `3600` (seconds).
pub fn parse_ttl(text: &str) -> anyhow::Result<i64> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((at, _)) => text.split_at(at),
        None => (text, "s"),
    };
    let number: i64 = number
        .parse()
        .map_err(|_| anyhow::anyhow!("{text:?} is not a duration like 15m, 90s or 2h"))?;
    let seconds = match unit {
        "s" => number,
        "m" => number * 60,
        "h" => number * 3600,
        _ => anyhow::bail!("{text:?} is not a duration like 15m, 90s or 2h"),
    };
    Ok(seconds)
}

#[cfg(test)]
mod tests;
