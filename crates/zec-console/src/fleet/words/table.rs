//! The sentences of the batch's table: its rows, calls, rollback, delete and hand-over.

use zec_api::InstanceStatus;

use super::*;

pub fn batch_title(n: usize, image_name: &str) -> String {
    text(Msg::BatchTitle {
        n,
        image: image_name.to_owned(),
    })
}

pub fn totals(counts: crate::fleet::running::Counts) -> String {
    let totals = text(Msg::Totals {
        in_progress: counts.in_progress,
        running: counts.running,
        failed: counts.failed,
    });
    match counts.rolled_back {
        0 => totals,
        n => text(Msg::TotalsRolledBack { totals, n }),
    }
}

/// A ResetInstances call of the batch: "… call for 3 instances", or with its place among
/// several ("… call 2 of 3, for 100 instances").
pub fn call(index: usize, calls: usize, n: usize) -> String {
    match calls {
        1 => text(Msg::OneCall { n }),
        _ => text(Msg::CallOf {
            index: index + 1,
            calls,
            n,
        }),
    }
}

pub fn mark(mark: &crate::fleet::undo::Mark) -> String {
    use crate::fleet::undo::Mark;
    match mark {
        Mark::RolledBack => text(Msg::RolledBackToIts),
        Mark::RollbackFailed(why) => text(Msg::NotRolledBack { why: why.clone() }),
        Mark::SnapshotDeleted => text(Msg::SnapshotDeletedMark),
        Mark::DeleteFailed(why) => text(Msg::SnapshotNotDeletedWhy { why: why.clone() }),
        Mark::Unknown => text(Msg::MarkUnknown),
    }
}

/// A rolled-back row's details: its reinstall no longer describes it.
pub fn rolled_back_now(status: Option<&InstanceStatus>) -> String {
    match status {
        Some(status) => text(Msg::RolledBackNow {
            status: status.to_string(),
        }),
        None => text(Msg::RolledBackToItsDot),
    }
}

pub fn back(back: &crate::fleet::undo::Back) -> String {
    use crate::fleet::undo::Back;
    match back {
        Back::PoweringOff => text(Msg::BackPoweringOff),
        Back::Queued => text(Msg::BackQueued),
        Back::Applying => text(Msg::BackApplying),
        Back::Resolving(_) => text(Msg::BackResolving),
        Back::RollingBack => text(Msg::BackRollingBack),
        Back::RolledBack => text(Msg::RolledBackToIts),
        Back::Failed(why) => text(Msg::NotRolledBack { why: why.clone() }),
    }
}

pub fn retry_button(n: usize) -> String {
    text(Msg::RetryFailed { n })
}

pub fn rollback_selected_button(n: usize) -> String {
    text(Msg::RollbackSelected { n })
}

pub fn rollback_all_button() -> String {
    text(Msg::RollbackAll)
}

pub fn delete_button(n: usize) -> String {
    text(Msg::DeleteBatchSnapshots { n })
}

pub fn rollback_title(n: usize) -> String {
    text(Msg::FleetRollbackTitle { n })
}

pub fn rollback_text(names: &[String]) -> String {
    text(Msg::FleetRollbackText {
        names: self::names(names),
    })
}

pub fn rollback_confirm(n: usize) -> String {
    text(Msg::FleetRollbackConfirm { n })
}

pub fn delete_title(n: usize) -> String {
    text(Msg::FleetDeleteTitle { n })
}

pub fn delete_text() -> String {
    text(Msg::FleetDeleteText)
}

pub fn delete_confirm(n: usize) -> String {
    text(Msg::FleetDeleteConfirm { n })
}

pub fn deleting(n: usize) -> String {
    text(Msg::FleetDeleting { n })
}

pub fn rolling_back(done: usize, all: usize) -> String {
    text(Msg::FleetRollingBack { done, all })
}

pub fn handover() -> String {
    text(Msg::FleetHandover)
}

pub fn leave_question(risk: crate::fleet::kept::LeaveRisk) -> String {
    use crate::fleet::kept::LeaveRisk;
    match risk {
        LeaveRisk::NotSentYet => text(Msg::FleetLeaveNotSent),
        LeaveRisk::Running => text(Msg::FleetLeaveRunning),
        LeaveRisk::Undoing => text(Msg::FleetLeaveUndoing),
    }
}
