//! A portal session as the browser keeps it: when to ask the portal for a fresh one, and
//! which refusals a fresh one cures. The browser reads `exp` and `iat` from the session's
//! payload without verifying it (the proxy verifies); nothing here needs a clock of its own.
//!
//! The browser's clock may be wrong, so a refresh is scheduled from the session's own
//! lifetime (`exp − iat`) counted from when it arrived, not by comparing `exp` with the
//! browser's clock. A session that was already old when it arrived (a page rendered long
//! ago) is caught by the proxy's 401 `SESSION_EXPIRED`: the portal is asked once, and the
//! call is sent again with the fresh session.

use zec_api::ErrorCode;

use crate::error::ApiError;

/// The times a session names (Unix seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionTimes {
    pub expires_at: i64,
    pub issued_at: Option<i64>,
}

/// Refresh at most this long before the session expires...
pub const MAX_REFRESH_MARGIN_MS: f64 = 60_000.0;
/// ...and never sooner than this after it arrived, so a session that looks expired (a wrong
/// clock, a portal minting short sessions) cannot make the browser ask in a loop.
pub const MIN_REFRESH_DELAY_MS: f64 = 5_000.0;

/// When (browser milliseconds) to ask for a fresh session: a fifth of its lifetime before it
/// ends, at most a minute before, counted from `received_at_ms`.
pub fn refresh_at_ms(times: SessionTimes, received_at_ms: f64) -> f64 {
    let lifetime_ms = match times.issued_at {
        Some(issued_at) => (times.expires_at - issued_at) as f64 * 1000.0,
        // Without `iat` only the browser's clock can say how long is left.
        None => times.expires_at as f64 * 1000.0 - received_at_ms,
    };
    let margin_ms = (lifetime_ms / 5.0).min(MAX_REFRESH_MARGIN_MS);
    received_at_ms + (lifetime_ms - margin_ms).max(MIN_REFRESH_DELAY_MS)
}

/// Whether the proxy refused the call because the session expired. It checks the session
/// before anything is forwarded, so the call did not happen: it may be sent once more with
/// a fresh session, a state-changing one included. A call whose answer was lost is never
/// sent again (its flow asks the API what happened).
pub fn session_expired(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::Refused {
            status: 401,
            code: ErrorCode::SessionExpired,
            ..
        }
    )
}

/// Whether the proxy wants a session the page does not have (or does not accept it): no
/// retry helps, the page must get one from the portal.
pub fn session_refused(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::Refused {
            status: 401,
            code: ErrorCode::Unauthorized | ErrorCode::SessionExpired,
            ..
        }
    )
}
