//! Limiting calls to the instances a deployment allows (`--allow-instances`,
//! `--allow-resource-groups`). Listings are narrowed before they are forwarded, so paging
//! stays exact; a call naming an instance outside the scope is refused with 403.

use axum::body::Bytes;
use serde_json::{json, Value};
use zec_api::wire::{InstanceInfo, Page, SuccessEnvelope};
use zec_api::{Action, ErrorCode};

use crate::access::AccessPolicy;
use crate::forward::Refusal;
use crate::upstream::Upstream;

pub async fn limit_to_scope(
    policy: &AccessPolicy,
    upstream: &Upstream,
    action: Action,
    body: Bytes,
    ids: &[String],
) -> Result<Bytes, Refusal> {
    if !policy.restricts_instances()
        || matches!(
            action,
            Action::DescribeImages | Action::DescribeKeyPairs | Action::DescribeTimeZones
        )
    {
        return Ok(body);
    }
    if ids.is_empty() {
        return match action {
            Action::DescribeInstances => narrow_listing(policy, body),
            _ => Err(Refusal::new(
                ErrorCode::MissingParameter,
                "instanceIds is required.",
            )),
        };
    }
    let unknown: Vec<&String> = ids
        .iter()
        .filter(|id| !policy.allowed_instances.contains(*id))
        .collect();
    if unknown.is_empty() {
        return Ok(body);
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
    Ok(body)
}

fn not_allowed(id: &str) -> Refusal {
    Refusal::new(
        ErrorCode::ResourceNotAllowed,
        format!("You are not allowed to manage instance {id} here."),
    )
}

/// A listing without instance ids is narrowed to the allowed ids or the allowed group.
fn narrow_listing(policy: &AccessPolicy, body: Bytes) -> Result<Bytes, Refusal> {
    let mut request: Value = serde_json::from_slice(&body).unwrap_or_else(|_| json!({}));
    if policy.allowed_resource_groups.is_empty() {
        let mut allowed: Vec<&String> = policy.allowed_instances.iter().collect();
        allowed.sort();
        allowed.truncate(zec_api::rules::MAX_INSTANCE_IDS);
        request["instanceIds"] = json!(allowed);
    } else {
        let asked = request["resourceGroupId"].as_str().map(str::to_owned);
        match asked {
            Some(group) if policy.allowed_resource_groups.contains(&group) => {}
            Some(group) => {
                return Err(Refusal::new(
                    ErrorCode::ResourceNotAllowed,
                    format!("Resource group {group} is not available here."),
                ))
            }
            None if policy.allowed_resource_groups.len() == 1
                && policy.allowed_instances.is_empty() =>
            {
                let group = policy
                    .allowed_resource_groups
                    .iter()
                    .next()
                    .expect("one group");
                request["resourceGroupId"] = json!(group);
            }
            None => {
                return Err(Refusal::new(
                    ErrorCode::InvalidParameter,
                    "This console spans several resource groups: name one in resourceGroupId.",
                ))
            }
        }
    }
    Ok(Bytes::from(
        serde_json::to_vec(&request).expect("JSON value serialises"),
    ))
}

/// Looks up the resource group of each instance (one DescribeInstances call).
async fn resource_groups_of(
    upstream: &Upstream,
    ids: &[&String],
) -> Result<Vec<(String, Option<String>)>, Refusal> {
    let body = Bytes::from(
        serde_json::to_vec(&json!({"instanceIds": ids, "pageSize": ids.len().max(1)}))
            .expect("serialises"),
    );
    let lookup_failed = || {
        Refusal::new(
            ErrorCode::UpstreamUnreachable,
            "Could not check which instances you may manage; try again.",
        )
    };
    let answer = upstream
        .call(Action::DescribeInstances, &body)
        .await
        .map_err(|_| lookup_failed())?;
    let envelope: SuccessEnvelope<Page<InstanceInfo>> =
        serde_json::from_slice(&answer.body).map_err(|_| lookup_failed())?;
    Ok(envelope
        .response
        .data
        .data_set
        .into_iter()
        .map(|instance| (instance.instance_id, instance.resource_group_id))
        .collect())
}
