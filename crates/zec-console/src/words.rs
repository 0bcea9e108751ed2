//! Words the console uses for the API's values: statuses in plain words (with the code as a
//! detail where it differs), counts with their plural, and the one date-time format.

use zec_api::{InstanceStatus, ReinstallPhase};

use crate::active::Outcome;
use crate::changed::Change;

/// A status in plain words.
pub fn status(status: &InstanceStatus) -> &str {
    use InstanceStatus::*;
    match status {
        Pending => "Pending",
        Deploying => "Installing",
        Rebuilding => "Rebuilding",
        Booting => "Booting",
        Starting => "Starting",
        Running => "Running",
        Stopping => "Powering off",
        Stopped => "Powered off",
        Reboot => "Rebooting",
        Releasing => "Releasing",
        Recycle => "In the recycle bin",
        Recycling => "Being recycled",
        Imaging => "Making an image",
        Resizing => "Resizing",
        CreateFailed => "Creation failed",
        ReinstallFailed => "Reinstall failed",
        Unknown(code) => code,
    }
}

/// "Reinstall failed (REINSTALL_FAILED)", "Running": the API's code follows the words when
/// they say it differently.
pub fn status_with_code(status: &InstanceStatus) -> String {
    let words = self::status(status);
    if words.to_ascii_uppercase() == status.as_str() {
        words.to_owned()
    } else {
        format!("{words} ({status})")
    }
}

/// "1 instance", "3 instances".
pub fn count(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// The one date-time format: "2026-11-28 20:27 UTC" (the API speaks UTC).
pub fn date_time(unix_seconds: i64) -> String {
    let text = zec_api::time::format_utc(unix_seconds);
    format!("{} {} UTC", &text[..10], &text[11..16])
}

/// The same for milliseconds since the epoch (the browser's clock).
pub fn date_time_ms(ms: f64) -> String {
    date_time((ms / 1000.0).floor() as i64)
}

/// An API timestamp (`2026-11-28T20:31:19Z`) in the one format; anything else as it is.
pub fn api_time(text: &str) -> String {
    zec_api::time::parse_utc(text).map_or_else(|| text.to_owned(), date_time)
}

/// Why a reviewed plan can no longer be confirmed.
pub fn change(change: &Change, name: &str) -> String {
    match change {
        Change::Status(now) => format!(
            "{name} is no longer powered off: its status is {} now.",
            status_with_code(now)
        ),
        Change::Image => {
            format!(
                "{name} runs another image than when you reviewed (it was reinstalled meanwhile)."
            )
        }
        Change::OtherTab => format!("Another tab of this browser confirmed a reinstall of {name}."),
    }
}

/// What a screen reader hears about a reinstall: its state changes only, never a clock.
/// `None` while it was sent and the instance has not started installing yet.
pub fn reinstall_announcement(outcome: Option<Outcome>, now: &InstanceStatus) -> String {
    match outcome {
        Some(Outcome::Running) => "Reinstall finished: the instance is running.".to_owned(),
        Some(Outcome::Failed) => {
            format!("Reinstall failed ({}).", InstanceStatus::ReinstallFailed)
        }
        None if now.reinstall_phase() == ReinstallPhase::InProgress => {
            format!("Reinstall in progress: {}.", status_with_code(now))
        }
        None => "Reinstall sent: waiting for the instance to start installing.".to_owned(),
    }
}

/// A snapshot's status in plain words, with its code: "being taken (CREATING)".
pub fn snapshot_status(status: &zec_api::SnapshotStatus) -> String {
    use zec_api::SnapshotStatus::*;
    let words = match status {
        Creating => "being taken",
        Available => "ready",
        Failed => "failed",
        RollingBack => "rolling back",
        Deleting => "being deleted",
        Unknown(code) => return code.clone(),
    };
    format!("{words} ({status})")
}
