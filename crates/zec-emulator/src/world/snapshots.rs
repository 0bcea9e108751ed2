//! Disk snapshots: CreateSnapshot, DescribeSnapshots, ApplySnapshot (a rollback restores what
//! the snapshot captured of its instance) and DeleteSnapshots, each with its timed steps and
//! the retention time.

use std::time::Instant;

use zec_api::rules;
use zec_api::wire::*;
use zec_api::{ErrorCode, SnapshotStatus};

use super::{equals, fuzzy, page_of, Refusal, World};

/// What a snapshot keeps of its disk's instance, and a rollback restores.
#[derive(Clone, Debug)]
pub(super) struct Captured {
    pub(super) image_id: String,
    pub(super) image_name: String,
    pub(super) key_id: Option<String>,
    pub(super) instance_name: String,
    pub(super) time_zone: Option<String>,
    pub(super) enable_agent: bool,
}

impl Captured {
    pub(super) fn of(info: &InstanceInfo) -> Captured {
        Captured {
            image_id: info.image_id.clone(),
            image_name: info.image_name.clone(),
            key_id: info.key_id.clone(),
            instance_name: info.instance_name.clone(),
            time_zone: info.time_zone.clone(),
            enable_agent: info.enable_agent,
        }
    }

    pub(super) fn restore(&self, info: &mut InstanceInfo) {
        info.image_id = self.image_id.clone();
        info.image_name = self.image_name.clone();
        info.key_id = self.key_id.clone();
        info.instance_name = self.instance_name.clone();
        info.time_zone = self.time_zone.clone();
        info.enable_agent = self.enable_agent;
    }
}

/// What finishes when a snapshot's pending step comes due.
#[derive(Clone, Copy, Debug)]
pub(super) enum SnapshotStep {
    Created { fails: bool },
    RolledBack,
    Deleted,
}

pub(super) struct SnapshotRecord {
    pub(super) info: SnapshotInfo,
    pub(super) captured: Captured,
    /// Unix seconds of its retentionTime: gone once the wall clock passes it.
    pub(super) expires_at: Option<i64>,
    pub(super) pending: Option<(Instant, SnapshotStep)>,
}

impl World {
    pub(super) fn disk_rolling_back(&self, disk_id: &str) -> bool {
        self.snapshots.iter().any(|snapshot| {
            snapshot.info.disk_id == disk_id && snapshot.info.status == SnapshotStatus::RollingBack
        })
    }

    /// Instances and snapshots up to `now`: due steps applied (a finished rollback restores
    /// the instance), expired and deleted snapshots gone. `wall` is Unix seconds.
    pub(super) fn advance_snapshots(&mut self, now: Instant, wall: i64) {
        self.advance(now);
        let mut restores: Vec<(String, Captured)> = Vec::new();
        for snapshot in &mut self.snapshots {
            let Some((at, step)) = snapshot.pending else {
                continue;
            };
            if at > now {
                continue;
            }
            snapshot.pending = None;
            match step {
                SnapshotStep::Created { fails } => {
                    snapshot.info.status = if fails {
                        SnapshotStatus::Failed
                    } else {
                        SnapshotStatus::Available
                    };
                }
                SnapshotStep::RolledBack => {
                    snapshot.info.status = SnapshotStatus::Available;
                    restores.push((snapshot.info.disk_id.clone(), snapshot.captured.clone()));
                }
                SnapshotStep::Deleted => snapshot.info.status = SnapshotStatus::Deleting,
            }
        }
        self.snapshots.retain(|snapshot| {
            let deleted =
                snapshot.info.status == SnapshotStatus::Deleting && snapshot.pending.is_none();
            let expired = snapshot.expires_at.is_some_and(|until| until <= wall)
                && snapshot.info.status != SnapshotStatus::RollingBack;
            !deleted && !expired
        });
        for (disk_id, captured) in restores {
            if let Some(record) = self
                .instances
                .iter_mut()
                .find(|record| record.info.system_disk.disk_id == disk_id)
            {
                captured.restore(&mut record.info);
            }
        }
    }

    pub(super) fn instance_of_disk(&self, disk_id: &str) -> Result<usize, Refusal> {
        self.instances
            .iter()
            .position(|record| record.info.system_disk.disk_id == disk_id)
            .ok_or_else(|| {
                Refusal::with(
                    ErrorCode::InvalidDiskNotFound,
                    format!("Disk {disk_id} was not found."),
                )
            })
    }

    pub(super) fn snapshot_index(&self, snapshot_id: &str) -> Result<usize, Refusal> {
        self.snapshots
            .iter()
            .position(|snapshot| snapshot.info.snapshot_id == snapshot_id)
            .ok_or_else(|| {
                Refusal::with(
                    ErrorCode::InvalidSnapshotNotFound,
                    format!("Snapshot {snapshot_id} was not found."),
                )
            })
    }

    /// CREATING, then AVAILABLE after the snapshot time (FAILED for a disk the fixture marks
    /// `snapshotFails`). The snapshot captures the instance as it is now.
    pub fn create_snapshot(
        &mut self,
        request: &CreateSnapshotRequest,
        now: Instant,
        wall: i64,
    ) -> Result<CreateSnapshotResponse, Refusal> {
        rules::check_create_snapshot(request, wall)?;
        self.advance_snapshots(now, wall);
        let index = self.instance_of_disk(&request.disk_id)?;
        let instance = &self.instances[index].info;
        if instance.status.reinstall_phase() == zec_api::ReinstallPhase::InProgress {
            return Err(Refusal::with(
                ErrorCode::UnsupportedOperationInstanceStatus,
                format!(
                    "The instance is {}; a disk being reinstalled cannot be snapshotted.",
                    instance.status
                ),
            ));
        }
        if self.disk_rolling_back(&request.disk_id) {
            return Err(Refusal::with(
                ErrorCode::InvalidDiskStatus,
                format!(
                    "Disk {} is being rolled back to a snapshot; wait until it has finished.",
                    request.disk_id
                ),
            ));
        }
        self.snapshots_made += 1;
        let snapshot_id = format!("snap-{:08x}", self.snapshots_made);
        let fails = self.failing_snapshot_disks.contains(&request.disk_id);
        let info = SnapshotInfo {
            snapshot_id: snapshot_id.clone(),
            snapshot_name: request.snapshot_name.clone(),
            zone_id: instance.zone_id.clone(),
            status: SnapshotStatus::Creating,
            snapshot_type: Some("Manual".to_owned()),
            retention_time: request.retention_time.clone(),
            disk_id: request.disk_id.clone(),
            create_time: Some(zec_api::time::format_utc(wall)),
            resource_group: instance
                .resource_group_id
                .as_ref()
                .map(|group| ResourceGroup {
                    resource_group_id: group.clone(),
                    resource_group_name: group.clone(),
                }),
        };
        let captured = Captured::of(instance);
        self.snapshots.push(SnapshotRecord {
            info,
            captured,
            expires_at: request
                .retention_time
                .as_deref()
                .and_then(zec_api::time::parse_utc),
            pending: Some((now + self.timings.snapshot, SnapshotStep::Created { fails })),
        });
        Ok(CreateSnapshotResponse { snapshot_id })
    }

    pub fn describe_snapshots(
        &mut self,
        request: &DescribeSnapshotsRequest,
        now: Instant,
        wall: i64,
    ) -> Result<Page<SnapshotInfo>, Refusal> {
        rules::check_snapshot_ids(&request.snapshot_ids, false)?;
        self.advance_snapshots(now, wall);
        let matching = self
            .snapshots
            .iter()
            .map(|snapshot| &snapshot.info)
            .filter(|info| {
                request.snapshot_ids.is_empty() || request.snapshot_ids.contains(&info.snapshot_id)
            })
            .filter(|info| request.disk_ids.is_empty() || request.disk_ids.contains(&info.disk_id))
            .filter(|info| equals(&info.zone_id, &request.zone_id))
            .filter(|info| equals(&info.status, &request.status))
            // Every emulated disk is a boot disk.
            .filter(|_| {
                request
                    .disk_type
                    .as_deref()
                    .is_none_or(|kind| kind == "SYSTEM")
            })
            .filter(|info| {
                request.snapshot_type.is_none() || info.snapshot_type == request.snapshot_type
            })
            .filter(|info| fuzzy(&info.snapshot_name, &request.snapshot_name))
            .filter(|info| {
                request.resource_group_id.as_ref().is_none_or(|wanted| {
                    info.resource_group
                        .as_ref()
                        .is_some_and(|group| &group.resource_group_id == wanted)
                })
            })
            .cloned()
            .collect();
        page_of(matching, request.page_size, request.page_num)
    }

    /// Rolls the disk back: the snapshot is ROLLING_BACK for the snapshot time, then
    /// AVAILABLE again, and the instance shows what the snapshot captured.
    pub fn apply_snapshot(
        &mut self,
        request: &ApplySnapshotRequest,
        now: Instant,
        wall: i64,
    ) -> Result<(), Refusal> {
        rules::check_apply_snapshot_request(request)?;
        self.advance_snapshots(now, wall);
        let snapshot = self.snapshot_index(&request.snapshot_id)?;
        let instance = self.instance_of_disk(&request.disk_id)?;
        let info = &self.snapshots[snapshot].info;
        rules::check_apply_snapshot(
            info,
            &request.disk_id,
            &self.instances[instance].info.status,
        )?;
        if self.disk_rolling_back(&request.disk_id) {
            return Err(Refusal::with(
                ErrorCode::InvalidDiskStatus,
                format!(
                    "Disk {} is already being rolled back to a snapshot.",
                    request.disk_id
                ),
            ));
        }
        let record = &mut self.snapshots[snapshot];
        record.info.status = SnapshotStatus::RollingBack;
        record.pending = Some((now + self.timings.snapshot, SnapshotStep::RolledBack));
        Ok(())
    }

    /// Every id must name a snapshot (the whole request fails otherwise). AVAILABLE and
    /// FAILED ones are DELETING, then gone; CREATING and ROLLING_BACK ones are reported as
    /// failed; DELETING ones are left as they are.
    pub fn delete_snapshots(
        &mut self,
        request: &DeleteSnapshotsRequest,
        now: Instant,
        wall: i64,
    ) -> Result<FailedSnapshots, Refusal> {
        rules::check_snapshot_ids(&request.snapshot_ids, true)?;
        self.advance_snapshots(now, wall);
        let indexes = request
            .snapshot_ids
            .iter()
            .map(|id| self.snapshot_index(id))
            .collect::<Result<Vec<_>, _>>()?;
        let mut failed = Vec::new();
        for index in indexes {
            let record = &mut self.snapshots[index];
            match record.info.status {
                SnapshotStatus::Available | SnapshotStatus::Failed => {
                    record.info.status = SnapshotStatus::Deleting;
                    record.pending = Some((now + self.timings.snapshot, SnapshotStep::Deleted));
                }
                SnapshotStatus::Deleting => {}
                _ => failed.push(record.info.snapshot_id.clone()),
            }
        }
        Ok(FailedSnapshots {
            snapshot_ids: failed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::Fixture;
    use crate::world::Timings;

    #[test]
    pub(super) fn a_created_snapshot_disappears_once_its_retention_time_passes() {
        let mut world = World::new(Fixture::builtin(), Timings::default());
        let now = Instant::now();
        let wall = 1_800_000_000;
        let retention = zec_api::time::format_utc(wall + 2 * 86_400);
        let created = world
            .create_snapshot(
                &CreateSnapshotRequest {
                    disk_id: "disk-web-01".into(),
                    snapshot_name: "kept-two-days".into(),
                    retention_time: Some(retention),
                },
                now,
                wall,
            )
            .unwrap();
        let listed = |world: &mut World, wall: i64| -> Vec<String> {
            world
                .describe_snapshots(
                    &DescribeSnapshotsRequest {
                        disk_ids: vec!["disk-web-01".into()],
                        ..DescribeSnapshotsRequest::default()
                    },
                    now,
                    wall,
                )
                .unwrap()
                .data_set
                .into_iter()
                .map(|snapshot| snapshot.snapshot_id)
                .collect()
        };
        assert_eq!(
            listed(&mut world, wall + 2 * 86_400 - 1),
            vec![created.snapshot_id.clone()]
        );
        assert!(listed(&mut world, wall + 2 * 86_400).is_empty());
        let apply = world.apply_snapshot(
            &ApplySnapshotRequest {
                snapshot_id: created.snapshot_id,
                disk_id: "disk-web-01".into(),
            },
            now,
            wall + 2 * 86_400,
        );
        assert_eq!(apply.unwrap_err().code, ErrorCode::InvalidSnapshotNotFound);
    }
}
