//! Durations, Unix time and the API's UTC timestamps. Pure: the caller reads the clock and
//! passes the time in, so this crate has no clock of its own; the calendar is chrono's
//! (without its clock or any JavaScript binding, so the browser build needs neither).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

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

/// The range `format_utc` writes: years 0000–9999, as `yyyy` has four digits.
const FIRST_WRITABLE: i64 = -62_167_219_200; // 0000-01-01T00:00:00Z
const LAST_WRITABLE: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z

/// Reads the API's UTC timestamps, exactly `yyyy-MM-ddTHH:mm:ssZ`, as Unix seconds. `None`
/// for any other spelling or an impossible date (Feb 30, hour 24).
pub fn parse_utc(text: &str) -> Option<i64> {
    // The exact shape (four-digit year, two-digit fields, no sign, no offset) is the API's.
    let shape = "dddd-dd-ddTdd:dd:ddZ";
    let exact = text.len() == shape.len()
        && text
            .bytes()
            .zip(shape.bytes())
            .all(|(byte, expected)| match expected {
                b'd' => byte.is_ascii_digit(),
                _ => byte == expected,
            });
    if !exact {
        return None;
    }
    // The fields by position (the shape is checked): chrono's calendar says whether the date
    // and time exist, without its format parser (12 KB of the browser's first download).
    let field = |at: usize, len: usize| text[at..at + len].parse::<u32>().ok();
    let date = NaiveDate::from_ymd_opt(field(0, 4)? as i32, field(5, 2)?, field(8, 2)?)?;
    // `and_hms_opt` refuses second 60: a leap second is not a time the API writes.
    let time = date.and_hms_opt(field(11, 2)?, field(14, 2)?, field(17, 2)?)?;
    Some(time.and_utc().timestamp())
}

/// Unix seconds written the API's way, `yyyy-MM-ddTHH:mm:ssZ` (clamped to years 0000–9999).
pub fn format_utc(unix: i64) -> String {
    let at = DateTime::<Utc>::from_timestamp(unix.clamp(FIRST_WRITABLE, LAST_WRITABLE), 0)
        .unwrap_or_default();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
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
    fn utc_timestamps_round_trip_and_refuse_other_spellings() {
        assert_eq!(parse_utc("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_utc("2023-11-14T22:13:20Z"), Some(1_700_000_000));
        assert_eq!(format_utc(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(parse_utc("2024-02-29T23:59:59Z"), Some(1_709_251_199));
        for unix in [0, 951_782_400, 1_709_251_199, 4_102_444_800, 86_399, -1] {
            assert_eq!(parse_utc(&format_utc(unix)), Some(unix), "{unix}");
        }
        assert_eq!(format_utc(i64::MAX), "9999-12-31T23:59:59Z");
        for bad in [
            "2023-02-29T00:00:00Z",
            "2023-13-01T00:00:00Z",
            "2023-01-01T24:00:00Z",
            "2023-01-01T00:60:00Z",
            "2023-01-01 00:00:00Z",
            "2023-01-01T00:00:00",
            "2023-01-01T00:00:00+00:00",
            "2023-1-01T00:00:00Z",
            "+023-01-01T00:00:00Z",
            "2023-01-01T23:59:60Z",
            "",
        ] {
            assert_eq!(parse_utc(bad), None, "{bad}");
        }
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
