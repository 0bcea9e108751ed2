//! Durations and Unix time for the servers' flags and signatures. Pure: the caller reads the
//! clock and passes the time in, so this crate still has no clock of its own.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A command-line number of seconds as a `Duration`; the error names the flag.
pub fn seconds(value: f64, flag: &str) -> Result<Duration, String> {
    Duration::try_from_secs_f64(value)
        .map_err(|_| format!("--{flag} must be a non-negative number of seconds (got {value})"))
}

/// Unix seconds of a point in time (0 before 1970), as `X-ZC-Timestamp` carries them.
pub fn unix_seconds(at: SystemTime) -> i64 {
    at.duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_accepts_fractions_and_names_the_flag_when_refusing() {
        assert_eq!(seconds(0.25, "x"), Ok(Duration::from_millis(250)));
        assert!(seconds(-1.0, "status-interval")
            .unwrap_err()
            .contains("--status-interval"));
        assert!(seconds(f64::NAN, "x").is_err());
    }

    #[test]
    fn unix_seconds_counts_from_the_epoch() {
        assert_eq!(
            unix_seconds(UNIX_EPOCH + Duration::from_secs(1_700_000_000)),
            1_700_000_000
        );
        assert_eq!(unix_seconds(UNIX_EPOCH - Duration::from_secs(5)), 0);
    }
}
