//! The emulated cloud: instances, images and key pairs in memory, and what each action does
//! to them. Status changes are scheduled as (time, state) steps and applied when the world is
//! next read, so no background task is needed and every reader sees a consistent world.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use zec_api::rules;
use zec_api::wire::*;
use zec_api::{ErrorCode, InstanceStatus};

use crate::fixture::{Fixture, FixtureImage};

mod power;
mod reset;
mod snapshots;

use snapshots::{Captured, SnapshotRecord};

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
    failing_install_disks: Vec<String>,
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
            failing_install_disks: fixture.failing_install_disks.clone(),
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
}
