//! The emulated cloud: instances, images and key pairs in memory, and what each action does
//! to them. Status changes are scheduled as (time, state) steps and applied when the world is
//! next read, so no background task is needed and every reader sees a consistent world.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use zec_api::rules::{self, ResetContext};
use zec_api::wire::*;
use zec_api::{ErrorCode, InstanceStatus};

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
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            reinstall: Duration::from_secs(8),
            power: Duration::from_secs(3),
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
        World {
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
}
