//! Who may use the proxy and for which instances: an optional bearer token or trusted
//! identity header is required, and an optional allowlist of instance ids or resource groups
//! limits what can be seen and changed. (Where requests may come from is `origin.rs`.)

use std::collections::HashSet;

use axum::http::HeaderMap;
use zec_api::{ErrorCode, ProtectionPolicy, Refusal};

use crate::secret::Secret;

/// Debug output shows the token as `<redacted>` (see [`Secret`]).
#[derive(Clone, Debug, Default)]
pub struct AccessPolicy {
    /// Browsers must send `Authorization: Bearer <token>`.
    pub required_token: Option<Secret>,
    /// A header the portal's reverse proxy sets for signed-in users (e.g. X-Portal-User).
    pub identity_header: Option<String>,
    /// Instances that may be seen and changed; empty means all.
    pub allowed_instances: HashSet<String>,
    /// Resource groups whose instances may be seen and changed; empty means all.
    pub allowed_resource_groups: HashSet<String>,
    /// Instances that are never reinstalled, rolled back or powered off through this proxy
    /// (`--protect-tag`, `--protect-instances`; see `protect.rs`).
    pub protection: ProtectionPolicy,
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

impl AccessPolicy {
    pub fn restricts_instances(&self) -> bool {
        !self.allowed_instances.is_empty() || !self.allowed_resource_groups.is_empty()
    }

    /// The caller is a signed-in portal user (when the deployment asks for one). Returns the
    /// user's identity for the log, if any.
    pub fn authenticate(&self, headers: &HeaderMap) -> Result<Option<String>, Refusal> {
        if let Some(token) = &self.required_token {
            let given =
                header(headers, "authorization").and_then(|value| value.strip_prefix("Bearer "));
            if !given.is_some_and(|given| token.matches(given)) {
                return Err(Refusal::with(
                    ErrorCode::Unauthorized,
                    "A valid access token is required.",
                ));
            }
        }
        if let Some(name) = &self.identity_header {
            return match header(headers, name)
                .map(str::trim)
                .filter(|value| !value.is_empty())
            {
                Some(user) => Ok(Some(user.to_owned())),
                None => Err(Refusal::with(
                    ErrorCode::Unauthorized,
                    "Sign in to the portal first.",
                )),
            };
        }
        Ok(None)
    }

    /// Whether an instance (known by id and resource group) may be used.
    pub fn allows(&self, instance_id: &str, resource_group: Option<&str>) -> bool {
        if !self.restricts_instances() {
            return true;
        }
        self.allowed_instances.contains(instance_id)
            || resource_group.is_some_and(|group| self.allowed_resource_groups.contains(group))
    }
}
