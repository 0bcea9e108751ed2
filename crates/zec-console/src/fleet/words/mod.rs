//! Every sentence the fleet flow shows, built here from typed data: one place to read
//! them and, later, to translate them.

use zec_api::InstanceStatus;

use crate::power_off::PowerResult;

mod table;
pub use table::*;

pub use crate::words::count;

use crate::i18n::{msg, text, word, Id};

pub fn instances(n: usize) -> String {
    text(msg::CountInstances { n })
}

pub fn snapshots(n: usize) -> String {
    text(msg::CountSnapshots { n })
}

// Why a row did not get where it was going.

pub fn listed_as_failed() -> String {
    word(Id::ListedAsFailed)
}

pub fn still(status: &InstanceStatus) -> String {
    text(msg::StillStatus {
        status: status.to_string(),
    })
}

pub fn snapshot_failed() -> String {
    word(Id::SnapshotFailedNothingErased)
}

pub fn snapshot_not_created() -> String {
    word(Id::SnapshotNotCreated)
}

pub fn snapshot_disappeared() -> String {
    word(Id::SnapshotDisappeared)
}

pub fn no_snapshot() -> String {
    word(Id::NoSnapshotOfThis)
}

pub fn not_powered_off(result: &PowerResult) -> String {
    text(msg::NothingRolledBack {
        why: result.sentence(),
    })
}

pub fn rollback_not_started() -> String {
    word(Id::RollbackDidNotStart)
}

pub fn snapshot_gone() -> String {
    word(Id::SnapshotNoLongerListed)
}

pub fn not_deleted() -> String {
    word(Id::CouldNotDelete)
}

pub fn not_deleted_nothing_sent() -> String {
    word(Id::SnapshotNotDeleted)
}

/// "web-01, db-01 and 3 more": a few names, then how many more.
pub fn names(names: &[String]) -> String {
    const SHOWN: usize = 3;
    match names.len() {
        n if n <= SHOWN => names.join(&word(Id::ListSeparator)),
        n => text(msg::NamesAndMore {
            names: names[..SHOWN].join(&word(Id::ListSeparator)),
            more: n - SHOWN,
        }),
    }
}

// The plan.

pub fn plan_title(n: usize) -> String {
    text(msg::FleetPlanTitle { n })
}

pub fn review_button(n: usize) -> String {
    text(msg::FleetReviewButton { n })
}

pub fn power_off_button(n: usize) -> String {
    text(msg::FleetPowerOffButton { n })
}

pub fn power_off_question(names: &[String]) -> String {
    text(msg::FleetPowerOffQuestion {
        n: names.len(),
        names: self::names(names),
    })
}

pub fn power_off_confirm(n: usize) -> String {
    text(msg::FleetPowerOffConfirm { n })
}

pub fn spare(n: usize, kept_until: &str) -> String {
    text(msg::FleetSpare {
        n,
        until: kept_until.to_owned(),
    })
}

pub fn left_out(names: &[String]) -> String {
    text(msg::LeftOut {
        names: self::names(names),
    })
}

pub fn spare_deleted(deleted: usize, failed: &[String]) -> String {
    let deleted = text(msg::SnapshotsDeleted { n: deleted });
    match failed.first() {
        Some(why) => text(msg::SnapshotsDeletedNotAll {
            deleted,
            n: failed.len(),
            why: why.clone(),
        }),
        None => deleted,
    }
}

pub fn snapshot_name_hint() -> String {
    word(Id::FleetSnapshotNameHint)
}

// The review.

pub fn review_title(n: usize) -> String {
    text(msg::FleetReviewTitle { n })
}

pub fn review_headline(n: usize, image_name: &str) -> String {
    text(msg::FleetHeadline {
        n,
        image: image_name.to_owned(),
    })
}

pub fn erased(n: usize, gib: u32) -> String {
    text(msg::FleetErased { n, gib })
}

/// One login line: for every instance, or for those named.
pub fn login_line(how: &str, names: &[String], everyone: bool) -> String {
    match everyone {
        true => text(msg::LogInWith {
            how: how.to_owned(),
        }),
        false => text(msg::NamesLogInWith {
            names: self::names(names),
            how: how.to_owned(),
        }),
    }
}

/// A value across the batch: the one value, or each with its instances.
pub fn spread(values: &[crate::fleet::review::Spread]) -> String {
    match values {
        [one] => one.value.clone(),
        many if many.len() > 4 => text(msg::DifferentValues { n: many.len() }),
        many => many
            .iter()
            .map(|s| {
                text(msg::ValueFor {
                    value: s.value.clone(),
                    names: self::names(&s.instances),
                })
            })
            .collect::<Vec<_>>()
            .join(&word(Id::RuleNeedsSeparator)),
    }
}

/// The "Now" of a setting: its values, or that each instance has its own when it does
/// not change.
pub fn now(change: &crate::fleet::review::FleetChange) -> String {
    match (change.changed, change.before.len()) {
        (false, n) if n > 1 => word(Id::EachItsOwn),
        _ => spread(&change.before),
    }
}

pub fn kept(labels: &[&str]) -> String {
    let labels: Vec<String> = labels
        .iter()
        .map(|label| crate::i18n::review_label(label))
        .collect();
    text(msg::KeptOnEach {
        labels: labels.join(&word(Id::ListSeparator)),
    })
}

pub fn undo_line(snapshot_name: Option<&str>, kept_until: Option<&str>) -> String {
    match (snapshot_name, kept_until) {
        (Some(name), Some(until)) => text(msg::FleetUndoLine {
            name: name.to_owned(),
            until: until.to_owned(),
        }),
        _ => word(Id::UndoNone),
    }
}

pub fn calls(chunks: usize) -> String {
    text(msg::SentAsCalls {
        chunks,
        max: zec_api::rules::MAX_INSTANCE_IDS,
    })
}

pub fn confirm_button(n: usize) -> String {
    text(msg::FleetConfirmButton { n })
}

pub fn acknowledgement() -> String {
    word(Id::FleetAcknowledgement)
}

/// Why an instance of the plan can no longer be confirmed.
pub fn change(change: &crate::fleet::changed::Change, name: &str) -> String {
    use crate::fleet::changed::Change;
    let name = name.to_owned();
    match change {
        Change::Status(now) => text(msg::FleetChangedStatus {
            name,
            status: crate::words::status_with_code(now),
        }),
        Change::Image => text(msg::FleetChangedImage { name }),
        Change::OtherTab => text(msg::FleetChangedOtherTab { name }),
    }
}

pub fn changed_since_review() -> String {
    word(Id::ChangedSinceReview)
}

// The snapshots taken first.

pub fn snapshots_title(taken: usize, all: usize) -> String {
    text(msg::FleetSnapshotsTitle { taken, all })
}

pub fn shot(shot: &crate::fleet::snapshots::Shot) -> (String, &'static str) {
    use crate::fleet::snapshots::Shot;
    match shot {
        Shot::Queued => (word(Id::WaitingForTurn), "neutral"),
        Shot::Creating => (word(Id::Requested), "busy"),
        Shot::Finding(_) => (word(Id::ShotFinding), "busy"),
        Shot::Following { status, .. } => (status.to_string(), "busy"),
        Shot::Taken(_) => ("AVAILABLE".to_owned(), "good"),
        Shot::Failed(why) => (why.clone(), "bad"),
    }
}

pub fn snapshots_failed(names: &[String]) -> String {
    text(msg::FleetSnapshotsFailed {
        names: self::names(names),
    })
}

pub fn waiting_for_snapshots() -> String {
    word(Id::WaitingForSnapshots)
}

pub fn leave_out_button(names: &[String]) -> String {
    text(msg::LeaveOutButton {
        names: self::names(names),
    })
}

pub fn retry_snapshot_button(name: &str) -> String {
    text(msg::RetrySnapshotOf {
        name: name.to_owned(),
    })
}

pub fn interrupted() -> String {
    word(Id::FleetInterrupted)
}
