//! Recognising the caller. One access mode at a time:
//!
//! - **sessions** (`--session-secret-file`, `ZEC_SESSION_SECRET` or `--session-public-key`):
//!   every API request carries `Authorization: Bearer <session>`, a JWT the portal signed
//!   (`session.rs`); the caller is its `sub`, its scope and actions are the session's;
//! - **identity header** (`--identity-header X-Portal-User`): the user the portal's reverse
//!   proxy names, believed only from `--trusted-proxy` addresses (loopback by default); any
//!   other peer is refused. One static scope (`--allow-*`) for every user;
//! - **token** (`--token-file`, `ZEC_PROXY_TOKEN`): one shared secret, single-tenant;
//! - **open**: no access control (a console on a trusted network).
//!
//! The [`identify`] layer puts the [`Caller`] into the request's extensions, so every handler
//! reads it as `Extension<Caller>`. Headers that must appear once and appear twice are 400
//! `DUPLICATE_HEADER`.

use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::SystemTime;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ipnet::IpNet;
use zec_api::grant::AccessMode;
use zec_api::{ErrorCode, ProtectionPolicy, Refusal};

use crate::access::{Actor, Caller, Scope};
use crate::app::AppState;
use crate::forward::new_request_id;
use crate::limit::too_many;
use crate::log::LoggedActor;
use crate::secret::Secret;
use crate::server::peer_of;
use crate::session::SessionKeys;

/// How callers are recognised. Debug output redacts the token and the session secret.
#[derive(Clone, Debug, Default)]
pub struct AccessControl {
    /// Browsers must send `Authorization: Bearer <token>` (single-tenant).
    pub token: Option<Secret>,
    /// A header the portal's reverse proxy sets for signed-in users (e.g. X-Portal-User).
    pub identity_header: Option<String>,
    /// Peers whose identity header is believed; empty means loopback only.
    pub trusted_proxies: Vec<IpNet>,
    /// Signed portal sessions.
    pub sessions: Option<SessionKeys>,
}

/// The deployment's access settings. Debug output redacts every secret.
#[derive(Clone, Debug, Default)]
pub struct AccessPolicy {
    /// How callers are recognised (`--session-*`, `--token-file`, `--identity-header`).
    pub control: AccessControl,
    /// Single-tenant scope (`--allow-instances`): instances every caller may use; with
    /// `allowed_resource_groups`, empty both means all. Refused with sessions, whose claims
    /// are the scope.
    pub allowed_instances: HashSet<String>,
    /// Single-tenant scope (`--allow-resource-groups`).
    pub allowed_resource_groups: HashSet<String>,
    /// Instances that are never reinstalled, rolled back, powered off or stripped of their
    /// snapshots through this proxy (`--protect-tag`, `--protect-instances`; see `protect.rs`).
    pub protection: ProtectionPolicy,
}

impl AccessPolicy {
    /// The scope the static flags give (identity-header, token and open modes).
    pub fn static_scope(&self) -> Scope {
        Scope::of(
            self.allowed_instances.iter().cloned(),
            self.allowed_resource_groups.iter().cloned(),
        )
    }
}

/// The longest identity-header value accepted.
pub const MAX_USER_CHARS: usize = 256;

impl AccessControl {
    pub fn mode(&self) -> AccessMode {
        if self.sessions.is_some() {
            AccessMode::Session
        } else if self.identity_header.is_some() {
            AccessMode::IdentityHeader
        } else if self.token.is_some() {
            AccessMode::Token
        } else {
            AccessMode::Open
        }
    }

    /// Whether `peer` may name the user in the identity header.
    pub fn trusts(&self, peer: Option<IpAddr>) -> bool {
        let Some(peer) = peer else { return false };
        if self.trusted_proxies.is_empty() {
            return peer.is_loopback();
        }
        self.trusted_proxies.iter().any(|net| net.contains(&peer))
    }
}

impl AccessPolicy {
    /// Refuses settings that mix access modes: sessions replace the token, the identity
    /// header and the static scope.
    pub fn check(&self) -> anyhow::Result<()> {
        let control = &self.control;
        if control.sessions.is_some() {
            anyhow::ensure!(
                control.token.is_none(),
                "sessions are configured, so --token-file / ZEC_PROXY_TOKEN is refused: one \
                 access mode at a time (a shared token would give every portal user the same \
                 reach; each user's session names its own)"
            );
            anyhow::ensure!(
                control.identity_header.is_none(),
                "sessions are configured, so --identity-header is refused: one access mode at \
                 a time (the session's sub names the user)"
            );
            anyhow::ensure!(
                self.allowed_instances.is_empty() && self.allowed_resource_groups.is_empty(),
                "sessions are configured, so --allow-instances / --allow-resource-groups are \
                 refused: each session names its own instances and resource groups"
            );
        }
        if let Some(name) = &control.identity_header {
            axum::http::HeaderName::try_from(name.as_str())
                .map_err(|_| anyhow::anyhow!("--identity-header {name:?} is not a header name"))?;
        }
        Ok(())
    }

    /// Recognises the caller of a request from `peer`.
    pub fn authenticate(
        &self,
        headers: &HeaderMap,
        peer: Option<IpAddr>,
    ) -> Result<Caller, Refusal> {
        let control = &self.control;
        let address = address_key(peer);
        let authorization = single(headers, header::AUTHORIZATION.as_str())?
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim);
        if let Some(keys) = &control.sessions {
            let Some(token) = authorization.filter(|token| !token.is_empty()) else {
                return Err(Refusal::with(
                    ErrorCode::Unauthorized,
                    "A portal session is required: send Authorization: Bearer <session>.",
                ));
            };
            let now = zec_api::time::unix_seconds(SystemTime::now());
            return keys.verify(token, now);
        }
        if let Some(token) = &control.token {
            if !authorization.is_some_and(|given| token.matches(given)) {
                return Err(Refusal::with(
                    ErrorCode::Unauthorized,
                    "A valid access token is required.",
                ));
            }
        }
        let scope = self.static_scope();
        if let Some(name) = &control.identity_header {
            let user = single(headers, name)?
                .and_then(|value| value.to_str().ok())
                .map(str::trim)
                .filter(|user| !user.is_empty());
            let Some(user) = user else {
                return Err(Refusal::with(
                    ErrorCode::Unauthorized,
                    "Sign in to the portal first.",
                ));
            };
            if !control.trusts(peer) {
                return Err(Refusal::with(
                    ErrorCode::Unauthorized,
                    "The identity header is accepted only from the portal's reverse proxy \
                     (--trusted-proxy).",
                ));
            }
            if user.chars().count() > MAX_USER_CHARS || user.chars().any(char::is_control) {
                return Err(Refusal::with(
                    ErrorCode::Unauthorized,
                    format!("The identity header must be 1–{MAX_USER_CHARS} printable characters."),
                ));
            }
            return Ok(Caller::trusted(
                Actor::User(user.to_owned()),
                AccessMode::IdentityHeader,
                scope,
                user.to_owned(),
            ));
        }
        Ok(Caller::trusted(
            Actor::Console,
            control.mode(),
            scope,
            address,
        ))
    }
}

/// The one value of a header that must appear at most once; 400 `DUPLICATE_HEADER` when it
/// appears several times.
pub fn single<'a>(headers: &'a HeaderMap, name: &str) -> Result<Option<&'a HeaderValue>, Refusal> {
    let mut values = headers.get_all(name).iter();
    let first = values.next();
    if values.next().is_some() {
        return Err(Refusal::with(
            ErrorCode::DuplicateHeader,
            format!("The request has several {name} headers; send it once."),
        ));
    }
    Ok(first)
}

/// Middleware for the API routes: the caller goes into the request's extensions, or the
/// request is refused (401, or 400 for a duplicated header).
pub async fn identify(
    State(state): State<Arc<AppState>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = peer_of(request.extensions()).map(|addr| addr.ip());
    match state.access.authenticate(request.headers(), peer) {
        Ok(caller) => {
            let actor = LoggedActor(caller.actor.as_str().to_owned());
            request.extensions_mut().insert(caller);
            let mut response = next.run(request).await;
            response.extensions_mut().insert(actor);
            response
        }
        // Refused callers share their address's bucket, so that a flood of bad sessions
        // costs at most the calls per second of one caller.
        Err(refusal) => match state.fair_share.check_rate(&address_key(peer)) {
            Ok(()) => refusal.with_request_id(new_request_id()).into_response(),
            Err(wait) => too_many(
                ErrorCode::TooManyRequests,
                "Too many refused requests from this address; wait a moment.".to_owned(),
                wait,
            ),
        },
    }
}

fn address_key(peer: Option<IpAddr>) -> String {
    peer.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn the_identity_header_is_believed_only_from_trusted_peers_and_only_once() {
        let policy = AccessPolicy {
            control: AccessControl {
                identity_header: Some("x-portal-user".into()),
                trusted_proxies: vec!["10.0.0.0/8".parse().unwrap()],
                ..AccessControl::default()
            },
            ..AccessPolicy::default()
        };
        let proxy: IpAddr = "10.1.2.3".parse().unwrap();
        let stranger: IpAddr = "192.0.2.7".parse().unwrap();
        let alice = headers(&[("x-portal-user", "alice")]);
        let caller = policy.authenticate(&alice, Some(proxy)).unwrap();
        assert_eq!(caller.actor.as_str(), "alice");
        assert_eq!(caller.share, "alice");
        let refused = policy.authenticate(&alice, Some(stranger)).unwrap_err();
        assert_eq!(refused.code, ErrorCode::Unauthorized);
        assert!(policy.authenticate(&alice, None).is_err());
        let twice = headers(&[("x-portal-user", "alice"), ("x-portal-user", "bob")]);
        assert_eq!(
            policy.authenticate(&twice, Some(proxy)).unwrap_err().code,
            ErrorCode::DuplicateHeader
        );
        let loopback_only = AccessControl {
            identity_header: Some("x-portal-user".into()),
            ..AccessControl::default()
        };
        assert!(loopback_only.trusts(Some("127.0.0.1".parse().unwrap())));
        assert!(!loopback_only.trusts(Some(proxy)));
    }

    #[test]
    fn sessions_exclude_the_other_modes() {
        let sessions = Some(SessionKeys::hs256(&[7u8; 32]).unwrap());
        let mixed = [
            AccessControl {
                sessions: sessions.clone(),
                token: Some("t".into()),
                ..AccessControl::default()
            },
            AccessControl {
                sessions: sessions.clone(),
                identity_header: Some("x-user".into()),
                ..AccessControl::default()
            },
        ];
        for control in mixed {
            let policy = AccessPolicy {
                control,
                ..AccessPolicy::default()
            };
            assert!(policy
                .check()
                .unwrap_err()
                .to_string()
                .contains("one access mode"));
        }
        let scoped = AccessPolicy {
            control: AccessControl {
                sessions,
                ..AccessControl::default()
            },
            allowed_instances: ["ins-1".to_owned()].into(),
            ..AccessPolicy::default()
        };
        assert!(scoped.check().is_err());
        let caller = AccessPolicy::default()
            .authenticate(&HeaderMap::new(), Some("127.0.0.1".parse().unwrap()))
            .unwrap();
        assert_eq!(
            (caller.actor.as_str(), caller.share.as_str()),
            ("console", "127.0.0.1")
        );
    }
}
