//! Every sentence the fleet flow shows, built here from typed data: one place to read
//! them and, later, to translate them.

use zec_api::InstanceStatus;

use crate::power_off::PowerResult;

/// "1 instance", "3 instances".
pub fn count(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

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
