//! The calls that name instances, checked by the one decision (`access::decide`) with what the
//! API says about those instances now, and listings narrowed to the caller's scope before they
//! are forwarded, so paging stays exact.

use std::collections::BTreeSet;

use axum::body::Bytes;
use zec_api::rules::{self, ProtectedBy};
use zec_api::wire::{DescribeInstancesRequest, InstanceInfo, Page, SuccessEnvelope};
use zec_api::{Action, ErrorCode, ProtectionPolicy, Refusal};

use crate::access::{changes_protected, decide, Caller, Resource, Scope};
use crate::app::AppState;
use crate::forward::ApiRequest;
use crate::upstream::Upstream;

/// The most pages of 1,000 instances a lookup reads.
pub const MAX_LOOKUP_PAGES: u32 = 100;

/// The instances a call concerns, as its checks found them: the ids, and how the API described
/// them when it was asked (the activity history's "image before"). Filled as the checks go, so
/// a refused call has them too.
#[derive(Clone, Debug, Default)]
pub struct Concerned {
    pub instance_ids: Vec<String>,
    pub described: Vec<InstanceInfo>,
}

impl Concerned {
    /// Adds an instance (once), with its description when there is one.
    pub fn add(&mut self, id: &str, described: Option<&InstanceInfo>) {
        if !self.instance_ids.iter().any(|known| known == id) {
            self.instance_ids.push(id.to_owned());
        }
        if let Some(info) = described {
            if !self
                .described
                .iter()
                .any(|d| d.instance_id == info.instance_id)
            {
                self.described.push(info.clone());
            }
        }
    }
}

/// Checks a call that names instances (or, for a listing without ids, narrows it).
pub async fn check(
    state: &AppState,
    caller: &Caller,
    action: Action,
    request: &mut ApiRequest,
    ids: &[String],
    concerned: &mut Concerned,
) -> Result<(), Refusal> {
    match request {
        ApiRequest::DescribeImages(_)
        | ApiRequest::DescribeKeyPairs(_)
        | ApiRequest::DescribeTimeZones(_) => decide(caller, action, &[]),
        ApiRequest::DescribeInstances(listing) if ids.is_empty() => {
            narrow_listing(state, caller, listing).await
        }
        _ if ids.is_empty() && caller.scope.is_restricted() => Err(Refusal::with(
            ErrorCode::MissingParameter,
            "instanceIds is required.",
        )),
        _ => {
            for id in ids {
                concerned.add(id, None);
            }
            let (resources, described) = look_up(state, caller, action, ids).await?;
            for info in &described {
                concerned.add(&info.instance_id, Some(info));
            }
            decide(caller, action, &resources)
        }
    }
}

/// The named instances as the decision needs them: their resource group (when the scope
/// cannot tell from the id alone) and, for a change protection refuses, whether they are
/// protected (tags read from the API now, never from the browser). One DescribeInstances call
/// at most; none when nothing needs looking up.
pub async fn resources(
    state: &AppState,
    caller: &Caller,
    action: Action,
    ids: &[String],
) -> Result<Vec<Resource>, Refusal> {
    Ok(look_up(state, caller, action, ids).await?.0)
}

/// [`resources`], and the instances as the API described them (empty when none was asked).
async fn look_up(
    state: &AppState,
    caller: &Caller,
    action: Action,
    ids: &[String],
) -> Result<(Vec<Resource>, Vec<InstanceInfo>), Refusal> {
    let policy = &state.access.protection;
    let mut unique: Vec<&String> = Vec::new();
    for id in ids {
        if !unique.contains(&id) {
            unique.push(id);
        }
    }
    let needs_group = |id: &str| !caller.scope.names(id);
    let needs_tags = |id: &str| changes_protected(action) && !policy.lists(id);
    let to_look_up: Vec<String> = unique
        .iter()
        .filter(|id| needs_group(id) || needs_tags(id))
        .map(|id| (*id).clone())
        .collect();
    let described = if to_look_up.is_empty() {
        Vec::new()
    } else {
        describe_instances(
            &state.upstream,
            &to_look_up,
            "Could not check the instances with the cloud API, so nothing was sent; try again.",
        )
        .await?
    };
    let resources = unique
        .into_iter()
        .map(|id| {
            let instance = described.iter().find(|i| &i.instance_id == id);
            resource(id, instance, policy)
        })
        .collect();
    Ok((resources, described))
}

/// One instance for the decision: `instance` as the API describes it, if it knows it.
pub fn resource(id: &str, instance: Option<&InstanceInfo>, policy: &ProtectionPolicy) -> Resource {
    let protected = match instance {
        Some(instance) => rules::protection(instance, policy),
        None => policy.lists(id).then_some(ProtectedBy::List),
    };
    Resource {
        instance_id: id.to_owned(),
        resource_group: instance.and_then(|i| i.resource_group_id.clone()),
        protected,
    }
}

/// A listing without instance ids, narrowed to the caller's scope: to the scope's one resource
/// group, or to the ids of every instance in scope (≤ 100) with the caller's own filters and
/// paging, so the API pages exactly. A scope of more instances must name a resource group.
async fn narrow_listing(
    state: &AppState,
    caller: &Caller,
    request: &mut DescribeInstancesRequest,
) -> Result<(), Refusal> {
    let Scope::Only {
        instances,
        resource_groups,
    } = &caller.scope
    else {
        return Ok(());
    };
    if let Some(group) = &request.resource_group_id {
        if resource_groups.contains(group) {
            return Ok(()); // every instance of the group is in scope
        }
        if instances.is_empty() {
            return Err(Refusal::with(
                ErrorCode::ResourceNotAllowed,
                format!("Resource group {group} is not available to you here."),
            ));
        }
    }
    if instances.is_empty() && resource_groups.len() == 1 && request.resource_group_id.is_none() {
        request.resource_group_id = resource_groups.iter().next().cloned();
        return Ok(());
    }
    let mut ids: BTreeSet<String> = instances.clone();
    if request.resource_group_id.is_none() {
        for instance in instances_of_groups(&state.upstream, resource_groups).await? {
            ids.insert(instance.instance_id);
        }
    }
    if ids.len() > rules::MAX_INSTANCE_IDS {
        return Err(Refusal::with(
            ErrorCode::InvalidParameter,
            format!(
                "You may see {} instances, more than one listing can name ({}): name one of \
                 your resource groups in resourceGroupId.",
                ids.len(),
                rules::MAX_INSTANCE_IDS
            ),
        ));
    }
    if ids.is_empty() {
        return Err(Refusal::with(
            ErrorCode::ResourceNotAllowed,
            "There is no instance here you may see.",
        ));
    }
    request.instance_ids = ids.into_iter().collect();
    Ok(())
}

/// Every instance the caller's scope reaches (its ids, and its groups listed in full).
/// `Everything` is not listed: callers handle it by looking instances up directly.
pub async fn instances_in_scope(
    upstream: &Upstream,
    scope: &Scope,
) -> Result<Vec<InstanceInfo>, Refusal> {
    let Scope::Only {
        instances,
        resource_groups,
    } = scope
    else {
        return Ok(Vec::new());
    };
    let ids: Vec<String> = instances.iter().cloned().collect();
    let mut found = Vec::new();
    for chunk in ids.chunks(rules::MAX_INSTANCE_IDS) {
        let filter = DescribeInstancesRequest {
            instance_ids: chunk.to_vec(),
            ..DescribeInstancesRequest::default()
        };
        found.extend(list_instances(upstream, filter).await?);
    }
    for instance in instances_of_groups(upstream, resource_groups).await? {
        if !found.iter().any(|i| i.instance_id == instance.instance_id) {
            found.push(instance);
        }
    }
    Ok(found)
}

pub(crate) async fn instances_of_groups(
    upstream: &Upstream,
    groups: &BTreeSet<String>,
) -> Result<Vec<InstanceInfo>, Refusal> {
    let mut found = Vec::new();
    for group in groups {
        let filter = DescribeInstancesRequest {
            resource_group_id: Some(group.clone()),
            ..DescribeInstancesRequest::default()
        };
        found.extend(list_instances(upstream, filter).await?);
    }
    Ok(found)
}

const LOOKUP_FAILED: &str =
    "Could not check the instances with the cloud API, so nothing was sent; try again.";

/// Every instance a listing returns, page after page of 1,000.
pub async fn list_instances(
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
        let page: Page<InstanceInfo> =
            read(upstream, Action::DescribeInstances, &request, LOOKUP_FAILED).await?;
        let last = page.data_set.is_empty()
            || all.len() + page.data_set.len() >= page.total_count as usize;
        all.extend(page.data_set);
        if last {
            break;
        }
    }
    Ok(all)
}

/// One read the proxy needs for a check, typed. Any failure refuses the call (502
/// `UPSTREAM_UNREACHABLE` with `failure`, or 429 `UPSTREAM_BUSY`), so a check that could not
/// be made never lets a call through.
pub async fn read<T: serde::de::DeserializeOwned>(
    upstream: &Upstream,
    action: Action,
    request: &impl serde::Serialize,
    failure: &str,
) -> Result<T, Refusal> {
    let body = Bytes::from(serde_json::to_vec(request).expect("serialises"));
    let answer = upstream
        .call(action, &body)
        .await
        .map_err(|error| error.lookup_refusal(failure))?;
    if answer.status == 429 {
        return Err(Refusal::new(ErrorCode::UpstreamBusy));
    }
    let envelope: SuccessEnvelope<T> = serde_json::from_slice(&answer.body)
        .map_err(|_| Refusal::with(ErrorCode::UpstreamUnreachable, failure))?;
    Ok(envelope.response.data)
}

/// The instances the API knows among `ids` (at most 100), as it describes them now. Ids it
/// does not know are simply absent.
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
    let page: Page<InstanceInfo> =
        read(upstream, Action::DescribeInstances, &request, failure).await?;
    Ok(page.data_set)
}
