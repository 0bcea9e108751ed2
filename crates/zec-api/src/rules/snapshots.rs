//! Disk snapshots: taking one (name, retention), rolling a disk back to one, deleting them.

use crate::states::{InstanceStatus, SnapshotStatus};
use crate::violation::{Operation, Violation};
use crate::wire::{ApplySnapshotRequest, CreateSnapshotRequest, SnapshotInfo};

use super::{check_present, check_snapshot_name};

/// A retention time must be at least this far ahead of now.
pub const MIN_RETENTION_SECONDS: i64 = 24 * 60 * 60;

/// `yyyy-MM-ddTHH:mm:ssZ` (UTC), at least 24 hours after `now_unix` (the caller reads the
/// clock). Returns the time as Unix seconds. Decision: refused as `INVALID_PARAMETER`.
pub fn check_retention_time(retention_time: &str, now_unix: i64) -> Result<i64, Violation> {
    let until = crate::time::parse_utc(retention_time).ok_or(Violation::RetentionSyntax)?;
    let earliest = now_unix + MIN_RETENTION_SECONDS;
    if until < earliest {
        return Err(Violation::RetentionTooSoon { earliest });
    }
    Ok(until)
}

/// The request's own shape: a disk id and a valid name, and a valid retention time if given.
pub fn check_create_snapshot(
    request: &CreateSnapshotRequest,
    now_unix: i64,
) -> Result<(), Violation> {
    check_present("diskId", &request.disk_id)?;
    check_snapshot_name(&request.snapshot_name)?;
    if let Some(retention_time) = &request.retention_time {
        check_retention_time(retention_time, now_unix)?;
    }
    Ok(())
}

/// ApplySnapshot names a snapshot and a disk.
pub fn check_apply_snapshot_request(request: &ApplySnapshotRequest) -> Result<(), Violation> {
    check_present("snapshotId", &request.snapshot_id)?;
    check_present("diskId", &request.disk_id)
}

/// Whether a disk can be rolled back to this snapshot now: the snapshot must have been taken
/// from that disk and be AVAILABLE, and the disk's instance must be STOPPED
/// (docs/wire.md, "Disk snapshots").
pub fn check_apply_snapshot(
    snapshot: &SnapshotInfo,
    disk_id: &str,
    instance_status: &InstanceStatus,
) -> Result<(), Violation> {
    if snapshot.disk_id != disk_id {
        return Err(Violation::SnapshotOfAnotherDisk {
            snapshot_id: snapshot.snapshot_id.clone(),
            snapshot_disk: snapshot.disk_id.clone(),
            disk: disk_id.to_owned(),
        });
    }
    if *instance_status != InstanceStatus::Stopped {
        return Err(Violation::NotStopped {
            status: instance_status.clone(),
            to: Operation::Rollback,
        });
    }
    if snapshot.status != SnapshotStatus::Available {
        return Err(Violation::SnapshotNotAvailable {
            snapshot_id: snapshot.snapshot_id.clone(),
            status: snapshot.status.clone(),
        });
    }
    Ok(())
}
