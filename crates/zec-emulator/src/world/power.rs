//! StopInstances and StartInstances: power steps scheduled on the instances.

use std::time::Instant;

use zec_api::rules;
use zec_api::wire::*;
use zec_api::InstanceStatus;

use super::{Refusal, World};

impl World {
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
}
