//! The sentences of the batch's table: its rows, calls, rollback, delete and hand-over.

use zec_api::InstanceStatus;

use super::*;

pub fn batch_title(n: usize, image_name: &str) -> String {
    format!("Reinstalling {} with {image_name}", instances(n))
}

pub fn totals(counts: crate::fleet::running::Counts) -> String {
    let mut text = format!(
        "{} in progress · {} running · {} failed",
        counts.in_progress, counts.running, counts.failed
    );
    if counts.rolled_back > 0 {
        text.push_str(&format!(" · {} rolled back", counts.rolled_back));
    }
    text
}

/// A ResetInstances call of the batch: "… call for 3 instances", or with its place among
/// several ("… call 2 of 3, for 100 instances").
pub fn call(index: usize, calls: usize, n: usize) -> String {
    match calls {
        1 => format!("ResetInstances call for {}", instances(n)),
        _ => format!(
            "ResetInstances call {} of {calls}, for {}",
            index + 1,
            instances(n)
        ),
    }
}

pub fn mark(mark: &crate::fleet::undo::Mark) -> String {
    use crate::fleet::undo::Mark;
    match mark {
        Mark::RolledBack => "Rolled back to its snapshot".to_owned(),
        Mark::RollbackFailed(why) => format!("Not rolled back: {why}"),
        Mark::SnapshotDeleted => "Snapshot deleted".to_owned(),
        Mark::DeleteFailed(why) => format!("Snapshot not deleted: {why}"),
        Mark::Unknown => {
            "The page was left while it was rolled back or its snapshot deleted: see its panel."
                .to_owned()
        }
    }
}

/// A rolled-back row's details: its reinstall no longer describes it.
pub fn rolled_back_now(status: Option<&InstanceStatus>) -> String {
    match status {
        Some(status) => format!("Rolled back to its snapshot; the instance is {status} now."),
        None => "Rolled back to its snapshot.".to_owned(),
    }
}

pub fn back(back: &crate::fleet::undo::Back) -> String {
    use crate::fleet::undo::Back;
    match back {
        Back::PoweringOff => "Powering off before the rollback…".to_owned(),
        Back::Queued => "Rollback waiting for its turn".to_owned(),
        Back::Applying => "Rollback requested…".to_owned(),
        Back::Resolving(_) => {
            "No answer came back: reading the snapshot; nothing is sent again".to_owned()
        }
        Back::RollingBack => "Rolling back…".to_owned(),
        Back::RolledBack => "Rolled back to its snapshot".to_owned(),
        Back::Failed(why) => format!("Not rolled back: {why}"),
    }
}

pub fn retry_button(n: usize) -> String {
    format!("Retry the {n} failed…")
}

pub fn rollback_selected_button(n: usize) -> String {
    format!("Roll back {}…", instances(n))
}

pub fn rollback_all_button() -> String {
    "Roll back all…".to_owned()
}

pub fn delete_button(n: usize) -> String {
    format!("Delete the batch's {}…", count(n, "snapshot", "snapshots"))
}

pub fn rollback_title(n: usize) -> String {
    format!("Roll back {} to their snapshots?", instances(n))
}

pub fn rollback_text(names: &[String]) -> String {
    format!(
        "The boot disks of {} return to how they were before this reinstall; everything written to them since is lost. Instances that are not powered off are powered off first.",
        self::names(names)
    )
}

pub fn rollback_confirm(n: usize) -> String {
    format!("Roll back {}", instances(n))
}

pub fn delete_title(n: usize) -> String {
    format!(
        "Delete the {} of this batch?",
        count(n, "snapshot", "snapshots")
    )
}

pub fn delete_text() -> String {
    "The instances can no longer be rolled back to them.".to_owned()
}

pub fn delete_confirm(n: usize) -> String {
    format!("Delete {}", count(n, "snapshot", "snapshots"))
}

pub fn deleting(n: usize) -> String {
    format!("Deleting {}…", count(n, "snapshot", "snapshots"))
}

pub fn rolling_back(done: usize, all: usize) -> String {
    format!("Rolling back: {done} of {all} done…")
}

pub fn handover() -> String {
    "The generated password of these instances is shown only here. Save it now; it is not kept anywhere.".to_owned()
}

pub fn leave_question(risk: crate::fleet::kept::LeaveRisk) -> String {
    use crate::fleet::kept::LeaveRisk;
    match risk {
        LeaveRisk::NotSentYet => "The batch is confirmed and its snapshots are being taken. If you leave, nothing is erased and the reinstall is not sent; reopening the console in this tab shows it again. Leave anyway?".to_owned(),
        LeaveRisk::Running => "The reinstalls go on without this page; reopening the console in this tab shows this table again. Leave?".to_owned(),
        LeaveRisk::Undoing => "A power-off, rollback or delete is on its way; its result is not shown if you leave. Leave anyway?".to_owned(),
    }
}
