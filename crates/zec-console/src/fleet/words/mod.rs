//! Every sentence the fleet flow shows, built here from typed data: one place to read
//! them and, later, to translate them.

use zec_api::InstanceStatus;

use crate::power_off::PowerResult;

mod table;
pub use table::*;

pub use crate::words::count;

use crate::i18n::{text, Msg};

pub fn instances(n: usize) -> String {
    text(Msg::CountInstances { n })
}

pub fn snapshots(n: usize) -> String {
    text(Msg::CountSnapshots { n })
}

// Why a row did not get where it was going.

pub fn listed_as_failed() -> String {
    text(Msg::ListedAsFailed)
}

pub fn still(status: &InstanceStatus) -> String {
    text(Msg::StillStatus {
        status: status.to_string(),
    })
}

pub fn snapshot_failed() -> String {
    text(Msg::SnapshotFailedNothingErased)
}

pub fn snapshot_not_created() -> String {
    text(Msg::SnapshotNotCreated)
}

pub fn snapshot_disappeared() -> String {
    text(Msg::SnapshotDisappeared)
}

pub fn no_snapshot() -> String {
    text(Msg::NoSnapshotOfThis)
}

pub fn not_powered_off(result: &PowerResult) -> String {
    text(Msg::NothingRolledBack {
        why: result.sentence(),
    })
}

pub fn rollback_not_started() -> String {
    text(Msg::RollbackDidNotStart)
}

pub fn snapshot_gone() -> String {
    text(Msg::SnapshotNoLongerListed)
}

pub fn not_deleted() -> String {
    text(Msg::CouldNotDelete)
}

pub fn not_deleted_nothing_sent() -> String {
    text(Msg::SnapshotNotDeleted)
}

/// "web-01, db-01 and 3 more": a few names, then how many more.
pub fn names(names: &[String]) -> String {
    const SHOWN: usize = 3;
    match names.len() {
        n if n <= SHOWN => names.join(&text(Msg::ListSeparator)),
        n => text(Msg::NamesAndMore {
            names: names[..SHOWN].join(&text(Msg::ListSeparator)),
            more: n - SHOWN,
        }),
    }
}

// The plan.

pub fn plan_title(n: usize) -> String {
    text(Msg::FleetPlanTitle { n })
}

pub fn review_button(n: usize) -> String {
    text(Msg::FleetReviewButton { n })
}

pub fn power_off_button(n: usize) -> String {
    text(Msg::FleetPowerOffButton { n })
}

pub fn power_off_question(names: &[String]) -> String {
    text(Msg::FleetPowerOffQuestion {
        n: names.len(),
        names: self::names(names),
    })
}

pub fn power_off_confirm(n: usize) -> String {
    text(Msg::FleetPowerOffConfirm { n })
}

pub fn spare(n: usize, kept_until: &str) -> String {
    text(Msg::FleetSpare {
        n,
        until: kept_until.to_owned(),
    })
}

pub fn left_out(names: &[String]) -> String {
    text(Msg::LeftOut {
        names: self::names(names),
    })
}

pub fn spare_deleted(deleted: usize, failed: &[String]) -> String {
    let deleted = text(Msg::SnapshotsDeleted { n: deleted });
    match failed.first() {
        Some(why) => text(Msg::SnapshotsDeletedNotAll {
            deleted,
            n: failed.len(),
            why: why.clone(),
        }),
        None => deleted,
    }
}

pub fn snapshot_name_hint() -> String {
    text(Msg::FleetSnapshotNameHint)
}

// The review.

pub fn review_title(n: usize) -> String {
    text(Msg::FleetReviewTitle { n })
}

pub fn review_headline(n: usize, image_name: &str) -> String {
    text(Msg::FleetHeadline {
        n,
        image: image_name.to_owned(),
    })
}

pub fn erased(n: usize, gib: u32) -> String {
    text(Msg::FleetErased { n, gib })
}

/// One login line: for every instance, or for those named.
pub fn login_line(how: &str, names: &[String], everyone: bool) -> String {
    match everyone {
        true => text(Msg::LogInWith {
            how: how.to_owned(),
        }),
        false => text(Msg::NamesLogInWith {
            names: self::names(names),
            how: how.to_owned(),
        }),
    }
}

/// A value across the batch: the one value, or each with its instances.
pub fn spread(values: &[crate::fleet::review::Spread]) -> String {
    match values {
        [one] => one.value.clone(),
        many if many.len() > 4 => text(Msg::DifferentValues { n: many.len() }),
        many => many
            .iter()
            .map(|s| {
                text(Msg::ValueFor {
                    value: s.value.clone(),
                    names: self::names(&s.instances),
                })
            })
            .collect::<Vec<_>>()
            .join(&text(Msg::RuleNeedsSeparator)),
    }
}

/// The "Now" of a setting: its values, or that each instance has its own when it does
/// not change.
pub fn now(change: &crate::fleet::review::FleetChange) -> String {
    match (change.changed, change.before.len()) {
        (false, n) if n > 1 => text(Msg::EachItsOwn),
        _ => spread(&change.before),
    }
}

pub fn kept(labels: &[&str]) -> String {
    let labels: Vec<String> = labels
        .iter()
        .map(|label| crate::i18n::review_label(label))
        .collect();
    text(Msg::KeptOnEach {
        labels: labels.join(&text(Msg::ListSeparator)),
    })
}

pub fn undo_line(snapshot_name: Option<&str>, kept_until: Option<&str>) -> String {
    match (snapshot_name, kept_until) {
        (Some(name), Some(until)) => text(Msg::FleetUndoLine {
            name: name.to_owned(),
            until: until.to_owned(),
        }),
        _ => text(Msg::UndoNone),
    }
}

pub fn calls(chunks: usize) -> String {
    text(Msg::SentAsCalls {
        chunks,
        max: zec_api::rules::MAX_INSTANCE_IDS,
    })
}

pub fn confirm_button(n: usize) -> String {
    text(Msg::FleetConfirmButton { n })
}

pub fn acknowledgement() -> String {
    text(Msg::FleetAcknowledgement)
}

/// Why an instance of the plan can no longer be confirmed.
pub fn change(change: &crate::fleet::changed::Change, name: &str) -> String {
    use crate::fleet::changed::Change;
    let name = name.to_owned();
    text(match change {
        Change::Status(now) => Msg::FleetChangedStatus {
            name,
            status: crate::words::status_with_code(now),
        },
        Change::Image => Msg::FleetChangedImage { name },
        Change::OtherTab => Msg::FleetChangedOtherTab { name },
    })
}

pub fn changed_since_review() -> String {
    text(Msg::ChangedSinceReview)
}

// The snapshots taken first.

pub fn snapshots_title(taken: usize, all: usize) -> String {
    text(Msg::FleetSnapshotsTitle { taken, all })
}

pub fn shot(shot: &crate::fleet::snapshots::Shot) -> (String, &'static str) {
    use crate::fleet::snapshots::Shot;
    match shot {
        Shot::Queued => (text(Msg::WaitingForTurn), "neutral"),
        Shot::Creating => (text(Msg::Requested), "busy"),
        Shot::Finding(_) => (text(Msg::ShotFinding), "busy"),
        Shot::Following { status, .. } => (status.to_string(), "busy"),
        Shot::Taken(_) => ("AVAILABLE".to_owned(), "good"),
        Shot::Failed(why) => (why.clone(), "bad"),
    }
}

pub fn snapshots_failed(names: &[String]) -> String {
    text(Msg::FleetSnapshotsFailed {
        names: self::names(names),
    })
}

pub fn waiting_for_snapshots() -> String {
    text(Msg::WaitingForSnapshots)
}

pub fn leave_out_button(names: &[String]) -> String {
    text(Msg::LeaveOutButton {
        names: self::names(names),
    })
}

pub fn retry_snapshot_button(name: &str) -> String {
    text(Msg::RetrySnapshotOf {
        name: name.to_owned(),
    })
}

pub fn interrupted() -> String {
    text(Msg::FleetInterrupted)
}
