//! Every sentence the fleet flow shows, built here from typed data: one place to read
//! them and, later, to translate them.

use zec_api::InstanceStatus;

use crate::power_off::PowerResult;

mod table;
pub use table::*;

pub use crate::words::count;

pub fn instances(n: usize) -> String {
    count(n, "instance", "instances")
}

// Why a row did not get where it was going.

pub fn listed_as_failed() -> String {
    "The API did not start its reinstall (listed as failed).".to_owned()
}

pub fn still(status: &InstanceStatus) -> String {
    format!("The API says it is still {status}: the reinstall did not start.")
}

pub fn snapshot_failed() -> String {
    "The snapshot failed (FAILED); nothing was erased.".to_owned()
}

pub fn snapshot_not_created() -> String {
    "The snapshot was not created; nothing was erased.".to_owned()
}

pub fn snapshot_disappeared() -> String {
    "The snapshot disappeared before it was ready; nothing was erased.".to_owned()
}

pub fn no_snapshot() -> String {
    "No snapshot was taken of this instance's boot disk.".to_owned()
}

pub fn not_powered_off(result: &PowerResult) -> String {
    format!("{} Nothing was rolled back.", result.sentence())
}

pub fn rollback_not_started() -> String {
    "The rollback did not start: the snapshot is unchanged. Nothing was sent again.".to_owned()
}

pub fn snapshot_gone() -> String {
    "The snapshot is no longer listed; the rollback cannot be followed.".to_owned()
}

pub fn not_deleted() -> String {
    "The API could not delete the snapshot.".to_owned()
}

pub fn not_deleted_nothing_sent() -> String {
    "The snapshot was not deleted. Nothing was sent again.".to_owned()
}

/// "web-01, db-01 and 3 more": a few names, then how many more.
pub fn names(names: &[String]) -> String {
    const SHOWN: usize = 3;
    match names.len() {
        n if n <= SHOWN => names.join(", "),
        n => format!("{} and {} more", names[..SHOWN].join(", "), n - SHOWN),
    }
}

// The plan.

pub fn plan_title(n: usize) -> String {
    format!("Reinstall {} with one plan", instances(n))
}

pub fn review_button(n: usize) -> String {
    format!("Review the reinstall of {}", instances(n))
}

pub fn power_off_button(n: usize) -> String {
    format!("Power off {}…", instances(n))
}

pub fn power_off_question(names: &[String]) -> String {
    format!(
        "Power off {}: {}?",
        instances(names.len()),
        self::names(names)
    )
}

pub fn power_off_confirm(n: usize) -> String {
    format!("Power off {}", instances(n))
}

pub fn spare(n: usize, kept_until: &str) -> String {
    format!(
        "Snapshots taken for an earlier plan of {} are used by the next review instead of new ones; they are kept {kept_until}.",
        instances(n)
    )
}

pub fn left_out(names: &[String]) -> String {
    format!(
        "Left out after their snapshot failed: {}. Nothing was erased.",
        self::names(names)
    )
}

pub fn spare_deleted(deleted: usize, failed: &[String]) -> String {
    let mut text = format!("{} deleted.", count(deleted, "snapshot", "snapshots"));
    if let Some(why) = failed.first() {
        text.push_str(&format!(
            " Not deleted: {} ({why})",
            count(failed.len(), "snapshot", "snapshots")
        ));
    }
    text
}

pub fn snapshot_name_hint() -> String {
    "Each boot disk gets its own snapshot with this name; empty: before-reinstall-<instance name>-<date and time>.".to_owned()
}

// The review.

pub fn review_title(n: usize) -> String {
    format!("Erase the boot disks of {} and reinstall?", instances(n))
}

pub fn review_headline(n: usize, image_name: &str) -> String {
    format!(
        "{} get {image_name}. Each keeps its name, IP addresses and data disks.",
        instances(n)
    )
}

pub fn erased(n: usize, gib: u32) -> String {
    format!(
        "Everything on the boot disks of {} ({gib} GiB in all): files, installed software and settings.",
        instances(n)
    )
}

/// One login line: for every instance, or for those named.
pub fn login_line(how: &str, names: &[String], everyone: bool) -> String {
    match everyone {
        true => format!("Log in with {how}."),
        false => format!("{}: log in with {how}.", self::names(names)),
    }
}

/// A value across the batch: the one value, or each with its instances.
pub fn spread(values: &[crate::fleet::review::Spread]) -> String {
    match values {
        [one] => one.value.clone(),
        many if many.len() > 4 => format!("{} different values", many.len()),
        many => many
            .iter()
            .map(|s| format!("{} ({})", s.value, self::names(&s.instances)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// The "Now" of a setting: its values, or that each instance has its own when it does
/// not change.
pub fn now(change: &crate::fleet::review::FleetChange) -> String {
    match (change.changed, change.before.len()) {
        (false, n) if n > 1 => "each its own".to_owned(),
        _ => spread(&change.before),
    }
}

pub fn kept(labels: &[&str]) -> String {
    format!("Kept on each instance: {}.", labels.join(", "))
}

pub fn undo_line(snapshot_name: Option<&str>, kept_until: Option<&str>) -> String {
    match (snapshot_name, kept_until) {
        (Some(name), Some(until)) => format!(
            "A snapshot of each boot disk is taken first ({name}, …); the batch can be rolled back from its table {until}."
        ),
        _ => "No snapshot is taken: this cannot be undone.".to_owned(),
    }
}

pub fn calls(chunks: usize) -> String {
    format!(
        "Sent as {chunks} calls of at most {} instances.",
        zec_api::rules::MAX_INSTANCE_IDS
    )
}

pub fn confirm_button(n: usize) -> String {
    format!("Erase {} and reinstall", count(n, "disk", "disks"))
}

pub fn acknowledgement() -> String {
    "I have another way into these instances (for example their console)".to_owned()
}

/// Why an instance of the plan can no longer be confirmed.
pub fn change(change: &crate::fleet::changed::Change, name: &str) -> String {
    use crate::fleet::changed::Change;
    match change {
        Change::Status(now) => format!(
            "{name} changed since you reviewed it: it is {} now.",
            crate::words::status_with_code(now)
        ),
        Change::Image => {
            format!("{name} changed since you reviewed it: it runs another image now.")
        }
        Change::OtherTab => {
            format!("{name} changed since you reviewed it: another tab of this browser confirmed a reinstall of it.")
        }
    }
}

pub fn changed_since_review() -> String {
    "The instance changed since you reviewed it. Review the plan again.".to_owned()
}

// The snapshots taken first.

pub fn snapshots_title(taken: usize, all: usize) -> String {
    format!("Snapshots before the reinstall: {taken} of {all} taken")
}

pub fn shot(shot: &crate::fleet::snapshots::Shot) -> (String, &'static str) {
    use crate::fleet::snapshots::Shot;
    match shot {
        Shot::Queued => ("Waiting for its turn".to_owned(), "neutral"),
        Shot::Creating => ("Requested".to_owned(), "busy"),
        Shot::Finding(_) => (
            "No answer came back: looking it up; nothing is created twice".to_owned(),
            "busy",
        ),
        Shot::Following { status, .. } => (status.to_string(), "busy"),
        Shot::Taken(_) => ("AVAILABLE".to_owned(), "good"),
        Shot::Failed(why) => (why.clone(), "bad"),
    }
}

pub fn snapshots_failed(names: &[String]) -> String {
    format!(
        "The reinstall was not started: the snapshot of {} failed. Nothing was erased.",
        self::names(names)
    )
}

pub fn waiting_for_snapshots() -> String {
    "Waiting for the snapshots on their way before you choose…".to_owned()
}

pub fn leave_out_button(names: &[String]) -> String {
    format!("Leave out {} and review again", self::names(names))
}

pub fn retry_snapshot_button(name: &str) -> String {
    format!("Retry the snapshot of {name}")
}

pub fn interrupted() -> String {
    "The page was left while the snapshots were being taken: nothing was erased and the reinstall was not sent. Review the plan again (the password is asked again); the snapshots already taken are used."
        .to_owned()
}
