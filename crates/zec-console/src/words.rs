//! Words the console uses for the API's values: statuses in plain words (with the code as a
//! detail where it differs), counts with their plural, and the one date-time format.

use zec_api::{InstanceStatus, ReinstallPhase};

use crate::active::Outcome;
use crate::changed::Change;
use crate::i18n::{msg, text, word, Id};

/// A status in plain words.
pub fn status(status: &InstanceStatus) -> String {
    use InstanceStatus::*;
    word(match status {
        Pending => Id::StatusPending,
        Deploying => Id::StatusDeploying,
        Rebuilding => Id::StatusRebuilding,
        Booting => Id::StatusBooting,
        Starting => Id::StatusStarting,
        Running => Id::StatusRunning,
        Stopping => Id::StatusStopping,
        Stopped => Id::StatusStopped,
        Reboot => Id::StatusReboot,
        Releasing => Id::StatusReleasing,
        Recycle => Id::StatusRecycle,
        Recycling => Id::StatusRecycling,
        Imaging => Id::StatusImaging,
        Resizing => Id::StatusResizing,
        CreateFailed => Id::StatusCreateFailed,
        ReinstallFailed => Id::StatusReinstallFailed,
        Unknown(code) => return code.clone(),
    })
}

/// "Reinstall failed (REINSTALL_FAILED)", "Running": the API's code follows the words when
/// they say it differently.
pub fn status_with_code(status: &InstanceStatus) -> String {
    let words = self::status(status);
    if words.to_ascii_uppercase() == status.as_str() {
        words
    } else {
        text(msg::WithCode {
            words,
            code: status.to_string(),
        })
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
    let name = name.to_owned();
    match change {
        Change::Status(now) => text(msg::ChangedStatus {
            name,
            status: status_with_code(now),
        }),
        Change::Image => text(msg::ChangedImage { name }),
        Change::OtherTab => text(msg::ChangedOtherTab { name }),
    }
}

/// What a screen reader hears about a reinstall: its state changes only, never a clock.
/// `None` while it was sent and the instance has not started installing yet.
pub fn reinstall_announcement(outcome: Option<Outcome>, now: &InstanceStatus) -> String {
    match outcome {
        Some(Outcome::Running) => word(Id::AnnounceFinished),
        Some(Outcome::Failed) => text(msg::AnnounceFailed {
            code: InstanceStatus::ReinstallFailed.to_string(),
        }),
        None if now.reinstall_phase() == ReinstallPhase::InProgress => {
            text(msg::AnnounceInProgress {
                status: status_with_code(now),
            })
        }
        None => word(Id::AnnounceSent),
    }
}

/// A snapshot's status in plain words, with its code: "being taken (CREATING)".
pub fn snapshot_status(status: &zec_api::SnapshotStatus) -> String {
    use zec_api::SnapshotStatus::*;
    let words = word(match status {
        Creating => Id::SnapshotCreating,
        Available => Id::SnapshotAvailable,
        Failed => Id::SnapshotFailed,
        RollingBack => Id::SnapshotRollingBack,
        Deleting => Id::SnapshotDeleting,
        Unknown(code) => return code.clone(),
    });
    text(msg::WithCode {
        words,
        code: status.to_string(),
    })
}
