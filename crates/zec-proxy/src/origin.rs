//! Where requests may come from. A page on another site must never act with the proxy's
//! credentials, and DNS rebinding (a foreign name resolving to this server) must not make a
//! foreign page "same-origin":
//!
//! - the host a request names (`Host` over HTTP/1.1, the URI's authority over HTTP/2) must be
//!   one this server answers for: its listen address (plus `localhost`, `127.0.0.1` and
//!   `[::1]` when it listens on loopback) and each `--public-origin`; else 421;
//! - an `Origin`, when sent, must equal an allowed origin, scheme and port included;
//! - `Sec-Fetch-Site` must be `same-origin` or `none` (typed address, bookmark; an `Origin`
//!   sent with it is still checked); `same-site` and `cross-site` are refused.
//!
//! Clients that are not browsers (curl, SDKs) send neither `Origin` nor `Sec-Fetch-Site` and
//! pass, as long as they name an allowed host. `Host`, `Origin` and `Sec-Fetch-Site` sent
//! more than once are 400 `DUPLICATE_HEADER` (RFC 9112: several Host headers are a 400), never
//! read by their first value.

use std::collections::BTreeSet;
use std::net::SocketAddr;

use axum::http::{header, HeaderMap, Uri};
use zec_api::{ErrorCode, Refusal};

use crate::identify::single;

/// Reads a `--public-origin`: `http://` or `https://`, a host, an optional port, nothing else
/// (no path, query or user). `portal.example.com:443` without a scheme is refused instead of
/// being read as a URL of scheme `portal.example.com`.
pub fn parse_public_origin(text: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(text).map_err(|error| format!("{text:?} is not a URL: {error}"))?;
    let plain = matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty()
        && url.password().is_none();
    if !plain {
        return Err(format!(
            "{text:?} is not an origin: write the scheme, host and optional port, e.g. \
             https://portal.example.com or http://10.0.0.5:8080"
        ));
    }
    Ok(url)
}

/// The hosts and origins this server answers for.
#[derive(Clone, Debug, Default)]
pub struct AllowedOrigins {
    /// `host[:port]`, lower-case, as a `Host` header or `:authority` names them.
    hosts: BTreeSet<String>,
    /// `scheme://host[:port]`, lower-case, as an `Origin` header names them.
    origins: BTreeSet<String>,
}

impl AllowedOrigins {
    /// The listen address (with the loopback names when it is a loopback or unspecified
    /// address) and every public origin.
    pub fn new(listen: SocketAddr, public_origins: &[url::Url]) -> AllowedOrigins {
        let mut allowed = AllowedOrigins::default();
        let port = listen.port();
        let ip = listen.ip();
        if ip.is_loopback() || ip.is_unspecified() {
            for name in ["localhost", "127.0.0.1", "[::1]"] {
                allowed.add("http", name, port);
            }
        }
        if !ip.is_unspecified() {
            let name = match ip {
                std::net::IpAddr::V4(v4) => v4.to_string(),
                std::net::IpAddr::V6(v6) => format!("[{v6}]"),
            };
            allowed.add("http", &name, port);
        }
        for origin in public_origins {
            if let (Some(host), Some(port)) = (origin.host_str(), origin.port_or_known_default()) {
                allowed.add(origin.scheme(), host, port);
            }
        }
        allowed
    }

    fn add(&mut self, scheme: &str, host: &str, port: u16) {
        let host = host.to_ascii_lowercase();
        let default_port = match scheme {
            "http" => 80,
            "https" => 443,
            _ => 0,
        };
        self.hosts.insert(format!("{host}:{port}"));
        if port == default_port {
            self.hosts.insert(host.clone());
            self.origins.insert(format!("{scheme}://{host}"));
        } else {
            self.origins.insert(format!("{scheme}://{host}:{port}"));
        }
    }

    pub fn hosts(&self) -> impl Iterator<Item = &str> {
        self.hosts.iter().map(String::as_str)
    }

    pub fn origins(&self) -> impl Iterator<Item = &str> {
        self.origins.iter().map(String::as_str)
    }

    /// The host the request names: `Host` (HTTP/1.1) or the URI's authority (HTTP/2, and
    /// absolute-form HTTP/1.1 requests).
    pub fn requested_host<'a>(uri: &'a Uri, headers: &'a HeaderMap) -> Option<&'a str> {
        uri.authority()
            .map(|authority| authority.as_str())
            .or_else(|| {
                headers
                    .get(header::HOST)
                    .and_then(|value| value.to_str().ok())
            })
    }

    pub fn allows_host(&self, uri: &Uri, headers: &HeaderMap) -> bool {
        Self::requested_host(uri, headers)
            .is_some_and(|host| self.hosts.contains(&host.to_ascii_lowercase()))
    }

    /// The host check alone: 421 in the API's envelope when the request names a host this
    /// server does not answer for.
    pub fn check_host(&self, uri: &Uri, headers: &HeaderMap) -> Result<(), Refusal> {
        single(headers, header::HOST.as_str())?;
        if self.allows_host(uri, headers) {
            Ok(())
        } else {
            Err(Refusal::with(
                ErrorCode::MisdirectedRequest,
                "This server does not answer for that host name. Open the console at its own \
                 address, or start the proxy with --public-origin for the address you use.",
            ))
        }
    }

    /// The browser's own statement of where the request comes from.
    pub fn check_origin(&self, headers: &HeaderMap) -> Result<(), Refusal> {
        let refuse = || {
            Err(Refusal::with(
                ErrorCode::CrossSiteRequest,
                "Requests from another site are refused; open the console from this server.",
            ))
        };
        if let Some(origin) = single(headers, header::ORIGIN.as_str())? {
            let origin = origin.to_str().unwrap_or("").to_ascii_lowercase();
            if !self.origins.contains(origin.trim_end_matches('/')) {
                return refuse();
            }
        }
        match single(headers, "sec-fetch-site")?.map(|value| value.to_str().unwrap_or("")) {
            None | Some("same-origin") | Some("none") => Ok(()),
            Some(_) => refuse(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn loopback_listeners_answer_for_the_loopback_names() {
        let allowed = AllowedOrigins::new("127.0.0.1:8080".parse().unwrap(), &[]);
        let hosts: Vec<&str> = allowed.hosts().collect();
        assert_eq!(hosts, ["127.0.0.1:8080", "[::1]:8080", "localhost:8080"]);
        let uri: Uri = "/api/v2/zec".parse().unwrap();
        assert!(allowed.allows_host(&uri, &headers(&[("host", "LOCALHOST:8080")])));
        assert!(!allowed.allows_host(&uri, &headers(&[("host", "localhost:8081")])));
        assert!(!allowed.allows_host(&uri, &headers(&[("host", "rebind.evil.example:8080")])));
        assert!(!allowed.allows_host(&uri, &HeaderMap::new()));
        // HTTP/2: the authority, no Host header.
        let h2: Uri = "http://127.0.0.1:8080/api/v2/zec".parse().unwrap();
        assert!(allowed.allows_host(&h2, &HeaderMap::new()));
    }

    #[test]
    fn public_origins_add_their_host_and_scheme() {
        let allowed = AllowedOrigins::new(
            "0.0.0.0:8080".parse().unwrap(),
            &["https://portal.example.com".parse().unwrap()],
        );
        let uri: Uri = "/".parse().unwrap();
        assert!(allowed.allows_host(&uri, &headers(&[("host", "portal.example.com")])));
        assert!(allowed.allows_host(&uri, &headers(&[("host", "portal.example.com:443")])));
        assert!(allowed
            .check_origin(&headers(&[("origin", "https://portal.example.com")]))
            .is_ok());
        assert!(
            allowed
                .check_origin(&headers(&[("origin", "http://portal.example.com")]))
                .is_err(),
            "the scheme counts"
        );
    }

    #[test]
    fn public_origins_need_a_scheme_and_nothing_but_an_origin() {
        assert!(parse_public_origin("https://portal.example.com").is_ok());
        assert!(parse_public_origin("http://10.0.0.5:8080/").is_ok());
        for bad in [
            "portal.example.com:443",
            "portal.example.com",
            "ftp://portal.example.com",
            "https://portal.example.com/console",
            "https://user@portal.example.com",
        ] {
            assert!(parse_public_origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn headers_that_must_appear_once_are_refused_when_repeated() {
        let allowed = AllowedOrigins::new("127.0.0.1:8080".parse().unwrap(), &[]);
        let uri: Uri = "/".parse().unwrap();
        let mut twice = HeaderMap::new();
        twice.append("host", "127.0.0.1:8080".parse().unwrap());
        twice.append("host", "evil.example".parse().unwrap());
        let refusal = allowed.check_host(&uri, &twice).unwrap_err();
        assert_eq!(refusal.code, ErrorCode::DuplicateHeader);
        for name in ["origin", "sec-fetch-site"] {
            let mut twice = HeaderMap::new();
            twice.append(name, "same-origin".parse().unwrap());
            twice.append(name, "cross-site".parse().unwrap());
            let refusal = allowed.check_origin(&twice).unwrap_err();
            assert_eq!(refusal.code, ErrorCode::DuplicateHeader, "{name}");
        }
    }

    #[test]
    fn origin_and_fetch_site_rules() {
        let allowed = AllowedOrigins::new("127.0.0.1:8080".parse().unwrap(), &[]);
        let ok = |pairs: &[(&'static str, &str)]| allowed.check_origin(&headers(pairs)).is_ok();
        assert!(ok(&[]), "curl sends neither");
        assert!(ok(&[("sec-fetch-site", "same-origin")]));
        assert!(
            ok(&[("origin", "http://127.0.0.1:8080")]),
            "HTTP/2 without fetch metadata"
        );
        assert!(ok(&[("sec-fetch-site", "none")]));
        assert!(!ok(&[
            ("sec-fetch-site", "none"),
            ("origin", "https://evil.example")
        ]));
        assert!(!ok(&[("sec-fetch-site", "cross-site")]));
        assert!(!ok(&[("sec-fetch-site", "same-site")]));
        assert!(!ok(&[("origin", "null")]));
        assert!(!ok(&[("origin", "https://127.0.0.1:8080")]), "wrong scheme");
        assert!(!ok(&[
            ("sec-fetch-site", "same-origin"),
            ("origin", "http://rebind.evil.example:8080")
        ]));
    }
}
