//! Who may use the proxy and for which instances: cross-site requests are refused, an optional
//! bearer token or trusted identity header is required, and an optional allowlist of
//! instance ids or resource groups limits what can be seen and changed.

use std::collections::HashSet;

use axum::http::HeaderMap;
use zec_api::ErrorCode;

#[derive(Clone, Debug, Default)]
pub struct AccessPolicy {
    /// Browsers must send `Authorization: Bearer <token>`.
    pub required_token: Option<String>,
    /// A header the portal's reverse proxy sets for signed-in users (e.g. X-Portal-User).
    pub identity_header: Option<String>,
    /// Instances that may be seen and changed; empty means all.
    pub allowed_instances: HashSet<String>,
    /// Resource groups whose instances may be seen and changed; empty means all.
    pub allowed_resource_groups: HashSet<String>,
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
    pub fn authenticate(&self, headers: &HeaderMap) -> Result<Option<String>, (ErrorCode, String)> {
        if let Some(token) = &self.required_token {
            let given =
                header(headers, "authorization").and_then(|value| value.strip_prefix("Bearer "));
            // Constant-time enough for equal-length compare; lengths leak nothing useful here.
            let matches = given.is_some_and(|given| {
                given.len() == token.len()
                    && given
                        .bytes()
                        .zip(token.bytes())
                        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                        == 0
            });
            if !matches {
                return Err((
                    ErrorCode::Unauthorized,
                    "A valid access token is required.".to_owned(),
                ));
            }
        }
        if let Some(name) = &self.identity_header {
            return match header(headers, name)
                .map(str::trim)
                .filter(|value| !value.is_empty())
            {
                Some(user) => Ok(Some(user.to_owned())),
                None => Err((
                    ErrorCode::Unauthorized,
                    "Sign in to the portal first.".to_owned(),
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

/// Cross-site requests are refused: the browser says where a request comes from in
/// `Sec-Fetch-Site` (modern browsers) or `Origin`; a request from another site never gets
/// to act with the proxy's credentials. Non-browser clients send neither and pass.
pub fn check_same_origin(headers: &HeaderMap) -> Result<(), (ErrorCode, String)> {
    let refuse = || {
        Err((
            ErrorCode::CrossSiteRequest,
            "Requests from another site are refused; open the console from this server.".to_owned(),
        ))
    };
    if let Some(site) = header(headers, "sec-fetch-site") {
        return match site {
            "same-origin" | "none" => Ok(()),
            _ => refuse(),
        };
    }
    if let Some(origin) = header(headers, "origin") {
        let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
        if Some(origin_host) != header(headers, "host") {
            return refuse();
        }
    }
    Ok(())
}
