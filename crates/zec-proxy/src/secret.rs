//! A secret string (the browsers' access token) that never shows itself in Debug output and
//! is compared in constant time.

use std::fmt;

use subtle::ConstantTimeEq;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for the one place that must send or compare it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether `given` equals the secret. The time taken does not depend on where the two
    /// differ (only on their lengths).
    pub fn matches(&self, given: &str) -> bool {
        self.0.as_bytes().ct_eq(given.as_bytes()).into()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_and_matching_is_exact() {
        let secret = Secret::from("portal-token-1");
        assert!(!format!("{secret:?}").contains("portal"));
        assert!(secret.matches("portal-token-1"));
        assert!(!secret.matches("portal-token-2"));
        assert!(!secret.matches("portal-token-1 "));
        assert!(!secret.matches(""));
    }
}
