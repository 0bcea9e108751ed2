//! What the live status does after each attempt at the proxy's status stream: reconnect
//! (at once after a stream that was open, then backing off), ask the portal for a fresh
//! session first (the stream ended with it), or poll DescribeInstancesStatus, only when the
//! stream route cannot be had at all. The browser's `live_status` runs it.

use std::time::Duration;

/// How one attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamEnd {
    /// The route answered, but not with an event stream (404, 405, 501, another content
    /// type: a server or reverse proxy without it), or the caller's share of streams is
    /// taken (`TOO_MANY_STREAMS`, e.g. other tabs): polling is the only way.
    Unavailable,
    /// 401 `SESSION_EXPIRED` when opening, or `closing` with reason `session-expired`.
    SessionExpired,
    /// `closing` for another reason: the server is going away (a restart, a deploy).
    Closing,
    /// It could not be opened (network error, 5xx, 502 from the API, a refusal), or it was
    /// open and then cut, stalled or ended.
    Lost { was_open: bool },
}

/// What to do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Open the stream again after `delay` (zero: at once); `quiet` when the interruption
    /// is planned and the view need not say the connection was lost.
    Reconnect { delay: Duration, quiet: bool },
    /// Get a fresh session, then open the stream again at once.
    RefreshThenReconnect,
    /// Give up on the stream and poll.
    Poll,
}

/// The first wait after a failure, doubled after each one that follows.
pub const FIRST_BACKOFF: Duration = Duration::from_secs(1);
pub const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// A server going away is given this long before the stream is opened again.
pub const AFTER_CLOSING: Duration = Duration::from_secs(1);
/// A stream silent this long is dead (the proxy sends a heartbeat every 15 s) and is
/// opened again: a connection can die without the browser hearing of it.
pub const STALLED_AFTER: Duration = Duration::from_secs(45);

/// The reconnection policy of one watch: failures in a row since the stream was last open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reconnect {
    failures: u32,
}

impl Reconnect {
    /// The stream is open (its answer was an event stream): the backoff starts over.
    pub fn opened(&mut self) {
        self.failures = 0;
    }

    pub fn next(&mut self, end: StreamEnd) -> Next {
        match end {
            StreamEnd::Unavailable => Next::Poll,
            StreamEnd::SessionExpired => Next::RefreshThenReconnect,
            StreamEnd::Closing => Next::Reconnect {
                delay: AFTER_CLOSING,
                quiet: false,
            },
            // A stream that was open and broke is tried again at once.
            StreamEnd::Lost { was_open: true } if self.failures == 0 => {
                self.failures = 1;
                Next::Reconnect {
                    delay: Duration::ZERO,
                    quiet: false,
                }
            }
            StreamEnd::Lost { .. } => {
                let doublings = self.failures.saturating_sub(1).min(16);
                self.failures = self.failures.saturating_add(1);
                let delay = FIRST_BACKOFF
                    .saturating_mul(1 << doublings)
                    .min(MAX_BACKOFF);
                Next::Reconnect {
                    delay,
                    quiet: false,
                }
            }
        }
    }
}

/// The stream's answer to opening it, as a `StreamEnd` when it is not a stream: `status`,
/// the error code of the proxy's envelope when there is one, and whether the content type
/// is `text/event-stream`.
pub fn refused_open(status: u16, code: Option<&str>, event_stream: bool) -> Option<StreamEnd> {
    match (status, code) {
        (200, _) if event_stream => None,
        (401, Some("SESSION_EXPIRED")) => Some(StreamEnd::SessionExpired),
        (429, Some("TOO_MANY_STREAMS")) => Some(StreamEnd::Unavailable),
        // Our proxy answers every refusal in its envelope: without one, the route is not
        // there (a server or reverse proxy that does not have it), or it is not a stream.
        (404 | 405 | 501, None) | (200, _) => Some(StreamEnd::Unavailable),
        _ => Some(StreamEnd::Lost { was_open: false }),
    }
}
