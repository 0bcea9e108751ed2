//! Scope and protection for the snapshot actions, which name disks and snapshots rather than
//! instances. A disk belongs to the instance whose `systemDisk.diskId` it is; a snapshot to
//! the disk it was taken from (its `diskId`, read from the API, never from the browser).
//!
//! - CreateSnapshot: the disk must be one of an instance the caller may manage;
//! - DescribeSnapshots: narrowed to those disks (named disks must be among them);
//! - ApplySnapshot: the snapshot's disk and the named disk must be the caller's; a protected
//!   instance is refused (`RESOURCE_PROTECTED`), and the contract's rollback rule (the disk's
//!   own AVAILABLE snapshot, the instance STOPPED) is checked before anything is sent;
//! - DeleteSnapshots: every snapshot must be of the caller's disks.
//!
//! Snapshots the API does not know are left for the API to refuse (404).

use axum::body::Bytes;
use zec_api::rules::{self, ProtectedBy};
use zec_api::wire::{
    DescribeInstancesRequest, DescribeSnapshotsRequest, InstanceInfo, Page, SnapshotInfo,
    SuccessEnvelope,
};
use zec_api::{Action, ErrorCode, Refusal};

use crate::access::AccessPolicy;
use crate::app::AppState;
use crate::forward::ApiRequest;
use crate::upstream::Upstream;

/// The most pages of 1,000 instances a disk lookup reads.
const MAX_LOOKUP_PAGES: u32 = 100;

pub async fn check(state: &AppState, request: &mut ApiRequest) -> Result<(), Refusal> {
    let access = &state.access;
    let upstream = &state.upstream;
    match request {
        ApiRequest::CreateSnapshot(create) => {
            if access.restricts_instances() {
                let instances = instances_in_scope(access, upstream).await?;
                owner_in_scope(&instances, &create.disk_id)?;
            }
            Ok(())
        }
        ApiRequest::DescribeSnapshots(listing) => {
            if !access.restricts_instances() {
                return Ok(());
            }
            let instances = instances_in_scope(access, upstream).await?;
            if listing.disk_ids.is_empty() {
                listing.disk_ids = instances
                    .iter()
                    .map(|instance| instance.system_disk.disk_id.clone())
                    .collect();
                if listing.disk_ids.is_empty() {
                    return Err(Refusal::with(
                        ErrorCode::ResourceNotAllowed,
                        "There is no instance here whose snapshots you may see.",
                    ));
                }
            } else {
                for disk_id in &listing.disk_ids {
                    owner_in_scope(&instances, disk_id)?;
                }
            }
            Ok(())
        }
        ApiRequest::ApplySnapshot(apply) => {
            let snapshot = describe_snapshots(upstream, std::slice::from_ref(&apply.snapshot_id))
                .await?
                .into_iter()
                .next();
            let instances = if access.restricts_instances() {
                instances_in_scope(access, upstream).await?
            } else {
                owner_of_disk(upstream, &apply.disk_id).await?
            };
            let owner = if access.restricts_instances() {
                if let Some(snapshot) = &snapshot {
                    owner_in_scope(&instances, &snapshot.disk_id)?;
                }
                Some(owner_in_scope(&instances, &apply.disk_id)?)
            } else {
                instances
                    .iter()
                    .find(|instance| instance.system_disk.disk_id == apply.disk_id)
            };
            let Some(owner) = owner else {
                return Ok(()); // an unknown disk: the API refuses it
            };
            let policy = &access.protection;
            let protected: Vec<(String, ProtectedBy)> = rules::protection(owner, policy)
                .map(|by| (owner.instance_id.clone(), by))
                .into_iter()
                .collect();
            rules::check_not_protected(&protected)?;
            if let Some(snapshot) = &snapshot {
                rules::check_apply_snapshot(snapshot, &apply.disk_id, &owner.status)?;
            }
            Ok(())
        }
        ApiRequest::DeleteSnapshots(delete) => {
            if !access.restricts_instances() {
                return Ok(());
            }
            let instances = instances_in_scope(access, upstream).await?;
            for snapshot in describe_snapshots(upstream, &delete.snapshot_ids).await? {
                if owner_in_scope(&instances, &snapshot.disk_id).is_err() {
                    return Err(snapshot_not_allowed(&snapshot.snapshot_id));
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn snapshot_not_allowed(snapshot_id: &str) -> Refusal {
    Refusal::with(
        ErrorCode::ResourceNotAllowed,
        format!("You are not allowed to manage snapshot {snapshot_id} here."),
    )
}

/// The instance among `instances` whose boot disk is `disk_id`, or 403.
fn owner_in_scope<'a>(
    instances: &'a [InstanceInfo],
    disk_id: &str,
) -> Result<&'a InstanceInfo, Refusal> {
    instances
        .iter()
        .find(|instance| instance.system_disk.disk_id == disk_id)
        .ok_or_else(|| {
            Refusal::with(
                ErrorCode::ResourceNotAllowed,
                format!("You are not allowed to manage disk {disk_id} here."),
            )
        })
}

fn lookup_failed() -> Refusal {
    Refusal::with(
        ErrorCode::UpstreamUnreachable,
        "Could not check the disk and its instance, so nothing was sent; try again.",
    )
}

async fn read<T: serde::de::DeserializeOwned>(
    upstream: &Upstream,
    action: Action,
    request: &impl serde::Serialize,
) -> Result<T, Refusal> {
    let body = Bytes::from(serde_json::to_vec(request).expect("serialises"));
    let answer = upstream
        .call(action, &body)
        .await
        .map_err(|_| lookup_failed())?;
    let envelope: SuccessEnvelope<T> =
        serde_json::from_slice(&answer.body).map_err(|_| lookup_failed())?;
    Ok(envelope.response.data)
}

/// Every instance a listing returns, page after page of 1,000.
async fn list_instances(
    upstream: &Upstream,
    filter: DescribeInstancesRequest,
) -> Result<Vec<InstanceInfo>, Refusal> {
    let mut all = Vec::new();
    for page_num in 1..=MAX_LOOKUP_PAGES {
        let request = DescribeInstancesRequest {
            page_size: Some(rules::MAX_PAGE_SIZE),
            page_num: Some(page_num),
            ..filter.clone()
        };
        let page: Page<InstanceInfo> = read(upstream, Action::DescribeInstances, &request).await?;
        let last = page.data_set.is_empty()
            || all.len() + page.data_set.len() >= page.total_count as usize;
        all.extend(page.data_set);
        if last {
            break;
        }
    }
    Ok(all)
}

/// The instances the caller may manage (`--allow-instances`, `--allow-resource-groups`).
async fn instances_in_scope(
    access: &AccessPolicy,
    upstream: &Upstream,
) -> Result<Vec<InstanceInfo>, Refusal> {
    let mut ids: Vec<String> = access.allowed_instances.iter().cloned().collect();
    ids.sort();
    let mut instances = Vec::new();
    for chunk in ids.chunks(rules::MAX_INSTANCE_IDS) {
        let filter = DescribeInstancesRequest {
            instance_ids: chunk.to_vec(),
            ..DescribeInstancesRequest::default()
        };
        instances.extend(list_instances(upstream, filter).await?);
    }
    let mut groups: Vec<&String> = access.allowed_resource_groups.iter().collect();
    groups.sort();
    for group in groups {
        let filter = DescribeInstancesRequest {
            resource_group_id: Some(group.clone()),
            ..DescribeInstancesRequest::default()
        };
        instances.extend(list_instances(upstream, filter).await?);
    }
    Ok(instances)
}

/// Without a scope, the instance owning a disk is found by listing (DescribeInstances has no
/// disk filter); the listing stops at the page that holds it.
async fn owner_of_disk(upstream: &Upstream, disk_id: &str) -> Result<Vec<InstanceInfo>, Refusal> {
    for page_num in 1..=MAX_LOOKUP_PAGES {
        let request = DescribeInstancesRequest {
            page_size: Some(rules::MAX_PAGE_SIZE),
            page_num: Some(page_num),
            ..DescribeInstancesRequest::default()
        };
        let page: Page<InstanceInfo> = read(upstream, Action::DescribeInstances, &request).await?;
        let seen = (page_num as usize - 1) * rules::MAX_PAGE_SIZE as usize + page.data_set.len();
        if let Some(owner) = page
            .data_set
            .into_iter()
            .find(|instance| instance.system_disk.disk_id == disk_id)
        {
            return Ok(vec![owner]);
        }
        if seen >= page.total_count as usize || seen == 0 {
            break;
        }
    }
    Ok(Vec::new())
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
    let page: Page<SnapshotInfo> = read(upstream, Action::DescribeSnapshots, &request).await?;
    Ok(page.data_set)
}
