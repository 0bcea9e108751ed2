//! Limiting calls to the instances a deployment allows (`--allow-instances`,
//! `--allow-resource-groups`). Listings are narrowed before they are forwarded, so paging
//! stays exact; a call naming an instance outside the scope is refused with 403.

use axum::body::Bytes;
use zec_api::wire::{DescribeInstancesRequest, InstanceInfo, Page, SuccessEnvelope};
use zec_api::{Action, ErrorCode, Refusal};

use crate::access::AccessPolicy;
use crate::upstream::Upstream;

/// Refuses the first id of `ids` the policy does not allow. Ids outside the instance
/// allowlist are looked up (one DescribeInstances call) to learn their resource group.
pub async fn check_ids(
    policy: &AccessPolicy,
    upstream: &Upstream,
    ids: &[String],
) -> Result<(), Refusal> {
    if !policy.restricts_instances() {
        return Ok(());
    }
    let unknown: Vec<&String> = ids
        .iter()
        .filter(|id| !policy.allowed_instances.contains(*id))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    if policy.allowed_resource_groups.is_empty() {
        return Err(not_allowed(unknown[0]));
    }
    let groups = resource_groups_of(upstream, &unknown).await?;
    for id in unknown {
        let group = groups
            .iter()
            .find(|(known, _)| known == id)
            .and_then(|(_, group)| group.as_deref());
        if !policy.allows(id, group) {
            return Err(not_allowed(id));
        }
    }
    Ok(())
}

fn not_allowed(id: &str) -> Refusal {
    Refusal::with(
        ErrorCode::ResourceNotAllowed,
        format!("You are not allowed to manage instance {id} here."),
    )
}

/// A listing without instance ids is narrowed to the allowed ids or the allowed group.
pub fn narrow_listing(
    policy: &AccessPolicy,
    request: &mut DescribeInstancesRequest,
) -> Result<(), Refusal> {
    if !policy.restricts_instances() || !request.instance_ids.is_empty() {
        return Ok(());
    }
    if policy.allowed_resource_groups.is_empty() {
        let mut allowed: Vec<String> = policy.allowed_instances.iter().cloned().collect();
        allowed.sort();
        allowed.truncate(zec_api::rules::MAX_INSTANCE_IDS);
        request.instance_ids = allowed;
        return Ok(());
    }
    match &request.resource_group_id {
        Some(group) if policy.allowed_resource_groups.contains(group) => Ok(()),
        Some(group) => Err(Refusal::with(
            ErrorCode::ResourceNotAllowed,
            format!("Resource group {group} is not available here."),
        )),
        None if policy.allowed_resource_groups.len() == 1
            && policy.allowed_instances.is_empty() =>
        {
            request.resource_group_id = policy.allowed_resource_groups.iter().next().cloned();
            Ok(())
        }
        None => Err(Refusal::with(
            ErrorCode::InvalidParameter,
            "This console spans several resource groups: name one in resourceGroupId.",
        )),
    }
}

/// Looks up the resource group of each instance (one DescribeInstances call).
async fn resource_groups_of(
    upstream: &Upstream,
    ids: &[&String],
) -> Result<Vec<(String, Option<String>)>, Refusal> {
    let ids: Vec<String> = ids.iter().map(|id| (*id).clone()).collect();
    let instances = describe_instances(
        upstream,
        &ids,
        "Could not check which instances you may manage; try again.",
    )
    .await?;
    Ok(instances
        .into_iter()
        .map(|instance| (instance.instance_id, instance.resource_group_id))
        .collect())
}

/// The instances the API knows among `ids` (at most 100), as it describes them now: one
/// DescribeInstances call, retried like every read. Ids it does not know are simply absent.
/// Any failure is refused with `UPSTREAM_UNREACHABLE` and `failure` as its message, so a
/// check that could not be made never lets a call through.
pub async fn describe_instances(
    upstream: &Upstream,
    ids: &[String],
    failure: &str,
) -> Result<Vec<InstanceInfo>, Refusal> {
    let request = DescribeInstancesRequest {
        instance_ids: ids.to_vec(),
        page_size: Some(ids.len().max(1) as u32),
        ..DescribeInstancesRequest::default()
    };
    let body = Bytes::from(serde_json::to_vec(&request).expect("serialises"));
    let lookup_failed = || Refusal::with(ErrorCode::UpstreamUnreachable, failure);
    let answer = upstream
        .call(Action::DescribeInstances, &body)
        .await
        .map_err(|_| lookup_failed())?;
    let envelope: SuccessEnvelope<Page<InstanceInfo>> =
        serde_json::from_slice(&answer.body).map_err(|_| lookup_failed())?;
    Ok(envelope.response.data.data_set)
}
