//! ResetInstance and ResetInstances: the API's checks, in its order, then the reinstall's
//! steps (DEPLOYING, then RUNNING or REINSTALL_FAILED).

use std::time::Instant;

use zec_api::rules::{self, ResetContext};
use zec_api::wire::*;
use zec_api::{ErrorCode, InstanceStatus};

use super::{Refusal, World};
use crate::fixture::FixtureImage;

impl World {
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
    pub(super) fn lookup_resources(
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

    pub(super) fn check_reset(&self, index: usize, options: &ResetOptions) -> Result<(), Refusal> {
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

    pub(super) fn apply_reset(&mut self, index: usize, options: &ResetOptions, now: Instant) {
        let current_image_id = self.instances[index].info.image_id.clone();
        let image_id = options.image_id.clone().unwrap_or(current_image_id);
        let (image_name, install_fails) = self
            .image(&image_id)
            .map(|image| (image.image.image_name.clone(), image.install_fails))
            .unwrap_or_default();
        let disk_fails = self
            .failing_install_disks
            .contains(&self.instances[index].info.system_disk.disk_id);
        let install_fails = install_fails || disk_fails;
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
