//! Portal sessions in the browser: when a fresh one is asked for, and which refusals it
//! cures; the live status's reconnection policy.

use std::time::Duration;

use zec_api::ErrorCode;
use zec_console::live::{refused_open, Next, Reconnect, StreamEnd, MAX_BACKOFF};
use zec_console::portal::{
    refresh_at_ms, session_expired, session_refused, SessionTimes, MIN_REFRESH_DELAY_MS,
};
use zec_console::ApiError;

fn refused(status: u16, code: &str) -> ApiError {
    ApiError::Refused {
        status,
        code: ErrorCode::from(code),
        message: String::new(),
        request_id: String::new(),
    }
}

#[test]
fn a_session_is_renewed_before_it_ends_counted_from_its_arrival() {
    let received = 5_000_000.0;
    // 15 minutes: a minute before the end (a fifth would be three).
    let fifteen = SessionTimes {
        expires_at: 1_000_900,
        issued_at: Some(1_000_000),
    };
    assert_eq!(refresh_at_ms(fifteen, received), received + 840_000.0);
    // 60 seconds: a fifth before the end.
    let minute = SessionTimes {
        expires_at: 1_000_060,
        issued_at: Some(1_000_000),
    };
    assert_eq!(refresh_at_ms(minute, received), received + 48_000.0);
}

#[test]
fn the_browser_clock_does_not_matter_when_the_session_says_when_it_was_issued() {
    let times = SessionTimes {
        expires_at: 2_000_600,
        issued_at: Some(2_000_000),
    };
    // The same delay whatever the browser's clock reads.
    for received in [0.0, 1.0e12, 2.0e12 + 600_000.0, 9.9e12] {
        assert_eq!(refresh_at_ms(times, received) - received, 540_000.0);
    }
    // Without `iat`, the clock is all there is.
    let no_iat = SessionTimes {
        expires_at: 1_000,
        issued_at: None,
    };
    assert_eq!(refresh_at_ms(no_iat, 400_000.0), 400_000.0 + 540_000.0);
}

#[test]
fn a_session_that_looks_expired_is_not_renewed_in_a_loop() {
    let old = SessionTimes {
        expires_at: 100,
        issued_at: None,
    };
    let received = 1.0e12;
    assert_eq!(
        refresh_at_ms(old, received),
        received + MIN_REFRESH_DELAY_MS
    );
    let backwards = SessionTimes {
        expires_at: 100,
        issued_at: Some(200),
    };
    assert_eq!(
        refresh_at_ms(backwards, received),
        received + MIN_REFRESH_DELAY_MS
    );
}

#[test]
fn only_an_expired_session_is_worth_a_retry() {
    assert!(session_expired(&refused(401, "SESSION_EXPIRED")));
    for other in [
        refused(401, "UNAUTHORIZED"),
        refused(403, "ACTION_NOT_ALLOWED"),
        refused(400, "SESSION_EXPIRED"),
        ApiError::Transport {
            detail: "lost".into(),
            may_have_arrived: true,
        },
    ] {
        assert!(!session_expired(&other), "{other:?}");
    }
    assert!(session_refused(&refused(401, "UNAUTHORIZED")));
    assert!(session_refused(&refused(401, "SESSION_EXPIRED")));
    assert!(!session_refused(&refused(403, "RESOURCE_NOT_ALLOWED")));
}

#[test]
fn a_broken_stream_is_reopened_at_once_then_with_growing_waits() {
    let mut policy = Reconnect::default();
    policy.opened();
    let at_once = Next::Reconnect {
        delay: Duration::ZERO,
        quiet: false,
    };
    assert_eq!(policy.next(StreamEnd::Lost { was_open: true }), at_once);
    let delays: Vec<Duration> = (0..8)
        .map(|_| match policy.next(StreamEnd::Lost { was_open: false }) {
            Next::Reconnect { delay, .. } => delay,
            other => panic!("{other:?}"),
        })
        .collect();
    let seconds: Vec<u64> = delays.iter().map(Duration::as_secs).collect();
    assert_eq!(seconds, [1, 2, 4, 8, 16, 30, 30, 30]);
    assert!(delays.iter().all(|d| *d <= MAX_BACKOFF));
    // Open again: the next break is retried at once.
    policy.opened();
    assert_eq!(policy.next(StreamEnd::Lost { was_open: true }), at_once);
}

#[test]
fn only_a_stream_that_cannot_be_had_falls_back_to_polling() {
    let mut policy = Reconnect::default();
    assert_eq!(
        policy.next(StreamEnd::SessionExpired),
        Next::RefreshThenReconnect
    );
    assert_eq!(policy.next(StreamEnd::Unavailable), Next::Poll);
    assert!(
        matches!(policy.next(StreamEnd::Closing), Next::Reconnect { delay, .. } if delay > Duration::ZERO)
    );
    // Many failures in a row never turn into polling by themselves.
    for _ in 0..100 {
        assert_ne!(policy.next(StreamEnd::Lost { was_open: false }), Next::Poll);
    }
}

#[test]
fn how_an_answer_to_opening_the_stream_is_read() {
    assert_eq!(refused_open(200, None, true), None);
    assert_eq!(refused_open(200, None, false), Some(StreamEnd::Unavailable));
    assert_eq!(refused_open(404, None, false), Some(StreamEnd::Unavailable));
    assert_eq!(refused_open(501, None, false), Some(StreamEnd::Unavailable));
    assert_eq!(
        refused_open(401, Some("SESSION_EXPIRED"), false),
        Some(StreamEnd::SessionExpired)
    );
    assert_eq!(
        refused_open(429, Some("TOO_MANY_STREAMS"), false),
        Some(StreamEnd::Unavailable)
    );
    // A refusal in the proxy's envelope is not a missing route: retried with backoff.
    for (status, code) in [
        (404, Some("INVALID_INSTANCE_NOT_FOUND")),
        (401, Some("UNAUTHORIZED")),
        (429, Some("WATCH_LIMIT_EXCEEDED")),
        (502, Some("UPSTREAM_UNREACHABLE")),
        (502, None),
    ] {
        assert_eq!(
            refused_open(status, code, false),
            Some(StreamEnd::Lost { was_open: false }),
            "{status} {code:?}"
        );
    }
}

#[test]
fn only_the_proxys_pace_refusals_are_busy() {
    let refused = |status: u16, code: ErrorCode| ApiError::Refused {
        status,
        code,
        message: String::new(),
        request_id: String::new(),
    };
    assert!(refused(429, ErrorCode::TooManyRequests).is_busy());
    assert!(refused(429, ErrorCode::UpstreamBusy).is_busy());
    // The API's own quota, a stream share, anything else: not asked again by itself.
    assert!(!refused(429, ErrorCode::TooManyStreams).is_busy());
    assert!(!refused(403, ErrorCode::ResourceNotAllowed).is_busy());
    let lost = ApiError::Transport {
        detail: "network".into(),
        may_have_arrived: true,
    };
    assert!(!lost.is_busy());
}
