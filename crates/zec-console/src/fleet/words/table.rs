//! The sentences of the batch's table: its rows, calls, rollback, delete and hand-over.

use zec_api::InstanceStatus;

use super::*;
use crate::i18n::{word, Id};

pub fn batch_title(n: usize, image_name: &str) -> String {
    text(msg::BatchTitle {
        n,
        image: image_name.to_owned(),
    })
}

pub fn totals(counts: crate::fleet::running::Counts) -> String {
    let totals = text(msg::Totals {
        in_progress: counts.in_progress,
        running: counts.running,
        failed: counts.failed,
    });
    match counts.rolled_back {
        0 => totals,
        n => text(msg::TotalsRolledBack { totals, n }),
    }
}

/// A ResetInstances call of the batch: "… call for 3 instances", or with its place among
/// several ("… call 2 of 3, for 100 instances").
pub fn call(index: usize, calls: usize, n: usize) -> String {
    match calls {
        1 => text(msg::OneCall { n }),
        _ => text(msg::CallOf {
            index: index + 1,
            calls,
            n,
        }),
    }
}

pub fn mark(mark: &crate::fleet::undo::Mark) -> String {
    use crate::fleet::undo::Mark;
    match mark {
        Mark::RolledBack => word(Id::RolledBackToIts),
        Mark::RollbackFailed(why) => text(msg::NotRolledBack { why: why.clone() }),
        Mark::SnapshotDeleted => word(Id::SnapshotDeletedMark),
        Mark::DeleteFailed(why) => text(msg::SnapshotNotDeletedWhy { why: why.clone() }),
        Mark::Unknown => word(Id::MarkUnknown),
    }
}

/// A rolled-back row's details: its reinstall no longer describes it.
pub fn rolled_back_now(status: Option<&InstanceStatus>) -> String {
    match status {
        Some(status) => text(msg::RolledBackNow {
            status: status.to_string(),
        }),
        None => word(Id::RolledBackToItsDot),
    }
}

pub fn back(back: &crate::fleet::undo::Back) -> String {
    use crate::fleet::undo::Back;
    match back {
        Back::PoweringOff => word(Id::BackPoweringOff),
        Back::Queued => word(Id::BackQueued),
        Back::Applying => word(Id::BackApplying),
        Back::Resolving(_) => word(Id::BackResolving),
        Back::RollingBack => word(Id::BackRollingBack),
        Back::RolledBack => word(Id::RolledBackToIts),
        Back::Failed(why) => text(msg::NotRolledBack { why: why.clone() }),
    }
}

pub fn retry_button(n: usize) -> String {
    text(msg::RetryFailed { n })
}

pub fn rollback_selected_button(n: usize) -> String {
    text(msg::RollbackSelected { n })
}

pub fn rollback_all_button() -> String {
    word(Id::RollbackAll)
}

pub fn delete_button(n: usize) -> String {
    text(msg::DeleteBatchSnapshots { n })
}

pub fn rollback_title(n: usize) -> String {
    text(msg::FleetRollbackTitle { n })
}

pub fn rollback_text(names: &[String]) -> String {
    text(msg::FleetRollbackText {
        names: self::names(names),
    })
}

pub fn rollback_confirm(n: usize) -> String {
    text(msg::FleetRollbackConfirm { n })
}

pub fn delete_title(n: usize) -> String {
    text(msg::FleetDeleteTitle { n })
}

pub fn delete_text() -> String {
    word(Id::FleetDeleteText)
}

pub fn delete_confirm(n: usize) -> String {
    text(msg::FleetDeleteConfirm { n })
}

pub fn deleting(n: usize) -> String {
    text(msg::FleetDeleting { n })
}

pub fn rolling_back(done: usize, all: usize) -> String {
    text(msg::FleetRollingBack { done, all })
}

pub fn handover() -> String {
    word(Id::FleetHandover)
}

pub fn leave_question(risk: crate::fleet::kept::LeaveRisk) -> String {
    use crate::fleet::kept::LeaveRisk;
    word(match risk {
        LeaveRisk::NotSentYet => Id::FleetLeaveNotSent,
        LeaveRisk::Running => Id::FleetLeaveRunning,
        LeaveRisk::Undoing => Id::FleetLeaveUndoing,
    })
}
