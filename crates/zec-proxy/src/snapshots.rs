//! The snapshot actions name disks and snapshots, not instances: each is mapped to the
//! instance it belongs to and then checked by the one decision (`access::decide`). A disk
//! belongs to the instance whose `systemDisk.diskId` or one of whose `dataDisks[].diskId` it
//! is (DescribeInstances, the only read that says; it has no disk filter, so instances are
//! listed); a snapshot to the disk it was taken from (its `diskId`, read from the API with
//! DescribeSnapshots, never from the browser).
//!
//! - CreateSnapshot: the disk's instance must be in scope;
//! - DescribeSnapshots: narrowed to the disks of the instances in scope (named disks must be
//!   among them);
//! - ApplySnapshot: the disk's instance (and the snapshot's disk's) in scope and not
//!   protected, then the contract's rollback rule (the disk's own AVAILABLE snapshot, the
//!   instance STOPPED) before anything is sent;
//! - DeleteSnapshots: every snapshot's instance in scope and not protected (its restore
//!   points are part of what protection keeps).
//!
//! A disk no instance has is never passed on: 403 `RESOURCE_NOT_ALLOWED` for a scoped caller,
//! 404 `INVALID_DISK_NOT_FOUND` otherwise. For a scoped caller a snapshot the API does not
//! know is refused like another user's (403 naming only the id it sent), so no one can probe
//! which snapshots exist; for an unscoped caller the API refuses it (404).

use zec_api::rules::{self};
use zec_api::wire::{
    DescribeInstancesRequest, DescribeSnapshotsRequest, InstanceInfo, Page, SnapshotInfo,
};
use zec_api::{Action, ErrorCode, Refusal};

use crate::access::{decide, Caller, Resource};
use crate::app::AppState;
use crate::forward::ApiRequest;
use crate::scope::{instances_in_scope, read, resource, Concerned, MAX_LOOKUP_PAGES};
use crate::upstream::Upstream;

const LOOKUP_FAILED: &str =
    "Could not check the disk and its instance, so nothing was sent; try again.";

/// Whether `disk_id` is one of the instance's disks (boot or data).
pub fn has_disk(instance: &InstanceInfo, disk_id: &str) -> bool {
    instance.system_disk.disk_id == disk_id
        || instance
            .data_disks
            .iter()
            .any(|disk| disk.disk_id == disk_id)
}

/// Every disk of the instances.
fn disks_of(instances: &[InstanceInfo]) -> Vec<String> {
    instances
        .iter()
        .flat_map(|instance| {
            std::iter::once(instance.system_disk.disk_id.clone())
                .chain(instance.data_disks.iter().map(|disk| disk.disk_id.clone()))
        })
        .filter(|disk| !disk.is_empty())
        .collect()
}

/// Checks a snapshot call; `concerned` gets the instances its disks and snapshots belong to.
pub async fn check(
    state: &AppState,
    caller: &Caller,
    action: Action,
    request: &mut ApiRequest,
    concerned: &mut Concerned,
) -> Result<(), Refusal> {
    let mut owners = Owners::new(state, caller);
    match request {
        ApiRequest::CreateSnapshot(create) if !caller.scope.is_restricted() => {
            caller.permits(action)?;
            // Nothing to decide for an unscoped caller; the owner is looked up only for the
            // record, so a failed lookup does not stop the call.
            if let Ok(Some(owner)) = owner_of_disk(&state.upstream, &create.disk_id).await {
                concerned.add(&owner.instance_id, Some(&owner));
            }
            Ok(())
        }
        ApiRequest::CreateSnapshot(create) => {
            let owner = owners.of_disk(&create.disk_id).await?;
            concerned.add(&owner.instance_id, Some(&owner));
            decide(caller, action, &[owners.resource(&owner)])
        }
        ApiRequest::DescribeSnapshots(listing) => {
            if !caller.scope.is_restricted() {
                return Ok(());
            }
            let in_scope = owners.in_scope().await?;
            if listing.disk_ids.is_empty() {
                listing.disk_ids = disks_of(in_scope);
                if listing.disk_ids.is_empty() {
                    return Err(Refusal::with(
                        ErrorCode::ResourceNotAllowed,
                        "There is no instance here whose snapshots you may see.",
                    ));
                }
                Ok(())
            } else {
                for disk_id in listing.disk_ids.clone() {
                    owners.of_disk(&disk_id).await?;
                }
                Ok(())
            }
        }
        ApiRequest::ApplySnapshot(apply) => {
            caller.permits(action)?;
            let snapshot =
                describe_snapshots(&state.upstream, std::slice::from_ref(&apply.snapshot_id))
                    .await?
                    .into_iter()
                    .next();
            if snapshot.is_none() && caller.scope.is_restricted() {
                return Err(snapshot_not_allowed(&apply.snapshot_id));
            }
            let owner = owners.of_disk(&apply.disk_id).await?;
            concerned.add(&owner.instance_id, Some(&owner));
            let mut resources = vec![owners.resource(&owner)];
            if let Some(snapshot) = &snapshot {
                if snapshot.disk_id != apply.disk_id {
                    let other = owners
                        .of_disk(&snapshot.disk_id)
                        .await
                        .map_err(|refusal| hide_disk(refusal, &apply.snapshot_id))?;
                    if other.instance_id != owner.instance_id {
                        concerned.add(&other.instance_id, Some(&other));
                        resources.push(owners.resource(&other));
                    }
                }
            }
            decide(caller, action, &resources)?;
            if let Some(snapshot) = &snapshot {
                rules::check_apply_snapshot(snapshot, &apply.disk_id, &owner.status)?;
            }
            Ok(())
        }
        ApiRequest::DeleteSnapshots(delete) => {
            caller.permits(action)?;
            let mut resources = Vec::new();
            let found = describe_snapshots(&state.upstream, &delete.snapshot_ids).await?;
            for snapshot_id in &delete.snapshot_ids {
                let Some(snapshot) = found.iter().find(|s| &s.snapshot_id == snapshot_id) else {
                    if caller.scope.is_restricted() {
                        return Err(snapshot_not_allowed(snapshot_id));
                    }
                    continue; // the API refuses it (404)
                };
                match owners.of_disk(&snapshot.disk_id).await {
                    Ok(owner) => {
                        concerned.add(&owner.instance_id, Some(&owner));
                        resources.push(owners.resource(&owner));
                    }
                    // The snapshot of a released instance: only an unscoped caller may
                    // delete it (no instance, nothing protected).
                    Err(refusal) if refusal.code == ErrorCode::InvalidDiskNotFound => {}
                    Err(refusal) => return Err(hide_disk(refusal, snapshot_id)),
                }
            }
            decide(caller, action, &resources)
        }
        _ => Ok(()),
    }
}

/// A snapshot outside the caller's scope is refused by its own id, exactly as one that does
/// not exist: the answer names neither the disk it was taken from nor whether it exists.
fn hide_disk(refusal: Refusal, snapshot_id: &str) -> Refusal {
    match refusal.code {
        ErrorCode::ResourceNotAllowed => snapshot_not_allowed(snapshot_id),
        _ => refusal,
    }
}

fn snapshot_not_allowed(snapshot_id: &str) -> Refusal {
    Refusal::with(
        ErrorCode::ResourceNotAllowed,
        format!("You are not allowed to manage snapshot {snapshot_id} here."),
    )
}

/// Finds the instance of a disk: among the instances in the caller's scope (listed once per
/// call), or, for an unscoped caller, in the whole account.
struct Owners<'a> {
    state: &'a AppState,
    caller: &'a Caller,
    in_scope: Option<Vec<InstanceInfo>>,
}

impl<'a> Owners<'a> {
    fn new(state: &'a AppState, caller: &'a Caller) -> Owners<'a> {
        Owners {
            state,
            caller,
            in_scope: None,
        }
    }

    async fn in_scope(&mut self) -> Result<&[InstanceInfo], Refusal> {
        if self.in_scope.is_none() {
            let found = instances_in_scope(&self.state.upstream, &self.caller.scope).await?;
            self.in_scope = Some(found);
        }
        Ok(self.in_scope.as_deref().unwrap_or_default())
    }

    async fn of_disk(&mut self, disk_id: &str) -> Result<InstanceInfo, Refusal> {
        if self.caller.scope.is_restricted() {
            return self
                .in_scope()
                .await?
                .iter()
                .find(|instance| has_disk(instance, disk_id))
                .cloned()
                .ok_or_else(|| {
                    Refusal::with(
                        ErrorCode::ResourceNotAllowed,
                        format!("You are not allowed to manage disk {disk_id} here."),
                    )
                });
        }
        owner_of_disk(&self.state.upstream, disk_id)
            .await?
            .ok_or_else(|| {
                Refusal::with(
                    ErrorCode::InvalidDiskNotFound,
                    format!("No instance has disk {disk_id}, so nothing was sent."),
                )
            })
    }

    fn resource(&self, instance: &InstanceInfo) -> Resource {
        resource(
            &instance.instance_id,
            Some(instance),
            &self.state.access.protection,
        )
    }
}

/// The instance owning a disk, found by listing the account (DescribeInstances has no disk
/// filter); the listing stops at the page that holds it.
async fn owner_of_disk(
    upstream: &Upstream,
    disk_id: &str,
) -> Result<Option<InstanceInfo>, Refusal> {
    for page_num in 1..=MAX_LOOKUP_PAGES {
        let request = DescribeInstancesRequest {
            page_size: Some(rules::MAX_PAGE_SIZE),
            page_num: Some(page_num),
            ..DescribeInstancesRequest::default()
        };
        let page: Page<InstanceInfo> =
            read(upstream, Action::DescribeInstances, &request, LOOKUP_FAILED).await?;
        let seen = (page_num as usize - 1) * rules::MAX_PAGE_SIZE as usize + page.data_set.len();
        if let Some(owner) = page
            .data_set
            .into_iter()
            .find(|instance| has_disk(instance, disk_id))
        {
            return Ok(Some(owner));
        }
        if seen >= page.total_count as usize || seen == 0 {
            break;
        }
    }
    Ok(None)
}

/// The snapshots the API knows among `ids` (at most 100).
async fn describe_snapshots(
    upstream: &Upstream,
    ids: &[String],
) -> Result<Vec<SnapshotInfo>, Refusal> {
    let request = DescribeSnapshotsRequest {
        snapshot_ids: ids.to_vec(),
        page_size: Some(ids.len().max(1) as u32),
        ..DescribeSnapshotsRequest::default()
    };
    let page: Page<SnapshotInfo> =
        read(upstream, Action::DescribeSnapshots, &request, LOOKUP_FAILED).await?;
    Ok(page.data_set)
}
