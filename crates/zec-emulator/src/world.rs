//! The emulated cloud: instances, images and key pairs in memory, and what each action does
//! to them. Status changes are scheduled as (time, state) steps and applied when the world is
//! next read, so no background task is needed and every reader sees a consistent world.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use zec_api::rules::{self, ResetContext};
use zec_api::wire::*;
use zec_api::{ErrorCode, InstanceStatus, SnapshotStatus};

use crate::fixture::{Fixture, FixtureImage};

/// An error answer: the API's code and its message (the type the proxy answers with too).
pub use zec_api::Refusal;

/// How long the emulated operations take.
#[derive(Clone, Copy, Debug)]
pub struct Timings {
    /// DEPLOYING → RUNNING (or REINSTALL_FAILED).
    pub reinstall: Duration,
    /// RUNNING → STOPPING → STOPPED, and STOPPED → STARTING → RUNNING.
    pub power: Duration,
    /// Snapshot CREATING → AVAILABLE (or FAILED), ROLLING_BACK → AVAILABLE, DELETING → gone.
    pub snapshot: Duration,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            reinstall: Duration::from_secs(8),
            power: Duration::from_secs(3),
            snapshot: Duration::from_secs(3),
        }
    }
}

/// What a snapshot keeps of its disk's instance, and a rollback restores.
#[derive(Clone, Debug)]
struct Captured {
    image_id: String,
    image_name: String,
    key_id: Option<String>,
    instance_name: String,
    time_zone: Option<String>,
    enable_agent: bool,
}

impl Captured {
    fn of(info: &InstanceInfo) -> Captured {
        Captured {
            image_id: info.image_id.clone(),
            image_name: info.image_name.clone(),
            key_id: info.key_id.clone(),
            instance_name: info.instance_name.clone(),
            time_zone: info.time_zone.clone(),
            enable_agent: info.enable_agent,
        }
    }

    fn restore(&self, info: &mut InstanceInfo) {
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
enum SnapshotStep {
    Created { fails: bool },
    RolledBack,
    Deleted,
}

struct SnapshotRecord {
    info: SnapshotInfo,
    captured: Captured,
    /// Unix seconds of its retentionTime: gone once the wall clock passes it.
    expires_at: Option<i64>,
    pending: Option<(Instant, SnapshotStep)>,
}

struct InstanceRecord {
    info: InstanceInfo,
    /// Future status changes, earliest first.
    schedule: VecDeque<(Instant, InstanceStatus)>,
}

impl InstanceRecord {
    fn advance(&mut self, now: Instant) {
        while let Some((at, _)) = self.schedule.front() {
            if *at > now {
                break;
            }
            let (_, status) = self.schedule.pop_front().expect("front exists");
            self.info.status = status;
        }
    }

    fn schedule(
        &mut self,
        now: Instant,
        status_now: InstanceStatus,
        then: InstanceStatus,
        after: Duration,
    ) {
        self.info.status = status_now;
        self.schedule.clear();
        self.schedule.push_back((now + after, then));
    }
}

pub struct World {
    instances: Vec<InstanceRecord>,
    snapshots: Vec<SnapshotRecord>,
    /// Numbers the snapshots CreateSnapshot makes.
    snapshots_made: u64,
    failing_snapshot_disks: Vec<String>,
    images: Vec<FixtureImage>,
    key_pairs: Vec<KeyPair>,
    time_zones: Vec<String>,
    timings: Timings,
}

fn page_of<T: Clone>(
    items: Vec<T>,
    page_size: Option<u32>,
    page_num: Option<u32>,
) -> Result<Page<T>, Refusal> {
    let (size, num) = rules::check_paging(page_size, page_num)?;
    let total_count = items.len() as u32;
    let data_set = items
        .into_iter()
        .skip((size as usize).saturating_mul(num as usize - 1))
        .take(size as usize)
        .collect();
    Ok(Page {
        total_count,
        data_set,
    })
}

fn fuzzy(haystack: &str, needle: &Option<String>) -> bool {
    needle
        .as_ref()
        .is_none_or(|needle| haystack.to_lowercase().contains(&needle.to_lowercase()))
}

fn equals<T: PartialEq>(value: &T, wanted: &Option<T>) -> bool {
    wanted.as_ref().is_none_or(|wanted| wanted == value)
}

impl World {
    pub fn new(fixture: Fixture, timings: Timings) -> World {
        let snapshots = fixture
            .snapshots
            .iter()
            .filter_map(|info| {
                let instance = fixture
                    .instances
                    .iter()
                    .find(|i| i.system_disk.disk_id == info.disk_id)?;
                Some(SnapshotRecord {
                    info: info.clone(),
                    captured: Captured::of(instance),
                    expires_at: info
                        .retention_time
                        .as_deref()
                        .and_then(zec_api::time::parse_utc),
                    pending: None,
                })
            })
            .collect();
        World {
            snapshots,
            snapshots_made: 0,
            failing_snapshot_disks: fixture.failing_snapshot_disks.clone(),
            time_zones: fixture.time_zones(),
            instances: fixture
                .instances
                .into_iter()
                .map(|info| InstanceRecord {
                    info,
                    schedule: VecDeque::new(),
                })
                .collect(),
            images: fixture.images,
            key_pairs: fixture.key_pairs,
            timings,
        }
    }

    fn advance(&mut self, now: Instant) {
        for record in &mut self.instances {
            record.advance(now);
        }
    }

    fn image(&self, image_id: &str) -> Option<&FixtureImage> {
        self.images
            .iter()
            .find(|image| image.image.image_id == image_id)
    }

    fn instance_index(&self, instance_id: &str) -> Result<usize, Refusal> {
        self.instances
            .iter()
            .position(|record| record.info.instance_id == instance_id)
            .ok_or_else(|| {
                Refusal::with(
                    ErrorCode::InvalidInstanceNotFound,
                    format!("Instance {instance_id} was not found."),
                )
            })
    }

    /// Every id must name an instance; the whole request fails otherwise.
    fn instance_indexes(&self, ids: &[String]) -> Result<Vec<usize>, Refusal> {
        ids.iter().map(|id| self.instance_index(id)).collect()
    }

    pub fn describe_instances(
        &mut self,
        request: &DescribeInstancesRequest,
        now: Instant,
    ) -> Result<Page<InstanceInfo>, Refusal> {
        rules::check_instance_ids(&request.instance_ids, false)?;
        self.advance(now);
        let matching = self
            .instances
            .iter()
            .map(|record| &record.info)
            .filter(|info| {
                request.instance_ids.is_empty() || request.instance_ids.contains(&info.instance_id)
            })
            .filter(|info| equals(&info.zone_id, &request.zone_id))
            .filter(|info| equals(&info.image_id, &request.image_id))
            .filter(|info| equals(&info.status, &request.status))
            .filter(|info| {
                request.resource_group_id.is_none()
                    || info.resource_group_id == request.resource_group_id
            })
            .filter(|info| fuzzy(&info.instance_name, &request.name))
            .cloned()
            .collect();
        page_of(matching, request.page_size, request.page_num)
    }

    pub fn describe_instances_status(
        &mut self,
        request: &DescribeInstancesStatusRequest,
        now: Instant,
    ) -> Result<Page<InstanceStatusEntry>, Refusal> {
        rules::check_instance_ids(&request.instance_ids, false)?;
        self.advance(now);
        let matching = self
            .instances
            .iter()
            .filter(|record| {
                request.instance_ids.is_empty()
                    || request.instance_ids.contains(&record.info.instance_id)
            })
            .map(|record| InstanceStatusEntry {
                instance_id: record.info.instance_id.clone(),
                instance_status: record.info.status.clone(),
            })
            .collect();
        page_of(matching, request.page_size, request.page_num)
    }

    pub fn describe_images(&self, request: &DescribeImagesRequest) -> Result<Page<Image>, Refusal> {
        let matching = self
            .images
            .iter()
            .map(|fixture_image| &fixture_image.image)
            .filter(|image| {
                request.image_ids.is_empty() || request.image_ids.contains(&image.image_id)
            })
            .filter(|image| fuzzy(&image.image_name, &request.image_name))
            .filter(|image| equals(&image.category, &request.category))
            .filter(|image| request.image_type.is_none() || image.image_type == request.image_type)
            .filter(|image| {
                request.image_source.is_none() || image.image_source == request.image_source
            })
            .filter(|image| equals(&image.os_type, &request.os_type))
            .filter(|image| equals(&image.image_status, &request.image_status))
            .cloned()
            .collect();
        page_of(matching, request.page_size, request.page_num)
    }

    pub fn describe_key_pairs(
        &self,
        request: &DescribeKeyPairsRequest,
    ) -> Result<Page<KeyPair>, Refusal> {
        let matching = self
            .key_pairs
            .iter()
            .filter(|key| request.key_ids.is_empty() || request.key_ids.contains(&key.key_id))
            .filter(|key| fuzzy(&key.key_name, &request.key_name))
            .cloned()
            .collect();
        page_of(matching, request.page_size, request.page_num)
    }

    pub fn time_zones(&self) -> TimeZones {
        TimeZones {
            time_zones: self.time_zones.clone(),
        }
    }

    /// RUNNING (or REINSTALL_FAILED) → STOPPING → STOPPED. Already stopped: nothing to do.
    /// Any other state: the id is reported as failed.
    pub fn stop_instances(
        &mut self,
        request: &StopInstancesRequest,
        now: Instant,
    ) -> Result<FailedInstances, Refusal> {
        rules::check_instance_ids(&request.instance_ids, true)?;
        self.advance(now);
        let indexes = self.instance_indexes(&request.instance_ids)?;
        let mut duration = self.timings.power;
        if request.force_shutdown == Some(true) {
            duration /= 3; // cutting power is quicker than a guest shutdown
        }
        let mut failed = Vec::new();
        for index in indexes {
            let record = &mut self.instances[index];
            match record.info.status {
                InstanceStatus::Running | InstanceStatus::ReinstallFailed => record.schedule(
                    now,
                    InstanceStatus::Stopping,
                    InstanceStatus::Stopped,
                    duration,
                ),
                InstanceStatus::Stopped | InstanceStatus::Stopping => {}
                _ => failed.push(record.info.instance_id.clone()),
            }
        }
        Ok(FailedInstances {
            instance_ids: failed,
        })
    }

    /// STOPPED → STARTING → RUNNING. Already running: nothing to do.
    pub fn start_instances(
        &mut self,
        request: &StartInstancesRequest,
        now: Instant,
    ) -> Result<FailedInstances, Refusal> {
        rules::check_instance_ids(&request.instance_ids, true)?;
        self.advance(now);
        let indexes = self.instance_indexes(&request.instance_ids)?;
        let mut failed = Vec::new();
        for index in indexes {
            if self.disk_rolling_back(&self.instances[index].info.system_disk.disk_id) {
                failed.push(self.instances[index].info.instance_id.clone());
                continue;
            }
            let record = &mut self.instances[index];
            match record.info.status {
                InstanceStatus::Stopped => record.schedule(
                    now,
                    InstanceStatus::Starting,
                    InstanceStatus::Running,
                    self.timings.power,
                ),
                InstanceStatus::Running | InstanceStatus::Starting => {}
                _ => failed.push(record.info.instance_id.clone()),
            }
        }
        Ok(FailedInstances {
            instance_ids: failed,
        })
    }

    pub fn reset_instance(
        &mut self,
        request: &ResetInstanceRequest,
        now: Instant,
    ) -> Result<(), Refusal> {
        if request.instance_id.trim().is_empty() {
            return Err(Refusal::with(
                ErrorCode::MissingParameter,
                "instanceId is required.",
            ));
        }
        self.advance(now);
        let index = self.instance_index(&request.instance_id)?;
        self.check_reset(index, &request.options)?;
        self.apply_reset(index, &request.options, now);
        Ok(())
    }

    /// Request-wide problems fail the whole call; an instance that cannot be reset (for
    /// example because it is running) is reported in the failed list.
    pub fn reset_instances(
        &mut self,
        request: &ResetInstancesRequest,
        now: Instant,
    ) -> Result<FailedInstances, Refusal> {
        rules::check_instance_ids(&request.instance_ids, true)?;
        self.advance(now);
        let indexes = self.instance_indexes(&request.instance_ids)?;
        let request_wide = rules::check_reset(&request.options, &ResetContext::default());
        request_wide?;
        self.lookup_resources(&request.options)?;
        let mut failed = Vec::new();
        for index in indexes {
            match self.check_reset(index, &request.options) {
                Ok(()) => self.apply_reset(index, &request.options, now),
                Err(_) => failed.push(self.instances[index].info.instance_id.clone()),
            }
        }
        Ok(FailedInstances {
            instance_ids: failed,
        })
    }

    /// The requested image and key pair must exist (404s come before any rule).
    fn lookup_resources(
        &self,
        options: &ResetOptions,
    ) -> Result<(Option<&FixtureImage>, Option<&KeyPair>), Refusal> {
        let image = match &options.image_id {
            None => None,
            Some(id) => Some(self.image(id).ok_or_else(|| {
                Refusal::with(
                    ErrorCode::InvalidImageNotFound,
                    format!("Image {id} was not found."),
                )
            })?),
        };
        let key_pair = match &options.key_id {
            None => None,
            Some(id) => Some(
                self.key_pairs
                    .iter()
                    .find(|key| &key.key_id == id)
                    .ok_or_else(|| {
                        Refusal::with(
                            ErrorCode::InvalidKeyPairNotFound,
                            format!("Key pair {id} does not exist."),
                        )
                    })?,
            ),
        };
        Ok((image, key_pair))
    }

    fn check_reset(&self, index: usize, options: &ResetOptions) -> Result<(), Refusal> {
        let (requested, key_pair) = self.lookup_resources(options)?;
        let instance = &self.instances[index].info;
        if self.disk_rolling_back(&instance.system_disk.disk_id) {
            return Err(Refusal::with(
                ErrorCode::UnsupportedOperationInstanceStatus,
                "The instance's boot disk is being rolled back to a snapshot; wait until it has finished.",
            ));
        }
        let current = self.image(&instance.image_id);
        let to_install = requested.or(current);
        let context = ResetContext {
            instance: Some(instance),
            current_image: current.map(|image| &image.image),
            requested_image: requested.map(|image| &image.image),
            key_pair,
            image_has_agent: to_install.map(|image| image.agent_supported),
            time_zones: Some(&self.time_zones),
        };
        rules::check_reset(options, &context)?;
        Ok(())
    }

    fn apply_reset(&mut self, index: usize, options: &ResetOptions, now: Instant) {
        let current_image_id = self.instances[index].info.image_id.clone();
        let image_id = options.image_id.clone().unwrap_or(current_image_id);
        let (image_name, install_fails) = self
            .image(&image_id)
            .map(|image| (image.image.image_name.clone(), image.install_fails))
            .unwrap_or_default();
        let reinstall = self.timings.reinstall;
        let record = &mut self.instances[index];
        let info = &mut record.info;
        info.image_name = image_name;
        info.image_id = image_id;
        if let Some(name) = &options.instance_name {
            info.instance_name = name.clone();
        }
        if let Some(timezone) = &options.timezone {
            info.time_zone = Some(timezone.clone());
        }
        info.key_id = options.key_id.clone();
        info.enable_agent = options.enable_agent.unwrap_or(false);
        let outcome = if install_fails {
            InstanceStatus::ReinstallFailed
        } else {
            InstanceStatus::Running
        };
        record.schedule(now, InstanceStatus::Deploying, outcome, reinstall);
    }

    // ---- disk snapshots ---------------------------------------------------------------------

    fn disk_rolling_back(&self, disk_id: &str) -> bool {
        self.snapshots.iter().any(|snapshot| {
            snapshot.info.disk_id == disk_id && snapshot.info.status == SnapshotStatus::RollingBack
        })
    }

    /// Instances and snapshots up to `now`: due steps applied (a finished rollback restores
    /// the instance), expired and deleted snapshots gone. `wall` is Unix seconds.
    fn advance_snapshots(&mut self, now: Instant, wall: i64) {
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

    fn instance_of_disk(&self, disk_id: &str) -> Result<usize, Refusal> {
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

    fn snapshot_index(&self, snapshot_id: &str) -> Result<usize, Refusal> {
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

    #[test]
    fn a_created_snapshot_disappears_once_its_retention_time_passes() {
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
